"""Importing a roster sheet (党员花名册) the branch already keeps in Excel/WPS.

Steps, shared by the GUI and ``members import``:

1. :func:`load_roster` reads the file (:mod:`.roster_read`) and finds the header row and the
   column mapping (:mod:`.roster_columns`); the GUI lets the user correct the mapping.
2. :func:`check_roster` turns every data row into member values: cells are normalised (Excel
   dates and typed date forms, numbers that should be text, phones given as numbers …) and
   each row is validated by :func:`~dangjian_desktop.core.member_rules.validate_member`, the
   same rule the member form uses. Rows are matched to existing members by ID number.
3. :func:`apply_roster` writes in ONE transaction: new members, changed fields of existing
   members, status changes (through :func:`~dangjian_desktop.core.members.change_status`) and
   party groups. Any failure — a row refused by the database, a progress callback raising,
   the program being killed — leaves the database exactly as it was.

Blank cells never clear what an existing member already has. Columns that are not recognised
are kept: their values go into 备注 as "列名：值".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.core import idnumber
from dangjian_desktop.core.dates import DateError, format_date, parse_date
from dangjian_desktop.core.member_rules import (
    DATE_FIELDS,
    FIELD_LABELS,
    clean_phone,
    validate_member,
)
from dangjian_desktop.core.members import change_status
from dangjian_desktop.core.membership import current_group_names
from dangjian_desktop.core.names import name_initials, name_pinyin
from dangjian_desktop.core.roster_columns import (
    IGNORE,
    KEEP_AS_NOTE,
    TARGET_LABELS,
    ColumnMapping,
    detect_columns,
    looks_like_header,
)
from dangjian_desktop.core.roster_read import (
    RosterTable,
    SheetRow,
    cell_is_blank,
    read_sheets,
)
from dangjian_desktop.core.vocab import FULL_MEMBER, PROBATIONARY, STATUS_LABELS
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import (
    GroupMembership,
    Member,
    PartyGroup,
    database_proxy,
)
from dangjian_desktop.errors import UserError

ProgressFn = Callable[[int, int, str], None]

MEMBER_FIELDS = tuple(FIELD_LABELS)
STATUS_FIELDS = ("status", "status_on", "status_reason", "transferred_to")
_TARGET_ORDER = {key: i for i, key in enumerate(TARGET_LABELS)}
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (10000, 80000)   # Excel day numbers 1927 … 2119: a date column holding a plain number

STATUS_BY_TEXT: dict[str, str] = {
    **{label: key for key, label in STATUS_LABELS.items()},
    **{key: key for key in STATUS_LABELS},
    "在册": "active", "正常党员": "active", "在籍": "active",
    "转出": "transferred_out", "已转走": "transferred_out",
    "去世": "deceased", "已故": "deceased", "死亡": "deceased", "病故": "deceased",
    "出党": "removed", "除名": "removed", "开除党籍": "removed", "出党除名": "removed", "出党/除名": "removed",
    "停止党籍": "suspended", "失去联系": "lost_contact", "失联党员": "lost_contact",
}
FOOTER_PREFIXES = (
    "填表人", "填报人", "制表人", "审核人", "审核：", "审核:", "负责人", "联系人", "填表日期", "制表日期",
    "填报日期", "报送日期", "填表时间", "单位盖章", "盖章", "注：", "注:", "说明：", "说明:", "备注：",
    "备注:", "书记签字", "签字", "签名：", "签名:",
)
TOTAL_WORDS = ("合计", "小计", "总计", "共计")
SECTION_WORDS = ("党小组", "支部", "名单", "以下", "流动党员", PROBATIONARY, FULL_MEMBER)
_FULLWIDTH_TIME = str.maketrans("０１２３４５６７８９：　", "0123456789: ")
_TIME_SUFFIX = re.compile(r"[ T]0?0:00(:00(\.0+)?)?$")
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
LOST_DIGITS = (
    "身份证号被表格当成了数字，后几位已经丢失（Excel 只保留 15 位有效数字）。"
    "请把这一列设成“文本”格式，重新填写完整的身份证号。"
)


# --- result types ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    row: int          # row number the user sees / CSV line number
    column: str       # column name as in the file (or the field's label)
    message: str


@dataclass(frozen=True)
class Ignored:
    row: int
    reason: str


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    old: str
    new: str


@dataclass
class MemberChange:
    row: int
    member_id: int
    name: str
    changes: list[FieldChange]


@dataclass
class PlannedRow:
    row: int
    values: dict[str, object]           # member fields to write
    status: str                          # target status key
    status_on: dt.date | None
    status_reason: str
    transferred_to: str
    group: str | None                    # party group name (None: not given)
    member_id: int | None = None         # matched existing member
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.values["name"])


@dataclass
class RosterPlan:
    """The checked rows of one sheet, before anything is written."""

    table: RosterTable
    mapping: ColumnMapping
    new: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


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


@dataclass
class LoadedRoster:
    table: RosterTable
    mapping: ColumnMapping

    @property
    def data_rows(self) -> int:
        """Rows below the header that hold anything (before checking)."""
        return sum(
            1 for r in self.table.rows[self.mapping.header_index + 1:] if any(not cell_is_blank(c) for c in r.cells)
        )

    def samples(self, index: int, count: int = 3) -> list[str]:
        """A few values of column ``index`` as text (shown next to the mapping)."""
        out = []
        for row in self.table.rows[self.mapping.header_index + 1:]:
            value = row.cells[index] if index < len(row.cells) else None
            if not cell_is_blank(value):
                out.append(text_cell(value))
                if len(out) >= count:
                    break
        return out


# --- reading -----------------------------------------------------------------------------------

def load_roster(path: Path | str, *, reader: str = "auto") -> LoadedRoster:
    """Read the file and find the roster's header row (first sheet that has one)."""
    tables = read_sheets(path, reader=reader)
    for table in tables:
        mapping = detect_columns(table.rows)
        if mapping is not None:
            return LoadedRoster(table, mapping)
    name = Path(path).name
    if not tables:
        raise UserError(f"表格“{name}”是空的，没有可以导入的内容。")
    raise UserError(
        f"在表格“{name}”的前 30 行中没有找到表头（含“姓名”一列的那一行）。"
        "请确认打开的是党员花名册，并且有“姓名”这一列。"
    )


