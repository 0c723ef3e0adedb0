"""The kinds of branch activity (三会一课 and the rest) and their frequency rules.

The default frequencies come from DOMAIN.md "Activities"; each branch may change them. A
branch's rule is the setting ``activity_rule.<kind>`` of core.settings (its default there is
the default rule).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass, replace

from dangjian_desktop.core import settings
from dangjian_desktop.errors import ValidationError

# Who is expected to attend.
AUDIENCE_MEMBERS = "members"        # all members on the roster on the day
AUDIENCE_COMMITTEE = "committee"    # the branch committee (支委)
AUDIENCE_GROUP = "group"            # the members of one party group
AUDIENCE_CHOSEN = "chosen"          # the people chosen for it (谈心谈话)


@dataclass(frozen=True)
class ActivityKind:
    key: str
    name: str            # full name for titles and printed forms
    short: str           # short name for lists
    audience: str
    decides: bool        # records decisions with votes (党员大会, 支委会)
    quorum: bool         # needs more than half of its voting members present


KINDS: dict[str, ActivityKind] = {
    k.key: k
    for k in (
        ActivityKind("party_congress", "支部党员大会", "党员大会", AUDIENCE_MEMBERS, True, True),
        ActivityKind("committee", "支部委员会会议", "支委会", AUDIENCE_COMMITTEE, True, True),
        ActivityKind("group_meeting", "党小组会", "党小组会", AUDIENCE_GROUP, False, False),
        ActivityKind("party_lecture", "党课", "党课", AUDIENCE_MEMBERS, False, False),
        ActivityKind("theme_day", "主题党日", "主题党日", AUDIENCE_MEMBERS, False, False),
        ActivityKind("life_meeting", "组织生活会", "组织生活会", AUDIENCE_MEMBERS, False, False),
        ActivityKind("member_review", "民主评议党员", "民主评议", AUDIENCE_MEMBERS, False, False),
        ActivityKind("talk", "谈心谈话", "谈心谈话", AUDIENCE_CHOSEN, False, False),
        ActivityKind("practice", "实践活动", "实践活动", AUDIENCE_MEMBERS, False, False),
    )
}
KIND_KEYS = tuple(KINDS)



def kind(key: str) -> ActivityKind:
    return KINDS[key]


def kind_name(key: str) -> str:
    found = KINDS.get(key)
    return found.name if found else key


# --- frequency rules ---------------------------------------------------------------------------

PERIODS = ("month", "quarter", "year", "none")
PERIOD_LABELS = {"month": "每月", "quarter": "每季度", "year": "每年", "none": "不作要求"}
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class FrequencyRule:
    """How often a kind must be held, and on which day the annual plan puts it.

    - ``period``: month / quarter / year / none (not required, not planned);
    - ``times``: how many per period (per group for group meetings);
    - ``month``: for a quarterly rule the month within the quarter (1–3), for a yearly rule
      the month of the year (1–12); ignored for monthly rules;
    - ``day``: day of the month (a day past the month's end means its last day).
    """

    kind: str
    period: str
    times: int = 1
    month: int = 1
    day: int = 1

    @property
    def required(self) -> bool:
        return self.period != "none" and self.times > 0

    def describe(self) -> str:
        """Plain words: 每月 1 次（10 日）, 每季度 1 次（第 2 个月 20 日）, 每年 1 次（12 月 25 日）."""
        if not self.required:
            return "不作要求"
        times = f"{PERIOD_LABELS[self.period]} {self.times} 次"
        if self.period == "month":
            return f"{times}（{self.day} 日）"
        if self.period == "quarter":
            return f"{times}（季度第 {self.month} 个月 {self.day} 日）"
        return f"{times}（{self.month} 月 {self.day} 日）"


SETTING_PREFIX = "activity_rule."
EXCLUDE_FLOW_KEY = "activity_exclude_flow"
DEFAULT_RULES: dict[str, FrequencyRule] = {
    key: FrequencyRule(key, **settings.spec(SETTING_PREFIX + key).default) for key in KIND_KEYS
}


def _from_setting(key: str, data: dict) -> FrequencyRule:
    """A stored rule; one that is not valid (any more) reads as the default."""
    default = DEFAULT_RULES[key]
    values = {f: data[f] for f in ("period", "times", "month", "day") if f in data}
    try:
        rule = replace(default, **values)
        validate_rule(rule)
    except (TypeError, ValidationError):
        return default
    return rule


def rules() -> dict[str, FrequencyRule]:
    """The branch's rule for every kind (its own where set, else the default)."""
    stored = settings.values([SETTING_PREFIX + key for key in KIND_KEYS])
    return {key: _from_setting(key, stored[SETTING_PREFIX + key]) for key in KIND_KEYS}


def rule(key: str) -> FrequencyRule:
    return rules()[key]


def validate_rule(rule: FrequencyRule) -> None:
    problems = {}
    if rule.kind not in KINDS:
        problems["kind"] = "没有这种活动。"
    if rule.period not in PERIODS:
        problems["period"] = "请选择每月、每季度、每年或不作要求。"
    if not isinstance(rule.times, int) or not 0 <= rule.times <= 10:
        problems["times"] = "每个周期的次数应在 0 到 10 次之间。"
    elif rule.period != "none" and rule.times == 0:
        problems["times"] = "次数至少为 1 次；不需要这项活动时请选“不作要求”。"
    max_month = 3 if rule.period == "quarter" else 12
    if not isinstance(rule.month, int) or not 1 <= rule.month <= max_month:
        problems["month"] = (
            "季度中的月份应为第 1、2 或 3 个月。" if rule.period == "quarter" else "月份应在 1 到 12 之间。"
        )
    if not isinstance(rule.day, int) or not 1 <= rule.day <= 31:
        problems["day"] = "日期应在 1 到 31 号之间。"
    if problems:
        raise ValidationError(problems)


def set_rule(rule: FrequencyRule) -> None:
    """Save a branch's own rule for a kind (the default rule removes the stored one)."""
    validate_rule(rule)
    settings.put(SETTING_PREFIX + rule.kind, {k: v for k, v in asdict(rule).items() if k != "kind"})


def exclude_flow_members() -> bool:
    """Rule: flow members (流动党员) are not counted as expected unless they come (default on)."""
    return bool(settings.get(EXCLUDE_FLOW_KEY))


def set_exclude_flow_members(value: bool) -> None:
    settings.put(EXCLUDE_FLOW_KEY, bool(value))


# --- periods -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """One month, quarter or year; ``key`` is 2026-03, 2026-Q1 or 2026."""

    kind: str        # month / quarter / year
    key: str
    label: str       # 2026年3月, 2026年第1季度, 2026年
    start: dt.date
    end: dt.date     # last day, inclusive

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_of(period: str, day: dt.date) -> Period:
    """The month, quarter or year that contains ``day``."""
    year = day.year
    if period == "month":
        return Period("month", f"{year}-{day.month:02d}", f"{year}年{day.month}月",
                      dt.date(year, day.month, 1), _month_end(year, day.month))
    if period == "quarter":
        q = (day.month - 1) // 3 + 1
        return Period("quarter", f"{year}-Q{q}", f"{year}年第{q}季度",
                      dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if period == "year":
        return Period("year", str(year), f"{year}年", dt.date(year, 1, 1), dt.date(year, 12, 31))
    raise ValueError(period)


def periods_of(period: str, year: int) -> list[Period]:
    """All periods of a year for a rule's period kind ("none" has none)."""
    if period == "none":
        return []
    step = PERIOD_MONTHS[period]
    return [period_of(period, dt.date(year, month, 1)) for month in range(1, 13, step)]


def planned_dates(rule: FrequencyRule, period: Period) -> list[dt.date]:
    """Where the annual plan puts the ``rule.times`` activities of one period."""
    if not rule.required:
        return []
    if period.kind == "month":
        first_month = period.start.month
    elif period.kind == "quarter":
        first_month = period.start.month + rule.month - 1
    else:
        first_month = rule.month
    year = period.start.year
    last = calendar.monthrange(year, first_month)[1]
    first = dt.date(year, first_month, min(rule.day, last))
    if rule.times == 1:
        return [first]
    # More than once a period: spread evenly from the first date to the period's end.
    span = (period.end - first).days + 1
    step = max(1, span // rule.times)
    return [min(period.end, first + dt.timedelta(days=i * step)) for i in range(rule.times)]
