"""Activities: details, who is expected by kind, attendance counting, lists, a member's record."""

import datetime as dt

import pytest

from dangjian_desktop.core import activities, activity_lists, attendance
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.activity_roster import expected_members
from dangjian_desktop.core.attendance import ABSENT, LEAVE, PRESENT
from dangjian_desktop.db.models import Activity, Attendance, GroupMembership, Member
from dangjian_desktop.errors import UserError, ValidationError
from tests.activity_branch import add_member, make_branch

TODAY = dt.date(2026, 11, 26)


def _held(kind, day=dt.date(2026, 10, 10), group_id=None):
    a = activities.create(ActivityInfo(kind=kind, date=day, group_id=group_id))
    activities.mark_held(a.id, today=TODAY)
    return a.id


def test_create_fills_title_and_normalises_times(opened):
    make_branch()
    a = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 3, 10), start_time="9点",
                                       end_time="１１：３０", place=" 村委会会议室 "))
    assert (a.title, a.start_time, a.end_time, a.place, a.status) == ("2026年3月主题党日", "09:00", "11:30",
                                                                     "村委会会议室", "planned")


def test_validation_messages(opened):
    branch = make_branch()
    with pytest.raises(ValidationError) as err:
        activities.create(ActivityInfo(kind="group_meeting", date=None, start_time="25:00"))
    assert err.value.problems == {
        "date": "请填写活动日期。",
        "start_time": "开始时间请写成 9:00 或 14:30 这样的形式。",
        "group": "党小组会请选择是哪个党小组。",
    }
    with pytest.raises(ValidationError) as err:
        activities.create(ActivityInfo(kind="committee", date=dt.date(2026, 3, 5), start_time="15:00",
                                       end_time="14:00"))
    assert err.value.problems == {"end_time": "结束时间应在开始时间之后。"}
    # A group given for another kind is ignored, a lecturer only kept for 党课.
    a = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 3, 10), group_id=branch.groups[0],
                                       lecturer_name="镇党委书记"))
    assert (a.group_id, a.lecturer_name) == (None, "")


def test_expected_attendees_by_kind(opened):
    branch = make_branch(full=6, probationary=2, flow=1, groups=2, committee=3)
    all_members = expected_members("theme_day", dt.date(2026, 10, 10))
    assert sorted(e.member_id for e in all_members) == sorted(branch.members)
    assert [e.member_id for e in all_members if e.excluded] == branch.flow
    assert next(e for e in all_members if e.excluded).excluded_reason == "流动党员，外出在广东省深圳市"
    committee = expected_members("committee", dt.date(2026, 10, 5))
    assert [e.member_id for e in committee] == branch.committee
    group = expected_members("group_meeting", dt.date(2026, 10, 15), branch.groups[0])
    assert sorted(e.member_id for e in group) == sorted(
        m for i, m in enumerate(branch.full + branch.probationary) if i % 2 == 0)
    assert not any(e.excluded for e in group)   # the flow rule applies to all-member activities only
    assert expected_members("talk", dt.date(2026, 10, 15)) == []


def test_sign_in_order_is_by_group_then_pinyin(opened):
    branch = make_branch(full=4, probationary=0, flow=0, groups=2, committee=1)
    names = [e.name for e in expected_members("theme_day", dt.date(2026, 10, 10))]
    first_group = sorted(Member.get_by_id(m).name_pinyin for m in (branch.full[0], branch.full[2]))
    assert names[:2] == first_group


def test_roster_on_the_day_not_today(opened):
    branch = make_branch(full=3, probationary=0, flow=0, groups=0, committee=1)
    left = branch.full[2]
    Member.update(status="transferred_out", status_on=dt.date(2026, 6, 1)).where(Member.id == left).execute()
    newcomer = add_member("新来的", joined=dt.date(2026, 8, 1), category="预备党员")
    transferred_in = add_member("转入者", joined=dt.date(2000, 1, 1), transferred_in_on=dt.date(2026, 9, 1))
    may = {e.member_id for e in expected_members("theme_day", dt.date(2026, 5, 10))}
    october = {e.member_id for e in expected_members("theme_day", dt.date(2026, 10, 10))}
    assert left in may and left not in october
    assert newcomer not in may and newcomer in october
    assert transferred_in not in may and transferred_in in october


