"""What a first-time user met in the meeting dialog: a typed vote thrown away by "+ 新的表决事项"
or by closing; typed text in a table cell lost on closing; after 记录开会情况 the focus on
删除这次活动; a finalised meeting's fields pale grey on grey."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import attendance as attendance_ops
from dangjian_desktop.core import decisions as decision_ops
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.ui.activity_controls import UnsavedQuestion
from dangjian_desktop.ui.activity_editor import DECISIONS, MINUTES, ActivityEditor
from tests.activity_branch import make_branch
from tests.ui.modal_poller import ModalPoller

TODAY = dt.date(2026, 11, 26)


class Answers(ModalPoller):
    """Answers each 保存 / 不保存 / 取消 question that opens, in order, by clicking its button."""

    kind = UnsavedQuestion

    def __init__(self, qtbot, *answers: str):
        self.qtbot = qtbot
        self.answers = list(answers)
        self.texts: list[str] = []
        self.orders: list[list[str]] = []
        super().__init__()

    def handle(self, widget) -> None:
        self.texts.append(widget.text_label.text())
        buttons = sorted((widget.discard_button, widget.cancel_button, widget.save_button), key=lambda b: b.x())
        self.orders.append([b.text() for b in buttons])
        button = {"保存": widget.save_button, "不保存": widget.discard_button, "取消": widget.cancel_button}
        self.qtbot.mouseClick(button[self.answers.pop(0)], Qt.LeftButton)


def type_chinese(widget, text: str) -> None:
    """Typed as a Chinese input method hands it over: one committed string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _open(qtbot, aid: int) -> ActivityEditor:
    editor = ActivityEditor(aid, today=TODAY)
    qtbot.addWidget(editor, before_close_func=lambda e: e.reject_without_asking())   # asks nothing then
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _held_congress(qtbot):
    branch = make_branch(full=6, probationary=0, flow=0, groups=0, committee=1)
    aid = act.create(act.ActivityInfo(kind="party_congress", date=dt.date(2026, 11, 10), chair_id=branch.full[0],
                                      recorder_id=branch.full[1])).id
    act.mark_held(aid, today=TODAY)
    attendance_ops.mark_rest_present(aid)
    return aid, _open(qtbot, aid)


def _type_vote(qtbot, editor, text: str, votes_for: int) -> None:
    tab = editor.decisions
    tab.decision_text.setFocus()
    type_chinese(tab.decision_text, text)
    tab.votes_for.setValue(votes_for)


def test_new_vote_button_asks_before_a_typed_vote_is_dropped(opened, qtbot):
    aid, editor = _held_congress(qtbot)
    editor.tabs.setCurrentIndex(DECISIONS)
    tab = editor.decisions
    _type_vote(qtbot, editor, "审议通过年度工作计划", 5)
    answers = Answers(qtbot, "取消", "保存")
    try:
        qtbot.mouseClick(tab.new_decision_button, Qt.LeftButton)
        assert tab.decision_text.text() == "审议通过年度工作计划"      # 取消: kept as typed
        assert tab.votes_for.value() == 5 and decision_ops.decisions(aid) == []
        qtbot.mouseClick(tab.new_decision_button, Qt.LeftButton)
    finally:
        answers.stop()
    assert answers.texts == ["表决事项“审议通过年度工作计划”还没有保存，要保存吗？"] * 2
    assert answers.orders[0] == ["不保存", "取消", "保存"]          # 取消, then the main action, on the right
    assert [(d.text, d.votes_for) for d in decision_ops.decisions(aid)] == [("审议通过年度工作计划", 5)]
    assert tab.decision_text.text() == "" and tab.decision_id is None
    assert editor.focusWidget() is tab.decision_text         # ready for the next matter

    _type_vote(qtbot, editor, "选举支部委员", 1)
    answers = Answers(qtbot, "不保存")
    try:
        qtbot.mouseClick(tab.new_decision_button, Qt.LeftButton)
    finally:
        answers.stop()
    assert len(answers.texts) == 1 and tab.decision_text.text() == ""
    assert len(decision_ops.decisions(aid)) == 1


def test_choosing_another_vote_asks_about_the_one_changed(opened, qtbot):
    aid, editor = _held_congress(qtbot)
    for text in ("第一项", "第二项"):
        decision_ops.save_decision(aid, decision_ops.DecisionInfo(text, 5, 0, 0, "举手表决"))
    editor.reload()
    editor.tabs.setCurrentIndex(DECISIONS)
    tab = editor.decisions
    tab.table.setCurrentCell(0, 0)
    assert tab.decision_text.text() == "第一项"
    tab.votes_against.setValue(1)
    answers = Answers(qtbot, "取消")
    try:
        qtbot.mouseClick(tab.table.viewport(), Qt.LeftButton, pos=tab.table.visualRect(
            tab.table.model().index(1, 0)).center())
    finally:
        answers.stop()
    assert answers.texts == ["表决事项“第一项”还没有保存，要保存吗？"]
    assert tab.table.currentRow() == 0 and tab.decision_text.text() == "第一项" and tab.votes_against.value() == 1


