"""党员大会 quorum and vote rules at their boundaries, pure and on a real branch."""

import datetime as dt

import pytest

from dangjian_desktop.core import activities, attendance, decisions
from dangjian_desktop.core import quorum as q
from dangjian_desktop.core.attendance import ABSENT, LEAVE, PRESENT
from dangjian_desktop.core.decisions import DecisionInfo
from dangjian_desktop.errors import ValidationError
from tests.activity_branch import add_member, make_branch

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(("expected", "present", "met"), [
    (10, 5, False),   # exactly half is not more than half
    (10, 6, True),
    (9, 4, False),
    (9, 5, True),
    (1, 1, True),
    (1, 0, False),
    (0, 0, False),    # nobody with a vote: no decision possible
    (3, 2, True),
])
def test_quorum_is_more_than_half_of_voting_members(expected, present, met):
    result = q.quorum(expected, present)
    assert result.met is met
    assert result.needed == expected // 2 + 1


@pytest.mark.parametrize(("votes_for", "expected", "present", "passes"), [
    (5, 10, 10, False),   # half of those who should attend is not enough
    (6, 10, 6, True),     # all present voted for, and that is more than half of 10
    (5, 10, 6, False),    # more than half of those present, not of those who should attend
    (5, 9, 9, True),
    (4, 9, 9, False),
    (6, 10, 5, False),    # no quorum: nothing passes (and 6 votes from 5 present is impossible anyway)
])
def test_decision_passes_with_more_than_half_of_those_who_should_attend(votes_for, expected, present, passes):
    assert q.decision_passes(votes_for, expected, present) is passes


def test_vote_counts_cannot_exceed_voting_members_present():
    assert q.vote_problems(3, 1, 1, 5) == {}
    problems = q.vote_problems(4, 1, 1, 5)
    assert problems == {"votes": "赞成、反对、弃权合计 6 票，超过了到会的有表决权党员 5 人，请核对。（预备党员没有表决权。）"}
    assert q.vote_problems(-1, 0, 0, 5) == {"votes_for": "赞成票数不能是负数。"}


def test_quorum_sentence():
    assert q.quorum(10, 6).describe() == "有表决权的党员应到 10 人，实到 6 人，超过半数，可以开会表决。"
    assert q.quorum(10, 5).describe() == "有表决权的党员应到 10 人，实到 5 人，只到一半，没有超过半数（至少需要 6 人），不能作出决定。"
    assert q.quorum(10, 4).describe() == "有表决权的党员应到 10 人，实到 4 人，不到半数（至少需要 6 人），不能作出决定。"


def _congress(branch, day=dt.date(2026, 10, 10)):
    activity = activities.create(activities.ActivityInfo(kind="party_congress", date=day))
    activities.mark_held(activity.id, today=TODAY)
    return activity.id


def test_live_quorum_changes_with_attendance_and_probationary_members_do_not_count(opened):
    # 8 full + 2 probationary + 1 flow member (excluded by the rule unless present).
    branch = make_branch(full=8, probationary=2, flow=1)
    aid = _congress(branch)
    c = attendance.counts(aid)
    assert (c.expected, c.voting_expected, c.excluded, c.unmarked) == (10, 8, 1, 10)
    for member_id in branch.full[:4]:
        attendance.set_attendance(aid, member_id, PRESENT)
    for member_id in branch.probationary:
        attendance.set_attendance(aid, member_id, PRESENT)
    qr = attendance.quorum(aid)
    assert (qr.voting_expected, qr.voting_present, qr.met) == (8, 4, False)   # 4 of 8 is only half
    attendance.set_attendance(aid, branch.full[4], PRESENT)
    assert attendance.quorum(aid).met is True                                 # 5 of 8
    attendance.set_attendance(aid, branch.full[4], LEAVE, "生病住院")
    assert attendance.quorum(aid).met is False


