"""大写金额: amounts a receipt writes in capital numerals, checked against hand-written forms."""

from __future__ import annotations

import pytest

from dangjian_desktop.core.money_words import amount_in_words

HAND_WRITTEN = [
    (0, "零元整"),
    (1, "壹分"),
    (5, "伍分"),
    (20, "贰角"),
    (50, "伍角"),
    (55, "伍角伍分"),
    (100, "壹元整"),
    (105, "壹元零伍分"),
    (120, "壹元贰角"),
    (1_000, "壹拾元整"),
    (1_500, "壹拾伍元整"),
    (4_200, "肆拾贰元整"),
    (4_250, "肆拾贰元伍角"),
    (6_300, "陆拾叁元整"),
    (10_000, "壹佰元整"),
    (10_100, "壹佰零壹元整"),
    (11_000, "壹佰壹拾元整"),
    (32_504, "叁佰贰拾伍元零肆分"),
    (100_505, "壹仟零伍元零伍分"),
    (168_032, "壹仟陆佰捌拾元叁角贰分"),
    (200_000, "贰仟元整"),
    (1_000_000, "壹万元整"),
    (1_000_500, "壹万零伍元整"),
    (1_050_000, "壹万零伍佰元整"),
    (1_640_902, "壹万陆仟肆佰零玖元零贰分"),
    (10_000_500, "壹拾万零伍元整"),
    (10_700_053, "壹拾万柒仟元伍角叁分"),
    (36_045_000, "叁拾陆万零肆佰伍拾元整"),
    (100_000_000, "壹佰万元整"),
    (10_000_000_000, "壹亿元整"),
    (10_000_000_500, "壹亿零伍元整"),
    (10_010_000_000, "壹亿零壹拾万元整"),
    (10_001_000_000, "壹亿零壹万元整"),
    (12_345_678_912, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
]


@pytest.mark.parametrize(("fen", "words"), HAND_WRITTEN)
def test_amount_is_written_in_capital_numerals(fen, words):
    assert amount_in_words(fen) == words


def test_a_ten_is_always_written_with_its_one():
    assert all("壹拾" in amount_in_words(fen) for fen in (1_000, 1_900, 1_000_000_00 + 1_000))


def test_only_whole_yuan_end_with_zheng():
    for fen in range(0, 30_000, 7):
        words = amount_in_words(fen)
        assert words.endswith("整") == (fen % 100 == 0)
        assert "零零" not in words
        assert not words.startswith("零") or fen == 0


def test_negative_and_float_amounts_are_refused():
    with pytest.raises(ValueError):
        amount_in_words(-20)
    with pytest.raises(TypeError):
        amount_in_words(0.2)
    with pytest.raises(TypeError):
        amount_in_words(True)
