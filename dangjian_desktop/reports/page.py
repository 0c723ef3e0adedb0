"""The page every printed document shares: A4 geometry, margins of documents and forms, type
sizes, and the canvas that numbers pages "第 x 页 共 y 页" once their count is known (with
stroked bold for a 黑体 face without a bold)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

# --- page geometry ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


DOCUMENT_MARGINS = Margins(37 * mm, 35 * mm, 28 * mm, 26 * mm)   # GB/T 9704 (公文: minutes)
FORM_MARGINS = Margins(15 * mm, 12 * mm, 20 * mm, 14 * mm)       # forms: binding room on the left
MARGIN_TOP, MARGIN_BOTTOM = DOCUMENT_MARGINS.top, DOCUMENT_MARGINS.bottom
MARGIN_LEFT, MARGIN_RIGHT = DOCUMENT_MARGINS.left, DOCUMENT_MARGINS.right
FOOTER_HEIGHT = 9 * mm          # the page number's band, at the bottom of the text area
FORM_FOOTER_HEIGHT = 7 * mm
HEADER_HEIGHT = 10 * mm         # a running header's band, at the top of the text area (pages 2 …)
FORM_HEADER_HEIGHT = 8 * mm
CONFIDENTIAL = "内部资料　注意保密"    # on every page of an unmasked list of people
# A number an item already starts with: 一、 1. 1、 （一） (1) ①
OWN_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、．.]|\d+[、．.)）]|[（(][一二三四五六七八九十\d]+[)）]|[①-⑳])\s*")

# --- type sizes (points; Chinese sizes in comments) ---------------------------------------------

TITLE_SIZE = 22                 # 二号: document title
HEADING_SIZE = 16               # 三号: headings
TEXT_SIZE = 16                  # 三号: running text
META_SIZE = 14                  # 四号: the line of facts under the title, signature lines
TABLE_SIZE = 12                 # 小四: table cells
SMALL_TABLE_SIZE = 10.5         # 五号: the least any text is printed at (wide tables)
FOOTER_SIZE = 12                # page number
META_LINES_MAX = 3              # a fact under the title longer than this many lines stands on its own
HEADER_SIZE = 10.5              # 五号: running header on continuation pages
WATERMARK_SIZE = 120            # a draft's mark across the page
DRAFT_MARK = "草稿"
WATERMARK_COLOR = colors.Color(0.55, 0.55, 0.55, alpha=0.22)

ALIGNMENTS = {"LEFT": TA_LEFT, "CENTER": TA_CENTER, "RIGHT": TA_RIGHT}


@dataclass(frozen=True)
class PageGeometry:
    landscape: bool = False
    form: bool = False

    @property
    def margins(self) -> Margins:
        return FORM_MARGINS if self.form else DOCUMENT_MARGINS

    @property
    def footer_height(self) -> float:
        return FORM_FOOTER_HEIGHT if self.form else FOOTER_HEIGHT

    @property
    def header_height(self) -> float:
        return FORM_HEADER_HEIGHT if self.form else HEADER_HEIGHT

    @property
    def size(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else A4

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def text_width(self) -> float:
        return self.width - self.margins.left - self.margins.right

    @property
    def body_height(self) -> float:
        """Height of the frame that holds the content (the page number band excluded)."""
        return self.height - self.margins.top - self.margins.bottom - self.footer_height


# --- numbering the pages ---------------------------------------------------------------------

class _StrokableText(PDFTextObject):
    """A text object that draws a stroked-bold font (fonts.StrokedBold) filled and outlined."""

    _stroke: tuple[float, str] | None = None

    def _formatText(self, text):
        font = pdfmetrics.getFont(self._fontname)
        prefix = ""
        if getattr(font, "synthetic_bold", False):
            fill = getattr(self._canvas, "_fillColorObj", None)
            rgb = fill.rgb() if hasattr(fill, "rgb") else (0, 0, 0)
            stroke = (round(self._fontsize * font.STROKE, 3), " ".join(f"{v:.3f}" for v in rgb))
            if stroke != self._stroke:
                prefix = f"2 Tr {stroke[0]} w {stroke[1]} RG "
                self._stroke = stroke
        elif self._stroke is not None:
            prefix = "0 Tr "
            self._stroke = None
        return prefix + super()._formatText(text)

    def getCode(self):
        if self._stroke is not None:
            self._code.append("0 Tr")
            self._stroke = None
        return super().getCode()


def numbered_canvas(draw_footer: Callable[[Canvas, int, int], None], result: dict):
    """A canvas class that draws "第 x 页 共 y 页" once the number of pages is known.

    Pages are kept as drawing states until the end (one layout pass, not two).
    """
    widths: dict[tuple[str, str, float], float] = {}

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._page_states: list[dict] = []

        def beginText(self, x=0, y=0, direction=None):
            return _StrokableText(self, x, y, direction=direction)

        # Plain strings are most of a table's text: draw them without reportlab's bidi/shaping
        # detour, and measure a centred string once per text (tables repeat 男, 汉族 …).
        def drawString(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None,
                       shaping=False):
            if mode is None and not charSpace and direction is None and not wordSpace and not shaping:
                t = self.beginText(x, y)
                t.textLine(text)
                self.drawText(t)
            else:
                super().drawString(x, y, text, mode, charSpace, direction, wordSpace, shaping)

        def drawCentredString(self, x, y, text, mode=None, charSpace=0, direction=None,
                              wordSpace=None, shaping=False):
            if mode is None and not charSpace and direction is None and not wordSpace and not shaping:
                key = (text, self._fontname, self._fontsize)
                width = widths.get(key)
                if width is None:
                    width = widths[key] = stringWidth(text, self._fontname, self._fontsize)
                self.drawString(x - 0.5 * width, y, text)
            else:
                super().drawCentredString(x, y, text, mode, charSpace, direction, wordSpace, shaping)

        def showPage(self):
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._page_states)
            for number, state in enumerate(self._page_states, start=1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                super().showPage()
            result["pages"] = total
            super().save()

    return NumberedCanvas


# --- a document printed as a part of a book ----------------------------------------------------

_book = threading.local()
UNNUMBERED = object()


@contextmanager
def book_pages(first: int | None):
    """Within the block, a document rendered on this thread is a part of a book (the 支部工作手册):
    its pages carry the book's numbers from ``first`` on — "第 N 页", not the part's own
    "第 x 页 共 y 页" — or no number at all when ``first`` is None (the cover)."""
    previous = getattr(_book, "first", UNNUMBERED)
    _book.first = first
    try:
        yield
    finally:
        if previous is UNNUMBERED:
            del _book.first
        else:
            _book.first = previous


def book_first_page():
    """The book's number of the first page of the document being rendered on this thread (None:
    unnumbered, the cover), or UNNUMBERED when it is not a part of a book."""
    return getattr(_book, "first", UNNUMBERED)
