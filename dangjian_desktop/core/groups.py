"""Party groups (党小组): set them up, move members between them, keep their history.

Membership history lives in :class:`GroupMembership` rows (``end_on`` null = current). A move
on a date closes the member's current row on that date and opens a new one from it; a row
that would start and end on the same day is removed instead, and moving a member back to the
group they left that same day reopens the old row, so trying things out leaves no junk.

Every change returns a :class:`GroupChange`, a named change (core.changes) of the rows it
touched, which can be undone exactly (Ctrl+Z in the window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dangjian_desktop.core.changes import Change, Recorder, by_id, rows_of
from dangjian_desktop.core.group_rules import (
    GroupCheck,
    GroupState,
    Thresholds,
    check_arrangement,
    current_thresholds,
)
from dangjian_desktop.core.membership import (
    chunks,
    current_group_ids,
    current_member_count,
    current_members_by_group,
    current_where,
)
from dangjian_desktop.core.roles import MemberFacts, leader_problem, member_facts
from dangjian_desktop.core.vocab import ACTIVE
from dangjian_desktop.db.models import (
    GroupMembership,
    Member,
    PartyGroup,
    database_proxy,
)
from dangjian_desktop.errors import UserError, ValidationError

GROUP_KINDS = ("按居住地", "按工作单位", "流动党员", "其他")
NAME_MAX = 30          # characters of a group's name (blanks not counted) …
PLACE_MAX = 60         # … of where it meets
NOTE_MAX = 200         # … of its note


# --- reading ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupView:
    """A group with its current members (ordered by name)."""

    id: int
    name: str
    kind: str
    leader_id: int | None
    deputy_id: int | None
    meeting_place: str
    note: str
    sort_order: int
    member_ids: tuple[int, ...]

    def as_json(self) -> dict[str, object]:
        """The object of ``groups list --json`` (keys fixed by DESIGN.md)."""
        return {"id": self.id, "name": self.name, "kind": self.kind, "leader_id": self.leader_id,
                "member_ids": list(self.member_ids)}

    def state(self) -> GroupState:
        return GroupState(self.id, self.name, self.member_ids, self.leader_id, self.deputy_id)


def list_groups() -> list[GroupView]:
    members = current_members_by_group()
    return [
        GroupView(g.id, g.name, g.kind, g.leader_id, g.deputy_id, g.meeting_place, g.note, g.sort_order,
                  tuple(members.get(g.id, ())))
        for g in PartyGroup.select().order_by(PartyGroup.sort_order, PartyGroup.id)
    ]


def group_choices() -> list[tuple[int, str]]:
    """``(id, name)`` of every group, in the branch's group order."""
    return list(PartyGroup.select(PartyGroup.id, PartyGroup.name)
                .order_by(PartyGroup.sort_order, PartyGroup.id).tuples())


def group_name(group_id: int) -> str:
    group = PartyGroup.get_or_none(PartyGroup.id == group_id)
    if group is None:
        raise UserError("这个党小组已经不存在了，请刷新后再试。")
    return group.name


def group_states() -> list[GroupState]:
    return [g.state() for g in list_groups()]


@dataclass(frozen=True)
class MemberBrief:
    """What the groups page shows of a member."""

    id: int
    name: str
    category: str
    status: str
    is_flow: bool
    address: str
    name_pinyin: str

    def facts(self) -> MemberFacts:
        return MemberFacts(self.id, self.name, self.category, self.status, self.is_flow)


def member_briefs() -> dict[int, MemberBrief]:
    """Every member (active first, then former), ordered by pinyin within each."""
    query = (
        Member.select(Member.id, Member.name, Member.category, Member.status, Member.is_flow, Member.address,
                      Member.name_pinyin)
        .order_by(Member.status != ACTIVE, Member.name_pinyin, Member.id)
        .tuples()
    )
    return {row[0]: MemberBrief(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6]) for row in query}


def all_member_facts() -> dict[int, MemberFacts]:
    return {i: b.facts() for i, b in member_briefs().items()}


def check_saved_groups(thresholds: Thresholds | None = None) -> GroupCheck:
    """Check the groups as saved in the open database."""
    return check_arrangement(group_states(), all_member_facts(), thresholds or current_thresholds())


@dataclass(frozen=True)
class HistoryRow:
    member_id: int
    member_name: str
    group_id: int
    group_name: str
    start_on: dt.date
    end_on: dt.date | None


