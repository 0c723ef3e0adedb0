"""生成年度计划 from the frequency rules: every rule and setting, preview then apply, no duplicates."""

import datetime as dt
from collections import Counter

import pytest

from dangjian_desktop.core import activities, activity_lists, activity_plan
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.db.models import Activity, CommitteePost, Setting
from dangjian_desktop.errors import UserError, ValidationError
from tests.activity_branch import make_branch


def _by_kind(items):
    return Counter(i.kind for i in items)


def test_default_rules_plan_every_kind_at_its_frequency(opened):
    branch = make_branch(groups=2)
    preview = activity_plan.preview_plan(2027)
    assert _by_kind(preview.items) == {
        "committee": 12, "group_meeting": 24, "theme_day": 12, "party_congress": 4, "party_lecture": 4,
        "life_meeting": 1, "member_review": 1, "talk": 1,
    }
    assert preview.notes == []
    assert all(not i.exists for i in preview.items)
    theme = [i.date for i in preview.items if i.kind == "theme_day"]
    assert theme == [dt.date(2027, m, 10) for m in range(1, 13)]
    congress = [i.date for i in preview.items if i.kind == "party_congress"]
    assert congress == [dt.date(2027, m, 10) for m in (1, 4, 7, 10)]
    lecture = [i.date for i in preview.items if i.kind == "party_lecture"]
    assert lecture == [dt.date(2027, m, 10) for m in (2, 5, 8, 11)]
    assert [i.date for i in preview.items if i.kind == "life_meeting"] == [dt.date(2027, 12, 20)]
    groups = Counter(i.group_id for i in preview.items if i.kind == "group_meeting")
    assert groups == {branch.groups[0]: 12, branch.groups[1]: 12}
    first = next(i for i in preview.items if i.kind == "group_meeting")
    assert first.title == "第一党小组2027年1月党小组会"
    assert next(i for i in preview.items if i.kind == "party_congress").title == "2027年第1季度支部党员大会"
    assert next(i for i in preview.items if i.kind == "life_meeting").title == "2027年度组织生活会"


def test_theme_day_on_the_first_when_the_branch_says_so(opened):
    make_branch()
    kinds.set_rule(kinds.FrequencyRule("theme_day", "month", 1, day=1))
    items = [i for i in activity_plan.preview_plan(2027).items if i.kind == "theme_day"]
    assert [i.date for i in items] == [dt.date(2027, m, 1) for m in range(1, 13)]


def test_day_past_the_month_end_falls_on_its_last_day(opened):
    make_branch()
    kinds.set_rule(kinds.FrequencyRule("committee", "month", 1, day=31))
    dates = [i.date for i in activity_plan.preview_plan(2028).items if i.kind == "committee"]
    assert dates[1] == dt.date(2028, 2, 29)      # leap year
    assert dates[3] == dt.date(2028, 4, 30)
    assert dates[0] == dt.date(2028, 1, 31)


def test_quarterly_rule_uses_the_chosen_month_of_each_quarter(opened):
    make_branch()
    kinds.set_rule(kinds.FrequencyRule("party_congress", "quarter", 1, month=3, day=25))
    dates = [i.date for i in activity_plan.preview_plan(2027).items if i.kind == "party_congress"]
    assert dates == [dt.date(2027, 3, 25), dt.date(2027, 6, 25), dt.date(2027, 9, 25), dt.date(2027, 12, 25)]


def test_twice_a_month_spreads_over_the_month(opened):
    make_branch(groups=0)
    kinds.set_rule(kinds.FrequencyRule("theme_day", "month", 2, day=1))
    dates = [i.date for i in activity_plan.preview_plan(2027).items if i.kind == "theme_day"]
    assert len(dates) == 24
    assert dates[:2] == [dt.date(2027, 1, 1), dt.date(2027, 1, 16)]
    assert dates[2:4] == [dt.date(2027, 2, 1), dt.date(2027, 2, 15)]


def test_yearly_rule_can_become_quarterly(opened):
    make_branch()
    kinds.set_rule(kinds.FrequencyRule("talk", "quarter", 1, month=1, day=20))
    assert _by_kind(activity_plan.preview_plan(2027).items)["talk"] == 4


def test_not_required_kind_is_not_planned(opened):
    make_branch()
    kinds.set_rule(kinds.FrequencyRule("party_lecture", "none", 0))
    assert "party_lecture" not in _by_kind(activity_plan.preview_plan(2027).items)
    assert "practice" not in _by_kind(activity_plan.preview_plan(2027).items)


def test_no_committee_means_no_committee_meetings(opened):
    make_branch(committee=0)
    preview = activity_plan.preview_plan(2027)
    assert "committee" not in _by_kind(preview.items)
    assert preview.notes == ["本支部还没有登记支部委员会，不安排支部委员会会议。"]


def test_no_groups_means_no_group_meetings(opened):
    make_branch(groups=0)
    preview = activity_plan.preview_plan(2027)
    assert "group_meeting" not in _by_kind(preview.items)
    assert preview.notes == ["还没有党小组，不安排党小组会。"]


def test_applying_twice_does_not_duplicate(opened):
    make_branch(groups=2)
    created = activity_plan.apply_plan(2027)
    assert len(created) == 59
    assert activity_plan.apply_plan(2027) == []
    assert Activity.select().count() == 59
    preview = activity_plan.preview_plan(2027)
    assert preview.new_items == [] and len(preview.existing_items) == 59
    # Sequence numbers: 第 n 次 of each kind (per group for group meetings).
    theme = activity_lists.list_activities(2027, kind="theme_day")
    assert [r.sequence for r in theme] == list(range(1, 13))


