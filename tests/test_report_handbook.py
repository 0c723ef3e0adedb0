"""支部工作手册 (issue #19 item 4): the year's book — its 目录 against where each part really
starts, one run of page numbers, every part present (an empty one says so), the 年度总结, the
meetings in date order with their scanned sign-in sheets, progress, the command line."""

from __future__ import annotations

import datetime as dt
import io
import re
import time

import pytest
from PIL import Image

from dangjian_desktop.core import activities, annual_summary, attachments
from dangjian_desktop.core.activity_lists import list_activities
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.reports.handbook import make_handbook
from tests.conftest import TODAY, run_cli
from tests.demo_cache import load_demo
from tests.pdf_checks import open_pdf, page_texts, squeezed

PARTS = ("基本情况", "支部委员会", "党员花名册", "党小组名册", "年度工作计划", "会议记录", "党费收缴台账",
         "发展党员台账", "民主评议党员", "党员队伍基本情况统计", "年度工作总结")
PART_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
ENTRY_DATE = re.compile(r"^\d+月\d+日\u3000")


def marker(label: str) -> str:
    """What the first page of an entry's part says: the label without its number or date."""
    return squeezed(ENTRY_DATE.sub("", PART_NUMBER.sub("", label)))


@pytest.fixture
def book46(branch46, bundled_fonts):
    book = make_handbook(year=2026, today=TODAY)
    return book, page_texts(book.report.pdf)


def contents_pages(book) -> int:
    """The 目录 runs from page 2 to the page before the first part."""
    return book.entries[0].page - 2


def test_contents_gives_the_page_each_part_really_starts_on(book46):
    book, texts = book46
    assert len(texts) == book.report.pages
    lines = [squeezed(line) for text in texts[1:1 + contents_pages(book)] for line in text.splitlines()]
    lines = [line for line in lines if "·" in line]
    assert len(lines) == len(book.entries)
    for entry, line in zip(book.entries, lines):
        # The 目录 names the page …
        assert re.fullmatch(re.escape(squeezed(entry.label)) + r"·+" + str(entry.page), line), (entry, line)
        # … and the part's heading is on that page, not on the page before.
        assert marker(entry.label) in squeezed(texts[entry.page - 1]), entry
        if entry.level == 0 and entry.page - 2 > contents_pages(book):
            assert marker(entry.label) not in squeezed(texts[entry.page - 2]), entry


def test_every_part_is_in_the_contents_in_the_order_of_the_book(book46):
    book, _texts = book46
    parts = [PART_NUMBER.sub("", e.label) for e in book.entries if e.level == 0]
    assert parts == list(PARTS)
    pages = [e.page for e in book.entries]
    assert pages == sorted(pages)


def test_pages_are_numbered_as_one_book_and_the_cover_has_no_number(book46):
    _book, texts = book46
    assert not re.search(r"第\d+页", squeezed(texts[0]))
    for number, text in enumerate(texts[1:], start=2):
        footer = re.findall(r"第(\d+)页", squeezed(text))
        assert footer and int(footer[-1]) == number, number
        assert not re.search(r"第\d+页共\d+页", squeezed(text)), f"page {number} kept its part's own number"


def test_the_cover_names_branch_year_and_secretary(book46):
    _book, texts = book46
    cover = squeezed(texts[0])
    assert "东坡村党支部" in cover and "支部工作手册" in cover and "2026年度" in cover
    assert "支部书记：" in cover and "支部书记：（未填写）" not in cover


def test_landscape_parts_are_landscape_pages_in_the_book(book46):
    book, _texts = book46
    roster = next(e for e in book.entries if e.label.endswith("党员花名册"))
    dues = next(e for e in book.entries if e.label.endswith("党费收缴台账"))
    with open_pdf(book.report.pdf) as pdf:
        assert pdf.pages[roster.page - 1].width > pdf.pages[roster.page - 1].height
        assert pdf.pages[dues.page - 1].width > pdf.pages[dues.page - 1].height
        assert pdf.pages[0].width < pdf.pages[0].height


