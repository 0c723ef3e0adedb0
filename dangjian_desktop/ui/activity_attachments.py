"""The 照片和附件 tab of the activity dialog: photos and sign-in sheet scans, shrunk and
stored with the data; save a copy or remove one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import attachments as attachment_ops
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import _button
from dangjian_desktop.ui.worker import run_with_progress, show_error


class AttachmentsSection:
    """Mixed into :class:`ActivityEditor`: builds, loads and acts on the attachments tab."""

    def _build_attachments(self) -> QWidget:
        page = QWidget(self)
        self.attachment_list = QListWidget(page)
        self.attachment_list.setViewMode(QListWidget.IconMode)
        self.attachment_list.setIconSize(QSize(160, 160))
        self.attachment_list.setResizeMode(QListWidget.Adjust)
        self.attachment_list.setSpacing(8)
        self.attachment_list.setWordWrap(True)
        self.add_photo_button = _button("fa6s.camera", "添加照片…", page)
        self.add_scan_button = _button("fa6s.file-image", "添加签到表扫描件…", page)
        self.save_attachment_button = _button("fa6s.download", "另存为…", page)
        self.remove_attachment_button = _button("fa6s.trash-can", "删除", page)
        buttons = QHBoxLayout()
        for b in (self.add_photo_button, self.add_scan_button, self.save_attachment_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_attachment_button)
        note = QLabel("照片会自动缩小后保存在数据里，备份时一起备份。", page)
        note.setProperty("role", "hint")
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.attachment_list, 1)
        layout.addLayout(buttons)
        self.add_photo_button.clicked.connect(lambda: self.add_attachment("照片"))
        self.add_scan_button.clicked.connect(lambda: self.add_attachment("签到表"))
        self.save_attachment_button.clicked.connect(self.save_attachment_as)
        self.remove_attachment_button.clicked.connect(self.remove_attachment)
        return page

    # --- attachments ------------------------------------------------------------------------------
    def _load_attachments(self) -> None:
        self.attachment_list.clear()
        for a in attachment_ops.attachments(self.activity_id):
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
        finalized = act.get(self.activity_id).status == "finalized"
        self.remove_attachment_button.setEnabled(not finalized)

    def add_attachment(self, kind: str, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self, "选择照片" if kind == "照片" else "选择扫描件", str(Path.home()),
                "图片或 PDF (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp *.pdf)")
        if not paths:
            return
        activity_id = self.activity_id

        def work(progress):
            for i, path in enumerate(paths):
                progress(i, len(paths), f"正在缩小并保存第 {i + 1} 张（共 {len(paths)} 张）…")
                attachment_ops.add_attachment_file(activity_id, path, kind=kind)
            return len(paths)

        def done(_count):
            self._load_attachments()
            self.changed.emit()

        self.operation = run_with_progress(self, "添加附件", work, done)

    def save_attachment_as(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        attachment_id = item.data(Qt.UserRole)
        record = next(a for a in attachment_ops.attachments(self.activity_id) if a.id == attachment_id)
        target, _ = QFileDialog.getSaveFileName(self, "另存为", str(Path.home() / record.filename))
        if not target:
            return
        try:
            Path(target).write_bytes(attachment_ops.attachment_data(attachment_id))
        except OSError as exc:
            show_error(self, UserError(f"无法保存到“{target}”：{exc.strerror or exc}。"))

    def remove_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(self, "删除附件", "将删除选中的照片或扫描件，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        try:
            attachment_ops.remove_attachment(item.data(Qt.UserRole))
        except UserError as exc:
            show_error(self, exc)
            return
        self._load_attachments()
        self.changed.emit()
