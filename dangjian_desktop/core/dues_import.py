"""Importing the yearly dues bases (党费基数核定) from an income sheet, and the sheet to fill in.

A branch collects each member's after-tax monthly income or pension once a year, usually in an
Excel/WPS sheet. Steps, shared by the GUI and ``dues import``:

1. :func:`read_income_sheet` reads the file with the roster importer's reader (core.roster_read:
   workbooks, CSV in UTF-8/GBK/UTF-16), finds the header row by its words (姓名 and a category,
   income or amount column), matches every row to an active member of the roster — by ID number
   when the row has one, else by the exact name — and computes the due with the 2008 rules
   (core.dues_rules.compute_due). Nothing is written; the result lists the ready rows, the rows
   with problems (row number as the user sees it, column as in the file) and the rows left out.
2. :func:`apply_income_sheet` records every basis through core.dues.set_bases in ONE named change,
   "导入党费基数（N 人）", which the GUI can undo. A sheet with any problem is refused whole, like
   a roster import: nothing is written.

:func:`write_income_template` writes the sheet to fill in: the active roster's names and ID
numbers with empty income columns, in the layout :func:`read_income_sheet` reads back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from dangjian_desktop.core import idnumber, settings
from dangjian_desktop.core.changes import Change
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.dues import BasisEntry, bases_on, set_bases
from dangjian_desktop.core.dues_rules import (
    INCOME_KINDS,
    KIND_BY_LABEL,
    KIND_LABELS,
    compute_due,
    month_label,
    month_of,
    parse_month,
)
from dangjian_desktop.core.money import MoneyError, parse_yuan, yuan_text
from dangjian_desktop.core.names import clean_name
from dangjian_desktop.core.roster_cells import id_cell, text_cell
from dangjian_desktop.core.roster_check import FOOTER_PREFIXES, SECTION_WORDS, TOTAL_WORDS, Ignored, Problem
from dangjian_desktop.core.roster_columns import HEADER_SCAN_ROWS, match_header, normalise_header
from dangjian_desktop.core.roster_export import _set_text, _write_atomically, text_width
from dangjian_desktop.core.roster_read import RosterTable, SheetRow, cell_is_blank, quote_for_sheet, read_sheets
from dangjian_desktop.core.vocab import ACTIVE, STATUS_LABELS
from dangjian_desktop.db.models import Branch, Member
from dangjian_desktop.errors import UserError

# --- the columns of an income sheet ---------------------------------------------------------------

NAME, ID_NUMBER, KIND, INCOME, PENSION, AMOUNT = "name", "id_number", "kind", "income", "pension", "amount"
TARGET_LABELS = {NAME: "姓名", ID_NUMBER: "公民身份号码", KIND: "党费类别", INCOME: "税后月收入",
                 PENSION: "养老金", AMOUNT: "每月交纳"}

# Header words, after blanks, stars and a bracketed unit (（元）) are taken away. The kind
# headers are ranked: 党费类别 says more than 类别, which says more than 人员类别 (on a roster
# that column is 正式/预备, not a dues category).
_KIND_HEADERS = {"党费类别": 0, "交纳类别": 0, "缴纳类别": 0, "党费交纳类别": 0, "党费缴纳类别": 0,
                 "交纳党费类别": 0, "缴纳党费类别": 0, "党员交纳类别": 0,
                 "类别": 1, "收入类别": 1, "身份类别": 1,
                 "人员类别": 2, "党员类别": 2}
_INCOME_HEADERS = ("税后月收入", "月收入", "税后收入", "每月税后收入", "月税后收入", "税后工资", "月工资收入",
                   "工资收入", "收入", "交纳基数", "缴纳基数", "党费基数", "计算基数", "基数", "月收入税后",
                   "税后月收入或养老金", "税后月收入养老金", "月收入或养老金", "收入或养老金")
_PENSION_HEADERS = ("养老金", "每月养老金", "月养老金", "退休金", "每月退休金", "月退休金", "离退休费",
                    "养老金月收入")
_AMOUNT_HEADERS = ("每月交纳", "每月缴纳", "固定金额", "自愿交纳", "自愿缴纳", "自愿多交", "每月交纳金额",
                   "每月缴纳金额", "月交纳额", "月缴纳额", "固定交纳", "固定交纳金额", "自愿交纳金额",
                   "每月交纳自愿多交")
_UNIT = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_SEPARATORS = str.maketrans("", "", "/／、|｜")

# What a kind cell may hold besides KIND_BY_LABEL: the roster's 正式/预备 (no dues category: the
# cell counts as blank) and the program's own keys.
_MEMBERSHIP_WORDS = {"正式党员", "预备党员", "正式", "预备"}


def header_target(text: object) -> tuple[str, int] | None:
    """(target, rank) of an income sheet's header cell; None when it names nothing we read."""
    name = normalise_header(text)
    if not name:
        return None
    roster = match_header(name)
    if roster == "name":
        return NAME, 0
    if roster == "id_number":
        return ID_NUMBER, 0
    for candidate in dict.fromkeys((name, _UNIT.sub("", name))):
        bare = candidate.translate(_SEPARATORS)
        if candidate in _KIND_HEADERS:
            return KIND, _KIND_HEADERS[candidate]
        if bare in _PENSION_HEADERS:
            return PENSION, 0
        if bare in _INCOME_HEADERS:
            return INCOME, 0
        if bare in _AMOUNT_HEADERS:
            return AMOUNT, 0
    return None


