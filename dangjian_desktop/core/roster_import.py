"""Importing a roster sheet (党员花名册) the branch already keeps in Excel/WPS.

Steps, shared by the GUI and ``members import``:

1. :func:`~dangjian_desktop.core.roster_check.load_roster` reads the file and proposes the column
   mapping; the GUI lets the user correct it.
2. :func:`~dangjian_desktop.core.roster_check.check_roster` checks every row and matches it to
   the members already there (a :class:`~dangjian_desktop.core.roster_check.RosterPlan`).
3. :func:`apply_roster` writes in ONE transaction: new members, changed fields of existing
   members, status changes (through :func:`~dangjian_desktop.core.members.change_status`) and
   party groups. Any failure — a row refused by the database, a progress callback raising,
   the program being killed — leaves the database exactly as it was. Before it writes, the
   ``safety_backup`` it is given (an automatic backup of the data) runs, in the same thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.core.groups import GroupInfo, place_member, save_group
from dangjian_desktop.core.member_rules import DATE_FIELDS
from dangjian_desktop.core.members import change_status
from dangjian_desktop.core.roster_check import (
    MEMBER_FIELDS,
    FieldChange,
    Ignored,
    PlannedRow,
    Problem,
    ProgressFn,
    RosterPlan,
    check_roster,
    load_roster,
)
from dangjian_desktop.core.roster_columns import ColumnMapping
from dangjian_desktop.core.roster_memory import remember
from dangjian_desktop.core.vocab import ACTIVE, STATUS_LABELS
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import GroupMembership, Member, PartyGroup, database_proxy
from dangjian_desktop.error_log import report_unexpected
from dangjian_desktop.errors import UserError

# --- what an import did -----------------------------------------------------------------------

@dataclass
class MemberChange:
    row: int
    member_id: int
    name: str
    changes: list[FieldChange]


@dataclass
class ImportReport:
    imported: int
    updated: int
    unchanged: int
    invalid: list[Problem]
    ignored: list[Ignored]
    changes: list[MemberChange]          # what changed (or would change) in existing members
    new_members: list[tuple[int, str]]   # (row, name) of members added (or to be added)
    notes: list[Problem]                 # gentle information (15-digit ID upgraded …)
    groups_created: list[str]
    dry_run: bool
    refused: bool                        # invalid rows and no skip_invalid: nothing imported
    source: str = ""                     # 文件“x.xlsx”的工作表“花名册”
    header_row: int = 0
    header_rows: str = ""                # 第 3 行 / 第 3、4 行 (a two-row header)
    backup_note: str = ""                # the backup before writing could not be made: why
    recognised: list[str] = field(default_factory=list)   # what was read from the sheet's words

    @property
    def committed(self) -> bool:
        return not self.dry_run and not self.refused

    def to_json(self) -> dict[str, object]:
        """The ``members import --json`` object (keys fixed by DESIGN.md)."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": [{"row": p.row, "column": p.column, "message": p.message} for p in self.invalid],
            "ignored": [{"row": i.row, "reason": i.reason} for i in self.ignored],
        }


# --- writing -----------------------------------------------------------------------------------

class _RollBack(Exception):
    """Raised inside the import transaction to undo it (dry run, or refused)."""


class _RowFailure(Exception):
    """A row the database side refused (status change, group); becomes an invalid row."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


class _Groups:
    """Party groups by name; a group named in the sheet that does not exist yet is created
    through :func:`dangjian_desktop.core.groups.save_group` (the one place for group rules)."""

    def __init__(self, today: dt.date):
        self.today = today
        self.by_name = {g.name: g.id for g in PartyGroup.select(PartyGroup.id, PartyGroup.name)}
        self.created: list[str] = []
        self.refused: dict[str, str] = {}

    def prepare(self, names: set[str]) -> None:
        for name in sorted(names - set(self.by_name)):
            kind = "流动党员" if "流动" in name else "按居住地"
            try:
                with database_proxy.atomic():
                    change = save_group(GroupInfo(name=name, kind=kind), today=self.today)
            except UserError as exc:
                self.refused[name] = f"党小组“{name}”无法新建：{exc}"
            else:
                self.by_name[name] = int(change.group_id)
                self.created.append(name)

    def place(self, member_id: int, name: str) -> None:
        """Make ``name`` the member's current group from today (groups.place_member)."""
        if name in self.refused:
            raise _RowFailure("group", self.refused[name])
        try:
            place_member(Member.get_by_id(member_id), self.by_name[name], self.today)
        except UserError as exc:
            raise _RowFailure("group", f"不能分入党小组“{name}”：{exc}") from exc


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _change_status(p: PlannedRow, member_id: int, today: dt.date) -> None:
    try:
        change_status(
            member_id, p.status, p.status_on, reason=p.status_reason, destination=p.transferred_to, today=today,
        )
    except UserError as exc:
        label = STATUS_LABELS.get(p.status, p.status)
        raise _RowFailure("status", f"党籍状态“{label}”无法登记：{exc}") from exc


