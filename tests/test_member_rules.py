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


# --- dates known to the month only -----------------------------------------------------------

def test_a_month_typed_is_kept_as_a_month():
    checked = validate_member({"name": "王", "joined_on": "1968.07", "full_member_on": "1969年7月"}, today=TODAY)
    assert checked.ok
    assert checked.values["joined_on"] == dt.date(1968, 7, 1)
    assert checked.values["month_only"] == "joined_on,full_member_on"


def test_a_stored_month_stays_a_month_and_a_typed_day_makes_it_a_day():
    stored = {"name": "王", "joined_on": dt.date(1968, 7, 1), "month_only": "joined_on"}
    assert validate_member(stored, today=TODAY).values["month_only"] == "joined_on"
    typed = {**stored, "joined_on": "1968-07-15"}
    assert validate_member(typed, today=TODAY).values["month_only"] == ""


def test_full_member_in_the_month_of_joining_is_a_problem_said_by_month():
    checked = validate_member({"name": "王", "joined_on": "1990.07", "full_member_on": "1990-07-20"}, today=TODAY)
    assert checked.problems["full_member_on"] == (
        "转正日期（1990-07-20）应在入党日期（1990.07）之后，通常晚一年；只填到月份的日期按月份比较。请核对。")
    fine = validate_member({"name": "王", "joined_on": "1990.07", "full_member_on": "1991.07"}, today=TODAY)
    assert fine.ok


def test_age_at_joining_reads_a_month_only_date_in_the_members_favour():
    # born 1950-07-20: 18 on 1968-07-20; "1968.07" may be any day of July, so it is not refused
    birth = idn("37012419500720123")
    month = validate_member({"name": "王", "id_number": birth, "joined_on": "1968.07"}, today=TODAY)
    assert month.ok
    day = validate_member({"name": "王", "id_number": birth, "joined_on": "1968-07-01"}, today=TODAY)
    assert "只有 17 岁" in day.problems["joined_on"]
    early = validate_member({"name": "王", "id_number": birth, "joined_on": "1968.06"}, today=TODAY)
    assert early.problems["joined_on"] == (
        "入党日期时只有 17 岁（入党日期只填到月份，已按该月最后一天算），入党须年满 18 岁，请核对入党日期或出生日期。")


def test_this_month_typed_as_a_month_is_not_after_today():
    assert validate_member({"name": "王", "joined_on": "2026.11", "category": "预备"}, today=TODAY).ok


# --- the hamlet ----------------------------------------------------------------------------------

def test_the_hamlet_is_filled_from_the_address_when_left_empty():
    checked = validate_member({"name": "王", "address": "青山镇东坡村3组48号"}, today=TODAY)
    assert checked.values["hamlet"] == "东坡村3组"
    assert checked.notes["hamlet"] == "村民小组按家庭住址填为“东坡村3组”，不对的请改。"
    written = validate_member({"name": "王", "address": "东坡村3组48号", "hamlet": " 河东组 "}, today=TODAY)
    assert written.values["hamlet"] == "河东组" and "hamlet" not in written.notes
    village_only = validate_member({"name": "王", "address": "东坡村18号"}, today=TODAY)
    assert village_only.values["hamlet"] == ""


def test_a_flow_member_whose_destination_is_still_to_be_filled_in_is_reminded():
    checked = validate_member({"name": "王", "is_flow": True, "flow_destination": "待补"}, today=TODAY)
    assert checked.ok and checked.notes["flow_destination"] == "外出流向还是“待补”，问清后请补上。"
    resident = validate_member({"name": "王", "is_flow": False}, today=TODAY)
    assert resident.values["flow_destination"] == "" and "flow_destination" not in resident.notes


# --- what a field may hold ------------------------------------------------------------------------

def test_a_too_long_field_is_refused_with_its_length_and_limit_without_work_on_all_of_it():
    checked = validate_member({"name": "王建国", "address": "东" * 101})
    assert checked.problems["address"] == "家庭住址太长了：有 101 个字，最多 100 个字，请删减。"
    huge = validate_member({"name": "王" * 5_000_000})
    assert "有 5000000 个字，最多 30 个字" in huge.problems["name"]
    assert validate_member({"name": "王建国", "address": "东" * 100}).problems == {}


def test_emoji_and_symbols_in_a_name_are_refused_and_invisible_marks_dropped_everywhere():
    assert "😀" in validate_member({"name": "王😀"}).problems["name"]
    assert "name" in validate_member({"name": "王\ue000"}).problems             # private use: no font has it
    checked = validate_member({"name": "李\u200f明\u200b", "address": "东坡村\u202e3组"})
    assert checked.problems == {} and checked.values["name"] == "李明"
    assert checked.values["address"] == "东坡村3组"
    for name in ("阿卜杜·买买提", "阿卜杜•买买提", "李明（大）", "𠮷祥", "龚䶮"):
        assert validate_member({"name": name}).problems == {}, name
