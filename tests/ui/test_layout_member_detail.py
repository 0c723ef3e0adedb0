"""pytest-qt: the member panel right of the 党员 table shows every line whole, at every font size,
on a 1366×768 screen (the tops of 转正 and 上湾组 were cut off: rows squeezed below their font)."""

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.layout_checks import SCREEN_HEIGHT, SCREEN_WIDTH, clipped_texts


@pytest.fixture
def members_at(window, branch46):
    from dangjian_desktop.ui.theme import apply_font_size

    def show(size_key: str, width: int = SCREEN_WIDTH, height: int = SCREEN_HEIGHT):
        apply_font_size(QApplication.instance(), size_key)
        window.resize(width, height)
        window.show_page("members")
        page = window.pages["members"]
        page.table.selectRow(4)
        QApplication.processEvents()
        return page

    yield show
    apply_font_size(QApplication.instance(), "normal")


def _labels_problems(panel) -> list[str]:
    problems = []
    for label in panel.findChildren(QLabel):
        if not label.isVisibleTo(panel) or not label.text():
            continue
        need = label.heightForWidth(label.width()) if label.hasHeightForWidth() else label.sizeHint().height()
        line = label.fontMetrics().height()
        if need > label.height() or line > label.contentsRect().height():
            problems.append(f"{label.text()!r}: {label.height()} px high, needs {need} (one line {line})")
    return problems


@pytest.mark.parametrize("size_key", ["normal", "large", "xlarge"])
def test_member_panel_lines_are_not_squeezed(members_at, size_key):
    page = members_at(size_key)
    panel = page.detail
    assert panel.values["full_member_on"].text() not in ("", "—") or panel.values["joined_on"].text()
    for tab in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert _labels_problems(panel) == []
        assert clipped_texts(panel) == []


def test_member_panel_fits_a_smaller_window_at_normal_size(members_at):
    """The window as it first opens (1280×700 on a laptop whose taskbar takes some room)."""
    panel = members_at("normal", 1280, 700).detail
    assert _labels_problems(panel) == []
    assert clipped_texts(panel) == []
