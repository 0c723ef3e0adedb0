"""Icons: drawn from the bundled Font Awesome font; the side bar's kept as PNG files once painted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

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


def test_a_cached_icon_is_painted_once_then_read_from_its_file(qapp, cache, monkeypatch):
    first = icons.cached_icon("fa6s.house", "#555", 22)
    files = list(cache.glob("*.png"))
    assert [f.name for f in files] == ["0.1.0-fa6s.house-555-22.png"]
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
