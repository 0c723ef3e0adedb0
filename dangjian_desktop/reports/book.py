"""A book made of whole documents (the 支部工作手册): a cover, a 目录 whose page numbers are where
each part really starts, and the parts one after another, numbered as one book.

Each part is the program's own document, made by its own builder exactly as it prints alone
(one page layout, its running header, portrait or landscape), but rendered under
:func:`~dangjian_desktop.reports.layout.book_pages`: its footer says the book's "第 N 页". A part
starts on a new page because it is a document of its own. The parts are laid out in order, so
each one's first page is known before it is made; the 目录 is laid out twice — once with
placeholder numbers to learn how many pages it takes (every line is one line high, so the
count does not depend on the numbers), once at the end with the real ones. The PDFs are then
joined page for page by PDFium (pypdfium2, already used for the preview).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, PageBreak

from dangjian_desktop.reports import page_images
from dangjian_desktop.reports.flowables import fit_line
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.page import META_SIZE, TABLE_SIZE, book_pages

ProgressFn = Callable[[int, int, str], None]
CONTENTS_TITLE = "目　录"
CHINESE_NUMBERS = "一二三四五六七八九十"


def part_number(index: int) -> str:
    """一、二、… 十一、 for the parts of the 目录 (1-based)."""
    if index <= 10:
        return CHINESE_NUMBERS[index - 1]
    tens, ones = divmod(index, 10)
    return f"{CHINESE_NUMBERS[tens - 1] if tens > 1 else ''}十{CHINESE_NUMBERS[ones - 1] if ones else ''}"


# --- what a book is made of --------------------------------------------------------------------

@dataclass
class Piece:
    """One document of the book, made when its first page is known.

    ``label``: its line in the 目录 (None: no line of its own — a meeting's scanned sign-in
    sheets follow its minutes); ``level`` 0 a part, 1 an item in it (a meeting); ``make``
    renders it (None: the entry only names where the next piece starts, as 会议记录 names
    the first meeting); ``what`` the progress text."""

    label: str | None
    make: Callable[[ProgressFn | None], RenderedReport] | None
    level: int = 0
    what: str = ""
    first_page: int | None = None     # set by make_book before ``make`` runs


@dataclass(frozen=True)
class Entry:
    label: str
    level: int
    page: int            # the book's page the entry starts on (the cover is page 1)


@dataclass
class Book:
    report: RenderedReport
    entries: list[Entry] = field(default_factory=list)
    parts: list[tuple[str, int, int]] = field(default_factory=list)    # (progress text, first page, pages)


# --- the 目录 ----------------------------------------------------------------------------------

class ContentsLine(Flowable):
    """One line of the 目录: the entry on the left, its page number on the right, dots between.
    Always exactly one line high (a long entry is shortened), so the 目录's page count does not
    depend on the numbers in it."""

    def __init__(self, label: str, page: str, font: str, size: float, indent: float):
        super().__init__()
        self.label, self.page, self.font, self.size, self.indent = label, page, font, size, indent
        self.height = size * 1.9

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        number_room = stringWidth("0000", self.font, self.size)
        room = self.width - self.indent - number_room - 3 * self.size
        label = fit_line(self.label, room, self.font, self.size)
        baseline = self.height * 0.3
        canvas.setFont(self.font, self.size)
        canvas.drawString(self.indent, baseline, label)
        canvas.drawRightString(self.width, baseline, self.page)
        start = self.indent + stringWidth(label, self.font, self.size) + self.size * 0.5
        end = self.width - stringWidth(self.page, self.font, self.size) - self.size * 0.5
        dot = stringWidth("·", self.font, self.size)
        if end > start and dot > 0:
            dots = "·" * int((end - start) // dot)
            canvas.drawRightString(end, baseline, dots)


def contents_document(title: str, entries: Sequence[tuple[str, int, int | None]], running_left: str
                      ) -> ReportDocument:
    """The 目录: each (label, level, page) one line; page None prints a placeholder."""
    doc = ReportDocument(title, author="", subject=CONTENTS_TITLE, running_header=(running_left, ""))
    doc.add_title(CONTENTS_TITLE)
    doc.add_spacer(4)
    for label, level, page in entries:
        font = doc.fonts.title if level == 0 else doc.fonts.text
        size = META_SIZE if level == 0 else TABLE_SIZE
        doc.story.append(ContentsLine(label, "000" if page is None else str(page), font, size,
                                      indent=0 if level == 0 else 2 * META_SIZE))
    return doc


# --- a meeting's scanned sheets ----------------------------------------------------------------

SCAN_DPI = 150            # a scanned PDF page as a picture on the book's page: signatures legible


def scans_document(title: str, subtitle: str, running_left: str, images: Sequence[tuple[bytes, int, int, str]]
                   ) -> ReportDocument:
    """Scanned sheets (JPEG/PNG bytes, width, height, caption), one to a page, as large as the
    page allows under the title; empty bytes: a line saying the scan cannot be shown."""
    doc = ReportDocument(title, author="", subject=title, form=True, running_header=(running_left, ""))
    doc.add_title(title)
    doc.add_subtitle(subtitle)
    geo = doc.geometry
    box_width = geo.text_width
    box_height = geo.body_height - geo.header_height - 40 * mm     # under the title lines
    for index, (data, width, height, caption) in enumerate(images):
        if index:
            doc.story.append(PageBreak())
        if caption:
            doc.add_line(caption)
        if not data:          # a scan that cannot be shown (a damaged PDF): said, not skipped
            doc.add_line("（这份扫描件打不开，无法印在这里，请在程序的“活动”页面查看原文件。）")
            continue
        scale = min(box_width / max(width, 1), box_height / max(height, 1))
        doc.story.append(Image(BytesIO(data), width=width * scale, height=height * scale))
    return doc


def pdf_pages_as_images(pdf: bytes) -> list[tuple[bytes, int, int]]:
    """A scanned PDF's pages as JPEG pictures (so they sit on the book's own numbered pages)."""
    from PIL import Image as PILImage

    try:
        pages = list(page_images.render_pages(pdf, SCAN_DPI))
    except page_images._pdfium().PdfiumError:
        return []
    out = []
    for page in pages:
        picture = PILImage.frombuffer("RGB", (page.width, page.height), page.data, "raw", "RGB", page.stride, 1)
        buffer = BytesIO()
        picture.save(buffer, format="JPEG", quality=80)
        out.append((buffer.getvalue(), page.width, page.height))
    return out


# --- putting it together -----------------------------------------------------------------------

def join_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """The PDFs one after another, in one file (the first one's title and author kept)."""
    pdfium = page_images._pdfium()
    with page_images._lock:         # PDFium is not thread-safe (see page_images)
        book = pdfium.PdfDocument(pdfs[0])
        opened = [book]
        try:
            for pdf in pdfs[1:]:
                part = pdfium.PdfDocument(pdf)
                opened.append(part)
                book.import_pages(part)
            buffer = BytesIO()
            book.save(buffer)
        finally:
            for document in reversed(opened):
                document.close()
    return buffer.getvalue()


def make_book(title: str, cover: Callable[[], RenderedReport], contents_running_left: str,
              pieces: Sequence[Piece], *, progress: ProgressFn | None = None) -> Book:
    """The cover (page 1, no number), the 目录 from page 2, then ``pieces`` in order."""
    total = len([p for p in pieces if p.make is not None]) + 3
    done = 0

    def step(text: str) -> ProgressFn | None:
        nonlocal done
        done += 1
        if progress is None:
            return None
        progress(done, total, text)
        here = done
        return lambda page, _total, _text: progress(here, total, f"{text}（第 {page} 页）")

    step("正在排版封面和目录…")
    with book_pages(None):
        cover_report = cover()
    listed = [(p.label, p.level) for p in pieces if p.label is not None]
    with book_pages(2):
        placeholder = contents_document(title, [(label, level, None) for label, level in listed],
                                        contents_running_left).render()
    page = 2 + placeholder.pages
    reports: list[RenderedReport] = []
    entries: list[Entry] = []
    parts: list[tuple[str, int, int]] = []
    waiting: list[tuple[str, int]] = []       # entries naming where the next document starts
    for piece in pieces:
        if piece.label is not None:
            waiting.append((piece.label, piece.level))
        if piece.make is None:
            continue
        inner = step(piece.what or f"正在排版：{piece.label}…")
        piece.first_page = page
        with book_pages(page):
            report = piece.make(inner)
        entries.extend(Entry(label, level, page) for label, level in waiting)
        waiting = []
        parts.append((piece.what or piece.label or "", page, report.pages))
        reports.append(report)
        page += report.pages
    entries.extend(Entry(label, level, page) for label, level in waiting)    # nothing after them
    with book_pages(2):
        contents = contents_document(title, [(e.label, e.level, e.page) for e in entries],
                                     contents_running_left).render()
    if contents.pages != placeholder.pages:      # cannot happen: every line is one line high
        raise RuntimeError("the 目录 changed its page count")
    step("正在合成一个文件…")
    pdf = join_pdfs([cover_report.pdf, contents.pdf, *(r.pdf for r in reports)])
    missing = set(cover_report.missing) | set(contents.missing)
    for report in reports:
        missing |= set(report.missing)
    pages = 1 + contents.pages + sum(r.pages for r in reports)
    if progress is not None:
        progress(total, total, f"已完成，共 {pages} 页。")
    return Book(RenderedReport(title, pdf, pages, False, False, tuple(sorted(missing))), entries, parts)


def year_end_or(today: dt.date, year: int) -> dt.date:
    """The day a year's figures are counted on: its last day, or today in the year itself."""
    return min(dt.date(year, 12, 31), today)
