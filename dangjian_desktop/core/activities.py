"""Branch activities: add, edit, hold, and record who came (出席 / 请假 / 缺席) and what was decided.

An activity is *planned* until it is recorded as held; then its expected attendees are fixed
as attendance rows (so later roster changes do not rewrite history) and each is marked. Once
its minutes are finalised (core.minutes) the whole record is read-only; corrections go through
a new minutes revision.

应到/实到 are counted, never typed: see :func:`count_attendance`. Who is expected on a day is
core.activity_roster's :class:`~dangjian_desktop.core.activity_roster.Roster`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import JOIN, fn

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import quorum as quorum_rules
from dangjian_desktop.core.activity_roster import Roster, expected_members
from dangjian_desktop.core.roles import votes_on
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import (
    Activity,
    ActivityGuest,
    Attachment,
    Attendance,
    CommitteePost,
    Decision,
    Member,
    MinutesRevision,
    PartyGroup,
    database_proxy,
)
from dangjian_desktop.errors import UserError, ValidationError

STATUSES = ("planned", "held", "finalized")
STATUS_LABELS = {"planned": "计划中", "held": "已召开", "finalized": "已定稿"}
PRESENT, LEAVE, ABSENT = "出席", "请假", "缺席"
ATTENDANCE_STATES = (PRESENT, LEAVE, ABSENT)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --- counting ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AttendanceCounts:
    """应到 = present + on leave + absent + not yet marked, leaving out those excluded by rule
    who did not come; an excluded member who came counts as expected and present."""

    expected: int = 0        # 应到
    present: int = 0         # 实到
    on_leave: int = 0        # 请假
    absent: int = 0          # 缺席
    unmarked: int = 0        # not marked yet
    excluded: int = 0        # not counted (流动党员 away …)
    voting_expected: int = 0
    voting_present: int = 0

    def describe(self) -> str:
        text = f"应到 {self.expected} 人，实到 {self.present} 人，请假 {self.on_leave} 人，缺席 {self.absent} 人"
        if self.unmarked:
            text += f"，还有 {self.unmarked} 人没有登记"
        if self.excluded:
            text += f"；另有 {self.excluded} 人按规定不计入应到人数"
        return text + "。"


def count_attendance(rows: Iterable[tuple]) -> AttendanceCounts:
    """Count ``(state, voting, excluded)`` rows, or ``(state, voting, excluded, n)`` rows that
    stand for ``n`` alike (as grouped by SQL)."""
    expected = present = leave = absent = unmarked = excluded = v_expected = v_present = 0
    for row in rows:
        state, voting, is_excluded = row[0], row[1], row[2]
        n = row[3] if len(row) > 3 else 1
        if is_excluded and state != PRESENT:
            excluded += n
            continue
        expected += n
        if voting:
            v_expected += n
        if state == PRESENT:
            present += n
            if voting:
                v_present += n
        elif state == LEAVE:
            leave += n
        elif state == ABSENT:
            absent += n
        else:
            unmarked += n
    return AttendanceCounts(expected, present, leave, absent, unmarked, excluded, v_expected, v_present)


def _grouped_tallies(activity_ids: list[int]) -> dict[int, list[tuple]]:
    """Per activity, its attendance rows grouped as ``(state, voting, excluded, n)`` by SQL."""
    out: dict[int, list[tuple]] = {}
    for start in range(0, len(activity_ids), 500):
        chunk = activity_ids[start:start + 500]
        rows = (Attendance.select(Attendance.activity, Attendance.state, Attendance.voting, Attendance.excluded,
                                  fn.COUNT(Attendance.id))
                .where(Attendance.activity.in_(chunk))
                .group_by(Attendance.activity, Attendance.state, Attendance.voting, Attendance.excluded)
                .tuples())
        for aid, state, voting, excluded, n in rows:
            out.setdefault(aid, []).append((state, bool(voting), bool(excluded), n))
    return out


def counts(activity_id: int) -> AttendanceCounts:
    """Counts of a held activity from its attendance rows; of a planned one from who is expected."""
    activity = get(activity_id)
    if activity.status == "planned":
        return count_attendance(("", e.voting, e.excluded) for e in
                                expected_members(activity.kind, activity.date, activity.group_id))
    return count_attendance(_grouped_tallies([activity_id]).get(activity_id, ()))


def quorum(activity_id: int) -> quorum_rules.Quorum:
    c = counts(activity_id)
    return quorum_rules.quorum(c.voting_expected, c.voting_present)


# --- the activity itself ---------------------------------------------------------------------------

@dataclass
class ActivityInfo:
    """The editable details of an activity."""

    kind: str
    date: dt.date | None
    title: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    topic: str = ""
    chair_id: int | None = None
    recorder_id: int | None = None
    lecturer_id: int | None = None
    lecturer_name: str = ""
    group_id: int | None = None
    note: str = ""


_TIME = re.compile(r"^(\d{1,2})\s*[:：.点时]\s*(\d{1,2}|半)?\s*分?$|^(\d{1,2})$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９：", "0123456789:")


def parse_time(text: str) -> str:
    """"9:00", "9点30", "9点半", "０９：３０" -> "09:00"/"09:30"; "" stays ""; else ValueError."""
    raw = (text or "").translate(_FULLWIDTH).strip()
    if not raw:
        return ""
    match = _TIME.match(raw)
    if not match:
        raise ValueError(raw)
    hour = int(match.group(1) or match.group(3))
    minute = 30 if match.group(2) == "半" else int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(raw)
    return f"{hour:02d}:{minute:02d}"


def default_title(kind_key: str, day: dt.date, group_name: str = "") -> str:
    """2026年3月主题党日, 2026年第1季度支部党员大会, 2026年度组织生活会, 第一党小组2026年3月党小组会."""
    name = kinds.kind_name(kind_key)
    period = kinds.rule(kind_key).period
    if period == "month":
        when = f"{day.year}年{day.month}月"
    elif period == "quarter":
        when = f"{day.year}年第{(day.month - 1) // 3 + 1}季度"
    elif period == "year":
        when = f"{day.year}年度"
    else:
        when = f"{day.year}年{day.month}月{day.day}日"
    return f"{group_name}{when}{name}"


def _validate(info: ActivityInfo) -> dict[str, object]:
    problems: dict[str, str] = {}
    if info.kind not in kinds.KINDS:
        problems["kind"] = "请选择活动类型。"
    if info.date is None:
        problems["date"] = "请填写活动日期。"
    elif not 1950 <= info.date.year <= 2100:
        problems["date"] = "活动日期的年份不对，请核对。"
    times = {}
    for key, label in (("start_time", "开始时间"), ("end_time", "结束时间")):
        try:
            times[key] = parse_time(getattr(info, key))
        except ValueError:
            problems[key] = f"{label}请写成 9:00 或 14:30 这样的形式。"
    if not problems.get("start_time") and not problems.get("end_time"):
        if times["start_time"] and times["end_time"] and times["end_time"] <= times["start_time"]:
            problems["end_time"] = "结束时间应在开始时间之后。"
    group_id = info.group_id
    if info.kind == "group_meeting":
        if group_id is None:
            problems["group"] = "党小组会请选择是哪个党小组。"
        elif PartyGroup.get_or_none(PartyGroup.id == group_id) is None:
            problems["group"] = "找不到这个党小组，请重新选择。"
    else:
        group_id = None
    for key, label in (("chair_id", "主持人"), ("recorder_id", "记录人"), ("lecturer_id", "主讲人")):
        value = getattr(info, key)
        if value is not None and Member.get_or_none(Member.id == value) is None:
            problems[key] = f"找不到选择的{label}，请重新选择。"
    if problems:
        raise ValidationError(problems)
    title = " ".join(info.title.split())
    if not title:
        group_name = PartyGroup.get_by_id(group_id).name if group_id else ""
        title = default_title(info.kind, info.date, group_name)
    return {
        "kind": info.kind,
        "date": info.date,
        "title": title,
        "start_time": times["start_time"],
        "end_time": times["end_time"],
        "place": info.place.strip(),
        "topic": info.topic.strip(),
        "chair": info.chair_id,
        "recorder": info.recorder_id,
        "lecturer": info.lecturer_id if info.kind == "party_lecture" else None,
        "lecturer_name": info.lecturer_name.strip() if info.kind == "party_lecture" and info.lecturer_id is None else "",
        "group": group_id,
        "note": info.note.strip(),
    }


def get(activity_id: int) -> Activity:
    activity = Activity.get_or_none(Activity.id == activity_id)
    if activity is None:
        raise UserError("这次活动已经不存在了，可能已被删除。")
    return activity


def info(activity_id: int) -> ActivityInfo:
    a = get(activity_id)
    return ActivityInfo(
        kind=a.kind, date=a.date, title=a.title, start_time=a.start_time, end_time=a.end_time,
        place=a.place, topic=a.topic, chair_id=a.chair_id, recorder_id=a.recorder_id,
        lecturer_id=a.lecturer_id, lecturer_name=a.lecturer_name, group_id=a.group_id, note=a.note,
    )


def check_editable(activity: Activity) -> None:
    if activity.status == "finalized":
        raise UserError(
            f"“{activity.title}”的记录已经定稿，不能再直接修改。如需更正，请点“更正记录”并写明原因。"
        )


def renumber(year: int, kind_key: str, group_id: int | None) -> None:
    """Set 第 n 次 of every activity of a kind (and group) in a year, in date order."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    query = Activity.select(Activity.id, Activity.sequence).where(
        (Activity.kind == kind_key) & (Activity.date >= start) & (Activity.date <= end)
    )
    query = query.where(Activity.group.is_null() if group_id is None else (Activity.group == group_id))
    for number, row in enumerate(query.order_by(Activity.date, Activity.start_time, Activity.id), start=1):
        if row.sequence != number:
            Activity.update(sequence=number).where(Activity.id == row.id).execute()


