"""Checking a roster sheet before anything is written (the first two steps of core.roster_import).

:func:`load_roster` reads the file (:mod:`.roster_read`) and finds the header row and the column
mapping (:mod:`.roster_columns`); :func:`check_roster` turns every data row into member values —
cells normalised (:mod:`.roster_cells`), each row validated by
:func:`~dangjian_desktop.core.member_rules.validate_member`, the same rule the member form uses —
and matches rows to existing members by ID number. The result is a :class:`RosterPlan`.

Blank cells never clear what an existing member already has. Columns that are not recognised
are kept: their values go into 备注 as "列名：值".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.core.dates import DateError, format_date, parse_date
from dangjian_desktop.core.member_rules import DATE_FIELDS, FIELD_LABELS, validate_member
from dangjian_desktop.core.membership import current_group_names
from dangjian_desktop.core.names import name_initials, name_pinyin
from dangjian_desktop.core.roster_cells import date_cell, id_cell, is_landline, parse_status, phone_cell, text_cell
from dangjian_desktop.core.roster_columns import (
    IGNORE,
    KEEP_AS_NOTE,
    TARGET_LABELS,
    ColumnMapping,
    detect_columns,
    looks_like_header,
)
from dangjian_desktop.core.roster_read import RosterTable, SheetRow, cell_is_blank, read_sheets
from dangjian_desktop.core.vocab import ACTIVE, FULL_MEMBER, PROBATIONARY, STATUS_LABELS
from dangjian_desktop.db.models import Member
from dangjian_desktop.errors import UserError

ProgressFn = Callable[[int, int, str], None]

MEMBER_FIELDS = tuple(FIELD_LABELS)
STATUS_FIELDS = ("status", "status_on", "status_reason", "transferred_to")
_TARGET_ORDER = {key: i for i, key in enumerate(TARGET_LABELS)}
FOOTER_PREFIXES = (
    "填表人", "填报人", "制表人", "审核人", "审核：", "审核:", "负责人", "联系人", "填表日期", "制表日期",
    "填报日期", "报送日期", "填表时间", "单位盖章", "盖章", "注：", "注:", "说明：", "说明:", "备注：",
    "备注:", "书记签字", "签字", "签名：", "签名:",
)
TOTAL_WORDS = ("合计", "小计", "总计", "共计")
SECTION_WORDS = ("党小组", "支部", "名单", "以下", "流动党员", PROBATIONARY, FULL_MEMBER)

# --- what the check finds ---------------------------------------------------------------------

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
    if "phone" in raw and is_landline(str(raw["phone"])) and "landline" not in raw:
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
            row=read.row, values=values, status=status or ACTIVE, status_on=status_on,
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
    if group is not None and group != current_group and planned.status == ACTIVE:
        planned.changes.append(FieldChange("group", "党小组", _display("group", current_group), group))
    return planned
