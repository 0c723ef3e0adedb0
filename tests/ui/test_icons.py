"""Icons: drawn from the bundled Font Awesome font; the side bar's kept as PNG files once painted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon

from dangjian_desktop import __version__
from dangjian_desktop.ui import icons


def dark_pixels(qicon, size=22) -> int:
    image = qicon.pixmap(QSize(size, size)).toImage()
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if image.pixelColor(x, y).alpha() > 128)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "dangjian-desktop" / "icons"


def test_a_glyph_is_drawn(qapp):
    assert dark_pixels(icons.icon("fa6s.house", color="#555")) > 40
    with pytest.raises(KeyError):
        icons.icon("fa6s.no-such-icon")


def pixels_of(size=22) -> int:
    return round(size * QGuiApplication.instance().devicePixelRatio())


def test_a_cached_icon_is_painted_once_then_read_from_its_file(qapp, cache, monkeypatch):
    first = icons.cached_icon("fa6s.house", "#555", 22)
    files = list(cache.glob("*.png"))
    assert [f.name for f in files] == [f"{__version__}-fa6s.house-555-{pixels_of()}.png"]
    assert dark_pixels(first) == dark_pixels(icons.icon("fa6s.house", color="#555"))

    def no_painting(*_args):
        raise AssertionError("painted again")

    monkeypatch.setattr(icons, "_engine", no_painting)
    again = icons.cached_icon("fa6s.house", "#555", 22)
    assert dark_pixels(again) == dark_pixels(first)
    assert not list(cache.glob(".~*"))          # no half-written file left


def test_where_the_cache_cannot_be_written_the_icon_is_painted(qapp, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    made = icons.cached_icon("fa6s.user", "#555", 22)
    assert dark_pixels(made) > 40
    assert blocked.read_text(encoding="utf-8") == "a file where the cache folder would be"


def test_a_portable_program_keeps_its_cache_in_its_own_data_folder(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(icons.portable, "data_file", lambda name: tmp_path / "data" / name)
    icons.cached_icon("fa6s.gear", "#555", 22)
    assert list((tmp_path / "data" / "cache" / "icons").glob("*.png"))


def ink(qicon, mode) -> set[str]:
    image = qicon.pixmap(QSize(22, 22), mode).toImage()
    return {image.pixelColor(x, y).name() for y in range(image.height()) for x in range(image.width())
            if image.pixelColor(x, y).alpha() == 255}


def test_the_selected_row_keeps_the_icon_colour(qapp, cache):
    made = icons.cached_icon("fa6s.house", "#555", 22)
    assert ink(made, QIcon.Selected) == ink(made, QIcon.Normal) == {QColor("#555").name()}


def test_a_damaged_file_is_painted_again_and_earlier_versions_are_removed(qapp, cache):
    cache.mkdir(parents=True)
    damaged = cache / f"{__version__}-fa6s.house-555-{pixels_of()}.png"
    damaged.write_bytes(b"")                        # cut short by a power cut
    earlier = cache / "0.0.9-fa6s.house-555-22.png"
    earlier.write_bytes(b"an earlier version's icon")
    made = icons.cached_icon("fa6s.house", "#555", 22)
    assert not made.isNull() and dark_pixels(made) > 40
    assert damaged.stat().st_size > 0
    assert not earlier.exists()
