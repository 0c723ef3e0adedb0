"""Dialogs of the 备份 page: where to back up (and an optional password), confirming a restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from dangjian_desktop.backup.crypto import check_new_password
from dangjian_desktop.backup.drives import Drive, format_size, list_removable_drives
from dangjian_desktop.backup.package import BackupInfo
from dangjian_desktop.errors import ValidationError
from dangjian_desktop.ui import file_dialogs, icons
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import ErrorLabel

PASSWORD_WARNING = (
    "请一定记住这个密码（可以写在纸上，和U盘分开放）。"
    "密码忘了，这份备份就再也打不开，任何人都无法找回。"
)


class BackupTargetDialog(QDialog):
    """Choose a USB stick (or any folder) and optionally a password.

    After ``exec()`` returns Accepted: ``folder`` and ``password`` (None without one) are set,
    and ``on_removable`` tells whether the folder is on a listed removable drive.
    """

    def __init__(self, parent=None, *, drives: list[Drive] | None = None):
        super().__init__(parent)
        self.setWindowTitle("备份到U盘")
        self.folder: Path | None = None
        self.password: str | None = None
        self.on_removable = False
        self._drives: list[Drive] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        intro = QLabel("请插上U盘，在下面选中它，然后点“开始备份”。也可以选择电脑上的其他文件夹。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.drive_list = QListWidget(self)
        self.drive_list.setMinimumHeight(120)
        layout.addWidget(self.drive_list)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(icons.icon("fa6s.rotate"), "刷新", self)
        self.refresh_button.setToolTip("刚插上U盘后点这里")
        self.folder_button = QPushButton(icons.icon("fa6s.folder-open"), "选择其他文件夹…", self)
        row.addWidget(self.refresh_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.use_password = QCheckBox("给这份备份设密码（可以不设）", self)
        layout.addWidget(self.use_password)
        form = QFormLayout()
        self.password1 = QLineEdit(self)
        self.password1.setEchoMode(QLineEdit.Password)
        self.password1.setPlaceholderText("至少 6 位")
        self.password2 = QLineEdit(self)
        self.password2.setEchoMode(QLineEdit.Password)
        self.password2.setPlaceholderText("再输入一次")
        form.addRow("密码", self.password1)
        form.addRow("再输一次", self.password2)
        layout.addLayout(form)
        self.warning = ErrorLabel(self)   # icon and words, not colour alone
        self.warning.show_problem(PASSWORD_WARNING)
        keep = self.warning.sizePolicy()
        keep.setRetainSizeWhenHidden(True)     # its place is kept: ticking 设密码 moves nothing
        self.warning.setSizePolicy(keep)
        layout.addWidget(self.warning)

        self.error = ErrorLabel(self)
        keep = self.error.sizePolicy()
        keep.setRetainSizeWhenHidden(True)      # a one-line message appears in a space kept for it
        self.error.setSizePolicy(keep)
        layout.addWidget(self.error)
        buttons, self.cancel_button, self.start_button = button_row(self, "开始备份", icon="fa6s.floppy-disk")
        layout.addLayout(buttons)

        self.refresh_button.clicked.connect(lambda: self.refresh_drives())
        self.folder_button.clicked.connect(self.choose_folder)
        self.use_password.toggled.connect(self._update_password)
        for field in (self.password1, self.password2):
            field.textChanged.connect(lambda _text: self.show_error(None))   # a fixed typo clears the error
            # The fields are never dead: typing a password means "set a password".
            field.textEdited.connect(self._typed_password)
        self.drive_list.currentItemChanged.connect(lambda *_: self.show_error(None))
        self.cancel_button.clicked.connect(self.reject)
        self.start_button.clicked.connect(self.start)
        self.drive_list.itemDoubleClicked.connect(lambda _item: self.start())
        self.refresh_drives(drives)
        self._update_password(False)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 34)
        self.resize(self.minimumWidth(), self.sizeHint().height())

    # --- drives -------------------------------------------------------------------------
    def refresh_drives(self, drives: list[Drive] | None = None) -> None:
        self._drives = list_removable_drives() if drives is None else list(drives)
        chosen = self.selected_folder()
        self.drive_list.clear()
        for drive in self._drives:
            item = QListWidgetItem(icons.icon("fa6b.usb"), drive.title)
            item.setData(Qt.UserRole, str(drive.path))
            self.drive_list.addItem(item)
        if not self._drives:
            hint = QListWidgetItem("没有找到U盘。请插上U盘后点“刷新”，或点“选择其他文件夹…”。")
            hint.setFlags(Qt.NoItemFlags)
            self.drive_list.addItem(hint)
        if chosen is not None and not any(Path(d.path) == chosen for d in self._drives):
            self.add_folder(chosen)
        elif self._drives:
            self.drive_list.setCurrentRow(0)

    def add_folder(self, folder: Path) -> None:
        # Once a folder is chosen, the "没有找到U盘" hint above it only confuses.
        for row in reversed(range(self.drive_list.count())):
            if self.drive_list.item(row).data(Qt.UserRole) is None:
                self.drive_list.takeItem(row)
        for row in range(self.drive_list.count()):
            if self.drive_list.item(row).data(Qt.UserRole) == str(folder):
                self.drive_list.setCurrentRow(row)
                return
        item = QListWidgetItem(icons.icon("fa6s.folder"), str(folder))
        item.setData(Qt.UserRole, str(folder))
        self.drive_list.addItem(item)
        self.drive_list.setCurrentItem(item)

    def choose_folder(self) -> None:
        folder = file_dialogs.choose_folder(self, file_dialogs.BACKUP, "选择存放备份的文件夹")
        if folder is not None:
            self.add_folder(folder)

    def selected_folder(self) -> Path | None:
        item = self.drive_list.currentItem()
        if item is None or not item.data(Qt.UserRole):
            return None
        return Path(item.data(Qt.UserRole))

    # --- password -----------------------------------------------------------------------
    def _update_password(self, on: bool) -> None:
        # The fields stay enabled: a user who clicks into 密码 and types without ticking the box
        # first gets the box ticked, not a field that silently ignores the keys.
        self.warning.setVisible(on)
        self.show_error(None)
        if not on:
            self.password1.clear()
            self.password2.clear()
        elif not (self.password1.hasFocus() or self.password2.hasFocus()):
            self.password1.setFocus()

    def _typed_password(self, text: str) -> None:
        if text and not self.use_password.isChecked():
            self.use_password.setChecked(True)

    def show_error(self, text: str | None) -> None:
        """The problem under the fields. The window grows (or shrinks) by its height, so that
        the drive list keeps its size and nothing above the message moves."""
        if text == (self.error.text() or None):
            return
        before = self.drive_list.height()
        self.error.show_problem(text)
        if not self.isVisible():       # shown again after a failure: room for the message at once
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        below = self.password2.geometry().bottom()        # the last field above the message
        self.layout().activate()
        change = before - self.drive_list.height()         # grows for a message, shrinks without one
        if change:
            self.resize(self.width(), self.height() + change)
            self.layout().activate()
        for _ in range(3):          # a squeezed row or spacing moved the fields too: grow until none did
            change = below - self.password2.geometry().bottom()
            if change <= 0:
                break
            self.resize(self.width(), self.height() + change)
            self.layout().activate()

    def show_failure(self, text: str) -> None:
        """The backup into the chosen place failed: say why and keep the choices and the
        password for another try (another stick or folder, or the same one again)."""
        self.show_error(text)

    def start(self) -> None:
        folder = self.selected_folder()
        if folder is None:
            self.show_error("请先选中一个U盘，或点“选择其他文件夹…”。")
            return
        password = None
        if self.use_password.isChecked():
            try:
                password = check_new_password(self.password1.text(), self.password2.text())
            except ValidationError as exc:
                self.show_error(str(exc))
                (self.password2 if "password2" in exc.problems else self.password1).setFocus()
                return
        self.folder = folder
        self.password = password
        self.on_removable = any(folder == Path(d.path) or Path(d.path) in folder.parents for d in self._drives)
        self.accept()


def describe_backup(info: BackupInfo) -> str:
    """What a backup holds, in plain lines."""
    lines = [
        f"支部：{info.branch or '（没有填写支部名称）'}",
        f"备份时间：{info.created_at.strftime('%Y-%m-%d %H:%M')}",
        f"党员：{info.members} 人（党员记录共 {info.member_records} 条，含已转出等）",
        f"活动记录：{info.activities} 条",
        f"做备份的程序版本：{info.program_version}",
        f"数据大小：{format_size(info.content_bytes)}",
    ]
    if info.reason:
        lines.insert(2, f"自动备份原因：{info.reason}")
    return "\n".join(lines)


class RestoreConfirmDialog(QDialog):
    """Shows what the verified backup holds; 取消 is the default."""

    def __init__(self, parent, info: BackupInfo, backup_path: Path):
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        ok = QLabel("这份备份检查完好。它的内容：", self)
        layout.addWidget(ok)
        details = QLabel(describe_backup(info), self)
        details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        details.setStyleSheet("padding: 8px 12px; background: #F7F4F1; border: 1px solid #E2DDD8;")
        layout.addWidget(details)
        file_label = QLabel(f"文件：{backup_path}", self)
        file_label.setProperty("role", "hint")
        file_label.setWordWrap(True)
        layout.addWidget(file_label)
        question = QLabel(
            "恢复后，程序里现在的数据会被这份备份替换。\n"
            "现在的数据会先另存一份（在“本机自动备份”里），需要时还能找回。\n"
            "确定要恢复吗？",
            self,
        )
        question.setWordWrap(True)
        layout.addWidget(question)
        buttons, self.cancel_button, self.restore_button = button_row(self, "恢复", safe_default=True)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self.accept)
        self.cancel_button.setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 30)


class PasswordDialog(QDialog):
    """Ask for the password of an encrypted backup (again after a wrong one)."""

    def __init__(self, parent, backup_path: Path, *, retry: bool = False):
        super().__init__(parent)
        self.setWindowTitle("输入备份密码")
        layout = QVBoxLayout(self)
        text = f"备份文件“{backup_path.name}”设置了密码，请输入备份时设的密码。"
        if retry:
            text = "密码不对，请再输入一次。注意大小写，以及输入法是否处在全角状态。"
        self.message = ErrorLabel(self) if retry else QLabel(text, self)
        if retry:
            self.message.show_problem(text)
        else:
            self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.Password)
        layout.addWidget(self.password)
        buttons, cancel, self.ok_button = button_row(self, "确定")
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.accept)
        self.resize(460, self.sizeHint().height())
