"""Showing a PDF's pages inside the program, and printing them through Qt's print dialog.

Both use the pictures PDFium draws of the same PDF (:mod:`dangjian_desktop.reports.page_images`),
so the preview looks exactly like the paper. Pages are drawn only when they scroll into view
and only a few are kept, so a 60-page roster costs no more memory than a 3-page one.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPixmap, QTransform
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from dangjian_desktop.reports import page_images

if TYPE_CHECKING:
    from dangjian_desktop.reports.layout import RenderedReport
from dangjian_desktop.ui.worker import run_with_progress

PAGE_GAP = 16                 # pixels between pages on screen
CACHE_PAGES = 12              # rendered pages kept for scrolling back
PRINT_DPI_LIMIT = 300


def qimage(page: page_images.PageImage) -> QImage:
    """A QImage owning a copy of the rendered RGB page."""
    return QImage(page.data, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()


class _PageSheet(QWidget):
    """One page of the preview: white paper with a thin edge, drawn when visible."""

    def __init__(self, view: PreviewView, number: int):
        super().__init__()
        self._view = view
        self.number = number
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(f"第 {number} 页")

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        rect = self.rect()
        pixmap = self._view.pixmap_for(self.number, rect.size())
        if pixmap is None:
            painter.fillRect(rect, Qt.GlobalColor.white)
        else:
            painter.drawPixmap(rect, pixmap)
        painter.setPen(QColor("#9A9A9A"))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()


class PreviewView(QScrollArea):
    """The pages of a PDF one under the other, as wide as the view (times the zoom)."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setStyleSheet("QScrollArea { background: #6E6E6E; } #previewPaper { background: #6E6E6E; }")
        self._holder = QWidget()
        self._holder.setObjectName("previewPaper")
        self._layout = QVBoxLayout(self._holder)
        self._layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self._layout.setSpacing(PAGE_GAP)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._holder)
        self._pdf: bytes | None = None
        self._sizes: list[tuple[float, float]] = []
        self._sheets: list[_PageSheet] = []
        self._cache: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()
        self.zoom = 1.0           # 1.0: the widest page fits the view's width

    # -- content ---------------------------------------------------------------------------

    def show_pdf(self, pdf: bytes, sizes: list[tuple[float, float]]) -> None:
        """Show a new document from its first page."""
        self.clear()
        self._pdf, self._sizes = pdf, list(sizes)
        for number in range(1, len(sizes) + 1):
            sheet = _PageSheet(self, number)
            self._sheets.append(sheet)
            self._layout.addWidget(sheet)
            # Shown now, not later: a widget added to a visible holder is shown only by a queued
            # call, and until then the layout leaves it out of the holder's size; the holder was
            # then sized to its margins alone (a tiny blank thumbnail) after a second document.
            sheet.show()
        self._relayout()
        self.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        for sheet in self._sheets:
            self._layout.removeWidget(sheet)
            sheet.hide()              # not drawn over the next document until it is deleted
            sheet.deleteLater()
        self._sheets.clear()
        self._cache.clear()
        self._pdf, self._sizes = None, []
        self._holder.adjustSize()

    def page_count(self) -> int:
        return len(self._sheets)

    def sheet(self, number: int) -> _PageSheet:
        return self._sheets[number - 1]

    # -- zoom ------------------------------------------------------------------------------

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.3, min(4.0, zoom))
        self._relayout()
        self.zoom_changed.emit(self.zoom)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._relayout()

    def _points_to_pixels(self) -> float:
        if not self._sizes:
            return 1.0
        widest = max(w for w, _h in self._sizes)
        room = max(200, self.viewport().width() - 2 * PAGE_GAP - 2)
        return room / widest * self.zoom

    def _relayout(self) -> None:
        scale = self._points_to_pixels()
        for sheet, (w, h) in zip(self._sheets, self._sizes):
            sheet.setFixedSize(QSize(round(w * scale), round(h * scale)))
        self._holder.adjustSize()

    # -- drawing ---------------------------------------------------------------------------

    def pixmap_for(self, number: int, size: QSize) -> QPixmap | None:
        """The page drawn at ``size`` (device pixels for sharp text), from the cache or fresh."""
        if self._pdf is None:
            return None
        ratio = self.devicePixelRatioF()
        key = (number, round(size.width() * ratio))
        pixmap = self._cache.get(key)
        if pixmap is not None:
            self._cache.move_to_end(key)
            return pixmap
        width_pt = self._sizes[number - 1][0]
        dpi = size.width() * ratio / width_pt * 72.0
        page = next(page_images.render_pages(self._pdf, dpi, [number]), None)
        if page is None:
            return None
        pixmap = QPixmap.fromImage(qimage(page))
        pixmap.setDevicePixelRatio(ratio)
        self._cache[key] = pixmap
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        return pixmap


# --- printing ---------------------------------------------------------------------------------

def make_printer(report: RenderedReport) -> QPrinter:
    """A printer set up for the document: A4, its orientation, the whole sheet as canvas."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(report.title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if report.landscape else QPageLayout.Orientation.Portrait
    )
    printer.setFullPage(True)   # the PDF carries its own margins
    return printer


def paint_pages(printer: QPrinter, pdf: bytes, numbers: list[int], progress=None) -> int:
    """Draw the given pages of ``pdf`` on ``printer``, one sheet each; returns pages printed.

    Each page is rendered at the printer's resolution (at most 300 dpi) and scaled onto the
    whole sheet, keeping its proportions. Safe in a worker thread (QPainter on a QPrinter).
    """
    dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
    painter = QPainter()
    if not painter.begin(printer):
        from dangjian_desktop.errors import UserError

        raise UserError("打印机没有准备好：请检查打印机是否打开、连接好，然后再试。")
    printed = 0
    try:
        for page in page_images.render_pages(pdf, dpi, numbers):
            if printed:
                printer.newPage()
            if progress:
                progress(printed, len(numbers), f"正在打印第 {page.number} 页…")
            sheet = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
            image = turned_to(qimage(page), sheet.size())
            target = _fit(image.size(), sheet)
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


def turned_to(image: QImage, sheet: QSize) -> QImage:
    """A landscape page on a portrait sheet (or the other way round) turned a quarter, so that it
    prints full size: a book mixes both (the 工作手册's 花名册 among its portrait pages)."""
    if (image.width() > image.height()) != (sheet.width() > sheet.height()) and image.width() != image.height():
        return image.transformed(QTransform().rotate(-90))     # its top towards the binding
    return image


def _fit(size: QSize, area: QRect) -> QRect:
    scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = area.x() + (area.width() - scaled.width()) // 2
    y = area.y() + (area.height() - scaled.height()) // 2
    return QRect(x, y, scaled.width(), scaled.height())


def chosen_pages(printer: QPrinter, total: int) -> list[int]:
    """The page numbers the print dialog asked for (all when no range was given)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), min(printer.toPage() or total, total)
        return list(range(first, last + 1))
    return list(range(1, total + 1))


def print_report(parent: QWidget, report: RenderedReport, on_printed=None):
    """Ask for a printer with Qt's print dialog, then print the document off the GUI thread.

    Returns the running operation (keep a reference until it is done), or None when the user
    cancelled the dialog.
    """
    printer = make_printer(report)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印{report.title}")
    dialog.setMinMax(1, max(1, report.pages))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    numbers = chosen_pages(printer, report.pages)
    return run_with_progress(
        parent, "正在打印…", lambda progress: paint_pages(printer, report.pdf, numbers, progress),
        on_printed or (lambda _count: None),
    )