def _safety_backup(make: Callable[[], object], progress: ProgressFn | None) -> str:
    """Run the backup an import makes before it writes; a failed one is told, not fatal (the
    import is all or nothing by itself)."""
    if progress:
        progress(0, 0, "正在先把现在的数据自动备份一份…")
    try:
        make()
    except UserError as exc:
        return f"导入前的自动备份没有做成：{exc}"
    except Exception as exc:  # whatever went wrong with the backup, the import itself is sound
        return f"导入前的自动备份没有做成。{report_unexpected(exc)}"
    return ""


def apply_roster(
    plan: RosterPlan,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    today: dt.date | None = None,
    safety_backup: Callable[[], object] | None = None,
) -> ImportReport:
    """Write the plan in one transaction (rolled back for a dry run or when refused).

    ``safety_backup`` (an automatic backup of the data, e.g. backup.autobackup's) runs first
    when something is to be written, in the same thread as the import."""
    today = today or dt.date.today()
    invalid = list(plan.invalid)
    backup_note = ""
    if safety_backup is not None and not dry_run and (skip_invalid or not invalid) and (plan.new or plan.updates):
        backup_note = _safety_backup(safety_backup, progress)
    changes: list[MemberChange] = []
    new_members: list[tuple[int, str]] = []
    total = len(plan.new) + len(plan.updates)
    done = 0
    groups_created: list[str] = []

    def tick(text: str) -> None:
        if progress:
            progress(done, total, text)

    def failed(p: PlannedRow, exc: _RowFailure) -> None:
        invalid.append(Problem(p.row, plan.mapping.header_for(exc.key), exc.message))

    try:
        with database_proxy.atomic():  # 导入花名册
            groups = _Groups(today)
            tick("正在保存…")
            groups.prepare(
                {p.group for p in plan.new if p.group and p.status == ACTIVE}
                | {p.group for p in plan.updates if p.group and any(c.key == "group" for c in p.changes)}
            )
            for p in plan.updates:
                try:
                    with database_proxy.atomic():
                        _write_update(p, groups, today)
                except _RowFailure as exc:
                    failed(p, exc)
                else:
                    changes.append(MemberChange(p.row, int(p.member_id), p.name, p.changes))
                done += 1
                if done % 100 == 0:
                    tick(f"正在保存（{done}/{total}）…")
            # New members are inserted in bulk as active; a former member's status is then set
            # through change_status (its own rules and history row), undone alone if refused.
            fresh = []
            for p in plan.new:
                if p.status == ACTIVE and p.group in groups.refused:
                    failed(p, _RowFailure("group", groups.refused[p.group]))
                    done += 1
                else:
                    fresh.append(p)
            for start in range(0, len(fresh), 500):
                chunk = fresh[start:start + 500]
                ids = _insert_new(chunk, groups)
                for p in chunk:
                    if p.status == ACTIVE:
                        new_members.append((p.row, p.name))
                        continue
                    try:
                        with database_proxy.atomic():
                            _change_status(p, ids[p.row], today)
                    except _RowFailure as exc:
                        Member.delete().where(Member.id == ids[p.row]).execute()
                        failed(p, exc)
                    else:
                        new_members.append((p.row, p.name))
                done += len(chunk)
                tick(f"正在保存（{done}/{total}）…")
            groups_created = list(groups.created)
            writing = not ((invalid and not skip_invalid) or dry_run)
            if writing:
                remember(plan.mapping, plan.proposed)
            tick("正在完成…")            # the last moment 取消 can still undo it all
            if not writing:
                raise _RollBack()
    except _RollBack:
        pass
    invalid.sort(key=lambda p: p.row)
    refused = bool(invalid) and not skip_invalid
    new_members.sort()
    changes.sort(key=lambda c: c.row)
    return ImportReport(
        imported=0 if refused else len(new_members),
        updated=0 if refused else len(changes),
        unchanged=len(plan.unchanged),
        invalid=invalid,
        ignored=list(plan.ignored),
        changes=changes,
        new_members=new_members,
        notes=list(plan.notes),
        groups_created=groups_created,
        dry_run=dry_run,
        refused=refused,
        source=plan.table.where,
        header_row=plan.mapping.header_row,
        header_rows=plan.mapping.header_rows_text,
        backup_note=backup_note,
        recognised=list(plan.recognised),
    )


