"""Chinese text setting: line breaking by the rules of 禁则 and the :class:`TextBlock` that sets
running text with them (split out of :mod:`dangjian_desktop.reports.layout`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

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
    tokens: list[str] = []
    for token in _tokens(text):
        if len(token) > 1 and measure(token) > room:
            tokens.extend(token)                  # longer than a whole line: broken anywhere
        else:
            tokens.append(token)
    for token in tokens:
        token_width = measure(token)
        line = lines[-1]
        if width + token_width <= room or not line:
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


GRID_TOLERANCE = 0.06      # at most this much of a character's width added between characters


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
    (the last line of a paragraph is not) by at most a hair (:data:`GRID_TOLERANCE`), else the
    line stays on the grid and ends short; nothing goes past the margin. Several fonts may
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
            if token.width > min(rooms) + 0.01 and len(token.text) > 1:
                # longer than a whole line (a long number, a run of letters): broken anywhere,
                # the first piece on the line where it starts
                queue.extend(reversed([_Token(ch, token.font, _width(ch, token.font, self.size))
                                       for ch in token.text]))
                continue
            if width + token.width <= room + 0.01 or not line:
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
            # Chinese text sits on the grid: a line is evened out only by a hair (the width a
            # carried-down character or a run of digits leaves), never spread out (出 席 人 员).
            if gaps > 0 and spare / gaps <= GRID_TOLERANCE * self.size:
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
