"""Walk-through fixes: the 备份到U盘 password fields take typing without the box ticked first
(the box ticks itself); a meeting titled "…会议" prints as "…会议记录", not "…会议会议记录"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from dangjian_desktop.reports.minutes import BLANK_TITLE, document_title
from dangjian_desktop.ui.backup_dialogs import BackupTargetDialog


@pytest.fixture(autouse=True)
def program_style():
    """The program's own style sheet at 标准, as the window gives it (not whatever an earlier test left)."""
    from dangjian_desktop.ui.app import application
    from dangjian_desktop.ui.theme import apply_font_size

    apply_font_size(application(), "normal")

def test_typing_a_password_ticks_the_box_and_unticking_clears_it(qtbot, tmp_path):
    dialog = BackupTargetDialog(drives=[])
    qtbot.addWidget(dialog)
    dialog.add_folder(tmp_path)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.use_password.isChecked()
    assert dialog.password1.isEnabled() and dialog.password2.isEnabled()
    qtbot.mouseClick(dialog.password1, Qt.LeftButton)
    QTest.keyClicks(dialog.password1, "dpc2026")
    assert dialog.use_password.isChecked() and dialog.password1.text() == "dpc2026"
    assert dialog.focusWidget() is dialog.password1       # ticking did not move the typing
    assert "密码忘了" in dialog.warning.text() and dialog.warning.isVisible()
    QTest.keyClicks(dialog.password2, "dpc2026")
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert dialog.password == "dpc2026" and dialog.folder == tmp_path


def test_unticking_the_box_forgets_the_typed_password(qtbot, tmp_path):
    dialog = BackupTargetDialog(drives=[])
    qtbot.addWidget(dialog)
    dialog.add_folder(tmp_path)
    dialog.show()
    qtbot.waitExposed(dialog)
    QTest.keyClicks(dialog.password1, "dpc2026")
    qtbot.mouseClick(dialog.use_password, Qt.LeftButton, pos=QPoint(8, dialog.use_password.height() // 2))
    assert not dialog.use_password.isChecked()
    assert dialog.password1.text() == "" and not dialog.warning.isVisible()
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert dialog.password is None


def test_minutes_title_does_not_double_huiyi():
    assert document_title("2026年12月支部委员会会议") == "2026年12月支部委员会会议记录"
    assert document_title("2026年12月主题党日") == "2026年12月主题党日会议记录"
    assert document_title("第一党小组2026年12月党小组会") == "第一党小组2026年12月党小组会会议记录"
    assert document_title("2026年12月支部委员会会议", BLANK_TITLE) == "2026年12月支部委员会会议记录（手写）"
