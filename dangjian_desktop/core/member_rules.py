"""Validation of a member record: one rule, one place, for the form and the importer.

:func:`validate_member` takes raw values (text as typed or read from a sheet, or already
typed Python values) and returns the normalised values plus a problem per field, in Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from dangjian_desktop.core import idnumber
from dangjian_desktop.core.dates import DateError, age_on, format_date, month_end, parse_date
from dangjian_desktop.core.hamlets import hamlet_from_address
from dangjian_desktop.core.names import clean_name
from dangjian_desktop.core.vocab import (
    CATEGORIES,
    CATEGORY_SHORT,
    FULL_MEMBER,
    GENDERS,
    PROBATIONARY,
    normalise_ethnicity,
)

# Editable fields of a member with their Chinese labels (order = form order).
FIELD_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "id_number": "公民身份号码",
    "birth_date": "出生日期",
    "education": "学历",
    "category": "人员类别",
    "joined_on": "入党日期",
    "full_member_on": "转正日期",
    "job": "工作岗位",
    "phone": "手机号码",
    "landline": "固定电话",
    "address": "家庭住址",
    "hamlet": "村民小组",
    "native_place": "籍贯",
    "work_started_on": "参加工作时间",
    "introducers": "入党介绍人",
    "party_post": "党内职务",
    "transferred_in_on": "转入日期",
    "transferred_in_from": "转入自",
    "is_flow": "流动党员",
    "flow_destination": "外出流向",
    "flow_out_on": "流出日期",
    "flow_unit": "流入单位",
    "hardship": "困难党员",
    "hardship_note": "困难情况",
    "note": "备注",
}
DATE_FIELDS = (
    "birth_date", "joined_on", "full_member_on", "work_started_on", "transferred_in_on", "flow_out_on",
)
BOOL_FIELDS = ("is_flow", "hardship")
TEXT_FIELDS = tuple(f for f in FIELD_LABELS if f not in DATE_FIELDS and f not in BOOL_FIELDS)

# The longest text each field takes (characters), at entry and at import: the longest real
# values with room to spare (a transliterated name "阿卜杜热合曼·买买提依明" is 12), short enough
# that every printed form can hold them.
FIELD_MAX_LENGTH = {
    "name": 30, "gender": 4, "ethnicity": 12, "id_number": 40, "education": 20, "category": 10,
    "job": 60, "phone": 30, "landline": 30, "address": 100, "hamlet": 20, "native_place": 40,
    "introducers": 40, "party_post": 40, "transferred_in_from": 60, "flow_destination": 60,
    "flow_unit": 60, "hardship_note": 200, "note": 200,
}
# The dot of transliterated names in its spellings (• is a symbol to Unicode, yet typed for it).
NAME_DOTS = frozenset("·•・‧")

FLOW_DESTINATION_PENDING = "待补"   # a flow member whose destination the sheet did not say
# What sheets write for a destination nobody knows; kept as 待补 (one word to look for).
PENDING_WORDS = frozenset({"待补", "待补充", "不详", "待定", "未知", "不清楚", "不知道", "无"})


def known_destination(destination: str) -> str:
    """Where a flow member went, or "" while it is not known (blank, 待补, 不详 …)."""
    return "" if not destination or destination in PENDING_WORDS else destination


def hamlet_follows_address(hamlet: str, address: str) -> bool:
    """The hamlet is the one read from this address (not typed by the user): a new address
    gives a new one."""
    return bool(hamlet) and hamlet == hamlet_from_address(address)


def flow_words(destination: str) -> str:
    """流动党员（外出到广东东莞） / 流动党员（外出流向待补）, as lists and forms say it."""
    known = known_destination(destination)
    return f"流动党员（外出到{known}）" if known else "流动党员（外出流向待补）"

_PHONE_JUNK = re.compile(r"[\s\-－—()（）]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９＋", "0123456789+")
MIN_JOIN_AGE = 18


@dataclass
class Checked:
    """Normalised values and problems (field -> Chinese message) of one record."""

    values: dict[str, object]
    problems: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)   # gentle information, not errors
    month_only: set[str] = field(default_factory=set)     # date fields given to the month only

    @property
    def ok(self) -> bool:
        return not self.problems


def clean_phone(text: str) -> str:
    """Digits only: dashes, spaces, brackets and a leading +86 removed."""
    value = _PHONE_JUNK.sub("", str(text).translate(_FULLWIDTH_DIGITS))
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    return value


def _to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip()
    return text in {"是", "1", "true", "True", "√", "✓", "Y", "y", "yes"}


def month_only_fields(text: object) -> set[str]:
    """The date fields named in a member's ``month_only`` ("joined_on,full_member_on")."""
    if not text:
        return set()
    if isinstance(text, (set, frozenset, list, tuple)):
        return {str(k) for k in text if k in DATE_FIELDS}
    return {k for k in str(text or "").split(",") if k in DATE_FIELDS}


def month_only_text(fields: set[str]) -> str:
    """How ``Member.month_only`` stores them: in form order, comma-separated."""
    return ",".join(k for k in DATE_FIELDS if k in fields) if fields else ""


