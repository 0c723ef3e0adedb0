"""What a first-time user met on the 报表 page: after switching to another report the preview
showed a tiny blank thumbnail instead of the page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from dangjian_desktop.ui.print_preview import PAGE_GAP
from dangjian_desktop.ui.reports_page import ReportsPage
from tests.conftest import TODAY
from tests.demo_cache import load_demo

pytestmark = pytest.mark.usefixtures("bundled_fonts")


@pytest.fixture
def page(qtbot, opened):
    load_demo(46, seed=7, today=TODAY)
    widget = ReportsPage(today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _choose(qtbot, page, key):
    previous = page.report
    page.choose(key)
    qtbot.waitUntil(lambda: page.report is not None and page.report is not previous, timeout=60000)


def _paper_and_ink(preview) -> tuple[int, int]:
    """How wide the white paper is across the view a little below the first page's top edge,
    and how many dark (printed) pixels the view shows."""
    image = preview.viewport().grab().toImage()
    y = PAGE_GAP + 40
    paper = sum(1 for x in range(image.width()) if QColor(image.pixel(x, y)).lightness() > 240)
    ink = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
              if QColor(image.pixel(x, y)).lightness() < 100)
    return paper, ink


@pytest.mark.parametrize("keys", [("roster", "groups"), ("groups", "plan", "roster")])
def test_switching_reports_shows_the_new_page_as_wide_as_the_view(qtbot, page, keys):
    for key in keys:
        _choose(qtbot, page, key)
    preview = page.preview
    room = preview.viewport().width()
    sheet = preview.sheet(1)
    qtbot.waitUntil(sheet.isVisible)
    assert preview.widget().width() > 0.9 * room          # the pages' holder, not 32 px wide
    assert sheet.width() == pytest.approx(room - 2 * PAGE_GAP, abs=4)
    paper, ink = _paper_and_ink(preview)
    assert paper > 0.8 * sheet.width()          # the page is drawn across the view
    assert ink > 100                            # with its text: not blank