def membership_history(*, member_id: int | None = None, group_id: int | None = None) -> list[HistoryRow]:
    """Who was in which group from when to when, oldest first."""
    query = (
        GroupMembership.select(GroupMembership, Member.name, PartyGroup.name)
        .join(Member, on=(Member.id == GroupMembership.member))
        .switch(GroupMembership)
        .join(PartyGroup, on=(PartyGroup.id == GroupMembership.group))
    )
    if member_id is not None:
        query = query.where(GroupMembership.member == member_id)
    if group_id is not None:
        query = query.where(GroupMembership.group == group_id)
    query = query.order_by(GroupMembership.start_on, GroupMembership.end_on.is_null(), GroupMembership.end_on,
                           Member.name_pinyin, GroupMembership.id)
    return [
        HistoryRow(row.member_id, row.member.name, row.group_id, row.group.name, row.start_on, row.end_on)
        for row in query
    ]


# --- the changes -------------------------------------------------------------------------------

@dataclass
class GroupChange(Change):
    """A finished change to groups and memberships (undone by ``undo()``)."""

    group_id: int | None = None                  # the group created or edited, if any
    moved: int = 0                               # how many members changed group


def _insert_memberships(rows: Iterable[tuple]) -> None:
    """Insert (id or None, member, group, start_on, end_on) rows in one executemany."""
    params = [(rid, member, group, start.isoformat(), end.isoformat() if end else None)
              for rid, member, group, start, end in rows]
    if params:
        database_proxy.obj.cursor().executemany(
            'INSERT INTO "group_membership" ("id", "member_id", "group_id", "start_on", "end_on") '
            "VALUES (?, ?, ?, ?, ?)", params)


# --- moving members --------------------------------------------------------------------------

def _check_date(on_date: dt.date, today: dt.date) -> None:
    if on_date > today:
        raise UserError("日期在今天之后，请核对。")


def place_member(member: Member, group_id: int | None, on_date: dt.date) -> bool:
    """Make ``group_id`` (None = no group) the member's only current group from ``on_date``.

    Returns True when anything changed. Call inside a transaction.
    """
    return place_members({member.id: group_id}, on_date, {member.id: member}) == 1


def place_members(targets: dict[int, int | None], on_date: dt.date, members: dict[int, Member] | None = None) -> int:
    """:func:`place_member` for many members at once (batched); returns how many changed.

    A member leaving a group they lead also stops being its leader (or deputy).
    """
    ids = list(targets)
    if members is None:
        members = {}
        for chunk in chunks(ids):
            members.update((m.id, m) for m in Member.select(Member.id, Member.name, Member.status)
                           .where(Member.id.in_(chunk)))
    current: dict[int, list[tuple[int, int, dt.date]]] = {}
    closed_today: dict[tuple[int, int], int] = {}
    for chunk in chunks(ids):
        query = GroupMembership.select(GroupMembership.id, GroupMembership.member, GroupMembership.group,
                                       GroupMembership.start_on, GroupMembership.end_on).where(
            GroupMembership.member.in_(chunk) & (current_where() | (GroupMembership.end_on == on_date))
        ).order_by(GroupMembership.start_on, GroupMembership.id).tuples()
        for rid, member_id, group_id, start_on, end_on in query:
            if end_on is None:
                current.setdefault(member_id, []).append((rid, group_id, start_on))
            else:
                closed_today.setdefault((member_id, group_id), rid)
    to_delete, to_close, to_reopen, to_create = [], [], [], []
    left: list[tuple[int, int]] = []
    moved = 0
    for member_id in ids:
        target = targets[member_id]
        rows = current.get(member_id, [])
        keep = next((row for row in rows if row[1] == target), None) if target is not None else None
        changed = False
        for row in rows:
            if row is keep:
                continue
            rid, group_id, start_on = row
            if start_on > on_date:
                group = PartyGroup.get_by_id(group_id)
                raise UserError(
                    f"{members[member_id].name}是 {start_on.isoformat()} 才加入{group.name}的，"
                    "调整日期不能早于这一天。"
                )
            # joined and left on one day: leave no zero-length row
            (to_delete if start_on == on_date else to_close).append(rid)
            left.append((group_id, member_id))
            changed = True
        if target is not None and keep is None:
            if members[member_id].status != ACTIVE:
                raise UserError(f"{members[member_id].name}已不在册，不能分入党小组。")
            if (member_id, target) in closed_today:
                to_reopen.append(closed_today[(member_id, target)])
            else:
                to_create.append((None, member_id, target, on_date, None))
            changed = True
        moved += changed
    for chunk in chunks(to_delete):
        GroupMembership.delete().where(GroupMembership.id.in_(chunk)).execute()
    for chunk in chunks(to_close):
        GroupMembership.update(end_on=on_date).where(GroupMembership.id.in_(chunk)).execute()
    for chunk in chunks(to_reopen):
        GroupMembership.update(end_on=None).where(GroupMembership.id.in_(chunk)).execute()
    _insert_memberships(to_create)
    if left:
        heads = {g.id: (g.leader_id, g.deputy_id) for g in PartyGroup.select(
            PartyGroup.id, PartyGroup.leader, PartyGroup.deputy).where(PartyGroup.id.in_({g for g, _ in left}))}
        for group_id, member_id in left:
            leader_id, deputy_id = heads[group_id]
            if leader_id == member_id:
                PartyGroup.update(leader=None).where(PartyGroup.id == group_id).execute()
            if deputy_id == member_id:
                PartyGroup.update(deputy=None).where(PartyGroup.id == group_id).execute()
    return moved


