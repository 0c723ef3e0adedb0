"""An amount of money in Chinese capital numerals (大写金额) for a receipt: 肆拾贰元整.

The rules of the 《支付结算办法》 (附件《正确填写票据和结算凭证的基本规定》), in integer fen:

- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟, then 万 and 亿 for each four digits; a ten is
  written 壹拾 (¥15.00 → 壹拾伍元整), never a bare 拾 that could be altered;
- an amount ending at 元 takes 整 (肆拾贰元整); one ending at 角 or 分 does not (肆拾贰元伍角);
- zeros between digits are one 零 (1,005.05 → 壹仟零伍元零伍分, 100,005 → 壹拾万零伍元整);
  a 角 of 0 before a 分 is written 零 (1,005.05); a 元 or 万 place of 0 before a non-zero
  角 or 千 may go without one, and goes without here (¥1,680.32 → 壹仟陆佰捌拾元叁角贰分,
  ¥107,000.53 → 壹拾万柒仟元伍角叁分, both forms the rules give);
- less than one yuan has no 元 (0.20 → 贰角, 0.05 → 伍分); nothing is 零元整.
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("仟", "佰", "拾", "")
GROUP_UNITS = ("", "万", "亿", "万亿")
LIMIT_FEN = 10 ** 16 * 100          # up to 9,999 万亿 yuan: more than any branch will ever see


def _four(value: int) -> str:
    """A group of up to four digits (1–9999) without its leading zeros: 1005 → 壹仟零伍."""
    out = ""
    zero = False
    for digit, unit in zip(f"{value:04d}", SMALL_UNITS):
        d = int(digit)
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + unit
    return out


def yuan_in_words(yuan: int) -> str:
    """A whole number of yuan (> 0) without the 元: 100005 → 壹拾万零伍."""
    if yuan <= 0:
        raise ValueError(yuan)
    groups = []
    while yuan:
        yuan, group = divmod(yuan, 10_000)
        groups.append(group)
    out = ""
    gap = False                       # a group of 0 (or the zeros at a group's head) went between
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = gap or bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _four(group) + GROUP_UNITS[index]
        gap = False
    return out


def amount_in_words(fen: int) -> str:
    """The capital form of an amount of fen ≥ 0: 4200 → 肆拾贰元整, 20 → 贰角, 100505 → 壹仟零伍元零伍分."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"an amount is integer fen, not {type(fen).__name__}")
    if fen < 0:
        raise ValueError("a receipt's amount is never negative")
    if fen >= LIMIT_FEN:
        raise ValueError(f"{fen} fen is beyond what the capital form here writes")
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    if fen == 0:
        return "零元整"
    out = yuan_in_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen_digit == 0:
        return out + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif out:
        out += "零"                    # 壹仟零伍元零伍分: the 角 place is written as 零
    if fen_digit:
        out += DIGITS[fen_digit] + "分"
    return out