@dataclass(frozen=True)
class IncomeColumns:
    """Where the income sheet's header is and which column holds what."""

    header_index: int                   # position of the header row in the table's rows
    header_row: int                     # the row number the user sees
    index: dict[str, int]               # target -> 0-based column
    headers: dict[str, str]             # target -> header as in the file (blanks removed)

    def header_for(self, target: str) -> str:
        return self.headers.get(target, TARGET_LABELS[target])


def find_columns(rows: list[SheetRow]) -> IncomeColumns | None:
    """The header row among the first rows: one with 姓名 and an income, pension, amount or dues
    category column (a title or info row above it names none of them)."""
    for position, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, tuple[int, int]] = {}        # target -> (rank, column)
        for column, value in enumerate(row.cells):
            if not isinstance(value, str):
                continue
            hit = header_target(value)
            if hit is None:
                continue
            target, rank = hit
            if target not in found or rank < found[target][0]:
                found[target] = (rank, column)
        # 人员类别 alone is a roster's 正式/预备 column: a roster is not an income sheet.
        telling = found.keys() & {INCOME, PENSION, AMOUNT} or (KIND in found and found[KIND][0] < 2)
        if NAME in found and telling:
            index = {target: column for target, (_rank, column) in found.items()}
            headers = {target: "".join(str(row.cells[column]).split()) for target, column in index.items()}
            return IncomeColumns(position, row.number, index, headers)
    return None


# --- what the check finds -------------------------------------------------------------------------

@dataclass(frozen=True)
class IncomeRow:
    """A row ready to be recorded as the member's basis."""

    row: int
    member_id: int
    name: str
    kind: str                   # a core.dues_rules.KIND_LABELS key
    income_fen: int | None
    amount_fen: int | None
    due_fen: int
    rule: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class IncomeSheet:
    """The checked rows of an income sheet, before anything is written."""

    source: str                                  # 文件“x.xlsx”的工作表“党费基数”
    header_row: int
    columns: dict[str, str]                      # target -> the column's header in the file
    ready: list[IncomeRow] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)     # gentle information, not in the way

    @property
    def refused(self) -> bool:
        """Any problem refuses the whole sheet (nothing is imported)."""
        return bool(self.invalid)

    @property
    def problem_rows(self) -> int:
        return len({p.row for p in self.invalid})

    @property
    def due_total_fen(self) -> int:
        return sum(r.due_fen for r in self.ready)

    def to_json(self) -> dict[str, object]:
        """The ``dues import --json`` object (the keys of ``members import``)."""
        return {
            "imported": 0 if self.refused else len(self.ready),
            "invalid": [{"row": p.row, "column": p.column, "message": p.message} for p in self.invalid],
            "ignored": [{"row": i.row, "reason": i.reason} for i in self.ignored],
        }


def problem_text(problem: Problem) -> str:
    """第 5 行“税后月收入”：… (one line of the list shown to the user)."""
    return f"第 {problem.row} 行“{problem.column}”：{problem.message}"