def create(info: ActivityInfo, *, plan_key: str | None = None) -> Activity:
    """Add a planned activity."""
    values = _validate(info)
    with database_proxy.atomic():  # 新增活动
        activity = Activity.create(**values, status="planned", plan_key=plan_key)
        renumber(activity.date.year, activity.kind, activity.group_id)
    return Activity.get_by_id(activity.id)


def update(activity_id: int, info: ActivityInfo, *, today: dt.date | None = None) -> Activity:
    """Save edited details; kind and group are fixed once attendance is recorded."""
    today = today or dt.date.today()
    activity = get(activity_id)
    check_editable(activity)
    values = _validate(info)
    if activity.status != "planned" and (values["kind"] != activity.kind or values["group"] != activity.group_id):
        raise UserError("这次活动已经登记了出席情况，不能再改活动类型或党小组。如确实选错了，请删除后重新新增。")
    if activity.status != "planned" and values["date"] > today:
        raise UserError("已召开的活动，日期不能在今天之后。")
    old = (activity.date.year, activity.kind, activity.group_id)
    with database_proxy.atomic():  # 修改活动
        for key, value in values.items():
            setattr(activity, key, value)
        activity.updated_at = _now()
        activity.save()
        renumber(*old)
        renumber(activity.date.year, activity.kind, activity.group_id)
    return Activity.get_by_id(activity.id)


