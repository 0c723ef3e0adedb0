"""The hamlet (村民小组, 自然村 or 网格) a member lives in: read from the home address (东坡村3组,
东坡村第三村民小组, 东坡村河东组, 王家庄 …) when the member's 村民小组 field is empty, and
understood from that field whatever its name (3组, 河东组, 上湾, 第二网格) so that the group
suggestion can keep a hamlet's members together and put numbered hamlets in order."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMERAL = "0-9一二三四五六七八九十百零〇两"
_TEAM = re.compile(rf"第?([{_NUMERAL}]{{1,4}})\s*(?:村民小组|村民组|小组|组|社|队)")
_GRID = re.compile(rf"第?([{_NUMERAL}]{{1,4}})\s*网格")
# A named 村民小组: 河东组, 上街组, 李家组 (not 党小组, not a bare 村民小组 word)
_NAMED_TEAM = re.compile(r"^([\u4e00-\u9fff]{1,4}?)(?:村民小组|村民组|组)")
_NOT_A_HAMLET_NAME = ("党", "村民", "小", "第")
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
    kind: str           # "team" (numbered 组), "grid" (网格), "named" (河东组), "natural" (王家庄) or "village"

    @property
    def is_hamlet(self) -> bool:
        """Names a hamlet, not only the administrative village."""
        return self.kind != "village"


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


def _chinese(number: int) -> str:
    """2 → 二, 12 → 十二, 20 → 二十 (网格 are counted in words: 第二网格)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return str(number)


def _strip_admin(text: str) -> str:
    """The part of an address after the last province/county/town word (keeps 社区)."""
    best = text
    for match in _ADMIN_CUT.finditer(text):
        rest = text[match.end():]
        if rest and not (match.group() == "区" and text[max(0, match.start() - 1):match.end()] in ("社区", "小区")):
            best = rest
    return best


def parse_place(address: str) -> Place | None:
    """The hamlet of an address: 东坡村3组, 东坡村第三村民小组, 东坡村河东组, 第二网格, 王家庄 …;
    the bare village (kind "village") when that is all it says; None when unknown."""
    text = "".join(str(address or "").translate(_FULLWIDTH).split())
    if not text:
        return None
    text = _strip_admin(text)
    for pattern, kind in ((_TEAM, "team"), (_GRID, "grid")):
        found = pattern.search(text)
        number = _numeral(found.group(1)) if found else None
        if number:
            head = text[:found.start()]
            village_match = _VILLAGE.match(head)
            village = village_match.group(1) if village_match else head
            label = f"{village}{number}组" if kind == "team" else f"{village}第{_chinese(number)}网格"
            return Place(label, village, number, kind)
    village_match = _VILLAGE.match(text)
    village = village_match.group(1) if village_match else ""
    rest = text[len(village):]
    named = _NAMED_TEAM.match(rest)
    if named and not named.group(1).startswith(_NOT_A_HAMLET_NAME):
        return Place(f"{village}{named.group(0)}", village, None, "named")
    natural = _NATURAL.match(rest)
    if natural:
        return Place(natural.group(1), village, None, "natural")
    if village:
        return Place(village, village, None, "village")
    natural = _NATURAL.match(text)
    if natural:
        return Place(natural.group(1), "", None, "natural")
    return None


def hamlet_from_address(address: str) -> str | None:
    """The 村民小组 an address names (东坡村3组48号 → 东坡村3组), or None when it names only the
    village or nothing. A 自然村 is taken only where the address ends with it or goes on with the
    house number (王家庄12号), not a landmark on the way (东坡村商店旁)."""
    place = parse_place(address)
    if not place or not place.is_hamlet:
        return None
    if place.kind == "natural":
        text = "".join(str(address).translate(_FULLWIDTH).split())
        at = text.rfind(place.label)
        after = text[at + len(place.label):] if at >= 0 else "?"
        if after and not after[0].isdigit() and not after.startswith(("号", "#", "-", "－", "附")):
            return None
    return place.label


def place_of(hamlet: str, address: str = "") -> Place | None:
    """The member's hamlet for grouping: the 村民小组 field as the branch wrote it (河东组, 上湾,
    3组, 第二网格 …; a numbered 组 with the village the address names, 3组 → 东坡村3组); the
    address alone when the field is empty."""
    written = "".join(str(hamlet or "").translate(_FULLWIDTH).split())
    from_address = parse_place(address)
    if not written:
        return from_address
    place = parse_place(written)
    if place is None or not place.is_hamlet:
        place = Place(written, "", None, "named")
    if place.kind == "team" and not place.village and from_address and from_address.village:
        village = from_address.village          # 3组 of 东坡村, not 3组 of 西岭村
        place = Place(f"{village}{place.label}", village, place.number, place.kind)
    return place


def address_with_hamlet(address: str, hamlet: str) -> str:
    """The address as printed: with the 村民小组 added when the address does not say it
    (东坡村18号 + 河东组 → 东坡村18号（河东组））."""
    address, hamlet = str(address or "").strip(), str(hamlet or "").strip()
    if not hamlet:
        return address
    if not address:
        return hamlet
    compact = "".join(address.split())
    place = parse_place(compact)
    if hamlet in compact or (place is not None and place.is_hamlet and place.label.endswith(hamlet)):
        return address
    return f"{address}（{hamlet}）"


def house_number(address: str) -> int:
    match = _HOUSE.search(str(address or "").translate(_FULLWIDTH))
    return int(match.group(1)) if match else 0