# --- normalising cells -------------------------------------------------------------------------

def text_cell(value: object) -> str:
    """A cell as text: whole numbers without ".0", dates as 1985-03-04, 是/否 for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def date_cell(value: object) -> object:
    """A date cell as validate_member takes it: a date, or text such as "1985.03"/"19850304".

    Numbers are what Excel made of typed dates: 1985.03 (typed 1985.03), 19850304, or a plain
    day number when the cell lost its date format. Note: Excel turns a typed "1985.10" into the
    number 1985.1, which reads as January; such cells should be typed as text.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if SERIAL_RANGE[0] <= value < SERIAL_RANGE[1]:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    text = str(value).translate(_FULLWIDTH_TIME).strip()
    return _TIME_SUFFIX.sub("", text).strip()


def id_cell(value: object) -> tuple[str, str | None]:
    """ID number text and, when Excel turned it into a number and lost digits, a problem."""
    if value is None:
        return "", None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return repr(value), None
        text = str(int(value))
        if len(text) > 15:
            try:
                idnumber.parse(text)
            except idnumber.IdNumberError:
                return text, LOST_DIGITS
        return text, None
    text = str(value).strip()
    if _SCIENTIFIC.match(text.replace(" ", "")):
        return text, LOST_DIGITS
    return text, None


def phone_cell(value: object) -> str:
    return text_cell(value)


def _is_landline(text: str) -> bool:
    digits = clean_phone(text)
    return digits.isdigit() and (digits.startswith("0") or len(digits) in (7, 8))


def parse_status(text: str) -> str | None:
    value = "".join(text.split())
    return STATUS_BY_TEXT.get(value)


# --- checking ----------------------------------------------------------------------------------

