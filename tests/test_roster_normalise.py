"""Property-based tests of the cell normalisers: every way a date or a phone arrives from a sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian_desktop.core.dates import parse_date
from dangjian_desktop.core.member_rules import validate_member
from dangjian_desktop.core.roster_cells import (
    EXCEL_EPOCH,
    date_cell,
    flow_cell,
    flow_from_text,
    id_cell,
    phone_cell,
    text_cell,
)
from tests.conftest import TODAY
from tests.test_roster_sheets import make_id

FULLWIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
dates = st.dates(min_value=dt.date(1927, 5, 19), max_value=TODAY)


def parsed(value) -> tuple[dt.date, bool]:
    out = date_cell(value)
    if isinstance(out, dt.date):
        return out, False
    return parse_date(out)


@given(dates, st.sampled_from([
    "{y}-{m}-{d}", "{y}-{m:02d}-{d:02d}", "{y}.{m}.{d}", "{y}/{m}/{d}", "{y}{m:02d}{d:02d}",
    "{y}年{m}月{d}日", "{y}年{m:02d}月{d:02d}日", " {y}-{m}-{d} ", "{y}-{m:02d}-{d:02d} 00:00:00",
]), st.booleans())
def test_day_precise_text_gives_the_day(day, form, fullwidth):
    text = form.format(y=day.year, m=day.month, d=day.day)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert parsed(text) == (day, False)


@given(dates, st.sampled_from(["{y}.{m:02d}", "{y}.{m}", "{y}-{m}", "{y}年{m}月", "{y}{m:02d}", "{y}/{m:02d}"]))
def test_month_only_text_gives_the_first_of_the_month(day, form):
    text = form.format(y=day.year, m=day.month)
    assert parsed(text) == (day.replace(day=1), True)


@given(dates)
def test_excel_date_cells_and_day_numbers_give_the_day(day):
    assert parsed(day) == (day, False)
    assert parsed(dt.datetime.combine(day, dt.time(0, 0))) == (day, False)
    serial = (day - EXCEL_EPOCH).days
    assert parsed(serial) == (day, False)
    assert parsed(float(serial)) == (day, False)


@given(dates)
def test_dates_typed_as_numbers(day):
    # 19850304 typed into a number cell, and 1985.03 which Excel stores as the number 1985.03
    assert parsed(int(f"{day:%Y%m%d}")) == (day, False)
    assert parsed(float(f"{day:%Y%m%d}")) == (day, False)
    if day.month >= 2 and day.month != 10:       # 1985.10 becomes 1985.1 in a number cell: January
        assert parsed(float(f"{day.year}.{day.month:02d}")) == (day.replace(day=1), True)


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1)
)


@given(mobiles, st.lists(st.sampled_from(["-", " ", "－", "　", "—"]), max_size=3), st.booleans(), st.booleans(),
       st.sampled_from(["", "+86", "+86 ", "0086"]))
def test_phones_become_eleven_digits(number, junk, fullwidth, as_number, prefix):
    if as_number and not prefix:
        cell = float(number) if fullwidth else int(number)
    else:
        text = number[:3] + "".join(junk[:1]) + number[3:7] + "".join(junk[1:]) + number[7:]
        cell = prefix + (text.translate(FULLWIDTH) if fullwidth else text)
    checked = validate_member({"name": "王建国", "phone": phone_cell(cell)}, today=TODAY)
    assert checked.problems == {}
    assert checked.values["phone"] == number


@settings(max_examples=60)
@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2005, 12, 31)), st.booleans(),
       st.integers(0, 99), st.booleans(), st.booleans())
def test_id_numbers_in_any_typed_form_are_normalised(birth, male, seq, lower, spaced):
    number = make_id(birth, male, seq)
    text = number.lower() if lower else number
    if spaced:
        text = f" {text[:6]} {text[6:14]} {text[14:]} "
    raw, problem = id_cell(text)
    assert problem is None
    checked = validate_member({"name": "王建国", "id_number": raw}, today=TODAY)
    assert checked.problems == {}
    assert (checked.values["id_number"], checked.values["birth_date"]) == (number, birth)
    assert checked.values["gender"] == ("男" if male else "女")


def test_text_cells():
    assert text_cell(13805312345.0) == "13805312345"
    assert text_cell(True) == "是"
    assert text_cell(dt.datetime(2026, 1, 2)) == "2026-01-02"
    assert text_cell("  东坡村  ") == "东坡村"
    assert text_cell(None) == ""


# --- flow members in words -------------------------------------------------------------------

@pytest.mark.parametrize("text, destination", [
    ("外出务工（浙江宁波）", "浙江宁波"),
    ("流动党员，外出务工（广东东莞）", "广东东莞"),
    ("流动党员", ""),
    ("外出务工", ""),
    ("外出打工", ""),
    ("在外务工", ""),
    ("在外经商", ""),
    ("外出经商(江苏苏州)", "江苏苏州"),
    ("外出浙江", "浙江"),
    ("外出到江苏苏州务工", "江苏苏州"),
    ("外出打工 浙江义乌", "浙江义乌"),
    ("在宁波打工", "宁波"),
    ("常年外出（新疆）", "新疆"),
    ("长期在外", ""),
    ("流向：广东深圳", "广东深圳"),
    ("2019年外出务工", ""),
    ("常年在外打工（广东）", "广东"),
    ("外出务工（浙江宁波，电话13812345678）", "浙江宁波"),
    ("外出务工（浙江宁波，2019年起）", "浙江宁波"),
    ("外出务工（在浙江宁波）", "浙江宁波"),
    ("外出务工到浙江宁波", "浙江宁波"),
    ("外出打工在宁波", "宁波"),
    ("外出务工（已联系）", ""),
    ("外出务工（2019年）", ""),
    ("流动党员（未转组织关系）", ""),
    ("外出务工（不详）", ""),
])
def test_flow_wordings_are_recognised_with_their_destination(text, destination):
    hint = flow_from_text(text)
    assert hint is not None and hint.destination == destination


@pytest.mark.parametrize("text", [
    "", "新发展党员", "妇女主任", "村委会委员", "在村委会工作", "在镇上打工", "外出务工，现已返乡", "已返乡务农",
    "在家务农", "不是流动党员", "没有外出", "不外出", "无外出", "从未外出务工", "曾外出务工", "曾在宁波打工",
    "子女在外工作", "丈夫外出务工", "儿子常年在外打工", "外出学习", "外出就医", "外出看病", "外出务工已返回",
])
def test_words_that_do_not_make_a_flow_member(text):
    assert flow_from_text(text) is None


@pytest.mark.parametrize("value, expected", [
    ("是", (True, "")), ("√", (True, "")), ("流动", (True, "")), (True, (True, "")), (1, (True, "")),
    ("否", (False, "")), ("", (False, "")), (None, (False, "")), ("无", (False, "")), ("在家", (False, "")),
    (0, (False, "")), ("外出务工（浙江）", (True, "浙江")), ("是（浙江宁波）", (True, "浙江宁波")),
    ("已返乡", (False, "")), ("乱写的", (None, "")), ("不外出", (False, "")), ("未外出务工", (False, "")),
    ("没有外出", (False, "")), ("务农", (False, "")), ("居家", (False, "")), ("在家养老", (False, "")),
    ("本地务工", (False, "")), ("浙江宁波", (True, "浙江宁波")), ("是,浙江宁波", (True, "浙江宁波")),
    ("是 浙江宁波", (True, "浙江宁波")), ("是（无锡）", (True, "无锡")), ("无锡市", (True, "无锡市")),
])
def test_a_flow_column_cell(value, expected):
    assert flow_cell(value) == expected
