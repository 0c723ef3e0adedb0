"""The 报表 page: choose a document, see its pages, mask, save, print (to a PDF printer)."""

from __future__ import annotations

from io import BytesIO

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

from dangjian_desktop.db.models import Member
from dangjian_desktop.ui.print_preview import chosen_pages, make_printer, paint_pages
from dangjian_desktop.ui.reports_page import ReportsPage, default_pdf_name
from tests.conftest import TODAY
from tests.demo_cache import load_demo

pytestmark = pytest.mark.usefixtures("bundled_fonts")  # page counts are for the bundled font


@pytest.fixture
def page(qtbot, opened):
    load_demo(46, seed=7, today=TODAY)
    widget = ReportsPage(today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def wait_for_new_report(qtbot, page, previous=None):
    qtbot.waitUntil(lambda: page.report is not None and page.report is not previous, timeout=60000)
    return page.report


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(BytesIO(pdf)) as doc:
        return "".join(p.extract_text() or "" for p in doc.pages)


def test_page_lists_the_documents_and_waits_for_a_choice(page):
    labels = [page.documents.item(i).text() for i in range(page.documents.count())]
    # meetings print from the meeting, a month's dues papers from the 党费 page
    assert labels == ["党员花名册", "党小组名册", "年度工作计划", "党费收缴台账", "党费收缴情况公示", "发展党员名册",
                      "发展党员台账", "党员统计表"]
    assert page.stack.currentWidget() is page.empty_label
    assert not page.print_button.isEnabled()
    assert not page.save_button.isEnabled()
    assert (page.key, page.nav_label, page.nav_icon) == ("reports", "报表", "fa6s.print")


def test_choosing_the_roster_shows_every_page_as_it_will_print(qtbot, page):
    page.choose("roster")
    report = wait_for_new_report(qtbot, page)
    assert report.pages == 2
    assert page.preview.page_count() == 2
    assert page.stack.currentWidget() is page.preview
    assert page.info_label.text() == "东坡村党支部党员花名册：共 2 页，A4 横向"
    assert page.print_button.isEnabled() and page.save_button.isEnabled()
    sheet = page.preview.sheet(1)
    assert sheet.width() > sheet.height()                      # landscape paper
    assert sheet.width() / sheet.height() == pytest.approx(297 / 210, rel=0.01)
    image = sheet.grab().toImage()
    dark = sum(
        1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
        if QColor(image.pixel(x, y)).lightness() < 100
    )
    assert dark > 100                                          # the page was drawn, not blank


def test_mask_box_makes_the_masked_document(qtbot, page):
    page.choose("roster")
    plain = wait_for_new_report(qtbot, page)
    page.mask_box.setChecked(True)
    masked = wait_for_new_report(qtbot, page, plain)
    assert page.info_label.text().endswith("，已打码")
    text = pdf_text(masked.pdf)
    for m in Member.select().where(Member.status == "active"):
        assert m.id_number not in text
        assert not m.phone or m.phone not in text


def test_save_writes_the_document_on_show(qtbot, page, tmp_path):
    page.choose("groups")
    report = wait_for_new_report(qtbot, page)
    target = tmp_path / default_pdf_name(report, masked=False, today=TODAY)
    assert target.name == "东坡村党支部党小组名册-2026-11-26.pdf"
    with qtbot.waitSignal(page.status_message) as signal:
        saved = page.save_to(target)
    assert saved == target
    assert target.read_bytes() == report.pdf
    assert signal.args == [f"已保存：{target}"]


def test_printing_puts_each_page_on_a_sheet(qtbot, page, tmp_path):
    page.choose("roster")
    report = wait_for_new_report(qtbot, page)
    printer = make_printer(report)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(100)
    assert paint_pages(printer, report.pdf, chosen_pages(printer, report.pages)) == 2
    with pdfplumber.open(out) as doc:
        assert len(doc.pages) == 2
        assert doc.pages[0].width == pytest.approx(841.89, abs=1)
        assert doc.pages[0].height == pytest.approx(595.28, abs=1)
        assert doc.pages[0].images                             # the page picture is on the sheet


def test_print_dialog_page_range_is_respected():
    printer = QPrinter()
    assert chosen_pages(printer, 5) == [1, 2, 3, 4, 5]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert chosen_pages(printer, 5) == [2, 3]


def test_a_document_that_cannot_be_made_says_why_in_the_page(qtbot, opened):
    widget = ReportsPage()          # an empty branch: no members, no groups
    qtbot.addWidget(widget)
    widget.show()
    widget.choose("groups")
    qtbot.waitUntil(lambda: "还没有设置党小组" in widget.empty_label.text(), timeout=30000)
    assert widget.stack.currentWidget() is widget.empty_label
    assert widget.report is None
    assert not widget.print_button.isEnabled()


def test_zoom_buttons_change_the_page_size(qtbot, page):
    page.choose("groups")
    wait_for_new_report(qtbot, page)
    width = page.preview.sheet(1).width()
    qtbot.mouseClick(page.zoom_in_button, Qt.MouseButton.LeftButton)
    assert page.preview.sheet(1).width() == pytest.approx(width * 1.25, abs=2)
    qtbot.mouseClick(page.fit_button, Qt.MouseButton.LeftButton)
    assert page.preview.sheet(1).width() == pytest.approx(width, abs=1)


# --- the annual plan and its year -------------------------------------------------------------

def test_annual_plan_is_made_for_the_chosen_year_this_year_first(qtbot, page):
    assert not page.year_combo.isVisibleTo(page)           # only the plan asks for a year
    page.choose("plan")
    report = wait_for_new_report(qtbot, page)
    assert page.year_combo.isVisibleTo(page)
    assert not page.mask_box.isVisibleTo(page)             # a plan has nothing to mask
    assert page.chosen_year() == 2026
    assert report.title == "东坡村党支部2026年度工作计划"
    assert page.info_label.text() == f"东坡村党支部2026年度工作计划：共 {report.pages} 页，A4 纵向"
    assert [page.year_combo.itemText(i) for i in range(page.year_combo.count())] == ["2026 年", "2027 年"]
    assert "第四季度" in pdf_text(report.pdf)


def test_a_year_without_a_plan_says_what_to_do(qtbot, page):
    page.choose("plan")
    wait_for_new_report(qtbot, page)
    page.year_combo.setCurrentIndex(page.year_combo.findData(2027))
    qtbot.waitUntil(lambda: "2027 年还没有活动计划" in page.empty_label.text(), timeout=30000)
    assert page.stack.currentWidget() is page.empty_label
    assert not page.print_button.isEnabled()
    page.set_year(2026)
    report = wait_for_new_report(qtbot, page)
    assert report.title.endswith("2026年度工作计划")


def test_mask_box_comes_back_for_the_roster(qtbot, page):
    page.choose("plan")
    wait_for_new_report(qtbot, page)
    page.choose("roster")
    assert page.mask_box.isVisibleTo(page) and not page.year_combo.isVisibleTo(page)


def test_a_landscape_page_on_a_portrait_sheet_is_turned_to_print_full_size():
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage

    from dangjian_desktop.ui.print_preview import turned_to

    landscape = QImage(297, 210, QImage.Format.Format_RGB32)
    assert turned_to(landscape, QSize(2100, 2970)).size() == QSize(210, 297)     # a book's portrait sheets
    assert turned_to(landscape, QSize(2970, 2100)).size() == QSize(297, 210)     # a landscape sheet: as it is
    portrait = QImage(210, 297, QImage.Format.Format_RGB32)
    assert turned_to(portrait, QSize(2100, 2970)).size() == QSize(210, 297)


def test_coming_back_shows_the_document_at_once_unless_something_was_written(qtbot, page):
    from dangjian_desktop.core import members as member_ops

    page.choose("roster")
    first = wait_for_new_report(qtbot, page)
    requests = page._request
    page.refresh()                       # the page shown again, nothing written
    assert page._request == requests and page.report is first
    member = Member.select().where(Member.status == "active").first()
    member_ops.update_member(member.id, {"phone": "13900001111"}, today=TODAY)
    page.refresh()
    assert page._request == requests + 1
    second = wait_for_new_report(qtbot, page, first)
    assert second is not first


def test_a_document_no_longer_wanted_is_stopped(qtbot, page):
    page.choose("roster")
    superseded = page._operation
    page.choose("groups")
    assert superseded._worker.cancel_requested.is_set()
    report = wait_for_new_report(qtbot, page)
    assert page.current_key() == "groups" and "党小组" in report.title
    qtbot.waitUntil(lambda: superseded.finished, timeout=60000)
