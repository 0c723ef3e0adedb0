"""Hostile roster files built in code: minimal .xlsx packages written with zipfile (cells
anywhere on the sheet, lying dimensions, zip bombs), and text in the wrong encodings."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def column_letters(index: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str | None, value) -> str:
    r = f' r="{ref}"' if ref else ""
    if value is None:
        return f'<c{r} s="0"/>'
    if isinstance(value, (int, float)):
        return f"<c{r}><v>{value}</v></c>"
    return f'<c{r} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(cells: dict[tuple[int, int], object], *, dimension: str | None = None, refs: bool = True) -> str:
    """A worksheet holding ``cells`` ((row, column) 1-based -> value; None: a styled empty cell)."""
    rows: dict[int, list[tuple[int, object]]] = {}
    for (row, col), value in cells.items():
        rows.setdefault(row, []).append((col, value))
    parts = [SHEET_HEAD]
    if dimension:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    for row in sorted(rows):
        parts.append(f'<row r="{row}">' if refs else "<row>")
        for col, value in sorted(rows[row], key=lambda item: item[0]):
            parts.append(cell_xml(f"{column_letters(col)}{row}" if refs else None, value))
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def write_xlsx(path: Path, sheet: str | bytes, *, extra: dict[str, bytes] | None = None) -> Path:
    """A minimal one-sheet .xlsx package around ``sheet`` (the worksheet XML)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def roster_cells(rows: list[list[object]], first_row: int = 1) -> dict[tuple[int, int], object]:
    return {(first_row + r, c + 1): value for r, row in enumerate(rows) for c, value in enumerate(row)
            if value is not None}


def write_bomb_xlsx(path: Path, header_rows: list[list[object]], padding_bytes: int) -> Path:
    """A real .xlsx whose sheet XML is padded with ``padding_bytes`` of spaces after the data: the
    zip directory declares the whole size, the file itself stays small (deflate of spaces)."""
    head = sheet_xml(roster_cells(header_rows)).encode("utf-8")
    body, tail = head[: -len(b"</worksheet>")], b"</worksheet>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks = [compressor.compress(body)]
    block = b" " * (1 << 20)
    left = padding_bytes
    while left > 0:
        piece = block[: min(left, len(block))]
        chunks.append(compressor.compress(piece))
        left -= len(piece)
    chunks.append(compressor.compress(tail))
    chunks.append(compressor.flush())
    raw = b"".join(chunks)
    crc = zlib.crc32(body)
    left = padding_bytes
    while left > 0:
        piece = block[: min(left, len(block))]
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    crc = zlib.crc32(tail, crc)
    write_xlsx(path, "<worksheet/>")
    _replace_member(path, "xl/worksheets/sheet1.xml", raw, crc, len(body) + padding_bytes + len(tail))
    return path


def _replace_member(path: Path, name: str, raw: bytes, crc: int, size: int) -> None:
    """Rewrite ``path`` with member ``name`` replaced by already deflated ``raw`` bytes."""
    with zipfile.ZipFile(path) as zf:
        others = [(info, zf.read(info)) for info in zf.infolist() if info.filename != name]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in others:
            zf.writestr(info, data)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.CRC, info.compress_size, info.file_size = crc, len(raw), size
        # zipfile has no public call for pre-compressed data: write the header and bytes directly.
        zf.fp.seek(zf.start_dir)
        info.header_offset = zf.start_dir
        zf.fp.write(info.FileHeader(zip64=size > 0xFFFFFFFF))
        zf.fp.write(raw)
        zf.start_dir = zf.fp.tell()
        zf.filelist.append(info)
        zf.NameToInfo[name] = info
        zf._didModify = True


def file_digest(path: Path) -> str:
    """SHA-256 of a database file (with its -wal file when there is one): to show a refusal
    wrote nothing."""
    import hashlib

    digest = hashlib.sha256(Path(path).read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def understate_member(path: Path, name: str, size: int) -> None:
    """Make the zip's central directory say that member ``name`` unzips to ``size`` bytes."""
    import struct

    with zipfile.ZipFile(path) as zf:
        offset = zf.start_dir
    data = bytearray(path.read_bytes())
    while data[offset:offset + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, offset + 28)
        if data[offset + 46: offset + 46 + name_length].decode() == name:
            struct.pack_into("<I", data, offset + 24, size)
            path.write_bytes(bytes(data))
            return
        offset += 46 + name_length + extra_length + comment_length
    raise AssertionError(f"no member {name}")
