"""生成年度计划: the planned activities of a year from the branch's frequency rules.

``preview_plan(year)`` lists every slot the rules ask for (one per kind, period and — for group
meetings — group) and whether it is already covered by an activity in that period; the user
edits the preview (dates, titles, leaving some out), then ``apply_plan`` creates the missing
ones in one transaction. Applying again creates nothing new: a slot counts as covered when its
period already holds enough activities of its kind (whatever their origin) or when an activity
made from the same slot exists (even if its date was moved since).

Committee meetings are planned only where the branch has a committee; group meetings for each
group with members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangjian_desktop.core import activities
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activity_roster import Roster
from dangjian_desktop.core.changes import Scope, named
from dangjian_desktop.core.roles import default_chair
from dangjian_desktop.db.models import Activity, PartyGroup
from dangjian_desktop.errors import UserError


@dataclass
class PlanItem:
    kind: str
    title: str
    date: dt.date
    period_key: str
    period_label: str
    plan_key: str
    group_id: int | None = None
    group_name: str = ""
    exists: bool = False          # the period already has this activity
    include: bool = True          # the user may leave an item out of the preview

    @property
    def kind_name(self) -> str:
        return kinds.kind_name(self.kind)

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "title": self.title, "date": self.date.isoformat(), "period": self.period_key,
                "group_id": self.group_id, "exists": self.exists}


@dataclass
class PlanPreview:
    year: int
    items: list[PlanItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # why a kind is not planned ("没有支委会" …)

    @property
    def new_items(self) -> list[PlanItem]:
        return [i for i in self.items if not i.exists]

    @property
    def existing_items(self) -> list[PlanItem]:
        return [i for i in self.items if i.exists]


LAST_QUARTER_FROM_MONTH = 10


def year_to_offer(today: dt.date) -> int:
    """The year the plan dialog offers first: from October on, most of this year is past (its
    planned meetings would only show as overdue), so next year's plan is the one to make."""
    return today.year + 1 if today.month >= LAST_QUARTER_FROM_MONTH else today.year


def month_to_show(year: int, today: dt.date) -> tuple[int, int]:
    """After saving the plan of ``year``, the month that needs the user: January of a future year;
    otherwise the first month from today on (from January for a past year) with a planned activity
    of that year, else today's month (or January of a past year)."""
    if year > today.year:
        return year, 1
    start = today if year == today.year else dt.date(year, 1, 1)
    first = (Activity.select(Activity.date)
             .where((Activity.status == "planned") & (Activity.date >= start)
                    & (Activity.date <= dt.date(year, 12, 31)))
             .order_by(Activity.date).first())
    if first is not None:
        return year, first.date.month
    return (year, today.month) if year == today.year else (year, 1)


def _slot_key(year: int, kind_key: str, group_id: int | None, period_key: str, index: int) -> str:
    group = f"g{group_id}/" if group_id is not None else ""
    return f"{year}/{kind_key}/{group}{period_key}/{index}"


@dataclass(frozen=True)
class PlannedKind:
    """A kind of activity with a frequency rule, and why the plan leaves it out (or "")."""

    kind: str
    rule: kinds.FrequencyRule
    left_out: str = ""            # 本支部还没有登记支部委员会 / 还没有党小组

    @property
    def note(self) -> str:
        """本支部还没有登记支部委员会，不安排支部委员会会议。"""
        return f"{self.left_out}，不安排{kinds.kind_name(self.kind)}。" if self.left_out else ""

    @property
    def described(self) -> str:
        """The frequency as the printed plan says it: 每月 1 次（5 日）, or 不安排（…）."""
        return f"不安排（{self.left_out}）" if self.left_out else self.rule.describe()


NO_COMMITTEE = "本支部还没有登记支部委员会"
NO_GROUPS = "还没有党小组"


def planned_kinds(year: int, *, roster: Roster | None = None) -> list[PlannedKind]:
    """THE rule of which kinds the plan of ``year`` holds: those with a frequency, but committee
    meetings only where the branch has a committee and group meetings only where groups have
    members. The plan generation and the printed plan's frequency list both read it."""
    roster = roster or Roster()
    rules = kinds.rules()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # Groups to plan for: those with members now, or (for a past year) on the year's last day.
    reference_day = min(max(dt.date.today(), start), end)
    out = []
    for kind_key in kinds.KIND_KEYS:
        rule = rules[kind_key]
        if not rule.required:
            continue
        left_out = ""
        if kind_key == "committee" and not roster.has_committee():
            left_out = NO_COMMITTEE
        elif kind_key == "group_meeting" and not roster.groups_with_members(reference_day):
            left_out = NO_GROUPS
        out.append(PlannedKind(kind_key, rule, left_out))
    return out