def delete(activity_id: int) -> None:
    """Remove an activity and what was recorded for it; finalised records are kept."""
    activity = get(activity_id)
    if activity.status == "finalized" or MinutesRevision.select().where(
        (MinutesRevision.activity == activity_id) & MinutesRevision.finalized_at.is_null(False)
    ).exists():
        raise UserError(f"“{activity.title}”的记录已经定稿，定稿的记录要留档，不能删除。")
    with database_proxy.atomic():  # 删除活动
        for model in (Attendance, ActivityGuest, Decision, MinutesRevision, Attachment):
            model.delete().where(model.activity == activity_id).execute()
        activity.delete_instance()
        renumber(activity.date.year, activity.kind, activity.group_id)


def mark_held(activity_id: int, *, today: dt.date | None = None) -> Activity:
    """Record that a planned activity took place: fix its expected attendees as rows to mark."""
    today = today or dt.date.today()
    activity = get(activity_id)
    if activity.status != "planned":
        return activity
    if activity.date > today:
        raise UserError(
            f"“{activity.title}”定在 {activity.date:%Y年%m月%d日}，还没到日子。"
            "如果提前开了，请先把活动日期改成实际开会的日子。"
        )
    expected = expected_members(activity.kind, activity.date, activity.group_id)
    with database_proxy.atomic():  # 记录活动召开
        bulk_insert(Attendance, (
            {"activity": activity.id, "member": e.member_id, "state": "", "reason": "", "voting": e.voting,
             "excluded": e.excluded, "excluded_reason": e.excluded_reason, "sort_order": i}
            for i, e in enumerate(expected)
        ))
        activity.status = "held"
        activity.updated_at = _now()
        activity.save()
    return activity


def unmark_held(activity_id: int) -> None:
    """Back to planned (recorded by mistake): only while nothing but unmarked rows exists."""
    activity = get(activity_id)
    check_editable(activity)
    if activity.status != "held":
        return
    recorded = (
        Attendance.select().where((Attendance.activity == activity_id) & (Attendance.state != "")).exists()
        or Decision.select().where(Decision.activity == activity_id).exists()
        or MinutesRevision.select().where(MinutesRevision.activity == activity_id).exists()
    )
    if recorded:
        raise UserError("这次活动已经登记了出席、表决或会议记录，不能改回“计划中”。")
    with database_proxy.atomic():  # 改回计划中
        Attendance.delete().where(Attendance.activity == activity_id).execute()
        activity.status = "planned"
        activity.save()


