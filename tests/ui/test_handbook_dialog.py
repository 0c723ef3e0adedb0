"""The 支部工作手册 window: the year's 年度总结 typed, saved and there again next time; text not
saved asks before it is lost; 保存PDF… makes the book off the GUI thread with the summary in it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from dangjian_desktop.core import annual_summary
from dangjian_desktop.ui import handbook_dialog as module
from dangjian_desktop.ui.activity_controls import CANCEL, DISCARD, SAVE
from dangjian_desktop.ui.handbook_dialog import HandbookDialog
from tests.conftest import TODAY
from tests.demo_cache import load_demo
from tests.pdf_checks import page_texts, squeezed

SUMMARY = "一年来，支部按时召开“三会一课”。\n明年重点做好流动党员的联系。"


@pytest.fixture
def demo(opened):
    load_demo(46, seed=7, today=TODAY)
    return opened


@pytest.fixture
def answers(monkeypatch):
    """The answers ask_unsaved gives, in order; the questions asked are recorded."""
    queue: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(module, "ask_unsaved", lambda parent, text: asked.append(text) or queue.pop(0))
    return queue, asked


def dialog_for(qtbot, year=2026, **kwargs) -> HandbookDialog:
    dialog = HandbookDialog(year, today=TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_summary_typed_and_saved_is_there_when_reopened(qtbot, demo):
    dialog = dialog_for(qtbot)
    assert dialog.year == 2026 and dialog.summary_edit.toPlainText() == ""
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.summary_edit, "2026 ")          # typed (keyClicks takes ASCII only)
    dialog.summary_edit.setPlainText(SUMMARY)
    assert dialog.save_button.isEnabled() and "还没保存" in dialog.message_label.text()
    dialog.save_button.click()
    assert not dialog.save_button.isEnabled() and dialog.message_label.text() == "年度总结已保存。"
    dialog.close()
    assert not dialog.isVisible()

    again = dialog_for(qtbot)
    assert again.summary_edit.toPlainText() == SUMMARY
    assert annual_summary.get(2026) == SUMMARY


def test_closing_with_unsaved_text_asks_and_cancel_keeps_the_window(qtbot, demo, answers):
    queue, asked = answers
    dialog = dialog_for(qtbot)
    dialog.summary_edit.setPlainText(SUMMARY)
    queue.append(CANCEL)
    dialog.close()
    assert dialog.isVisible() and asked == ["2026年度工作总结还没保存，要保存吗？"]
    queue.append(DISCARD)
    dialog.close()
    assert not dialog.isVisible() and len(asked) == 2
    assert annual_summary.get(2026) == ""


def test_closing_with_unsaved_text_may_save_it(qtbot, demo, answers):
    queue, _asked = answers
    dialog = dialog_for(qtbot)
    dialog.summary_edit.setPlainText(SUMMARY)
    queue.append(SAVE)
    dialog.reject()                                        # Esc
    assert not dialog.isVisible()
    assert annual_summary.get(2026) == SUMMARY


def test_choosing_another_year_with_unsaved_text_asks_first(qtbot, demo, answers):
    annual_summary.put(2025, "去年的总结")
    queue, asked = answers
    dialog = dialog_for(qtbot)
    dialog.summary_edit.setPlainText(SUMMARY)
    queue.append(CANCEL)
    dialog.year_box.setCurrentIndex(dialog.year_box.findData(2025))
    assert dialog.year == 2026 and dialog.summary_edit.toPlainText() == SUMMARY and len(asked) == 1
    queue.append(SAVE)
    dialog.year_box.setCurrentIndex(dialog.year_box.findData(2025))
    assert dialog.year == 2025 and dialog.summary_edit.toPlainText() == "去年的总结"
    assert annual_summary.get(2026) == SUMMARY


def test_a_saved_summary_can_be_undone_from_the_window(qtbot, demo):
    stack = QUndoStack()
    dialog = dialog_for(qtbot, undo_stack=stack)
    dialog.summary_edit.setPlainText(SUMMARY)
    assert dialog.save_summary()
    assert stack.undoText() == "保存2026年年度总结"
    stack.undo()
    assert annual_summary.get(2026) == ""


def test_save_pdf_saves_the_summary_then_makes_the_book_with_it(qtbot, demo, bundled_fonts, monkeypatch):
    made = []
    monkeypatch.setattr(module, "ask_save_pdf", lambda parent, report, **kwargs: made.append(report))
    dialog = dialog_for(qtbot)
    dialog.summary_edit.setPlainText(SUMMARY)
    dialog.pdf_button.click()
    assert annual_summary.get(2026) == SUMMARY           # saved before the book is made
    qtbot.waitUntil(lambda: bool(made), timeout=120000)
    report = made[0]
    assert report.title == "东坡村党支部2026年支部工作手册" and report.pages > 100
    assert "明年重点做好流动党员的联系" in squeezed(page_texts(report.pdf)[-1])
    assert dialog.pdf_button.isEnabled()
