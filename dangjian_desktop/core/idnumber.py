"""Citizen ID numbers (公民身份号码, GB 11643-1999).

The region code (digits 1-6) is information, not a reason to reject: codes were assigned at
registration (from 1985) and abolished codes stay on people's cards, so a number is valid when
its check character and birth date are right, whatever its region code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＯｏ", "0123456789XXOO")

# Province-level codes (first two digits) for showing where a number was issued.
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区", "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}


class IdNumberError(ValueError):
    """The number is not a valid ID number; ``str()`` is a Chinese message."""


@dataclass(frozen=True)
class IdNumber:
    number: str                 # normalised 18 characters
    birth_date: dt.date
    gender: str                 # 男 / 女
    upgraded_from: str | None   # the 15-digit original, when upgraded

    @property
    def region_code(self) -> str:
        return self.number[:6]

    @property
    def province(self) -> str | None:
        return PROVINCES.get(self.number[:2])


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def clean(raw: str) -> str:
    """Strip spaces, convert full-width digits, upper-case the X."""
    text = str(raw).translate(_FULLWIDTH).strip().replace(" ", "").replace("\u3000", "")
    return text.upper()


def upgrade_15(number15: str) -> str:
    """Old 15-digit number -> 18 digits ("19" before the year, check character appended)."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_char(first17)


def _birth_date(digits8: str) -> dt.date:
    try:
        return dt.date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        raise IdNumberError(
            f"身份证号中的出生日期 {digits8[:4]}-{digits8[4:6]}-{digits8[6:8]} 不是真实的日期，"
            "请核对第 7 到 14 位。"
        ) from None


def parse(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate and normalise an ID number; raises :class:`IdNumberError`."""
    text = clean(raw)
    if not text:
        raise IdNumberError("身份证号是空的。")
    upgraded_from = None
    if len(text) == 15:
        if not text.isdigit():
            raise IdNumberError("15 位身份证号应当全部是数字，请核对。")
        upgraded_from = text
        text = upgrade_15(text)
    if len(text) != 18:
        raise IdNumberError(f"身份证号应为 18 位（老身份证为 15 位），现在是 {len(text)} 位，请核对是否漏输或多输。")
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise IdNumberError("身份证号前 17 位应是数字，最后一位是数字或 X，请核对。")
    birth = _birth_date(text[6:14])
    today = today or dt.date.today()
    if birth > today:
        raise IdNumberError("身份证号中的出生日期在今天之后，请核对第 7 到 14 位。")
    if birth.year < 1900:
        raise IdNumberError("身份证号中的出生年份早于 1900 年，请核对第 7 到 10 位。")
    expected = check_char(text[:17])
    if text[17] != expected:
        raise IdNumberError(
            "身份证号最后一位校验不对，请逐位核对是否有数字输错或前后颠倒。"
        )
    gender = "男" if int(text[16]) % 2 == 1 else "女"
    return IdNumber(number=text, birth_date=birth, gender=gender, upgraded_from=upgraded_from)