# --- attendance -----------------------------------------------------------------------------------

def _held(activity_id: int) -> Activity:
    activity = get(activity_id)
    check_editable(activity)
    if activity.status == "planned":
        raise UserError("请先点“记录开会情况”，再登记出席和表决。")
    return activity


def set_attendance(activity_id: int, member_id: int, state: str, reason: str = "") -> AttendanceCounts:
    """Mark one attendee 出席 / 请假 / 缺席 (with a reason for the last two); "" clears the mark."""
    _held(activity_id)
    if state not in ATTENDANCE_STATES and state != "":
        raise UserError("出席情况只能是出席、请假或缺席。")
    row = Attendance.get_or_none((Attendance.activity == activity_id) & (Attendance.member == member_id))
    if row is None:
        raise UserError("这名党员不在这次活动的应到名单里。")
    with database_proxy.atomic():  # 登记出席
        row.state = state
        row.reason = reason.strip() if state in (LEAVE, ABSENT) else ""
        row.save()
        recount_decisions(activity_id)
    return counts(activity_id)


def mark_rest_present(activity_id: int) -> int:
    """Mark everyone not yet marked (and not excluded) as present; returns how many."""
    _held(activity_id)
    with database_proxy.atomic():  # 其余标为出席
        changed = Attendance.update(state=PRESENT).where(
            (Attendance.activity == activity_id) & (Attendance.state == "") & (Attendance.excluded == False)  # noqa: E712
        ).execute()
        recount_decisions(activity_id)
    return changed


def set_excluded(activity_id: int, member_id: int, excluded: bool, reason: str = "") -> AttendanceCounts:
    """Leave a member out of the expected count (e.g. long illness, working away), with the reason."""
    _held(activity_id)
    row = Attendance.get_or_none((Attendance.activity == activity_id) & (Attendance.member == member_id))
    if row is None:
        raise UserError("这名党员不在这次活动的应到名单里。")
    if excluded and not reason.strip():
        raise ValidationError({"excluded_reason": "不计入应到人数时，请写明原因，例如“外出务工”“长期卧病”。"})
    with database_proxy.atomic():  # 不计入应到人数
        row.excluded = bool(excluded)
        row.excluded_reason = reason.strip() if excluded else ""
        row.save()
        recount_decisions(activity_id)
    return counts(activity_id)


def add_attendee(activity_id: int, member_id: int) -> None:
    """Add a member to the expected list (谈心谈话 participants, a member missed by the roster)."""
    activity = _held(activity_id)
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise UserError("找不到这名党员。")
    if Attendance.select().where((Attendance.activity == activity_id) & (Attendance.member == member_id)).exists():
        raise UserError(f"{member.name}已经在应到名单里了。")
    last = Attendance.select(fn.MAX(Attendance.sort_order)).where(Attendance.activity == activity_id).scalar()
    with database_proxy.atomic():  # 添加参加人员
        Attendance.create(activity=activity_id, member=member_id, state="", voting=votes_on(member, activity.date),
                          sort_order=(last or 0) + 1)
        recount_decisions(activity_id)


def remove_attendee(activity_id: int, member_id: int) -> None:
    _held(activity_id)
    with database_proxy.atomic():  # 移出应到名单
        Attendance.delete().where((Attendance.activity == activity_id) & (Attendance.member == member_id)).execute()
        recount_decisions(activity_id)


@dataclass(frozen=True)
class AttendeeRow:
    member_id: int
    name: str
    category: str
    voting: bool
    state: str
    reason: str
    excluded: bool
    excluded_reason: str


def attendees(activity_id: int) -> list[AttendeeRow]:
    """The attendance list in sign-in order (for a planned activity: who is expected)."""
    activity = get(activity_id)
    if activity.status == "planned":
        return [AttendeeRow(e.member_id, e.name, e.category, e.voting, "", "", e.excluded, e.excluded_reason)
                for e in expected_members(activity.kind, activity.date, activity.group_id)]
    rows = (
        Attendance.select(Attendance.member, Member.name, Member.category, Attendance.voting, Attendance.state,
                          Attendance.reason, Attendance.excluded, Attendance.excluded_reason)
        .join(Member)
        .where(Attendance.activity == activity_id)
        .order_by(Attendance.sort_order, Attendance.id)
        .tuples()
    )
    return [AttendeeRow(mid, name, category, bool(voting), state, reason, bool(excluded), excluded_reason)
            for mid, name, category, voting, state, reason, excluded, excluded_reason in rows]


