"""pytest-qt: on day one the 工作台 lists no overdue periods from before the program was used; one
line offers to record them on the 活动 page."""

import datetime as dt

from PySide6.QtCore import Qt

from dangjian_desktop.core import settings
from dangjian_desktop.ui.first_run import FirstRunDialog
from dangjian_desktop.ui.home_page import HomePage
from tests.activity_branch import make_branch


def test_first_run_records_the_day_the_branch_started_using_the_program(opened, qtbot):
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.name.insert("西河村党支部")
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert dialog.choice == "branch"
    assert settings.get("started_using_on") == dt.date.today()


def test_home_page_on_day_one_offers_one_line_to_the_activities_page(opened, qtbot):
    make_branch(groups=2)
    settings.put("started_using_on", dt.date(2026, 12, 1))
    page = HomePage(today=dt.date(2026, 12, 2))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.texts("overdue") == []
    assert page.texts("before_start") == ["开始使用本程序以前的活动，可以在“活动”页一次补记。"]
    line = page.lines["before_start"][0]
    assert [b.text() for b in line.buttons] == ["去补记"]
    with qtbot.waitSignal(page.navigate) as signal:
        qtbot.mouseClick(line.buttons[0], Qt.LeftButton)
    assert signal.args == ["activities"]


def test_first_run_secretary_becomes_the_committee_seat_of_secretary(opened, qtbot):
    from dangjian_desktop.core import roles
    from tests.activity_branch import add_member

    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.name.insert("西河村党支部")
    dialog.secretary.insert("刘明")
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert [(s.post, s.name) for s in roles.committee_seats()] == [("书记", "刘明")]
    liu = add_member("刘明")
    assert roles.default_chair("party_congress") == liu


def test_with_no_members_yet_the_first_line_leads_to_the_roster_import(opened, qtbot):
    from tests.activity_branch import add_member

    page = HomePage(today=dt.date(2026, 12, 2))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.texts("first_step") and "导入花名册" in page.texts("first_step")[0]
    asked = []
    page.navigate.connect(asked.append)
    button = next(b for b in page.lines["first_step"][0].findChildren(type(page.plan_button)) if "导入" in b.text())
    qtbot.mouseClick(button, Qt.LeftButton)
    assert asked == ["members"]
    add_member("王建国")
    page.refresh()
    assert page.texts("first_step") == []
