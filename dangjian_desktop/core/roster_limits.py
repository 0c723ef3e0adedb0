"""How big a roster file may be, checked before and while it is read, so that no file can make
the program die or hang.

A branch's roster has at most a few thousand rows; a file far beyond that is damaged, the wrong
file or made to do harm. Before any sheet is read:

- the file itself has a size limit (CSV, and the old .xls/.et OLE files, which are read by
  python-calamine in a child process: a native crash there is told, not fatal);
- a zip container (.xlsx, .xlsm, .ods) is checked from its directory (number of members, the
  total and each member's unzipped size, the ratio of unzipped to zipped size), and then every
  member is unzipped here with those limits: a directory that understates a member (a zip bomb)
  is caught, not believed;
- in an .xlsx every worksheet's cell positions are read from its XML (python-calamine builds a
  full grid from A1 to the last cell that holds something: one value at XFD1048576 would need
  seventeen billion cells). The real end of the roster is where more than ``gap_rows`` empty rows
  (``gap_columns`` empty columns) follow; a stray cell beyond it is left unread and told in one
  line; what remains must fit ``max_rows`` x ``max_columns``.

A cell longer than ``cell_chars`` is cut while reading (its full length is kept for the message):
nothing before validation — header detection, flow words, hamlets, pinyin — works on a megabyte
of text. core.member_rules.FIELD_MAX_LENGTH is far below that limit, so such a cell is always
refused by validation.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.core.member_rules import FIELD_MAX_LENGTH
from dangjian_desktop.errors import UserError

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    max_rows: int = 20_000                 # rows of a sheet (title rows included) / lines of a CSV
    max_columns: int = 200
    cell_chars: int = 5 * max(FIELD_MAX_LENGTH.values())
    text_bytes: int = 32 * MB              # a CSV file
    workbook_bytes: int = 64 * MB          # an .xlsx/.xls/.et/.ods file as it is on disk
    unzipped_total: int = 200 * MB
    unzipped_member: int = 100 * MB
    zip_ratio: int = 100                   # unzipped / zipped, for members of more than ratio_from
    ratio_from: int = 5 * MB
    zip_members: int = 5_000
    gap_rows: int = 1_000                  # this many empty rows end the roster
    gap_columns: int = 50
    child_timeout: float = 120.0           # seconds for reading a sheet in the child process
    child_memory: int = 3 * 1024 * MB      # address space of the child process (POSIX only)


LIMITS = ReadLimits()


def limits() -> ReadLimits:
    """The limits in force (a module attribute, so that tests can set smaller ones)."""
    return LIMITS


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= 10 * MB else f"{size / MB:.1f} MB"


def too_large_file(name: str, size: int, limit: int) -> UserError:
    return UserError(
        f"文件“{name}”有 {_mb(size)}，比一份党员花名册大得多（最多 {_mb(limit)}），没有读取。"
        "请确认选对了文件；如果是花名册，请在 Excel/WPS 里删掉不需要的工作表和图片，“另存为” .xlsx 后再导入。"
    )


def too_many_rows(where: str, rows: int, lim: ReadLimits) -> UserError:
    return UserError(
        f"{where}有 {rows} 行，一个党支部的花名册不会有这么多（最多 {lim.max_rows} 行），没有导入。"
        "请确认选对了文件；如果是几个支部合在一起的表，请分开后再导入。"
    )


def too_many_columns(where: str, columns: int, lim: ReadLimits) -> UserError:
    return UserError(
        f"{where}有 {columns} 列，花名册不会有这么多列（最多 {lim.max_columns} 列），没有导入。"
        "请确认选对了文件，或者在 Excel/WPS 里删掉右边不需要的列后再导入。"
    )


def _not_a_roster(name: str, why: str) -> UserError:
    return UserError(
        f"表格“{name}”{why}，不像正常的花名册（可能已损坏，或者是有意做坏的文件），没有读取。"
        "请在 Excel/WPS 里打开它，“另存为” .xlsx 后再导入。"
    )


# --- the real end of the data ------------------------------------------------------------------

def real_end(used: list[int], gap: int) -> tuple[int, int | None]:
    """(last used index before a gap of more than ``gap`` unused ones, first used index after it
    or None) for the sorted, distinct 1-based indexes ``used``."""
    if not used:
        return 0, None
    end = used[0]
    for index in used[1:]:
        if index - end > gap + 1:
            return end, index
        end = index
    return end, None


# --- zip containers ----------------------------------------------------------------------------

@dataclass
class SheetScan:
    """Where one worksheet of an .xlsx has cells that hold something (from its XML)."""

    member: str                          # path inside the zip: xl/worksheets/sheet1.xml
    rows: int = 0                        # real end: last row / column of the roster
    columns: int = 0
    beyond: str = ""                     # the first cell holding something past the real end (AZ1048576)
    beyond_row: int = 0
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)   # 0-based


@dataclass
class ZipCheck:
    """The result of checking a zip container: ``trusted`` when every worksheet's cells are known
    (an .xlsx written the usual way), so python-calamine may read it in this process."""

    trusted: bool
    sheets: dict[str, SheetScan] = field(default_factory=dict)

    @property
    def has_stray_cells(self) -> bool:
        return any(s.beyond for s in self.sheets.values())


# A cell with a position and content: <c r="AZ12" …> (not the empty, self-closing <c r="B3" s="1"/>).
_CELL_WITH_CONTENT = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)>')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def column_number(letters: bytes | str) -> int:
    """A -> 1, AZ -> 52, XFD -> 16384."""
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(ch) - 64
    return number


def check_zip(path: Path, lim: ReadLimits, *, scan_sheets: bool) -> ZipCheck:
    """Check a zip container and unzip every member within the limits; with ``scan_sheets`` (an
    .xlsx) also find the cells of every worksheet. Raises :class:`UserError` for a file beyond the
    limits or damaged."""
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UserError(
            f"表格“{name}”打不开，可能已经损坏，或者不是真正的 Excel 文件。请用 Excel/WPS 打开它，“另存为” .xlsx 后再导入。"
        ) from exc
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > lim.zip_members:
            raise _not_a_roster(name, f"里面有 {len(infos)} 个部件")
        total = sum(i.file_size for i in infos)
        if total > lim.unzipped_total:
            raise _not_a_roster(name, f"解压后有 {_mb(total)}（最多 {_mb(lim.unzipped_total)}）")
        for info in infos:
            if info.file_size > lim.unzipped_member:
                raise _not_a_roster(name, f"里面有一部分解压后有 {_mb(info.file_size)}")
            if info.file_size > lim.ratio_from and info.file_size > lim.zip_ratio * max(info.compress_size, 1):
                raise _not_a_roster(name, f"里面有一部分解压后比原来大 {info.file_size // max(info.compress_size, 1)} 倍")
            if info.flag_bits & 0x1:
                raise UserError(f"表格“{name}”设置了打开密码，请在 Excel/WPS 中取消密码、另存后再导入。")
        check = ZipCheck(trusted=scan_sheets)
        with open(path, "rb") as raw:
            for info in infos:
                data = _unzip(raw, info, name)
                if data is None:
                    check.trusted = False
                    continue
                if scan_sheets and (b"<sheetData" in data or b":sheetData" in data):
                    scan = _scan_sheet(info.filename, data, lim)
                    if scan is None:
                        check.trusted = False
                    else:
                        check.sheets[info.filename] = scan
        return check


def _unzip(raw, info: zipfile.ZipInfo, name: str) -> bytes | None:
    """The member's bytes, unzipped here and never more than the directory says (a member whose
    data is longer than that, or whose check sum differs, is damaged); None for a compression
    method this check does not know (the file is then read in the child process)."""
    damaged = _not_a_roster(name, "里面有一部分和文件目录里记的大小不符")
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise damaged
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    packed = raw.read(info.compress_size)
    if len(packed) != info.compress_size:
        raise damaged
    if info.compress_type == zipfile.ZIP_STORED:
        data = packed
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(packed, info.file_size + 1)
        except zlib.error as exc:
            raise damaged from exc
        if len(data) > info.file_size or not inflater.eof:
            raise damaged
    else:
        return None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        raise damaged
    return data


def _scan_sheet(member: str, data: bytes, lim: ReadLimits) -> SheetScan | None:
    """The real end of a worksheet's roster from the positions of its cells; None when a cell has
    no position written the usual way (r="A1" first), so that its place cannot be known here."""
    if b":sheetData" in data:
        return None                                   # namespace prefixes: not checked here
    cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/")
    if data.count(b'<c r="') != cells:
        return None
    found = _CELL_WITH_CONTENT.findall(data)
    rows = sorted({int(r) for r in {row for _, row in found}})
    columns = sorted({column_number(c) for c in {col for col, _ in found}})
    scan = SheetScan(member)
    scan.rows, beyond_row = real_end(rows, lim.gap_rows)
    scan.columns, beyond_column = real_end(columns, lim.gap_columns)
    if beyond_row or beyond_column:
        far = [(int(r), column_number(c), c.decode(), r.decode()) for c, r in found
               if int(r) > scan.rows or column_number(c) > scan.columns]
        row, _, letters, digits = min(far)
        scan.beyond, scan.beyond_row = f"{letters}{digits}", row
    for c0, r0, c1, r1 in _MERGE.findall(data):
        scan.merged.append(((int(r0) - 1, column_number(c0) - 1), (int(r1) - 1, column_number(c1) - 1)))
    return scan


def beyond_note(cell: str) -> str:
    """The one line told for content left unread past the real end of the roster."""
    return (f"表格里离花名册很远的地方（{cell} 格起）还有内容，中间隔着大片空白，不像党员信息，没有读取；"
            "如果那里确实有党员，请把他们移到名单里再导入")
