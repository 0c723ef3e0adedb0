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
from dangjian_desktop.core.member_rules import (
    DATE_FIELDS,
    FIELD_LABELS,
    FIELD_MAX_LENGTH,
    MISSING_JOINED_NOTE,
    hamlet_follows_address,
    known_destination,
    month_only_fields,
    validate_member,
)
from dangjian_desktop.core.membership import current_group_names
from dangjian_desktop.core.names import name_initials, name_pinyin
from dangjian_desktop.core.roster_cells import (
    date_cell,
    flow_cell,
    flow_from_text,
    id_cell,
    is_landline,
    parse_status,
    phone_cell,
    text_cell,
)
from dangjian_desktop.core.roster_columns import (
    IGNORE,
    KEEP_AS_NOTE,
    TARGET_LABELS,
    ColumnMapping,
    detect_columns,
    looks_like_header,
)
from dangjian_desktop.core.roster_findings import RowFindings, SheetSummary
from dangjian_desktop.core.roster_memory import remembered
from dangjian_desktop.core.roster_read import LongText, RosterTable, SheetRow, cell_is_blank, read_sheets
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
    recognised: list[str] = field(default_factory=list)   # what was read from the sheet's own words
    proposed: ColumnMapping | None = None                   # the mapping before the user's choices


@dataclass
class LoadedRoster:
    table: RosterTable
    mapping: ColumnMapping
    proposed: ColumnMapping | None = None      # the program's own reading of the columns
    tables: tuple[RosterTable, ...] = ()       # every sheet of the workbook (to choose another)

    def with_mapping(self, mapping: ColumnMapping) -> LoadedRoster:
        return LoadedRoster(self.table, mapping, self.proposed, self.tables)

    @property
    def sheet_names(self) -> list[str]:
        return [t.sheet for t in self.tables if t.sheet]

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

def load_roster(path: Path | str, *, reader: str = "auto", sheet: str | None = None) -> LoadedRoster:
    """Read the file and find the roster's header row: in ``sheet``, else in the first sheet
    that has one (an instructions sheet before the data sheet is skipped). The mapping chosen
    before for this layout of columns (core.roster_memory) is applied."""
    tables = read_sheets(path, reader=reader)
    name = Path(path).name
    if not tables:
        raise UserError(f"表格“{name}”是空的，没有可以导入的内容。")
    if sheet is not None:
        chosen = [t for t in tables if t.sheet == sheet]
        if not chosen:
            raise UserError(f"表格“{name}”中没有名为“{sheet}”的工作表（或者它是空的）。")
        return _loaded(chosen[0], tables)
    for table in tables:
        proposed = detect_columns(table.rows)
        if proposed is not None:
            return _loaded(table, tables, proposed)
    raise UserError(
        f"在表格“{name}”的前 30 行中没有找到表头（含“姓名”一列的那一行）。"
        "请确认打开的是党员花名册，并且有“姓名”这一列。"
    )


def choose_sheet(loaded: LoadedRoster, sheet: str) -> LoadedRoster:
    """The same workbook read from another of its sheets."""
    for table in loaded.tables:
        if table.sheet == sheet:
            return _loaded(table, list(loaded.tables))
    raise UserError(f"没有名为“{sheet}”的工作表。")


def _loaded(table: RosterTable, tables: list[RosterTable], proposed: ColumnMapping | None = None) -> LoadedRoster:
    proposed = proposed or detect_columns(table.rows)
    if proposed is None:
        raise UserError(
            f"在{table.where}的前 30 行中没有找到表头（含“姓名”一列的那一行）。"
            "请确认选的是党员名单所在的工作表。"
        )
    return LoadedRoster(table, remembered(proposed), proposed, tuple(tables))


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
    texts: list[tuple[str, str]] = field(default_factory=list)   # (column, text) of 备注 and kept columns


