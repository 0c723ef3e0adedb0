"""A document on its own: its pages as they will print, with 打印 and 保存PDF.

Meetings print their papers from their own page (活动 → a meeting → 打印签到表 / 打印会议记录):
:func:`print_signin` and :func:`print_minutes` make the document off the GUI thread and open
a :class:`ReportDialog` showing it; the 报表 page shares :func:`ask_save_pdf`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.catalog import document_kind, generate, missing_characters_note, save_pdf
from dangjian_desktop.reports.page_images import page_sizes
from dangjian_desktop.ui import file_dialogs, icons
from dangjian_desktop.ui.fields import ErrorLabel
from dangjian_desktop.ui.print_preview import PreviewView, print_report
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import Operation, run_with_progress, show_error

if TYPE_CHECKING:
    from dangjian_desktop.reports.layout import RenderedReport

_running: set = set()   # operations kept alive until they finish


def keep(operation: Operation | None) -> None:
    """Hold a background operation until it is done (Qt would otherwise drop it)."""
    if operation is None:
        return
    _running.add(operation)
    operation.done.connect(lambda _result: _running.discard(operation))
    operation.error.connect(lambda _exc: _running.discard(operation))


def default_pdf_name(report: RenderedReport, masked: bool, today: dt.date | None = None, *,
                     day: dt.date | None = None) -> str:
    """The name offered when saving: the title and the date the document is of -- ``day``, a
    meeting's own date for its 签到表 and 会议记录 -- else the day it is made (a roster)."""
    day = day or today or dt.date.today()
    return f"{report.title}{'（打码）' if masked else ''}-{day.isoformat()}.pdf"


def document_day(params: dict) -> dt.date | None:
    """The date a document is of, from what it is made of: a meeting's date (else None)."""
    activity_id = params.get("activity_id")
    if activity_id is None:
        return None
    from dangjian_desktop.core.activities import get as get_activity

    return get_activity(activity_id).date


def describe(report: RenderedReport, masked: bool = False) -> str:
    """东坡村党支部党员花名册：共 4 页，A4 横向，已打码."""
    orientation = "横向" if report.landscape else "纵向"
    notes = "，草稿（未定稿）" if report.draft else ""
    notes += "，已打码" if masked else ""
    return f"{report.title}：共 {report.pages} 页，A4 {orientation}{notes}"


def save_report(parent: QWidget, report: RenderedReport, path: Path) -> Path | None:
    """Save as ``path``; a reason it could not be saved is shown, not raised."""
    try:
        saved = save_pdf(report.pdf, path)
    except UserError as exc:
        QMessageBox.warning(parent, "没有保存", str(exc))
        return None
    file_dialogs.remember(file_dialogs.REPORT, saved)   # offered again next time
    return saved


def ask_save_pdf(parent: QWidget, report: RenderedReport, masked: bool = False, *, day: dt.date | None = None,
                 today: dt.date | None = None) -> Path | None:
    """Ask where to save with the system's file dialog, then save; returns the file or None.
    ``day``: the date the document is of (a meeting's), for the name offered."""
    name = default_pdf_name(report, masked, today, day=day)
    chosen, _filter = file_dialogs.save_file(parent, file_dialogs.REPORT, "保存PDF", name, "PDF 文件 (*.pdf)")
    if chosen is None:
        return None
    path = str(chosen)
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    return save_report(parent, report, Path(path))