def test_a_moved_planned_activity_is_not_planned_again(opened):
    make_branch()
    activity_plan.apply_plan(2027)
    march = next(r for r in activity_lists.list_activities(2027, 3) if r.kind == "theme_day")
    info = activities.info(march.id)
    info.date = dt.date(2027, 4, 2)
    activities.update(march.id, info)
    assert activity_plan.apply_plan(2027) == []
    assert Activity.select().where(Activity.kind == "theme_day").count() == 12


def test_an_activity_recorded_by_hand_covers_its_period(opened):
    make_branch()
    activities.create(activities.ActivityInfo(kind="theme_day", date=dt.date(2027, 3, 4), title="学雷锋志愿服务"))
    preview = activity_plan.preview_plan(2027)
    march = [i for i in preview.items if i.kind == "theme_day" and i.date.month == 3]
    assert [i.exists for i in march] == [True]
    created = activity_plan.apply_plan(2027)
    assert Activity.select().where(Activity.kind == "theme_day").count() == 12
    assert len(created) == 58


def test_edited_preview_is_applied_as_edited(opened):
    make_branch()
    preview = activity_plan.preview_plan(2027)
    for item in preview.items:
        item.include = item.kind == "party_congress"
    first = next(i for i in preview.items if i.kind == "party_congress")
    first.date = dt.date(2027, 1, 18)
    first.title = "2027年第1季度支部党员大会（换届准备）"
    created = activity_plan.apply_plan(2027, preview.items)
    assert len(created) == 4
    rows = activity_lists.list_activities(2027)
    assert [(r.date, r.title) for r in rows][0] == (dt.date(2027, 1, 18), "2027年第1季度支部党员大会（换届准备）")
    # The rest can be added later without touching what is there.
    assert len(activity_plan.apply_plan(2027)) == 55


def test_item_moved_out_of_the_year_is_refused(opened):
    make_branch()
    preview = activity_plan.preview_plan(2027)
    preview.items[0].date = dt.date(2028, 1, 3)
    with pytest.raises(UserError, match="不在 2027 年内"):
        activity_plan.apply_plan(2027, preview.items)
    assert Activity.select().count() == 0


def test_committee_added_later_gets_its_meetings_on_the_next_apply(opened):
    branch = make_branch(committee=0)
    activity_plan.apply_plan(2027)
    assert Activity.select().where(Activity.kind == "committee").count() == 0
    CommitteePost.create(post="书记", member=branch.full[0])
    assert activity_plan.apply_plan(2027) == []          # a 书记 alone is no committee (3 to 5 seats)
    CommitteePost.create(post="组织委员", member=branch.full[1])
    CommitteePost.create(post="宣传委员", member=branch.full[2])
    assert len(activity_plan.apply_plan(2027)) == 12


def test_rule_validation_and_storage(opened):
    with pytest.raises(ValidationError) as err:
        kinds.set_rule(kinds.FrequencyRule("theme_day", "month", 1, day=32))
    assert err.value.problems == {"day": "日期应在 1 到 31 号之间。"}
    with pytest.raises(ValidationError) as err:
        kinds.set_rule(kinds.FrequencyRule("party_congress", "quarter", 1, month=4))
    assert "month" in err.value.problems
    with pytest.raises(ValidationError) as err:
        kinds.set_rule(kinds.FrequencyRule("committee", "month", 0))
    assert "times" in err.value.problems
    kinds.set_rule(kinds.FrequencyRule("theme_day", "month", 1, day=1))
    assert Setting.get_by_id("activity_rule.theme_day").value == '{"period": "month", "times": 1, "month": 1, "day": 1}'
    assert kinds.rule("theme_day").describe() == "每月 1 次（1 日）"
    kinds.set_rule(kinds.DEFAULT_RULES["theme_day"])
    assert Setting.get_or_none(Setting.key == "activity_rule.theme_day") is None
    assert kinds.rule("theme_day") == kinds.DEFAULT_RULES["theme_day"]


def test_damaged_rule_setting_falls_back_to_the_default(opened):
    Setting.create(key="activity_rule.committee", value="{not json")
    Setting.create(key="activity_rule.theme_day", value='{"period": "weekly"}')
    assert kinds.rule("committee") == kinds.DEFAULT_RULES["committee"]
    assert kinds.rule("theme_day") == kinds.DEFAULT_RULES["theme_day"]


def test_default_rules_follow_domain_notes():
    r = kinds.DEFAULT_RULES
    assert (r["party_congress"].period, r["committee"].period, r["group_meeting"].period) == ("quarter", "month", "month")
    assert (r["party_lecture"].period, r["theme_day"].period) == ("quarter", "month")
    assert (r["life_meeting"].period, r["member_review"].period, r["talk"].period) == ("year", "year", "year")
    assert r["life_meeting"].month >= 10     # usually Q4
    assert set(kinds.KIND_KEYS) == {"party_congress", "committee", "group_meeting", "party_lecture", "theme_day",
                                    "life_meeting", "member_review", "talk", "practice"}


def statements_during(opened, action) -> int:
    count = [0]
    connection = opened.db.connection()
    connection.set_trace_callback(lambda _sql: count.__setitem__(0, count[0] + 1))
    try:
        action()
    finally:
        connection.set_trace_callback(None)
    return count[0]


def test_the_plan_reads_the_rules_once_not_once_per_meeting(opened):
    make_branch(groups=5)
    preview = []
    statements = statements_during(opened, lambda: preview.append(activity_plan.preview_plan(2027)))
    assert len(preview[0].items) > 80             # five groups' meetings and the branch's own
    assert statements < 30                        # it was one query per planned meeting
