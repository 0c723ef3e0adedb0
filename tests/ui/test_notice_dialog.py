"""党务公开's own notice: written, previewed through the report window, and kept when closing."""

import pytest
from PySide6.QtCore import Qt

from dangjian_desktop.ui import notice_dialog as module
from dangjian_desktop.ui.activity_controls import CANCEL, DISCARD
from dangjian_desktop.ui.notice_dialog import NoticeDialog


@pytest.fixture
def shown(monkeypatch):
    calls = []
    monkeypatch.setattr("dangjian_desktop.ui.report_dialog.show_document",
                        lambda parent, key, **params: calls.append((key, params)))
    return calls


def test_a_notice_is_written_and_previewed(qtbot, opened, shown, monkeypatch):
    dialog = NoticeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.preview_button, Qt.LeftButton)
    assert "标题和正文" in dialog.error.text() and shown == []
    dialog.title.setText("关于召开党员大会的通知")      # (keyClicks with Chinese aborts under offscreen Qt)
    dialog.body.setPlainText("12月10日上午9时在村委会召开。")
    qtbot.mouseClick(dialog.preview_button, Qt.LeftButton)
    assert shown == [("notice", {"title": "关于召开党员大会的通知", "body": "12月10日上午9时在村委会召开。"})]
    dialog.close()                                     # previewed: closes without asking
    assert not dialog.isVisible()


def test_closing_with_text_not_printed_asks(qtbot, opened, shown, monkeypatch):
    answers = [CANCEL, DISCARD]
    asked = []
    monkeypatch.setattr(module, "ask_unsaved", lambda parent, text: asked.append(text) or answers.pop(0))
    dialog = NoticeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("通知")
    dialog.close()
    assert dialog.isVisible() and asked                 # 取消: stays open with its text
    dialog.close()
    assert not dialog.isVisible() and dialog.title.text() == "通知"
