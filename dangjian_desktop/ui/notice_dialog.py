"""党务公开: the window where the branch writes a notice of its own and prints it (large on A4,
the branch, the date and the place for its seal; ID numbers and phones masked)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from dangjian_desktop.ui.activity_controls import CANCEL, DISCARD, SAVE, ask_unsaved
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel, limit_length


class NoticeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("党务公开：写一份公示")
        self.resize(760, 560)
        self.shown_text: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        note = NoteLabel(self)
        note.show_note("发展对象公示、党费收缴情况、民主评议结果在各自的页面打印；这里写其他要张贴的公示或通知。"
                       "文中的身份证号、手机号打印时会自动打码。")
        layout.addWidget(note)
        form = QFormLayout()
        self.title = QLineEdit(self)
        limit_length(self.title, 60)
        self.title.setPlaceholderText("如：关于召开党员大会的通知")
        self.body = QPlainTextEdit(self)
        self.body.setPlaceholderText("正文，一段一行")
        form.addRow("标题：", self.title)
        form.addRow("正文：", self.body)
        layout.addLayout(form, 1)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, cancel, self.preview_button = button_row(self, "预览并打印…", icon="fa6s.print")
        cancel.setText("关闭")
        layout.addLayout(buttons)
        cancel.clicked.connect(self.close)
        self.preview_button.clicked.connect(self.preview)

    def texts(self) -> tuple[str, str]:
        return self.title.text().strip(), self.body.toPlainText().strip()

    def preview(self) -> None:
        from dangjian_desktop.ui.report_dialog import show_document

        title, body = self.texts()
        if not title or not body:
            self.error.show_problem("请写好标题和正文。")
            return
        self.error.show_problem(None)
        self.shown_text = (title, body)
        show_document(self, "notice", title=title, body=body)

    def reject(self) -> None:
        """关闭, Esc and the window's close button all come here (QDialog's closeEvent calls it):
        text not yet previewed is asked about first."""
        title, body = self.texts()
        if (title or body) and self.shown_text != (title, body):
            answer = ask_unsaved(self, "写的公示还没有预览打印。")
            if answer == CANCEL:
                return
            if answer == SAVE:
                self.preview()
                return
            assert answer == DISCARD
        super().reject()
