"""Reading the hamlet (村民小组 or 自然村) a member lives in from the home address: 东坡村3组,
东坡村第三村民小组, 王家庄 … (used by the group suggestion to keep a hamlet's members together)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMERAL = "0-9一二三四五六七八九十百零〇两"
_TEAM = re.compile(rf"第?([{_NUMERAL}]{{1,4}})\s*(?:村民小组|村民组|小组|组|社|队)")
_ADMIN_CUT = re.compile(r"省|自治区|市|自治州|州|盟|县|旗|区|镇|乡|街道|办事处")
_VILLAGE = re.compile(r"^(.{1,8}?(?:村|社区|居委会))")
_NATURAL = re.compile(
    r"^([\u4e00-\u9fff]{1,5}?(?:自然村|庄|屯|寨|湾|沟|峪|营|堡|坪|坝|岭|店|铺|圩|垸|集|岗|洼|塘|坊|桥|台|村))"
)
_HOUSE = re.compile(r"(\d+)\s*号")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Place:
    """A hamlet read from an address."""

    label: str          # 东坡村3组 / 王家庄 / 东坡村
    village: str        # the administrative village (东坡村) or ""
    number: int | None  # the 村民小组 number, if any
    kind: str           # "team", "natural" or "village"


def _numeral(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


def _strip_admin(text: str) -> str:
    """The part of an address after the last province/county/town word (keeps 社区)."""
    best = text
    for match in _ADMIN_CUT.finditer(text):
        rest = text[match.end():]
        if rest and not (match.group() == "区" and text[max(0, match.start() - 1):match.end()] in ("社区", "小区")):
            best = rest
    return best


def parse_place(address: str) -> Place | None:
    """The hamlet of an address: 东坡村3组, 东坡村第三村民小组, 王家庄 …; None when unknown."""
    text = "".join(str(address or "").translate(_FULLWIDTH).split())
    if not text:
        return None
    text = _strip_admin(text)
    team = _TEAM.search(text)
    if team:
        number = _numeral(team.group(1))
        head = text[:team.start()]
        village_match = _VILLAGE.match(head)
        village = village_match.group(1) if village_match else head
        if number:
            return Place(f"{village}{number}组", village, number, "team")
    village_match = _VILLAGE.match(text)
    village = village_match.group(1) if village_match else ""
    rest = text[len(village):]
    natural = _NATURAL.match(rest)
    if natural:
        return Place(natural.group(1), village, None, "natural")
    if village:
        return Place(village, village, None, "village")
    natural = _NATURAL.match(text)
    if natural:
        return Place(natural.group(1), "", None, "natural")
    return None


def house_number(address: str) -> int:
    match = _HOUSE.search(str(address or "").translate(_FULLWIDTH))
    return int(match.group(1)) if match else 0
