"""Small flowables of the shared layout: ruled lines to write on, a block kept with the end of
the record, a signature line, and the helpers that shorten and align one-line texts."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from dangjian_desktop.reports.page import META_SIZE


def fit_line(text: str, room: float, font: str, size: float) -> str:
    """``text`` shortened with "…" to fit ``room`` (a running header is one line)."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def spread_alignments(count: int) -> list[str]:
    if count == 1:
        return ["LEFT"]
    return ["LEFT"] + ["CENTER"] * (count - 2) + ["RIGHT"]


class RuledLines(Flowable):
    """Horizontal lines at a fixed pitch filling the rest of the page, then whole pages; the
    last page keeps ``reserve`` free."""

    def __init__(self, pitch: float, pages: int, reserve: float = 0.0):
        super().__init__()
        self.pitch, self.pages, self.reserve = pitch, pages, reserve

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        if self.pages > 1:
            self.height = availHeight + 1          # more than fits: split, one page at a time
            return self.width, self.height
        count = max(int((availHeight - self.reserve) // self.pitch), 2)
        self.height = count * self.pitch
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self.pages <= 1:
            return []
        here = RuledLines(self.pitch, 1)
        here.wrap(availWidth, availHeight)
        return [here, RuledLines(self.pitch, self.pages - 1, self.reserve)]

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor(colors.HexColor("#888888"))
        y = self.height
        while y > 0.5:
            y -= self.pitch
            canvas.line(0, y, self.width, y)


class KeepWithTail(KeepTogether):
    """KeepTogether that also counts the space above its first flowable (a heading's), so a
    block that only just fits is moved whole instead of being split at its last line."""

    def wrap(self, aW, aH):
        width, height = super().wrap(aW, aH)
        extra = (self._content[0].getSpaceBefore() if self._content else 0) + 2
        self._H += extra
        return width, height + extra


class SignatureLine(Table):
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
