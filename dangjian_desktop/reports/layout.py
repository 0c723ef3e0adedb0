"""The one page layout every printed document shares (STYLE.md #11).

A document module describes content — a title, a line of facts under it, headings, running
text, labelled fields, numbered lists, tables, signature lines, a closing block — on a
:class:`ReportDocument`; page size, margins, fonts, the repeated table header, "第 x 页 共 y 页",
a running header on continuation pages and the 草稿 mark of a draft live here only.

Layout after GB/T 9704: A4, margins 37 mm top, 28 mm left, 26 mm right, 35 mm bottom (the
same on a landscape page), 黑体 title, 仿宋 text at 16 pt, tables in 宋体 at 12 pt (10.5 pt,
五号, at the least). Everything, the page number included, is drawn inside the margins.

Running text is set by :class:`TextBlock` with the rules of Chinese line breaking (禁则) and
no line alone at a page's foot or head; a table's caption row never ends a page and its
closing lines never stand alone on the last one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from dangjian_desktop import APP_NAME
from dangjian_desktop.reports.fonts import FontSet, report_fonts

# --- page geometry ---------------------------------------------------------------------------

MARGIN_TOP = 37 * mm
MARGIN_BOTTOM = 35 * mm
MARGIN_LEFT = 28 * mm
MARGIN_RIGHT = 26 * mm
FOOTER_HEIGHT = 9 * mm          # the page number's band, at the bottom of the text area
HEADER_HEIGHT = 10 * mm         # a running header's band, at the top of the text area (pages 2 …)

# --- type sizes (points; Chinese sizes in comments) ---------------------------------------------

TITLE_SIZE = 22                 # 二号: document title
HEADING_SIZE = 16               # 三号: headings
TEXT_SIZE = 16                  # 三号: running text
META_SIZE = 14                  # 四号: the line of facts under the title, signature lines
TABLE_SIZE = 12                 # 小四: table cells
SMALL_TABLE_SIZE = 10.5         # 五号: the least any text is printed at (wide tables)
FOOTER_SIZE = 12                # page number
HEADER_SIZE = 10.5              # 五号: running header on continuation pages
WATERMARK_SIZE = 120            # a draft's mark across the page
DRAFT_MARK = "草稿"
WATERMARK_COLOR = colors.Color(0.55, 0.55, 0.55, alpha=0.22)

CELL_PAD_X = 0.9 * mm
HEADER_FILL = colors.HexColor("#E8E8E8")
SECTION_FILL = colors.HexColor("#F3F3F3")
GRID_COLOR = colors.black

ALIGNMENTS = {"LEFT": TA_LEFT, "CENTER": TA_CENTER, "RIGHT": TA_RIGHT}


@dataclass(frozen=True)
class PageGeometry:
    landscape: bool = False

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
        return self.width - MARGIN_LEFT - MARGIN_RIGHT

    @property
    def body_height(self) -> float:
        """Height of the frame that holds the content (the page number band excluded)."""
        return self.height - MARGIN_TOP - MARGIN_BOTTOM - FOOTER_HEIGHT


# --- tables ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A table column.

    ``grow`` > 0: the column takes a share of the spare width and wraps long text (addresses,
    notes, a blank signature cell); otherwise it is as wide as its widest cell. ``width_mm``
    fixes the width. ``min_mm`` is a lower bound for either kind. ``break_after``: where a
    cell too long for one line prefers to break ("务农/" then "东坡村4组29号").
    """

    label: str
    align: str = "CENTER"
    grow: float = 0.0
    min_mm: float = 0.0
    width_mm: float | None = None
    break_after: str = ""         # a text too long for one line breaks after this first (job/address)


@dataclass(frozen=True)
class Section:
    """A row spanning the whole table with a caption (一月, 第一季度, 第一党小组 …).

    A caption never ends a page: it stays on the page of the ``keep_rows`` rows after it.
    """

    text: str
    keep_rows: int = 1


Row = Sequence[object] | Section


class _Measure:
    """String widths with a cache: tables repeat the same few words (男, 汉族, 正式党员)."""

    def __init__(self, font: str, size: float):
        self.font, self.size = font, size
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        width = self._cache.get(text)
        if width is None:
            if "\n" in text:
                width = max(stringWidth(line, self.font, self.size) for line in text.split("\n"))
            else:
                width = stringWidth(text, self.font, self.size)
            self._cache[text] = width
        return width


