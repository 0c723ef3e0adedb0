"""三会一课 done or not yet: per kind and period, how many the rules require, how many were held,
how many are missing; and the home page's plain overview of this month. No scores, no ranks.

An activity counts as held once it is recorded as held (with or without finalised minutes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangjian_desktop.core import activities
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.branch import started_using_on
from dangjian_desktop.core.membership import groups_with_members_on
from dangjian_desktop.core.roles import default_chair, has_committee
from dangjian_desktop.db.models import Activity, PartyGroup

# A period's state: done (enough held), due (the period is running), overdue (the period is
# over and some are missing), upcoming (the period has not begun).


@dataclass(frozen=True)
class PeriodCheck:
    kind: str
    period: kinds.Period
    group_id: int | None
    group_name: str
    required: int
    held: int
    state: str

    @property
    def missing(self) -> int:
        return max(0, self.required - self.held)

    @property
    def kind_name(self) -> str:
        return kinds.kind_name(self.kind)

    @property
    def subject(self) -> str:
        """第二党小组党小组会 / 主题党日."""
        return f"{self.group_name}{self.kind_name}"

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "period": self.period.key, "group_id": self.group_id,
                "required": self.required, "held": self.held, "missing": self.missing, "state": self.state}


def _state(period: kinds.Period, held: int, required: int, today: dt.date) -> str:
    if held >= required:
        return "done"
    if period.start > today:
        return "upcoming"
    if period.end < today:
        return "overdue"
    return "due"


def _activities_of(year: int) -> list[tuple]:
    return list(
        Activity.select(Activity.id, Activity.kind, Activity.group, Activity.date, Activity.status, Activity.title)
        .where((Activity.date >= dt.date(year, 1, 1)) & (Activity.date <= dt.date(year, 12, 31)))
        .order_by(Activity.date, Activity.id)
        .tuples()
    )


def check_year(year: int, *, today: dt.date | None = None) -> list[PeriodCheck]:
    """For every rule with a frequency: each period of ``year`` with required / held / missing."""
    today = today or dt.date.today()
    rows = _activities_of(year)
    held: dict[tuple, list[dt.date]] = {}
    groups_with_meetings: set[int] = set()
    for _id, kind_key, group_id, day, status, _title in rows:
        if kind_key == "group_meeting" and group_id is not None:
            groups_with_meetings.add(group_id)
        if status != "planned":
            held.setdefault((kind_key, group_id), []).append(day)
    group_names = dict(PartyGroup.select(PartyGroup.id, PartyGroup.name).tuples())
    group_sort = dict(PartyGroup.select(PartyGroup.id, PartyGroup.sort_order).tuples())
    reference_day = min(max(today, dt.date(year, 1, 1)), dt.date(year, 12, 31))
    group_ids = sorted(set(groups_with_members_on(reference_day)) | groups_with_meetings,
                       key=lambda g: (group_sort.get(g, 0), g))
    committee = has_committee()
    out: list[PeriodCheck] = []
    for kind_key, rule in kinds.rules().items():
        if not rule.required:
            continue
        if kind_key == "committee" and not committee and ("committee", None) not in held:
            continue
        targets = [(g, group_names.get(g, "")) for g in group_ids] if kind_key == "group_meeting" else [(None, "")]
        for group_id, group_name in targets:
            days = held.get((kind_key, group_id), [])
            for period in kinds.periods_of(rule.period, year):
                count = sum(1 for d in days if period.contains(d))
                out.append(PeriodCheck(kind_key, period, group_id, group_name, rule.times, count,
                                       _state(period, count, rule.times, today)))
    return out


# --- the home page ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class OverviewItem:
    """One plain sentence with the one thing to do about it.

    ``action``: "record" (open ``activity_id`` to record it), "arrange" (make an activity of
    ``kind``/``group_id`` on ``date`` and open it), "open" (look at ``activity_id``),
    "finalize" (open ``activity_id`` to finish its minutes).
    """

    text: str
    action: str
    kind: str
    activity_id: int | None = None
    group_id: int | None = None
    date: dt.date | None = None


@dataclass
class Overview:
    today: dt.date
    due: list[OverviewItem] = field(default_factory=list)        # 本月要做的
    overdue: list[OverviewItem] = field(default_factory=list)    # 过了时间还没开（或没记录）的
    held: list[OverviewItem] = field(default_factory=list)       # 本月已经开过的
    unfinished: list[OverviewItem] = field(default_factory=list)  # 开过了，会议记录还没定稿
    # Periods that ended before the branch started using the program: not overdue, only counted
    # (the 工作台 offers one line to record them on the 活动 page, if the user wants to).
    before_start: int = 0
    started_using_on: dt.date | None = None

    @property
    def before_start_text(self) -> str | None:
        if not self.before_start:
            return None
        return "开始使用本程序以前的活动，可以在“活动”页一次补记。"

    @property
    def month_label(self) -> str:
        return f"{self.today.year}年{self.today.month}月"


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def overview(*, today: dt.date | None = None) -> Overview:
    """What is due this month, what is overdue this year (since the branch started using the
    program), what was held this month."""
    today = today or dt.date.today()
    result = Overview(today, started_using_on=started_using_on(today=today))
    month = kinds.period_of("month", today)
    rows = _activities_of(today.year)
    planned: dict[tuple, list[tuple[int, dt.date, str]]] = {}
    for aid, kind_key, group_id, day, status, title in rows:
        if status == "planned":
            planned.setdefault((kind_key, group_id), []).append((aid, day, title))
        else:
            if month.contains(day):
                result.held.append(OverviewItem(f"{_md(day)} {title}，已经召开。", "open", kind_key, aid, group_id, day))
            if status == "held":
                result.unfinished.append(OverviewItem(
                    f"{_md(day)} {title}已经召开，会议记录还没有定稿。", "finalize", kind_key, aid, group_id, day))
    rules = kinds.rules()
    for check in check_year(today.year, today=today):
        if check.state not in ("due", "overdue"):
            continue
        if check.state == "overdue" and result.started_using_on and check.period.end < result.started_using_on:
            result.before_start += 1
            continue
        rule = rules[check.kind]
        waiting = [p for p in planned.get((check.kind, check.group_id), []) if check.period.contains(p[1])]
        if check.state == "due":
            when = {"month": "本月", "quarter": "本季度", "year": "今年"}[check.period.kind]
            rule_dates = kinds.planned_dates(rule, check.period)
            reached = [p for p in waiting if p[1] <= month.end]
            if reached:
                aid, day, title = reached[0]
                if day < month.start:
                    text = f"{_md(day)} {title}还没有记录，{when}内还来得及。"
                elif day <= today:
                    text = f"{_md(day)} {title}，到日子了，开完后请记录。"
                else:
                    text = f"{_md(day)} {title}，还没到日子。"
                result.due.append(OverviewItem(text, "record", check.kind, aid, check.group_id, day))
            elif not waiting and (check.period.end <= month.end or any(d <= month.end for d in rule_dates)):
                day = min(max(today, min(rule_dates)) if rule_dates else today, check.period.end)
                result.due.append(OverviewItem(f"{when}还需要召开{check.subject}。", "arrange", check.kind, None,
                                               check.group_id, day))
        else:
            if waiting:
                aid, day, title = waiting[0]
                result.overdue.append(OverviewItem(f"{_md(day)} {title}还没有记录。如果已经开过，请补记。",
                                                   "record", check.kind, aid, check.group_id, day))
            else:
                rule_dates = kinds.planned_dates(rule, check.period)
                day = rule_dates[0] if rule_dates else check.period.end
                result.overdue.append(OverviewItem(f"{check.period.label}的{check.subject}还没有记录。",
                                                   "arrange", check.kind, None, check.group_id, day))
    result.due.sort(key=lambda i: (i.date or today, kinds.KIND_KEYS.index(i.kind)))
    result.overdue.sort(key=lambda i: (i.date or today, kinds.KIND_KEYS.index(i.kind)))
    return result


def arrange(kind_key: str, day: dt.date, group_id: int | None = None) -> int:
    """Make a planned activity for an item of the overview ("安排" / "补记"); returns its id."""
    created = activities.create(activities.ActivityInfo(kind=kind_key, date=day, group_id=group_id,
                                                        chair_id=default_chair(kind_key, day, group_id)))
    return created.id
