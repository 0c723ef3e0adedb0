"""The 2008 rules for a member's monthly dues (中组发〔2008〕3号, DOMAIN.md "Dues"), as one table.

A basis is the member's kind with, for the two kinds computed on an income, the after-tax
monthly income or the pension; the due is the whole income at the rate of its band, rounded
half-up to the fen. Everything is integer fen: ``(2 * income * permille + 1000) // 2000`` is
``income * permille / 1000`` rounded half-up, with no float anywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.errors import UserError

# kind -> what the page and the paper call it
KIND_LABELS = {
    "salaried": "在职",
    "retired": "离退休",
    "farmer": "农民",
    "student": "学生",
    "unemployed": "下岗失业",
    "relief": "抚恤救济",
    "low_income": "低保",
    "fixed": "固定",
}
KIND_BY_LABEL = {label: key for key, label in KIND_LABELS.items()} | {
    "在职党员": "salaried", "离休": "retired", "退休": "retired", "离退休党员": "retired", "农民党员": "farmer",
    "学生党员": "student", "下岗": "unemployed", "失业": "unemployed", "抚恤": "relief", "救济": "relief",
    "享受低保": "low_income", "固定金额": "fixed",
}
INCOME_KINDS = ("salaried", "retired")          # computed on an income
FLAT_KINDS = {"student": 20, "unemployed": 20, "relief": 20, "low_income": 20}   # fen a month
FARMER_MIN, FARMER_MAX = 20, 100                 # the branch sets a farmer's due within this


@dataclass(frozen=True)
class Band:
    upper_fen: int | None       # the band includes its upper edge; None: no upper edge
    permille: int               # 5 = 0.5 %
    label: str


# 在职: ≤3000 0.5 %; >3000–5000 1 %; >5000–10000 1.5 %; >10000 2 %. 离退休: ≤5000 0.5 %; >5000 1 %.
BANDS = {
    "salaried": (Band(300_000, 5, "3000 元以下（含）"), Band(500_000, 10, "3000–5000 元档"),
                 Band(1_000_000, 15, "5000–10000 元档"), Band(None, 20, "10000 元以上")),
    "retired": (Band(500_000, 5, "5000 元以下（含）"), Band(None, 10, "5000 元以上")),
}
INCOME_WORDS = {"salaried": "税后月收入", "retired": "每月养老金"}


@dataclass(frozen=True)
class Due:
    fen: int
    rule: str                   # how it was reached, in words: 税后 4,200.00 元，3000–5000 元档，1%


def percent(permille: int) -> str:
    whole, tenth = divmod(permille, 10)
    return f"{whole}%" if tenth == 0 else f"{whole}.{tenth}%"


def band_for(kind: str, income_fen: int) -> Band:
    for band in BANDS[kind]:
        if band.upper_fen is None or income_fen <= band.upper_fen:
            return band
    raise AssertionError(kind)  # the last band has no upper edge


def rate_due(income_fen: int, permille: int) -> int:
    """``income × permille ÷ 1000`` rounded half-up to the fen, in integers only."""
    return (2 * income_fen * permille + 1000) // 2000


def compute_due(kind: str, *, income_fen: int | None = None, amount_fen: int | None = None,
                farmer_fen: int = FARMER_MIN) -> Due:
    """The monthly due of a basis, or UserError saying what is missing or wrong.

    ``amount_fen`` is the amount of a ``fixed`` basis, or for any other kind a voluntary higher
    amount (never lower than the rules' due); ``farmer_fen`` the branch's amount for farmers.
    """
    if kind not in KIND_LABELS:
        raise UserError(f"党费类别“{kind}”不认识，可以是：{'、'.join(KIND_LABELS.values())}。")
    if income_fen is not None and income_fen <= 0:
        raise UserError("收入要大于 0 元。")
    if amount_fen is not None and amount_fen <= 0:
        raise UserError("每月交纳的金额要大于 0 元。")
    if income_fen is not None and kind not in INCOME_KINDS:
        raise UserError(f"{KIND_LABELS[kind]}党员的党费不按收入计算，不用填写收入。")
    if kind in INCOME_KINDS:
        if income_fen is None:
            raise UserError(f"{KIND_LABELS[kind]}党员按{INCOME_WORDS[kind]}计算党费，请填写{INCOME_WORDS[kind]}。")
        band = band_for(kind, income_fen)
        fen = rate_due(income_fen, band.permille)
        words = "税后" if kind == "salaried" else "养老金"
        rule = f"{words} {yuan_text(income_fen)} 元，{band.label}，{percent(band.permille)}"
    elif kind == "farmer":
        if not FARMER_MIN <= farmer_fen <= FARMER_MAX:
            raise UserError("农民党员每月交 0.20 元到 1.00 元，由支部确定，请在党费页设置。")
        fen, rule = farmer_fen, f"农民党员，支部确定每月 {yuan_text(farmer_fen)} 元"
    elif kind in FLAT_KINDS:
        fen, rule = FLAT_KINDS[kind], f"{KIND_LABELS[kind]}党员，每月 {yuan_text(FLAT_KINDS[kind])} 元"
    else:  # fixed
        if amount_fen is None:
            raise UserError("“固定”类别要写明每月交纳的金额。")
        return Due(amount_fen, f"固定每月 {yuan_text(amount_fen)} 元")
    if amount_fen is not None and amount_fen != fen:
        if amount_fen < fen:
            raise UserError(f"自愿多交的金额不能少于按规定应交的 {yuan_text(fen)} 元（{rule}）。")
        return Due(amount_fen, f"自愿多交，每月 {yuan_text(amount_fen)} 元（按规定 {yuan_text(fen)} 元：{rule}）")
    return Due(fen, rule)


# --- months ---------------------------------------------------------------------------------------
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> str:
    """``YYYY-MM`` checked, or UserError."""
    match = _MONTH.match(str(text).strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise UserError(f"“{text}”不是月份，请写成 2026-03 这样的形式。")
    return f"{match.group(1)}-{match.group(2)}"


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_from_index(index: int) -> str:
    year, month0 = divmod(index, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def add_months(month: str, count: int) -> str:
    return month_from_index(month_index(month) + count)


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last``, both included (empty when last < first)."""
    return [month_from_index(i) for i in range(month_index(first), month_index(last) + 1)]


def month_label(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def first_day(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def short_rule(kind: str | None, income_fen: int | None, due_fen: int | None, amount_fen: int | None = None) -> str:
    """The rule in a few words for a narrow column: 3000–5000 元档 1%; the whole sentence is
    :attr:`Due.rule`."""
    if kind in INCOME_KINDS and income_fen:
        band = band_for(kind, income_fen)
        words = f"{band.label} {percent(band.permille)}"
        if due_fen is not None and due_fen != rate_due(income_fen, band.permille):
            words = f"自愿多交（{words}）"
        return words
    if kind == "fixed":
        return "固定金额"
    if kind is not None and amount_fen and due_fen == amount_fen:
        return "自愿多交"
    return ""
