"""The plain records the printed forms are made from: 签到表 before a meeting, 年度工作计划."""

import datetime as dt

from dangjian_desktop.core import activities, activity_plan
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activity_record import activity_record, year_plan
from tests.activity_branch import make_branch


def test_planned_activity_record_lists_who_should_sign_in(opened):
    branch = make_branch(full=5, probationary=1, flow=1, groups=2)
    a = activities.create(activities.ActivityInfo(kind="group_meeting", date=dt.date(2026, 12, 15),
                                                  group_id=branch.groups[0], place="老支书家"))
    record = activity_record(a.id)
    assert record.status == "planned" and record.minutes is None and record.quorum is None
    assert record.group_name == "第一党小组"
    assert record.heading == "第一党小组2026年第1次党小组会"
    assert [x.state for x in record.attendees] == [""] * len(record.attendees)
    assert sorted(x.member_id for x in record.attendees) == sorted(
        m for i, m in enumerate(branch.full + branch.probationary) if i % 2 == 0)
    snapshot = record.to_snapshot()
    again = type(record).from_snapshot(snapshot)
    assert again.attendees == record.attendees and again.counts == record.counts


def test_year_plan_by_month_and_quarter(opened):
    make_branch(groups=1)
    kinds.set_rule(kinds.FrequencyRule("theme_day", "month", 1, day=1))
    activity_plan.apply_plan(2027)
    plan = year_plan(2027)
    assert [m.label for m in plan.months][:3] == ["1月", "2月", "3月"]
    assert plan.count == 12 + 12 + 12 + 4 + 4 + 1 + 1 + 1
    january = [(e.date.day, e.kind_name) for e in plan.months[0].entries]
    assert january == [(1, "主题党日"), (5, "支部委员会会议"), (10, "支部党员大会"), (15, "党小组会")]
    assert [m.month for m in plan.quarter(4)] == [10, 11, 12]
    assert ("主题党日", "每月 1 次（1 日）") in plan.rules
    assert all(name != "实践活动" for name, _ in plan.rules)