def test_excluded_member_who_comes_counts_again(opened):
    branch = make_branch(full=3, probationary=0, flow=1, groups=0, committee=1)
    aid = _congress(branch)
    flow_member = branch.flow[0]
    assert attendance.counts(aid).voting_expected == 3
    attendance.set_attendance(aid, flow_member, PRESENT)
    c = attendance.counts(aid)
    assert (c.expected, c.present, c.excluded, c.voting_expected, c.voting_present) == (4, 1, 0, 4, 1)


def test_exclusion_by_hand_needs_a_reason_and_lowers_the_count(opened):
    branch = make_branch(full=4, probationary=0, flow=0, groups=0, committee=1)
    aid = _congress(branch)
    with pytest.raises(ValidationError):
        attendance.set_excluded(aid, branch.full[3], True, "")
    attendance.set_excluded(aid, branch.full[3], True, "长期卧病在床")
    for member_id in branch.full[:2]:
        attendance.set_attendance(aid, member_id, PRESENT)
    qr = attendance.quorum(aid)
    assert (qr.voting_expected, qr.voting_present, qr.met) == (3, 2, True)


def test_flow_members_counted_when_the_branch_rule_is_off(opened):
    from dangjian_desktop.core import activity_kinds

    branch = make_branch(full=3, probationary=0, flow=1, groups=0, committee=1)
    activity_kinds.set_exclude_flow_members(False)
    aid = _congress(branch)
    assert attendance.counts(aid).voting_expected == 4


def test_decision_pass_at_the_boundary_and_recount_when_attendance_changes(opened):
    branch = make_branch(full=10, probationary=2, flow=0, groups=0)
    aid = _congress(branch)
    for member_id in branch.full[:7] + branch.probationary:
        attendance.set_attendance(aid, member_id, PRESENT)
    for member_id in branch.full[7:]:
        attendance.set_attendance(aid, member_id, LEAVE, "外出办事")
    # 7 of 10 voting members present; 5 for is not more than half of 10.
    d = decisions.save_decision(aid, DecisionInfo("同意村内道路硬化方案", 5, 1, 1))
    assert d.passed is False
    d = decisions.save_decision(aid, DecisionInfo("同意村内道路硬化方案", 6, 1, 0), d.id)
    assert d.passed is True
    # Probationary members have no vote: 8 votes from 7 voting members is refused.
    with pytest.raises(ValidationError) as err:
        decisions.save_decision(aid, DecisionInfo("接收张三为预备党员", 8, 0, 0))
    assert "超过了到会的有表决权党员 7 人" in str(err.value)
    # Two members leave before the vote is recorded as valid: quorum 5 of 10 fails, so nothing passes.
    attendance.set_attendance(aid, branch.full[0], ABSENT, "中途离开")
    attendance.set_attendance(aid, branch.full[1], ABSENT, "中途离开")
    assert decisions.decisions(aid)[0].passed is False


def test_committee_meeting_quorum_uses_committee_members(opened):
    branch = make_branch(full=8, committee=5)
    activity = activities.create(activities.ActivityInfo(kind="committee", date=dt.date(2026, 11, 5)))
    activities.mark_held(activity.id, today=TODAY)
    assert [r.member_id for r in attendance.attendees(activity.id)] == branch.committee
    for member_id in branch.committee[:3]:
        attendance.set_attendance(activity.id, member_id, PRESENT)
    qr = attendance.quorum(activity.id)
    assert (qr.voting_expected, qr.voting_present, qr.met) == (5, 3, True)


def test_member_who_became_full_after_the_meeting_had_no_vote_then(opened):
    make_branch(full=3, probationary=0, flow=0, groups=0, committee=1)
    late = add_member("新党员", joined=dt.date(2025, 12, 1), full_on=dt.date(2026, 12, 1))
    aid = _congress(None, dt.date(2026, 10, 10))
    row = next(r for r in attendance.attendees(aid) if r.member_id == late)
    assert row.voting is False
    assert attendance.counts(aid).voting_expected == 3
