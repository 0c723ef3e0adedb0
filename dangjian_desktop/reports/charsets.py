"""The character repertoires printed documents are measured against (GB 18030-2022).

GB 18030-2022 implementation level 1 is the two-byte part (the GBK repertoire: 21,886
characters, hanzi and symbols) and CJK Extension A; level 2 adds the 196 characters of the
《通用规范汉字表》 that lie in Extensions B–F; level 3 is all of Extensions B–F. The 8,105
characters of the 《通用规范汉字表》 (2013, the standard for personal names) are kept in
resources/fonts/tongyong-guifan-8105.txt.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from dangjian_desktop.resources_path import resource

EXT_A = range(0x3400, 0x4DB6)          # Extension A as GB 18030 maps it (Unicode 3.0: 6,582)
EXT_B_TO_F = (range(0x20000, 0x2A6E0), range(0x2A700, 0x2B740), range(0x2B740, 0x2B820),
              range(0x2B820, 0x2CEB0), range(0x2CEB0, 0x2EBF0))


@lru_cache(maxsize=1)
def tongyong_guifan() -> tuple[int, ...]:
    """The 8,105 code points of the 《通用规范汉字表》, in the list's order."""
    out = []
    for line in resource("fonts", "tongyong-guifan-8105.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("U+"):
            out.append(int(line.split("\t", 1)[0].removeprefix("U+"), 16))
    return tuple(out)


@lru_cache(maxsize=1)
def gbk_two_byte() -> frozenset[int]:
    """Every character of GB 18030's two-byte part (what GBK encodes)."""
    found = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                text = bytes((lead, trail)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and not 0xE000 <= ord(text) <= 0xF8FF:     # user-defined areas left out
                found.add(ord(text))
    return frozenset(found)


def level_1() -> frozenset[int]:
    return gbk_two_byte() | frozenset(EXT_A)


def level_2_extra() -> frozenset[int]:
    """The 196 characters level 2 adds: those of the 《通用规范汉字表》 beyond the BMP."""
    return frozenset(c for c in tongyong_guifan() if c >= 0x20000)


def level_2() -> frozenset[int]:
    """Level 1 and the whole 《通用规范汉字表》 (its 196 characters beyond the BMP, and 鿍鿎鿏,
    which lie beyond GBK in the BMP)."""
    return level_1() | frozenset(tongyong_guifan())


def level_3_extra() -> frozenset[int]:
    """Every assigned ideograph of Extensions B–F (as this Python's Unicode data knows them)."""
    return frozenset(c for block in EXT_B_TO_F for c in block if unicodedata.name(chr(c), ""))
