"""Dates as secretaries type them: 1985.03, 1985-3-4, 1985年3月, 19850304 …"""

from __future__ import annotations

import datetime as dt
import re

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／　", "0123456789.-/ ")
_SEPARATED = re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*(?:[.\-/月]\s*(?:(\d{1,2})\s*日?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


class DateError(ValueError):
    """Text that is not a date; ``str()`` is a Chinese message."""


def parse_date(text: str) -> tuple[dt.date, bool] | None:
    """Parse a typed date. Returns ``(date, month_only)`` or ``None`` for blank text.

    A date given to the month only is the 1st of that month, with ``month_only`` True.
    Raises :class:`DateError` for text that is not a real date.
    """
    if text is None:
        return None
    raw = str(text).translate(_FULLWIDTH).strip()
    if not raw:
        return None
    match = _SEPARATED.match(raw) or _COMPACT.match(raw)
    if not match:
        raise DateError(f"“{raw}”不是能识别的日期，请写成 1985-03-04、1985.03 或 19850304 这样的形式。")
    year, month = int(match.group(1)), int(match.group(2))
    day_text = match.group(3)
    try:
        value = dt.date(year, month, int(day_text) if day_text else 1)
    except ValueError:
        raise DateError(f"“{raw}”不是真实存在的日期，请核对年、月、日。") from None
    if year < 1900:
        raise DateError(f"“{raw}”的年份早于 1900 年，请核对。")
    return value, day_text is None


def format_date(value: dt.date | None, month_only: bool = False) -> str:
    """ISO form used everywhere on screen: 2026-11-23; a date known to the month only as the
    sheet had it: 1968.07 (never a day the branch does not know)."""
    if not value:
        return ""
    return f"{value.year}.{value.month:02d}" if month_only else value.isoformat()


def iso_date(value: dt.date | None, month_only: bool = False) -> str | None:
    """For JSON: 2026-11-23, or 1968-07 for a date known to the month only."""
    if not value:
        return None
    return f"{value.year}-{value.month:02d}" if month_only else value.isoformat()


def month_end(value: dt.date) -> dt.date:
    """The last day of the month of ``value`` (a month-only date may be any day up to it)."""
    following = dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


WEEKDAY_NAMES = "一二三四五六日"


def weekday_name(day: dt.date, prefix: str = "星期") -> str:
    """星期六 for printed text; ``prefix="周"`` gives the short form for lists: 周六."""
    return f"{prefix}{WEEKDAY_NAMES[day.weekday()]}"


def format_date_cn(value: dt.date | None) -> str:
    """2026年11月23日, for printed text."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def age_on(birth: dt.date | None, today: dt.date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