def test_closing_the_meeting_with_a_typed_vote_asks_and_saves_it(opened, qtbot):
    aid, editor = _held_congress(qtbot)
    editor.tabs.setCurrentIndex(DECISIONS)
    _type_vote(qtbot, editor, "审议通过年度工作计划", 5)
    answers = Answers(qtbot, "保存")
    try:
        qtbot.mouseClick(editor.close_button, Qt.LeftButton)
    finally:
        answers.stop()
    assert answers.texts == ["“表决事项”里填写的内容还没有保存，要保存吗？"]
    assert not editor.isVisible()
    assert [d.text for d in decision_ops.decisions(aid)] == ["审议通过年度工作计划"]


def test_closing_with_a_speech_cell_being_typed_asks(opened, qtbot):
    aid, editor = _held_congress(qtbot)
    minutes_ops.save(aid, minutes_ops.MinutesContent(speeches=[minutes_ops.Speech("王建国", "", None)]))
    editor.reload()
    editor.tabs.setCurrentIndex(MINUTES)
    minutes = editor.minutes
    assert not editor.has_unsaved_changes()
    table = minutes.speech_table
    table.setCurrentCell(0, 1)          # (the cell opens for typing as it becomes current)
    cell = editor.focusWidget()
    assert cell is not None and table.isAncestorOf(cell)
    type_chinese(cell, "同意计划")
    answers = Answers(qtbot, "保存")
    try:
        editor.close()                   # the window's close box: the focus stays in the cell
    finally:
        answers.stop()
    assert answers.texts == ["“会议记录”里填写的内容还没有保存，要保存吗？"]
    assert not editor.isVisible()
    assert [(s.speaker, s.text) for s in minutes_ops.current(aid)[1].speeches] == [("王建国", "同意计划")]


def test_after_recording_the_meeting_the_focus_is_on_the_attendance(opened, qtbot):
    branch = make_branch(full=6, probationary=0, flow=0, groups=0, committee=1)
    aid = act.create(act.ActivityInfo(kind="party_congress", date=dt.date(2026, 11, 10), chair_id=branch.full[0],
                                      recorder_id=branch.full[1])).id
    editor = _open(qtbot, aid)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    editor.details.hold_button.setFocus()
    qtbot.keyClick(editor.details.hold_button, Qt.Key_Space)
    assert act.get(aid).status == "held"
    focused = editor.focusWidget()
    assert focused is not editor.delete_button
    assert focused is editor.attendance.view
    assert editor.attendance.view.currentIndex().row() == 0


def test_a_finalised_meeting_s_fields_are_readable(opened, qtbot):
    branch = make_branch(full=4, probationary=0, flow=0, groups=0, committee=1)
    aid = act.create(act.ActivityInfo(kind="life_meeting", date=dt.date(2026, 11, 20), place="村委会会议室",
                                      chair_id=branch.full[0], recorder_id=branch.full[1])).id
    act.mark_held(aid, today=TODAY)
    attendance_ops.mark_rest_present(aid)
    editor = _open(qtbot, aid)
    editor.minutes.summary_edit.setPlainText("大家开诚布公。")
    assert editor.finalize(confirm=False) is True
    details = editor.details
    editor.tabs.setCurrentIndex(0)
    for widget in (details.place_edit, details.title_edit, details.date_field.edit, details.topic_edit):
        assert widget.isEnabled() and widget.isReadOnly()     # readable and copyable, not greyed out
    qtbot.keyClicks(details.place_edit, "x")
    assert details.place_edit.text() == "村委会会议室"
    assert not details.date_field.button.isEnabled()
    # Drawn in the normal text colour, on a background that is not plain white.
    image = details.place_edit.grab().toImage()
    assert _darkest(image) < 80                   # dark letters (#222), not disabled grey (about 160)
    background = QColor(image.pixel(image.width() - 6, image.height() // 2))
    assert background != QColor("white") and background.lightness() > 220
    assert _darkest(details.chair_combo.grab().toImage()) < 80
    assert details.start_edit.placeholderText() == ""      # no "如 9:00" read as the time it started


def _darkest(image) -> int:
    return min(QColor(image.pixel(x, y)).lightness() for x in range(image.width()) for y in range(image.height()))