def test_every_meeting_held_has_its_minutes_in_date_order(book46):
    book, texts = book46
    held = [a for a in list_activities(2026) if a.status != "planned"]
    meetings = [e for e in book.entries if e.level == 1]
    assert [ENTRY_DATE.sub("", e.label) for e in meetings] == [a.title for a in held]
    assert [a.date for a in held] == sorted(a.date for a in held)
    first = held[0]
    page = squeezed(texts[meetings[0].page - 1])
    assert "会议记录" in page and squeezed(first.title) in page and squeezed(first.place) in page


def test_the_annual_summary_written_in_the_program_is_the_last_part(branch46, bundled_fonts):
    annual_summary.put(2026, "一年来，支部坚持“三会一课”制度。\n明年要把流动党员的学习抓得更紧。")
    book = make_handbook(year=2026, today=TODAY)
    texts = page_texts(book.report.pdf)
    last = squeezed(texts[book.entries[-1].page - 1])
    assert "2026年度工作总结" in last
    assert "支部坚持“三会一课”制度" in last and "明年要把流动党员的学习抓得更紧" in last


def test_a_year_with_nothing_recorded_keeps_every_part_with_a_line_saying_so(branch46, bundled_fonts):
    book = make_handbook(year=2027, today=TODAY)
    texts = page_texts(book.report.pdf)
    assert [PART_NUMBER.sub("", e.label) for e in book.entries] == list(PARTS)
    said = {PART_NUMBER.sub("", e.label): squeezed(texts[e.page - 1]) for e in book.entries}
    assert "本年度没有在程序中制订活动计划" in said["年度工作计划"]
    assert "2027年还没有在程序中记录召开的会议" in said["会议记录"]
    assert "本年度没有发展党员的记录" in said["发展党员台账"]
    assert "本年度没有在程序中记录民主评议" in said["民主评议党员"]
    assert "工作总结还没有在程序中填写" in said["年度工作总结"]
    # Each part on its own pages: no two parts share one.
    pages = [e.page for e in book.entries]
    assert len(set(pages)) == len(pages)


def test_a_scanned_signin_sheet_follows_its_meetings_minutes(branch46, bundled_fonts):
    meeting = next(a for a in list_activities(2026) if a.status != "planned")
    picture = io.BytesIO()
    Image.new("L", (1700, 2400), 235).save(picture, format="PNG")
    attachments.add_attachment(meeting.id, picture.getvalue(), "签到表.png", kind="签到表", caption="第一页")
    book = make_handbook(year=2026, today=TODAY)
    meetings = [e for e in book.entries if e.level == 1]
    scan_page = meetings[1].page - 1                 # the page before the next meeting's minutes
    texts = page_texts(book.report.pdf)
    assert "签到表（扫描件）" in squeezed(texts[scan_page - 1])
    assert squeezed(meeting.title) in squeezed(texts[scan_page - 1])
    with open_pdf(book.report.pdf) as pdf:
        assert pdf.pages[scan_page - 1].images, "the scan is printed"
        assert not pdf.pages[scan_page - 2].images


def test_progress_is_told_per_part_and_per_meeting(branch46, bundled_fonts):
    told: list[tuple[int, int, str]] = []
    make_handbook(year=2026, today=TODAY, progress=lambda done, total, text: told.append((done, total, text)))
    held = [a for a in list_activities(2026) if a.status != "planned"]
    texts = " ".join(t for _d, _t, t in told)
    assert all(a.title in texts for a in held)
    assert all(part in texts for part in ("基本情况", "党员花名册", "党费收缴台账", "年度工作总结"))
    done = [d for d, _t, _x in told]
    assert done == sorted(done) and done[-1] == told[-1][1] == len(held) + len(PARTS) - 1 + 3


def test_a_year_out_of_range_is_refused(branch46):
    with pytest.raises(UserError, match="年份"):
        make_handbook(year=2030, today=TODAY)