# --- reading ----------------------------------------------------------------------------------------

def read_income_sheet(path: Path | str, *, reader: str = "auto") -> IncomeSheet:
    """Read and check an income sheet against the roster (the database must be open). Writes
    nothing. Raises :class:`UserError` for a file that cannot be read or has no header row."""
    tables = read_sheets(path, reader=reader)
    name = Path(path).name
    if not tables:
        raise UserError(f"表格“{name}”是空的，没有可以导入的内容。")
    for table in tables:
        columns = find_columns(table.rows)
        if columns is not None:
            return check_table(table, columns)
    raise UserError(
        f"在表格“{name}”的前 {HEADER_SCAN_ROWS} 行中没有找到表头：要有“姓名”一列，"
        "和“税后月收入”（或“养老金”“党费类别”“每月交纳”）一列。请用“党费基数核定表”模板填写后再导入。"
    )


def _cell(row: SheetRow, columns: IncomeColumns, target: str) -> object:
    index = columns.index.get(target)
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def _ignored_reason(row: SheetRow, columns: IncomeColumns) -> str | None:
    filled = [c for c in row.cells if not cell_is_blank(c)]
    if not filled:
        return "空行"
    first = "".join(text_cell(filled[0]).split())
    name = "".join(text_cell(_cell(row, columns, NAME)).split())
    if name.startswith(TOTAL_WORDS) or first.startswith(TOTAL_WORDS):
        return "合计行"
    if first.startswith(FOOTER_PREFIXES):
        return f"表格下方的说明（{text_cell(filled[0])[:30]}）"
    if name and name == columns.headers.get(NAME):
        return "重复的表头"
    if len(filled) == 1 and name and (name.endswith("组") or any(w in name for w in SECTION_WORDS)):
        return f"只有一格内容（{name[:30]}），不像党员信息"
    return None


def _kind_of(text: str) -> str | None:
    word = "".join(text.split())
    if word in KIND_BY_LABEL:
        return KIND_BY_LABEL[word]
    if word.endswith("党员") and word[:-2] in KIND_BY_LABEL:
        return KIND_BY_LABEL[word[:-2]]
    if word.lower() in KIND_LABELS:
        return word.lower()
    return None


class _Roster:
    """Every member, for matching rows (one query)."""

    def __init__(self):
        self.by_number: dict[str, Member] = {}
        self.active_by_name: dict[str, list[Member]] = defaultdict(list)
        self.former_by_name: dict[str, list[Member]] = defaultdict(list)
        for member in Member.select().order_by(Member.name_pinyin, Member.id):
            if member.id_number:
                self.by_number[member.id_number] = member
            (self.active_by_name if member.status == ACTIVE else self.former_by_name)[member.name].append(member)


def _who(member: Member) -> str:
    hamlet = member.hamlet or "未填村民小组"
    born = f"{member.birth_date.year}年生" if member.birth_date else "出生年份未填"
    return f"{hamlet}，{born}"


def _left(member: Member) -> str:
    when = f"于{format_date_cn(member.status_on)}" if member.status_on else ""
    return f"{member.name}已{when}{STATUS_LABELS.get(member.status, '不在册').removeprefix('已')}，不在册，不用核定党费。"


def _match(row_name: str, number: str | None, roster: _Roster, columns: IncomeColumns,
           problems: dict[str, str]) -> Member | None:
    """The active member the row is about; else None with the reason in ``problems``."""
    if number:
        member = roster.by_number.get(number)
        if member is not None:
            if member.status != ACTIVE:
                problems[ID_NUMBER] = _left(member)
                return None
            if row_name and row_name != member.name:
                problems[NAME] = (f"身份证号 {number} 在花名册上是{member.name}的，这一行的姓名却是{row_name}，"
                                  "请核对姓名和身份证号。")
                return None
            return member
        unnumbered = [m for m in roster.active_by_name.get(row_name, []) if not m.id_number]
        if len(unnumbered) == 1:            # on the roster without an ID number (typed in by hand)
            return unnumbered[0]
        problems[ID_NUMBER] = (f"花名册上没有身份证号为 {number} 的党员。请核对身份证号，"
                               "或先在“党员”页添加这名党员。")
        return None
    if not row_name:
        problems[NAME] = "没有填姓名。"
        return None
    candidates = roster.active_by_name.get(row_name, [])
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        who = "；".join(_who(m) for m in candidates)
        problems[NAME] = (f"在册党员中有 {len(candidates)} 人叫{row_name}（{who}），"
                          f"请在“{columns.header_for(ID_NUMBER)}”一列填上身份证号来区分。")
        return None
    former = roster.former_by_name.get(row_name, [])
    if len(former) == 1:
        problems[NAME] = _left(former[0])
    else:
        problems[NAME] = f"在册党员中没有叫{row_name}的。请核对姓名，或先在“党员”页添加这名党员。"
    return None


