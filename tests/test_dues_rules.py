"""The 2008 dues rules (DOMAIN.md "Dues") in integer fen: every band edge, half-up rounding,
and a table of cases computed by hand."""

import pytest

from dangjian_desktop.core.dues_rules import (
    add_months,
    compute_due,
    month_label,
    months_between,
    parse_month,
    rate_due,
)
from dangjian_desktop.core.money import MoneyError, parse_yuan, yuan, yuan_text
from dangjian_desktop.errors import UserError


def due(kind, income=None, amount=None, farmer="0.20"):
    return compute_due(kind, income_fen=parse_yuan(income) if income else None,
                       amount_fen=parse_yuan(amount) if amount else None, farmer_fen=parse_yuan(farmer))


@pytest.mark.parametrize(("kind", "income", "expected"), [
    # 在职: ≤3000 (incl.) 0.5 %; >3000–5000 (incl.) 1 %; >5000–10000 (incl.) 1.5 %; >10000 2 %
    ("salaried", "3000", "15.00"),
    ("salaried", "3000.01", "30.00"),       # 300001 fen × 1 % = 3000.01 fen → 3000
    ("salaried", "5000", "50.00"),
    ("salaried", "5000.01", "75.00"),       # 7500.015 fen → 7500
    ("salaried", "10000", "150.00"),
    ("salaried", "10000.01", "200.00"),     # 20000.002 fen → 20000
    # 离退休 on the pension: ≤5000 (incl.) 0.5 %; >5000 1 %
    ("retired", "5000", "25.00"),
    ("retired", "5000.01", "50.00"),
    ("retired", "4999.99", "25.00"),        # 2499.995 fen → 2500 (half up)
])
def test_every_band_edge(kind, income, expected):
    assert yuan(due(kind, income).fen) == expected


@pytest.mark.parametrize(("kind", "income", "expected"), [
    # computed by hand: income × rate, rounded to the fen, half up
    ("salaried", "4200", "42.00"),
    ("salaried", "2999.99", "15.00"),       # 1499.995 fen → 1500
    ("salaried", "1234.56", "6.17"),        # 617.28 fen → 617
    ("salaried", "21", "0.11"),             # 10.5 fen → 11 (exactly half: up)
    ("salaried", "20.99", "0.10"),          # 10.495 fen → 10
    ("salaried", "5001", "75.02"),          # 7501.5 fen → 7502 (exactly half: up)
    ("salaried", "6789.10", "101.84"),      # 10183.65 fen → 10184
    ("salaried", "12345.67", "246.91"),     # 24691.34 fen → 24691
    ("retired", "3876.40", "19.38"),        # 1938.2 fen → 1938
    ("retired", "6100", "61.00"),
    ("retired", "2501", "12.51"),           # 1250.5 fen → 1251 (exactly half: up)
])
def test_cases_computed_by_hand(kind, income, expected):
    assert yuan(due(kind, income).fen) == expected


def test_half_up_in_integers_only():
    assert rate_due(2100, 5) == 11 and rate_due(2099, 5) == 10
    assert rate_due(10 ** 12, 20) == 2 * 10 ** 10       # no float: exact at any size


def test_the_rule_is_said_in_words():
    assert due("salaried", "4200").rule == "税后 4,200.00 元，3000–5000 元档，1%"
    assert due("retired", "5000.01").rule == "养老金 5,000.01 元，5000 元以上，1%"
    assert due("salaried", "6000").rule.endswith("5000–10000 元档，1.5%")


def test_flat_kinds_and_the_farmer_amount():
    for kind in ("student", "unemployed", "relief", "low_income"):
        assert yuan(due(kind).fen) == "0.20"
    assert yuan(due("farmer", farmer="0.50").fen) == "0.50"
    with pytest.raises(UserError, match="0.20 元到 1.00 元"):
        due("farmer", farmer="1.01")


def test_voluntary_higher_amount_and_fixed():
    higher = due("salaried", "4200", amount="50")
    assert higher.fen == 5000 and "自愿多交" in higher.rule and "42.00" in higher.rule
    with pytest.raises(UserError, match="不能少于按规定应交的 42.00 元"):
        due("salaried", "4200", amount="41.99")
    assert due("salaried", "4200", amount="42").fen == 4200
    assert due("fixed", amount="10").fen == 1000
    with pytest.raises(UserError, match="固定"):
        due("fixed")


@pytest.mark.parametrize(("kind", "income", "message"), [
    ("salaried", None, "税后月收入"),
    ("retired", None, "养老金"),
    ("farmer", "3000", "不按收入计算"),
    ("nobody", None, "不认识"),
])
def test_refusals(kind, income, message):
    with pytest.raises(UserError, match=message):
        due(kind, income)


def test_a_zero_income_is_refused():
    with pytest.raises(UserError, match="大于 0"):
        compute_due("salaried", income_fen=0)


@pytest.mark.parametrize(("text", "fen"), [
    ("4200", 420000), ("4,200.5", 420050), ("¥42.00", 4200), ("42元", 4200), ("０.２", 20),
    (4200.0, 420000), (3000.01, 300001), (0.1 + 0.2, 30), (1234, 123400),
])
def test_amounts_are_read_to_the_fen(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["-5", "abc", "4200.005", "", "1e5", True])
def test_bad_amounts_are_refused_in_chinese(text):
    with pytest.raises(MoneyError) as caught:
        parse_yuan(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


def test_money_is_shown_to_the_fen():
    assert yuan(5) == "0.05" and yuan(-150) == "-1.50" and yuan(None) is None
    assert yuan_text(123456789) == "1,234,567.89"


def test_months():
    assert parse_month("2026-03") == "2026-03"
    for bad in ("2026-13", "2026-3", "26-03", "2026/03"):
        with pytest.raises(UserError):
            parse_month(bad)
    assert add_months("2026-11", 3) == "2027-02" and add_months("2026-01", -1) == "2025-12"
    assert months_between("2026-11", "2027-01") == ["2026-11", "2026-12", "2027-01"]
    assert months_between("2026-02", "2026-01") == []
    assert month_label("2026-03") == "2026年3月"
