"""The cells of a roster sheet as the member rules take them: text as the user sees it, dates
typed four ways or stored by Excel as numbers, ID numbers that Excel turned into numbers (and
the digits they lost), phones, 党籍状态 in the words sheets use."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dangjian_desktop.core import idnumber
from dangjian_desktop.core.member_rules import PENDING_WORDS, clean_phone
from dangjian_desktop.core.vocab import ACTIVE, STATUS_LABELS

EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (10000, 80000)   # Excel day numbers 1927 … 2119: a date column holding a plain number

STATUS_BY_TEXT: dict[str, str] = {
    **{label: key for key, label in STATUS_LABELS.items()},
    **{key: key for key in STATUS_LABELS},
    "在册": ACTIVE, "正常党员": ACTIVE, "在籍": ACTIVE,
    "转出": "transferred_out", "已转走": "transferred_out",
    "去世": "deceased", "已故": "deceased", "死亡": "deceased", "病故": "deceased",
    "出党": "removed", "除名": "removed", "开除党籍": "removed", "出党除名": "removed", "出党/除名": "removed",
    "停止党籍": "suspended", "失去联系": "lost_contact", "失联党员": "lost_contact",
}
_FULLWIDTH_TIME = str.maketrans("０１２３４５６７８９：　", "0123456789: ")
_TIME_SUFFIX = re.compile(r"[ T]0?0:00(:00(\.0+)?)?$")
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
LOST_DIGITS = (
    "身份证号被表格当成了数字，后几位已经丢失（Excel 只保留 15 位有效数字）。"
    "请把这一列设成“文本”格式，重新填写完整的身份证号。"
)


def text_cell(value: object) -> str:
    """A cell as text: whole numbers without ".0", dates as 1985-03-04, 是/否 for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def date_cell(value: object) -> object:
    """A date cell as validate_member takes it: a date, or text such as "1985.03"/"19850304".

    Numbers are what Excel made of typed dates: 1985.03 (typed 1985.03), 19850304, or a plain
    day number when the cell lost its date format. Note: Excel turns a typed "1985.10" into the
    number 1985.1, which reads as January; such cells should be typed as text.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if SERIAL_RANGE[0] <= value < SERIAL_RANGE[1]:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    text = str(value).translate(_FULLWIDTH_TIME).strip()
    return _TIME_SUFFIX.sub("", text).strip()


def id_cell(value: object) -> tuple[str, str | None]:
    """ID number text and, when Excel turned it into a number and lost digits, a problem."""
    if value is None:
        return "", None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return repr(value), None
        text = str(int(value))
        if len(text) > 15:
            try:
                idnumber.parse(text)
            except idnumber.IdNumberError:
                return text, LOST_DIGITS
        return text, None
    text = str(value).strip()
    if _SCIENTIFIC.match(text.replace(" ", "")):
        return text, LOST_DIGITS
    return text, None


def phone_cell(value: object) -> str:
    return text_cell(value)


def is_landline(text: str) -> bool:
    digits = clean_phone(text)
    return digits.isdigit() and (digits.startswith("0") or len(digits) in (7, 8))


def parse_status(text: str) -> str | None:
    value = "".join(text.split())
    return STATUS_BY_TEXT.get(value)


# --- flow members (流动党员) as sheets say it ----------------------------------------------------

_WORK = "务工|打工|经商|做生意|工作|就业|创业"
_TIME = "常年|长年|长期"
_FLOW_WORDS = re.compile(
    rf"流动党员|外出(?:{_WORK})|(?:{_TIME})?在外(?:{_WORK})?|外地(?:{_WORK})|(?:{_TIME})外出(?:{_WORK})?|外出|流出"
)
_AWAY_WORK = re.compile(r"(?:在|到|去|赴|至)([\u4e00-\u9fff]{2,12}?)(?:务工|打工|经商|做生意)")   # 在宁波打工
_BACK_HOME = re.compile(r"返乡|回乡|回村|返村|回到本村|已回|返回|回家|回来|在家务农|在本地|在本村|不是流动|非流动")
# Words just before that take it back: 没有外出, 从未外出务工, 曾外出务工; or make it someone else's:
# 子女在外工作, 丈夫外出务工.
_NOT_BEFORE = re.compile(r"(?:未|没有|没|不|无|从未|从不|曾|曾经|不再|未曾)$")
_SOMEONE_ELSE = re.compile(r"(?:子女|儿子|女儿|儿女|孩子|丈夫|妻子|爱人|老伴|配偶|家属|家人|父亲|母亲)"
                           r"(?:均|都|也|已|常年|长年|长期)?$")
_SHORT_TRIP = re.compile(r"^(?:学习|就医|看病|治病|探亲|开会|培训|旅游|办事|参观|考察)")   # 外出学习: not away
_BRACKETED = re.compile(r"^[（(【\[]([^）)】\]]{2,40})[）)】\]]")
_LABELLED = re.compile(r"(?:外出流向|流向|去向|外出地点|务工地点)[：:]\s*([^，,；;。\s]{2,24})")
_AFTER_OUT = re.compile(rf"^([\u4e00-\u9fff]{{2,14}}?)(?:{_WORK}|$|[，,；;。])")
_JUST_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,14})(?:$|[，,；;。])")
_PLACE_CUT = re.compile(r"[，,；;、：:。\s（(【\[\d０-９]")
_NOT_A_PLACE = ("本", "家", "村", "镇", "乡", "附近", "当地", "周边", "外", "务工", "打工", "经商", "工作", "就业",
                "创业", "做生意", "流动", "常年", "长期", "长年", "时", "期间", "已", "未", "不", "没", "曾",
                "学习", "就医", "看病", "探亲", "开会", "培训")
_PLACE_WORDS = re.compile(
    r"省|市|县|区|州|盟|旗|北京|上海|天津|重庆|浙江|江苏|广东|福建|山东|河南|河北|湖南|湖北|四川|新疆|西藏|内蒙|"
    r"广西|宁夏|青海|甘肃|陕西|山西|辽宁|吉林|黑龙江|安徽|江西|云南|贵州|海南|香港|澳门|深圳|东莞|宁波|苏州|温州"
)
YES_WORDS = {"是", "1", "√", "✓", "✔", "y", "yes", "true", "流动", "流动党员", "外出", "有"}
NO_WORDS = {"否", "0", "×", "✗", "n", "no", "false", "不是", "非", "无", "-", "—", "/"}
_NO_START = re.compile(r"^(?:否|不|未|没|非|无(?!锡))")          # 不外出, 未外出务工, 没有外出 (无锡 is a place)
_AT_HOME = re.compile(r"^(?:在家|居家|务农|本地|在村|本村|养老|在本地|在本村)")


@dataclass(frozen=True)
class FlowHint:
    """A flow member recognised in the words of a cell: ``wording`` the cell as the sheet has it."""

    destination: str      # where they went; "" when the text does not say
    wording: str


def _place(text: str) -> str:
    """A destination as the words give it, or "" when it is not a place: 在浙江宁波 → 浙江宁波,
    浙江宁波，电话138… → 浙江宁波; 已联系, 2019年, 不详, 未转组织关系 → ""."""
    text = text.strip("，,；;。 ").lstrip("在到去赴至往")
    text = _PLACE_CUT.split(text, maxsplit=1)[0]
    if (len(text) < 2 or text.startswith(_NOT_A_PLACE) or text in ("外地", "外省", "外面")
            or (text.startswith("无") and not text.startswith("无锡"))
            or text in PENDING_WORDS or text.endswith(("年", "月", "日", "起", "关系"))):
        return ""
    return text


def _meant(compact: str, match: re.Match) -> bool:
    """The words at ``match`` say this member is away (not 没有外出, 丈夫外出务工, 外出学习)."""
    before = compact[:match.start()]
    if _NOT_BEFORE.search(before) or _SOMEONE_ELSE.search(before):
        return False
    return not (match.group(0) in ("外出", "在外", "流出") and _SHORT_TRIP.match(compact[match.end():]))


def _destination_after(compact: str, match: re.Match) -> str:
    rest = compact[match.end():]
    bracket = _BRACKETED.match(rest)
    if bracket:
        return _place(bracket.group(1))
    pattern = _AFTER_OUT if match.group(0) in ("外出", "在外", "流出") else _JUST_PLACE   # 外出浙江; 外出打工 浙江义乌
    after = pattern.match(rest.lstrip("到去至赴在往"))
    return _place(after.group(1)) if after else ""


def flow_from_text(text: object) -> FlowHint | None:
    """流动党员 read from free text (备注 or a 外出情况 column): 外出务工（浙江宁波）, 流动党员，
    外出务工（广东东莞）, 在外经商, 在宁波打工, 外出浙江 …; None when the text does not say so, says
    they came back (已返乡), takes it back (没有外出, 曾外出务工), speaks of someone else (子女在外工作)
    or of a short trip (外出就医)."""
    compact = "".join(str(text or "").split())
    if not compact or _BACK_HOME.search(compact):
        return None
    labelled = _LABELLED.search(compact)
    matches = [m for m in _FLOW_WORDS.finditer(compact) if _meant(compact, m)]
    if not matches:
        away = _AWAY_WORK.search(compact)
        if away and _place(away.group(1)) and _meant(compact, away):
            return FlowHint(_place(away.group(1)), _wording(compact))
        if labelled and _place(labelled.group(1)):
            return FlowHint(_place(labelled.group(1)), _wording(compact))
        return None
    destination = _place(labelled.group(1)) if labelled else ""
    for match in matches:
        if destination:
            break
        destination = _destination_after(compact, match)
    if not destination:
        away = _AWAY_WORK.search(compact)
        destination = _place(away.group(1)) if away else ""
    return FlowHint(destination, _wording(compact))


def _wording(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


def flow_cell(value: object) -> tuple[bool | None, str]:
    """A 流动党员 / 是否外出 / 外出情况 cell: (is a flow member, the destination it names); None
    when the words are not understood. 是, √, 流动; 否, 无, 不外出, 在家务农; 是（浙江宁波）, 是，浙江宁波;
    外出务工（浙江）; a place alone (浙江宁波) is a flow member gone there."""
    if isinstance(value, bool):
        return value, ""
    text = "".join(text_cell(value).split())
    lowered = text.lower()
    if not text or lowered in NO_WORDS:
        return False, ""
    if lowered in YES_WORDS:
        return True, ""
    if _BACK_HOME.search(text) or _NO_START.match(text) or _AT_HOME.match(text):
        return False, ""
    if text.startswith("是"):                 # 是（浙江宁波）, 是，浙江宁波
        rest = text[1:].lstrip("，,；;：: ")
        bracket = _BRACKETED.match(rest)
        return True, _place(bracket.group(1) if bracket else rest)
    hint = flow_from_text(text)
    if hint:
        return True, hint.destination
    if _PLACE_WORDS.search(text) and _place(text):
        return True, _place(text)
    return None, ""
