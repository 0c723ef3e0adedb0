"""发展党员: the 25 steps of 《中国共产党发展党员工作细则》 (DOMAIN.md "Recruitment") as one table.

Each recordable event is a :class:`Step` with what must come before it, the least time after an
earlier event (a refusal: 确定为发展对象 only a year after 积极分子), the most time (a deadline: the
talk within a month — recorded late, it is still recorded, and the 工作台 says so beforehand),
and the people and hours it needs. Nothing here touches the database; core.recruits applies it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core.dates import format_date_cn

APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY, FULL, STOPPED = (
    "applicant", "activist", "candidate", "probationary", "full", "stopped")
STAGE_LABELS = {APPLICANT: "申请人", ACTIVIST: "入党积极分子", CANDIDATE: "发展对象", PROBATIONARY: "预备党员",
                FULL: "正式党员", STOPPED: "已终止"}
APPLIED = "applied"
MIN_AGE = 18
PUBLICITY_WORKING_DAYS = 5
TRAINING_HOURS = 24
HOURS_PER_DAY = 8


@dataclass(frozen=True)
class Interval:
    """``months`` calendar months, or ``working_days`` (Monday–Friday) counted from the day."""

    months: int = 0
    working_days: int = 0

    def words(self) -> str:
        if self.working_days:
            return f"{self.working_days} 个工作日"
        if self.months % 12 == 0:
            return f"{self.months // 12} 年"
        return f"{self.months} 个月"


@dataclass(frozen=True)
class Step:
    event: str
    label: str                          # 谈话
    stage: str                          # the stage the person is in once it is recorded
    after: tuple[str, ...] = ()         # events recorded before it (all of them)
    earliest: tuple[str, Interval] | None = None    # not before this long after that event
    deadline: tuple[str, Interval] | None = None    # due within this long after that event
    people: tuple[int, int] = (0, 0)    # how many members of the roster take part (min, max)
    people_role: str = ""               # 谈话人 / 培养联系人 / 入党介绍人
    full_members_only: bool = False
    repeatable: bool = False
    needs_note: str = ""                # what the note must say, when it is required
    number: str = ""                    # its place among the 25 steps


STEPS: tuple[Step, ...] = (
    Step("talked", "谈话", APPLICANT, after=(APPLIED,), deadline=(APPLIED, Interval(months=1)),
         people=(0, 3), people_role="谈话人", number="第2步"),
    Step("activist", "确定为入党积极分子", ACTIVIST, after=("talked",), number="第3步"),
    Step("contacts", "指定培养联系人", ACTIVIST, after=("activist",), people=(1, 2), people_role="培养联系人",
         full_members_only=True, number="第5步"),
    Step("review", "半年考察", ACTIVIST, after=("activist",), repeatable=True,
         deadline=("activist", Interval(months=6)), number="第6步"),
    Step("candidate", "确定为发展对象", CANDIDATE, after=("contacts",),
         earliest=("activist", Interval(months=12)), number="第7步"),
    Step("introducers", "确定入党介绍人", CANDIDATE, after=("candidate",), people=(2, 2), people_role="入党介绍人",
         full_members_only=True, number="第9步"),
    Step("political_review", "政治审查", CANDIDATE, after=("candidate",), number="第10步"),
    Step("trained", "集中培训", CANDIDATE, after=("candidate",), number="第11步"),
    Step("publicity", "公示", CANDIDATE, after=("introducers", "political_review", "trained"), number="第12步"),
    Step("branch_vote", "支部大会讨论接收为预备党员", CANDIDATE, after=("publicity",),
         earliest=("publicity", Interval(working_days=PUBLICITY_WORKING_DAYS)), number="第15步"),
    Step("approved", "上级党委审批（接收为预备党员）", PROBATIONARY, after=("branch_vote",),
         deadline=("branch_vote", Interval(months=3)), number="第17步"),
    Step("oath", "入党宣誓", PROBATIONARY, after=("approved",), number="第20步"),
    Step("extended", "延长预备期", PROBATIONARY, after=("approved",), needs_note="延长几个月（6 到 12）"),
    Step("full_vote", "支部大会讨论转正", PROBATIONARY, after=("approved",), number="第23步"),
    Step("full_approved", "上级党委审批（转为正式党员）", FULL, after=("full_vote",),
         deadline=("full_vote", Interval(months=3)), number="第24步"),
    Step("stopped", "终止发展（取消资格）", STOPPED, needs_note="原因"),
)
STEP = {s.event: s for s in STEPS}
EVENTS = tuple(STEP)
# what is expected next, in this order, while the earlier ones are missing
NEXT_ORDER = ("talked", "activist", "contacts", "candidate", "introducers", "political_review", "trained",
              "publicity", "branch_vote", "approved", "oath", "full_vote", "full_approved")


# --- dates ------------------------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day (2.29 → 2.28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday (public holidays are not known offline: the user is told to add them)."""
    return day.weekday() < 5


def working_days_end(start: dt.date, count: int) -> dt.date:
    """The last of ``count`` working days counted from ``start`` (``start`` itself when it is one)."""
    day, seen = start, 0
    while True:
        if is_working_day(day):
            seen += 1
            if seen == count:
                return day
        day += dt.timedelta(days=1)


def earliest_day(interval: Interval, since: dt.date) -> dt.date:
    """The first day the later step may be on."""
    if interval.working_days:
        return working_days_end(since, interval.working_days) + dt.timedelta(days=1)
    return add_months(since, interval.months)


def deadline_day(interval: Interval, since: dt.date) -> dt.date:
    """The last day the step is due on."""
    return add_months(since, interval.months)


def probation_end(voted_on: dt.date, extended_months: int = 0) -> dt.date:
    """The 预备期 is a year from the 支部大会 vote (the 入党日期), plus an extension; that day is the 转正日期."""
    return add_months(voted_on, 12 + extended_months)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def cn(day: dt.date) -> str:
    return format_date_cn(day)