def _read_row(row: SheetRow, mapping: ColumnMapping) -> _RawRow:
    raw: dict[str, object] = {}
    given: set[str] = set()
    extras: list[str] = []
    texts: list[tuple[str, str]] = []
    problems: dict[str, str] = {}
    cell_destination = ""
    cells = row.cells
    for column in mapping.columns:
        value = cells[column.index] if column.index < len(cells) else None
        if cell_is_blank(value) or column.target == IGNORE:
            continue
        target = column.target
        if isinstance(value, LongText):       # cut while reading: told with its whole length
            key = "note" if target == KEEP_AS_NOTE else target
            limit = FIELD_MAX_LENGTH.get(key)
            most = f"，最多 {limit} 个字" if limit else ""
            problems.setdefault(key, f"{TARGET_LABELS.get(key, column.header)}太长了：有 {value.length} 个字{most}，请删减。")
        if target == KEEP_AS_NOTE:
            extras.append(f"{column.header}：{text_cell(value)}")
            texts.append((column.header, text_cell(value)))
            continue
        if target in DATE_FIELDS or target == "status_on":
            value = date_cell(value)
        elif target == "id_number":
            value, problem = id_cell(value)
            if problem:
                problems["id_number"] = problem
        elif target == "phone":
            value = phone_cell(value)
        elif target == "is_flow":
            flag, cell_destination = flow_cell(value)
            if flag is None:
                problems["is_flow"] = (
                    f"“{column.header}”一栏的“{text_cell(value)}”看不懂：是流动党员请填“是”（或写明外出去向），"
                    "不是请填“否”或留空。"
                )
                continue
            value = flag
        else:
            value = text_cell(value)
            if target == "note":
                texts.insert(0, (column.header, value))
        if value is None or value == "":
            continue
        raw[target] = value
        given.add(target)
    birth = raw.get("birth_date")
    if "id_number" in raw and isinstance(birth, dt.date) and birth.day == 1:
        # A real date on the 1st is how Excel stores "1985年3月": compared with the ID number to
        # the month (the ID number then gives the day); without one it stays the date it is.
        raw["birth_date"] = f"{birth.year}.{birth.month:02d}"
    if cell_destination and raw.get("is_flow") and "flow_destination" not in raw:
        raw["flow_destination"] = cell_destination          # 外出务工（浙江宁波） in the 流动 column
        given.add("flow_destination")
    if "phone" in raw and is_landline(str(raw["phone"])) and "landline" not in raw:
        raw["landline"] = raw.pop("phone")
        given.discard("phone")
        given.add("landline")
    return _RawRow(row.number, raw, given, extras, problems, texts)


def _with_extras(note: str, extras: list[str]) -> str:
    parts = [note] if note else []
    for extra in extras:
        if extra not in note:
            parts.append(extra)
    return "；".join(parts)


