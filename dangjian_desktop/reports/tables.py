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
from reportlab.platypus import LongTable, PageBreak, Table, TableStyle

from dangjian_desktop.reports.fonts import FontSet
from dangjian_desktop.reports.text_setting import wrap_text

CELL_PAD_X = 0.9 * mm
CONTINUED_MARK = "（接上行）"   # first line of a cell whose text goes on from the row above
FIXED_SHARE = 0.25             # a column sized to its cells takes at most this part of the width …
FIXED_CHARS = 10               # … and at most this many Chinese characters (a longer cell wraps)
CHUNK_SHARE = 1 / 3            # a cell too tall for a page goes on in rows of at most this part of one
KEEP_SHARE = 0.5               # rows kept together (a caption and its first rows) take at most this part of a page
_CONTINUED = "_dj_continued"     # canvas attribute: what the table at the foot of the page goes on with
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

    A fixed column gets its widest cell, but at most :data:`FIXED_CHARS` characters and
    :data:`FIXED_SHARE` of ``available``: a longer cell (a name stored before names had a
    limit) wraps rather than take the room of the others. When the growing columns cannot
    all show their cells on one line, the spare width is split between them so that rows
    stay short and none is very tall (a wrapped address makes a row taller; a wrapped header
    costs one row). Width left over keeps headers on one line, then widens the growing columns.
    """
    count = len(columns)
    natural = [max(widths, default=0.0) + pad for widths in cell_widths]
    growing = [i for i, col in enumerate(columns) if col.grow > 0 and col.width_mm is None]
    cap = min(available * FIXED_SHARE, FIXED_CHARS * char + pad)
    natural = [n if i in growing else min(n, max(cap, header_min[i])) for i, n in enumerate(natural)]
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


def continued_label(canvas) -> str:
    """The group or month (a table's caption or section) that the last table drawn on the
    previous page continues with on this one; "" when it ended there."""
    return getattr(canvas, _CONTINUED, "") or ""


class _Continuing:
    """A table that knows, for each row, the caption in effect (its group, its month), and
    tells the canvas when a page ends inside one (the next page's running header says
    “第三党小组（续）”). reportlab splits a table into a head and a tail, each made with the
    table's own class, and calls ``onSplit`` with the head, then with the tail."""

    _dj_labels: tuple[str, ...] | list[str] = ()
    _dj_continues = False
    _dj_tail_next = False

    def onSplit(self, part, byRow=1):
        if not self._dj_tail_next:                        # the head: ends inside a caption?
            n = len(part._cellvalues)
            part._dj_labels = self._dj_labels[:n]
            part._dj_continues = n < len(self._dj_labels) and self._dj_labels[n] == self._dj_labels[n - 1]
        else:                                             # the tail: repeated header + the rest
            repeat = part.repeatRows if isinstance(part.repeatRows, int) else len(part.repeatRows)
            rest = len(part._cellvalues) - repeat
            part._dj_labels = self._dj_labels[:repeat] + self._dj_labels[len(self._cellvalues) - rest:]
            part._dj_continues = self._dj_continues      # a page's own table that overran: still goes on
        self._dj_tail_next = not self._dj_tail_next

    def draw(self):
        super().draw()
        label = self._dj_labels[-1] if self._dj_continues and self._dj_labels else ""
        setattr(self.canv, _CONTINUED, label)


def is_data_table(flowable) -> bool:
    """A table made by :func:`build_table` (not the small tables that line up text)."""
    return isinstance(flowable, _Continuing)


class _ContinuingTable(_Continuing, Table):
    pass


class _ContinuingLongTable(_Continuing, LongTable):
    pass


SAFETY = 1.0       # points a predicted page keeps free (rounding in reportlab's own layout)


def paginate(heights: Sequence[float], keep: Sequence[tuple[int, int]], first_room: float, later_room: float,
             repeat: int = 1) -> list[tuple[int, int]]:
    """The rows (start, end) each page takes, as reportlab splits a table: the header rows on
    every page, as many rows as fit, never a split inside a ``keep`` range (first, last row).
    An empty (start, start) first entry: nothing fits on the first page."""
    header = sum(heights[:repeat])
    pages: list[tuple[int, int]] = []
    i, room, n = repeat, first_room, len(heights)
    while i < n:
        avail, used, j = room - header, 0.0, i
        while j < n and used + heights[j] <= avail:
            used += heights[j]
            j += 1
        for first, last in keep:
            if first < j <= last and j < n and first > i:
                j = first
        if j == i and pages == [] and room == first_room and first_room != later_room:
            pages.append((i, i))            # the table starts on the next page
            room = later_room
            continue
        if j == i:
            j = i + 1                        # never happens: _prepare makes no row taller than a page
        pages.append((i, j))
        i, room = j, later_room
    return pages


@dataclass
class _Prepared:
    """A table's rows as text, with their heights, before it is cut into pieces."""

    widths: list[float]
    data: list[list]
    heights: list[float]
    kinds: list[str]              # "header", "section", "row" or "closing"
    labels: list[str]             # the caption in effect on each row
    keep: list[tuple[int, int]]   # rows never split between (first, last)
    pad_y: float
    body_pad: float


def build_table(fonts: FontSet, text_width: float, body_height: float, columns, rows, size, min_row_height_mm,
                repeat_header, fit_rows=None, closing=None, closing_keep_rows=2, *, compact: bool = False,
                caption: str = "", rooms: tuple[float, float] | None = None,
                min_floor_mm: float | None = None, page_room: float | None = None) -> list:
    """The table of ``ReportDocument.add_table``, as the flowables to add (one table, or one per
    page with page breaks between); ``text_width``/``body_height``: the page's text area.

    ``compact``: a form's tighter rows; ``caption``: what a page that starts inside this table
    says it continues (else the section the page starts in); ``rooms``: the height left for it
    on its first page and on every later one, when known; ``page_room``: the height of the
    smallest page the table may go on to (a later page under its running header; default
    ``body_height``), which no row may exceed. With ``rooms`` the pages are laid out here —
    each page's rows are one small table, which is much faster than reportlab splitting a
    long one page after page — and a last page that would hold only one or two rows gets them
    back onto the page before by slightly tighter rows, if that is enough."""
    f = fonts
    if page_room is None:
        page_room = min(rooms[1], body_height) if rooms is not None else body_height
    prepared = _prepare(f, text_width, body_height, columns, rows, size, min_row_height_mm, fit_rows, closing,
                        closing_keep_rows, compact, caption, page_room)
    leading = size * (1.22 if compact else 1.3)
    if rooms is not None and compact:
        prepared.body_pad = _balance_last_page(prepared, rooms, (min_floor_mm or 0) * mm)
    everything = list(range(1, len(prepared.data)))
    if rooms is None:
        return [_make_table(f, size, leading, columns, prepared, everything, repeat_header, continues=False)]
    pages = paginate(prepared.heights, prepared.keep, rooms[0] - SAFETY, rooms[1] - SAFETY)
    if len(pages) <= 1:
        return [_make_table(f, size, leading, columns, prepared, everything, repeat_header, continues=False)]
    out: list = []
    for number, (start, end) in enumerate(pages):
        if start == end:
            out.append(PageBreak())
            continue
        last = number == len(pages) - 1
        labels = prepared.labels
        goes_on = not last and end < len(labels) and labels[end] == labels[end - 1]
        out.append(_make_table(f, size, leading, columns, prepared, list(range(start, end)), repeat_header,
                               continues=goes_on))
        if not last:
            out.append(PageBreak())
    return out


def _prepare(f: FontSet, text_width, body_height, columns, rows, size, min_row_height_mm, fit_rows, closing,
             closing_keep_rows, compact, caption, page_room) -> _Prepared:
    leading = size * (1.22 if compact else 1.3)
    pad_y = max(1.6, size * 0.17) if compact else max(2.5, size * 0.25)
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
    body_pad = pad_y
    if min_row_height_mm:
        body_pad = max(pad_y, (min_row_height_mm * mm - leading) / 2)
    prepared = _Prepared(widths, [header], [_line_count(header) * leading + 2 * pad_y], ["header"], [""], [],
                         pad_y, body_pad)
    current = caption
    full_room = sum(widths) - pad
    usable = page_room - prepared.heights[0] - SAFETY - 1.0   # the most a row may take: a page under the header
    for row in rows:
        r = len(prepared.data)
        if isinstance(row, Section):
            current = row.text
            lines = wrap_text(row.text, full_room, header_measure)
            _add_row(prepared, ["\n".join(lines)] + [""] * (len(columns) - 1), "section", current, pad_y,
                     leading, usable, lambda text, _column: wrap_text(text, full_room, header_measure))
            if row.keep_rows > 0:
                last = len(prepared.data) - 1            # a long caption's last row keeps the rows after it
                prepared.keep.append((last, last + row.keep_rows))
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
        _add_row(prepared, cells, "row", current, body_pad, leading, usable,
                 lambda text, column: wrap_text(text, room[column], measure))
    prepared.keep = [(first, min(last, len(prepared.data) - 1)) for first, last in prepared.keep]
    if closing:
        # One last row without rules, spanning the table, holding the closing flowables;
        # it may not be separated from the rows above it.
        r = len(prepared.data)
        total = sum(widths)
        height = 0.0
        for flowable in closing:
            height += flowable.wrap(total, body_height)[1]
            height += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        prepared.data.append([closing] + [""] * (len(columns) - 1))
        prepared.heights.append(height)
        prepared.kinds.append("closing")
        prepared.labels.append("")
        prepared.keep.append((max(1, r - closing_keep_rows), r))
    _fit_keeps(prepared, usable * KEEP_SHARE)
    return prepared


def _add_row(prepared: _Prepared, cells: list[str], kind: str, label: str, pad: float, leading: float,
             room: float, wrap) -> None:
    """Append a row of wrapped ``cells``, in several rows when it is taller than ``room``
    (what a page holds under the header; see :func:`continued_rows`)."""
    for piece in continued_rows(cells, room, leading, pad, wrap):
        prepared.data.append(piece)
        prepared.kinds.append(kind)
        prepared.labels.append(label)
        prepared.heights.append(_line_count(piece) * leading + 2 * pad)


def continued_rows(cells: list[str], room: float, leading: float, pad: float, wrap) -> list[list[str]]:
    """A row of cells already broken into lines ("\n"), as the rows it is printed in.

    reportlab never splits inside a row, and a row taller than a page refuses the whole
    document. So a row taller than ``room`` (a 1,000-character name, a long note stored before
    fields had limits) goes on in further rows of at most :data:`CHUNK_SHARE` of ``room``;
    each cell that goes on starts there with :data:`CONTINUED_MARK`, the others are blank.
    ``pad``: the padding above and below a cell's text; ``wrap(text, column)`` breaks a text
    into lines for a column (the mark's own lines)."""
    lines = [cell.split("\n") if cell else [] for cell in cells]
    if max(1, max(map(len, lines), default=1)) * leading + 2 * pad <= room + 0.01:
        return [list(cells)]
    per_row = max(2, int((room * CHUNK_SHARE - 2 * pad) // leading))
    pieces, taken = [], [0] * len(cells)
    while any(taken[i] < len(cell) for i, cell in enumerate(lines)):
        piece = []
        for i, cell in enumerate(lines):
            if taken[i] >= len(cell):
                piece.append("")
                continue
            mark = wrap(CONTINUED_MARK, i) if taken[i] else []
            count = max(1, per_row - len(mark))
            piece.append("\n".join(mark + cell[taken[i]:taken[i] + count]))
            taken[i] += count
        pieces.append(piece)
    return pieces


def _fit_keeps(prepared: _Prepared, room: float) -> None:
    """Rows kept together that would take more than ``room`` (part of a page: else a block of
    tall rows leaves a heading alone at the foot of the page before) are kept as far as they
    fit: a caption with fewer rows after it, a closing with fewer rows before it. Ranges that
    overlap (a month's caption keeps the next month's) are one block to reportlab, and fitted
    as one."""
    heights, kinds = prepared.heights, prepared.kinds
    fitted: list[tuple[int, int]] = []
    block = (0, -1)                     # the rows of the ranges kept so far that overlap
    for first, last in sorted(prepared.keep):
        last = min(last, len(heights) - 1)
        while first < last:
            start = block[0] if first <= block[1] else first
            if sum(heights[start:last + 1]) <= room:
                break
            if kinds[last] == "closing":
                first += 1
            else:
                last -= 1
        if first < last:
            fitted.append((first, last))
            block = (block[0], max(block[1], last)) if first <= block[1] else (first, last)
    prepared.keep = fitted


def _make_table(f: FontSet, size: float, leading: float, columns, prepared: _Prepared, indices: list[int],
                repeat_header: bool, *, continues: bool):
    """One table of the header and the rows ``indices`` of ``prepared``."""
    rows = [0] + indices
    data = [prepared.data[g] for g in rows]
    heights = [prepared.heights[g] for g in rows]
    kinds = [prepared.kinds[g] for g in rows]
    ruled_to = len(rows) - 1 - (1 if kinds[-1] == "closing" else 0)
    pad_y, body_pad = prepared.pad_y, prepared.body_pad
    commands = [
        ("FONT", (0, 0), (-1, -1), f.table, size, leading),
        ("FONT", (0, 0), (-1, 0), f.title, size, leading),
        ("GRID", (0, 0), (-1, ruled_to), 0.6, GRID_COLOR),
        ("BOX", (0, 0), (-1, ruled_to), 1.0, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), pad_y), ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
    ]
    for i, col in enumerate(columns):
        commands.append(("ALIGN", (i, 1), (i, -1), col.align))
    if body_pad != pad_y:
        commands += [("TOPPADDING", (0, 1), (-1, -1), body_pad), ("BOTTOMPADDING", (0, 1), (-1, -1), body_pad)]
    for r, kind in enumerate(kinds):
        if kind == "section":
            commands += [
                ("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), SECTION_FILL),
                ("FONT", (0, r), (-1, r), f.title, size, leading), ("ALIGN", (0, r), (-1, r), "LEFT"),
                ("TOPPADDING", (0, r), (-1, r), pad_y), ("BOTTOMPADDING", (0, r), (-1, r), pad_y),
            ]
        elif kind == "closing":
            commands += [
                ("SPAN", (0, r), (-1, r)),
                ("LEFTPADDING", (0, r), (-1, r), 0), ("RIGHTPADDING", (0, r), (-1, r), 0),
                ("TOPPADDING", (0, r), (-1, r), 0), ("BOTTOMPADDING", (0, r), (-1, r), 0),
                ("VALIGN", (0, r), (-1, r), "TOP"),
            ]
    local = {g: r for r, g in enumerate(rows)}
    for first, last in prepared.keep:
        inside = [local[g] for g in range(first, last + 1) if g in local]
        if len(inside) > 1:
            commands.append(("NOSPLIT", (0, inside[0]), (-1, inside[-1])))
    table_class = _ContinuingLongTable if len(data) > 40 else _ContinuingTable
    table = table_class(data, colWidths=prepared.widths, rowHeights=heights, repeatRows=1 if repeat_header else 0,
                        hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    table._dj_labels = [prepared.labels[g] for g in rows]
    table._dj_continues = continues
    return table


LONELY_ROWS = 2         # a last page with this many rows or fewer is worth pulling back
MIN_ROW_PAD = 0.8       # points above and below a cell's text, at the tightest


def _balance_last_page(prepared: _Prepared, rooms: tuple[float, float], floor: float = 0.0) -> float:
    """The cell padding that takes one page fewer when the last page would hold only one or
    two rows (the rows' heights are changed to match); the padding as it was when none does."""
    first, later = rooms[0] - SAFETY, rooms[1] - SAFETY
    heights, pad = prepared.heights, prepared.body_pad
    pages = paginate(heights, prepared.keep, first, later)
    if len(pages) < 2:
        return pad
    start, end = pages[-1]
    rows_on_last = sum(1 for r in range(start, end) if prepared.kinds[r] == "row")
    if rows_on_last > LONELY_ROWS:
        return pad
    data_rows = [r for r, kind in enumerate(prepared.kinds) if kind == "row"]
    step = 0.25
    trial = pad - step
    while trial >= MIN_ROW_PAD - 1e-9:
        shrunk = list(heights)
        for r in data_rows:
            shrunk[r] -= 2 * (pad - trial)
        if floor and min(shrunk[r] for r in data_rows) < floor - 0.01:
            break
        if len(paginate(shrunk, prepared.keep, first, later)) < len(pages):
            heights[:] = shrunk
            return trial
        trial -= step
    return pad


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