# --- guests (列席) ----------------------------------------------------------------------------------

def add_guest(activity_id: int, name: str, role: str = "") -> ActivityGuest:
    activity = get(activity_id)
    check_editable(activity)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "请填写列席人员的姓名。"})
    last = ActivityGuest.select(fn.MAX(ActivityGuest.sort_order)).where(ActivityGuest.activity == activity_id).scalar()
    with database_proxy.atomic():  # 添加列席人员
        return ActivityGuest.create(activity=activity_id, name=name, role=role.strip(), sort_order=(last or 0) + 1)


def remove_guest(guest_id: int) -> None:
    guest = ActivityGuest.get_or_none(ActivityGuest.id == guest_id)
    if guest is None:
        return
    check_editable(get(guest.activity_id))
    with database_proxy.atomic():  # 删除列席人员
        guest.delete_instance()


def guests(activity_id: int) -> list[ActivityGuest]:
    return list(ActivityGuest.select().where(ActivityGuest.activity == activity_id)
                .order_by(ActivityGuest.sort_order, ActivityGuest.id))


# --- decisions ----------------------------------------------------------------------------------------

@dataclass
class DecisionInfo:
    text: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    method: str = "举手表决"


def save_decision(activity_id: int, decision: DecisionInfo, decision_id: int | None = None) -> Decision:
    """Record a matter voted on; whether it passed is worked out by the rules (core.quorum)."""
    activity = _held(activity_id)
    problems: dict[str, str] = {}
    text = decision.text.strip()
    if not text:
        problems["text"] = "请填写表决的事项，例如“接收张三为预备党员”。"
    c = counts(activity_id)
    problems.update(quorum_rules.vote_problems(decision.votes_for, decision.votes_against,
                                               decision.votes_abstain, c.voting_present))
    if problems:
        raise ValidationError(problems)
    passed = quorum_rules.decision_passes(decision.votes_for, c.voting_expected, c.voting_present)
    with database_proxy.atomic():  # 记录表决
        if decision_id is None:
            last = Decision.select(fn.MAX(Decision.sort_order)).where(Decision.activity == activity.id).scalar()
            row = Decision(activity=activity.id, sort_order=(last or 0) + 1)
        else:
            row = Decision.get_or_none((Decision.id == decision_id) & (Decision.activity == activity.id))
            if row is None:
                raise UserError("这条表决事项已经不存在了。")
        row.text = text
        row.method = decision.method.strip() or "举手表决"
        row.votes_for = decision.votes_for
        row.votes_against = decision.votes_against
        row.votes_abstain = decision.votes_abstain
        row.passed = passed
        row.save()
    return row


def remove_decision(decision_id: int) -> None:
    row = Decision.get_or_none(Decision.id == decision_id)
    if row is None:
        return
    _held(row.activity_id)
    with database_proxy.atomic():  # 删除表决事项
        row.delete_instance()


def decisions(activity_id: int) -> list[Decision]:
    return list(Decision.select().where(Decision.activity == activity_id).order_by(Decision.sort_order, Decision.id))


def recount_decisions(activity_id: int) -> None:
    """Attendance changed after votes were recorded: work out again whether each passed."""
    c = counts(activity_id)
    for row in decisions(activity_id):
        passed = quorum_rules.decision_passes(row.votes_for, c.voting_expected, c.voting_present)
        if passed != bool(row.passed):
            Decision.update(passed=passed).where(Decision.id == row.id).execute()


# --- lists ---------------------------------------------------------------------------------------------

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
    tallies = _grouped_tallies(held_ids)
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


def list_activities_json(year: int | None = None) -> list[dict[str, object]]:
    return [row.as_json() for row in list_activities(year)]


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
    for post in CommitteePost.select(CommitteePost.member, CommitteePost.post).where(
            CommitteePost.member.is_null(False)).order_by(CommitteePost.sort_order, CommitteePost.id):
        posts.setdefault(post.member_id, post.post)
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


def group_choices() -> list[tuple[int, str]]:
    """Party groups to hold a 党小组会 for, in their order: ``(id, name)``."""
    return list(PartyGroup.select(PartyGroup.id, PartyGroup.name)
                .order_by(PartyGroup.sort_order, PartyGroup.id).tuples())
