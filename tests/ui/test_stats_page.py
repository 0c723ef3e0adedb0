"""pytest-qt: the 统计 page on the hand-counted roster of tests/test_stats.py — a new date counts
again, the charts are the printed drawings (not blank: bars in their colour), the bands can be
set, a wrong date says so, and at 特大 on the laptop's screen every word is whole."""

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog

from dangjian_desktop.core import stats
from dangjian_desktop.reports.stats_charts import BAR_COLOR
from dangjian_desktop.ui.theme import apply_font_size, sidebar_width
from tests.test_stats import ON1, ON2, roster  # noqa: F401 (the fixture)
from tests.ui.layout_checks import SCREEN_HEIGHT, SCREEN_WIDTH, clipped_texts

WINDOW_FRAME = 110        # the main window's title row and status bar above and below a page


def cells(page) -> dict[str, tuple[str, str]]:
    table = page.table
    found = {}
    for row in range(table.rowCount()):
        label = table.item(row, 0).text()
        found.setdefault(label, (table.item(row, 1).text(), table.item(row, 2).text()))
    return found


def charts_drawn(qtbot, page) -> None:
    qtbot.waitUntil(lambda: len(page.chart_images) == 3 and page.charts_waiting.isHidden(), timeout=15000)


def bar_pixels(image) -> int:
    want = QColor(BAR_COLOR.hexval().replace("0x", "#"))
    step = 3
    return sum(1 for y in range(0, image.height(), step) for x in range(0, image.width(), step)
               if abs(image.pixelColor(x, y).red() - want.red()) < 8
               and abs(image.pixelColor(x, y).green() - want.green()) < 8
               and abs(image.pixelColor(x, y).blue() - want.blue()) < 8)


@pytest.fixture
def page(qtbot, roster):
    from dangjian_desktop.ui.stats_page import StatsPage

    apply_font_size(QApplication.instance(), "normal")
    widget = StatsPage(today=ON1)
    qtbot.addWidget(widget)
    widget.resize(SCREEN_WIDTH - sidebar_width(QApplication.font()), SCREEN_HEIGHT - WINDOW_FRAME)
    widget.show()
    widget.refresh()
    yield widget
    apply_font_size(QApplication.instance(), "normal")
    QApplication.processEvents()
    # no drawing left running when the page goes
    qtbot.waitUntil(lambda: widget.operation is None or widget.operation.finished, timeout=15000)


def test_a_new_date_counts_again(qtbot, page):
    assert page.date_field.text() == ON1.isoformat()
    assert cells(page)["党员总数"] == ("12", "100.0%")
    assert cells(page)["35岁及以下"] == ("3", "25.0%")
    assert "12 人" in page.title.text()
    page.date_field.edit.setText(ON2.isoformat())
    qtbot.waitUntil(lambda: page.day == ON2, timeout=3000)
    assert cells(page)["党员总数"] == ("13", "100.0%")
    assert cells(page)["71岁及以上"] == ("2", "15.4%")
    assert cells(page)["入党积极分子"] == ("1", "")
    assert "2026年7月1日在册党员 13 人" in page.title.text()


def test_a_wrong_date_says_so_and_keeps_the_last_count(qtbot, page):
    page.date_field.edit.setText("2026.13.40")
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=3000)
    assert "不是真实存在的日期" in page.error.text()
    assert page.day == ON1 and cells(page)["党员总数"][0] == "12"


def test_the_charts_are_drawn_and_not_blank(qtbot, page):
    charts_drawn(qtbot, page)
    for label, image in zip(page.chart_labels, page.chart_images):
        assert not label.pixmap().isNull()
        assert bar_pixels(image) > 50
    page.show_day(ON2)
    charts_drawn(qtbot, page)
    assert page.figures.on == ON2


def test_the_bands_are_set_from_the_page(qtbot, page):
    from dangjian_desktop.ui.stats_page import BandsDialog

    dialog = BandsDialog(page)
    qtbot.addWidget(dialog)
    dialog.fields[stats.AGE_EDGES_KEY].setText("40，60")
    assert "40岁及以下、41～60岁、61岁及以上" in dialog.example.text()
    dialog.fields[stats.PARTY_AGE_EDGES_KEY].setText("9,5")
    dialog.save()
    assert dialog.result() != QDialog.Accepted and "从小到大" in dialog.error.label.text()
    assert stats.band_edges(stats.AGE_EDGES_KEY) == [35, 45, 54, 60, 70]       # neither kept
    dialog.fields[stats.PARTY_AGE_EDGES_KEY].setText("9,19,29,39,49")
    dialog.save()
    assert dialog.result() == QDialog.Accepted
    page.refresh()
    assert cells(page)["40岁及以下"] == ("5", "41.7%")


def test_words_whole_at_extra_large(qtbot, page):
    apply_font_size(QApplication.instance(), "xlarge")
    QApplication.processEvents()
    page.resize(SCREEN_WIDTH - sidebar_width(QApplication.font()), SCREEN_HEIGHT - WINDOW_FRAME)
    charts_drawn(qtbot, page)
    QApplication.processEvents()
    assert page.minimumSizeHint().width() <= SCREEN_WIDTH - sidebar_width(QApplication.font())
    assert clipped_texts(page) == []


def test_coming_back_counts_again_only_when_something_was_written(qtbot, page, monkeypatch):
    from dangjian_desktop.core import members as member_ops
    from dangjian_desktop.core.vocab import FULL_MEMBER

    counted = []
    real = stats.figures
    monkeypatch.setattr(stats, "figures", lambda day: (counted.append(day), real(day))[1])
    page.refresh()                       # the page shown again, nothing written
    assert counted == []
    assert cells(page)["党员总数"] == ("12", "100.0%")
    member_ops.create_member({"name": "卯", "category": FULL_MEMBER, "gender": "男",
                              "join_date": ON1.replace(year=2001), "full_date": ON1.replace(year=2002)},
                             today=ON1)
    page.refresh()
    assert counted == [ON1]
    assert cells(page)["党员总数"] == ("13", "100.0%")