def _ignored_reason(cells: list, mapping: ColumnMapping) -> str | None:
    filled = [c for c in cells if not cell_is_blank(c)]
    if not filled:
        return "空行"
    first = "".join(text_cell(filled[0]).split())
    if first.startswith(FOOTER_PREFIXES):
        return f"表格下方的说明（{text_cell(filled[0])[:30]}）"
    name_col = mapping.column_for("name")
    name = cells[name_col.index] if name_col and name_col.index < len(cells) else None
    name_text = "".join(text_cell(name).split())
    if name_text.startswith(TOTAL_WORDS) or first.startswith(TOTAL_WORDS):
        return "合计行"
    if name_col and name_text == name_col.header and looks_like_header(cells, mapping):
        return "重复的表头"
    id_col = mapping.column_for("id_number")
    id_value = cells[id_col.index] if id_col and id_col.index < len(cells) else None
    if len(filled) == 1 and cell_is_blank(id_value):
        text = text_cell(filled[0])
        if cell_is_blank(name) or _looks_like_section(text):
            return f"只有一格内容（{text[:30]}），不像党员信息"
    return None


def _looks_like_section(text: str) -> bool:
    """"第一党小组", "以下为流动党员" on a row of its own: a heading inside the table, not a name."""
    compact = "".join(text.split())
    return len(compact) > 6 or compact.endswith("组") or any(word in compact for word in SECTION_WORDS)


@dataclass
class _RawRow:
    row: int
    raw: dict[str, object]          # target -> value prepared for validate_member
    given: set[str]                 # targets with a non-blank cell
    extras: list[str]               # "列名：值" for columns kept in 备注
    problems: dict[str, str]        # target -> message found while reading cells


def _read_row(row: SheetRow, mapping: ColumnMapping) -> _RawRow:
    raw: dict[str, object] = {}
    given: set[str] = set()
    extras: list[str] = []
    problems: dict[str, str] = {}
    cells = row.cells
    for column in mapping.columns:
        value = cells[column.index] if column.index < len(cells) else None
        if cell_is_blank(value) or column.target == IGNORE:
            continue
        target = column.target
        if target == KEEP_AS_NOTE:
            extras.append(f"{column.header}：{text_cell(value)}")
            continue
        if target in DATE_FIELDS or target == "status_on":
            value = date_cell(value)
            if target == "birth_date" and isinstance(value, dt.date) and value.day == 1:
                # A real date on the 1st is how Excel stores "1985年3月": compare to the month.
                value = f"{value.year}.{value.month:02d}"
        elif target == "id_number":
            value, problem = id_cell(value)
            if problem:
                problems["id_number"] = problem
        elif target == "phone":
            value = phone_cell(value)
        else:
            value = text_cell(value)
        if value in (None, ""):
            continue
        raw[target] = value
        given.add(target)
    if "phone" in raw and _is_landline(str(raw["phone"])) and "landline" not in raw:
        raw["landline"] = raw.pop("phone")
        given.discard("phone")
        given.add("landline")
    return _RawRow(row.number, raw, given, extras, problems)


def _with_extras(note: str, extras: list[str]) -> str:
    parts = [note] if note else []
    for extra in extras:
        if extra not in note:
            parts.append(extra)
    return "；".join(parts)