def fit_column_widths(
    columns: Sequence[Column],
    cell_widths: Sequence[Sequence[float]],
    header_full: Sequence[float],
    header_min: Sequence[float],
    available: float,
    pad: float,
    char: float = 12.0,
) -> list[float]:
    """Column widths (points) that fill ``available`` exactly.

    ``cell_widths``: the text width of every cell, per column; ``header_full``/``header_min``:
    the header on one line / wrapped on two, padding included; ``pad``: a cell's horizontal
    padding; ``char``: the width of one Chinese character.

    A fixed column gets its widest cell. When the growing columns cannot all show their cells
    on one line, the spare width is split between them so that rows stay short and none is
    very tall (a wrapped address makes a row taller; a wrapped header costs one row). Width
    left over keeps headers on one line, then widens the growing columns.
    """
    count = len(columns)
    natural = [max(widths, default=0.0) + pad for widths in cell_widths]
    growing = [i for i, col in enumerate(columns) if col.grow > 0 and col.width_mm is None]
    base: list[float] = []
    for i, (col, nat, hmin) in enumerate(zip(columns, natural, header_min)):
        if col.width_mm is not None:
            base.append(col.width_mm * mm)
        elif i in growing:
            base.append(max(hmin, col.min_mm * mm, 6 * mm))
        else:
            base.append(max(nat, hmin, col.min_mm * mm))
    total = sum(base)
    if total >= available:
        scale = available / total
        return [w * scale for w in base]
    widths = list(base)
    spare = available - total

    wanted = sum(max(natural[i] - widths[i], 0.0) for i in growing)
    if growing and wanted > spare:
        for i, width in zip(growing, _split_for_fewest_lines(growing, widths, cell_widths, columns, spare, pad,
                                                                  char)):
            widths[i] = width
        return widths
    for i in growing:
        extra = max(natural[i] - widths[i], 0.0)
        widths[i] += extra
        spare -= extra
    fixed = [i for i in range(count) if i not in growing and columns[i].width_mm is None]
    for i in sorted(fixed, key=lambda i: header_full[i] - widths[i]):
        need = header_full[i] - widths[i]
        if 0 < need <= spare:
            widths[i] += need
            spare -= need
    receivers = growing or list(range(count))
    weight = sum(columns[i].grow or 1.0 for i in receivers)
    for i in receivers:
        widths[i] += spare * (columns[i].grow or 1.0) / weight
    return widths


