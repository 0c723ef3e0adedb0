"""Money as integer 分 (fen) everywhere: parsing what a user or a sheet gives, and showing it.

Never a float in arithmetic: text is read digit by digit, a spreadsheet's float cell is read
through its 15 significant digits (what Excel and WPS keep), and every total is a sum of integers.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－　", "0123456789.,- ")
_AMOUNT = re.compile(r"^(-?)(\d{1,9})(?:\.(\d{0,2}))?$")


class MoneyError(ValueError):
    """Text that is not an amount of money; ``str()`` is a Chinese message."""


def parse_yuan(value: object, *, what: str = "金额", allow_negative: bool = False,
               allow_zero: bool = False) -> int:
    """An amount in yuan (``"12.5"``, ``"4,200"``, ``"¥42.00"``, ``"42元"``, a sheet's 4200.0) as fen.

    More than two decimals is refused (not rounded away): a base of 4200.005 is a typing error.
    """
    if isinstance(value, bool):
        raise MoneyError(f"{what}要写成数字，例如 4200 或 42.50。")
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise MoneyError(f"{what}要写成数字，例如 4200 或 42.50。")
        # a spreadsheet keeps 15 significant digits (a formula's 0.30000000000000004 is 0.3)
        text = format(Decimal(format(value, ".15g")), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    elif isinstance(value, Decimal):
        text = format(value, "f")
    else:
        text = str(value if value is not None else "")
    raw = text.translate(_FULLWIDTH).strip()
    for mark in ("¥", "￥", "RMB", "元"):
        raw = raw.replace(mark, "")
    raw = raw.replace(" ", "").strip()
    if "," in raw:
        if not re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d*)?", raw):
            raise MoneyError(f"{what}“{text.strip()}”里的逗号不对：小数点要写成“.”，例如 42.50。")
        raw = raw.replace(",", "")
    if not raw:
        raise MoneyError(f"没有填{what}。")
    match = _AMOUNT.match(raw)
    if not match:
        if re.fullmatch(r"-?\d+\.\d{3,}", raw):
            raise MoneyError(f"{what}“{text.strip()}”的小数超过两位（最小到分），请核对。")
        raise MoneyError(f"{what}“{text.strip()}”不是数字，请写成 4200 或 42.50 这样的形式。")
    sign, whole, cents = match.groups()
    fen = int(whole) * 100 + int((cents or "").ljust(2, "0"))
    if sign:
        fen = -fen
    if fen < 0 and not allow_negative:
        raise MoneyError(f"{what}不能是负数。")
    if fen == 0 and not allow_zero:
        raise MoneyError(f"{what}不能是 0。")
    return fen


def yuan(fen: int | None) -> str | None:
    """The command line's and JSON's form: ``"12.50"`` (None stays None)."""
    if fen is None:
        return None
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole}.{cents:02d}"


def yuan_text(fen: int | None, *, grouped: bool = True) -> str:
    """On screen and paper: ``"4,200.00"`` (empty for None)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    body = f"{whole:,}" if grouped else str(whole)
    return f"{sign}{body}.{cents:02d}"


def decimal_of(fen: int) -> Decimal:
    """For a spreadsheet cell: an exact Decimal of yuan (openpyxl writes it as a number)."""
    try:
        return Decimal(fen) / Decimal(100)
    except InvalidOperation:  # pragma: no cover - int always converts
        raise MoneyError(str(fen)) from None
