"""Which year the plan dialog offers, and which month to show after saving a plan."""

import datetime as dt

from dangjian_desktop.core import activity_plan
from tests.activity_branch import make_branch


def test_plan_offers_this_year_until_september_and_next_year_in_the_last_quarter():
    assert activity_plan.year_to_offer(dt.date(2026, 1, 2)) == 2026
    assert activity_plan.year_to_offer(dt.date(2026, 9, 30)) == 2026
    assert activity_plan.year_to_offer(dt.date(2026, 10, 1)) == 2027
    assert activity_plan.year_to_offer(dt.date(2026, 12, 2)) == 2027


def test_month_to_show_after_saving_is_january_of_a_future_year(opened):
    make_branch()
    activity_plan.apply_plan(2027)
    assert activity_plan.month_to_show(2027, dt.date(2026, 12, 2)) == (2027, 1)


def test_month_to_show_after_saving_this_year_is_the_next_month_with_planned_activities(opened):
    make_branch()
    activity_plan.apply_plan(2026)
    # Planned days fall on the 10th and 20th: after 20 November the next planned one is in December.
    assert activity_plan.month_to_show(2026, dt.date(2026, 11, 26)) == (2026, 12)
    assert activity_plan.month_to_show(2026, dt.date(2026, 3, 5)) == (2026, 3)
    assert activity_plan.month_to_show(2026, dt.date(2026, 12, 30)) == (2026, 12)   # nothing left: this month
