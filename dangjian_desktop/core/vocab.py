"""Fixed vocabularies of the member record, with their Chinese labels."""

from __future__ import annotations

GENDERS = ("男", "女")
FULL_MEMBER = "正式党员"
PROBATIONARY = "预备党员"
CATEGORIES = (FULL_MEMBER, PROBATIONARY)
CATEGORY_SHORT = {"正式": FULL_MEMBER, "预备": PROBATIONARY, FULL_MEMBER: FULL_MEMBER, PROBATIONARY: PROBATIONARY}

EDUCATION_LEVELS = (
    "研究生", "大学本科", "大学专科", "中等专科", "高中", "中专", "初中", "小学", "未上学",
)

# status key -> label. "active" includes flow members (流动党员 is a flag, not a status).
ACTIVE = "active"
STATUS_LABELS = {
    ACTIVE: "正常",
    "transferred_out": "已转出",
    "deceased": "已去世",
    "removed": "出党/除名",
    "suspended": "停止党籍",
    "lost_contact": "失联",
}
# The verbs offered when a member leaves the active roster.
STATUS_ACTIONS = {
    "transferred_out": "转出",
    "deceased": "去世",
    "removed": "出党/除名",
    "suspended": "停止党籍",
    "lost_contact": "失联",
}
FORMER_STATUSES = tuple(k for k in STATUS_LABELS if k != ACTIVE)
# How "已…" reads for each former status in a sentence: 张三已转出，不能担任党小组长。
STATUS_WORDS = {"transferred_out": "转出", "deceased": "去世", "removed": "出党或被除名",
                "suspended": "停止党籍", "lost_contact": "失联"}

ETHNIC_GROUPS = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
    "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯",
    "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京",
    "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
ETHNICITIES = tuple(e + "族" for e in ETHNIC_GROUPS)

COMMITTEE_POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "委员")


def is_full(category: str) -> bool:
    """A full member (正式党员), as opposed to a probationary one."""
    return category == FULL_MEMBER


def member_tags(category: str, is_flow: bool) -> list[str]:
    """The short marks shown after a name in lists: 预备 (probationary), 流动 (flow member)."""
    return [tag for tag, on in (("预备", category == PROBATIONARY), ("流动", is_flow)) if on]


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, STATUS_LABELS.get(status, status))


def normalise_ethnicity(text: str) -> str:
    """"汉" -> "汉族"; a full name stays; unknown text is kept as typed."""
    value = "".join(str(text).split())
    if not value:
        return ""
    if value in ETHNICITIES:
        return value
    if value in ETHNIC_GROUPS:
        return value + "族"
    return value
