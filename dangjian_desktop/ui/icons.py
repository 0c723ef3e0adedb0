"""Icons from the bundled Font Awesome Free font, drawn sharp at any size.

``icon("fa6s.user")`` or ``icon("fa6s.plus", color="white")``; names are Font Awesome 6
names with ``fa6s.`` (solid) or ``fa6b.`` (brands). A glyph from a font scales with the
font-size setting and costs a few milliseconds to set up, where an icon library with all its
fonts took a fifth of the start-up time.
"""

from __future__ import annotations

import json
from functools import lru_cache

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap

from dangjian_desktop.resources_path import resource

_FONT_FILES = {"fa6s": "fa-solid-900.ttf", "fa6b": "fa-brands-400.ttf"}


@lru_cache(maxsize=None)
def _charmap() -> dict[str, dict[str, str]]:
    with open(resource("fonts", "fontawesome", "charmap.json"), encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def _family(prefix: str) -> str:
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "fontawesome", _FONT_FILES[prefix])))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"icon font for {prefix} could not be loaded")
    return families[0]


class _GlyphEngine(QIconEngine):
    def __init__(self, prefix: str, char: str, color: str | None):
        super().__init__()
        self.prefix, self.char, self.color = prefix, char, color

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if self.color:
            colour = QColor(self.color)
        else:
            colour = QGuiApplication.palette().color(QPalette.WindowText)
        if mode == QIcon.Disabled:
            colour.setAlphaF(0.35)
        font = QFont(_family(self.prefix))
        font.setPixelSize(max(1, int(min(rect.width(), rect.height()) * 0.875)))
        painter.save()
        painter.setRenderHint(QPainter.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(rect, Qt.AlignCenter, self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> "QIconEngine":
        return _GlyphEngine(self.prefix, self.char, self.color)


def icon(name: str, color: str | None = None) -> QIcon:
    """The icon ``name`` ("fa6s.user"); ``color`` any Qt colour text, default the text colour."""
    prefix, _, glyph = name.partition(".")
    codes = _charmap().get(prefix, {})
    if glyph not in codes:
        raise KeyError(f"unknown icon {name!r}")
    return QIcon(_GlyphEngine(prefix, chr(int(codes[glyph], 16)), color))