def test_group_membership_on_the_day(opened):
    branch = make_branch(full=4, probationary=0, flow=0, groups=2, committee=1)
    mover = branch.full[0]
    GroupMembership.update(end_on=dt.date(2026, 7, 1)).where(GroupMembership.member == mover).execute()
    GroupMembership.create(member=mover, group=branch.groups[1], start_on=dt.date(2026, 7, 1))
    june = {e.member_id for e in expected_members("group_meeting", dt.date(2026, 6, 15), branch.groups[0])}
    july = {e.member_id for e in expected_members("group_meeting", dt.date(2026, 7, 15), branch.groups[1])}
    assert mover in june and mover in july


def test_cannot_record_a_meeting_before_its_day(opened):
    make_branch()
    a = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 12, 10)))
    with pytest.raises(UserError, match="还没到日子"):
        activities.mark_held(a.id, today=TODAY)
    assert Activity.get_by_id(a.id).status == "planned"


def test_attendance_is_counted_not_typed(opened):
    branch = make_branch(full=6, probationary=2, flow=1)
    aid = _held("theme_day")
    assert Attendance.select().where(Attendance.activity == aid).count() == 9
    attendance.mark_rest_present(aid)
    attendance.set_attendance(aid, branch.full[0], LEAVE, " 生病住院 ")
    attendance.set_attendance(aid, branch.full[1], ABSENT, "未说明原因")
    c = attendance.counts(aid)
    assert (c.expected, c.present, c.on_leave, c.absent, c.unmarked, c.excluded) == (8, 6, 1, 1, 0, 1)
    assert c.describe() == "应到 8 人，实到 6 人，请假 1 人，缺席 1 人；另有 1 人按规定不计入应到人数。"
    row = next(r for r in attendance.attendees(aid) if r.member_id == branch.full[0])
    assert (row.state, row.reason) == (LEAVE, "生病住院")
    # Present clears a reason; an unknown state is refused.
    attendance.set_attendance(aid, branch.full[0], PRESENT, "生病住院")
    assert next(r for r in attendance.attendees(aid) if r.member_id == branch.full[0]).reason == ""
    with pytest.raises(UserError):
        attendance.set_attendance(aid, branch.full[0], "迟到")


def test_attendance_rows_are_fixed_when_held(opened):
    branch = make_branch(full=3, probationary=0, flow=0, groups=0, committee=1)
    aid = _held("theme_day")
    add_member("后来入党", joined=dt.date(2026, 9, 1))   # joined before the day, added to the roster later
    assert len(attendance.attendees(aid)) == 3
    late = Member.get(Member.name == "后来入党").id
    attendance.add_attendee(aid, late)
    assert len(attendance.attendees(aid)) == 4
    with pytest.raises(UserError, match="已经在应到名单里"):
        attendance.add_attendee(aid, late)
    attendance.remove_attendee(aid, late)
    assert sorted(r.member_id for r in attendance.attendees(aid)) == branch.full


def test_talk_participants_are_chosen(opened):
    branch = make_branch()
    aid = _held("talk")
    assert attendance.attendees(aid) == []
    for member_id in branch.committee + branch.full[3:5]:
        attendance.add_attendee(aid, member_id)
    assert attendance.counts(aid).expected == 5


def test_planned_activity_shows_who_is_expected(opened):
    branch = make_branch(full=5, probationary=1, flow=1)
    a = activities.create(ActivityInfo(kind="party_congress", date=dt.date(2026, 12, 10)))
    rows = attendance.attendees(a.id)
    assert len(rows) == 7 and all(r.state == "" for r in rows)
    c = attendance.counts(a.id)
    assert (c.expected, c.voting_expected, c.excluded) == (6, 5, 1)
    with pytest.raises(UserError, match="记录开会情况"):
        attendance.set_attendance(a.id, branch.full[0], PRESENT)