def _money(value: object, what: str, target: str, problems: dict[str, str]) -> int | None:
    if cell_is_blank(value):
        return None
    try:
        return parse_yuan(value, what=what)
    except MoneyError as exc:
        problems[target] = str(exc)
        return None


def _blame(kind: str, income_fen: int | None, amount_fen: int | None, farmer_fen: int) -> str:
    """Which column a refusal of compute_due is about: the amount when the basis is sound
    without it, else the income, else the category (the branch's farmer amount)."""
    if amount_fen is not None:
        try:
            compute_due(kind, income_fen=income_fen, farmer_fen=farmer_fen)
        except UserError:
            pass
        else:
            return AMOUNT
    if kind == "fixed" and income_fen is None:
        return AMOUNT
    if income_fen is not None or kind in INCOME_KINDS:
        return INCOME
    return KIND


def check_table(table: RosterTable, columns: IncomeColumns) -> IncomeSheet:
    """Check every row below the header (see :func:`read_income_sheet`)."""
    sheet = IncomeSheet(table.where, columns.header_row, dict(columns.headers))
    roster = _Roster()
    farmer_fen = settings.get("dues_farmer_fen")
    found: dict[int, dict[str, str]] = {}
    matched: list[tuple[IncomeRow, str]] = []           # (row, the column it was matched by)
    for row in table.rows[columns.header_index + 1:]:
        reason = _ignored_reason(row, columns)
        if reason:
            sheet.ignored.append(Ignored(row.number, reason))
            continue
        problems: dict[str, str] = {}
        ready = _check_row(row, columns, roster, farmer_fen, problems, sheet.notes)
        if problems:
            found[row.number] = problems
        elif ready is not None:
            matched.append((ready, ID_NUMBER if not cell_is_blank(_cell(row, columns, ID_NUMBER)) else NAME))

    rows_of_member: dict[int, list[int]] = defaultdict(list)
    for ready, _by in matched:
        rows_of_member[ready.member_id].append(ready.row)
    for ready, by in matched:
        others = [r for r in rows_of_member[ready.member_id] if r != ready.row]
        if others:
            listed = "、".join(str(r) for r in others)
            found.setdefault(ready.row, {})[by] = (f"{ready.name}在第 {listed} 行也有，同一名党员只能有一行，"
                                                  "请删去多余的行。")
        else:
            sheet.ready.append(ready)

    if table.beyond:
        sheet.ignored.append(Ignored(table.beyond_row, table.beyond))
    order = {target: index for target, index in columns.index.items()}
    for number in sorted(found):
        for target in sorted(found[number], key=lambda t: order.get(t, 10_000)):
            sheet.invalid.append(Problem(number, columns.header_for(target), found[number][target]))
    sheet.ignored.sort(key=lambda i: i.row)
    return sheet


