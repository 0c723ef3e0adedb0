"""Lists of activities for the pages: a year's activities with 应到/实到, a member's year of
attendance, the people and groups to choose from, a year at a glance for the calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import JOIN

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activity_roster import Roster
from dangjian_desktop.core.attendance import ABSENT, LEAVE, PRESENT, count_attendance, grouped_tallies
from dangjian_desktop.db.models import Activity, Attendance, PartyGroup


@dataclass(frozen=True)
class ActivityRow:
    id: int
    kind: str
    kind_name: str
    title: str
    date: dt.date
    start_time: str
    place: str
    status: str
    group_id: int | None
    group_name: str
    sequence: int | None
    expected: int
    present: int

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "date": self.date.isoformat(),
                "status": self.status, "group_id": self.group_id, "expected": self.expected,
                "present": self.present}


def list_activities(year: int | None = None, month: int | None = None, *,
                    kind: str | None = None, group_id: int | None = None) -> list[ActivityRow]:
    """Activities in date order, with 应到/实到 counted."""
    query = (Activity.select(Activity, PartyGroup.name.alias("group_name"))
             .join(PartyGroup, JOIN.LEFT_OUTER, on=(Activity.group == PartyGroup.id)))
    if year is not None:
        if month is None:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        else:
            p = kinds.period_of("month", dt.date(year, month, 1))
            start, end = p.start, p.end
        query = query.where((Activity.date >= start) & (Activity.date <= end))
    if kind is not None:
        query = query.where(Activity.kind == kind)
    if group_id is not None:
        query = query.where(Activity.group == group_id)
    activities = list(query.order_by(Activity.date, Activity.start_time, Activity.id).objects())
    held_ids = [a.id for a in activities if a.status != "planned"]
    tallies = grouped_tallies(held_ids)
    today = dt.date.today()
    roster = Roster() if len(held_ids) < len(activities) else None
    cache: dict[tuple, int] = {}
    out = []
    for a in activities:
        if a.status == "planned":
            # Who is expected does not change after today, so future dates share one count.
            day = a.date if a.date < today else today
            key = (kinds.kind(a.kind).audience, day, a.group_id)
            if key not in cache:
                cache[key] = roster.expected_count(a.kind, day, a.group_id)
            expected, present = cache[key], 0
        else:
            c = count_attendance(tallies.get(a.id, ()))
            expected, present = c.expected, c.present
        out.append(ActivityRow(a.id, a.kind, kinds.kind_name(a.kind), a.title, a.date, a.start_time, a.place,
                               a.status, a.group_id, a.group_name or "", a.sequence, expected, present))
    return out


# --- a member's attendance record ---------------------------------------------------------------------

@dataclass(frozen=True)
class MemberAttendanceRow:
    activity_id: int
    date: dt.date
    kind: str
    kind_name: str
    title: str
    state: str               # 出席 / 请假 / 缺席 / "" (not marked)
    reason: str
    excluded: bool
    excluded_reason: str


@dataclass
class MemberAttendance:
    member_id: int
    year: int
    rows: list[MemberAttendanceRow] = field(default_factory=list)

    @property
    def present(self) -> int:
        return sum(1 for r in self.rows if r.state == PRESENT)

    @property
    def on_leave(self) -> int:
        return sum(1 for r in self.rows if r.state == LEAVE)

    @property
    def absent(self) -> int:
        return sum(1 for r in self.rows if r.state == ABSENT)

    def describe(self) -> str:
        if not self.rows:
            return f"{self.year}年还没有需要参加的活动记录。"
        return (f"{self.year}年应参加 {len(self.rows)} 次活动，出席 {self.present} 次，"
                f"请假 {self.on_leave} 次，缺席 {self.absent} 次。")


def member_attendance(member_id: int, year: int) -> MemberAttendance:
    """The activities of a year a member was expected at, and how they were marked."""
    rows = (
        Attendance.select(Attendance, Activity)
        .join(Activity)
        .where((Attendance.member == member_id) & (Activity.date >= dt.date(year, 1, 1))
               & (Activity.date <= dt.date(year, 12, 31)))
        .order_by(Activity.date, Activity.id)
    )
    out = MemberAttendance(member_id, year)
    for r in rows:
        a = r.activity
        out.rows.append(MemberAttendanceRow(a.id, a.date, a.kind, kinds.kind_name(a.kind), a.title, r.state,
                                            r.reason, bool(r.excluded), r.excluded_reason))
    return out


def years_with_activities() -> list[int]:
    years = {d.year for (d,) in Activity.select(Activity.date).distinct().tuples()}
    return sorted(years)


# --- choosing people ------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberChoice:
    id: int
    label: str              # 王建国（书记）


def member_choices(day: dt.date | None = None) -> list[MemberChoice]:
    """Members to pick a chair, recorder, lecturer or speaker from: the committee first (with
    their posts), then everyone on the roster on ``day`` in pinyin order."""
    day = day or dt.date.today()
    roster = Roster()
    posts: dict[int, str] = {}
    for seat in roster.seats:
        if seat.member_id is not None:
            posts.setdefault(seat.member_id, seat.post)
    out = [MemberChoice(m, f"{roster.people[m].name}（{posts[m]}）")
           for m in roster.committee_ids(day) if m in roster.people and m in posts]
    chosen = {c.id for c in out}
    out.extend(MemberChoice(m, roster.people[m].name) for m in roster.pinyin_order
               if m not in chosen and roster.people[m].on_roster(day))
    return out


def has_activities() -> bool:
    return Activity.select().exists()


@dataclass(frozen=True)
class YearGlance:
    """A year at a glance for a calendar: how many activities, how many held, titles by date."""

    total: int
    held: int
    titles_by_date: dict[dt.date, list[str]]


def year_glance(year: int) -> YearGlance:
    titles: dict[dt.date, list[str]] = {}
    total = held = 0
    for day, title, status in (Activity.select(Activity.date, Activity.title, Activity.status)
                               .where((Activity.date >= dt.date(year, 1, 1)) & (Activity.date <= dt.date(year, 12, 31)))
                               .order_by(Activity.date, Activity.start_time, Activity.id).tuples()):
        titles.setdefault(day, []).append(title)
        total += 1
        held += status != "planned"
    return YearGlance(total, held, titles)