def test_kind_and_group_are_fixed_once_held(opened):
    branch = make_branch()
    aid = _held("group_meeting", group_id=branch.groups[0])
    info = activities.info(aid)
    info.group_id = branch.groups[1]
    with pytest.raises(UserError, match="不能再改活动类型或党小组"):
        activities.update(aid, info, today=TODAY)
    info = activities.info(aid)
    info.place = "老党员家中"
    info.date = dt.date(2026, 10, 16)
    assert activities.update(aid, info, today=TODAY).place == "老党员家中"
    info.date = dt.date(2026, 12, 1)
    with pytest.raises(UserError, match="不能在今天之后"):
        activities.update(aid, info, today=TODAY)


def test_unmark_held_only_while_nothing_is_recorded(opened):
    branch = make_branch()
    aid = _held("theme_day")
    activities.unmark_held(aid)
    assert Activity.get_by_id(aid).status == "planned"
    assert Attendance.select().where(Attendance.activity == aid).count() == 0
    activities.mark_held(aid, today=TODAY)
    attendance.set_attendance(aid, branch.full[0], PRESENT)
    with pytest.raises(UserError, match="不能改回"):
        activities.unmark_held(aid)


def test_delete_and_sequence_numbers(opened):
    make_branch()
    ids = [activities.create(ActivityInfo(kind="party_congress", date=dt.date(2026, m, 10))).id for m in (7, 1, 4)]
    assert [Activity.get_by_id(i).sequence for i in ids] == [3, 1, 2]
    activities.delete(ids[1])
    assert [Activity.get_by_id(i).sequence for i in (ids[0], ids[2])] == [2, 1]


def test_guests(opened):
    make_branch()
    aid = _held("party_congress")
    with pytest.raises(ValidationError):
        attendance.add_guest(aid, "  ")
    g = attendance.add_guest(aid, "王海涛", "青山镇党委组织委员")
    attendance.add_guest(aid, "李明")
    assert [(x.name, x.role) for x in attendance.guests(aid)] == [("王海涛", "青山镇党委组织委员"), ("李明", "")]
    attendance.remove_guest(g.id)
    assert [x.name for x in attendance.guests(aid)] == ["李明"]
    assert attendance.counts(aid).expected == 10    # guests are not expected members


def test_list_json_and_counts(opened):
    branch = make_branch(full=6, probationary=2, flow=1)
    planned = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 12, 10)))
    aid = _held("group_meeting", dt.date(2026, 10, 15), branch.groups[0])
    attendance.mark_rest_present(aid)
    rows = [r.as_json() for r in activity_lists.list_activities(2026)]
    assert rows == [
        {"id": aid, "kind": "group_meeting", "title": "第一党小组2026年10月党小组会", "date": "2026-10-15",
         "status": "held", "group_id": branch.groups[0], "expected": 4, "present": 4},
        {"id": planned.id, "kind": "theme_day", "title": "2026年12月主题党日", "date": "2026-12-10",
         "status": "planned", "group_id": None, "expected": 8, "present": 0},
    ]
    assert [r.as_json() for r in activity_lists.list_activities(2025)] == []
    assert [r.id for r in activity_lists.list_activities(2026, 10)] == [aid]


def test_member_attendance_record_of_the_year(opened):
    branch = make_branch(full=4, probationary=0, flow=0, groups=1, committee=1)
    member = branch.full[1]
    a1 = _held("theme_day", dt.date(2026, 3, 10))
    a2 = _held("party_congress", dt.date(2026, 4, 10))
    a3 = _held("group_meeting", dt.date(2026, 5, 15), branch.groups[0])
    _held("committee", dt.date(2026, 5, 5))               # not a committee member: not expected
    _held("theme_day", dt.date(2025, 3, 10))              # another year
    attendance.set_attendance(a1, member, PRESENT)
    attendance.set_attendance(a2, member, LEAVE, "外出办事")
    attendance.set_attendance(a3, member, ABSENT, "未请假")
    record = activity_lists.member_attendance(member, 2026)
    assert [(r.activity_id, r.state) for r in record.rows] == [(a1, PRESENT), (a2, LEAVE), (a3, ABSENT)]
    assert record.describe() == "2026年应参加 3 次活动，出席 1 次，请假 1 次，缺席 1 次。"
    assert activity_lists.member_attendance(member, 2024).describe() == "2024年还没有需要参加的活动记录。"
