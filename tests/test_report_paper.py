"""What the paper must hold, checked across a sweep of branch sizes by reading the PDFs back:
rows per page, last pages, signatures that share a page with the record, continuations, and
masking that leaves every member's ID number unrecoverable from the page."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re

import pytest

from dangjian_desktop.core import activities
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.db.models import Activity, Branch, GroupMembership, Member, PartyGroup
from dangjian_desktop.reports.annual_plan import build_annual_plan
from dangjian_desktop.reports.group_roster import build_group_roster
from dangjian_desktop.reports.minutes import build_minutes
from dangjian_desktop.reports.roster import build_roster
from dangjian_desktop.reports.signin import build_signin
from dangjian_desktop.reports.tables import LONELY_ROWS
from tests.conftest import TODAY
from tests.demo_cache import load_demo
from tests.pdf_checks import MM, assert_inside_margins, open_pdf, page_texts

pytestmark = pytest.mark.usefixtures("bundled_fonts")

ROW_NUMBER = re.compile(r"^(\d{1,4}) ", re.MULTILINE)
ROSTER_SIZES = (9, 31, 57, 90, 160, 330)     # demo records (a few become former members)
TIGHTEST_PITCH = 10.5 * 1.22 + 2 * 0.8 + 0.3  # points: a roster row at its tightest


def roster_rows_per_page(pdf: bytes) -> list[list[float]]:
    """The top of every numbered row, page by page."""
    out = []
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            out.append(sorted(w["top"] for w in page.extract_words()
                              if w["x0"] < 30 * MM and re.fullmatch(r"\d{1,4}", w["text"])
                              and w["top"] < page.height - 20 * MM))
    return out


@pytest.mark.parametrize("records", ROSTER_SIZES)
def test_a_roster_page_holds_at_least_22_members_and_no_last_page_is_left_with_one_or_two(opened, records):
    load_demo(records, seed=7, today=TODAY)
    report = build_roster(today=TODAY)
    pages = roster_rows_per_page(report.pdf)
    assert sum(len(p) for p in pages) == Member.select().where(Member.status == "active").count()
    for number, tops in enumerate(pages[:-1], start=1):
        assert len(tops) >= 22, f"page {number} of {len(pages)} holds {len(tops)} members"
    if len(pages) > 1 and len(pages[-1]) <= LONELY_ROWS:
        before = pages[-2]
        pitch = min(b - a for a, b in itertools.pairwise(before))
        assert pitch <= TIGHTEST_PITCH, "the last rows could have been pulled back"
    last = page_texts(report.pdf)[-1]
    assert "填表人：" in last and "党组织（盖章）：" in last and ROW_NUMBER.search(last)
    assert_inside_margins(report.pdf, form=True)


def id_candidates(masked: str, birth_month: str, gender: str) -> int:
    """How many ID numbers fit what a masked row prints: the visible characters, the 出生年月 and
    the 性别. An ID number is place (6) + birth date (8) + sequence (3, odd for men) + check
    (1, computed from the rest): every day of the month and sequence of that parity whose
    digits agree with the visible ones gives exactly one valid number."""
    year, month = (int(part) for part in birth_month.split("."))
    count = 0
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        for seq in range(1 if gender == "男" else 0, 1000, 2):
            first17 = f"{masked[:6]}{year:04d}{month:02d}{day:02d}{seq:03d}"
            number = first17 + check_char(first17)
            if all(shown in ("*", real) for shown, real in zip(masked, number)):
                count += 1
    return count


def test_a_masked_roster_leaves_a_thousand_possible_id_numbers_and_phones_for_every_member(opened):
    load_demo(60, seed=7, today=TODAY)
    report = build_roster(today=TODAY, mask=True)
    checked = 0
    with open_pdf(report.pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    cells = [(c or "").replace("\n", "") for c in row]
                    if not (cells and cells[0].isdigit()):
                        continue
                    _n, _name, gender, _eth, masked, birth = cells[:6]
                    assert id_candidates(masked, birth, gender) >= 1000
                    phone = cells[11]
                    if phone:
                        assert phone.count("*") >= 3            # 10^4 numbers at least
                    checked += 1
    assert checked == Member.select().where(Member.status == "active").count()
    assert "内部资料" not in "".join(page_texts(report.pdf))       # a masked list may be posted
    assert "内部资料" in page_texts(build_roster(today=TODAY).pdf)[0]


# --- sign-in sheets ---------------------------------------------------------------------------

def branch_of(count: int, groups: int = 2) -> None:
    Branch.create(name="东坡村党支部")
    made = [PartyGroup.create(name=f"第{'一二三四五'[g]}党小组", sort_order=g).id for g in range(groups)]
    for index in range(count):
        member = Member.create(name=f"党员{index:03d}", name_pinyin=f"dangyuan{index:03d}", category="正式党员",
                               joined_on=dt.date(2000, 7, 1), full_member_on=dt.date(2001, 7, 1))
        GroupMembership.create(member=member.id, group=made[index * groups // count], start_on=dt.date(2020, 1, 1))


@pytest.mark.parametrize("count", [5, 12, 15, 16, 17, 22, 23, 30, 44, 45, 51, 66, 90, 200])
def test_a_sign_in_sheet_for_n_people_takes_at_most_n_over_22_pages_with_rows_to_sign_in(opened, count):
    branch_of(count)
    meeting = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 12, 10)))
    report = build_signin(activity_id=meeting.id)
    assert report.pages <= -(-count // 22), f"{count} people on {report.pages} pages"
    with open_pdf(report.pdf) as doc:
        heights, numbers = [], []
        for page in doc.pages:
            for table in page.find_tables():
                for row, cells in zip(table.rows, table.extract()):
                    found = [int(c) for c in cells if (c or "").strip().isdigit()]
                    if found:                                           # a row of people
                        heights.append(row.bbox[3] - row.bbox[1])
                        numbers += found
        assert numbers == list(range(1, count + 1))
        assert min(heights) >= 9 * MM - 0.5
    texts = page_texts(report.pdf)
    if len(texts) > 1:                      # the closing is kept with rows: people's, or the 列席 rows
        rows_part = texts[-1].split("应到 ")[0]
        assert ROW_NUMBER.search(rows_part) or "列席人员" in rows_part, "the last page holds only the closing"
    assert "记录人（签字）：" in texts[-1]
    assert_inside_margins(report.pdf, form=True)


def test_a_page_that_starts_inside_a_group_says_which_it_continues(opened):
    branch_of(200, groups=3)
    meeting = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 12, 10)))
    texts = page_texts(build_signin(activity_id=meeting.id).pdf)
    assert len(texts) > 2
    continued = [t.splitlines()[0] for t in texts[1:] if "党小组（续）" in t.splitlines()[0]]
    assert continued                                           # a group runs over a page break
    for text in texts[1:]:
        header, first_row = text.splitlines()[0], text.splitlines()[2]
        starts_with_group = first_row.startswith("第") and first_row.endswith("党小组")
        assert ("（续）" in header.split("签到表（续）")[-1]) != starts_with_group


# --- group roster, plan ----------------------------------------------------------------------

@pytest.mark.parametrize("records", [46, 300])
def test_a_group_roster_never_leaves_a_heading_with_less_than_three_members_at_a_page_foot(opened, records):
    load_demo(records, seed=7, today=TODAY)
    report = build_group_roster(today=TODAY)
    groups = {g.name: g for g in PartyGroup.select()}
    texts = page_texts(report.pdf)
    for number, text in enumerate(texts, start=1):
        lines = text.splitlines()
        headings = [i for i, line in enumerate(lines) if line in groups or line == "未编入党小组的党员"]
        if not headings:
            continue
        last = headings[-1]
        rows = [line for line in lines[last:] if ROW_NUMBER.match(line)]
        size = GroupMembership.select().where((GroupMembership.group == groups[lines[last]].id)
                                              & GroupMembership.end_on.is_null()).count() \
            if lines[last] in groups else len(rows)
        assert len(rows) >= min(3, size), f"page {number}: {lines[last]} with {len(rows)} rows at the foot"
        if number > 1 and not (lines[1] in groups or lines[1] == "未编入党小组的党员"):
            assert "（续）" in lines[0].split("党小组名册（续）")[-1], f"page {number} does not say what it continues"
    assert "填表人：" in texts[-1] and "党组织（盖章）：" in texts[-1]


def test_a_plan_page_that_starts_inside_a_month_says_so(opened):
    load_demo(46, seed=7, today=TODAY)
    texts = page_texts(build_annual_plan(year=2026, today=TODAY).pdf)
    for text in texts[1:]:
        header, *rest = text.splitlines()
        first_row = next(line for line in rest if not line.startswith("日期"))
        starts_with_month = re.fullmatch(r"\d{1,2}月", first_row) is not None or first_row.startswith("第")
        said = re.search(r"(\d{1,2}月)（续）$", header)
        assert bool(said) != starts_with_month, header


# --- minutes: the signatures share a page with the record ---------------------------------------

@pytest.mark.parametrize("records", [40, 200])
def test_the_signature_lines_of_minutes_never_stand_alone_on_a_last_page(opened, records):
    load_demo(records, seed=7, today=TODAY)
    checked = 0
    for activity in Activity.select().where(Activity.status.in_(["held", "finalized"])).order_by(Activity.id):
        report = build_minutes(activity_id=activity.id)
        last = page_texts(report.pdf)[-1].splitlines()
        end = next(i for i, line in enumerate(last) if line.startswith("本记录为"))
        content = [line for line in last[1 if report.pages > 1 else 0:end] if line.strip()]
        assert len(content) >= 2, f"{activity.title}: page {report.pages} holds only {content}"
        checked += 1
    assert checked > 20
