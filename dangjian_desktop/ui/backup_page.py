"""备份 page: back up to a USB stick, restore from a backup, the automatic local backups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from dangjian_desktop.backup.autobackup import (
    auto_backup_folder,
    auto_backups_sealed,
    list_auto_backups,
    seal_auto_backups_with,
)
from dangjian_desktop.backup.create import create_backup
from dangjian_desktop.backup.drives import format_size, list_removable_drives
from dangjian_desktop.backup.package import BackupError, WrongPassword, read_header
from dangjian_desktop.backup.reminder import record_usb_backup, usb_backup_status
from dangjian_desktop.backup.restore import keep_safety_copy, prepare_restore, swap_in
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import file_dialogs, icons
from dangjian_desktop.ui.backup_dialogs import BackupTargetDialog, PasswordDialog, RestoreConfirmDialog
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import error_text, run_with_progress, show_error

AUTO_COLUMNS = ("备份时间", "原因", "党员", "活动记录", "密码", "大小")


class BackupPage(Page):
    key = "backup"
    nav_label = "备份"
    nav_icon = "fa6s.floppy-disk"

    # Emitted right after the database was replaced by a backup (before ``data_changed``):
    # the main window should clear its undo stack and reload everything.
    restored = Signal()

    def __init__(self, opened, parent=None):
        super().__init__(parent)
        self.opened = opened
        self.operation = None          # the running background operation (kept alive)
        self.last_created = None       # CreatedBackup of the last successful USB backup
        self._auto = []
        layout = self.vbox(self)

        self.title = QLabel("备份", self)
        self.restore_button = QPushButton(icons.icon("fa6s.clock-rotate-left"), "从备份恢复…", self)
        self.usb_button = QPushButton(icons.icon("fa6s.floppy-disk", color="white"), "备份到U盘", self)
        mark_primary(self.usb_button)
        layout.addLayout(self.header(self.title, self.restore_button, self.usb_button))

        card = QFrame(self)
        card.setObjectName("backupStatus")
        card.setStyleSheet("#backupStatus { background: #F7F4F1; border: 1px solid #E2DDD8; border-radius: 4px; }")
        card_layout = QHBoxLayout(card)
        card_layout.setContentsMargins(14, 10, 14, 10)
        self.status_icon = QLabel(card)
        card_layout.addWidget(self.status_icon, 0, Qt.AlignTop)
        self.status_label = QLabel(card)
        self.status_label.setWordWrap(True)
        card_layout.addWidget(self.status_label, 1)
        layout.addWidget(card)

        explain = QLabel(
            "备份会把全部数据（党员、党小组、活动、会议记录和照片）存成一个文件。"
            "建议每月备份到U盘一次，U盘放在别处保管；电脑坏了、中了病毒，也能用U盘上的备份恢复。",
            self,
        )
        explain.setWordWrap(True)
        explain.setProperty("role", "hint")
        layout.addWidget(explain)

        auto_title = QLabel("本机自动备份", self)
        auto_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(auto_title)
        self.auto_sealed_hint = QLabel(self)       # what automatic backups are, and whether sealed
        self.auto_sealed_hint.setWordWrap(True)
        self.auto_sealed_hint.setProperty("role", "hint")
        layout.addWidget(self.auto_sealed_hint)

        self.auto_table = QTableWidget(0, len(AUTO_COLUMNS), self)
        self.auto_table.setHorizontalHeaderLabels(AUTO_COLUMNS)
        self.auto_table.verticalHeader().setVisible(False)
        self.auto_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.auto_table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.auto_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.auto_table.setAlternatingRowColors(True)
        header = self.auto_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.auto_table, 1)
        self.empty_auto = QLabel("还没有自动备份。第一次退出程序时会自动保存一份。", self)
        self.empty_auto.setProperty("role", "hint")
        layout.addWidget(self.empty_auto)

        row = QHBoxLayout()
        self.auto_restore_button = QPushButton(icons.icon("fa6s.clock-rotate-left"), "用选中的自动备份恢复…", self)
        self.open_folder_button = QPushButton(icons.icon("fa6s.folder-open"), "打开自动备份文件夹", self)
        row.addWidget(self.auto_restore_button)
        row.addWidget(self.open_folder_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.usb_button.clicked.connect(self.start_usb_backup)
        self.restore_button.clicked.connect(lambda: self.start_restore())
        self.auto_restore_button.clicked.connect(self.restore_selected_auto)
        self.auto_table.itemSelectionChanged.connect(self._update_buttons)
        self.auto_table.doubleClicked.connect(lambda _index: self.restore_selected_auto())
        self.open_folder_button.clicked.connect(self.open_auto_folder)
        self.refresh()

    # --- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        status = usb_backup_status()
        icon = "fa6s.circle-exclamation" if status.due else "fa6s.circle-check"
        color = "#B03A2E" if status.due else "#2E7D32"
        self.status_icon.setPixmap(icons.icon(icon, color=color).pixmap(22, 22))
        self.status_label.setText(status.sentence)
        self.auto_sealed_hint.setText(
            "程序在退出时、使用中每半小时（有改动时），以及导入和恢复之前，会在这台电脑上自动保存一份。"
            "旧的会自动清理：最近几天每天留一份，再往前每周、每月各留一份。"
            + ("自动备份用您上次给U盘备份设的密码加密：用它恢复时，要输入那个密码。" if auto_backups_sealed() else
               "给U盘备份设了密码以后，本机的自动备份也会用同一个密码加密。"))
        self._auto = list_auto_backups(self.opened.path)
        self.auto_table.setRowCount(len(self._auto))
        for row, backup in enumerate(self._auto):
            info = backup.info
            size = backup.path.stat().st_size if backup.path.exists() else 0
            values = (info.created_at.strftime("%Y-%m-%d %H:%M"), info.reason or "自动",
                      f"{info.members} 人", f"{info.activities} 条", "有" if info.encrypted else "无",
                      format_size(size))
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.auto_table.setItem(row, column, item)
        self.auto_table.setVisible(bool(self._auto))
        self.empty_auto.setVisible(not self._auto)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.auto_restore_button.setEnabled(self.selected_auto() is not None)
        self.open_folder_button.setEnabled(auto_backup_folder(self.opened.path).is_dir())

    def selected_auto(self):
        rows = self.auto_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._auto):
            return None
        return self._auto[rows[0].row()]

    def open_auto_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(auto_backup_folder(self.opened.path))))

    # --- backing up ---------------------------------------------------------------------
    def start_usb_backup(self, dialog: BackupTargetDialog | None = None) -> None:
        """备份到U盘: choose the stick (and a password), then back up. When writing fails, the
        same dialog comes back with the reason, the stick and the password still filled in."""
        dialog = dialog or BackupTargetDialog(self)
        if dialog.exec() != QDialog.Accepted:
            return
        self.backup_to(dialog.folder, dialog.password, removable=dialog.on_removable,
                       on_error=lambda exc: self._retry_usb_backup(dialog, exc))

    def _retry_usb_backup(self, dialog: BackupTargetDialog, exc: BaseException) -> None:
        dialog.show_failure(error_text(exc))
        self.start_usb_backup(dialog)

    def backup_to(self, folder: Path, password: str | None = None, *, removable: bool = True,
                  on_error=None):
        db_path = self.opened.path

        def work(progress):
            created = create_backup(db_path, folder, password=password, progress=progress)
            if password:
                progress(0, 0, "正在为本机自动备份设置同一个密码…")
                seal_auto_backups_with(password)
            return created

        self.operation = run_with_progress(self, "正在备份…", work, lambda created: self._backed_up(created, removable),
                                           on_error=on_error)
        return self.operation

    def _backed_up(self, created, removable: bool) -> None:
        self.last_created = created
        record_usb_backup(created.info.created_at.replace(tzinfo=None))
        self.refresh()
        self.data_changed.emit()
        self.status_message.emit("备份成功")
        first = "备份成功，可以拔出U盘。" if removable else "备份成功。"
        QMessageBox.information(
            self, "备份成功",
            f"{first}\n\n备份文件：{created.path}\n大小：{format_size(created.bytes)}，"
            f"党员 {created.info.members} 人，活动记录 {created.info.activities} 条。\n"
            "这份备份已经读回核对过，是完好的。",
        )

    # --- restoring ----------------------------------------------------------------------
    def _start_folder(self) -> str:
        drives = list_removable_drives()
        if drives:
            return str(drives[0].path)
        return QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)

    def start_restore(self, path: Path | None = None) -> None:
        """从备份恢复: pick a file (unless given), then verify, confirm and restore."""
        if path is None:
            path = file_dialogs.open_file(self, file_dialogs.BACKUP, "选择备份文件",
                                          "党支部工作台备份 (*.djbak);;所有文件 (*)", fallback=self._start_folder())
            if path is None:
                return
        self.restore_from(Path(path))

    def restore_selected_auto(self) -> None:
        backup = self.selected_auto()
        if backup is not None:
            self.restore_from(backup.path)

    def restore_from(self, path: Path, password: str | None = None, *, retry: bool = False):
        try:
            header = read_header(path)
        except BackupError as exc:
            show_error(self, exc, "不能用这个文件恢复")
            return None
        if header.encrypted and password is None:
            dialog = PasswordDialog(self, path, retry=retry)
            if dialog.exec() != QDialog.Accepted or not dialog.password.text():
                return None
            password = dialog.password.text()
        db_path = self.opened.path

        def work(progress):
            return prepare_restore(path, db_path, password=password, progress=progress)

        def failed(exc):
            if isinstance(exc, WrongPassword):
                self.restore_from(path, retry=True)
            else:
                show_error(self, exc, "不能用这个文件恢复")

        self.operation = run_with_progress(self, "正在检查备份…", work, self._confirm_restore, on_error=failed)
        return self.operation

    def _confirm_restore(self, prepared) -> None:
        dialog = RestoreConfirmDialog(self, prepared.info, prepared.backup_path)
        if dialog.exec() != QDialog.Accepted:
            prepared.discard()
            self.status_message.emit("没有恢复，数据没有改动")
            return
        db_path = self.opened.path

        def work(progress):
            return keep_safety_copy(db_path, progress=progress)

        def failed(exc):
            prepared.discard()
            show_error(self, exc, "没有恢复")

        self.operation = run_with_progress(self, "正在恢复…", work, lambda safety: self._swap(prepared, safety),
                                           on_error=failed)

    def _swap(self, prepared, safety: Path) -> None:
        try:
            swap_in(self.opened, prepared)
        except UserError as exc:
            show_error(self, exc, "没有恢复")
            return
        self.restored.emit()
        self.refresh()
        self.data_changed.emit()
        self.status_message.emit("已从备份恢复")
        info = prepared.info
        QMessageBox.information(
            self, "恢复完成",
            f"已从备份恢复：{info.branch}，{info.created_at.strftime('%Y-%m-%d %H:%M')} 的备份，"
            f"党员 {info.members} 人。\n\n恢复前的数据已另存为一份自动备份（{safety.name}），"
            "需要时可以在本页“本机自动备份”里找回。",
        )
