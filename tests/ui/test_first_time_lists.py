"""What a first-time user met in the lists: a double-click opens the row clicked, once; Enter
opens the selected row, once; Ctrl+F on the 党员 page goes to its search box."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from dangjian_desktop.core import activities as act
from dangjian_desktop.ui.activities_page import ActivitiesPage
from dangjian_desktop.ui.member_form import MemberForm
from tests.activity_branch import make_branch
from tests.demo_cache import load_demo
from tests.ui.modal_poller import ModalPoller

TODAY = dt.date(2026, 11, 26)


class FormCloser(ModalPoller):
    """Presses 取消 on every member form that opens (real widgets) and counts them."""

    kind = MemberForm

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.opened: list[int | None] = []
        super().__init__()

    def handle(self, widget) -> None:
        self.opened.append(widget.member_id)
        self.qtbot.mouseClick(widget.cancel_button, Qt.LeftButton)


def double_click(qtbot, widget, pos) -> None:
    """What the system sends for a double-click: press, release, then the double-click and its
    release (QTest's mouseDClick alone sends only the last part)."""
    qtbot.mouseClick(widget, Qt.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.LeftButton, pos=pos)


def _activities_page(qtbot):
    branch = make_branch(full=4, probationary=0, flow=0, groups=0, committee=1)
    for day, title in ((3, "十一月主题党日"), (12, "支委会"), (20, "党员大会")):
        act.create(act.ActivityInfo(kind="theme_day", date=dt.date(2026, 11, day), title=title,
                                    chair_id=branch.full[0], recorder_id=branch.full[1]))
    page = ActivitiesPage(today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    opened: list[int] = []

    def close_soon(editor):
        opened.append(editor.activity_id)
        QTimer.singleShot(0, editor.reject)

    page.editor_opened.connect(close_soon)
    return page, opened


def test_double_click_opens_the_meeting_clicked_once(opened, qtbot):
    page, shown = _activities_page(qtbot)
    assert page.model.rowCount() == 3
    first = page.model.rows[0].id
    rect = page.view.visualRect(page.model.index(0, 1))
    double_click(qtbot, page.view.viewport(), rect.center())
    assert shown == [first]        # not a second editor (the last activity of the list) after closing


def test_enter_opens_the_selected_meeting_once(opened, qtbot):
    page, shown = _activities_page(qtbot)
    page.view.setFocus()
    page.view.selectRow(1)
    page.view.setCurrentIndex(page.model.index(1, 0))
    second = page.model.rows[1].id
    qtbot.keyClick(page.view, Qt.Key_Return)
    assert shown == [second]


def test_double_click_opens_the_member_form_once(window, qtbot):
    load_demo(46, seed=7)
    window.show_page("members")
    page = window.members_page
    rect = page.table.visualRect(page.model.index(2, 0))
    member_id = page.model.member_id(2)
    closer = FormCloser(qtbot)
    try:
        double_click(qtbot, page.table.viewport(), rect.center())
    finally:
        closer.stop()
    assert closer.opened == [member_id]


def test_enter_opens_the_selected_member_once(window, qtbot):
    load_demo(46, seed=7)
    window.show_page("members")
    page = window.members_page
    page.select_member(page.model.member_id(3))
    page.table.setFocus()
    closer = FormCloser(qtbot)
    try:
        qtbot.keyClick(page.table, Qt.Key_Return)
    finally:
        closer.stop()
    assert closer.opened == [page.model.member_id(3)]


def test_ctrl_f_on_the_members_page_selects_the_search_text(window, qtbot):
    load_demo(46, seed=7)
    window.show_page("members")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.members_page
    page.search.setText("wjg")
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key_F, Qt.ControlModifier)
    assert page.search.hasFocus()
    assert page.search.selectedText() == "wjg"