def _check_row(row: SheetRow, columns: IncomeColumns, roster: _Roster, farmer_fen: int,
               problems: dict[str, str], notes: list[Problem]) -> IncomeRow | None:
    name = clean_name(text_cell(_cell(row, columns, NAME)))
    number = None
    raw_number = _cell(row, columns, ID_NUMBER)
    if not cell_is_blank(raw_number):
        text, lost = id_cell(raw_number)
        if lost:
            problems[ID_NUMBER] = lost
        else:
            try:
                parsed = idnumber.parse(text)
            except idnumber.IdNumberError as exc:
                problems[ID_NUMBER] = str(exc)
            else:
                number = parsed.number
                if parsed.upgraded_from:
                    notes.append(Problem(row.number, columns.header_for(ID_NUMBER),
                                         f"15 位老身份证号按 18 位 {number} 查找。"))

    kind = None
    kind_cell = _cell(row, columns, KIND)
    if not cell_is_blank(kind_cell):
        word = "".join(text_cell(kind_cell).split())
        if word not in _MEMBERSHIP_WORDS:
            kind = _kind_of(word)
            if kind is None:
                problems[KIND] = (f"党费类别“{text_cell(kind_cell)}”不认识，可以填："
                                  f"{'、'.join(KIND_LABELS.values())}。")

    income = _money(_cell(row, columns, INCOME), columns.header_for(INCOME), INCOME, problems)
    pension = _money(_cell(row, columns, PENSION), columns.header_for(PENSION), PENSION, problems)
    amount = _money(_cell(row, columns, AMOUNT), columns.header_for(AMOUNT), AMOUNT, problems)
    income_target = INCOME
    if income is not None and pension is not None:
        problems[PENSION] = (f"“{columns.header_for(INCOME)}”和“{columns.header_for(PENSION)}”都填了，"
                             "请只填一个：在职党员填税后月收入，离退休党员填养老金。")
    elif pension is not None:
        income, income_target = pension, PENSION

    member = None
    if ID_NUMBER not in problems:       # a wrong ID number may be anyone's: no guess by the name
        member = _match(name, number, roster, columns, problems)
    if problems:
        return None
    if kind is None:                    # by the column filled in: 养老金 is 离退休, an amount alone 固定
        if income is None and amount is not None:
            kind = "fixed"
        else:
            kind = "retired" if income_target == PENSION else "salaried"
    elif income is not None and INCOME in columns.index and PENSION in columns.index:
        wanted = {"salaried": INCOME, "retired": PENSION}.get(kind)
        if wanted is not None and wanted != income_target:
            problems[income_target] = (f"{KIND_LABELS[kind]}党员的金额请填在“{columns.header_for(wanted)}”一列，"
                                       f"不是“{columns.header_for(income_target)}”。")
            return None
    try:
        due = compute_due(kind, income_fen=income, amount_fen=amount, farmer_fen=farmer_fen)
    except UserError as exc:
        blamed = _blame(kind, income, amount, farmer_fen)
        problems[income_target if blamed == INCOME else blamed] = str(exc)
        return None
    assert member is not None
    return IncomeRow(row.number, member.id, member.name, kind, income, amount, due.fen, due.rule)


# --- writing -------------------------------------------------------------------------------------------

def _import_label(count: int) -> str:
    return f"导入党费基数（{count} 人）"


def apply_income_sheet(sheet: IncomeSheet, from_month: str) -> Change:
    """Record every ready row's basis from ``from_month`` in one named change (undoable).

    Refused whole (UserError, nothing written) when the sheet has any problem, has no row to
    import, or a member can no longer be given a basis (left the roster since the check)."""
    from_month = parse_month(from_month)
    if sheet.invalid:
        raise UserError(f"表格中有 {sheet.problem_rows} 行有问题，没有导入任何党费基数。"
                        "请按检查结果改好表格后再导入。")
    if not sheet.ready:
        raise UserError("表格里没有可以导入的党员，没有任何改动。")
    entries = [BasisEntry(r.member_id, r.kind, r.income_fen, r.amount_fen) for r in sheet.ready]
    try:
        change = set_bases.undoable(entries, from_month=from_month)
    except UserError as exc:
        raise UserError(f"{exc}没有导入任何党费基数。") from None
    return replace(change, label=_import_label(len(entries)))


def import_income_sheet(path: Path | str, from_month: str, *, dry_run: bool = False) -> tuple[IncomeSheet, Change | None]:
    """Read, check and (unless ``dry_run`` or refused) apply an income sheet (``dues import``)."""
    from_month = parse_month(from_month)
    sheet = read_income_sheet(path)
    if dry_run or sheet.refused or not sheet.ready:
        return sheet, None
    return sheet, apply_income_sheet(sheet, from_month)


# --- the sheet to fill in ----------------------------------------------------------------------------------

