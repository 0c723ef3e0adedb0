"""pytest-qt: the 生成年度计划 dialog offers next year in the last quarter and names the month to show."""

import datetime as dt

from dangjian_desktop.db.models import Activity
from dangjian_desktop.ui.activity_plan_dialog import PlanDialog
from dangjian_desktop.ui.home_page import HomePage
from tests.activity_branch import make_branch

DECEMBER = dt.date(2026, 12, 2)


def test_plan_dialog_in_december_offers_next_year_and_shows_its_january(opened, qtbot):
    make_branch()
    dialog = PlanDialog(today=DECEMBER)
    qtbot.addWidget(dialog)
    assert dialog.year_spin.value() == 2027
    assert dialog.summary.text().startswith("2027 年按规则应安排")
    dialog.apply()
    assert dialog.created and Activity.select().where(Activity.date < dt.date(2027, 1, 1)).count() == 0
    assert dialog.month_to_show == (2027, 1)


def test_plan_dialog_in_june_offers_this_year_and_shows_the_next_planned_month(opened, qtbot):
    make_branch()
    dialog = PlanDialog(today=dt.date(2026, 6, 25))
    qtbot.addWidget(dialog)
    assert dialog.year_spin.value() == 2026
    dialog.apply()
    assert dialog.month_to_show == (2026, 7)


def test_home_page_plan_button_offers_next_year_in_december(opened, qtbot, monkeypatch):
    make_branch()
    page = HomePage(today=DECEMBER)
    qtbot.addWidget(page)
    offered = []
    monkeypatch.setattr(PlanDialog, "exec", lambda self: offered.append(self.year_spin.value()) or 0)
    page.show_plan()
    assert offered == [2027]


def test_activities_page_plans_next_year_in_december_and_then_shows_january(opened, qtbot, monkeypatch):
    from dangjian_desktop.ui.activities_page import ActivitiesPage

    make_branch()
    page = ActivitiesPage(today=DECEMBER)
    qtbot.addWidget(page)
    offered = []

    def run(dialog):
        offered.append(dialog.year_spin.value())
        dialog.apply()
        return 1
    monkeypatch.setattr(PlanDialog, "exec", run)
    page.show_plan()
    assert offered == [2027]
    assert (page.year, page.month) == (2027, 1)