def preview_plan(year: int, *, roster: Roster | None = None) -> PlanPreview:
    """Every slot the rules ask for in ``year``, marked ``exists`` where already covered."""
    if not 1950 <= year <= 2100:
        raise UserError("年份不对，请填写例如 2026 这样的年份。")
    preview = PlanPreview(year)
    roster = roster or Roster()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    existing = list(
        Activity.select(Activity.kind, Activity.group, Activity.date, Activity.plan_key)
        .where((Activity.date >= start) & (Activity.date <= end))
        .tuples()
    )
    used_keys = {key for *_, key in existing if key}
    used_keys |= {key for (key,) in Activity.select(Activity.plan_key)
                  .where(Activity.plan_key.startswith(f"{year}/")).tuples()}
    group_names = dict(PartyGroup.select(PartyGroup.id, PartyGroup.name).tuples())
    # Groups to plan for: those with members now, or (for a past year) on the year's last day.
    reference_day = min(max(dt.date.today(), start), end)
    group_ids = roster.groups_with_members(reference_day)
    rules = kinds.rules()          # read once for the hundreds of titles below

    for planned in planned_kinds(year, roster=roster):
        kind_key, rule = planned.kind, planned.rule
        if planned.left_out:
            preview.notes.append(planned.note)
            continue
        if kind_key == "group_meeting":
            targets = [(g, group_names.get(g, "")) for g in group_ids]
        else:
            targets = [(None, "")]
        for group_id, group_name in targets:
            for period in kinds.periods_of(rule.period, year):
                in_period = sum(
                    1 for k, g, d, _ in existing if k == kind_key and g == group_id and period.contains(d)
                )
                for index, day in enumerate(kinds.planned_dates(rule, period), start=1):
                    key = _slot_key(year, kind_key, group_id, period.key, index)
                    preview.items.append(PlanItem(
                        kind=kind_key,
                        title=activities.default_title(kind_key, day, group_name, rules=rules),
                        date=day,
                        period_key=period.key,
                        period_label=period.label,
                        plan_key=key,
                        group_id=group_id,
                        group_name=group_name,
                        exists=key in used_keys or index <= in_period,
                    ))
    preview.items.sort(key=lambda i: (i.date, kinds.KIND_KEYS.index(i.kind), i.group_id or 0))
    return preview


def _year_scope(year: int, *_args, **_kwargs) -> list[Scope]:
    """Every activity of the year: new ones are added, and 第 n 次 of the others may change."""
    return [Scope(Activity, (Activity.date >= dt.date(year, 1, 1)) & (Activity.date <= dt.date(year, 12, 31)))]


@named(lambda created, year, *_a, **_k: f"生成{year}年计划（新增 {len(created)} 项活动）", scope=_year_scope)
def apply_plan(year: int, items: list[PlanItem] | None = None, *,
               roster: Roster | None = None) -> list[int]:
    """Create the planned activities of ``items`` (default: the whole preview) that are still
    missing; returns the new activity ids. Running it twice creates nothing the second time."""
    fresh = preview_plan(year, roster=roster)
    if items is None:
        items = fresh.items
    chosen = [i for i in items if i.include and not i.exists]
    for item in chosen:
        if item.date.year != year:
            raise UserError(f"“{item.title}”的日期 {item.date:%Y-%m-%d} 不在 {year} 年内，请改一下日期。")
        if item.kind not in kinds.KINDS:
            raise UserError("计划里有不认识的活动类型。")
    covered = {i.plan_key for i in fresh.items if i.exists}
    created: list[int] = []
    touched: set[tuple[str, int | None]] = set()
    rules = kinds.rules()
    for item in chosen:
        if item.plan_key in covered:
            continue
        title = " ".join(item.title.split()) or activities.default_title(item.kind, item.date, item.group_name,
                                                                                    rules=rules)
        activity = Activity.create(kind=item.kind, title=title, date=item.date, status="planned",
                                   group=item.group_id, plan_key=item.plan_key,
                                   chair=default_chair(item.kind, item.date, item.group_id))
        covered.add(item.plan_key)
        created.append(activity.id)
        touched.add((item.kind, item.group_id))
    for kind_key, group_id in touched:
        activities.renumber(year, kind_key, group_id)
    return created
