"""Which text encoding a CSV roster is in, decoded strictly: no character is ever replaced.

Excel and WPS save CSV as UTF-8 (with or without BOM), as GBK/GB18030 (plain "CSV" on a Chinese
Windows) or as UTF-16 ("Unicode 文本", with or without BOM). What is none of these is refused in
plain words with the encoding to save in, instead of being read as mojibake:

- UTF-16 without BOM is told by its NUL bytes (every ASCII character has one, on the odd byte
  for little-endian, on the even byte for big-endian);
- a file with some lines in UTF-8 and others in GBK (rows pasted from two files) is refused
  naming a line of each;
- a file that decodes as GB18030 but whose characters are mostly not the hanzi of the
  《通用规范汉字表》 (kana, box drawing, private-use and rare hanzi: what Big5 or Shift-JIS bytes
  become when read as GBK) is refused naming what it looks like.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from dangjian_desktop.errors import UserError
from dangjian_desktop.resources_path import resource

ENCODING_LABELS = {
    "utf-8-sig": "UTF-8（带 BOM）",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "gb18030": "GBK/GB18030",
}
SAVE_AS_UTF8 = "请在 Excel/WPS 里打开它（看文字正常时），点“文件”→“另存为”，选“CSV UTF-8（逗号分隔）”或 .xlsx，保存后再导入新存的那个文件。"
# The plausibility check of a GB18030 reading: at least this many letters that are no common hanzi,
# and at least this share of all letters, and it is not Chinese text.
MIN_ODD_LETTERS = 5
MAX_ODD_SHARE = 0.2


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The 8,105 characters of the 《通用规范汉字表》 (resources/fonts/tongyong-guifan-8105.txt,
    the list reports.charsets measures the fonts against; core reads the file itself)."""
    found = set()
    for line in resource("fonts", "tongyong-guifan-8105.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("U+"):
            found.add(chr(int(line.split("\t", 1)[0].removeprefix("U+"), 16)))
    return frozenset(found)


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """The text of CSV bytes and the encoding found (a key of ENCODING_LABELS). Raises
    :class:`UserError` naming the file ``name`` when the bytes are no text in a known encoding."""
    return _decode(data, f"文件“{name}”" if name else "这个文件")


def _decode(data: bytes, label: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict_utf8(data[3:], label), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict_utf16(data, "utf-16", label), "utf-16"
    if b"\x00" in data:
        return _with_nul_bytes(data, label)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed:
        raise UserError(_mixed_message(label, *mixed))
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UserError(_foreign_message(data, label, _line_of(data, exc.start))) from exc
    if not plausible_chinese(text):
        raise UserError(_foreign_message(data, label, None))
    return text, "gb18030"


def plausible_chinese(text: str) -> bool:
    """Whether the letters of ``text`` are mostly ASCII or common hanzi (a roster's words), not the
    kana, box drawing, private-use characters and rare hanzi of a Big5 or Shift-JIS file read as GBK."""
    common = common_hanzi()
    good = odd = 0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in common:
            good += 1
        elif _is_letter_like(ch):
            odd += 1
    return not (odd >= MIN_ODD_LETTERS and odd > MAX_ODD_SHARE * (good + odd))


def _is_letter_like(ch: str) -> bool:
    """A character that counts against a GB18030 reading: letters and symbols outside the common
    hanzi; punctuation, spaces, digits and full-width forms (（，：１) are what rosters use."""
    if "\uff00" <= ch <= "\uffef":
        return False
    category = unicodedata.category(ch)
    return category[0] in "LS" or category == "Co"


def _strict_utf8(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        mixed = _mixed_lines(data)
        if mixed:
            raise UserError(_mixed_message(label, *mixed)) from exc
        raise UserError(_damaged_message(label, _line_of(data, exc.start))) from exc


def _strict_utf16(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].decode(codec, errors="ignore").count("\n") + 1
        raise UserError(_damaged_message(label, line)) from exc


def _with_nul_bytes(data: bytes, label: str) -> tuple[str, str]:
    """UTF-16 without BOM (told by where its NUL bytes are), a workbook saved under a .csv name,
    or no text at all."""
    if data.startswith(b"PK\x03\x04"):
        raise UserError(f"{label}其实是 Excel 表格（.xlsx），只是文件名的结尾写成了 .csv。"
                        "请把文件名的结尾改成 .xlsx 再导入。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError(f"{label}其实是 Excel/WPS 表格（.xls 或 .et），只是文件名的结尾写成了 .csv。"
                        "请把文件名的结尾改成 .xls 再导入。")
    pairs = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if pairs and odd >= 0.1 * pairs and even <= odd / 20:
        return _strict_utf16(data, "utf-16-le", label), "utf-16"
    if pairs and even >= 0.1 * pairs and odd <= even / 20:
        return _strict_utf16(data, "utf-16-be", label), "utf-16"
    if data.count(0) * 100 > len(data):
        raise UserError(f"{label}不是文字的 CSV 表格（里面有很多看不懂的字节），可能已损坏或选错了文件。"
                        "请在 Excel/WPS 里打开花名册，“另存为”.xlsx 后再导入。")
    return _decode(data.replace(b"\x00", b""), label)     # a few stray NUL bytes: left out


def _mixed_lines(data: bytes) -> tuple[int, int] | None:
    """(a UTF-8 line, a GBK line) when the file has lines of both: 1-based line numbers."""
    utf8_line = gbk_line = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line.decode("gb18030")
            except UnicodeDecodeError:
                continue
            gbk_line = gbk_line or number
        else:
            utf8_line = utf8_line or number
        if utf8_line and gbk_line:
            return utf8_line, gbk_line
    return None


def _mixed_message(label: str, utf8_line: int, gbk_line: int) -> str:
    return (f"{label}里有的行是 GBK 编码、有的是 UTF-8（第 {gbk_line} 行是 GBK，第 {utf8_line} 行是 UTF-8），"
            f"直接读会有乱码，所以没有导入。{SAVE_AS_UTF8}")


def _damaged_message(label: str, line: int) -> str:
    return (f"{label}第 {line} 行有读不出来的字（文件可能已损坏，或者混进了别的编码的文字），所以没有导入。"
            f"{SAVE_AS_UTF8}")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _foreign_message(data: bytes, label: str, line: int | None) -> str:
    """What a file that is neither UTF-8 nor plausible GBK looks like: Shift-JIS (Japanese, with
    kana), Big5 (traditional Chinese), or unknown."""
    looks = _looks_like(data)
    if looks:
        return f"{label}像是{looks}，按简体中文读出来全是乱码，所以没有导入。{SAVE_AS_UTF8}"
    where = f"（第 {line} 行起）" if line else ""
    return (f"{label}的文字编码认不出来{where}：按 UTF-8 和 GBK 读都是乱码，可能不是中文的 CSV 文件。"
            f"{SAVE_AS_UTF8}")


def _looks_like(data: bytes) -> str:
    try:
        japanese = data.decode("shift_jis")
    except UnicodeDecodeError:
        japanese = ""
    kana = sum(1 for ch in japanese if "\u3040" <= ch <= "\u30ff")
    if kana >= 2 and kana > sum(1 for ch in japanese if "\uff61" <= ch <= "\uff9f"):
        return "日文的 Shift-JIS 编码"
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return ""
    return "繁体中文的 Big5 编码（台湾、香港常用）"
