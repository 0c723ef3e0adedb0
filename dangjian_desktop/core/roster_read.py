"""Reading a roster file into rows of cell values, each with the row number the user sees.

Excel and WPS workbooks (.xlsx, .xlsm, old .xls, .ods, and WPS's own .et, which is the old
Excel binary format inside) are read with python-calamine (measured about ten times faster than
openpyxl's read-only mode on a 5,000-row sheet; see benchmarks/roster_import.py); openpyxl is
the fallback for an .xlsx calamine cannot open. An .et that calamine cannot read is explained:
how to save it as .xlsx in WPS.
CSV files are decoded strictly as UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text",
with or without BOM) or GBK/GB18030 (what Excel saves on a Chinese Windows); anything else is
refused naming the encoding to save in (core.csv_encoding).

Row numbers: for a workbook, the row number shown at the left of Excel/WPS (1-based, title rows
counted); for a CSV file, the line number where the record starts.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.core.csv_encoding import ENCODING_LABELS as ENCODING_LABELS  # for the import dialog
from dangjian_desktop.core.csv_encoding import decode_text
from dangjian_desktop.errors import UserError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
CSV_SUFFIXES = (".csv", ".txt")
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES + CSV_SUFFIXES
FILE_FILTER = "花名册表格 (*.xlsx *.xls *.xlsm *.et *.ods *.csv *.txt)"
SAVE_ET_AS_XLSX = (
    "请在 WPS 中打开它，点左上角“文件”→“另存为”，“文件类型”选“Excel 工作簿（*.xlsx）”，"
    "保存后再导入新存的那个文件。"
)

Cell = object  # None, str, int, float, bool, datetime.date or datetime.datetime
_FORMULA_TEXT = re.compile(r'^="(.*)"$', re.S)   # ="370124…" keeps long numbers as text in Excel
# A cell starting with one of = + - @ tab CR is run as a formula by Excel/WPS when a CSV file is
# opened (CSV injection): the export puts a quote before it, as spreadsheet-safe exporters do, also
# before text that already has quotes in front of such a start ('=x is written ''=x). Reading takes
# exactly one quote away from a cell of that shape, so the program's own file comes back exact.
_QUOTED_FORMULA_START = re.compile(r"^'+[=+\-@\t\r]")
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")


def quote_formula_start(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs: '=1+1 for =1+1 (see :func:`clean_cell`)."""
    return "'" + text if _FORMULA_START.match(text) else text


def quote_for_sheet(text: str) -> str:
    """``text`` as a text cell of an .xlsx that :func:`clean_cell` reads back unchanged: a quote is
    added only where reading would take one away or unwrap ="…" (a text cell is never a formula)."""
    if _QUOTED_FORMULA_START.match(text) or _FORMULA_TEXT.match(text.strip()):
        return "'" + text
    return text


@dataclass
class SheetRow:
    number: int            # row number the user sees (Excel row / CSV line)
    cells: list[Cell]      # None for a blank cell


@dataclass
class RosterTable:
    """One sheet (or the CSV file) as rows of cell values."""

    path: Path
    kind: str                      # "xlsx", "xls", "ods" or "csv"
    sheet: str | None              # sheet name; None for CSV
    rows: list[SheetRow] = field(default_factory=list)
    reader: str = ""               # "calamine", "openpyxl" or "csv"
    encoding: str | None = None    # CSV only: the encoding that was detected

    @property
    def where(self) -> str:
        """How the sheet is named in messages: 文件“x.xlsx”的工作表“花名册”."""
        if self.sheet:
            return f"文件“{self.path.name}”的工作表“{self.sheet}”"
        return f"文件“{self.path.name}”"


