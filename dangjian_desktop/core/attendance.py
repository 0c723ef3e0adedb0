"""Who was expected at an activity and how each was marked (出席 / 请假 / 缺席), the 列席 guests,
and 应到/实到 — counted, never typed (:func:`count_attendance`).

Marks are recorded only for a held activity that is not finalised; each is a named change
(core.changes) that can be undone until the record is finalised. A change of attendance works
out again whether each decision passed (:func:`recount_decisions`: the rule is core.quorum's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from peewee import fn

from dangjian_desktop.core import activities
from dangjian_desktop.core import quorum as quorum_rules
from dangjian_desktop.core.activity_roster import expected_members
from dangjian_desktop.core.changes import by_id, named, rows_of
from dangjian_desktop.core.roles import votes_on
from dangjian_desktop.db.models import ActivityGuest, Attendance, Decision, Member
from dangjian_desktop.errors import UserError, ValidationError

PRESENT, LEAVE, ABSENT = "出席", "请假", "缺席"
ATTENDANCE_STATES = (PRESENT, LEAVE, ABSENT)


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


def grouped_tallies(activity_ids: list[int]) -> dict[int, list[tuple]]:
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
    activity = activities.get(activity_id)
    if activity.status == "planned":
        return count_attendance(("", e.voting, e.excluded) for e in
                                expected_members(activity.kind, activity.date, activity.group_id))
    return count_attendance(grouped_tallies([activity_id]).get(activity_id, ()))


def quorum(activity_id: int) -> quorum_rules.Quorum:
    c = counts(activity_id)
    return quorum_rules.quorum(c.voting_expected, c.voting_present)


# --- marking -------------------------------------------------------------------------------------

def _marks_scope(activity_id: int, member_ids: Iterable[int] | None = None, *_args, **_kwargs) -> list:
    """Attendance rows of ``member_ids`` (all when None) and the decisions whose result may change."""
    rows = (rows_of(Attendance, Attendance.activity, [activity_id]) if member_ids is None else
            rows_of(Attendance, Attendance.id, _row_ids(activity_id, member_ids)))
    return [rows, rows_of(Decision, Decision.activity, [activity_id])]


def _row_ids(activity_id: int, member_ids: Iterable[int]) -> list[int]:
    ids = list(member_ids)
    return [r for (r,) in Attendance.select(Attendance.id).where(
        (Attendance.activity == activity_id) & Attendance.member.in_(ids)).tuples()] if ids else []


def _names(member_ids: list[int]) -> str:
    names = [n for (n,) in Member.select(Member.name).where(Member.id.in_(member_ids[:3])).tuples()]
    text = "、".join(names)
    return f"{text}等 {len(member_ids)} 人" if len(member_ids) > 3 else text


def _marks_label(_counts, activity_id, member_ids, state, *_args, **_kwargs) -> str:
    ids = list(member_ids)
    return f"把{_names(ids)}登记为{state}" if state else f"清除{_names(ids)}的出席登记"


@named(_marks_label, scope=_marks_scope, guard=activities.editable_guard)
def mark_attendance(activity_id: int, member_ids: Iterable[int], state: str, reason: str = "") -> AttendanceCounts:
    """Mark attendees 出席 / 请假 / 缺席 (with a reason for the last two); "" clears the mark."""
    activities.held_for_recording(activity_id)
    if state not in ATTENDANCE_STATES and state != "":
        raise UserError("出席情况只能是出席、请假或缺席。")
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        raise UserError("请先选中要登记的人。")
    rows = {r.member_id: r for r in Attendance.select().where(
        (Attendance.activity == activity_id) & Attendance.member.in_(ids))}
    if len(rows) < len(ids):
        raise UserError("这名党员不在这次活动的应到名单里。")
    for member_id in ids:
        row = rows[member_id]
        row.state = state
        row.reason = reason.strip() if state in (LEAVE, ABSENT) else ""
        row.save()
    recount_decisions(activity_id)
    return counts(activity_id)


def set_attendance(activity_id: int, member_id: int, state: str, reason: str = "") -> AttendanceCounts:
    """:func:`mark_attendance` of one attendee."""
    return mark_attendance(activity_id, [member_id], state, reason)


@named("其余人员都标为出席", scope=lambda activity_id, **_k: _marks_scope(activity_id), guard=activities.editable_guard)
def mark_rest_present(activity_id: int) -> int:
    """Mark everyone not yet marked (and not excluded) as present; returns how many."""
    activities.held_for_recording(activity_id)
    changed = Attendance.update(state=PRESENT).where(
        (Attendance.activity == activity_id) & (Attendance.state == "") & (Attendance.excluded == False)  # noqa: E712
    ).execute()
    recount_decisions(activity_id)
    return changed


def _excluded_label(_counts, activity_id, member_ids, excluded, *_args, **_kwargs) -> str:
    names = _names(list(member_ids))
    return f"{names}不计入应到人数" if excluded else f"{names}恢复计入应到人数"


@named(_excluded_label, scope=_marks_scope, guard=activities.editable_guard)
def exclude_attendees(activity_id: int, member_ids: Iterable[int], excluded: bool, reason: str = "") -> AttendanceCounts:
    """Leave members out of the expected count (e.g. long illness, working away), with the reason."""
    activities.held_for_recording(activity_id)
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        raise UserError("请先选中人员。")
    rows = list(Attendance.select().where((Attendance.activity == activity_id) & Attendance.member.in_(ids)))
    if len(rows) < len(ids):
        raise UserError("这名党员不在这次活动的应到名单里。")
    if excluded and not reason.strip():
        raise ValidationError({"excluded_reason": "不计入应到人数时，请写明原因，例如“外出务工”“长期卧病”。"})
    for row in rows:
        row.excluded = bool(excluded)
        row.excluded_reason = reason.strip() if excluded else ""
        row.save()
    recount_decisions(activity_id)
    return counts(activity_id)


def set_excluded(activity_id: int, member_id: int, excluded: bool, reason: str = "") -> AttendanceCounts:
    """:func:`exclude_attendees` of one attendee."""
    return exclude_attendees(activity_id, [member_id], excluded, reason)


def _attendee_scope(activity_id: int, *_args, **_kwargs) -> list:
    return [rows_of(Attendance, Attendance.activity, [activity_id]), rows_of(Decision, Decision.activity, [activity_id])]


@named(lambda _r, activity_id, member_id, **_k: f"把{_names([member_id])}加入应到名单", scope=_attendee_scope,
       guard=activities.editable_guard)
def add_attendee(activity_id: int, member_id: int) -> None:
    """Add a member to the expected list (谈心谈话 participants, a member missed by the roster)."""
    activity = activities.held_for_recording(activity_id)
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise UserError("找不到这名党员。")
    if Attendance.select().where((Attendance.activity == activity_id) & (Attendance.member == member_id)).exists():
        raise UserError(f"{member.name}已经在应到名单里了。")
    last = Attendance.select(fn.MAX(Attendance.sort_order)).where(Attendance.activity == activity_id).scalar()
    Attendance.create(activity=activity_id, member=member_id, state="", voting=votes_on(member, activity.date),
                      sort_order=(last or 0) + 1)
    recount_decisions(activity_id)


@named(lambda _r, activity_id, member_ids, **_k: f"把{_names(list(member_ids))}移出应到名单", scope=_attendee_scope,
       guard=activities.editable_guard)
def remove_attendees(activity_id: int, member_ids: Iterable[int]) -> None:
    activities.held_for_recording(activity_id)
    ids = list(dict.fromkeys(member_ids))
    if ids:
        Attendance.delete().where((Attendance.activity == activity_id) & Attendance.member.in_(ids)).execute()
    recount_decisions(activity_id)


def remove_attendee(activity_id: int, member_id: int) -> None:
    """:func:`remove_attendees` of one attendee."""
    remove_attendees(activity_id, [member_id])


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
    activity = activities.get(activity_id)
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

def _guests_scope(activity_id: int, *_args, **_kwargs) -> list:
    return [rows_of(ActivityGuest, ActivityGuest.activity, [activity_id])]


@named(lambda guest, *_a, **_k: f"添加列席人员{guest.name}", scope=_guests_scope, guard=activities.editable_guard)
def add_guest(activity_id: int, name: str, role: str = "") -> ActivityGuest:
    activity = activities.get(activity_id)
    activities.check_editable(activity)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "请填写列席人员的姓名。"})
    last = ActivityGuest.select(fn.MAX(ActivityGuest.sort_order)).where(ActivityGuest.activity == activity_id).scalar()
    return ActivityGuest.create(activity=activity_id, name=name, role=role.strip(), sort_order=(last or 0) + 1)


def _guest_activity(guest_id: int) -> int | None:
    guest = ActivityGuest.get_or_none(ActivityGuest.id == guest_id)
    return guest.activity_id if guest else None


@named(lambda guest, *_a, **_k: f"删除列席人员{guest.name}" if guest else "删除列席人员",
       scope=lambda guest_id, **_k: [by_id(ActivityGuest, [guest_id])],
       guard=lambda guest_id, **_k: activities.editable_guard(_guest_activity(guest_id)))
def remove_guest(guest_id: int) -> ActivityGuest | None:
    guest = ActivityGuest.get_or_none(ActivityGuest.id == guest_id)
    if guest is None:
        return None
    activities.check_editable(activities.get(guest.activity_id))
    guest.delete_instance()
    return guest


def guests(activity_id: int) -> list[ActivityGuest]:
    return list(ActivityGuest.select().where(ActivityGuest.activity == activity_id)
                .order_by(ActivityGuest.sort_order, ActivityGuest.id))


# --- results of the votes --------------------------------------------------------------------------

def recount_decisions(activity_id: int) -> None:
    """Attendance changed after votes were recorded: work out again whether each passed."""
    c = counts(activity_id)
    for row in Decision.select(Decision.id, Decision.votes_for, Decision.passed).where(Decision.activity == activity_id):
        passed = quorum_rules.decision_passes(row.votes_for, c.voting_expected, c.voting_present)
        if passed != bool(row.passed):
            Decision.update(passed=passed).where(Decision.id == row.id).execute()
