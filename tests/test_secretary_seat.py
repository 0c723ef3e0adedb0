"""The 书记 of the first start holds the committee seat 书记, chairs new meetings by default, and a
branch with no committee has no 支委会 in its plan nor in the printed plan's frequencies."""

import datetime as dt

from dangjian_desktop.core import activity_check, activity_plan, roles
from dangjian_desktop.core import branch as branch_ops
from dangjian_desktop.core.activity_record import year_plan
from dangjian_desktop.db.models import Activity, CommitteePost, PartyGroup
from tests.activity_branch import add_member, make_branch

DECEMBER = dt.date(2026, 12, 2)


def _first_start(secretary="刘明"):
    return branch_ops.begin_using(branch_ops.BranchInfo("西河村党支部", secretary_name=secretary), today=DECEMBER)


def test_first_start_secretary_holds_the_seat_and_is_linked_once_on_the_roster(opened):
    _first_start()
    seat = CommitteePost.get()
    assert (seat.post, seat.member_id, seat.person_name) == ("书记", None, "刘明")
    assert [(s.post, s.member_id, s.name) for s in roles.committee_seats()] == [("书记", None, "刘明")]
    assert roles.default_chair("party_congress", DECEMBER) is None
    liu = add_member("刘明")
    add_member("王建国")
    assert [(s.post, s.member_id) for s in roles.committee_seats()] == [("书记", liu)]
    for kind in ("party_congress", "committee", "party_lecture"):
        assert roles.default_chair(kind, DECEMBER) == liu
    assert roles.default_chair("theme_day", DECEMBER) is None


def test_a_name_two_members_share_is_not_linked(opened):
    _first_start()
    add_member("刘明")
    add_member("刘明", joined=dt.date(2015, 7, 1))
    assert roles.committee_seats()[0].member_id is None
    assert roles.secretary_id(DECEMBER) is None


def test_first_start_without_a_secretary_makes_no_seat_and_a_second_save_no_second_one(opened):
    branch_ops.begin_using(branch_ops.BranchInfo("西河村党支部"), today=DECEMBER)
    assert CommitteePost.select().count() == 0
    _first_start("刘明")
    _first_start("刘明")
    assert CommitteePost.select().count() == 1


def test_group_meeting_chair_defaults_to_the_group_leader(opened):
    branch = make_branch(groups=2)
    leader = branch.full[3]
    PartyGroup.update(leader=leader).where(PartyGroup.id == branch.groups[1]).execute()
    assert roles.default_chair("group_meeting", DECEMBER, branch.groups[1]) == leader
    assert roles.default_chair("group_meeting", DECEMBER, branch.groups[0]) is None     # no leader yet


def test_plan_and_arranged_meetings_get_the_default_chair(opened):
    branch = make_branch(groups=2)
    PartyGroup.update(leader=branch.full[3]).where(PartyGroup.id == branch.groups[1]).execute()
    activity_plan.apply_plan(2027)
    secretary = branch.committee[0]
    chairs = {(a.kind, a.group_id): a.chair_id for a in Activity.select()}
    assert chairs[("party_congress", None)] == chairs[("committee", None)] == chairs[("party_lecture", None)] == secretary
    assert chairs[("group_meeting", branch.groups[1])] == branch.full[3]
    assert chairs[("group_meeting", branch.groups[0])] is None
    assert chairs[("theme_day", None)] is None
    arranged = activity_check.arrange("party_congress", dt.date(2026, 12, 10))
    assert Activity.get_by_id(arranged).chair_id == secretary


def test_a_secretary_alone_is_no_committee_in_the_plan_nor_in_the_printed_plan(opened):
    make_branch(full=4, probationary=0, flow=0, groups=0, committee=1)
    assert not roles.has_committee()
    preview = activity_plan.preview_plan(2027)
    assert not any(i.kind == "committee" for i in preview.items)
    assert "本支部还没有登记支部委员会，不安排支部委员会会议。" in preview.notes
    activity_plan.apply_plan(2027)
    rules = dict(year_plan(2027).rules)
    assert rules["支部委员会会议"] == "不安排（本支部还没有登记支部委员会）"
    assert rules["党小组会"] == "不安排（还没有党小组）"
    assert rules["主题党日"] == "每月 1 次（10 日）"
    assert not any(c.kind == "committee" for c in activity_check.check_year(2027, today=DECEMBER))


def test_three_seats_are_a_committee_planned_and_printed_monthly(opened):
    make_branch(groups=2, committee=3)
    assert roles.has_committee()
    activity_plan.apply_plan(2027)
    assert Activity.select().where(Activity.kind == "committee").count() == 12
    assert dict(year_plan(2027).rules)["支部委员会会议"] == "每月 1 次（5 日）"
