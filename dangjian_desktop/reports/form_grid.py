"""The ruled grid of labels and values a blank form is filled in by hand with (a blank 会议记录's
时间、地点 …): four columns, label / value / label / value, a value too long for a page going on in
rows below that start with （接上行）."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from dangjian_desktop.reports.fonts import FontSet
from dangjian_desktop.reports.page import META_SIZE
from dangjian_desktop.reports.tables import SAFETY, continued_rows
from dangjian_desktop.reports.text_setting import wrap_text


def form_grid(fonts: FontSet, text_width: float, page_room: float, rows: Sequence[Sequence[str]],
              spans: dict[int, int], tall_rows: set[int] | frozenset) -> Table:
    """``spans``: rows whose value runs from that column to the right edge; ``tall_rows``: rows with
    room for several names; ``page_room``: the height of a page's body (a row never taller)."""
    label_width = stringWidth("会议名称", fonts.title, META_SIZE) + 4 * mm
    value_width = (text_width - 2 * label_width) / 2
    widths = [label_width, value_width, label_width, value_width]
    leading, pad_x, pad_y = META_SIZE * 1.2, 6.0, 3.0

    def wrap(text: str, column: int, row_spans: int | None) -> list[str]:
        font = fonts.title if column in (0, 2) else fonts.text
        end = len(widths) if row_spans == column else column + 1
        room = sum(widths[column:end]) - pad_x        # the right padding may take a hair of text
        return [line for part in str(text).split("\n")
                for line in wrap_text(part, room, lambda t: stringWidth(t, font, META_SIZE))] if text else []

    # A value wraps in its cell; one too long for a page (a topic stored before topics had
    # a limit) goes on in rows below that start with （接上行）.
    data, heights, row_spans, tall = [], [], [], []
    for r, row in enumerate(rows):
        start = spans.get(r)
        cells = ["\n".join(wrap(text, c, start)) for c, text in enumerate(row)]
        pieces = continued_rows(cells, page_room - SAFETY - 2, leading, pad_y,
                                lambda text, c, start=start: wrap(text, c, start))
        for index, piece in enumerate(pieces):
            lines = max(1, max(len(cell.split("\n")) for cell in piece))
            base = (18 if r in tall_rows and index == 0 else 10) * mm
            data.append(piece)
            heights.append(max(base, lines * leading + 2 * pad_y))
            row_spans.append(start)
            tall.append(r in tall_rows or len(pieces) > 1)
    table = Table(data, colWidths=widths, rowHeights=heights, hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), fonts.text, META_SIZE, leading),
        ("FONT", (0, 0), (0, -1), fonts.title, META_SIZE, leading),
        ("FONT", (2, 0), (2, -1), fonts.title, META_SIZE, leading),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad_x), ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
        ("TOPPADDING", (0, 0), (-1, -1), pad_y), ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F3F3F3")),
    ]
    for r, (start, is_tall) in enumerate(zip(row_spans, tall)):
        if start is not None:
            commands.append(("SPAN", (start, r), (-1, r)))
        if is_tall:
            commands.append(("VALIGN", (1, r), (-1, r), "TOP"))
    table.setStyle(TableStyle(commands))
    return table