TEMPLATE_HEADERS = ("序号", "姓名", "公民身份号码", "村民小组", "党费类别", "税后月收入（元）", "养老金（元）",
                    "每月交纳（元）", "备注")
TEMPLATE_HEADER_ROW = 3
_TEMPLATE_NOTE = ("填写说明：在职党员填“税后月收入”，离退休党员填“养老金”（每月，元）；农民、学生、下岗失业、"
                  "抚恤救济、低保党员只选“党费类别”；“固定”类别填“每月交纳”；自愿多交的也填在“每月交纳”。"
                  "类别不填时，按填的是税后月收入还是养老金算。")


def write_income_template(path: Path | str, members: Iterable[Member], *, today: dt.date | None = None) -> Path:
    """An .xlsx with one row per member (name, ID number, hamlet) and empty income columns;
    the category is filled in from each member's basis in force this month, where there is one."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    today = today or dt.date.today()
    members = list(members)
    current = bases_on(month_of(today), [m.id for m in members])
    branch = Branch.select().order_by(Branch.id).first()
    title = f"{branch.name if branch else '党支部'}党员党费基数核定表（{today.year}年）"

    def write(target: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        wb = Workbook()
        ws = wb.active
        ws.title = "党费基数"
        last = get_column_letter(len(TEMPLATE_HEADERS))
        _set_text(ws["A1"], title)
        ws["A1"].font = Font(name="黑体", size=16, bold=True)
        ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(f"A1:{last}1")
        ws.row_dimensions[1].height = 30
        _set_text(ws["A2"], _TEMPLATE_NOTE)
        ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"A2:{last}2")
        ws.row_dimensions[2].height = 48
        thin = Side(style="thin", color="999999")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        widths = [text_width(h) + 2 for h in TEMPLATE_HEADERS]
        for col, header in enumerate(TEMPLATE_HEADERS, start=1):
            cell = ws.cell(row=TEMPLATE_HEADER_ROW, column=col)
            _set_text(cell, header)
            cell.font = Font(name="宋体", size=11, bold=True)
            cell.fill = PatternFill("solid", fgColor="EFEFEF")
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center")
        for n, member in enumerate(members, start=1):
            r = TEMPLATE_HEADER_ROW + n
            basis = current.get(member.id)
            values = (n, member.name, member.id_number or "", member.hamlet or "",
                      KIND_LABELS.get(basis.kind, "") if basis else "", None, None, None, None)
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=col)
                if isinstance(value, str):
                    _set_text(cell, quote_for_sheet(value) if value else None)
                    if value:
                        widths[col - 1] = max(widths[col - 1], text_width(value) + 2)
                else:
                    cell.value = value
                cell.border = border
                if col == 3:
                    cell.number_format = "@"            # 18 digits stay text, never 3.7E+17
                elif col in (6, 7, 8):
                    cell.number_format = "0.00"
        if members:
            end = TEMPLATE_HEADER_ROW + len(members)
            choice = DataValidation(type="list", formula1=f'"{",".join(KIND_LABELS.values())}"', allow_blank=True)
            choice.error = "请从列表中选择党费类别。"
            choice.errorTitle = "党费类别"
            ws.add_data_validation(choice)
            choice.add(f"E{TEMPLATE_HEADER_ROW + 1}:E{end}")
            money = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True)
            money.error = "请填写大于 0 的金额（元），最多两位小数。"
            money.errorTitle = "金额"
            ws.add_data_validation(money)
            money.add(f"F{TEMPLATE_HEADER_ROW + 1}:H{end}")
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = min(max(width, 10), 42)
        ws.freeze_panes = ws.cell(row=TEMPLATE_HEADER_ROW + 1, column=3)
        ws.print_title_rows = f"{TEMPLATE_HEADER_ROW}:{TEMPLATE_HEADER_ROW}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        wb.save(target)

    _write_atomically(path, write)
    return path


def summary_text(sheet: IncomeSheet, from_month: str, *, done: bool) -> str:
    """One line on what the import did (or would do)."""
    verb = "已" if done else "可以"
    return (f"{verb}核定 {len(sheet.ready)} 名党员的党费基数，{month_label(parse_month(from_month))}起执行，"
            f"每月应交合计 {yuan_text(sheet.due_total_fen)} 元。")
