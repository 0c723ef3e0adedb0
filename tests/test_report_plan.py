"""年度工作计划: the year's activities by quarter and month, read back from the PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import activities
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.activity_plan import apply_plan
from dangjian_desktop.core.activity_record import year_plan
from dangjian_desktop.db.models import Activity, PartyGroup
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.annual_plan import build_annual_plan
from tests.activity_branch import make_branch
from tests.conftest import TODAY
from tests.demo_cache import load_demo
from tests.pdf_checks import (
    assert_fonts_embedded_subsets,
    assert_inside_margins,
    open_pdf,
    page_texts,
    squeezed,
)
from tests.test_report_minutes import assert_page_numbers, assert_portrait_a4, body_lines, flowing_text

HEADER_CELLS = ["日期", "活动", "参加人员", "主要内容", "备注"]


pytestmark = pytest.mark.usefixtures("bundled_fonts")  # page counts are for the bundled font


@pytest.fixture
def demo(opened):
    load_demo(46, seed=7, today=TODAY)
    return opened


def plan_tables(pdf: bytes) -> list[list[str]]:
    """Every row of the quarter tables (a month caption is one cell), header rows left out."""
    rows = []
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    cells = [squeezed(c) for c in row if c is not None]
                    if cells != HEADER_CELLS:
                        rows.append(cells)
    return rows


def test_demo_plan_lists_every_month_in_its_quarter(demo):
    report = build_annual_plan(year=2026, today=TODAY)
    assert report.title == "东坡村党支部2026年度工作计划"
    lines = body_lines(report.pdf)
    assert lines[0] == "东坡村党支部2026年度工作计划"
    assert "党组织：东坡村党支部 制表日期：2026年11月26日" in lines
    quarters = [line for line in lines if line.startswith("第") and "季度（" in line]
    assert quarters == ["第一季度（1—3月）", "第二季度（4—6月）", "第三季度（7—9月）", "第四季度（10—12月）"]
    captions = [r[0] for r in plan_tables(report.pdf) if len(r) == 1]
    assert captions == [f"{m}月" for m in range(1, 13)]
    assert_page_numbers(page_texts(report.pdf))
    assert_portrait_a4(report.pdf)
    assert_fonts_embedded_subsets(report.pdf)
    assert_inside_margins(report.pdf, form=True)


def test_every_activity_has_its_row_under_its_month(demo):
    plan = year_plan(2026)
    rows = plan_tables(build_annual_plan(year=2026, today=TODAY).pdf)
    month = None
    seen: dict[int, list[list[str]]] = {}
    for row in rows:
        if len(row) == 1:
            month = int(row[0].rstrip("月"))
        else:
            assert row[0].startswith(f"{month}月"), row          # a row sits under its own month
            seen.setdefault(month, []).append(row)
    groups = PartyGroup.select().count()
    for m in plan.months:
        listed = seen.get(m.month, [])
        single = [e for e in m.entries if e.kind != "group_meeting"]
        for e in single:
            assert [f"{e.date.month}月{e.date.day}日", kinds.kind(e.kind).short] in [r[:2] for r in listed]
        meetings = [e for e in m.entries if e.kind == "group_meeting"]
        if meetings:   # all groups on one day: one shared row
            (shared,) = [r for r in listed if r[1] == "党小组会"]
            assert shared[2] == "各党小组" and shared[3] == f"{groups}个党小组分别召开"
        assert len(listed) == len(single) + (1 if meetings else 0)


def test_held_activities_are_marked_and_the_year_is_summed_up(demo):
    plan = year_plan(2026)
    report = build_annual_plan(year=2026, today=TODAY)
    rows = [r for r in plan_tables(report.pdf) if len(r) == 5]
    december = [r for r in rows if r[0].startswith("12月")]
    assert december and all(r[4] == "" for r in december)              # not held yet
    january = [r for r in rows if r[0].startswith("1月")]
    assert january and all(r[4] == "已召开" for r in january)
    text = flowing_text(report.pdf)
    assert f"全年共安排活动{plan.count}项" in text
    assert "支部党员大会4次" in text and "主题党日12次" in text
    tail = body_lines(report.pdf)[-2:]
    assert tail == ["东坡村党支部（盖章）", "填表日期：2026年11月26日"]


def test_plan_shows_the_topic_and_who_attends(opened):
    branch = make_branch()
    apply_plan(2027)
    congress = Activity.get((Activity.kind == "party_congress") & (Activity.date == dt.date(2027, 1, 10)))
    info = activities.info(congress.id)
    info.topic = "审议2027年工作计划"
    activities.update(congress.id, info, today=TODAY)
    activities.create(ActivityInfo(kind="practice", date=dt.date(2027, 3, 5), title="学雷锋志愿服务"))
    rows = [r for r in plan_tables(build_annual_plan(year=2027, today=TODAY).pdf) if len(r) == 5]
    assert ["1月10日", "党员大会", "全体党员", "审议2027年工作计划", ""] in rows
    assert ["1月5日", "支委会", "支部委员", "", ""] in rows
    assert ["3月5日", "实践活动", "全体党员", "学雷锋志愿服务", ""] in rows
    assert ["1月15日", "党小组会", "各党小组", f"{len(branch.groups)}个党小组分别召开", ""] in rows


def test_a_year_without_a_plan_is_refused(demo):
    with pytest.raises(UserError, match="2031 年还没有活动计划"):
        build_annual_plan(year=2031, today=TODAY)


@pytest.mark.parametrize("year", [1800, 3000, "二〇二六"])
def test_a_wrong_year_is_refused(opened, year):
    with pytest.raises(UserError, match="请写成 2026 这样的四位数字"):
        build_annual_plan(year=year, today=TODAY)
