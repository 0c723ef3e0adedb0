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
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.core import roster_limits
from dangjian_desktop.core.csv_encoding import ENCODING_LABELS, decode_text
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
_FORMULA_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)   # ="370124…" keeps long numbers as text in Excel
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
    reader: str = ""               # "calamine" (in this process or a child), "openpyxl" or "csv"
    encoding: str | None = None    # CSV only: the encoding that was detected
    beyond: str = ""               # content left unread past the real end (roster_limits.beyond_note)
    beyond_row: int = 0

    @property
    def encoding_label(self) -> str:
        """The CSV encoding as the user knows it (UTF-8, GBK/GB18030 …); "" for a workbook."""
        return ENCODING_LABELS.get(self.encoding, self.encoding) if self.encoding else ""

    @property
    def where(self) -> str:
        """How the sheet is named in messages: 文件“x.xlsx”的工作表“花名册”."""
        if self.sheet:
            return f"文件“{self.path.name}”的工作表“{self.sheet}”"
        return f"文件“{self.path.name}”"


class LongText(str):
    """The start of a cell longer than ReadLimits.cell_chars; ``length`` is the whole cell's."""

    length: int

    def __new__(cls, text: str, length: int):
        self = super().__new__(cls, text)
        self.length = length
        return self

    def __reduce__(self):
        return (LongText, (str(self), self.length))


def clean_cell(value: Cell, max_chars: int | None = None) -> Cell:
    """Blank strings become None; ``="…"`` text wrappers are removed, and the quote the export
    puts before a formula start ('=1+1 is the text =1+1). Text longer than ``max_chars`` is cut
    to a :class:`LongText` that remembers its length."""
    if value is None:
        return None
    if isinstance(value, str):
        if max_chars is not None and len(value) > max_chars:
            return LongText(value[:max_chars].replace("\x00", ""), len(value))
        if not value.strip():
            return None
        if _QUOTED_FORMULA_START.match(value):
            return value[1:].replace("\x00", "")
        match = _FORMULA_TEXT.match(value.strip())
        if match:
            inner = match.group(1)
            return inner if inner.strip() else None
        return value.replace("\x00", "")
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def read_sheets(path: Path | str, *, reader: str = "auto") -> list[RosterTable]:
    """All non-empty sheets of a workbook (in workbook order), or the one table of a CSV file.

    ``reader`` is "auto", "calamine" or "openpyxl" (the last two for workbooks; used by the
    benchmark and tests). Raises :class:`UserError` with a Chinese message for files that
    cannot be read, and for files beyond core.roster_limits (checked before reading).
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
    lim = roster_limits.limits()
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if suffix in CSV_SUFFIXES:
        if size > lim.text_bytes:
            raise roster_limits.too_large_file(path.name, size, lim.text_bytes)
        return [read_csv(path)]
    if size > lim.workbook_bytes:
        raise roster_limits.too_large_file(path.name, size, lim.workbook_bytes)
    if magic == b"PK\x03\x04":
        check = roster_limits.check_zip(path, lim, scan_sheets=suffix in (".xlsx", ".xlsm"))
        for scan in check.sheets.values():
            if scan.rows > lim.max_rows:
                raise roster_limits.too_many_rows(f"表格“{path.name}”的一个工作表", scan.rows, lim)
            if scan.columns > lim.max_columns:
                raise roster_limits.too_many_columns(f"表格“{path.name}”的一个工作表", scan.columns, lim)
    else:
        check = roster_limits.ZipCheck(trusted=False)
    if not check.trusted:
        return _read_in_child(path, lim)        # .xls/.et/.ods, or cells whose place is not known
    if reader == "openpyxl" or check.has_stray_cells:
        return _read_openpyxl(path, check, lim)
    try:
        return _read_calamine(path, lim)
    except UserError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        if suffix in (".xlsx", ".xlsm") and reader == "auto":
            return _read_openpyxl(path, check, lim, first_error=exc)
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


def _clean_grid(rows, max_chars: int) -> list[list[Cell]]:
    return [[clean_cell(v, max_chars) for v in row] for row in rows]


def _read_calamine(path: Path, lim: roster_limits.ReadLimits) -> list[RosterTable]:
    """Read in this process: only for an .xlsx whose cells roster_limits.check_zip has seen."""
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
            grid = _clean_grid(sheet.to_python(skip_empty_area=False), lim.cell_chars)
            _fill_merged_down(grid, _merged_ranges(sheet))
            rows = _to_rows(grid)
            _check_size(path, meta.name, rows, lim)
            if rows:
                tables.append(RosterTable(path, _kind(path), meta.name, rows, reader="calamine"))
    finally:
        workbook.close()
    return tables


def _merged_ranges(sheet):
    try:
        return sheet.merged_cell_ranges
    except Exception:  # noqa: BLE001 (not available for every format)
        return None


def _check_size(path: Path, sheet: str | None, rows: list[SheetRow], lim: roster_limits.ReadLimits) -> None:
    where = f"文件“{path.name}”的工作表“{sheet}”" if sheet else f"文件“{path.name}”"
    if rows and rows[-1].number > lim.max_rows:
        raise roster_limits.too_many_rows(where, rows[-1].number, lim)
    width = max((len(r.cells) for r in rows), default=0)
    if width > lim.max_columns:
        raise roster_limits.too_many_columns(where, width, lim)


def _read_openpyxl(
    path: Path, check: roster_limits.ZipCheck, lim: roster_limits.ReadLimits, first_error: BaseException | None = None,
) -> list[RosterTable]:
    """Read with openpyxl's streaming reader up to the real end of each sheet (a stray cell far
    beyond it is never reached): for sheets with such cells, and when python-calamine fails."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _unreadable(path, first_error or exc) from exc
    tables = []
    try:
        for ws in workbook.worksheets:
            if ws.sheet_state != "visible":
                continue
            scan = check.sheets.get(str(getattr(ws, "_worksheet_path", "")).lstrip("/"))
            rows_to, columns_to = (scan.rows, scan.columns) if scan else (lim.max_rows + 1, lim.max_columns + 1)
            if not rows_to or not columns_to:
                continue
            values = ws.iter_rows(max_row=rows_to, max_col=columns_to, values_only=True)
            grid = _clean_grid(values, lim.cell_chars)
            _fill_merged_down(grid, scan.merged if scan else None)
            rows = _to_rows(grid)
            _check_size(path, ws.title, rows, lim)
            if rows:
                table = RosterTable(path, _kind(path), ws.title, rows, reader="openpyxl")
                if scan and scan.beyond:
                    table.beyond, table.beyond_row = roster_limits.beyond_note(scan.beyond), scan.beyond_row
                tables.append(table)
    except UserError:
        raise
    except Exception as exc:
        raise _unreadable(path, first_error or exc) from exc
    finally:
        workbook.close()
    return tables


