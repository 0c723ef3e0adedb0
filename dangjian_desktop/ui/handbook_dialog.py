"""支部工作手册: choose the year, write its 年度工作总结, then save the whole book as a PDF or print it.

The summary is saved on 保存 (Ctrl+S) and before the book is made; closing the window or
choosing another year with text not saved asks first. The book is made off the GUI thread with
its progress shown part by part and meeting by meeting (reports.handbook).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import annual_summary
from dangjian_desktop.core.activity_lists import years_with_activities
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.catalog import missing_characters_note
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import DISCARD, SAVE, ask_unsaved
from dangjian_desktop.ui.fields import ErrorLabel
from dangjian_desktop.ui.print_preview import print_report
from dangjian_desktop.ui.report_dialog import ask_save_pdf, keep
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.undo import push_change
from dangjian_desktop.ui.worker import Operation, run_with_progress, show_error

TITLE = "支部工作手册"


def _make_book(year: int, progress):
    from dangjian_desktop.reports.catalog import generate

    return generate("handbook", year=year, progress=progress)


class HandbookDialog(QDialog):
    """The year, its summary, and 保存PDF… / 打印… of the year's book."""

    def __init__(self, year: int | None = None, parent: QWidget | None = None, *,
                 undo_stack: QUndoStack | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.undo_stack = undo_stack
        self.operation: Operation | None = None
        self.report = None                   # the last book made, with its year
        self._loaded_year: int | None = None
        self._saved_text = ""
        self.setWindowTitle(TITLE)

        intro = QLabel("把一年的基本情况、委员会、花名册、党小组、年度计划、每次会议记录、党费、发展党员、"
                       "民主评议、统计表和年度总结印成一本，有目录和连续的页码。")
        intro.setWordWrap(True)
        self.year_box = QComboBox()
        self.year_box.setAccessibleName("年份")
        years = sorted(set(years_with_activities()) | set(annual_summary.years()) | {self.today.year}, reverse=True)
        for value in years:
            self.year_box.addItem(f"{value}年", value)
        year_row = QHBoxLayout()
        year_label = QLabel("年份：")
        year_label.setBuddy(self.year_box)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year_box)
        year_row.addStretch(1)

        self.summary_label = QLabel("")
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setAccessibleName("年度工作总结")
        self.summary_edit.setPlaceholderText("在这里写本年度的工作总结：做了哪些工作、取得了什么成效、还有哪些不足、"
                                             "明年怎么做。写好后点“保存”，它会印在手册的最后一部分。")
        self.summary_label.setBuddy(self.summary_edit)
        self.error = ErrorLabel(self)
        self.message_label = QLabel("")
        self.message_label.setProperty("role", "hint")
        self.message_label.setWordWrap(True)

        self.save_button = QPushButton(icons.icon("fa6s.floppy-disk"), "保存")
        self.save_button.setToolTip("保存年度总结（Ctrl+S）")
        self.pdf_button = QPushButton(icons.icon("fa6s.file-pdf"), "保存PDF…")
        self.pdf_button.setToolTip("生成整本工作手册，保存成 PDF 文件")
        self.print_button = QPushButton(icons.icon("fa6s.print", color="white"), "打印…")
        self.print_button.setToolTip("生成整本工作手册并打印（Ctrl+P）")
        mark_primary(self.print_button)
        self.close_button = QPushButton("关闭")
        for button in (self.save_button, self.pdf_button, self.print_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(year_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.summary_edit, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save_summary)
        self.pdf_button.clicked.connect(lambda: self.make_book(self._save_book))
        self.print_button.clicked.connect(lambda: self.make_book(self._print_book))
        self.close_button.clicked.connect(self.close)
        self.summary_edit.textChanged.connect(self._update_state)
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_summary)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=lambda: self.make_book(self._print_book))

        index = self.year_box.findData(year if year is not None else self.today.year)
        self.year_box.setCurrentIndex(max(index, 0))
        self._load(self.year)
        self.resize(760, 620)

    # -- the year and its summary -----------------------------------------------------------

    @property
    def year(self) -> int:
        return int(self.year_box.currentData())

    @property
    def dirty(self) -> bool:
        return self.summary_edit.toPlainText().strip() != self._saved_text.strip()

    def _load(self, year: int) -> None:
        self._loaded_year = year
        self._saved_text = annual_summary.get(year)
        self.summary_label.setText(f"{year}年度工作总结（印在手册的最后一部分）：")
        self.summary_edit.setPlainText(self._saved_text)
        self.error.show_problem(None)
        self._update_state()

    def _update_state(self) -> None:
        self.save_button.setEnabled(self.dirty)
        if self.dirty:
            self.message_label.setText("年度总结还没保存。")
        elif self._saved_text:
            self.message_label.setText("年度总结已保存。")
        else:
            self.message_label.setText("")

    def _year_chosen(self, _index: int) -> None:
        if self._loaded_year is None or self.year == self._loaded_year:
            return
        if self.dirty and not self._settle_unsaved():
            self.year_box.blockSignals(True)
            self.year_box.setCurrentIndex(self.year_box.findData(self._loaded_year))
            self.year_box.blockSignals(False)
            return
        self._load(self.year)

    def _settle_unsaved(self) -> bool:
        """Ask about the summary not saved: True to go on (saved or let go), False to stay."""
        answer = ask_unsaved(self, f"{self._loaded_year}年度工作总结还没保存，要保存吗？")
        if answer == SAVE:
            return self.save_summary()
        return answer == DISCARD

    def save_summary(self) -> bool:
        """Save the summary of the year shown; True when it is saved (or nothing to save)."""
        if not self.dirty:
            return True
        year = self._loaded_year if self._loaded_year is not None else self.year
        try:
            change = annual_summary.put.undoable(year, self.summary_edit.toPlainText())
        except UserError as exc:
            self.error.show_problem(str(exc))
            return False
        if self.undo_stack is not None:
            push_change(self.undo_stack, change)
        self._saved_text = annual_summary.get(year)
        self.error.show_problem(None)
        self._update_state()
        return True

    # -- the book -----------------------------------------------------------------------------

    def make_book(self, then) -> Operation | None:
        """Save the summary, make the year's book off the GUI thread, then ``then(report)``."""
        if not self.save_summary():
            return None
        year = self.year
        self._set_busy(True)

        def done(report) -> None:
            self._set_busy(False)
            self.report = report
            note = missing_characters_note(report)
            self.error.show_problem(note)
            then(report)

        def failed(exc) -> None:
            self._set_busy(False)
            show_error(self, exc, f"没有生成{TITLE}")

        self.operation = run_with_progress(self, f"正在生成{year}年{TITLE}…", lambda p: _make_book(year, p), done,
                                           on_error=failed)
        keep(self.operation)
        return self.operation

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.pdf_button, self.print_button, self.year_box):
            widget.setEnabled(not busy)

    def _save_book(self, report) -> None:
        saved = ask_save_pdf(self, report, today=self.today)
        if saved is not None:
            self.message_label.setText(f"已保存：{saved}（共 {report.pages} 页）")

    def _print_book(self, report) -> None:
        operation = print_report(self, report, lambda count: self.message_label.setText(
            f"已把“{report.title}”送到打印机，共 {count} 页。"))
        keep(operation)

    # -- closing ------------------------------------------------------------------------------

    def reject(self) -> None:
        """关闭, Esc and the window's ✕ (QDialog's closeEvent rejects): asks first about a summary
        not saved; 取消 keeps the window open."""
        if self.dirty:
            if not self._settle_unsaved():
                return
            self.summary_edit.setPlainText(self._saved_text)     # let go: not asked again
        super().reject()


def open_handbook(parent: QWidget | None, year: int | None = None, *,
                  undo_stack: QUndoStack | None = None) -> HandbookDialog:
    """The 支部工作手册 window for ``year`` (default this year), shown without blocking the window;
    ``undo_stack``: the window's, so that Ctrl+Z there takes back a saved summary."""
    dialog = HandbookDialog(year, parent, undo_stack=undo_stack)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

