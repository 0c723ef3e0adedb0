"""The 备份到U盘 dialog: the password fields stay put, a fixed typo clears the error, a failed
write keeps the dialog and the password for another try; write errors name their real cause;
restoring keeps this computer's record of the last USB backup."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from dangjian_desktop.backup.create import write_error
from dangjian_desktop.ui.backup_dialogs import BackupTargetDialog, RestoreConfirmDialog
from tests.ui.test_backup_page import PASSWORD, Modals, ok_box, page, usb  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def program_style():
    """The program's own style sheet at 标准, as the window gives it (not whatever an earlier test left)."""
    from dangjian_desktop.ui.app import application
    from dangjian_desktop.ui.theme import apply_font_size

    apply_font_size(application(), "normal")

def _places(dialog):
    return [w.mapTo(dialog, QPoint(0, 0)) for w in
            (dialog.drive_list, dialog.use_password, dialog.password1, dialog.password2)]


def test_ticking_password_moves_nothing_and_a_fixed_typo_clears_the_error(qtbot, tmp_path):
    dialog = BackupTargetDialog(drives=[])
    qtbot.addWidget(dialog)
    dialog.add_folder(tmp_path)
    dialog.show()
    qtbot.waitExposed(dialog)
    before, height = _places(dialog), dialog.drive_list.height()
    qtbot.mouseClick(dialog.use_password, Qt.LeftButton, pos=QPoint(8, dialog.use_password.height() // 2))
    assert dialog.use_password.isChecked() and "密码忘了" in dialog.warning.text()
    assert _places(dialog) == before and dialog.drive_list.height() == height
    QTest.keyClicks(dialog.password1, PASSWORD)
    QTest.keyClicks(dialog.password2, PASSWORD + "x")
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert "两次输入的密码不一样" in dialog.error.text() and dialog.isVisible()
    # the message grows the window below: nothing above it moves (a pixel of layout rounding aside)
    assert all(abs(a.y() - b.y()) <= 1 and a.x() == b.x() for a, b in zip(_places(dialog), before))
    QTest.keyClick(dialog.password2, Qt.Key_Backspace)
    assert dialog.error.text() == ""
    qtbot.mouseClick(dialog.use_password, Qt.LeftButton, pos=QPoint(8, dialog.use_password.height() // 2))
    assert _places(dialog) == before and dialog.warning.text() == ""


def test_a_failed_write_brings_the_dialog_back_with_the_password_kept(page, qtbot, usb, tmp_path):  # noqa: F811
    seen = {}

    def first(dialog):
        assert isinstance(dialog, BackupTargetDialog)
        dialog.add_folder(tmp_path / "拔掉了")
        dialog.use_password.setChecked(True)
        QTest.keyClicks(dialog.password1, PASSWORD)
        QTest.keyClicks(dialog.password2, PASSWORD)
        qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
        assert not dialog.isVisible()
        seen["dialog"] = dialog
        modals.seen.remove(dialog)          # the same dialog is to be answered again when it comes back

    def again(dialog):
        assert dialog is seen["dialog"]
        assert "找不到文件夹" in dialog.error.text()
        assert (dialog.password1.text(), dialog.password2.text()) == (PASSWORD, PASSWORD)
        assert dialog.use_password.isChecked()
        dialog.add_folder(usb)
        assert dialog.error.text() == ""
        qtbot.mouseClick(dialog.start_button, Qt.LeftButton)

    modals = Modals(qtbot, first, again, ok_box)
    with qtbot.waitSignal(page.data_changed, timeout=30000):
        page.start_usb_backup()
    qtbot.waitUntil(modals.done, timeout=10000)
    modals.stop()
    assert [m for m in modals.texts if "找不到文件夹" in m] == []      # told in the dialog, not a box
    assert page.last_created.path.parent == usb and page.last_created.info.encrypted


def test_write_errors_blame_write_protection_only_for_a_read_only_stick():
    folder = Path("/media/U盘")
    read_only = str(write_error(folder, OSError(errno.EROFS, "Read-only file system")))
    assert "写保护" in read_only and "只读" in read_only
    for code in (errno.EACCES, errno.EPERM):
        text = str(write_error(folder, OSError(code, "Permission denied")))
        assert "写保护" not in text and "不允许写入" in text and "权限" in text
        assert text.endswith("现在的数据没有受影响。")


def test_restoring_the_backup_just_made_keeps_the_last_usb_backup(page, qtbot, usb):  # noqa: F811
    modals = Modals(qtbot, ok_box)
    with qtbot.waitSignal(page.data_changed, timeout=30000):
        page.backup_to(usb, None)
    qtbot.waitUntil(modals.done, timeout=10000)
    modals.stop()
    assert "今天" in page.status_label.text()

    def confirm(dialog):
        assert isinstance(dialog, RestoreConfirmDialog)
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)

    modals = Modals(qtbot, confirm, ok_box)
    with qtbot.waitSignals([page.restored, page.data_changed], timeout=30000, order="strict"):
        page.start_restore(page.last_created.path)
    qtbot.waitUntil(modals.done, timeout=10000)
    modals.stop()
    assert "今天" in page.status_label.text() and "还没有" not in page.status_label.text()