def _names(member_ids: list[int]) -> str:
    names = [m.name for m in Member.select(Member.name).where(Member.id.in_(member_ids[:3]))]
    text = "、".join(names)
    return f"{text}等 {len(member_ids)} 人" if len(member_ids) > 3 else text


def move_members(
    member_ids: Iterable[int], group_id: int | None, *, on_date: dt.date | None = None, today: dt.date | None = None
) -> GroupChange:
    """Move members into ``group_id`` (None: out of every group) from ``on_date`` (default today).

    A member leaving a group they lead also stops being its leader (or deputy).
    """
    today = today or dt.date.today()
    on_date = on_date or today
    _check_date(on_date, today)
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        raise UserError("请先选中要移动的党员。")
    with database_proxy.atomic():  # 移动党员
        target = None
        if group_id is not None:
            target = PartyGroup.get_or_none(PartyGroup.id == group_id)
            if target is None:
                raise UserError("这个党小组已经不存在了，请刷新后再试。")
        members = {m.id: m for m in Member.select().where(Member.id.in_(ids))}
        missing = [i for i in ids if i not in members]
        if missing:
            raise UserError("有党员的记录已经不存在了，请刷新后再试。")
        old_groups = list(current_group_ids(ids).values())
        scopes = [rows_of(GroupMembership, GroupMembership.member, ids),
                  by_id(PartyGroup, [*old_groups, *([group_id] if group_id else [])])]
        with Recorder(scopes) as recording:
            moved = place_members({i: group_id for i in ids}, on_date, members)
        where = f"移到{target.name}" if target else "移出党小组（未分组）"
        return recording.finish(f"把{_names(ids)}{where}", kind=GroupChange, group_id=group_id, moved=moved)


# --- creating, editing, deleting groups ------------------------------------------------------

@dataclass
class GroupInfo:
    """The editable fields of a group."""

    name: str
    kind: str = "按居住地"
    leader_id: int | None = None
    deputy_id: int | None = None
    meeting_place: str = ""
    note: str = ""


def validate_group(info: GroupInfo, group_id: int | None = None) -> dict[str, str]:
    """field -> Chinese problem; empty when the group can be saved."""
    problems: dict[str, str] = {}
    name = "".join(info.name.split())
    if not name:
        problems["name"] = "请填写党小组名称，例如“第一党小组”或“东坡村3组党小组”。"
    elif len(name) > NAME_MAX:
        problems["name"] = f"名称太长了，请不超过 {NAME_MAX} 个字。"
    else:
        clash = PartyGroup.select().where(PartyGroup.name == name)
        if group_id is not None:
            clash = clash.where(PartyGroup.id != group_id)
        if clash.exists():
            problems["name"] = f"已经有一个叫“{name}”的党小组了，请换一个名称。"
    if info.kind not in GROUP_KINDS:
        problems["kind"] = "请选择分组方式。"
    if len(info.meeting_place.strip()) > PLACE_MAX:
        problems["place"] = f"活动地点太长了，请不超过 {PLACE_MAX} 个字。"
    if len(info.note.strip()) > NOTE_MAX:
        problems["note"] = f"备注太长了，请不超过 {NOTE_MAX} 个字。"
    for key, member_id, deputy in (("leader", info.leader_id, False), ("deputy", info.deputy_id, True)):
        if member_id is None:
            continue
        member = Member.get_or_none(Member.id == member_id)
        if member is None:
            problems[key] = "找不到这名党员，请重新选择。"
            continue
        problem = leader_problem(member_facts(member), deputy=deputy)
        if problem:
            problems[key] = problem
    if info.leader_id is not None and info.leader_id == info.deputy_id:
        problems["deputy"] = "副组长和党小组长不能是同一个人。"
    return problems