def _read_date(key: str, raw: object, checked: Checked, stored_month_only: set[str]) -> dt.date | None:
    """A date typed or read from a sheet; a ``dt.date`` keeps the precision the record had
    (``stored_month_only``), text says its own (1968.07 is a month)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        if key in stored_month_only:
            checked.month_only.add(key)
            return raw.replace(day=1)
        return raw
    try:
        parsed = parse_date(str(raw))
    except DateError as exc:
        checked.problems[key] = f"{FIELD_LABELS[key]}：{exc}"
        return None
    if parsed is None:
        return None
    value, month_only = parsed
    if month_only:
        checked.month_only.add(key)
    return value


MISSING_JOINED_NOTE = "还没有填入党日期（不影响保存），请查党员档案或入党志愿书后补上。"


def validate_member(raw: dict[str, object], *, today: dt.date | None = None) -> Checked:
    """Normalise and check one member record (fields missing from ``raw`` count as blank)."""
    today = today or dt.date.today()
    checked = Checked(values={})
    values = checked.values
    problems = checked.problems

    too_long: dict[str, int] = {}
    for key in TEXT_FIELDS:
        text = raw.get(key)
        values[key] = "" if text is None else str(text).strip()
        limit = FIELD_MAX_LENGTH.get(key)
        if limit and len(values[key]) > limit:
            values[key] = drop_invisible(values[key][:limit * 4])   # no work on a megabyte of text
            if len(values[key]) > limit:
                too_long[key] = len(str(text).strip())
                values[key] = values[key][:limit]
    for key in BOOL_FIELDS:
        values[key] = _to_bool(raw.get(key))
    stored_month_only = month_only_fields(raw.get("month_only"))
    for key in DATE_FIELDS:
        values[key] = _read_date(key, raw.get(key), checked, stored_month_only)

    for key in TEXT_FIELDS:
        values[key] = drop_invisible(values[key])
    values["name"] = clean_name(values["name"])
    if not values["name"]:
        problems["name"] = "姓名不能为空。"
    else:
        odd = name_symbols(values["name"])
        if odd:
            problems["name"] = (f"姓名里有表情或符号（{'、'.join(odd)}），打印不出来，可能是从微信等处复制来的，"
                                "请删去（少数民族姓名中间的圆点可以保留）。")
    for key, length in too_long.items():
        problems[key] = f"{FIELD_LABELS[key]}太长了：有 {length} 个字，最多 {FIELD_MAX_LENGTH[key]} 个字，请删减。"

    # ID number: normalise, upgrade 15 -> 18, fill birth date and gender.
    if values["id_number"]:
        try:
            parsed = idnumber.parse(values["id_number"], today=today)
        except idnumber.IdNumberError as exc:
            problems["id_number"] = str(exc)
            values["id_number"] = idnumber.clean(values["id_number"])
        else:
            values["id_number"] = parsed.number
            if parsed.upgraded_from:
                checked.notes["id_number"] = f"已把 15 位老身份证号升级为 18 位：{parsed.number}"
            elif parsed.province is None:
                checked.notes["id_number"] = "身份证号前两位不是现有的省份代码，请再核对一下（不影响保存）。"
            typed_birth = values["birth_date"]
            if typed_birth is not None:
                same = (
                    (typed_birth.year, typed_birth.month) == (parsed.birth_date.year, parsed.birth_date.month)
                    if "birth_date" in checked.month_only
                    else typed_birth == parsed.birth_date
                )
                if not same:
                    problems["birth_date"] = (
                        f"出生日期与身份证号不一致：身份证号上是 {parsed.birth_date.isoformat()}，请核对哪一个写错了。"
                    )
            values["birth_date"] = parsed.birth_date
            checked.month_only.discard("birth_date")
            if values["gender"] and values["gender"] != parsed.gender:
                problems["gender"] = f"性别与身份证号不一致：按身份证号第 17 位应为{parsed.gender}，请核对。"
            values["gender"] = parsed.gender
    else:
        values["id_number"] = None

    if values["gender"] and values["gender"] not in GENDERS:
        gender = values["gender"]
        if gender in ("男性", "女性"):
            values["gender"] = gender[0]
        else:
            problems["gender"] = "性别应填“男”或“女”。"

    values["ethnicity"] = normalise_ethnicity(values["ethnicity"])

    category = "".join(str(values["category"]).split())
    if not category:
        joined = values["joined_on"]
        if joined and "joined_on" in checked.month_only:
            joined = month_end(joined)
        recent = joined and not values["full_member_on"] and _recent(joined, today)
        values["category"] = PROBATIONARY if recent else FULL_MEMBER
    elif category in CATEGORY_SHORT:
        values["category"] = CATEGORY_SHORT[category]
    else:
        problems["category"] = "人员类别应为“正式党员”或“预备党员”。"

    _check_dates(values, problems, today, checked.month_only)
    if (values["joined_on"] is None and values["category"] in CATEGORIES and "joined_on" not in problems
            and "category" not in problems):
        # Not refused for a 正式党员: old rosters often lack the date; said, so that it is looked
        # up. (A 预备党员 without it is refused above: the probation is counted from it.)
        checked.notes["joined_on"] = MISSING_JOINED_NOTE

    phone = clean_phone(values["phone"])
    values["phone"] = phone
    if phone and not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        problems["phone"] = "手机号码应是以 1 开头的 11 位数字，请核对（固定电话请填在“固定电话”一栏）。"
    values["landline"] = str(values["landline"]).translate(_FULLWIDTH_DIGITS).strip()

    values["hamlet"] = "".join(str(values["hamlet"]).split())
    if not values["hamlet"] and values["address"]:
        found = hamlet_from_address(str(values["address"]))
        if found:
            values["hamlet"] = found
            checked.notes["hamlet"] = f"村民小组按家庭住址填为“{found}”，不对的请改。"

    if values["is_flow"] and values["flow_destination"] in PENDING_WORDS - {FLOW_DESTINATION_PENDING}:
        values["flow_destination"] = ""       # 不详, 待定 … are 待补
    if values["is_flow"] and not values["flow_destination"]:
        # Not refused: a township template often says 是否流动党员 without where they went.
        values["flow_destination"] = FLOW_DESTINATION_PENDING
        checked.notes["flow_destination"] = "没有填外出流向，先记为“待补”；问清到哪里去了以后请补上，便于联系。"
    elif values["is_flow"] and values["flow_destination"] == FLOW_DESTINATION_PENDING:
        checked.notes["flow_destination"] = "外出流向还是“待补”，问清后请补上。"
    values["month_only"] = month_only_text(checked.month_only)
    return checked


def drop_invisible(text: str, *, variation_selectors: bool = False) -> str:
    """Text without invisible control and format characters (Unicode Cc and Cf: direction marks
    U+200E/F and U+202A–E, zero-width spaces and joiners, a BOM …, pasted from chats and web
    pages); they would print as nothing or reorder a line. Line breaks stay. With
    ``variation_selectors`` those go too (printing: no font here draws them)."""
    if text.isascii() and text.isprintable():
        return text

    def invisible(ch: str) -> bool:
        if ch == "\n":
            return False
        if variation_selectors and ("\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"):
            return True
        return unicodedata.category(ch) in ("Cc", "Cf")

    return "".join(ch for ch in text if not invisible(ch))


def name_symbols(name: str) -> list[str]:
    """The characters of a name that no name has: emoji and other symbols, private-use and
    unassigned code points (a font would draw nothing for them). Digits and brackets stay:
    secretaries tell two 李明 apart as 李明（大）."""
    odd = []
    for ch in name:
        if ch not in NAME_DOTS and unicodedata.category(ch)[0] in ("S", "C") and ch not in odd:
            odd.append(ch)
    return odd


def _recent(joined: dt.date, today: dt.date) -> bool:
    return (today - joined).days < 366


def _check_dates(values: dict[str, object], problems: dict[str, str], today: dt.date, month_only: set[str]) -> None:
    """Rules between dates. For the age at joining a month-only 入党日期 is read as its last day
    (in the member's favour) and the message says so; 转正 and 入党 are compared by month when
    either is known to the month only (转正 in the month of 入党 is never right: the probation is
    a year)."""
    birth = values["birth_date"]
    joined = values["joined_on"]
    full = values["full_member_on"]
    for key in DATE_FIELDS:
        value = values[key]
        if value is not None and value > today and key not in problems:
            problems[key] = f"{FIELD_LABELS[key]}在今天之后，请核对。"
    if birth and joined and "joined_on" not in problems:
        # a month-only 入党日期 may be as late as its last day, a month-only birth as early as the 1st
        latest_joined = month_end(joined) if "joined_on" in month_only else joined
        age = age_on(birth, latest_joined)
        if age is not None and age < MIN_JOIN_AGE:
            by_month = "（入党日期只填到月份，已按该月最后一天算）" if "joined_on" in month_only else ""
            problems["joined_on"] = (
                f"入党日期时只有 {max(age, 0)} 岁{by_month}，入党须年满 18 岁，请核对入党日期或出生日期。"
            )
    if joined and full and "full_member_on" not in problems:
        by_month = bool(month_only & {"joined_on", "full_member_on"})
        if by_month and (full.year, full.month) <= (joined.year, joined.month):
            problems["full_member_on"] = (
                f"转正日期（{format_date(full, 'full_member_on' in month_only)}）应在入党日期"
                f"（{format_date(joined, 'joined_on' in month_only)}）之后，通常晚一年；"
                "只填到月份的日期按月份比较。请核对。"
            )
        elif not by_month and full <= joined:
            problems["full_member_on"] = "转正日期应在入党日期之后（通常晚一年），请核对。"
    if full and values["category"] == PROBATIONARY and "full_member_on" not in problems:
        problems["full_member_on"] = "预备党员还没有转正，不应填写转正日期；已转正的请把人员类别改为正式党员。"
    if values["category"] == PROBATIONARY and not joined and "joined_on" not in problems:
        problems["joined_on"] = "预备党员请填写入党日期，用于计算预备期。"
