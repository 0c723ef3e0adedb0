"""Plain records of activities for printing and display: one meeting with everything recorded
(会议记录, 签到表), an earlier finalised revision as it was, and the year's plan by month
(年度工作计划). Values only (dataclasses), no database rows, so the reports need nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from peewee import JOIN

from dangjian_desktop.core import activities, attendance, decisions
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import attachments as attachment_ops
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.core import quorum as quorum_rules
from dangjian_desktop.core.activity_plan import planned_kinds
from dangjian_desktop.core.attendance import AttendanceCounts
from dangjian_desktop.core.minutes import MinutesContent
from dangjian_desktop.db.models import Activity, Member, MinutesRevision, PartyGroup
from dangjian_desktop.errors import UserError


@dataclass(frozen=True)
class AttendeeRecord:
    member_id: int
    name: str
    category: str            # 正式党员 / 预备党员
    voting: bool
    state: str               # 出席 / 请假 / 缺席 / "" (not marked, or a planned activity)
    reason: str = ""
    excluded: bool = False   # not counted as expected (unless present)
    excluded_reason: str = ""
    flow: bool = False       # a 流动党员 now (marked on a 签到表 printed before the meeting)


@dataclass(frozen=True)
class GuestRecord:
    name: str
    role: str = ""


@dataclass(frozen=True)
class DecisionRecord:
    text: str
    method: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    passed: bool

    def describe(self) -> str:
        result = "通过" if self.passed else "未通过"
        return f"{self.method}：赞成 {self.votes_for} 票，反对 {self.votes_against} 票，弃权 {self.votes_abstain} 票，{result}。"


@dataclass
class ActivityRecord:
    """One activity with its details, attendance, 列席, decisions and minutes."""

    id: int
    kind: str
    kind_name: str
    title: str
    sequence: int | None     # 第 n 次 of its kind (and group) in the year
    date: dt.date
    start_time: str
    end_time: str
    place: str
    topic: str
    chair_id: int | None
    chair_name: str
    recorder_id: int | None
    recorder_name: str
    lecturer_id: int | None
    lecturer_name: str       # a member's name, or a lecturer from outside
    group_id: int | None
    group_name: str
    status: str              # planned / held / finalized
    counts: AttendanceCounts
    quorum: quorum_rules.Quorum | None       # for 党员大会 and 支委会
    attendees: list[AttendeeRecord] = field(default_factory=list)
    guests: list[GuestRecord] = field(default_factory=list)
    decisions: list[DecisionRecord] = field(default_factory=list)
    minutes: MinutesContent | None = None
    revision_number: int | None = None
    revision_reason: str = ""
    finalized_at: dt.datetime | None = None
    attachments: list[attachment_ops.AttachmentRecord] = field(default_factory=list)

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None

    def with_state(self, state: str) -> list[AttendeeRecord]:
        return [a for a in self.attendees if a.state == state]

    @property
    def present(self) -> list[AttendeeRecord]:
        return self.with_state(attendance.PRESENT)

    @property
    def on_leave(self) -> list[AttendeeRecord]:
        return [a for a in self.attendees if a.state == attendance.LEAVE and not a.excluded]

    @property
    def absent(self) -> list[AttendeeRecord]:
        return [a for a in self.attendees if a.state == attendance.ABSENT and not a.excluded]

    @property
    def excluded(self) -> list[AttendeeRecord]:
        return [a for a in self.attendees if a.excluded and a.state != attendance.PRESENT]

    @property
    def heading(self) -> str:
        """2026年第3次支部党员大会 (or the title when there is no sequence)."""
        if self.sequence:
            group = self.group_name if self.kind == "group_meeting" else ""
            return f"{group}{self.date.year}年第{self.sequence}次{self.kind_name}"
        return self.title

    # A finalised revision keeps the record as it was, in JSON.
    def to_snapshot(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data.pop("minutes", None)
        data.pop("attachments", None)
        data.pop("finalized_at", None)
        data.pop("revision_number", None)
        data.pop("revision_reason", None)
        return data

    @classmethod
    def from_snapshot(cls, data: dict) -> "ActivityRecord":
        values = dict(data)
        values["date"] = dt.date.fromisoformat(values["date"])
        values["counts"] = AttendanceCounts(**values["counts"])
        values["quorum"] = quorum_rules.Quorum(**values["quorum"]) if values.get("quorum") else None
        values["attendees"] = [AttendeeRecord(**a) for a in values.get("attendees", [])]
        values["guests"] = [GuestRecord(**g) for g in values.get("guests", [])]
        values["decisions"] = [DecisionRecord(**d) for d in values.get("decisions", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


def _name(member_id: int | None, names: dict[int, str]) -> str:
    return names.get(member_id, "") if member_id is not None else ""


def record_for_printing(activity_id, revision_id: int | None = None) -> ActivityRecord:
    """The activity as it stands, or one revision of its minutes as it was finalised; a wrong
    number (typed on the command line) is refused in plain words."""
    try:
        activity_id = int(activity_id)
    except (TypeError, ValueError):
        raise UserError(f"活动编号“{activity_id}”不对，应当是一个数字。") from None
    if Activity.get_or_none(Activity.id == activity_id) is None:
        raise UserError(f"找不到编号为 {activity_id} 的活动，可能已被删除。可以在活动列表里查看活动的编号。")
    if revision_id is None:
        return activity_record(activity_id)
    revision = MinutesRevision.get_or_none(MinutesRevision.id == revision_id)
    if revision is None or revision.activity_id != activity_id:
        raise UserError("这一稿会议记录已经不存在了。")
    return revision_record(revision_id)


def activity_record(activity_id: int, *, with_minutes: bool = True) -> ActivityRecord:
    """The activity as it stands: for a planned one the expected attendees (for a 签到表 printed
    before the meeting); the current minutes revision (finalised, or the draft being written)."""
    a = activities.get(activity_id)
    ids = [i for i in (a.chair_id, a.recorder_id, a.lecturer_id) if i is not None]
    names = dict(Member.select(Member.id, Member.name).where(Member.id.in_(ids)).tuples()) if ids else {}
    group_name = PartyGroup.get_by_id(a.group_id).name if a.group_id else ""
    attendee_rows = attendance.attendees(activity_id)
    away = {m for (m,) in Member.select(Member.id).where(Member.id.in_([r.member_id for r in attendee_rows])
                                                       & (Member.is_flow == True)).tuples()}  # noqa: E712
    counts = attendance.count_attendance((r.state, r.voting, r.excluded) for r in attendee_rows)
    spec = kinds.kind(a.kind)
    record = ActivityRecord(
        id=a.id, kind=a.kind, kind_name=spec.name, title=a.title, sequence=a.sequence, date=a.date,
        start_time=a.start_time, end_time=a.end_time, place=a.place, topic=a.topic,
        chair_id=a.chair_id, chair_name=_name(a.chair_id, names),
        recorder_id=a.recorder_id, recorder_name=_name(a.recorder_id, names),
        lecturer_id=a.lecturer_id, lecturer_name=_name(a.lecturer_id, names) or a.lecturer_name,
        group_id=a.group_id, group_name=group_name, status=a.status, counts=counts,
        quorum=quorum_rules.quorum(counts.voting_expected, counts.voting_present) if spec.quorum else None,
        attendees=[AttendeeRecord(r.member_id, r.name, r.category, r.voting, r.state, r.reason, r.excluded,
                                  r.excluded_reason, r.member_id in away) for r in attendee_rows],
        guests=[GuestRecord(g.name, g.role) for g in attendance.guests(activity_id)],
        decisions=[DecisionRecord(d.text, d.method, d.votes_for, d.votes_against, d.votes_abstain, bool(d.passed))
                   for d in decisions.decisions(activity_id)],
    )
    if with_minutes:
        revision, content = minutes_ops.current(activity_id)
        if revision is not None:
            record.minutes = content
            record.revision_number = revision.number
            record.revision_reason = revision.reason
            record.finalized_at = revision.finalized_at
        record.attachments = attachment_ops.attachments(activity_id)
    return record


def revision_record(revision_id: int) -> ActivityRecord:
    """A revision exactly as it was finalised (earlier revisions stay readable); the latest
    revision (finalised or a draft) is shown with the live record."""
    row = MinutesRevision.get_by_id(revision_id)
    snapshot = minutes_ops.revision_snapshot(revision_id)
    if snapshot is None:
        # Only the latest revision has no snapshot; the live record is that revision's.
        record = activity_record(row.activity_id, with_minutes=False)
    else:
        record = ActivityRecord.from_snapshot(snapshot)
    record.minutes = minutes_ops.revision_content(revision_id)
    record.revision_number = row.number
    record.revision_reason = row.reason
    record.finalized_at = row.finalized_at
    record.attachments = attachment_ops.attachments(row.activity_id)
    return record


# --- the year's plan ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanEntry:
    activity_id: int
    kind: str
    kind_name: str
    title: str
    date: dt.date
    start_time: str
    place: str
    group_name: str
    status: str
    topic: str = ""


@dataclass
class MonthPlan:
    month: int
    entries: list[PlanEntry] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.month}月"


@dataclass
class YearPlan:
    """年度工作计划: the year's activities month by month, and the rules they follow."""

    year: int
    months: list[MonthPlan]
    rules: list[tuple[str, str]]     # (kind name, rule in words), for the plan's preamble

    def quarter(self, q: int) -> list[MonthPlan]:
        return self.months[3 * (q - 1): 3 * q]

    @property
    def count(self) -> int:
        return sum(len(m.entries) for m in self.months)


def year_plan(year: int) -> YearPlan:
    months = [MonthPlan(m) for m in range(1, 13)]
    query = (Activity.select(Activity, PartyGroup.name.alias("group_name"))
             .join(PartyGroup, JOIN.LEFT_OUTER, on=(Activity.group == PartyGroup.id))
             .where((Activity.date >= dt.date(year, 1, 1)) & (Activity.date <= dt.date(year, 12, 31)))
             .order_by(Activity.date, Activity.start_time, Activity.id).objects())
    for a in query:
        months[a.date.month - 1].entries.append(PlanEntry(
            a.id, a.kind, kinds.kind_name(a.kind), a.title, a.date, a.start_time, a.place, a.group_name or "",
            a.status, a.topic))
    # The same kinds the plan generation holds (a kind it leaves out says why, not its frequency).
    return YearPlan(year, months, [(kinds.kind_name(p.kind), p.described) for p in planned_kinds(year)])