def _display(key: str, value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if key == "status":
        return STATUS_LABELS.get(str(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def _same(a: object, b: object) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    return a == b


class _Existing:
    """The members already in the database, for matching rows (one query)."""

    def __init__(self):
        self.by_id: dict[int, dict] = {}
        self.by_number: dict[str, dict] = {}
        self.no_number_by_name: dict[str, list[dict]] = defaultdict(list)
        self.claimed: set[int] = set()
        for rec in Member.select().dicts():
            self.by_id[rec["id"]] = rec
            if rec["id_number"]:
                self.by_number[rec["id_number"]] = rec
            else:
                self.no_number_by_name[rec["name"]].append(rec)
        self.group_of: dict[int, str] = current_group_names()

    def match(self, number: str | None, name: str) -> dict | None:
        """The member with this ID number; else the one member of this name registered without
        an ID number (typed in by hand earlier), matched once only."""
        if number and number in self.by_number:
            return self.by_number[number]
        candidates = [m for m in self.no_number_by_name.get(name, []) if m["id"] not in self.claimed]
        if len(candidates) != 1:
            return None
        self.claimed.add(candidates[0]["id"])
        return candidates[0]


def check_roster(
    loaded: LoadedRoster,
    *,
    today: dt.date | None = None,
    progress: ProgressFn | None = None,
) -> RosterPlan:
    """Normalise and validate every row; match rows to existing members. Writes nothing."""
    today = today or dt.date.today()
    mapping = loaded.mapping
    problems_of_mapping = mapping.problems()
    if problems_of_mapping:
        raise UserError(" ".join(problems_of_mapping))
    plan = RosterPlan(loaded.table, mapping)
    existing = _Existing()
    order = {c.target: c.index for c in mapping.columns}
    rows = loaded.table.rows[mapping.header_index + 1:]
    total = len(rows)
    row_problems: dict[int, dict[str, str]] = {}
    planned: list[PlannedRow] = []
    for position, row in enumerate(rows):
        if progress and position % 250 == 0:
            progress(position, total, f"正在检查第 {row.number} 行…")
        reason = _ignored_reason(row.cells, mapping)
        if reason:
            plan.ignored.append(Ignored(row.number, reason))
            continue
        result = _check_row(_read_row(row, mapping), mapping, existing, today, plan.notes)
        if isinstance(result, dict):
            row_problems[row.number] = result
        else:
            planned.append(result)

    # The same ID number twice in the file: every occurrence is a problem.
    rows_by_number: dict[str, list[int]] = defaultdict(list)
    for p in planned:
        if p.values["id_number"]:
            rows_by_number[str(p.values["id_number"])].append(p.row)
    duplicated = set()
    for number, numbers in rows_by_number.items():
        if len(numbers) > 1:
            for r in numbers:
                others = "、".join(str(o) for o in numbers if o != r)
                row_problems.setdefault(r, {})["id_number"] = (
                    f"身份证号与第 {others} 行相同，同一个人出现了不止一次，请删去多余的行。"
                )
                duplicated.add(r)
    for p in planned:
        if p.row in duplicated:
            continue
        if p.member_id is None:
            plan.new.append(p)
        elif p.changes:
            plan.updates.append(p)
        else:
            plan.unchanged.append(p)

    for row_number in sorted(row_problems):
        found = row_problems[row_number]
        for key in sorted(found, key=lambda k: (order.get(k, 10_000), _TARGET_ORDER.get(k, 999))):
            plan.invalid.append(Problem(row_number, mapping.header_for(key), found[key]))
    if progress:
        progress(total, total, "检查完毕")
    return plan


def _check_row(
    read: _RawRow, mapping: ColumnMapping, existing: _Existing, today: dt.date, notes: list[Problem]
) -> PlannedRow | dict[str, str]:
    raw = read.raw
    problems: dict[str, str] = dict(read.problems)

    # Status and group: not part of the member form, read here.
    status = None
    if "status" in raw:
        status = parse_status(str(raw["status"]))
        if status is None:
            labels = "、".join(STATUS_LABELS.values())
            problems["status"] = f"党籍状态“{raw['status']}”看不懂，应为：{labels}。"
    status_on = None
    if "status_on" in raw:
        value = raw["status_on"]
        if isinstance(value, dt.date):
            status_on = value
        else:
            try:
                parsed = parse_date(str(value))
            except DateError as exc:
                problems["status_on"] = f"{mapping.header_for('status_on')}：{exc}"
            else:
                status_on = parsed[0] if parsed else None

    values_in = {k: v for k, v in raw.items() if k in FIELD_LABELS}
    values_in["note"] = _with_extras(str(raw.get("note", "")), read.extras)
    checked = validate_member(values_in, today=today)
    id_trouble = "id_number" in checked.problems or "id_number" in problems   # bad or lost digits
    match = None if id_trouble else existing.match(checked.values["id_number"], str(checked.values["name"]))

    old = None
    if match is not None:
        old = match
        merged = {k: old[k] for k in MEMBER_FIELDS}
        for key in read.given:
            if key in FIELD_LABELS:
                merged[key] = raw[key]
        merged["note"] = _with_extras(str(raw["note"]) if "note" in raw else old["note"], read.extras)
        checked = validate_member(merged, today=today)

    for key, message in checked.problems.items():
        problems.setdefault(key, message)
    if problems:
        return problems
    for key, message in checked.notes.items():
        notes.append(Problem(read.row, mapping.header_for(key), message))

    values = dict(checked.values)
    values["name_pinyin"] = name_pinyin(str(values["name"]))
    values["name_initials"] = name_initials(str(values["name"]))
    group = str(raw["group"]) if "group" in raw else None
    if old is None:
        return PlannedRow(
            row=read.row, values=values, status=status or "active", status_on=status_on,
            status_reason=str(raw.get("status_reason", "")), transferred_to=str(raw.get("transferred_to", "")),
            group=group,
        )
    planned = PlannedRow(
        row=read.row, values=values,
        status=status or old["status"],
        status_on=status_on if "status_on" in raw else old["status_on"],
        status_reason=str(raw["status_reason"]) if "status_reason" in raw else old["status_reason"],
        transferred_to=str(raw["transferred_to"]) if "transferred_to" in raw else old["transferred_to"],
        group=group, member_id=old["id"],
    )
    for key in MEMBER_FIELDS:
        if not _same(old[key], values[key]):
            planned.changes.append(FieldChange(key, FIELD_LABELS[key], _display(key, old[key]), _display(key, values[key])))
    for key in STATUS_FIELDS:
        new = getattr(planned, key)
        if not _same(old[key], new):
            planned.changes.append(FieldChange(key, TARGET_LABELS[key], _display(key, old[key]), _display(key, new)))
    current_group = existing.group_of.get(old["id"])
    if group is not None and group != current_group and planned.status == "active":
        planned.changes.append(FieldChange("group", "党小组", _display("group", current_group), group))
    return planned


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
        from dangjian_desktop.core.groups import GroupInfo, save_group

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
        from dangjian_desktop.core.groups import place_member

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


def apply_roster(
    plan: RosterPlan,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Write the plan in one transaction (rolled back for a dry run or when refused)."""
    today = today or dt.date.today()
    invalid = list(plan.invalid)
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
                {p.group for p in plan.new if p.group and p.status == "active"}
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
                if p.status == "active" and p.group in groups.refused:
                    failed(p, _RowFailure("group", groups.refused[p.group]))
                    done += 1
                else:
                    fresh.append(p)
            for start in range(0, len(fresh), 500):
                chunk = fresh[start:start + 500]
                ids = _insert_new(chunk, groups)
                for p in chunk:
                    if p.status == "active":
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
            tick("正在完成…")
            if (invalid and not skip_invalid) or dry_run:
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
    )


def _insert_new(chunk: list[PlannedRow], groups: _Groups) -> dict[int, int]:
    """Bulk insert new members (as active), then the group memberships of those who stay
    active (they have none yet). Returns row number -> member id."""
    rows = []
    for p in chunk:
        values = dict(p.values)
        values.update(status="active", status_on=p.status_on, status_reason=p.status_reason,
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
        if p.group and p.status == "active":
            memberships.append({"member": member_id, "group": groups.by_name[p.group], "start_on": groups.today})
    bulk_insert(GroupMembership, memberships)
    return ids


def _write_update(p: PlannedRow, groups: _Groups, today: dt.date) -> None:
    keys = {c.key for c in p.changes}
    fields = {k: p.values[k] for k in MEMBER_FIELDS if k in keys}
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
) -> ImportReport:
    """Read, check and import a roster file (``members import``)."""
    if progress:
        progress(0, 0, "正在读取表格…")
    loaded = load_roster(path, reader=reader)
    if mapping is not None:
        loaded = LoadedRoster(loaded.table, mapping)
    plan = check_roster(loaded, today=today, progress=progress)
    return apply_roster(plan, skip_invalid=skip_invalid, dry_run=dry_run, progress=progress, today=today)
