"""The cells of a roster sheet as the member rules take them: text as the user sees it, dates
typed four ways or stored by Excel as numbers, ID numbers that Excel turned into numbers (and
the digits they lost), phones, 党籍状态 in the words sheets use."""

from __future__ import annotations

import datetime as dt
import re

from dangjian_desktop.core import idnumber
from dangjian_desktop.core.member_rules import clean_phone
from dangjian_desktop.core.vocab import ACTIVE, STATUS_LABELS

EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (10000, 80000)   # Excel day numbers 1927 … 2119: a date column holding a plain number

STATUS_BY_TEXT: dict[str, str] = {
    **{label: key for key, label in STATUS_LABELS.items()},
    **{key: key for key in STATUS_LABELS},
    "在册": ACTIVE, "正常党员": ACTIVE, "在籍": ACTIVE,
    "转出": "transferred_out", "已转走": "transferred_out",
    "去世": "deceased", "已故": "deceased", "死亡": "deceased", "病故": "deceased",
    "出党": "removed", "除名": "removed", "开除党籍": "removed", "出党除名": "removed", "出党/除名": "removed",
    "停止党籍": "suspended", "失去联系": "lost_contact", "失联党员": "lost_contact",
}
_FULLWIDTH_TIME = str.maketrans("０１２３４５６７８９：　", "0123456789: ")
_TIME_SUFFIX = re.compile(r"[ T]0?0:00(:00(\.0+)?)?$")
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
LOST_DIGITS = (
    "身份证号被表格当成了数字，后几位已经丢失（Excel 只保留 15 位有效数字）。"
    "请把这一列设成“文本”格式，重新填写完整的身份证号。"
)


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


def is_landline(text: str) -> bool:
    digits = clean_phone(text)
    return digits.isdigit() and (digits.startswith("0") or len(digits) in (7, 8))


def parse_status(text: str) -> str | None:
    value = "".join(text.split())
    return STATUS_BY_TEXT.get(value)