class ReportDialog(QDialog):
    """One document's pages, with 打印… (the main action), 保存PDF… and 关闭."""

    def __init__(self, report: RenderedReport, sizes: list[tuple[float, float]], parent: QWidget | None = None,
                 *, missing_note: str | None = None, day: dt.date | None = None):
        super().__init__(parent)
        self.report = report
        self.day = day              # the date the document is of (a meeting's): in the file name
        self.operation: Operation | None = None
        self.setWindowTitle(report.title)
        self.info_label = QLabel(describe(report))
        self.info_label.setWordWrap(True)
        self.message_label = QLabel("")
        self.message_label.setProperty("role", "hint")
        self.message_label.setWordWrap(True)
        self.missing_label = ErrorLabel(self)      # characters no font has: said before printing
        self.missing_label.show_problem(missing_note)
        self.zoom_out_button = QPushButton(icons.icon("fa6s.magnifying-glass-minus"), "缩小")
        self.zoom_in_button = QPushButton(icons.icon("fa6s.magnifying-glass-plus"), "放大")
        self.preview = PreviewView()
        self.preview.setAccessibleName("打印预览")
        self.save_button = QPushButton(icons.icon("fa6s.file-pdf"), "保存PDF…")
        self.save_button.setToolTip("把它保存成 PDF 文件，可以拷到U盘或发给别人")
        self.print_button = QPushButton(icons.icon("fa6s.print", color="white"), "打印…")
        self.print_button.setToolTip("选择打印机并打印（Ctrl+P）")
        mark_primary(self.print_button)
        self.print_button.setDefault(True)
        self.close_button = QPushButton("关闭")

        top = QHBoxLayout()
        top.addWidget(self.info_label, 1)
        top.addWidget(self.zoom_out_button)
        top.addWidget(self.zoom_in_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.preview, 1)
        layout.addLayout(bottom)

        self.zoom_in_button.clicked.connect(lambda: self.preview.set_zoom(self.preview.zoom * 1.25))
        self.zoom_out_button.clicked.connect(lambda: self.preview.set_zoom(self.preview.zoom / 1.25))
        self.save_button.clicked.connect(self.save_with_dialog)
        self.print_button.clicked.connect(self.print_now)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_now)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_with_dialog)

        side = max(16, round(self.fontMetrics().height() * 0.9))
        for button in (self.zoom_out_button, self.zoom_in_button, self.save_button, self.print_button):
            button.setIconSize(QSize(side, side))
        self._fit_to_screen()
        self.preview.show_pdf(report.pdf, sizes)

    def _fit_to_screen(self) -> None:
        """As tall as the screen allows (a page should be readable), never larger than it."""
        screen = (self.parentWidget().screen() if self.parentWidget() else None) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else None
        width, height = 900, 860
        if area is not None:
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(max(560, width), max(420, height))

    def print_now(self) -> None:
        report = self.report
        self.operation = print_report(self, report, lambda count: self.message_label.setText(
            f"已把“{report.title}”送到打印机，共 {count} 页。"))
        keep(self.operation)

    def save_with_dialog(self) -> Path | None:
        saved = ask_save_pdf(self, self.report, day=self.day)
        if saved is not None:
            self.message_label.setText(f"已保存：{saved}")
        return saved


def show_document(parent: QWidget, doc_key: str, *, mask: bool = False,
                  on_shown: Callable[[ReportDialog], None] | None = None, **params) -> Operation:
    """Make a document off the GUI thread, then show it in a :class:`ReportDialog`.

    ``params`` are what the document needs (``activity_id=12``, ``year=2026`` …). A reason it
    cannot be made (a meeting not held yet has no minutes) is shown in a message box.
    """
    kind = document_kind(doc_key)

    def make(progress):
        report = generate(doc_key, mask=mask, progress=progress, **params)
        return report, page_sizes(report.pdf), missing_characters_note(report), document_day(params)

    def done(result) -> None:
        report, sizes, note, day = result
        dialog = ReportDialog(report, sizes, parent, missing_note=note, day=day)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        if on_shown is not None:
            on_shown(dialog)

    operation = run_with_progress(parent, f"正在生成{kind.label}…", make, done,
                                  on_error=lambda exc: show_error(parent, exc, f"没有生成{kind.label}"))
    keep(operation)
    return operation


def print_signin(parent: QWidget, activity_id: int, **kwargs) -> Operation:
    """打印签到表: a meeting's sign-in sheet (before the meeting too), shown to print or save."""
    return show_document(parent, "signin", activity_id=activity_id, **kwargs)


def print_minutes(parent: QWidget, activity_id: int, revision_id: int | None = None, **kwargs) -> Operation:
    """打印会议记录: the current minutes (a draft is marked 草稿), or one earlier revision."""
    return show_document(parent, "minutes", activity_id=activity_id, revision_id=revision_id, **kwargs)