# --- reading in a child process ----------------------------------------------------------------

UNREADABLE_SHEET = "（可能已损坏或不是正常的花名册），请在 Excel/WPS 里打开后另存为 .xlsx 再导入。"


def _read_in_child(path: Path, lim: roster_limits.ReadLimits) -> list[RosterTable]:
    """Read the workbook with python-calamine in a child process: a file whose cells could not be
    checked beforehand may make the native reader abort or take all memory; that ends the child,
    never the program, and is told in one Chinese sentence."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_read, args=(str(path), lim, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(lim.child_timeout):
            raise UserError(f"表格“{path.name}”读了 {lim.child_timeout:.0f} 秒还没有读完{UNREADABLE_SHEET}")
        answer = receiver.recv()
    except (EOFError, OSError) as exc:
        raise UserError(f"这个表格文件“{path.name}”读不出来{UNREADABLE_SHEET}") from exc
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join(5)
    status, payload = answer
    if status == "error":
        kind, text = payload
        if kind == "limit":
            raise UserError(text)
        if path.suffix.lower() == ".et":
            raise UserError(f"WPS 表格“{path.name}”（.et 格式）读不出来。{SAVE_ET_AS_XLSX}")
        raise _unreadable(path, PermissionError(text) if kind == "permission" else RuntimeError(text))
    tables = []
    for name, grid, beyond, beyond_row in payload:
        rows = _to_rows(grid)
        if rows:
            tables.append(RosterTable(path, _kind(path), name, rows, reader="calamine",
                                      beyond=beyond, beyond_row=beyond_row))
    return tables


def _child_read(path: str, lim: roster_limits.ReadLimits, sender) -> None:
    """In the child process: read every visible sheet up to its real end and send it back."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (lim.child_memory, lim.child_memory))
    except (ImportError, ValueError, OSError):
        pass                                     # Windows: the timeout is the limit
    try:
        sender.send(("ok", _sheets_of(Path(path), lim)))
    except UserError as exc:
        sender.send(("error", ("limit", str(exc))))
    except PermissionError as exc:
        sender.send(("error", ("permission", str(exc))))
    except BaseException as exc:  # noqa: BLE001 (told to the parent, which explains it)
        sender.send(("error", ("other", str(exc))))
    finally:
        sender.close()


