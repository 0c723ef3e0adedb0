import datetime as dt

import pytest

from dangjian_desktop.core.idnumber import IdNumberError, check_char, parse


def make(first17: str) -> str:
    return first17 + check_char(first17)


def test_known_valid_number_gives_birth_date_and_gender():
    number = make("11010519491231002")
    parsed = parse(number)
    assert parsed.number == number
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "女"  # 17th digit 2 is even
    assert parsed.province == "北京市"


def test_check_character_x_and_lowercase_x_accepted():
    # find a number whose check character is X
    for seq in range(1000):
        first17 = f"37012419650304{seq:03d}"
        if check_char(first17) == "X":
            break
    lower = (first17 + "x")
    parsed = parse(lower)
    assert parsed.number == first17 + "X"
    assert parsed.gender == ("男" if int(first17[16]) % 2 else "女")


def test_wrong_check_character_is_rejected_with_chinese_reason():
    number = make("37012419650304494")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(IdNumberError, match="校验不对"):
        parse(wrong)


def test_impossible_birth_date_is_rejected():
    with pytest.raises(IdNumberError, match="不是真实的日期"):
        parse(make("37012419650231494"))


def test_future_birth_date_is_rejected():
    with pytest.raises(IdNumberError, match="今天之后"):
        parse(make("37012420990101494"), today=dt.date(2026, 11, 26))


def test_wrong_length_is_rejected():
    with pytest.raises(IdNumberError, match="18 位"):
        parse("3701241965")


def test_fifteen_digit_number_is_upgraded():
    parsed = parse("370124650304493")
    assert parsed.upgraded_from == "370124650304493"
    assert parsed.number[:17] == "37012419650304493"
    assert parsed.number == make("37012419650304493")
    assert parsed.birth_date == dt.date(1965, 3, 4)
    assert parsed.gender == "男"


@pytest.mark.parametrize("region", ["372901", "372423", "999999", "110000"])
def test_region_code_is_information_not_a_reason_to_reject(region):
    # Members born before 1985 carry codes assigned later or abolished since.
    number = make(f"{region}19380615123")
    parsed = parse(number)
    assert parsed.birth_date == dt.date(1938, 6, 15)


def test_unknown_province_has_no_name():
    assert parse(make("99999919380615123")).province is None


def test_full_width_digits_and_spaces_are_cleaned():
    number = make("37012419650304494")
    wide = " " + number[:6].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " " + number[6:] + " "
    assert parse(wide).number == number


def test_a_masked_id_number_keeps_only_the_place():
    from dangjian_desktop.core.privacy import mask_id_number

    assert mask_id_number("370124196503044943") == "370124************"
    assert mask_id_number("") == ""
