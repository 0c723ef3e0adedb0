"""The 备份 page driven through its real dialogs: USB backup, restore, automatic backups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from dangjian_desktop.backup.autobackup import list_auto_backups, make_auto_backup
from dangjian_desktop.backup.create import create_backup
from dangjian_desktop.backup.package import read_header
from dangjian_desktop.backup.restore import TEMP_SUFFIX
from dangjian_desktop.db.models import Member
from dangjian_desktop.ui.backup_auto import AutoBackupTimer
from dangjian_desktop.ui.backup_dialogs import BackupTargetDialog, PasswordDialog, RestoreConfirmDialog
from dangjian_desktop.ui.backup_page import BackupPage

PASSWORD = "dongpo2026"


class Modals:
    """Answers the modal dialogs that open, in order, with the given handlers (real widgets)."""

    def __init__(self, qtbot, *handlers):
        self.handlers = list(handlers)
        self.seen: list[object] = []
        self.texts: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        self.qtbot = qtbot

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or isinstance(widget, QProgressDialog) or widget in self.seen or not widget.isVisible():
            return
        self.seen.append(widget)
        if isinstance(widget, QMessageBox):
            self.texts.append(widget.text())
        if self.handlers:
            self.handlers.pop(0)(widget)

    def done(self) -> bool:
        return not self.handlers

    def stop(self) -> None:
        self._timer.stop()


def ok_box(box):
    assert isinstance(box, QMessageBox), type(box)
    box.accept()


@pytest.fixture
def page(qtbot, demo_db):
    widget = BackupPage(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    return widget


@pytest.fixture
def usb(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


def test_page_shows_the_reminder_and_the_automatic_backups(page, demo_db):
    assert "还没有把数据备份到U盘" in page.status_label.text()
    assert page.auto_table.isHidden() and page.empty_auto.isVisible()
    make_auto_backup(demo_db.path, "exit")
    page.refresh()
    assert page.auto_table.rowCount() == 1
    assert page.auto_table.item(0, 1).text() == "退出时"
    assert page.auto_table.item(0, 4).text() == "无"
    assert "设了密码以后，本机的自动备份也会用同一个密码加密" in page.auto_sealed_hint.text()
    assert page.auto_table.item(0, 2).text() == f"{Member.select().where(Member.status == 'active').count()} 人"
    assert not page.auto_restore_button.isEnabled()
    page.auto_table.selectRow(0)
    assert page.auto_restore_button.isEnabled()


def test_backup_to_usb_with_password_through_the_dialog(page, qtbot, usb):
    def fill(dialog):
        assert isinstance(dialog, BackupTargetDialog)
        dialog.add_folder(usb)
        dialog.use_password.setChecked(True)
        assert "密码忘了" in dialog.warning.text()
        QTest.keyClicks(dialog.password1, PASSWORD)
        QTest.keyClicks(dialog.password2, PASSWORD + "x")
        qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
        assert "两次输入的密码不一样" in dialog.error.text() and dialog.isVisible()
        dialog.password2.clear()
        QTest.keyClicks(dialog.password2, PASSWORD)
        qtbot.mouseClick(dialog.start_button, Qt.LeftButton)

    modals = Modals(qtbot, fill, ok_box)
    with qtbot.waitSignal(page.data_changed, timeout=30000):
        page.start_usb_backup()
    qtbot.waitUntil(modals.done, timeout=10000)
    modals.stop()
    files = list(usb.glob("*.djbak"))
    assert files == [page.last_created.path]
    assert read_header(files[0]).encrypted
    assert modals.texts[0].startswith("备份成功")
    assert "今天" in page.status_label.text()
    # From now on the automatic backups are sealed with the same password, and the page says so.
    assert "自动备份用您上次给U盘备份设的密码加密" in page.auto_sealed_hint.text()
    make_auto_backup(page.opened.path, "exit")
    page.refresh()
    assert page.auto_table.item(0, 4).text() == "有"
    assert read_header(page._auto[0].path).recipient


def test_backup_to_a_plain_folder_says_success_without_usb_words(page, qtbot, usb):
    modals = Modals(qtbot, ok_box)
    with qtbot.waitSignal(page.data_changed, timeout=30000):
        page.backup_to(usb, None, removable=False)
    qtbot.waitUntil(modals.done, timeout=10000)
    modals.stop()
    assert modals.texts == ["备份成功。"] or modals.texts[0].startswith("备份成功。")
    assert "可以拔出U盘" not in modals.texts[0]


def test_backup_to_a_removed_stick_shows_a_chinese_message(page, qtbot, tmp_path):
    modals = Modals(qtbot, ok_box)
    page.backup_to(tmp_path / "拔掉了", None)
    qtbot.waitUntil(modals.done, timeout=30000)
    modals.stop()
    assert "找不到文件夹" in modals.texts[0]


def test_restore_verifies_confirms_keeps_a_safety_copy_and_restores(page, qtbot, demo_db, usb):
    backup = create_backup(demo_db.path, usb).path
    names_before = sorted(m.name for m in Member.select())
    Member.create(name="恢复前新增", name_pinyin="", name_initials="")

    def confirm(dialog):
        assert isinstance(dialog, RestoreConfirmDialog)
        assert dialog.cancel_button.isDefault()
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)

    modals = Modals(qtbot, confirm, ok_box)
    with qtbot.waitSignals([page.restored, page.data_changed], timeout=30000, order="strict"):
        page.start_restore(backup)
    qtbot.waitUntil(modals.done, timeout=10000)
    modals.stop()
    assert sorted(m.name for m in Member.select()) == names_before
    assert modals.texts[0].startswith("已从备份恢复")
    safety = list_auto_backups(demo_db.path)
    assert [b.reason for b in safety] == ["恢复前"]
    assert safety[0].info.member_records == len(names_before) + 1
    assert page.auto_table.rowCount() == 1


def test_restore_cancelled_with_enter_changes_nothing(page, qtbot, demo_db, usb):
    backup = create_backup(demo_db.path, usb).path
    Member.create(name="恢复前新增", name_pinyin="", name_initials="")

    def press_enter(dialog):
        assert isinstance(dialog, RestoreConfirmDialog)
        QTest.keyClick(dialog, Qt.Key_Return)  # the default button is 取消

    modals = Modals(qtbot, press_enter)
    with qtbot.waitSignal(page.status_message, timeout=30000) as message:
        page.start_restore(backup)
    modals.stop()
    assert message.args == ["没有恢复，数据没有改动"]
    assert Member.select().where(Member.name == "恢复前新增").count() == 1
    assert not Path(str(demo_db.path) + TEMP_SUFFIX).exists()
    assert list_auto_backups(demo_db.path) == []


def test_wrong_password_asks_again_then_restores(page, qtbot, demo_db, usb):
    backup = create_backup(demo_db.path, usb, password=PASSWORD).path
    Member.create(name="恢复前新增", name_pinyin="", name_initials="")
    prompts = []

    def type_password(text):
        def handler(dialog):
            assert isinstance(dialog, PasswordDialog)
            prompts.append(dialog.message.text())
            QTest.keyClicks(dialog.password, text)
            qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        return handler

    def confirm(dialog):
        assert isinstance(dialog, RestoreConfirmDialog)
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)

    modals = Modals(qtbot, type_password("dongpo2025"), type_password(PASSWORD), confirm, ok_box)
    with qtbot.waitSignal(page.data_changed, timeout=60000):
        page.start_restore(backup)
    qtbot.waitUntil(modals.done, timeout=10000)
    modals.stop()
    assert len(prompts) == 2
    assert "设置了密码" in prompts[0] and "密码不对" in prompts[1]
    assert Member.select().where(Member.name == "恢复前新增").count() == 0


def test_damaged_backup_is_refused_with_words(page, qtbot, demo_db, usb, tmp_path):
    backup = create_backup(demo_db.path, usb).path
    data = backup.read_bytes()
    bad = tmp_path / "坏.djbak"
    bad.write_bytes(data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1:])
    count = Member.select().count()
    modals = Modals(qtbot, ok_box)
    page.start_restore(bad)
    qtbot.waitUntil(modals.done, timeout=30000)
    modals.stop()
    assert "已经损坏" in modals.texts[0]
    assert Member.select().count() == count


def test_auto_backup_timer_backs_up_in_the_background_and_on_exit(qtbot, demo_db):
    timer = AutoBackupTimer(demo_db.path)
    with qtbot.waitSignal(timer.backed_up, timeout=30000) as first:
        assert timer.run_in_background("timer")
    timer.wait()
    assert first.args[0].created and first.args[0].reason == "定时"
    unchanged = timer.backup_blocking("exit")
    assert unchanged is not None and not unchanged.created  # nothing changed: nothing written
    Member.update(note="退出前改的").where(Member.id == 1).execute()
    on_exit = timer.backup_blocking("exit")
    assert on_exit.created and on_exit.reason == "退出时"
    assert len(list_auto_backups(demo_db.path)) == 2


def test_auto_backup_failure_is_reported_not_raised(qtbot, tmp_path):
    timer = AutoBackupTimer(tmp_path / "没有这个文件.sqlite3")
    with qtbot.waitSignal(timer.failed, timeout=10000) as failed:
        assert timer.backup_blocking("exit") is None
    assert failed.args[0].startswith("自动备份没有完成")


def test_page_at_extra_large_font_keeps_its_buttons_visible(qtbot, demo_db):
    from dangjian_desktop.ui.theme import apply_font_size

    app = QApplication.instance()
    apply_font_size(app, "xlarge")
    try:
        widget = BackupPage(demo_db)
        qtbot.addWidget(widget)
        widget.resize(1366 - 170, 768 - 120)
        widget.show()
        qtbot.waitExposed(widget)
        for button in (widget.usb_button, widget.restore_button, widget.auto_restore_button):
            geometry = button.geometry()
            assert widget.rect().contains(geometry), button.text()
            assert button.width() >= button.sizeHint().width()
    finally:
        apply_font_size(app, "normal")


def test_created_at_is_shown_in_local_time(page, demo_db):
    made = make_auto_backup(demo_db.path, "manual", now=dt.datetime(2026, 11, 20, 8, 5).astimezone())
    page.refresh()
    assert page.auto_table.item(0, 0).text() == "2026-11-20 08:05"
    assert made.reason == "手动"
