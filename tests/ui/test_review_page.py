"""The 民主评议 page through its widgets: start the year, type the ballots' counts with the
keyboard (Tab to the next cell), grade within the cap, a 不合格 asks its reason, undo."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from dangjian_desktop.core import review
from dangjian_desktop.db.models import Member, ReviewEntry
from dangjian_desktop.ui.review_page import GRADE, REASON, V_EXCELLENT, V_QUALIFIED, ReviewPage

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def page(qtbot, opened):
    for i in range(7):
        Member.create(name=f"党员{i}", name_pinyin=f"dang yuan {i}", joined_on=dt.date(2000, 1, 1),
                      full_member_on=dt.date(2001, 1, 1))
    Member.create(name="小预", name_pinyin="xiao yu", category="预备党员", joined_on=dt.date(2026, 3, 1))
    stack = QUndoStack()
    widget = ReviewPage(undo_stack=stack, today=TODAY)
    widget.stack = stack
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    widget.refresh()
    return widget


def test_a_review_typed_and_graded_through_the_grid(qtbot, page):
    assert "还没有开始" in page.summary.text() and not page.table.isEnabled()
    qtbot.mouseClick(page.start_button, Qt.LeftButton)
    assert page.table.rowCount() == 8 and not page.start_button.isVisible()
    assert "优秀最多 2 人" in page.summary.text()          # 7 full members graded: 7 // 3
    page.table.setCurrentCell(0, V_EXCELLENT)
    page.table.setFocus()
    qtbot.keyClicks(page.table, "5")                        # typing opens the cell
    qtbot.keyClick(page.table.focusWidget(), Qt.Key_Tab)    # Tab saves it and goes on
    assert page.table.currentColumn() == V_QUALIFIED
    qtbot.keyClicks(QApplication.focusWidget(), "3")        # the next cell is open for typing
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    assert review.review_rows(2026)[0].votes == {"优秀": 5, "合格": 3, "基本合格": 0, "不合格": 0}
    assert page.table.item(0, 6).text() == "8"

    page.table.item(0, GRADE).setText("优秀")
    page.table.item(1, GRADE).setText("优秀")
    page.table.item(2, GRADE).setText("优秀")               # a third 优秀 of 7: refused, said, not saved
    assert "最多评 2 名优秀" in page.error.text()
    assert page.table.item(2, GRADE).text() == ""
    asked = []
    page.ask_reason = lambda name, grade: asked.append(name) or "长期不参加组织生活"
    page.table.item(3, GRADE).setText("不合格")
    assert asked == ["党员3"] and page.table.item(3, REASON).text() == "长期不参加组织生活"
    probationary = next(i for i, r in enumerate(page.rows) if r.name == "小预")
    assert page.table.item(probationary, GRADE).text() == "不评定等次"
    assert not page.table.item(probationary, GRADE).flags() & Qt.ItemIsEditable
    page.stack.undo()
    assert ReviewEntry.get(ReviewEntry.member == page.rows[3].member_id).grade is None
    page.table.item(4, V_EXCELLENT).setText("很多")
    assert "票数要写成数字" in page.error.text()


def test_the_grade_shows_in_the_member_panel(qtbot, page):
    from dangjian_desktop.ui.member_detail import MemberDetail

    qtbot.mouseClick(page.start_button, Qt.LeftButton)
    page.table.item(0, GRADE).setText("优秀")
    panel = MemberDetail()
    qtbot.addWidget(panel)
    panel.show_member(page.rows[0].member_id)
    assert "民主评议：2026年 优秀" in panel.history.text()


def test_enter_goes_down_to_the_next_member(qtbot, page):
    qtbot.mouseClick(page.start_button, Qt.LeftButton)
    page.table.setCurrentCell(0, V_EXCELLENT)
    page.table.setFocus()
    qtbot.keyClicks(page.table, "4")                        # typing opens the cell
    qtbot.keyClick(page.table.focusWidget(), Qt.Key_Return)
    assert (page.table.currentRow(), page.table.currentColumn()) == (1, V_EXCELLENT)
    assert review.review_rows(2026)[0].votes["优秀"] == 4


def test_the_branch_sets_its_two_rules_on_the_page(qtbot, page):
    from dangjian_desktop.core import settings

    page.grade_probationary.setChecked(True)
    qtbot.mouseClick(page.start_button, Qt.LeftButton)
    assert settings.get("review_grade_probationary") and not page.grade_probationary.isEnabled()
    assert "评定等次 8 人，优秀最多 2 人" in page.summary.text()          # the probationary member graded too
    page.one_in.setValue(4)
    assert settings.get("review_excellent_one_in") == 4 and "优秀最多 2 人" in page.summary.text()
    page.one_in.setValue(5)
    assert "优秀最多 1 人" in page.summary.text()