def clean_cell(value: Cell) -> Cell:
    """Blank strings become None; ``="…"`` text wrappers are removed, and the quote the export
    puts before a formula start ('=1+1 is the text =1+1)."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        if _QUOTED_FORMULA_START.match(value):
            return value[1:].replace("\x00", "")
        match = _FORMULA_TEXT.match(value.strip())
        if match:
            inner = match.group(1)
            return inner if inner.strip() else None
        return value.replace("\x00", "")
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def read_sheets(path: Path | str, *, reader: str = "auto") -> list[RosterTable]:
    """All non-empty sheets of a workbook (in workbook order), or the one table of a CSV file.

    ``reader`` is "auto", "calamine" or "openpyxl" (the last two for workbooks; used by the
    benchmark and tests). Raises :class:`UserError` with a Chinese message for files that
    cannot be read.
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件“{path}”。请确认文件还在原来的位置。")
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，请选择花名册表格文件。")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UserError(
            f"不认识“{path.name}”这种文件。请选择 Excel/WPS 表格（.xlsx 或 .xls）或 CSV 文件。"
        )
    if suffix in CSV_SUFFIXES:
        return [read_csv(path)]
    if reader == "openpyxl":
        return _read_openpyxl(path)
    try:
        return _read_calamine(path)
    except UserError:
        raise
    except Exception as exc:
        if suffix in (".xlsx", ".xlsm") and reader == "auto":
            return _read_openpyxl(path, first_error=exc)
        if suffix == ".et":
            raise UserError(f"WPS 表格“{path.name}”（.et 格式）读不出来。{SAVE_ET_AS_XLSX}") from exc
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: BaseException) -> UserError:
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return UserError(f"表格“{path.name}”设置了打开密码，请在 Excel/WPS 中取消密码、另存后再导入。")
    if isinstance(exc, PermissionError):
        return UserError(f"没有权限读取“{path.name}”。如果它正在 Excel/WPS 中打开，请先关闭再试。")
    return UserError(
        f"表格“{path.name}”打不开，可能已经损坏，或者不是真正的 Excel 文件。"
        "请用 Excel/WPS 打开它，“另存为” .xlsx 后再导入。"
    )


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".xlsm": "xlsx"}.get(suffix, suffix.lstrip("."))


def _fill_merged_down(grid: list[list[Cell]], ranges) -> None:
    """A cell merged over several rows (党小组 over its members) counts for every row."""
    for (r0, c0), (r1, c1) in ranges or ():
        if r1 <= r0 or r0 >= len(grid):
            continue
        top = grid[r0]
        value = top[c0] if c0 < len(top) else None
        if value is None:
            continue
        for r in range(r0 + 1, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            if c0 < len(row) and row[c0] is None:
                row[c0] = value


def _to_rows(grid: list[list[Cell]]) -> list[SheetRow]:
    rows = [SheetRow(index + 1, cells) for index, cells in enumerate(grid)]
    while rows and all(c is None for c in rows[-1].cells):
        rows.pop()
    return rows


def _read_calamine(path: Path) -> list[RosterTable]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PermissionError as exc:
        raise _unreadable(path, exc) from exc
    tables = []
    try:
        for meta in workbook.sheets_metadata:
            if str(getattr(meta, "visible", "")).lower().endswith("hidden"):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            grid = [[clean_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
            try:
                merged = sheet.merged_cell_ranges
            except Exception:  # not available for every format
                merged = None
            _fill_merged_down(grid, merged)
            rows = _to_rows(grid)
            if rows:
                tables.append(RosterTable(path, _kind(path), meta.name, rows, reader="calamine"))
    finally:
        workbook.close()
    return tables


def _read_openpyxl(path: Path, first_error: BaseException | None = None) -> list[RosterTable]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:
        raise _unreadable(path, first_error or exc) from exc
    tables = []
    try:
        for ws in workbook.worksheets:
            if ws.sheet_state != "visible":
                continue
            grid = [[clean_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            merged = [
                ((r.min_row - 1, r.min_col - 1), (r.max_row - 1, r.max_col - 1)) for r in ws.merged_cells.ranges
            ]
            _fill_merged_down(grid, merged)
            rows = _to_rows(grid)
            if rows:
                tables.append(RosterTable(path, _kind(path), ws.title, rows, reader="openpyxl"))
    finally:
        workbook.close()
    return tables


# --- CSV ---------------------------------------------------------------------------------------

def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:10]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path) -> RosterTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    text, encoding = decode_text(data, path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[SheetRow] = []
    line = 1
    try:
        for record in reader:
            rows.append(SheetRow(line, [clean_cell(v) for v in record]))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UserError(f"CSV 文件“{path.name}”第 {line} 行附近格式不对（{exc}），请用 Excel/WPS 打开后另存再试。") from exc
    while rows and all(c is None for c in rows[-1].cells):
        rows.pop()
    return RosterTable(path, "csv", None, rows, reader="csv", encoding=encoding)


def cell_is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def excel_column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
