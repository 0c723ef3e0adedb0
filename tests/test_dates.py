import datetime as dt

import pytest

from dangjian_desktop.core.dates import DateError, age_on, parse_date


@pytest.mark.parametrize("text,expected,month_only", [
    ("1985.03", dt.date(1985, 3, 1), True),
    ("1985-3-4", dt.date(1985, 3, 4), False),
    ("1985年3月", dt.date(1985, 3, 1), True),
    ("1985年3月4日", dt.date(1985, 3, 4), False),
    ("19850304", dt.date(1985, 3, 4), False),
    ("198503", dt.date(1985, 3, 1), True),
    ("1985/03/04", dt.date(1985, 3, 4), False),
    ("１９８５．０３", dt.date(1985, 3, 1), True),
    (" 2026-11-23 ", dt.date(2026, 11, 23), False),
])
def test_typed_date_forms(text, expected, month_only):
    assert parse_date(text) == (expected, month_only)


def test_blank_is_none():
    assert parse_date("  ") is None


@pytest.mark.parametrize("text", ["1985-02-30", "abc", "1985.13", "85.3.4"])
def test_not_a_date(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_age_counts_birthday():
    assert age_on(dt.date(1960, 11, 27), dt.date(2026, 11, 26)) == 65
    assert age_on(dt.date(1960, 11, 26), dt.date(2026, 11, 26)) == 66
