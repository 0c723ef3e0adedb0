"""党员花名册: read the PDF back and check what an inspector would check."""

from __future__ import annotations

import re

import pytest

from dangjian_desktop.core.members import change_status, update_member
from dangjian_desktop.core.privacy import mask_id_number, mask_phone
from dangjian_desktop.db.models import Member
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.roster import build_roster
from tests.conftest import TODAY
from tests.pdf_checks import (
    A4_LONG,
    A4_SHORT,
    assert_fonts_embedded_subsets,
    assert_inside_margins,
    open_pdf,
    page_texts,
    squeezed,
)

HEADER_WORDS = ("序号", "姓名", "性别", "民族", "公民身份号码", "学历", "人员类别", "联系电话", "备注")


pytestmark = pytest.mark.usefixtures("bundled_fonts")  # page counts are for the bundled font


def active_members() -> list[Member]:
    return list(Member.select().where(Member.status == "active"))


def test_roster_of_46_members_is_two_landscape_a4_pages(branch46):
    report = build_roster(today=TODAY)
    with open_pdf(report.pdf) as doc:
        assert len(doc.pages) == 2 == report.pages        # four with the 公文 margins of before
        for page in doc.pages:
            assert page.width == pytest.approx(A4_LONG, abs=0.1)
            assert page.height == pytest.approx(A4_SHORT, abs=0.1)
    assert report.landscape


def test_roster_of_300_members_has_11_pages(branch300):
    report = build_roster(today=TODAY)
    assert report.pages == 11                            # 20 before forms had their own margins
    assert len(page_texts(report.pdf)) == 11


def test_header_row_and_page_number_on_every_page(branch300):
    texts = page_texts(build_roster(today=TODAY).pdf)
    for number, text in enumerate(texts, start=1):
        for word in HEADER_WORDS:
            assert word in text, f"{word} missing on page {number}"
        assert f"第 {number} 页 共 {len(texts)} 页" in text


def test_title_names_branch_and_date_on_first_page(branch46):
    first = page_texts(build_roster(today=TODAY).pdf)[0]
    assert "东坡村党支部党员花名册" in first
    assert "统计日期：2026年11月26日" in first
    active = len(active_members())
    probationary = sum(1 for m in active_members() if m.category == "预备党员")
    assert f"共 {active} 人，其中预备党员 {probationary} 人" in first


def test_every_active_member_is_listed_once_in_name_order(branch300):
    texts = page_texts(build_roster(today=TODAY).pdf)
    members = sorted(active_members(), key=lambda m: (m.name_pinyin, m.id))
    rows = []
    for text in texts:
        for line in text.splitlines():
            match = re.match(r"^(\d+) (\S+) [男女] ", line)
            if match:
                rows.append((int(match.group(1)), match.group(2)))
    assert [number for number, _ in rows] == list(range(1, len(members) + 1))
    assert [name for _, name in rows] == [m.name for m in members]


def test_former_members_are_left_out(branch46):
    member = active_members()[0]
    change_status(member.id, "transferred_out", TODAY, destination="青山镇社区党支部", today=TODAY)
    text = squeezed("".join(page_texts(build_roster(today=TODAY).pdf)))
    assert member.id_number not in text
    assert f"共{len(active_members())}人" in text


def test_unmasked_roster_shows_full_numbers(branch46):
    text = squeezed("".join(page_texts(build_roster(today=TODAY).pdf)))
    for m in active_members():
        assert m.id_number in text
        if m.phone:
            assert m.phone in text


def test_masked_roster_shows_no_full_id_number_or_phone(branch46):
    report = build_roster(today=TODAY, mask=True)
    text = squeezed("".join(page_texts(report.pdf)))
    phones = 0
    for m in active_members():
        assert m.id_number not in text
        assert mask_id_number(m.id_number) in text
        if m.phone:
            phones += 1
            assert m.phone not in text
            assert mask_phone(m.phone) in text
    assert phones > 30
    assert "370124********" in text


def test_fonts_are_embedded_as_subsets(branch46):
    assert_fonts_embedded_subsets(build_roster(today=TODAY).pdf)


def test_all_text_is_inside_the_margins(branch300):
    assert_inside_margins(build_roster(today=TODAY).pdf, form=True)


def test_long_address_wraps_inside_its_cell(branch46):
    member = sorted(active_members(), key=lambda m: (m.name_pinyin, m.id))[0]
    address = "青山镇东坡村第十二村民小组新农村示范片区幸福路东段一百二十八号院内三号楼二单元"
    update_member(member.id, {"address": address}, today=TODAY)
    report = build_roster(today=TODAY)
    assert_inside_margins(report.pdf, form=True)
    with open_pdf(report.pdf) as doc:
        page = doc.pages[0]
        header_bottom = page.search("公民身份号码")[0]["bottom"]
        left = page.search("人员类别")[0]["x1"]      # the column before
        right = min(m["x0"] for m in page.search(r"(?<![\dX])1[3-9]\d{9}(?![\dX])", regex=True))   # the phones after
        column = [c for c in page.chars if c["top"] > header_bottom and c["x0"] > left and c["x1"] < right]
        column.sort(key=lambda c: (round(c["top"]), c["x0"]))
        text = "".join(c["text"] for c in column)
        assert address in text          # all of it, in order, inside the address column
        lines = {round(c["top"]) for c in column if c["text"] in address}
        assert len(lines) >= 3          # wrapped over several lines, none cut off


def test_roster_without_members_is_refused_with_a_reason(opened):
    with pytest.raises(UserError, match="还没有在册党员"):
        build_roster(today=TODAY)


def test_the_hamlet_is_printed_with_an_address_that_does_not_say_it(branch46):
    first, second = sorted(active_members(), key=lambda m: (m.name_pinyin, m.id))[:2]
    update_member(first.id, {"address": "东坡村18号", "hamlet": "河东组"}, today=TODAY)
    update_member(second.id, {"address": "东坡村3组48号", "hamlet": "东坡村3组"}, today=TODAY)
    text = squeezed("".join(page_texts(build_roster(today=TODAY).pdf)))
    assert "东坡村18号（河东组）" in text
    assert "东坡村3组48号" in text and "东坡村3组48号（" not in text


def test_month_only_dates_print_as_the_month(branch46):
    member = sorted(active_members(), key=lambda m: (m.name_pinyin, m.id))[0]
    update_member(member.id, {"joined_on": "1968.07", "full_member_on": "1969.07"}, today=TODAY)
    assert Member.get_by_id(member.id).month_only == "joined_on,full_member_on"
    text = squeezed("".join(page_texts(build_roster(today=TODAY).pdf)))
    assert "1968.07" in text and "1969.07" in text
