import datetime as dt

from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.core.member_rules import clean_phone, validate_member

TODAY = dt.date(2026, 11, 26)


def idn(first17="37012419650304493"):
    return first17 + check_char(first17)


def test_birth_date_and_gender_filled_from_id():
    checked = validate_member({"name": "王建国", "id_number": idn()}, today=TODAY)
    assert checked.ok
    assert checked.values["birth_date"] == dt.date(1965, 3, 4)
    assert checked.values["gender"] == "男"


def test_missing_name_is_a_problem():
    checked = validate_member({"name": "  ", "id_number": idn()}, today=TODAY)
    assert checked.problems["name"] == "姓名不能为空。"


def test_names_lose_spaces():
    assert validate_member({"name": " 王 建国 "}, today=TODAY).values["name"] == "王建国"


def test_birth_date_disagreeing_with_id():
    checked = validate_member({"name": "王", "id_number": idn(), "birth_date": "1965-03-05"}, today=TODAY)
    assert "出生日期与身份证号不一致" in checked.problems["birth_date"]


def test_birth_month_only_agrees_when_year_and_month_match():
    checked = validate_member({"name": "王", "id_number": idn(), "birth_date": "1965.03"}, today=TODAY)
    assert checked.ok
    assert checked.values["birth_date"] == dt.date(1965, 3, 4)


def test_gender_disagreeing_with_id():
    checked = validate_member({"name": "王", "id_number": idn(), "gender": "女"}, today=TODAY)
    assert "性别与身份证号不一致" in checked.problems["gender"]


def test_full_member_date_must_follow_joining():
    checked = validate_member(
        {"name": "王", "id_number": idn(), "joined_on": "1990-07-01", "full_member_on": "1990-06-01"}, today=TODAY)
    assert "转正日期应在入党日期之后" in checked.problems["full_member_on"]


def test_joining_before_eighteen_is_impossible():
    checked = validate_member({"name": "王", "id_number": idn(), "joined_on": "1980-01-01"}, today=TODAY)
    assert "须年满 18 岁" in checked.problems["joined_on"]


def test_future_dates_are_problems():
    checked = validate_member({"name": "王", "joined_on": "2027-01-01"}, today=TODAY)
    assert "今天之后" in checked.problems["joined_on"]


def test_probationary_member_has_no_full_date():
    checked = validate_member({"name": "王", "category": "预备", "joined_on": "2026-05-01",
                               "full_member_on": "2026-10-01"}, today=TODAY)
    assert checked.values["category"] == "预备党员"
    assert "预备党员还没有转正" in checked.problems["full_member_on"]


def test_short_forms_are_normalised():
    checked = validate_member({"name": "王", "category": "正式", "ethnicity": "汉"}, today=TODAY)
    assert checked.values["category"] == "正式党员"
    assert checked.values["ethnicity"] == "汉族"


def test_phone_format():
    assert clean_phone("136-1234 7354") == "13612347354"
    assert clean_phone("+86 136 1234 7354") == "13612347354"
    assert validate_member({"name": "王", "phone": "136-1234-7354"}, today=TODAY).ok
    bad = validate_member({"name": "王", "phone": "1234567"}, today=TODAY)
    assert "11 位" in bad.problems["phone"]


def test_fifteen_digit_id_is_upgraded_with_a_note():
    checked = validate_member({"name": "王", "id_number": "370124650304493"}, today=TODAY)
    assert checked.ok
    assert checked.values["id_number"] == idn()
    assert "升级为 18 位" in checked.notes["id_number"]


def test_flow_member_without_destination_is_kept_with_destination_to_be_filled_in():
    checked = validate_member({"name": "王", "is_flow": True}, today=TODAY)
    assert checked.ok
    assert checked.values["flow_destination"] == "待补"
    assert "待补" in checked.notes["flow_destination"]
