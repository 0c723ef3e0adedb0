"""Exporting the roster as a 花名册 spreadsheet (.xlsx) or CSV, and the import check list.

The .xlsx is a sheet a secretary can hand to the township: a title row with the branch name,
the date, a bold frozen header, column widths that fit Chinese text, real dates, and ID numbers
and phones stored as text (never 3.7E+17). The CSV is UTF-8 with BOM so Excel/WPS open it
without garbled characters; ID numbers are written as ="…" so Excel keeps all 18 digits.

Text from the members' records is never a formula: in the .xlsx every such cell is a text cell
(with Excel's quote-prefix mark, so editing it keeps it text), in the CSV a value starting with
= + - @ tab or CR gets a quote in front (CSV injection); reading the file back removes exactly
that quote (core.roster_read.clean_cell).

Every field of the member record is exported, former members included (党籍状态 column), so
that importing the file again gives back exactly the same members.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dangjian_desktop.core.dates import format_date, format_date_cn
from dangjian_desktop.core.member_rules import BOOL_FIELDS, DATE_FIELDS, FIELD_LABELS, month_only_fields
from dangjian_desktop.core.membership import current_group_names
from dangjian_desktop.core.roster_columns import EXTRA_LABELS
from dangjian_desktop.core.roster_read import quote_for_sheet, quote_formula_start
from dangjian_desktop.core.vocab import ACTIVE, STATUS_LABELS
from dangjian_desktop.db.models import Branch, Member
from dangjian_desktop.errors import UserError, os_error_text
from dangjian_desktop.file_modes import give_user_mode

ProgressFn = Callable[[int, int, str], None]

# (key, header) in the order of the sheet; the headers are the names the importer knows.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("index", "序号"),
    ("name", "姓名"),
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("id_number", "公民身份号码"),
    ("birth_date", "出生日期"),
    ("education", "学历"),
    ("category", "人员类别"),
    ("joined_on", "入党日期"),
    ("full_member_on", "转正日期"),
    ("group", "党小组"),
    ("job", "工作岗位"),
    ("phone", "手机号码"),
    ("landline", "固定电话"),
    ("address", "家庭住址"),
    ("hamlet", "村民小组"),
    ("native_place", "籍贯"),
    ("work_started_on", "参加工作时间"),
    ("introducers", "入党介绍人"),
    ("party_post", "党内职务"),
    ("transferred_in_on", "转入日期"),
    ("transferred_in_from", "转入自"),
    ("is_flow", "流动党员"),
    ("flow_destination", "外出流向"),
    ("flow_out_on", "流出日期"),
    ("flow_unit", "流入单位"),
    ("hardship", "困难党员"),
    ("hardship_note", "困难情况"),
    ("status", "党籍状态"),
    ("status_on", "状态日期"),
    ("status_reason", "状态原因"),
    ("transferred_to", "转往"),
    ("note", "备注"),
)
_EXPORT_DATES = set(DATE_FIELDS) | {"status_on"}
_TEXT_NUMBERS = {"id_number", "phone", "landline"}
assert {k for k, _ in EXPORT_COLUMNS} >= set(FIELD_LABELS) | set(EXTRA_LABELS)

HEADER_ROW = 3            # title, info line, header
MAX_WIDTH = 42


@dataclass(frozen=True)
class ExportResult:
    path: Path
    members: int          # rows written
    former: int           # of which no longer on the active roster


def roster_records() -> list[dict[str, object]]:
    """All members with their current group: active members first, each part in pinyin order."""
    group_of = current_group_names()
    records = []
    query = Member.select().order_by((Member.status != ACTIVE), Member.name_pinyin, Member.id).dicts()
    for index, rec in enumerate(query, start=1):
        rec = dict(rec)
        rec["index"] = index
        rec["group"] = group_of.get(rec["id"], "")
        records.append(rec)
    return records


def cell_value(key: str, rec: dict[str, object]) -> object:
    """The value written to the sheet: dates stay dates, a date known to the month only is the
    text 1968.07 (as the branch wrote it, never a made-up day); everything else text or a number."""
    value = rec.get(key)
    if key in DATE_FIELDS and value and key in month_only_fields(rec.get("month_only")):
        return format_date(value, month_only=True)
    if key in BOOL_FIELDS:
        return "是" if value else ""
    if key == "status":
        return STATUS_LABELS.get(str(value), str(value))
    if key == "index":
        return value
    if key in _EXPORT_DATES:
        return value
    return "" if value is None else str(value)


def text_width(text: str) -> int:
    """Display width in Excel character units: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _branch_name() -> str:
    branch = Branch.select().order_by(Branch.id).first()
    return branch.name if branch else "党支部"


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write to a temporary file next to ``path`` and rename it: never half a file."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise UserError(f"文件夹“{folder}”不存在，请换一个保存位置。")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".导出中-", suffix=path.suffix, dir=folder)
        give_user_mode(handle)                  # handed on: not the temporary file's 0600
        os.close(handle)
    except OSError as exc:
        raise UserError(f"不能在“{folder}”中保存文件：{os_error_text(exc)}。请换一个保存位置。") from exc
    temp = Path(temp_name)
    try:
        write(temp)
        os.replace(temp, path)
    except PermissionError as exc:
        raise UserError(
            f"不能写入“{path.name}”：这个文件可能正在 Excel/WPS 中打开。请先关闭它，或者换一个文件名。"
        ) from exc
    except OSError as exc:
        raise UserError(f"保存“{path.name}”时出错：{os_error_text(exc)}。请换一个保存位置再试。") from exc
    finally:
        if temp.exists():
            temp.unlink()