def leader_moves(info: GroupInfo, group_id: int | None) -> list[tuple[int, str | None]]:
    """Leader/deputy who are not yet in the group: (member id, their current group name or None).

    Saving the group moves them in; the dialog says so before saving.
    """
    chosen = [m for m in (info.leader_id, info.deputy_id) if m is not None]
    current = current_group_ids(chosen)
    names = dict(PartyGroup.select(PartyGroup.id, PartyGroup.name).where(PartyGroup.id.in_(set(current.values())))
                 .tuples())
    return [(member_id, names.get(current.get(member_id)))
            for member_id in chosen if group_id is None or current.get(member_id) != group_id]


def save_group(info: GroupInfo, group_id: int | None = None, *, today: dt.date | None = None) -> GroupChange:
    """Create (``group_id`` None) or edit a group. A chosen leader or deputy not yet in the
    group is moved into it today, in the same transaction."""
    today = today or dt.date.today()
    problems = validate_group(info, group_id)
    if problems:
        raise ValidationError(problems)
    with database_proxy.atomic():  # 保存党小组
        if group_id is not None and PartyGroup.get_or_none(PartyGroup.id == group_id) is None:
            raise UserError("这个党小组已经不存在了，请刷新后再试。")
        incoming = [member_id for member_id, _ in leader_moves(info, group_id)]
        old_groups = list(current_group_ids(incoming).values())
        scopes = [rows_of(GroupMembership, GroupMembership.member, incoming),
                  by_id(PartyGroup, [*([group_id] if group_id else []), *old_groups])]
        with Recorder(scopes) as recording:
            if group_id is None:
                last = PartyGroup.select(PartyGroup.sort_order).order_by(PartyGroup.sort_order.desc()).first()
                group = PartyGroup(sort_order=(last.sort_order + 1) if last else 0)
            else:
                group = PartyGroup.get_by_id(group_id)
            group.name = "".join(info.name.split())
            group.kind = info.kind
            group.meeting_place = info.meeting_place.strip()
            group.note = info.note.strip()
            group.leader = None
            group.deputy = None
            group.save()
            if group_id is None:
                recording.created(PartyGroup, [group.id])
            for member_id in incoming:
                place_member(Member.get_by_id(member_id), group.id, today)
            group.leader = info.leader_id
            group.deputy = info.deputy_id
            group.save()
        label = f"新建{group.name}" if group_id is None else f"修改{group.name}"
        return recording.finish(label, kind=GroupChange, group_id=group.id, moved=len(incoming))


def group_references(group_id: int) -> int:
    """How many records anywhere refer to the group (history rows, activities …)."""
    db = database_proxy.obj
    total = 0
    for table in db.get_tables():
        for fk in db.get_foreign_keys(table):
            if fk.dest_table == PartyGroup._meta.table_name:
                sql = f'SELECT COUNT(*) FROM "{table}" WHERE "{fk.column}" = ?'
                total += db.execute_sql(sql, (group_id,)).fetchone()[0]
    return total


def can_delete(group_id: int) -> str | None:
    """Why the group cannot be deleted, or None."""
    group = PartyGroup.get_or_none(PartyGroup.id == group_id)
    if group is None:
        return "这个党小组已经不存在了。"
    current = current_member_count(group_id)
    if current:
        return f"{group.name}还有 {current} 名党员，请先把他们移到其他党小组。"
    if group_references(group_id):
        return f"{group.name}有过成员或活动记录，为了保留历史，不能删除。"
    return None


def delete_group(group_id: int) -> GroupChange:
    """Delete a group that has no members and that nothing refers to."""
    with database_proxy.atomic():  # 删除党小组
        reason = can_delete(group_id)
        if reason:
            raise UserError(reason)
        name = PartyGroup.get_by_id(group_id).name
        with Recorder([by_id(PartyGroup, [group_id])]) as recording:
            PartyGroup.delete().where(PartyGroup.id == group_id).execute()
        return recording.finish(f"删除{name}", kind=GroupChange)
