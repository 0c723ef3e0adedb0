"""报表: choose a document, see its pages as they will print, print it or save it as PDF.

Generation runs off the GUI thread; the preview shows the PDF's own pages. The annual plan is
chosen with its year here; a meeting's 签到表 and 会议记录 are printed from the meeting itself
(ui.report_dialog.print_signin / print_minutes). :func:`print_document` goes straight to the
print dialog for any document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.reports.catalog import DOCUMENTS, document_kind, generate
from dangjian_desktop.reports.page_images import page_sizes
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.print_preview import PreviewView, print_report
from dangjian_desktop.ui.report_dialog import ask_save_pdf, default_pdf_name, describe, keep, save_report
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import error_text, run_with_progress

if TYPE_CHECKING:
    from dangjian_desktop.reports.layout import RenderedReport

__all__ = ["ReportsPage", "default_pdf_name", "print_document"]


def print_document(parent: QWidget, doc_key: str, *, mask: bool = False, **params) -> None:
    """Make a document off the GUI thread, then open the print dialog for it.

    ``params`` are what the document needs (``year=2026``, ``activity_id=12`` …).
    """
    kind = document_kind(doc_key)

    def make(progress):
        return generate(doc_key, mask=mask, progress=progress, **params)

    keep(run_with_progress(parent, f"正在生成{kind.label}…", make, lambda report: keep(print_report(parent, report))))


class ReportsPage(Page):

    key = "reports"
    nav_label = "报表"
    nav_icon = "fa6s.print"

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.report: RenderedReport | None = None
        self._report_masked = False
        self._request = 0
        self._operation = None
        self._made_for = None        # what the document shown (or being made) was made from

        layout = self.vbox(self)
        self.title_label = QLabel("报表")
        self.save_button = QPushButton(icons.icon("fa6s.file-pdf"), "保存PDF…")
        self.save_button.setToolTip("把这份报表保存成 PDF 文件，可以拷到U盘或发给别人")
        self.print_button = QPushButton(icons.icon("fa6s.print", color="white"), "打印…")
        self.print_button.setToolTip("选择打印机并打印（Ctrl+P）")
        mark_primary(self.print_button)
        self.notice_button = QPushButton(icons.icon("fa6s.bullhorn"), "写公示…")
        self.notice_button.setToolTip("党务公开：写一份要张贴的公示或通知，打印出来")
        self.notice_button.clicked.connect(self.write_notice)
        self.notice_dialog = None
        self.handbook_button = QPushButton(icons.icon("fa6s.book"), "工作手册…")
        self.handbook_button.setToolTip("支部工作手册：一年的花名册、计划、会议记录、党费、发展党员、民主评议、统计和年度总结，"
                                        "印成一本，目录页码自动排好")
        self.handbook_button.clicked.connect(self.open_handbook)
        layout.addLayout(self.header(self.title_label, self.handbook_button, self.notice_button, self.save_button,
                                     self.print_button))

        body = QHBoxLayout()
        body.setSpacing(14)
        layout.addLayout(body, 1)

        side = QVBoxLayout()
        side.setSpacing(8)
        choose = QLabel("选择要打印的报表：")
        side.addWidget(choose)
        self.documents = QListWidget()
        self.documents.setObjectName("reportList")
        self.documents.setAccessibleName("报表列表")
        for kind in DOCUMENTS.values():
            if not kind.on_reports_page:   # a meeting's papers are printed from the meeting
                continue
            item = QListWidgetItem(icons.icon("fa6s.file-lines"), kind.label)
            item.setData(Qt.ItemDataRole.UserRole, kind.key)
            item.setToolTip(kind.description)
            self.documents.addItem(item)
        self.documents.setMaximumWidth(300)
        self.documents.setStyleSheet("QListWidget#reportList::item { padding: 8px 4px; }")
        side.addWidget(self.documents, 1)
        self.year_label = QLabel("年份：")
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("年份")
        self.year_combo.setToolTip("打印哪一年的（工作计划、党费台账、党费公示）")
        year_row = QHBoxLayout()
        year_row.addWidget(self.year_label)
        year_row.addWidget(self.year_combo, 1)
        side.addLayout(year_row)
        self.description = QLabel("")
        self.description.setWordWrap(True)
        self.description.setProperty("role", "hint")
        self.description.setMaximumWidth(300)
        side.addWidget(self.description)
        self.mask_box = QCheckBox("打码")
        self.mask_box.setToolTip("例如 370124********4943、136****7354")
        side.addWidget(self.mask_box)
        self.mask_hint = QLabel("打码后身份证号、手机号只显示部分数字。张贴、分发的名单请打码。")
        self.mask_hint.setMaximumWidth(300)
        self.mask_hint.setProperty("role", "hint")
        self.mask_hint.setWordWrap(True)
        side.addWidget(self.mask_hint)
        self._fill_years()
        self._show_options(None)
        body.addLayout(side)

        right = QVBoxLayout()
        right.setSpacing(6)
        bar = QHBoxLayout()
        self.info_label = QLabel("")
        self.info_label.setWordWrap(True)   # a long title at 特大 must not push the buttons off
        self.info_label.setMinimumWidth(120)
        bar.addWidget(self.info_label, 1)
        self.zoom_out_button = QPushButton(icons.icon("fa6s.magnifying-glass-minus"), "缩小")
        self.zoom_in_button = QPushButton(icons.icon("fa6s.magnifying-glass-plus"), "放大")
        self.fit_button = QPushButton(icons.icon("fa6s.arrows-left-right"), "适合宽度")
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(button)
        right.addLayout(bar)
        self.stack = QStackedWidget()
        self.empty_label = QLabel("请在左边选择一种报表，这里会显示打印出来的样子。")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setProperty("role", "hint")
        self.preview = PreviewView()
        self.preview.setAccessibleName("打印预览")
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.preview)
        right.addWidget(self.stack, 1)
        body.addLayout(right, 1)

        self.documents.currentItemChanged.connect(lambda *_: self._generate())
        self.mask_box.toggled.connect(lambda _checked: self._generate())
        self.year_combo.currentIndexChanged.connect(lambda _index: self._generate())
        self.save_button.clicked.connect(self.save_with_dialog)
        self.print_button.clicked.connect(self.print_current)
        self.zoom_in_button.clicked.connect(lambda: self.preview.set_zoom(self.preview.zoom * 1.25))
        self.zoom_out_button.clicked.connect(lambda: self.preview.set_zoom(self.preview.zoom / 1.25))
        self.fit_button.clicked.connect(lambda: self.preview.set_zoom(1.0))
        self._show_empty("请在左边选择一种报表，这里会显示打印出来的样子。")
        self._fit_icons()

    def open_handbook(self) -> None:
        from dangjian_desktop.ui.handbook_dialog import open_handbook

        open_handbook(self, self.year_combo.currentData(), undo_stack=getattr(self.window(), "undo_stack", None))

    def write_notice(self) -> None:
        """The notice window; its text stays while the program runs (closing only hides it)."""
        from dangjian_desktop.ui.notice_dialog import NoticeDialog

        if self.notice_dialog is None:
            self.notice_dialog = NoticeDialog(self)
        self.notice_dialog.show()
        self.notice_dialog.raise_()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_icons()

    def _fit_icons(self) -> None:
        """Icons grow with the font size (标准 / 大 / 特大)."""
        side = max(16, round(self.fontMetrics().height() * 0.9))
        for button in (self.save_button, self.print_button, self.zoom_in_button, self.zoom_out_button,
                       self.fit_button):
            button.setIconSize(QSize(side, side))
        self.documents.setIconSize(QSize(side, side))

    # -- public ----------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def refresh(self) -> None:
        """Data may have changed: offer the years with activities, make the chosen document again
        (unless nothing was written since it was made: coming back to the page shows it at once)."""
        self._fill_years()
        if self.current_key() and self._request_for() != self._made_for:
            self._generate()

    def _request_for(self) -> tuple:
        """What the chosen document is made from: which one, its options, the day, the data."""
        from dangjian_desktop.db.connection import data_stamp

        key = self.current_key()
        kind = document_kind(key)
        params = {"year": self.chosen_year()} if "year" in kind.params else {}
        return key, self.mask_box.isChecked() and kind.maskable, tuple(params.items()), self.today, data_stamp()

    def set_year(self, year: int) -> None:
        """Choose the year of the annual plan (a year not offered yet is added)."""
        index = self.year_combo.findData(year)
        if index < 0:
            self._fill_years(extra=year)
            index = self.year_combo.findData(year)
        self.year_combo.setCurrentIndex(index)

    def chosen_year(self) -> int:
        return self.year_combo.currentData() or self.today.year

    def _fill_years(self, extra: int | None = None) -> None:
        """This year, next year and every year that has activities; keeps the choice."""
        from dangjian_desktop.core.activity_lists import years_with_activities

        years = set(years_with_activities())
        this_year = self.today.year
        years |= {this_year, this_year + 1}
        if extra is not None:
            years.add(extra)
        current = self.year_combo.currentData() or this_year
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in sorted(years):
            self.year_combo.addItem(f"{year} 年", year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(current)))
        self.year_combo.blockSignals(False)

    def _show_options(self, key: str | None) -> None:
        """The year chooser for the annual plan; masking for lists with ID numbers and phones."""
        kind = DOCUMENTS.get(key) if key else None
        wants_year = kind is not None and "year" in kind.params
        self.year_label.setVisible(wants_year)
        self.year_combo.setVisible(wants_year)
        maskable = kind is None or kind.maskable
        self.mask_box.setVisible(maskable)
        self.mask_hint.setVisible(maskable)

    def choose(self, key: str) -> None:
        """Select a document in the list (makes and shows it)."""
        for row in range(self.documents.count()):
            item = self.documents.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                self.documents.setCurrentItem(item)
                return
        raise KeyError(key)

    def current_key(self) -> str | None:
        item = self.documents.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def print_current(self) -> None:
        """Print the document on show (the 打印 button; the main window may bind Ctrl+P here)."""
        if self.report is None:
            self.status_message.emit("请先在左边选择要打印的报表。")
            return
        report = self.report
        keep(print_report(self, report, lambda count: self.status_message.emit(
            f"已把“{report.title}”送到打印机，共 {count} 页。")))

    def save_with_dialog(self) -> None:
        if self.report is None:
            return
        saved = ask_save_pdf(self, self.report, self._report_masked, today=self._today)
        if saved is not None:
            self.status_message.emit(f"已保存：{saved}")

    def save_to(self, path: Path) -> Path | None:
        """Save the document on show as ``path``; tells the user what happened."""
        if self.report is None:
            return None
        saved = save_report(self, self.report, path)
        if saved is not None:
            self.status_message.emit(f"已保存：{saved}")
        return saved

    # -- generation ------------------------------------------------------------------------

    def _generate(self) -> None:
        key = self.current_key()
        if key is None:
            return
        kind = document_kind(key)
        self.description.setText(kind.description)
        self._show_options(key)
        mask = self.mask_box.isChecked() and kind.maskable
        params = {"year": self.chosen_year()} if "year" in kind.params else {}
        self._request += 1
        request = self._request
        self._made_for = self._request_for()
        if self._operation is not None:
            self._operation.abandon()      # its document is no longer wanted: stop making it
        self._set_actions_enabled(False)
        self.info_label.setText(f"正在生成{kind.label}…")

        def make(progress):
            report = generate(key, mask=mask, today=self._today, progress=progress, **params)
            return report, page_sizes(report.pdf)

        def done(result) -> None:
            if request != self._request:
                return   # the user chose something else meanwhile
            report, sizes = result
            self._show(report, sizes, mask)

        def failed(exc: BaseException) -> None:
            if request != self._request:
                return
            self._made_for = None           # made again when the page is next shown
            self.report = None
            self._show_empty(error_text(exc))

        self._operation = run_with_progress(self, f"正在生成{kind.label}…", make, done, on_error=failed)

    def _show(self, report: RenderedReport, sizes: list[tuple[float, float]], masked: bool) -> None:
        self.report = report
        self._report_masked = masked
        self.preview.show_pdf(report.pdf, sizes)
        self.stack.setCurrentWidget(self.preview)
        self.info_label.setText(describe(report, masked))
        self._set_actions_enabled(True)

    def _show_empty(self, text: str) -> None:
        self.preview.clear()
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)
        self.info_label.setText("")
        self._set_actions_enabled(False)

    def _set_actions_enabled(self, enabled: bool) -> None:
        for widget in (self.save_button, self.print_button, self.zoom_in_button, self.zoom_out_button,
                       self.fit_button):
            widget.setEnabled(enabled)
