"""The one page layout every printed document shares (STYLE.md #11).

A document module describes content — a title, a line of facts under it, headings, running
text, labelled fields, numbered lists, tables, signature lines, a closing block — on a
:class:`ReportDocument`; page size, margins, fonts, the repeated table header, "第 x 页 共 y 页",
a running header on continuation pages and the 草稿 mark of a draft live here only.

Documents (minutes) follow GB/T 9704: A4, margins 37 mm top, 28 mm left, 26 mm right, 35 mm
bottom, 黑体 title, 仿宋 text at 16 pt. Forms (rosters, lists, sign-in sheets, the plan) are not
公文: they have their own, still generous margins (:data:`page.FORM_MARGINS`, room to bind on the
left) and compact rows, so that a roster page holds two dozen members. Tables are in 宋体 at
12 pt (10.5 pt, 五号, at the least). Everything, the page number included, is drawn inside the
margins. Every page after the first carries a running header (what the document is, and the
group or month a table continues with: “第三党小组（续）”).

Running text is set by :class:`TextBlock` with the rules of Chinese line breaking (禁则) and
no line alone at a page's foot or head; a table's caption row never ends a page and its
closing lines never stand alone on the last one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from dangjian_desktop import APP_NAME
from dangjian_desktop.reports.flowables import KeepWithTail, RuledLines, SignatureLine, fit_line, spread_alignments
from dangjian_desktop.reports.fonts import FontSet, collecting_missing, report_fonts
from dangjian_desktop.reports.form_grid import form_grid
from dangjian_desktop.reports.page import (
    ALIGNMENTS,
    CONFIDENTIAL,
    DRAFT_MARK,
    FOOTER_SIZE,
    HEADER_SIZE,
    HEADING_SIZE,
    META_LINES_MAX,
    META_SIZE,
    OWN_NUMBER,
    TABLE_SIZE,
    TEXT_SIZE,
    TITLE_SIZE,
    UNNUMBERED,
    WATERMARK_COLOR,
    WATERMARK_SIZE,
    PageGeometry,
    book_first_page,
    numbered_canvas,
)
from dangjian_desktop.reports.tables import (
    Column,
    Row,
    build_table,
    continued_label,
    is_data_table,
)
from dangjian_desktop.reports.text_setting import TextBlock

# --- the document ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderedReport:
    """A finished document: the PDF bytes and what the program shows about it."""

    title: str
    pdf: bytes
    pages: int
    landscape: bool
    draft: bool = False           # marked 草稿 (minutes not yet finalised)
    missing: tuple[str, ...] = () # characters no font has: printed as □ (the caller says which)


class ReportDocument:
    """A printed document under construction.

    Content is appended in reading order; :meth:`render` lays it out and returns the PDF.
    """

    def __init__(self, title: str, *, landscape: bool = False, author: str = "", subject: str = "",
                 running_header: tuple[str, str] | None = None, draft: bool = False, form: bool = False,
                 confidential: bool = False):
        """``running_header``: (left, right) texts at the top of every page after the first, so
        a loose page still says what it belongs to (the right one gives way to the group or
        month a table continues with); ``draft``: a large light "草稿" lies across every page
        (minutes not yet finalised); ``form``: a form's margins and compact table rows;
        ``confidential``: "内部资料 注意保密" on every page (an unmasked list of people)."""
        self.title_text = title
        self.geometry = PageGeometry(landscape, form)
        self.form = form
        self.confidential = confidential
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
                  zip(parts, spread_alignments(len(parts)))]]
        style = self.styles["meta"]
        if any(cell.wrap(width / len(parts), self.geometry.body_height)[1] > META_LINES_MAX * style.leading
               for cell in cells[0]):
            # A fact too long to stand beside the others (a place stored before places had a
            # limit): the facts one under another, as text that may run over a page.
            for part in parts:
                self.story.append(self._text_block([(part, self.fonts.text)], style, align="JUSTIFY"))
            self.add_spacer(2)
            return
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
        if widest > self.geometry.text_width - 2 * TEXT_SIZE:
            # A line wider than the page (a long branch name): centred lines that may run over a page.
            for line in lines:
                self.story.append(self._text_block([(line, self.fonts.text)], self.styles["field"], align="CENTER"))
            return
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

    def add_table_under(self, heading: str, lines: Sequence[str], columns: Sequence[Column], rows: Sequence[Row],
                        *, keep_rows: int = 3, subheading: bool = False, **table_options):
        """A heading (a group, a quarter), lines under it (its leader …) and its table, started
        on a new page unless the heading, the lines, the table's header and its first
        ``keep_rows`` rows fit here: never a heading with one row at a page foot. A page the
        table goes on to says it continues under the heading's name (running header)."""
        mark = len(self.story)
        style = self.styles["subheading" if subheading else "heading"]
        if subheading:
            self.story.append(self._text_block([(heading, self.fonts.title)], style))
        else:
            self.story.append(Paragraph(escape(heading), style))
        for line in lines:
            self.add_line(line)
        table_options.setdefault("caption", heading)
        flowables = self.add_table(columns, rows, **table_options)
        geo = self.geometry
        needed = style.spaceBefore
        for flowable in self.story[mark:len(self.story) - len(flowables)]:
            needed += flowable.wrap(geo.text_width, geo.body_height)[1] + flowable.getSpaceAfter()
        first = next((f for f in flowables if is_data_table(f)), None)
        if first is not None:
            needed += sum(first._argH[:1 + keep_rows])
        # Rows taller than a page can hold with the heading (a long note): the heading starts a page.
        needed = min(needed, self._later_body_height() - 2)
        self.story.insert(mark, CondPageBreak(needed + 1))
        return flowables

    def add_form_grid(self, rows: Sequence[Sequence[str]], *, spans: dict[int, int] | None = None,
                      tall_rows: set[int] | frozenset = frozenset()) -> None:
        """A ruled grid of labels and values to fill in by hand (a blank 会议记录's 时间、地点 …):
        four columns, label / value / label / value; ``spans``: rows whose value runs from that
        column to the right edge; ``tall_rows``: rows with room for several names."""
        self.story.append(form_grid(self.fonts, self.geometry.text_width, self._later_body_height(), rows,
                                    spans or {}, tall_rows))

    def add_ruled_lines(self, pitch_mm: float, *, pages: int = 1, reserve_mm: float = 0) -> None:
        """Ruled lines for handwriting, to the foot of this page and over ``pages`` - 1 more;
        the last page keeps ``reserve_mm`` free for what follows (the signature lines), so it
        always shares that page with the lines."""
        self.story.append(RuledLines(pitch_mm * mm, pages, reserve_mm * mm))

    def add_numbered(self, items: Sequence[str], *, start: int = 1) -> None:
        """A numbered list (1． 2． …) whose long items wrap under their text, not the number."""
        style = self.styles["field"]
        for number, item in enumerate(items, start=start):
            item = OWN_NUMBER.sub("", item, count=1)      # "一、传达学习" is not numbered twice
            label = f"{number}．"
            indent = stringWidth(label, style.fontName, style.fontSize)
            self.story.append(self._text_block([(label + item, style.fontName)], style, left_indent=indent,
                                               first_indent=-indent, align="JUSTIFY"))

    @contextmanager
    def ending(self, *, tail_lines: int = 2):
        """What is added inside ``with doc.ending():`` (a summary, the signature lines) stays on
        one page with the end of what came before it — at least its last ``tail_lines`` lines
        or rows — so signature lines never stand alone on a last page that could be stapled to
        any record."""
        story, self.story = self.story, []
        try:
            yield
        finally:
            closing, self.story = self.story, story
            if closing:
                self.story.append(KeepWithTail(self._pull_tail(tail_lines) + closing))

    def _pull_tail(self, lines: int) -> list:
        """Take the end of the content off the story: the last ``lines`` lines of running text
        (a paragraph is split for it), or rows of a table, with the headings above them."""
        taken: list = []
        width, height = self.geometry.text_width, self.geometry.body_height
        while self.story and lines > 0:
            last = self.story.pop()
            if isinstance(last, TextBlock):
                last.wrap(width, height)
                count = len(last._lines or [])
                if count > lines + 1:
                    head, tail = last._part(last._lines[:-lines]), last._part(last._lines[-lines:])
                    self.story.append(head)
                    taken.insert(0, tail)
                    lines = 0
                    continue
                lines -= count
            elif is_data_table(last):
                lines -= max(len(last._cellvalues) - 1, 1)
            elif isinstance(last, (Paragraph, Table)):
                lines -= 1 if isinstance(last, Table) else 0     # a heading alone is not an end
            taken.insert(0, last)
        return taken

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
            cells.append(SignatureLine(Paragraph(escape(text), self.styles["meta"]), label_width, line,
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

    def add_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        *,
        font_size: float = TABLE_SIZE,
        min_row_height_mm: float | None = None,
        min_row_floor_mm: float | None = None,
        repeat_header: bool = True,
        fit_rows: Sequence[Row] | None = None,
        closing: Callable[[], None] | None = None,
        closing_keep_rows: int = 2,
        caption: str = "",
    ):
        """A ruled table whose header row repeats on every page it continues on.

        Cells are text; a cell too long for its column wraps (CJK line breaking) and the row
        grows, so nothing is ever cut. ``min_row_height_mm`` makes rows at least that tall
        (rows fit for ink on a sign-in sheet); ``min_row_floor_mm``: never less than this when
        a last page's rows are pulled back by tighter rows. ``fit_rows``: the rows the column widths are
        fitted to (default ``rows``); pass all rows of several tables to make them line up.

        ``closing``: a function adding what ends the table (a line of counts, signature
        lines) with this document's methods; it stays on the page of the table's last
        ``closing_keep_rows`` rows, so it never sits alone on a last page. ``caption``: the
        group the table lists, named by the running header of a page it continues on (a
        table of sections names the section instead). Returns the flowables added.
        """
        closing_flowables = None
        if closing is not None:
            story, self.story = self.story, []
            try:
                closing()
                closing_flowables = self.story
            finally:
                self.story = story
        geo = self.geometry
        rooms = None
        used = self._height_so_far()
        later = self._later_body_height()
        if used is not None and self.form:
            rooms = (geo.body_height - used, later)
        flowables = build_table(self.fonts, geo.text_width, geo.body_height, columns, rows, font_size,
                                min_row_height_mm, repeat_header, fit_rows, closing_flowables, closing_keep_rows,
                                compact=self.form, caption=caption, rooms=rooms, min_floor_mm=min_row_floor_mm,
                                page_room=later)
        self.story.extend(flowables)
        return flowables

    # -- output ----------------------------------------------------------------------------

    def render(self, progress: Callable[[int, int, str], None] | None = None) -> RenderedReport:
        """Lay out the content; returns the PDF (a document renders once).

        ``progress(done, total, text)`` is told each page as it is laid out (total 0: unknown).
        """
        if self._rendered is not None:
            return self._rendered
        geo = self.geometry
        m = geo.margins
        buffer = BytesIO()
        doc = BaseDocTemplate(
            buffer, pagesize=geo.size,
            leftMargin=m.left, rightMargin=m.right, topMargin=m.top, bottomMargin=m.bottom,
            title=self.title_text, author=self.author, subject=self.subject, creator=APP_NAME,
            initialFontName=self.fonts.table,
        )
        bottom = m.bottom + geo.footer_height
        frame = Frame(m.left, bottom, geo.text_width, geo.body_height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        if self.running_header:
            # The first page has the title; every later page gives up a band for the header.
            later = Frame(m.left, bottom, geo.text_width, geo.body_height - geo.header_height,
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
        draw_footer = self._draw_footer
        book_first = book_first_page()
        if book_first is not UNNUMBERED:
            def draw_footer(canvas: Canvas, number: int, _total: int) -> None:
                if book_first is not None:
                    self._draw_page_number(canvas, f"第 {book_first + number - 1} 页")
        with collecting_missing() as missing:
            doc.build(self._story_with_marks(), canvasmaker=numbered_canvas(draw_footer, result))
        self._rendered = RenderedReport(self.title_text, buffer.getvalue(), result.get("pages", 0), geo.landscape,
                                        self.draft, tuple(sorted(missing)))
        return self._rendered

    # -- internals -------------------------------------------------------------------------

    def _draw_footer(self, canvas: Canvas, number: int, total: int) -> None:
        self._draw_page_number(canvas, f"第 {number} 页 共 {total} 页")

    def _draw_page_number(self, canvas: Canvas, text: str) -> None:
        canvas.saveState()
        canvas.setFont(self.fonts.table, FOOTER_SIZE)
        # Baseline high enough that the descenders stay above the bottom margin.
        canvas.drawCentredString(self.geometry.width / 2, self.geometry.margins.bottom + 0.35 * FOOTER_SIZE, text)
        canvas.restoreState()

    def _draw_page_marks(self, canvas: Canvas, _doc) -> None:
        """Drawn when a page begins, under its content: the watermark."""
        if not self.watermark:
            return
        geo = self.geometry
        m = geo.margins
        canvas.saveState()
        canvas.setFillColor(WATERMARK_COLOR)
        canvas.setFont(self.fonts.hei, WATERMARK_SIZE)
        # Centred in the text area, turned 30°: the whole word stays inside the margins.
        cx = m.left + geo.text_width / 2
        cy = m.bottom + geo.footer_height + geo.body_height / 2
        canvas.translate(cx, cy)
        canvas.rotate(30)
        width = stringWidth(self.watermark, self.fonts.hei, WATERMARK_SIZE)
        canvas.drawString(-width / 2, -WATERMARK_SIZE * 0.35, self.watermark)
        canvas.restoreState()

    def _draw_later_page_marks(self, canvas: Canvas, doc) -> None:
        self._draw_page_marks(canvas, doc)
        left, right = self.running_header
        if self.confidential:
            left = f"{left}　{CONFIDENTIAL}"
        continued = continued_label(canvas)
        if continued:
            right = f"{continued}（续）"
        geo = self.geometry
        m = geo.margins
        top = geo.height - m.top
        baseline = top - HEADER_SIZE            # the cap of the text sits at the margin
        rule = top - geo.header_height + 2.5 * mm
        canvas.saveState()
        canvas.setFont(self.fonts.text, HEADER_SIZE)
        right_font = self.fonts.title if continued else self.fonts.text
        if continued:          # a long group name keeps its （续） and half the line at most
            name = fit_line(continued, geo.text_width / 2 - stringWidth("（续）", right_font, HEADER_SIZE),
                             right_font, HEADER_SIZE)
            right = f"{name}（续）"
        right = fit_line(right, geo.text_width / 2, right_font, HEADER_SIZE)
        room = geo.text_width - stringWidth(right, right_font, HEADER_SIZE) - 6 * mm
        canvas.drawString(m.left, baseline, fit_line(left, room, self.fonts.text, HEADER_SIZE))
        if right:
            canvas.setFont(right_font, HEADER_SIZE)
            canvas.drawRightString(geo.width - m.right, baseline, right)
        canvas.setLineWidth(0.6)
        canvas.line(m.left, rule, geo.width - m.right, rule)
        canvas.restoreState()

    def _story_with_marks(self) -> list:
        """The content, under "内部资料 注意保密" at the top right when the list is confidential."""
        if not self.confidential:
            return list(self.story)
        mark = self._text_block([(CONFIDENTIAL, self.fonts.title)], self._sized("meta", HEADER_SIZE), align="RIGHT")
        return [mark, *self.story]

    def _later_body_height(self) -> float:
        """The height content has on a page after the first (under its running header)."""
        geo = self.geometry
        return geo.body_height - (geo.header_height if self.running_header else 0)

    def _height_so_far(self) -> float | None:
        """How much of the first page the content so far takes, when it is only title lines
        that all fit there (then a table added now starts on the first page at that height)."""
        geo = self.geometry
        used = 0.0
        for index, flowable in enumerate(self._story_with_marks()):
            if isinstance(flowable, (CondPageBreak, KeepTogether, PageBreak)) or is_data_table(flowable):
                return None        # another table, or a break: not a plain first page
            _w, height = flowable.wrap(geo.text_width, geo.body_height)
            used += height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0)
            if used > geo.body_height:
                return None
        return used

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


def format_month(value) -> str:
    """1985.03: the year-and-month form printed forms use for dates (出生年月, 入党时间)."""
    return f"{value.year}.{value.month:02d}" if value else ""
