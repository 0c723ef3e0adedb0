"""The 照片和附件 tab of the activity dialog: photos and sign-in sheet scans, shrunk and
stored with the data; save a copy or remove one (both on the undo history)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
)

from dangjian_desktop.core import attachments as attachment_ops
from dangjian_desktop.errors import UserError, os_error_text
from dangjian_desktop.ui import file_dialogs, icons
from dangjian_desktop.ui.activity_controls import ActivityTab, Apply, _button
from dangjian_desktop.ui.worker import run_with_progress, show_error


class AttachmentsTab(ActivityTab):
    def __init__(self, apply: Apply, parent=None):
        super().__init__(apply, parent)
        self.operation = None
        self.attachment_list = QListWidget(self)
        self.attachment_list.setViewMode(QListWidget.IconMode)
        self.attachment_list.setIconSize(QSize(160, 160))
        self.attachment_list.setResizeMode(QListWidget.Adjust)
        self.attachment_list.setSpacing(8)
        self.attachment_list.setWordWrap(True)
        self.add_photo_button = _button("fa6s.camera", "添加照片…", self)
        self.add_scan_button = _button("fa6s.file-image", "添加签到表扫描件…", self)
        self.save_attachment_button = _button("fa6s.download", "另存为…", self)
        self.remove_attachment_button = _button("fa6s.trash-can", "删除", self)
        buttons = QHBoxLayout()
        for b in (self.add_photo_button, self.add_scan_button, self.save_attachment_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_attachment_button)
        note = QLabel("照片会自动缩小后保存在数据里，备份时一起备份。", self)
        note.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.attachment_list, 1)
        layout.addLayout(buttons)
        self.add_photo_button.clicked.connect(lambda: self.add_attachment("照片"))
        self.add_scan_button.clicked.connect(lambda: self.add_attachment("签到表"))
        self.save_attachment_button.clicked.connect(self.save_attachment_as)
        self.remove_attachment_button.clicked.connect(self.remove_attachment)

    def load(self, activity) -> None:
        self.activity = activity
        self.attachment_list.clear()
        for a in attachment_ops.attachments(activity.id):
            thumb = attachment_ops.thumbnail(a.id)
            if thumb:
                pixmap = QPixmap()
                pixmap.loadFromData(thumb)
                icon = QIcon(pixmap)
            else:
                icon = icons.icon("fa6s.file-pdf", color="#555")
            item = QListWidgetItem(icon, f"{a.kind}\n{a.caption or a.filename}")
            item.setData(Qt.UserRole, a.id)
            item.setToolTip(f"{a.filename}，{a.size // 1024} KB")
            self.attachment_list.addItem(item)
        self.remove_attachment_button.setEnabled(activity.status != "finalized")

    def add_attachment(self, kind: str, paths: list[str] | None = None) -> None:
        if paths is None:
            paths = [str(p) for p in file_dialogs.open_files(
                self, file_dialogs.ATTACHMENT, "选择照片" if kind == "照片" else "选择扫描件",
                "图片或 PDF (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp *.pdf)")]
        if not paths:
            return
        def work(progress):   # shrinking photos takes a moment each: in the background, outside any transaction
            return attachment_ops.prepare_files(paths, kind=kind, progress=progress)

        self.operation = run_with_progress(self, "添加附件", work, self._store)

    def _store(self, prepared) -> None:
        ready, skipped = prepared
        activity_id = self.activity_id
        if ready:
            self.apply(lambda: attachment_ops.store_attachments.undoable(activity_id, ready))
        if skipped:
            QMessageBox.warning(self, "有的文件没有添加", "\n".join(skipped))

    def save_attachment_as(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        attachment_id = item.data(Qt.UserRole)
        record = next(a for a in attachment_ops.attachments(self.activity_id) if a.id == attachment_id)
        target, _ = file_dialogs.save_file(self, file_dialogs.ATTACHMENT, "另存为", record.filename, "所有文件 (*)")
        if not target:
            return
        try:
            Path(target).write_bytes(attachment_ops.attachment_data(attachment_id))
        except OSError as exc:
            show_error(self, UserError(f"无法保存到“{target}”：{os_error_text(exc)}。"))

    def remove_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(self, "删除附件", "将删除选中的照片或扫描件，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        attachment_id = item.data(Qt.UserRole)
        self.apply(lambda: attachment_ops.remove_attachment.undoable(attachment_id))