def export_roster(
    path: Path | str, *, today: dt.date | None = None, progress: ProgressFn | None = None
) -> ExportResult:
    """Write the roster to ``path``: .xlsx or .csv by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError("导出的文件名应以 .xlsx（Excel 表格）或 .csv 结尾。")
    today = today or dt.date.today()
    if progress:
        progress(0, 0, "正在整理党员信息…")
    records = roster_records()
    former = sum(1 for r in records if r["status"] != ACTIVE)
    if suffix == ".xlsx":
        _write_atomically(path, lambda target: _write_xlsx(target, records, today, progress))
    else:
        _write_atomically(path, lambda target: _write_csv(target, records))
    return ExportResult(path, len(records), former)


def _write_csv(target: Path, records: list[dict[str, object]]) -> None:
    with open(target, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([header for _, header in EXPORT_COLUMNS])
        for rec in records:
            row = []
            for key, _ in EXPORT_COLUMNS:
                value = cell_value(key, rec)
                if isinstance(value, dt.date):
                    value = format_date(value)
                elif (key == "id_number" or key in _EXPORT_DATES) and value:
                    # Excel would show 3.70124E+17 and drop digits, and read 1968.10 as the number 1968.1
                    value = f'="{value}"'
                elif isinstance(value, str):
                    value = quote_formula_start(value)
                row.append("" if value is None else value)
            writer.writerow(row)


def _set_text(cell, text: str | None) -> None:
    """Put ``text`` into an .xlsx cell as text, never as a formula (openpyxl makes a formula of
    any string starting with =); control characters an .xlsx cannot hold are left out."""
    if text is None:
        cell.value = None
        return
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = text
    cell.data_type = "s"
    if text[:1] in "=+-@":
        cell.quotePrefix = True


def _write_xlsx(target: Path, records: list[dict[str, object]], today: dt.date, progress: ProgressFn | None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    active = sum(1 for r in records if r["status"] == ACTIVE)
    former = len(records) - active
    ncols = len(EXPORT_COLUMNS)
    last = get_column_letter(ncols)

    wb = Workbook()
    ws = wb.active
    ws.title = "党员花名册"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name="宋体", size=11)

    _set_text(ws["A1"], f"{_branch_name()}党员花名册")
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 32
    info = f"导出日期：{format_date_cn(today)}　　在册党员 {active} 人"
    if former:
        info += f"，已不在册 {former} 人（见“党籍状态”一列）"
    _set_text(ws["A2"], info)
    ws["A2"].font = Font(name="宋体", size=11)
    ws.merge_cells(f"A2:{last}2")

    widths = [text_width(header) + 2 for _, header in EXPORT_COLUMNS]
    header_fill = PatternFill("solid", fgColor="EFEFEF")
    for col, (_, header) in enumerate(EXPORT_COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col)
        _set_text(cell, header)
        cell.font = Font(name="宋体", size=11, bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[HEADER_ROW].height = 22

    for n, rec in enumerate(records):
        r = HEADER_ROW + 1 + n
        for col, (key, _) in enumerate(EXPORT_COLUMNS, start=1):
            value = cell_value(key, rec)
            cell = ws.cell(row=r, column=col)
            if isinstance(value, str):
                _set_text(cell, quote_for_sheet(value) if value else None)
            else:
                cell.value = value
            cell.font = body_font
            cell.border = border
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
                widths[col - 1] = max(widths[col - 1], 12)
            elif key in _TEXT_NUMBERS or key in _EXPORT_DATES:
                cell.number_format = "@"     # 1968.07 stays text, not the number 1968.07
                widths[col - 1] = max(widths[col - 1], text_width(str(value)) + 2)
            elif value not in (None, ""):
                widths[col - 1] = max(widths[col - 1], text_width(str(value)) + 2)
        if progress and n % 500 == 0:
            progress(n, len(records), "正在写入表格…")

    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(width, MAX_WIDTH)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)   # header rows and 序号/姓名 stay in view
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    wb.save(target)


# --- the import check list ---------------------------------------------------------------------

def export_problems(report, path: Path | str) -> Path:
    """Save an import report's problems as .xlsx (行号, 列, 问题) so the sheet can be fixed."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")

    def write(target: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "检查结果"
        _set_text(ws["A1"], f"花名册检查结果：{report.source}" if report.source else "花名册检查结果")
        ws["A1"].font = Font(bold=True, size=14)
        lines = [("行号", "列", "问题")]
        lines += [(p.row, p.column, p.message) for p in report.invalid]
        lines += [(i.row, "", f"已跳过：{i.reason}") for i in report.ignored]
        lines += [(n.row, n.column, f"提示（不影响导入）：{n.message}") for n in report.notes]
        for r, line in enumerate(lines, start=2):      # column names and messages quote the sheet
            for c, value in enumerate(line, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, str):
                    _set_text(cell, value or None)
                else:
                    cell.value = value
        for cell in ws[2]:
            cell.font = Font(bold=True)
        ws.column_dimensions["A"].width = 8
        ws.column_dimensions["B"].width = 16
        ws.column_dimensions["C"].width = 90
        for row in ws.iter_rows(min_row=3):
            row[2].alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A3"
        wb.save(target)

    _write_atomically(path, write)
    return path
