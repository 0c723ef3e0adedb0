"""党小组名册: each group with its leader and members, read back from the PDF."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dangjian_desktop.core.groups import list_groups
from dangjian_desktop.core.members import create_member
from dangjian_desktop.core.membership import unassigned_member_ids
from dangjian_desktop.core.privacy import mask_phone
from dangjian_desktop.db.models import Member
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.group_roster import build_group_roster
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

pytestmark = pytest.mark.usefixtures("bundled_fonts")  # page counts are for the bundled font


def test_group_roster_is_portrait_a4_with_page_numbers(branch46):
    report = build_group_roster(today=TODAY)
    assert not report.landscape
    with open_pdf(report.pdf) as doc:
        assert len(doc.pages) == report.pages == 2
        for page in doc.pages:
            assert page.width == pytest.approx(A4_SHORT, abs=0.1)
            assert page.height == pytest.approx(A4_LONG, abs=0.1)
    texts = page_texts(report.pdf)
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {len(texts)} 页" in text


def test_every_group_is_listed_with_its_leader_and_members(branch46):
    text = "\n".join(page_texts(build_group_roster(today=TODAY).pdf))
    flat = squeezed(text)
    groups = list_groups()
    assert len(groups) == 3
    members = {m.id: m for m in Member.select()}
    for group in groups:
        assert group.name in text
        leader = members[group.leader_id].name
        assert f"党小组长：{leader}；党员{len(group.member_ids)}人" in flat
        for member_id in group.member_ids:
            assert members[member_id].name in text
    assert "东坡村党支部党小组名册" in text
    assert "制表日期：2026年11月26日" in text


def test_leader_comes_first_in_the_group_table(branch46):
    text = "\n".join(page_texts(build_group_roster(today=TODAY).pdf))
    members = {m.id: m.name for m in Member.select()}
    lines = text.splitlines()
    first_rows = [i for i, line in enumerate(lines) if re.match(r"^1 \S+ [男女] ", line)]
    leaders = [members[g.leader_id] for g in list_groups()]
    assert [lines[i].split()[1] for i in first_rows] == leaders
    # The 备注 cell of that row says so (a wrapped cell spreads over the lines around it).
    assert all("党小组长" in "".join(lines[i - 1:i + 2]) for i in first_rows)


def test_member_in_no_group_is_listed_at_the_end(branch46):
    create_member({"name": "新来的", "gender": "女", "category": "正式党员", "birth_date": dt.date(1980, 5, 1),
                   "joined_on": dt.date(2005, 7, 1), "full_member_on": dt.date(2006, 7, 1),
                   "phone": "13912345678", "address": "东坡村5组1号"}, today=TODAY)
    assert len(unassigned_member_ids()) == 1
    texts = page_texts(build_group_roster(today=TODAY).pdf)
    last = texts[-1]
    assert "未编入党小组的党员" in last
    assert "新来的" in last
    assert "未编入党小组 1 人" in texts[0]


def test_masked_group_roster_hides_phones(branch46):
    text = squeezed("".join(page_texts(build_group_roster(today=TODAY, mask=True).pdf)))
    checked = 0
    for m in Member.select().where((Member.status == "active") & (Member.phone != "")):
        assert m.phone not in text
        assert mask_phone(m.phone) in text
        checked += 1
    assert checked > 30


def test_group_roster_of_300_members_stays_inside_margins_with_embedded_fonts(branch300):
    report = build_group_roster(today=TODAY)
    assert report.pages == 11             # 16 with the 公文 margins and rows of before
    assert_inside_margins(report.pdf, form=True)
    assert_fonts_embedded_subsets(report.pdf)
    text = "".join(page_texts(report.pdf))
    for group in list_groups():
        assert group.name in text


def test_group_roster_without_groups_is_refused(opened):
    with pytest.raises(UserError, match="还没有设置党小组"):
        build_group_roster(today=TODAY)


def test_a_flow_member_without_destination_is_printed_as_such(branch46):
    from dangjian_desktop.core.members import update_member

    member = Member.select().where((Member.status == "active") & (Member.is_flow == True)).first()  # noqa: E712
    update_member(member.id, {"flow_destination": "", "hamlet": "河东组", "address": "东坡村18号"}, today=TODAY)
    with open_pdf(build_group_roster(today=TODAY).pdf) as doc:
        rows = [[squeezed(c or "") for c in row] for page in doc.pages for table in page.extract_tables()
                for row in table]
    row = next(r for r in rows if member.name in r)
    assert "东坡村18号（河东组）" in row and "流动党员，外出流向待补" in row
