"""Masking of ID numbers and phones on lists that are posted or handed around."""

from dangjian_desktop.core.privacy import mask_id_number, mask_phone


def test_mobile_keeps_first_three_and_last_four_digits():
    assert mask_phone("13612347354") == "136****7354"


def test_landline_keeps_last_four_digits():
    assert mask_phone("053187451234") == "053*****1234"
    assert mask_phone("87451234") == "****1234"


def test_short_or_missing_phone():
    assert mask_phone("1234") == "****"
    assert mask_phone("") == ""
    assert mask_phone(None) == ""


def test_id_number_keeps_only_the_place_the_rest_a_printed_birth_month_could_complete():
    assert mask_id_number("370124195803124943") == "370124************"
    assert mask_id_number(None) == ""
