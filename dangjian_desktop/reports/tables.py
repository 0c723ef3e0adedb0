"""Tables: columns, section rows, column widths fitted to the cells, and the ruled table built
from them (split out of :mod:`dangjian_desktop.reports.layout`)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Table, TableStyle

from dangjian_desktop.reports.fonts import FontSet
from dangjian_desktop.reports.text_setting import wrap_text

CELL_PAD_X = 0.9 * mm
HEADER_FILL = colors.HexColor("#E8E8E8")
SECTION_FILL = colors.HexColor("#F3F3F3")
GRID_COLOR = colors.black


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


def build_table(fonts: FontSet, text_width: float, body_height: float, columns, rows, size, min_row_height_mm,
                repeat_header, fit_rows=None, closing=None, closing_keep_rows=2):
    """The table of ``ReportDocument.add_table``; ``text_width``/``body_height``: the page's text area."""
    f = fonts
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
    widths = fit_column_widths(columns, cell_widths, header_full, header_min, text_width, pad,
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
            height += flowable.wrap(total, body_height)[1]
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