def _split_for_fewest_lines(growing, widths, cell_widths, columns, spare, pad, char) -> list[float]:
    """Widths of the growing columns sharing ``spare`` so that the rows need the fewest lines.

    A row's cost is its number of lines squared: five rows of two lines read better than one
    row of five. One growing column takes everything; two are tried at 1 mm steps (ties go to
    the split nearest their weights); more share by weight.
    """
    starts = [widths[i] for i in growing]
    if len(growing) == 1:
        return [starts[0] + spare]
    weights = [columns[i].grow for i in growing]
    if len(growing) > 2:
        return [start + spare * w / sum(weights) for start, w in zip(starts, weights)]
    a, b = growing
    combos = Counter(zip(cell_widths[a], cell_widths[b]))

    def lines(text_width: float, width: float) -> int:
        room = width - pad
        if text_width <= room:
            return 1
        # Lines break between characters: on average half a character per line is lost.
        return math.ceil(text_width / max(room - char / 2, char))

    target = spare * weights[0] / sum(weights)
    best: tuple | None = None
    steps = int(spare // mm)
    for step in range(steps + 1):
        give = min(step * mm, spare)
        wa, wb = starts[0] + give, starts[1] + spare - give
        cost = sum(n * max(lines(ta, wa), lines(tb, wb)) ** 2 for (ta, tb), n in combos.items())
        key = (cost, abs(give - target))
        if best is None or key < best[0]:
            best = (key, [wa, wb])
    return best[1]


# --- the document ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderedReport:
    """A finished document: the PDF bytes and what the program shows about it."""

    title: str
    pdf: bytes
    pages: int
    landscape: bool
    draft: bool = False           # marked 草稿 (minutes not yet finalised)


def _numbered_canvas(draw_footer: Callable[[Canvas, int, int], None], result: dict):
    """A canvas class that draws "第 x 页 共 y 页" once the number of pages is known.

    Pages are kept as drawing states until the end (one layout pass, not two).
    """
    widths: dict[tuple[str, str, float], float] = {}

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._page_states: list[dict] = []

        # Plain strings are most of a table's text: draw them without reportlab's bidi/shaping
        # detour, and measure a centred string once per text (tables repeat 男, 汉族 …).
        def drawString(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None,  # noqa: N802
                       shaping=False):
            if mode is None and not charSpace and direction is None and not wordSpace and not shaping:
                t = self.beginText(x, y)
                t.textLine(text)
                self.drawText(t)
            else:
                super().drawString(x, y, text, mode, charSpace, direction, wordSpace, shaping)

        def drawCentredString(self, x, y, text, mode=None, charSpace=0, direction=None,  # noqa: N802
                              wordSpace=None, shaping=False):
            if mode is None and not charSpace and direction is None and not wordSpace and not shaping:
                key = (text, self._fontname, self._fontsize)
                width = widths.get(key)
                if width is None:
                    width = widths[key] = stringWidth(text, self._fontname, self._fontsize)
                self.drawString(x - 0.5 * width, y, text)
            else:
                super().drawCentredString(x, y, text, mode, charSpace, direction, wordSpace, shaping)

        def showPage(self):  # noqa: N802 (reportlab's name)
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


class ReportDocument:
    """A printed document under construction.

    Content is appended in reading order; :meth:`render` lays it out and returns the PDF.
    """

    def __init__(self, title: str, *, landscape: bool = False, author: str = "", subject: str = "",
                 running_header: tuple[str, str] | None = None, draft: bool = False):
        """``running_header``: (left, right) texts at the top of every page after the first, so
        a loose page still says what it belongs to; ``draft``: a large light "草稿" lies across
        every page (minutes not yet finalised)."""
        self.title_text = title
        self.geometry = PageGeometry(landscape)
        self.author = author
        self.subject = subject
        self.running_header = running_header
        self.draft = draft
        self.watermark = DRAFT_MARK if draft else ""
        self.fonts: FontSet = report_fonts()
        self.story: list = []
        self._rendered: RenderedReport | None = None
        f = self.fonts
        self.styles = {
            "title": ParagraphStyle("title", fontName=f.title, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.4,
                                    alignment=TA_CENTER, spaceAfter=3 * mm, wordWrap="CJK"),
            "heading": ParagraphStyle("heading", fontName=f.title, fontSize=HEADING_SIZE,
                                      leading=HEADING_SIZE * 1.5, spaceBefore=4 * mm, spaceAfter=1 * mm,
                                      wordWrap="CJK"),
            "text": ParagraphStyle("text", fontName=f.text, fontSize=TEXT_SIZE, leading=TEXT_SIZE * 1.75,
                                   firstLineIndent=2 * TEXT_SIZE, alignment=TA_JUSTIFY, wordWrap="CJK"),
            "field": ParagraphStyle("field", fontName=f.text, fontSize=TEXT_SIZE, leading=TEXT_SIZE * 1.75,
                                    wordWrap="CJK"),
            "meta": ParagraphStyle("meta", fontName=f.text, fontSize=META_SIZE, leading=META_SIZE * 1.5,
                                   wordWrap="CJK"),
            "subheading": ParagraphStyle("subheading", fontName=f.title, fontSize=TEXT_SIZE,
                                         leading=TEXT_SIZE * 1.75, wordWrap="CJK"),
            "subtitle": ParagraphStyle("subtitle", fontName=f.title, fontSize=HEADING_SIZE,
                                       leading=HEADING_SIZE * 1.5, alignment=TA_CENTER, spaceAfter=3 * mm,
                                       wordWrap="CJK"),
        }

    # -- content ---------------------------------------------------------------------------

    def add_title(self, text: str | None = None) -> None:
        """The document title, centred in 黑体."""
        self.story.append(Paragraph(escape(text or self.title_text), self.styles["title"]))

    def add_meta_line(self, *parts: str) -> None:
        """One line of facts under the title: the first part left, the last right, others between."""
        if not parts:
            return
        width = self.geometry.text_width
        cells = [[Paragraph(escape(p), self._aligned("meta", align)) for p, align in
                  zip(parts, _spread_alignments(len(parts)))]]
        table = Table(cells, colWidths=[width / len(parts)] * len(parts), hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.text, META_SIZE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]))
        self.story.append(table)

    def add_subtitle(self, text: str) -> None:
        """A second title line in 黑体 at heading size, centred (the meeting a sign-in sheet is for)."""
        self.story.append(Paragraph(escape(text), self.styles["subtitle"]))

    def add_line(self, text: str, *, align: str = "LEFT") -> None:
        """A short line at the size of the facts under the title (a group's leader and count)."""
        self.story.append(self._text_block([(text, self.fonts.text)], self.styles["meta"], align=align))

    def add_closing(self, lines: Sequence[str]) -> None:
        """Lines at the right under the content, as an official paper ends: the branch, the date.

        Each line is centred on the widest one, the block set against the right margin.
        """
        widest = max((stringWidth(line, self.fonts.text, TEXT_SIZE) for line in lines), default=0)
        width = min(self.geometry.text_width, widest + 2 * TEXT_SIZE)
        cells = [[Paragraph(escape(line), self._aligned("field", "CENTER"))] for line in lines]
        table = Table(cells, colWidths=[width], hAlign="RIGHT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.text, TEXT_SIZE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        self.story.append(table)

    def add_heading(self, text: str, *, keep_mm: float = 45) -> None:
        """A heading; starts a new page unless ``keep_mm`` of room is left for what follows.

        (Not reportlab's keepWithNext: that moves a whole long table to the next page.)
        """
        self.story.append(CondPageBreak(keep_mm * mm))
        self.story.append(Paragraph(escape(text), self.styles["heading"]))

    def add_subheading(self, text: str, *, keep_mm: float = 25) -> None:
        """A heading inside a part, in 黑体 at the size of running text: （一）传达学习."""
        self.story.append(CondPageBreak(keep_mm * mm))
        self.story.append(self._text_block([(text, self.fonts.title)], self.styles["subheading"]))

    def add_paragraph(self, text: str, *, indent: bool = True) -> None:
        """Running text in 仿宋; line breaks in ``text`` start new paragraphs."""
        style = self.styles["text"] if indent else self.styles["field"]
        for line in str(text).split("\n"):
            if line.strip():
                self.story.append(self._text_block([(line.strip(), style.fontName)], style,
                                                   first_indent=style.firstLineIndent, align="JUSTIFY"))

    def add_fields(self, pairs: Sequence[tuple[str, str | Sequence[str]]], *, hanging: bool = False,
                   size: float | None = None) -> None:
        """Labelled lines such as 时间：… 地点：… (the label in 黑体).

        A value is text, or a list of pieces of which those made :class:`Keep` never break
        across lines (the names in 出席人员：张三、李四 …). ``hanging``: a value too long for
        one line continues under the value, not under the label; ``size``: a smaller type
        than running text.
        """
        style = self.styles["field"] if size is None else self._sized("field", size)
        for label, value in pairs:
            pieces = [value] if isinstance(value, str) else list(value)
            runs = [(f"{label}：", self.fonts.title), (pieces, self.fonts.text)]
            indent = stringWidth(f"{label}：", self.fonts.title, style.fontSize) if hanging else 0.0
            self.story.append(self._text_block(runs, style, left_indent=indent, first_indent=-indent,
                                               align="JUSTIFY"))

    def add_numbered(self, items: Sequence[str], *, start: int = 1) -> None:
        """A numbered list (1． 2． …) whose long items wrap under their text, not the number."""
        style = self.styles["field"]
        for number, item in enumerate(items, start=start):
            label = f"{number}．"
            indent = stringWidth(label, style.fontName, style.fontSize)
            self.story.append(self._text_block([(label + item, style.fontName)], style, left_indent=indent,
                                               first_indent=-indent, align="JUSTIFY"))

    @contextmanager
    def kept_together(self):
        """What is added inside ``with doc.kept_together():`` goes to the next page as a whole
        rather than be split (a summary with the signature lines under it); content taller
        than a page is split as usual."""
        story, self.story = self.story, []
        try:
            yield
        finally:
            kept, self.story = self.story, story
            if kept:
                self.story.append(KeepTogether(kept))

    def add_keep_space(self, height_mm: float) -> None:
        """Start a new page unless ``height_mm`` of room is left (keeps a closing block whole)."""
        self.story.append(CondPageBreak(height_mm * mm))

    def add_signatures(self, labels: Sequence[str], *, line_mm: float = 40) -> None:
        """Signature lines side by side: 主持人（签字）：＿＿＿＿  记录人（签字）：＿＿＿＿."""
        cell_width = self.geometry.text_width / len(labels)
        cells = []
        for label in labels:
            text = f"{label}："
            label_width = stringWidth(text, self.fonts.text, META_SIZE)
            line = max(20 * mm, min(line_mm * mm, cell_width - label_width - 6 * mm))
            cells.append(_SignatureLine(Paragraph(escape(text), self.styles["meta"]), label_width, line,
                                        self.fonts.text))
        table = Table([cells], colWidths=[cell_width] * len(labels), rowHeights=[14 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.text, META_SIZE),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        self.story.append(table)

    def add_spacer(self, height_mm: float) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    def add_page_break(self) -> None:
        self.story.append(PageBreak())

    def add_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        *,
        font_size: float = TABLE_SIZE,
        min_row_height_mm: float | None = None,
        repeat_header: bool = True,
        fit_rows: Sequence[Row] | None = None,
        closing: Callable[[], None] | None = None,
        closing_keep_rows: int = 2,
    ) -> None:
        """A ruled table whose header row repeats on every page it continues on.

        Cells are text; a cell too long for its column wraps (CJK line breaking) and the row
        grows, so nothing is ever cut. ``min_row_height_mm`` makes rows at least that tall
        (rows fit for ink on a sign-in sheet). ``fit_rows``: the rows the column widths are
        fitted to (default ``rows``); pass all rows of several tables to make them line up.

        ``closing``: a function adding what ends the table (a line of counts, signature
        lines) with this document's methods; it stays on the page of the table's last
        ``closing_keep_rows`` rows, so it never sits alone on a last page.
        """
        closing_flowables = None
        if closing is not None:
            story, self.story = self.story, []
            try:
                closing()
                closing_flowables = self.story
            finally:
                self.story = story
        self.story.append(
            self._build_table(columns, rows, font_size, min_row_height_mm, repeat_header, fit_rows,
                              closing_flowables, closing_keep_rows)
        )

    # -- output ----------------------------------------------------------------------------

    def render(self, progress: Callable[[int, int, str], None] | None = None) -> RenderedReport:
        """Lay out the content; returns the PDF (a document renders once).

        ``progress(done, total, text)`` is told each page as it is laid out (total 0: unknown).
        """
        if self._rendered is not None:
            return self._rendered
        geo = self.geometry
        buffer = BytesIO()
        doc = BaseDocTemplate(
            buffer, pagesize=geo.size,
            leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            title=self.title_text, author=self.author, subject=self.subject, creator=APP_NAME,
            initialFontName=self.fonts.table,
        )
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM + FOOTER_HEIGHT, geo.text_width, geo.body_height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        if self.running_header:
            # The first page has the title; every later page gives up a band for the header.
            later = Frame(MARGIN_LEFT, MARGIN_BOTTOM + FOOTER_HEIGHT, geo.text_width, geo.body_height - HEADER_HEIGHT,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body-later")
            doc.addPageTemplates([
                PageTemplate(id="first", frames=[frame], onPage=self._draw_page_marks, autoNextPageTemplate="later"),
                PageTemplate(id="later", frames=[later], onPage=self._draw_later_page_marks),
            ])
        else:
            doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._draw_page_marks)])
        if progress is not None:
            doc.setProgressCallBack(
                lambda kind, value: progress(value, 0, f"正在排版第 {value} 页…") if kind == "PAGE" else None
            )
        result: dict = {}
        doc.build(self.story, canvasmaker=_numbered_canvas(self._draw_footer, result))
        self._rendered = RenderedReport(self.title_text, buffer.getvalue(), result.get("pages", 0), geo.landscape,
                                        self.draft)
        return self._rendered

    # -- internals -------------------------------------------------------------------------

    def _draw_footer(self, canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(self.fonts.table, FOOTER_SIZE)
        # Baseline high enough that the descenders stay above the bottom margin.
        canvas.drawCentredString(self.geometry.width / 2, MARGIN_BOTTOM + 0.35 * FOOTER_SIZE,
                                 f"第 {number} 页 共 {total} 页")
        canvas.restoreState()

    def _draw_page_marks(self, canvas: Canvas, _doc) -> None:
        """Drawn when a page begins, under its content: the watermark."""
        if not self.watermark:
            return
        geo = self.geometry
        canvas.saveState()
        canvas.setFillColor(WATERMARK_COLOR)
        canvas.setFont(self.fonts.title, WATERMARK_SIZE)
        # Centred in the text area, turned 30°: the whole word stays inside the margins.
        cx = MARGIN_LEFT + geo.text_width / 2
        cy = MARGIN_BOTTOM + FOOTER_HEIGHT + geo.body_height / 2
        canvas.translate(cx, cy)
        canvas.rotate(30)
        width = stringWidth(self.watermark, self.fonts.title, WATERMARK_SIZE)
        canvas.drawString(-width / 2, -WATERMARK_SIZE * 0.35, self.watermark)
        canvas.restoreState()

    def _draw_later_page_marks(self, canvas: Canvas, doc) -> None:
        self._draw_page_marks(canvas, doc)
        left, right = self.running_header
        geo = self.geometry
        top = geo.height - MARGIN_TOP
        baseline = top - HEADER_SIZE            # the cap of the text sits at the margin
        rule = top - HEADER_HEIGHT + 3 * mm
        canvas.saveState()
        canvas.setFont(self.fonts.text, HEADER_SIZE)
        room = geo.text_width - stringWidth(right, self.fonts.text, HEADER_SIZE) - 6 * mm
        canvas.drawString(MARGIN_LEFT, baseline, _fit_line(left, room, self.fonts.text, HEADER_SIZE))
        if right:
            canvas.drawRightString(geo.width - MARGIN_RIGHT, baseline, right)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_LEFT, rule, geo.width - MARGIN_RIGHT, rule)
        canvas.restoreState()

    def _text_block(self, runs, style: ParagraphStyle, *, left_indent: float = 0.0, first_indent: float = 0.0,
                    align: str = "LEFT") -> TextBlock:
        return TextBlock(runs, style.fontSize, style.leading, left_indent=left_indent, first_indent=first_indent,
                         align=align)

    def _sized(self, name: str, size: float) -> ParagraphStyle:
        key = f"{name}@{size}"
        style = self.styles.get(key)
        if style is None:
            base = self.styles[name]
            style = ParagraphStyle(key, parent=base, fontSize=size, leading=size * base.leading / base.fontSize)
            self.styles[key] = style
        return style

    def _aligned(self, name: str, align: str) -> ParagraphStyle:
        key = f"{name}:{align}"
        style = self.styles.get(key)
        if style is None:
            style = ParagraphStyle(key, parent=self.styles[name], alignment=ALIGNMENTS[align])
            self.styles[key] = style
        return style

    def _build_table(self, columns, rows, size, min_row_height_mm, repeat_header, fit_rows=None, closing=None,
                     closing_keep_rows=2):
        f = self.fonts
        leading = size * 1.3
        pad_y = max(2.5, size * 0.25)
        measure = _Measure(f.table, size)
        header_measure = _Measure(f.title, size)
        pad = 2 * CELL_PAD_X + 0.5  # a little slack against rounding in line breaking

        cell_widths: list[list[float]] = [[] for _ in columns]
        for row in rows if fit_rows is None else fit_rows:
            if isinstance(row, Section):
                continue
            for i, value in enumerate(row):
                cell_widths[i].append(measure(_text(value)))
        header_full = [header_measure(c.label) + pad for c in columns]
        header_min = [_header_min_width(c.label, header_measure) + pad for c in columns]
        widths = fit_column_widths(columns, cell_widths, header_full, header_min, self.geometry.text_width, pad,
                                   measure("国"))

        room = [w - 2 * CELL_PAD_X for w in widths]   # the 0.5 pt slack in pad stays as room

        # Every cell is plain text broken into lines here (a multi-line string draws far faster
        # than a Paragraph and breaks the same way), so every row's height is known in advance.
        header = []
        for i, c in enumerate(columns):
            text = c.label if header_full[i] <= widths[i] + 0.01 else _header_split(c.label)
            header.append("\n".join(
                line for part in text.split("\n") for line in wrap_text(part, room[i], header_measure)
            ))
        data: list[list[str]] = [header]
        body_pad = pad_y
        if min_row_height_mm:
            body_pad = max(pad_y, (min_row_height_mm * mm - leading) / 2)
        heights = [_line_count(header) * leading + 2 * pad_y]
        commands = [
            ("FONT", (0, 0), (-1, -1), f.table, size, leading),
            ("FONT", (0, 0), (-1, 0), f.title, size, leading),
            ("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOR),
            ("BOX", (0, 0), (-1, -1), 1.0, GRID_COLOR),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), pad_y), ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ]
        for i, col in enumerate(columns):
            commands.append(("ALIGN", (i, 1), (i, -1), col.align))
        full_room = sum(widths) - pad
        for row in rows:
            r = len(data)
            if isinstance(row, Section):
                text = "\n".join(wrap_text(row.text, full_room, header_measure))
                data.append([text] + [""] * (len(columns) - 1))
                heights.append(_line_count([text]) * leading + 2 * pad_y)
                commands += [
                    ("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), SECTION_FILL),
                    ("FONT", (0, r), (-1, r), f.title, size, leading), ("ALIGN", (0, r), (-1, r), "LEFT"),
                ]
                if row.keep_rows > 0 and r < len(rows):
                    commands.append(("NOSPLIT", (0, r), (-1, min(r + row.keep_rows, len(rows)))))
                continue
            cells = []
            for i, value in enumerate(row):
                text = _text(value)
                if "\n" in text or measure(text) > room[i]:
                    mark = columns[i].break_after
                    if mark and mark in text and "\n" not in text:
                        head, tail = text.split(mark, 1)
                        text = f"{head}{mark}\n{tail}"
                    text = "\n".join(
                        line for part in text.split("\n") for line in wrap_text(part, room[i], measure)
                    )
                cells.append(text)
            data.append(cells)
            heights.append(_line_count(cells) * leading + 2 * body_pad)
        if body_pad > pad_y:
            commands += [("TOPPADDING", (0, 1), (-1, -1), body_pad), ("BOTTOMPADDING", (0, 1), (-1, -1), body_pad)]
        if closing:
            # One last row without rules, spanning the table, holding the closing flowables;
            # it may not be separated from the rows above it.
            r = len(data)
            total = sum(widths)
            height = 0.0
            for flowable in closing:
                height += flowable.wrap(total, self.geometry.body_height)[1]
                height += flowable.getSpaceBefore() + flowable.getSpaceAfter()
            data.append([closing] + [""] * (len(columns) - 1))
            heights.append(height)
            for i, command in enumerate(commands):
                if command[0] in ("GRID", "BOX"):
                    commands[i] = (command[0], command[1], (-1, r - 1), *command[3:])
            commands += [
                ("SPAN", (0, r), (-1, r)),
                ("LEFTPADDING", (0, r), (-1, r), 0), ("RIGHTPADDING", (0, r), (-1, r), 0),
                ("TOPPADDING", (0, r), (-1, r), 0), ("BOTTOMPADDING", (0, r), (-1, r), 0),
                ("VALIGN", (0, r), (-1, r), "TOP"),
                ("NOSPLIT", (0, max(1, r - closing_keep_rows)), (-1, r)),
            ]
        table_class = LongTable if len(data) > 40 else Table
        table = table_class(data, colWidths=widths, rowHeights=heights, repeatRows=1 if repeat_header else 0,
                            hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table


def format_month(value) -> str:
    """1985.03: the year-and-month form printed forms use for dates (出生年月, 入党时间)."""
    return f"{value.year}.{value.month:02d}" if value else ""


# Chinese line breaking (禁则): these never start a line / never end one.
NO_LINE_START = set("，。、；：？！）》」』】〕”’…—·,.;:?!)]}%")
NO_LINE_END = set("（《「『【〔“‘([{")


def _tokens(text: str) -> list[str]:
    """Characters, except that runs of Latin letters and digits (13612347354, 29号's 29) stay whole."""
    tokens: list[str] = []
    run = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in ".-_@*"):
            run += ch
            continue
        if run:
            tokens.append(run)
            run = ""
        tokens.append(ch)
    if run:
        tokens.append(run)
    return tokens


def wrap_text(text: str, room: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``room`` (Chinese rules, numbers kept whole)."""
    if measure(text) <= room:
        return [text]
    lines: list[list[str]] = [[]]
    width = 0.0
    for token in _tokens(text):
        token_width = measure(token)
        line = lines[-1]
        if width + token_width <= room or not line:
            if token_width > room and len(token) > 1:   # longer than a whole line: split it
                for ch in token:
                    ch_width = measure(ch)
                    if width + ch_width > room and lines[-1]:
                        lines.append([])
                        width = 0.0
                    lines[-1].append(ch)
                    width += ch_width
                continue
            line.append(token)
            width += token_width
            continue
        carried: list[str] = []
        if token in NO_LINE_START and len(line) > 1:
            carried.append(line.pop())            # take the character before along
        while len(line) > 1 and line[-1] in NO_LINE_END:
            carried.insert(0, line.pop())         # an opening bracket moves down
        lines.append(carried + [token])
        width = sum(measure(t) for t in lines[-1])
    # No single character alone on the last line (孤字): one more comes down with it.
    if len(lines) > 1 and len(lines[-2]) > 3 and len(lines[-1]) == 1 and len(lines[-1][0]) == 1:
        moved = [lines[-2].pop()]
        while len(lines[-2]) > 2 and (moved[0] in NO_LINE_START or lines[-2][-1] in NO_LINE_END):
            moved.insert(0, lines[-2].pop())
        lines[-1] = moved + lines[-1]
    return ["".join(line) for line in lines if line]


class Keep(str):
    """Text a line never breaks inside (a person's name in a list of names)."""


class _Token(NamedTuple):
    text: str
    font: str
    width: float


_WIDTHS: dict[tuple[str, str, float], float] = {}


def _width(text: str, font: str, size: float) -> float:
    key = (text, font, size)
    width = _WIDTHS.get(key)
    if width is None:
        width = _WIDTHS[key] = stringWidth(text, font, size)
    return width


class _Line(NamedTuple):
    x: float                  # from the left edge of the frame
    tokens: tuple[_Token, ...]
    width: float              # natural width of the text
    room: float               # the width the line may fill
    last: bool                # the paragraph's last line: never stretched


class TextBlock(Flowable):
    """Running Chinese text broken by the rules of Chinese typesetting (禁则).

    reportlab's own CJK line breaking lets a full-width comma or semicolon start a line and
    pushes closing punctuation into the right margin. Here a line never starts with ，。、；：
    ）》 … (the character before moves down with it) nor ends with （《 …; runs of Latin
    letters and digits stay whole; lines are justified by spacing the characters evenly
    (the last line of a paragraph is not), and nothing goes past the margin. Several fonts may
    follow one another (a 黑体 label, then 仿宋 text). Splits across pages between lines.
    """

    def __init__(self, runs: Sequence[tuple[str, str]], size: float, leading: float, *, left_indent: float = 0.0,
                 first_indent: float = 0.0, align: str = "LEFT", lines: list[_Line] | None = None):
        super().__init__()
        self.runs = list(runs)
        self.size, self.leading = size, leading
        self.left_indent, self.first_indent = left_indent, first_indent
        self.align = align
        self._lines = lines            # given: a part of a split block, never broken again
        self._fixed = lines is not None
        self._broken_for: float | None = None

    # -- layout ------------------------------------------------------------------------------

    def _tokens(self) -> list[_Token]:
        out = []
        for text, font in self.runs:
            pieces = text if isinstance(text, list) else [text]
            for piece in pieces:
                if isinstance(piece, Keep):
                    out.append(_Token(str(piece), font, _width(str(piece), font, self.size)))
                else:
                    out += [_Token(token, font, _width(token, font, self.size)) for token in _tokens(piece)]
        return out

    def _break(self, avail: float) -> list[_Line]:
        first_x = max(0.0, self.left_indent + self.first_indent)
        rest_x = max(0.0, self.left_indent)
        rooms = (avail - first_x, avail - rest_x)
        lines: list[list[_Token]] = [[]]
        width = 0.0
        queue = self._tokens()
        queue.reverse()
        while queue:
            token = queue.pop()
            line = lines[-1]
            room = rooms[0] if len(lines) == 1 else rooms[1]
            if not line and token.text == " " and len(lines) > 1:
                continue                                   # no blank at the start of a line
            if width + token.width <= room + 0.01 or not line:
                if token.width > room + 0.01 and len(token.text) > 1:
                    # longer than a whole line (a long number): break it anywhere
                    queue.extend(reversed([_Token(ch, token.font, _width(ch, token.font, self.size))
                                           for ch in token.text]))
                    continue
                line.append(token)
                width += token.width
                continue
            if token.text == " ":
                lines.append([])
                width = 0.0
                continue
            carried: list[_Token] = []
            if token.text[0] in NO_LINE_START:
                # the character before goes down too (and any closing marks before it)
                while len(line) > 1 and (not carried or carried[0].text[0] in NO_LINE_START):
                    carried.insert(0, line.pop())
            while len(line) > 1 and line[-1].text[-1] in NO_LINE_END:
                carried.insert(0, line.pop())
            lines.append(carried + [token])
            width = sum(t.width for t in lines[-1])
        # No single character alone on a paragraph's last line (孤字): one more comes down.
        if len(lines) > 1 and len(lines[-2]) > 4:
            last = [t for t in lines[-1] if t.text[0] not in NO_LINE_START]
            if len(last) <= 1 and sum(len(t.text) for t in last) <= 1:
                moved = [lines[-2].pop()]
                while len(lines[-2]) > 2 and (moved[0].text[0] in NO_LINE_START or lines[-2][-1].text[-1] in NO_LINE_END):
                    moved.insert(0, lines[-2].pop())
                lines[-1] = moved + lines[-1]
        out = []
        for index, tokens in enumerate(lines):
            while tokens and tokens[-1].text == " ":
                tokens.pop()
            which = 0 if index == 0 else 1
            out.append(_Line((first_x, rest_x)[which], tuple(tokens), sum(t.width for t in tokens), rooms[which],
                             index == len(lines) - 1))
        return out

    def wrap(self, availWidth, availHeight):  # noqa: N802, N803 (reportlab's names)
        if not self._fixed and (self._lines is None or abs(self._broken_for - availWidth) > 0.01):
            self._lines = self._break(availWidth)
            self._broken_for = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N802, N803
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 0.01) // self.leading)
        count = len(self._lines)
        if fit >= count:
            return [self]
        # No line left alone at the foot or the head of a page (孤行): at least two lines
        # each side, else the paragraph starts on the next page.
        if count - fit == 1:
            fit -= 1
        if fit < 2:
            return []
        return [self._part(self._lines[:fit]), self._part(self._lines[fit:])]

    def _part(self, lines: list[_Line]) -> TextBlock:
        return TextBlock(self.runs, self.size, self.leading, left_indent=self.left_indent,
                         first_indent=self.first_indent, align=self.align, lines=lines)

    def text(self) -> str:
        """The text as broken into lines (for tests and debugging)."""
        return "\n".join("".join(t.text for t in line.tokens) for line in self._lines or [])

    # -- drawing -----------------------------------------------------------------------------

    def draw(self) -> None:
        canvas = self.canv
        y = self.height - self.size        # the first baseline, as reportlab's Paragraph sets it
        for line in self._lines:
            if line.tokens:
                self._draw_line(canvas, line, y)
            y -= self.leading

    def _draw_line(self, canvas, line: _Line, y: float) -> None:
        x = line.x
        spare = line.room - line.width
        char_space = 0.0
        if self.align == "CENTER":
            x += max(0.0, spare / 2)
        elif self.align == "RIGHT":
            x += max(0.0, spare)
        elif self.align == "JUSTIFY" and not line.last and spare > 0.01:
            gaps = sum(len(t.text) for t in line.tokens) - 1
            if gaps > 0 and spare / gaps <= 0.25 * self.size:
                char_space = spare / gaps
        text = canvas.beginText(x, y)
        if char_space:
            text.setCharSpace(char_space)
        font = None
        for token in line.tokens:
            if token.font != font:
                font = token.font
                text.setFont(font, self.size, self.leading)
            text.textOut(token.text)
        canvas.drawText(text)


def _fit_line(text: str, room: float, font: str, size: float) -> str:
    """``text`` shortened with "…" to fit ``room`` (a running header is one line)."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _header_split(label: str) -> str:
    """A header that must wrap breaks in the middle (出生/年月) or after a slash, not anywhere."""
    if len(label) <= 2 or "\n" in label:
        return label
    if "/" in label:
        head, tail = label.split("/", 1)
        return f"{head}/\n{tail}"
    half = math.ceil(len(label) / 2)
    return f"{label[:half]}\n{label[half:]}"


def _line_count(cells: Sequence[str]) -> int:
    return max(1, max((cell.count("\n") + 1 for cell in cells if cell), default=1))


def _header_min_width(label: str, measure: _Measure) -> float:
    """A header of three or more characters may wrap onto two lines."""
    if len(label) <= 2 or "\n" in label:
        return measure(label)
    if "/" in label:
        head, tail = label.split("/", 1)
        return max(measure(head + "/"), measure(tail))
    half = math.ceil(len(label) / 2)
    return max(measure(label[:half]), measure(label[half:]))


def _spread_alignments(count: int) -> list[str]:
    if count == 1:
        return ["LEFT"]
    return ["LEFT"] + ["CENTER"] * (count - 2) + ["RIGHT"]


class _SignatureLine(Table):
    """A label followed by an underlined blank to sign on."""

    def __init__(self, label: Paragraph, label_width: float, line_width: float, font: str):
        super().__init__([[label, ""]], colWidths=[label_width + 1, line_width], hAlign="LEFT")
        self.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), font, META_SIZE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LINEBELOW", (1, 0), (1, 0), 0.8, colors.black),
        ]))