def _display(key: str, value: object, month_only: bool = False) -> str:
    if value is None or value == "":
        return "（空）"
    if key == "status":
        return STATUS_LABELS.get(str(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return format_date(value, month_only)
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
    plan = RosterPlan(loaded.table, mapping, proposed=loaded.proposed)
    existing = _Existing()
    tally = SheetSummary()
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
        result = _check_row(_read_row(row, mapping), mapping, existing, today, plan.notes, tally)
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
    for numbers in rows_by_number.values():
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

    if loaded.table.beyond:                 # a stray cell far past the roster: one line, not one per row
        plan.ignored.append(Ignored(loaded.table.beyond_row, loaded.table.beyond))
    for row_number in sorted(row_problems):
        found = row_problems[row_number]
        for key in sorted(found, key=lambda k: (order.get(k, 10_000), _TARGET_ORDER.get(k, 999))):
            plan.invalid.append(Problem(row_number, mapping.header_for(key), found[key]))
    plan.recognised = tally.lines({p.row for p in plan.new + plan.updates + plan.unchanged})
    if progress:
        progress(total, total, "检查完毕")
    return plan


def _merged_months(old: dict, raw: dict, given: set[str]) -> set[str]:
    """Which dates of an existing member are known to the month only after this row: the sheet's
    dates bring their own precision, except that a real date on the 1st of the very month the
    record has as a month (an export opened and saved in Excel) keeps it a month."""
    stored = month_only_fields(old["month_only"])
    kept = {k for k in stored & given
            if isinstance(raw[k], dt.date) and raw[k].day == 1 and old[k] is not None
            and (old[k].year, old[k].month) == (raw[k].year, raw[k].month)}
    return (stored - given) | kept


def _flow_in_words(read: _RawRow) -> tuple[str, object] | None:
    """(column, hint) when 备注 or a column kept in 备注 says the member is a flow member."""
    for header, text in read.texts:
        hint = flow_from_text(text)
        if hint:
            return header, hint
    return None


def _check_row(
    read: _RawRow, mapping: ColumnMapping, existing: _Existing, today: dt.date, notes: list[Problem],
    tally: SheetSummary,
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

    # A flow member said in words (备注: 外出务工（浙江宁波）). Where the sheet has a 流动 column,
    # that column says yes or no (blank: no) and the words only give a destination it lacks.
    flow_words = _flow_in_words(read) if read.texts else None
    words_mark = flow_words is not None and mapping.column_for("is_flow") is None
    words_place = flow_words[1].destination if flow_words and "flow_destination" not in read.given else ""
    used_words = False

    values_in = {k: v for k, v in raw.items() if k in FIELD_LABELS}
    values_in["note"] = _with_extras(str(raw.get("note", "")), read.extras)
    if words_mark:
        values_in["is_flow"] = used_words = True
    if words_place and values_in.get("is_flow") is True:
        values_in["flow_destination"] = words_place
        used_words = True
    checked = validate_member(values_in, today=today)
    id_trouble = "id_number" in checked.problems or "id_number" in problems   # bad or lost digits
    match = None if id_trouble else existing.match(checked.values["id_number"], str(checked.values["name"]))

    old = None
    if match is not None:
        old = match
        merged = {k: old[k] for k in MEMBER_FIELDS}
        merged["month_only"] = _merged_months(old, raw, read.given)
        for key in read.given:
            if key in FIELD_LABELS:
                merged[key] = raw[key]
        merged["note"] = _with_extras(str(raw["note"]) if "note" in raw else old["note"], read.extras)
        if "address" in read.given and "hamlet" not in read.given and hamlet_follows_address(old["hamlet"],
                                                                                           old["address"]):
            merged["hamlet"] = ""            # it was read from the old address: read it from the new one
        used_words = False                   # words only add what the record does not have yet
        if words_mark and not old["is_flow"]:
            merged["is_flow"] = used_words = True
        if words_place and merged["is_flow"] and not known_destination(old["flow_destination"]):
            merged["flow_destination"] = words_place
            used_words = True
        checked = validate_member(merged, today=today)

    for key, message in checked.problems.items():
        problems.setdefault(key, message)
    if problems:
        return problems
    found = RowFindings()
    for key, message in checked.notes.items():
        if key == "hamlet":
            found.hamlet_from_address = str(checked.values["hamlet"])
            continue
        if key == "flow_destination":
            found.flow_pending = True
            if used_words:
                continue            # the note on the words says 待补 already
        if key == "joined_on" and message == MISSING_JOINED_NOTE and mapping.column_for("joined_on") is None:
            found.joined_missing = True
            continue                # told once for the sheet, not on every row
        notes.append(Problem(read.row, mapping.header_for(key), message))
    if used_words:
        header, hint = flow_words
        found.flow_from_text = True
        where = f"外出流向：{checked.values['flow_destination']}"
        notes.append(Problem(read.row, header, f"按“{hint.wording}”认作流动党员，{where}。"))
    if checked.values["month_only"]:
        months = month_only_fields(checked.values["month_only"])
        found.month_only = [format_date(checked.values[k], True) for k in DATE_FIELDS
                            if k in months and k in read.given]
    if found.found:
        tally.rows[read.row] = found

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
    old_months = month_only_fields(old["month_only"])
    new_months = month_only_fields(values["month_only"])
    for key in MEMBER_FIELDS:
        was, now = key in old_months, key in new_months
        if not _same(old[key], values[key]) or was != now:
            planned.changes.append(FieldChange(key, FIELD_LABELS[key], _display(key, old[key], was),
                                               _display(key, values[key], now)))
    for key in STATUS_FIELDS:
        new = getattr(planned, key)
        if not _same(old[key], new):
            planned.changes.append(FieldChange(key, TARGET_LABELS[key], _display(key, old[key]), _display(key, new)))
    current_group = existing.group_of.get(old["id"])
    if group is not None and group != current_group and planned.status == ACTIVE:
        planned.changes.append(FieldChange("group", "党小组", _display("group", current_group), group))
    return planned