def _insert_new(chunk: list[PlannedRow], groups: _Groups) -> dict[int, int]:
    """Bulk insert new members (as active), then the group memberships of those who stay
    active (they have none yet). Returns row number -> member id."""
    rows = []
    for p in chunk:
        values = dict(p.values)
        values.update(status=ACTIVE, status_on=p.status_on, status_reason=p.status_reason,
                      transferred_to=p.transferred_to)
        rows.append(values)
    with_number = [r for r in rows if r["id_number"]]
    bulk_insert(Member, with_number)
    numbers = [r["id_number"] for r in with_number]
    by_number: dict[str, int] = {}
    for start in range(0, len(numbers), 500):
        part = numbers[start:start + 500]
        query = Member.select(Member.id, Member.id_number).where(Member.id_number.in_(part)).tuples()
        by_number.update({number: member_id for member_id, number in query})
    memberships = []
    ids: dict[int, int] = {}
    for p, values in zip(chunk, rows):
        if values["id_number"]:
            member_id = by_number[values["id_number"]]
        else:
            member_id = Member.insert(**values).execute()
        ids[p.row] = member_id
        if p.group and p.status == ACTIVE:
            memberships.append({"member": member_id, "group": groups.by_name[p.group], "start_on": groups.today})
    bulk_insert(GroupMembership, memberships)
    return ids


def _write_update(p: PlannedRow, groups: _Groups, today: dt.date) -> None:
    keys = {c.key for c in p.changes}
    fields = {k: p.values[k] for k in MEMBER_FIELDS if k in keys}
    if keys & set(DATE_FIELDS):
        fields["month_only"] = p.values["month_only"]
    if "name" in fields:
        fields["name_pinyin"] = p.values["name_pinyin"]
        fields["name_initials"] = p.values["name_initials"]
    current_status = Member.get_by_id(p.member_id).status
    status_changes = current_status != p.status
    if not status_changes:
        for key in ("status_on", "status_reason", "transferred_to"):
            if key in keys:
                fields[key] = getattr(p, key)
    if fields:
        fields["updated_at"] = _now()
        Member.update(**fields).where(Member.id == p.member_id).execute()
    if status_changes:
        _change_status(p, int(p.member_id), today)
    if "group" in keys and p.group:
        groups.place(int(p.member_id), p.group)


# --- one call for the command line -------------------------------------------------------------

def import_roster(
    path: Path | str,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    mapping: ColumnMapping | None = None,
    progress: ProgressFn | None = None,
    today: dt.date | None = None,
    reader: str = "auto",
    safety_backup: Callable[[], object] | None = None,
) -> ImportReport:
    """Read, check and import a roster file (``members import``)."""
    if progress:
        progress(0, 0, "正在读取表格…")
    loaded = load_roster(path, reader=reader)
    if mapping is not None:
        loaded = loaded.with_mapping(mapping)
    plan = check_roster(loaded, today=today, progress=progress)
    return apply_roster(plan, skip_invalid=skip_invalid, dry_run=dry_run, progress=progress, today=today,
                        safety_backup=safety_backup)