def _sheets_of(path: Path, lim: roster_limits.ReadLimits) -> list[tuple[str, list, str, int]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    out = []
    try:
        for meta in workbook.sheets_metadata:
            if str(getattr(meta, "visible", "")).lower().endswith("hidden"):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            where = f"文件“{path.name}”的工作表“{meta.name}”"
            grid, beyond, beyond_row = _bounded_grid(sheet, where, lim)
            _fill_merged_down(grid, _merged_ranges(sheet))
            out.append((meta.name, grid, roster_limits.beyond_note(beyond) if beyond else "", beyond_row))
    finally:
        workbook.close()
    return out


def _bounded_grid(sheet, where: str, lim: roster_limits.ReadLimits) -> tuple[list[list[Cell]], str, int]:
    """The rows of a python-calamine sheet up to the real end of the roster (roster_limits), each
    cut after the columns a roster can have; the first cell left unread past that end."""
    first_column = sheet.start[1] if sheet.start else 0
    keep = lim.max_columns + lim.gap_columns + 1
    pad: list[Cell] = [None] * first_column
    grid: list[list[Cell]] = []
    used_rows: list[int] = []
    beyond, beyond_row = "", 0
    far_right = 0                                     # a row with content only far to the right
    for index, row in enumerate(sheet.iter_rows()):
        cells = (pad + list(row[:max(keep - first_column, 0)]))[:keep]
        cleaned = [clean_cell(v, lim.cell_chars) for v in cells]
        if all(v is None for v in cleaned):
            if not far_right and len(row) + first_column > keep and any(v not in ("", None) for v in row):
                far_right = index + 1
            continue
        if used_rows and index + 1 - used_rows[-1] > lim.gap_rows + 1:
            beyond, beyond_row = f"第 {index + 1} 行", index + 1
            break
        used_rows.append(index + 1)
        while len(grid) < index:
            grid.append([])
        grid.append(cleaned)
        if index + 1 > lim.max_rows:
            raise roster_limits.too_many_rows(where, index + 1, lim)
    columns = sorted({c + 1 for cells in grid for c, v in enumerate(cells) if v is not None})
    end, far = roster_limits.real_end(columns, lim.gap_columns)
    if far is not None:
        if not beyond:
            row = next(r for r, cells in enumerate(grid) if len(cells) >= far and cells[far - 1] is not None)
            beyond, beyond_row = f"{excel_column_letter(far - 1)}{row + 1}", row + 1
        grid = [cells[:end] for cells in grid]
    if end > lim.max_columns:
        raise roster_limits.too_many_columns(where, end, lim)
    if far_right and not beyond:
        beyond, beyond_row = f"第 {far_right} 行右边", far_right
    return grid, beyond, beyond_row


# --- CSV ---------------------------------------------------------------------------------------

def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:10]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path) -> RosterTable:
    """The CSV file's records up to the real end of the roster (roster_limits: a long run of
    empty lines ends it; a stray line after it is told once, not read)."""
    lim = roster_limits.limits()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    text, encoding = decode_text(data, path.name)
    del data
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    keep = lim.max_columns + lim.gap_columns + 1
    rows: list[SheetRow] = []
    table = RosterTable(path, "csv", None, rows, reader="csv", encoding=encoding)
    line = 1
    last_filled = 0
    try:
        for record in reader:
            cells = [clean_cell(v, lim.cell_chars) for v in record[:keep]]
            if any(c is not None for c in cells) or any(v.strip() for v in record[keep:]):
                if last_filled and line - last_filled > lim.gap_rows + 1:
                    table.beyond, table.beyond_row = roster_limits.beyond_note(f"第 {line} 行"), line
                    break
                if line > lim.max_rows:
                    raise roster_limits.too_many_rows(f"文件“{path.name}”", line, lim)
                last_filled = line
            if not last_filled or line - last_filled <= lim.gap_rows + 1:
                rows.append(SheetRow(line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise UserError(
                f"CSV 文件“{path.name}”第 {line} 行附近有一格内容太长（超过十万字），不像党员花名册，没有导入。"
                "请用 Excel/WPS 打开它检查，删掉那一格后另存再试。"
            ) from exc
        raise UserError(
            f"CSV 文件“{path.name}”第 {line} 行附近格式不对（可能是引号没有配对），没有导入。"
            "请用 Excel/WPS 打开它，“另存为” .xlsx 后再导入。"
        ) from exc
    while rows and all(c is None for c in rows[-1].cells):
        rows.pop()
    columns = sorted({c + 1 for r in rows for c, v in enumerate(r.cells) if v is not None})
    end, far = roster_limits.real_end(columns, lim.gap_columns)
    if far is not None:
        first = next(r for r in rows if len(r.cells) >= far and r.cells[far - 1] is not None)
        if not table.beyond:
            table.beyond = roster_limits.beyond_note(f"第 {first.number} 行第 {far} 列")
            table.beyond_row = first.number
        for r in rows:
            del r.cells[end:]
    if end > lim.max_columns:
        raise roster_limits.too_many_columns(f"文件“{path.name}”", end, lim)
    return table


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
