"""签到表: every expected attendee once, blank cells for ink, printable before the meeting."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dangjian_desktop.core import activities, attendance
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.activity_record import activity_record
from dangjian_desktop.core.activity_roster import Roster, expected_members
from dangjian_desktop.core.attendance import ABSENT, LEAVE
from dangjian_desktop.db.models import Activity, CommitteePost, GroupMembership, Member, PartyGroup
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.signin import MIN_ROW_HEIGHT_MM, build_signin
from tests.activity_branch import make_branch
from tests.conftest import TODAY
from tests.demo_cache import load_demo
from tests.pdf_checks import (
    MM,
    assert_fonts_embedded_subsets,
    assert_inside_margins,
    open_pdf,
    page_texts,
    squeezed,
)
from tests.test_report_minutes import assert_page_numbers, assert_portrait_a4, body_lines

HEADER = "序号 姓名 签名 请假/缺席原因 备注"
HEADER_CELLS = ["序号", "姓名", "签名", "请假/缺席原因", "备注"]
TWO_UP_HEADER = "序号 姓名 签名 备注 序号 姓名 签名 备注"
TWO_UP_CELLS = ["序号", "姓名", "签名", "备注"] * 2
ROW = re.compile(r"^(\d+) (\S+)")


pytestmark = pytest.mark.usefixtures("bundled_fonts")  # page counts are for the bundled font


@pytest.fixture
def demo(opened):
    load_demo(46, seed=7, today=TODAY)
    return opened


def planned(kind: str) -> Activity:
    return (Activity.select().where((Activity.kind == kind) & (Activity.status == "planned"))
            .order_by(Activity.date).first())


def table_rows(pdf: bytes) -> list[list[str]]:
    """The sign-in table read back from its ruled grid, page after page: each row's cells
    (a wrapped cell joined up; a caption row is one cell); header rows left out."""
    rows = []
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    cells = [squeezed(c) for c in row if c is not None]
                    if cells not in (HEADER_CELLS, TWO_UP_CELLS):
                        rows.append(cells)
    return rows


def people(pdf: bytes) -> list[list[str]]:
    """One entry per person (序号, 姓名, 签名, then the notes), from rows of one person or two."""
    out = []
    for r in table_rows(pdf):
        if len(r) == 5:
            out.append(r)
        elif len(r) == 8:
            out += [half for half in (r[:4], r[4:]) if any(half)]
    return out


def numbered_rows(pdf: bytes) -> list[tuple[int, str]]:
    """(序号, 姓名) of every attendee, in page order."""
    return [(int(p[0]), p[1]) for p in people(pdf) if p[0].isdigit()]


def notes_by_name(pdf: bytes) -> dict[str, str]:
    return {p[1]: p[-1] for p in people(pdf) if p[0].isdigit()}


def test_planned_theme_day_lists_every_member_once_with_room_to_sign(demo):
    activity = planned("theme_day")
    expected = expected_members("theme_day", activity.date)
    report = build_signin(activity_id=activity.id)
    assert report.title == f"{activity.title}签到表"
    rows = numbered_rows(report.pdf)
    assert [number for number, _ in rows] == list(range(1, len(expected) + 1))
    assert sorted(name for _, name in rows) == sorted(e.name for e in expected)
    texts = page_texts(report.pdf)
    assert len(texts) == report.pages == 2          # two to a row: at most ⌈n/22⌉ pages
    assert report.pages <= -(-len(expected) // 22)
    for text in texts:
        assert TWO_UP_HEADER in text                # the header row on every page
    assert_page_numbers(texts)
    assert_portrait_a4(report.pdf)
    assert_fonts_embedded_subsets(report.pdf)
    assert_inside_margins(report.pdf, form=True)


def test_title_names_the_meeting_its_date_and_place(demo):
    activity = planned("theme_day")
    first = page_texts(build_signin(activity_id=activity.id).pdf)[0]
    lines = first.splitlines()
    assert lines[:2] == ["签到表", activity.title]
    counted = Roster().expected_count("theme_day", activity.date)
    assert f"党组织：东坡村党支部 应到：{counted} 人" in lines
    assert "时间：2026年12月10日（星期四）＿＿时＿＿分" in first
    assert "地点：＿＿＿＿＿＿＿＿ 主持人：＿＿＿＿" in first         # planned: blanks for the pen
    last = page_texts(build_signin(activity_id=activity.id).pdf)[-1]
    assert f"应到 {counted} 人，实到 ＿＿＿＿ 人，请假 ＿＿＿＿ 人，缺席 ＿＿＿＿ 人。" in last
    assert "记录人（签字）：" in last and "核对人（签字）：" in last


def test_rows_are_tall_enough_to_sign_in_ink(demo):
    report = build_signin(activity_id=planned("theme_day").id)
    with open_pdf(report.pdf) as doc:
        page = doc.pages[0]
        (table,) = page.find_tables()
        heights = [row.bbox[3] - row.bbox[1] for row in table.rows[1:] if len([c for c in row.cells if c]) > 2]
        assert len(heights) > 10
        assert min(heights) >= MIN_ROW_HEIGHT_MM * MM - 0.5
        # the 签名 cells are wide and blank for everyone
        header_cells = table.rows[0].cells
        for index in (2, 6):
            left, _top, right, _bottom = header_cells[index]
            assert right - left >= 30 * MM
    assert all(person[2] == "" for person in people(report.pdf))


def test_members_are_grouped_by_party_group_at_an_all_member_meeting(demo):
    activity = planned("theme_day")
    rows = table_rows(build_signin(activity_id=activity.id).pdf)
    groups = [g.name for g in PartyGroup.select().order_by(PartyGroup.sort_order)]
    captions = [r[0] for r in rows if len(r) == 1]
    assert captions == groups + ["列席人员"]
    where = {}
    current = None
    for row in rows:
        if len(row) == 1:
            current = row[0]
        elif row[0].isdigit():
            where[row[1]] = current
    day = activity.date
    checked = 0
    for m, g in (GroupMembership.select(GroupMembership.member, PartyGroup.name).join(PartyGroup)
                 .where((GroupMembership.start_on <= day) & GroupMembership.end_on.is_null()).tuples()):
        name = Member.get_by_id(m).name
        if name in where:
            assert where[name] == g
            checked += 1
    assert checked == len(where)


def test_flow_members_away_are_noted_and_explained(demo):
    activity = planned("theme_day")
    away = [e for e in expected_members("theme_day", activity.date) if e.excluded]
    assert away
    report = build_signin(activity_id=activity.id)
    notes = notes_by_name(report.pdf)
    for e in away:                         # two to a row: "外出：…" in the narrow note cell
        assert notes[e.name] == squeezed(e.excluded_reason.replace("流动党员，外出在", "外出："))
    text = squeezed("".join(body_lines(report.pdf)))
    assert "注：备注中写明外出的流动党员等，按规定不计入应到人数。" in text


def test_committee_and_group_sheets_list_only_their_people(demo):
    committee = planned("committee")
    names = [name for _, name in numbered_rows(build_signin(activity_id=committee.id).pdf)]
    seated = {m.name for m in Member.select().join(CommitteePost, on=(CommitteePost.member == Member.id))}
    assert names and set(names) == seated

    meeting = planned("group_meeting")
    names = [name for _, name in numbered_rows(build_signin(activity_id=meeting.id).pdf)]
    members = {Member.get_by_id(m).name for (m,) in GroupMembership.select(GroupMembership.member)
               .where((GroupMembership.group == meeting.group_id) & GroupMembership.end_on.is_null()).tuples()}
    assert names and set(names) == members
    text = "".join(page_texts(build_signin(activity_id=meeting.id).pdf))
    assert "列席人员" not in text          # no guest rows at a group meeting


def test_closing_lines_never_stand_alone_on_a_last_page(demo):
    checked = 0
    for activity in Activity.select().order_by(Activity.id):
        report = build_signin(activity_id=activity.id)
        last = page_texts(report.pdf)[-1]
        assert "记录人（签字）：" in last
        assert HEADER in last or TWO_UP_HEADER in last, f"{activity.title}: the last page has no rows"
        checked += 1
    assert checked > 70


def test_held_meeting_fills_in_what_was_recorded(opened):
    branch = make_branch()
    a = activities.create(ActivityInfo(kind="party_congress", date=dt.date(2026, 10, 10), chair_id=branch.full[0],
                                       recorder_id=branch.full[1], place="村委会会议室", start_time="9:00"))
    activities.mark_held(a.id, today=TODAY)
    attendance.mark_rest_present(a.id)
    attendance.set_attendance(a.id, branch.full[2], LEAVE, "生病住院")
    attendance.set_attendance(a.id, branch.full[3], ABSENT, "未说明原因")
    attendance.add_guest(a.id, "王海涛", "青山镇党委组织委员")
    report = build_signin(activity_id=a.id)
    rows = {p[1]: p for p in people(report.pdf)}       # 12 people: two to a row, reason and note in 备注
    assert rows["张伟"][3] == "请假：生病住院"
    assert rows["刘洋"][3] == "缺席：未说明原因"
    assert rows["王海涛"] == ["", "王海涛", "", "青山镇党委组织委员"]
    for member_id in branch.probationary:
        assert rows[Member.get_by_id(member_id).name][3] == "预备党员，无表决权"   # no vote at a 党员大会
    assert rows["王建国"][2:] == ["", ""]
    text = squeezed("".join(body_lines(report.pdf)))
    assert "时间：2026年10月10日（星期六）9:00" in text and "地点：村委会会议室主持人：王建国" in text
    c = activity_record(a.id).counts
    assert f"应到{c.expected}人，实到{c.present}人，请假1人，缺席1人。" in text


def test_talk_without_participants_gives_numbered_blank_rows(opened):
    make_branch()
    a = activities.create(ActivityInfo(kind="talk", date=dt.date(2026, 12, 20)))
    report = build_signin(activity_id=a.id)
    assert "参加人员请在表中写上姓名，本人签名，不要代签。" in body_lines(report.pdf)
    assert table_rows(report.pdf) == [[str(n), "", "", "", ""] for n in range(1, 13)]


def test_unknown_activity_is_refused(opened):
    with pytest.raises(UserError, match="找不到编号为 7 的活动"):
        build_signin(activity_id=7)


def test_flow_members_counted_as_expected_are_still_marked_on_a_sheet_printed_before(demo):
    from dangjian_desktop.core.settings import put

    put("activity_exclude_flow", False)
    activity = planned("theme_day")
    record = activity_record(activity.id)
    flow = [a for a in record.attendees if a.flow]
    assert flow
    report = build_signin(activity_id=activity.id)
    notes = notes_by_name(report.pdf)
    for a in flow:
        assert "流动党员" in notes[a.name]


def test_a_destination_still_to_be_filled_in_is_not_printed_as_a_place(demo):
    from dangjian_desktop.core.members import update_member

    activity = planned("theme_day")
    member = next(e for e in expected_members("theme_day", activity.date) if e.excluded)
    update_member(member.member_id, {"flow_destination": ""}, today=TODAY)
    again = next(e for e in Roster().expected("theme_day", activity.date) if e.member_id == member.member_id)
    assert again.excluded_reason == "流动党员，外出"
