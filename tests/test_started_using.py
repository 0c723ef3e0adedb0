"""The day the branch started using the program: periods that ended before it are not overdue."""

import datetime as dt

from dangjian_desktop.core import activities, activity_check, activity_plan, settings
from dangjian_desktop.core import branch as branch_ops
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.db.models import Activity, Member, Setting
from tests.activity_branch import make_branch

DECEMBER = dt.date(2026, 12, 2)


def _created_on(day: dt.date) -> None:
    stamp = dt.datetime.combine(day, dt.time(9, 0))
    Member.update(created_at=stamp).execute()
    Activity.update(created_at=stamp).execute()


def test_day_one_lists_no_overdue_periods_of_the_year_before_it(opened):
    make_branch(groups=2)
    _created_on(DECEMBER)
    branch_ops.begin_using(branch_ops.BranchInfo("东坡村党支部", secretary_name="王建国"), today=DECEMBER)
    assert settings.get("started_using_on") == DECEMBER
    overview = activity_check.overview(today=DECEMBER)
    assert overview.overdue == []
    assert overview.before_start > 40          # every month of the year and every group meeting
    assert overview.before_start_text == "开始使用本程序以前的活动，可以在“活动”页一次补记。"
    assert {i.kind for i in overview.due} >= {"theme_day", "life_meeting"}     # this month is still asked for


def test_a_plan_of_the_year_made_on_day_one_does_not_flood_the_overdue_list(opened):
    make_branch(groups=2)
    settings.put("started_using_on", dt.date(2026, 11, 16))
    activity_plan.apply_plan(2026)
    overview = activity_check.overview(today=DECEMBER)
    # Only what was due after the start: November's meetings on the 15th were before it, the
    # month itself ended after it, so November is still asked for; October is not.
    assert overview.overdue and all(i.date.month == 11 for i in overview.overdue)
    assert "11月10日 2026年11月主题党日还没有记录。如果已经开过，请补记。" in [i.text for i in overview.overdue]
    assert overview.before_start > 0


def test_a_data_file_from_before_the_setting_starts_at_its_first_data_and_keeps_it(opened):
    make_branch(groups=0)
    _created_on(dt.date(2026, 11, 20))
    assert Setting.get_or_none(Setting.key == "started_using_on") is None
    assert branch_ops.started_using_on(today=DECEMBER) == dt.date(2026, 11, 20)
    assert settings.get("started_using_on") == dt.date(2026, 11, 20)        # kept
    # A meeting of March recorded now does not move the start back (it would list March to October again).
    held = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 3, 10)))
    activities.mark_held(held.id, today=DECEMBER)
    assert branch_ops.started_using_on(today=DECEMBER) == dt.date(2026, 11, 20)
    assert all(i.date >= dt.date(2026, 11, 1) for i in activity_check.overview(today=DECEMBER).overdue)


def test_a_data_file_with_meetings_held_before_its_rows_were_written_starts_at_the_first_meeting(opened):
    make_branch(groups=0)
    held = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 4, 10)))
    activities.mark_held(held.id, today=DECEMBER)
    _created_on(dt.date(2026, 11, 20))
    assert branch_ops.started_using_on(today=DECEMBER) == dt.date(2026, 4, 10)
    overdue = [i.text for i in activity_check.overview(today=DECEMBER).overdue]
    assert "2026年5月的主题党日还没有记录。" in overdue and "2026年3月的主题党日还没有记录。" not in overdue


def test_a_start_after_today_is_not_trusted(opened):
    make_branch(groups=0)
    settings.put("started_using_on", dt.date(2027, 5, 1))
    assert branch_ops.started_using_on(today=DECEMBER) is None
    assert activity_check.overview(today=DECEMBER).before_start == 0


def test_a_date_setting_round_trips_and_refuses_a_time(opened):
    settings.put("started_using_on", dt.date(2026, 12, 2))
    assert Setting.get(Setting.key == "started_using_on").value == '"2026-12-02"'
    assert settings.get("started_using_on") == dt.date(2026, 12, 2)
    assert settings.spec("started_using_on").coerce("2026-13-01") is None
