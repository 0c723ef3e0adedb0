"""The bar charts of the figures (党员队伍基本情况): one horizontal bar chart per band set —
age, education, 党龄 — drawn with reportlab.graphics, so that the printed page and the 统计 page
on screen show the same drawing (the screen renders :func:`charts_pdf` through PDFium, as the
print preview renders a document).

Plain charts, not decoration: a caption, each band's label on the left in the documents' 宋体,
a bar in one restrained colour whose length is the band's count, and the count written at the
bar's end; a band of nobody has no bar and says 0.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from dangjian_desktop import APP_NAME
from dangjian_desktop.reports.fonts import report_fonts

BAR_COLOR = colors.HexColor("#A8453A")     # a muted party red; prints as a mid grey in black and white
AXIS_COLOR = colors.HexColor("#555555")
CHART_WIDTH = 86 * mm                       # two charts side by side on a portrait A4 form
LABEL_SIZE = 10.5                          # 五号: the least any text is printed at
CAPTION_SIZE = 12
ROW_HEIGHT = 17.0                          # points per band
BAR_HEIGHT = 10.0
GAP = 4.0


def band_chart(caption: str, bands: dict[str, int], *, width: float = CHART_WIDTH) -> Drawing:
    """A horizontal bar chart of ``bands`` (label -> count) under ``caption``, ``width`` points wide."""
    fonts = report_fonts()
    labels = list(bands)
    label_width = max((stringWidth(label, fonts.table, LABEL_SIZE) for label in labels), default=0)
    number_width = stringWidth(str(max(bands.values(), default=0)), fonts.table, LABEL_SIZE) + GAP
    caption_height = CAPTION_SIZE * 1.6
    height = caption_height + ROW_HEIGHT * len(labels) + GAP
    drawing = Drawing(width, height)
    drawing.add(String(0, height - CAPTION_SIZE, caption, fontName=fonts.title, fontSize=CAPTION_SIZE))
    left = label_width + GAP
    room = max(width - left - number_width - GAP, 10.0)
    most = max(bands.values(), default=0)
    top = height - caption_height
    for row, label in enumerate(labels):
        count = bands[label]
        middle = top - ROW_HEIGHT * row - ROW_HEIGHT / 2
        baseline = middle - LABEL_SIZE * 0.35
        drawing.add(String(label_width, baseline, label, fontName=fonts.table, fontSize=LABEL_SIZE,
                           textAnchor="end"))
        length = room * count / most if most else 0.0
        if count:
            drawing.add(Rect(left, middle - BAR_HEIGHT / 2, length, BAR_HEIGHT, fillColor=BAR_COLOR,
                             strokeColor=None))
        drawing.add(String(left + length + GAP, baseline, str(count), fontName=fonts.table, fontSize=LABEL_SIZE))
    axis_bottom = top - ROW_HEIGHT * len(labels)
    drawing.add(Line(left, top, left, axis_bottom, strokeColor=AXIS_COLOR, strokeWidth=0.6))
    return drawing


def figure_charts(figures, *, width: float = CHART_WIDTH) -> list[Drawing]:
    """The charts of a :class:`~dangjian_desktop.core.stats.Figures`: 年龄, 学历, 党龄 (counts in 人)."""
    return [band_chart(f"{caption}（人）", bands, width=width) for caption, bands in figures.bands()]


def charts_pdf(drawings: list[Drawing]) -> bytes:
    """The drawings as a PDF of one page each, the page the drawing's size (for the screen).
    Off the GUI thread, call it under ``catalog.one_at_a_time()`` (reportlab's module state)."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    canvas.setCreator(APP_NAME)
    for drawing in drawings:
        canvas.setPageSize((drawing.width, drawing.height))
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