# --- the 年度总结 store --------------------------------------------------------------------------

def test_summary_is_kept_per_year_and_saving_it_can_be_undone(opened):
    annual_summary.put(2025, "去年的总结")
    change = annual_summary.put.undoable(2026, "今年的总结\n第二段  ")
    assert change.label == "保存2026年年度总结"
    assert (annual_summary.get(2025), annual_summary.get(2026)) == ("去年的总结", "今年的总结\n第二段")
    assert annual_summary.years() == [2025, 2026]
    change.undo()
    assert (annual_summary.get(2025), annual_summary.get(2026)) == ("去年的总结", "")
    annual_summary.put(2025, "   ")
    assert annual_summary.years() == []


def test_a_summary_too_long_is_refused(opened):
    with pytest.raises(ValidationError):
        annual_summary.put(2026, "字" * (annual_summary.MAX_LENGTH + 1))


# --- the command line and the time it takes ------------------------------------------------------

def test_report_handbook_end_to_end(opened, tmp_path):
    load_demo(46, seed=7, today=TODAY)
    opened.close()
    out = tmp_path / "手册.pdf"
    result = run_cli("report", "handbook", "2026", "--out", str(out), db=opened.path,
                     env={"DANGJIAN_FONT_DIRS": ""})
    assert result.returncode == 0, result.stderr.decode("utf-8")
    with open_pdf(out.read_bytes()) as pdf:
        pages = len(pdf.pages)
        assert "支部工作手册" in squeezed(pdf.pages[0].extract_text())
    assert result.stdout.decode("utf-8").strip() == f"已生成支部工作手册，共 {pages} 页：{out}"


def test_a_year_of_a_50_member_branch_prints_in_seconds(branch46, bundled_fonts):
    start = time.perf_counter()
    book = make_handbook(year=2026, today=TODAY)
    assert time.perf_counter() - start < 20          # about 2.5 s on the 2-core build machine
    assert book.report.pages > 100


@pytest.mark.slow
def test_a_year_of_a_500_member_branch(opened, bundled_fonts):
    load_demo(500, seed=7, today=TODAY)
    start = time.perf_counter()
    book = make_handbook(year=2026, today=TODAY)
    assert time.perf_counter() - start < 120
    texts = page_texts(book.report.pdf)
    for entry in book.entries:
        assert marker(entry.label) in squeezed(texts[entry.page - 1]), entry


def test_the_secretary_shown_is_the_seat_holder(branch46, bundled_fonts):
    from dangjian_desktop.core.roles import committee_seats

    secretary = next(s.name for s in committee_seats() if s.post == "书记")
    book = make_handbook(year=2026, today=TODAY)
    assert f"支部书记：{secretary}" in squeezed(page_texts(book.report.pdf)[0])


def test_a_planned_meeting_is_not_in_the_book(branch46, bundled_fonts):
    planned = activities.create(activities.ActivityInfo(kind="theme_day", date=dt.date(2026, 11, 20),
                                                        title="未召开的主题党日"))
    book = make_handbook(year=2026, today=TODAY)
    assert planned.title not in "".join(e.label for e in book.entries)


def test_the_review_part_lists_each_member_with_the_tally_and_grade(branch46, bundled_fonts):
    from dangjian_desktop.core import review

    rows = review.review_rows(2025)                  # the demo holds last year's review
    assert rows
    book = make_handbook(year=2025, today=TODAY)
    texts = page_texts(book.report.pdf)
    entry = next(e for e in book.entries if e.label.endswith("民主评议党员"))
    following = next(e for e in book.entries if e.page > entry.page)
    part = "".join(squeezed(t) for t in texts[entry.page - 1:following.page - 1])
    assert all(r.name in part for r in rows)
    graded = next(r for r in rows if r.grade)
    votes = "".join(str(graded.votes[g]) for g in review.GRADES)
    assert f"{graded.name}{votes}{graded.grade}" in part
