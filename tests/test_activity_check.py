"""三会一课 done / not yet, per kind and period, and the home page's plain overview."""

import datetime as dt

from dangjian_desktop.core import activities, activity_check, activity_lists, activity_plan
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activities import ActivityInfo
from tests.activity_branch import make_branch

TODAY = dt.date(2026, 11, 26)


def _hold(kind, day, group_id=None):
    a = activities.create(ActivityInfo(kind=kind, date=day, group_id=group_id))
    activities.mark_held(a.id, today=TODAY)
    return a.id


def _find(checks, kind, period, group_id=None):
    return next(c for c in checks if c.kind == kind and c.period.key == period and c.group_id == group_id)


def test_required_held_missing_per_period(opened):
    branch = make_branch(groups=2)
    _hold("theme_day", dt.date(2026, 1, 10))
    _hold("theme_day", dt.date(2026, 1, 20))
    _hold("party_congress", dt.date(2026, 5, 10))
    _hold("group_meeting", dt.date(2026, 11, 15), branch.groups[0])
    activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 2, 10)))   # planned only: not held
    checks = activity_check.check_year(2026, today=TODAY)
    jan = _find(checks, "theme_day", "2026-01")
    assert (jan.required, jan.held, jan.missing, jan.state) == (1, 2, 0, "done")
    feb = _find(checks, "theme_day", "2026-02")
    assert (feb.held, feb.missing, feb.state) == (0, 1, "overdue")
    assert _find(checks, "theme_day", "2026-11").state == "due"
    assert _find(checks, "theme_day", "2026-12").state == "upcoming"
    assert _find(checks, "party_congress", "2026-Q2").state == "done"
    assert _find(checks, "party_congress", "2026-Q4").state == "due"
    assert _find(checks, "group_meeting", "2026-11", branch.groups[0]).state == "done"
    assert _find(checks, "group_meeting", "2026-11", branch.groups[1]).state == "due"
    assert _find(checks, "life_meeting", "2026").state == "due"
    counts = {}
    for c in checks:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    assert counts == {"party_congress": 4, "committee": 12, "group_meeting": 24, "party_lecture": 4,
                      "theme_day": 12, "life_meeting": 1, "member_review": 1, "talk": 1}
    assert jan.as_json() == {"kind": "theme_day", "period": "2026-01", "group_id": None, "required": 1,
                             "held": 2, "missing": 0, "state": "done"}


def test_check_follows_the_branch_rules(opened):
    make_branch(committee=0, groups=0)
    kinds.set_rule(kinds.FrequencyRule("party_lecture", "year", 2, month=6, day=1))
    checks = activity_check.check_year(2026, today=TODAY)
    assert not any(c.kind in ("committee", "group_meeting") for c in checks)
    lecture = [c for c in checks if c.kind == "party_lecture"]
    assert [(c.period.key, c.required) for c in lecture] == [("2026", 2)]


def test_overview_of_this_month(opened):
    make_branch(groups=2)
    activity_plan.apply_plan(2026)
    rows = activity_lists.list_activities(2026)
    # Everything before November held, except October's committee meeting; November's theme day held.
    for row in rows:
        if row.date < dt.date(2026, 11, 1) and not (row.kind == "committee" and row.date.month == 10):
            activities.mark_held(row.id, today=TODAY)
    theme = next(r for r in rows if r.kind == "theme_day" and r.date.month == 11)
    activities.mark_held(theme.id, today=TODAY)
    overview = activity_check.overview(today=TODAY)
    assert overview.month_label == "2026年11月"
    assert [i.text for i in overview.held] == ["11月10日 2026年11月主题党日，已经召开。"]
    assert [i.text for i in overview.overdue] == ["10月5日 2026年10月支部委员会会议还没有记录。如果已经开过，请补记。"]
    due = [i.text for i in overview.due]
    assert due == [
        "11月5日 2026年11月支部委员会会议，到日子了，开完后请记录。",
        "11月10日 2026年第4季度党课，到日子了，开完后请记录。",
        "11月15日 第一党小组2026年11月党小组会，到日子了，开完后请记录。",
        "11月15日 第二党小组2026年11月党小组会，到日子了，开完后请记录。",
        "11月20日 2026年度谈心谈话，到日子了，开完后请记录。",
    ]
    assert all(i.action == "record" and i.activity_id for i in overview.due)
    # Held but not finalised: listed plainly, nothing counted against the user.
    held = [r for r in activity_lists.list_activities(2026) if r.status == "held"]
    assert len(held) == 9 + 10 + 20 + 4 + 3 + 1 and [i.activity_id for i in overview.unfinished] == [r.id for r in held]
    assert overview.unfinished[0].text == "1月5日 2026年1月支部委员会会议已经召开，会议记录还没有定稿。"


def test_overview_without_a_plan_suggests_arranging(opened):
    make_branch(groups=0)
    overview = activity_check.overview(today=dt.date(2026, 3, 3))
    due = {(i.kind, i.action): i for i in overview.due}
    assert due[("theme_day", "arrange")].text == "本月还需要召开主题党日。"
    assert due[("theme_day", "arrange")].date == dt.date(2026, 3, 10)
    assert due[("party_congress", "arrange")].text == "本季度还需要召开支部党员大会。"
    assert ("life_meeting", "arrange") not in due            # planned for December, not this month
    overdue = [i.text for i in overview.overdue]
    assert "2026年1月的主题党日还没有记录。" in overdue and "2026年2月的支部委员会会议还没有记录。" in overdue
    new_id = activity_check.arrange("theme_day", due[("theme_day", "arrange")].date)
    after = activity_check.overview(today=dt.date(2026, 3, 3))
    assert [i.activity_id for i in after.due if i.kind == "theme_day"] == [new_id]
    assert next(i.text for i in after.due if i.kind == "theme_day") == "3月10日 2026年3月主题党日，还没到日子。"


def test_groups_with_members_from_the_database_match_the_roster_rule(opened):
    import datetime as _dt

    from dangjian_desktop.core.activity_roster import Roster
    from dangjian_desktop.core.members import change_status
    from dangjian_desktop.core.membership import groups_with_members_on
    from dangjian_desktop.db.models import GroupMembership
    from tests.demo_cache import load_demo

    today = _dt.date(2026, 11, 26)
    load_demo(120, seed=9, today=today)
    # empty one group for the later days: everyone in it leaves on 2026-06-01
    group_id = GroupMembership.select(GroupMembership.group).where(GroupMembership.end_on.is_null()).first().group_id
    june = _dt.date(2026, 6, 1)
    from dangjian_desktop.db.models import Member

    for gm in list(GroupMembership.select().where(
            (GroupMembership.group == group_id) & GroupMembership.end_on.is_null())):
        if Member.get_by_id(gm.member_id).joined_on <= june:
            change_status(gm.member_id, "transferred_out", june, destination="别的支部", today=today)
        else:  # joined later: only leaves the group
            GroupMembership.update(end_on=june).where(GroupMembership.id == gm.id).execute()
    roster = Roster()
    for day in (_dt.date(2024, 1, 1), _dt.date(2026, 5, 31), _dt.date(2026, 6, 1), today):
        assert groups_with_members_on(day) == roster.groups_with_members(day)
    assert group_id in groups_with_members_on(_dt.date(2026, 5, 31))
    assert group_id not in groups_with_members_on(_dt.date(2026, 6, 1))
