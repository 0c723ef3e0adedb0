"""Icons from the bundled Font Awesome Free font, drawn sharp at any size.

``icon("fa6s.user")`` or ``icon("fa6s.plus", color="white")``; names are Font Awesome 6
names with ``fa6s.`` (solid) or ``fa6b.`` (brands). A glyph from a font scales with the
font-size setting and costs a few milliseconds to set up, where an icon library with all its
fonts took a fifth of the start-up time.

The side bar's icons are on the window's first paint: ``cached_icon`` keeps each as a PNG file,
painted from Python once and read by Qt itself at every later start (painting from Python makes
PySide6 create the Qt namespace's 93 enums first, 11 ms before the window could show).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from PySide6 import QtCore  # QtCore.Qt only when painting: not before the window shows
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap

from dangjian_desktop import APP_ID, __version__, portable
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
        painter.drawText(rect, QtCore.Qt.AlignCenter, self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(QtCore.Qt.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> "QIconEngine":
        return _GlyphEngine(self.prefix, self.char, self.color)


def icon(name: str, color: str | None = None) -> QIcon:
    """The icon ``name`` ("fa6s.user"); ``color`` any Qt colour text, default the text colour."""
    return QIcon(_engine(name, color))


def _engine(name: str, color: str | None) -> _GlyphEngine:
    prefix, _, glyph = name.partition(".")
    codes = _charmap().get(prefix, {})
    if glyph not in codes:
        raise KeyError(f"unknown icon {name!r}")
    return _GlyphEngine(prefix, chr(int(codes[glyph], 16)), color)


def cache_folder() -> Path:
    """Where the program keeps files it can make again (the portable data folder's, or the user's
    cache directory)."""
    folder = portable.data_file("cache")
    if folder is not None:
        return folder
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_ID, appauthor=False))


def cached_icon(name: str, color: str, size: int) -> QIcon:
    """The icon ``name`` in ``color`` at ``size`` logical pixels (at the screen's scale when the
    program starts), from a PNG file in the cache folder: made the first time, and again when the
    file is damaged; where it cannot be written, the icon is painted as usual."""
    app = QGuiApplication.instance()
    pixels = max(1, round(size * (app.devicePixelRatio() if app is not None else 1.0)))
    path = cache_folder() / "icons" / cached_icon_name(name, color, pixels)
    pixmap = QPixmap(str(path)) if path.is_file() else QPixmap()
    if pixmap.isNull():                        # not made yet, or cut short (a power cut)
        pixmap = _engine(name, color).pixmap(QSize(pixels, pixels), QIcon.Normal, QIcon.Off)
        if not _keep(pixmap, path):
            return icon(name, color)
    made = QIcon()
    for mode in (QIcon.Normal, QIcon.Active, QIcon.Selected):   # one colour, as the painted icon
        made.addPixmap(pixmap, mode)
    return made


def cached_icon_name(name: str, color: str, pixels: int) -> str:
    return f"{__version__}-{name}-{color.lstrip('#')}-{pixels}.png"


def _keep(pixmap: QPixmap, path: Path) -> bool:
    """Write ``pixmap`` to ``path`` whole (a second window writing the same file: either one), and
    remove what earlier versions of the program left; False where that cannot be done."""
    temp = path.with_name(f".~{os.getpid()}-{path.name}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(temp), "PNG"):
            raise OSError(f"cannot write {temp}")
        os.replace(temp, path)
        for old in path.parent.glob("*.png"):
            if not old.name.startswith(f"{__version__}-"):
                old.unlink(missing_ok=True)
    except OSError:                            # no cache here (a full disk, a read-only profile)
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    return True
