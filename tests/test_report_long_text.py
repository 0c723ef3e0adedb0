"""Every printed form prints whatever the database holds: values far longer than entry and
import allow (stored before the limits, or written by another program) wrap, run over rows and
pages, and are read back whole; nothing is drawn outside the margins; a character no font has
prints as □ and an invisible direction mark is dropped, never a blank or a reordered name."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dangjian_desktop.core import activities
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.db.models import (
    Activity,
    ActivityGuest,
    Attendance,
    Branch,
    Decision,
    Member,
    MinutesRevision,
    PartyGroup,
)
from dangjian_desktop.reports.annual_plan import build_annual_plan
from dangjian_desktop.reports.catalog import missing_characters_note
from dangjian_desktop.reports.group_roster import build_group_roster
from dangjian_desktop.reports.minutes import build_minutes
from dangjian_desktop.reports.page import DOCUMENT_MARGINS, FORM_MARGINS, PageGeometry
from dangjian_desktop.reports.roster import build_roster
from dangjian_desktop.reports.signin import build_signin
from dangjian_desktop.reports.tables import CONTINUED_MARK
from tests.activity_branch import make_branch
from tests.conftest import TODAY
from tests.pdf_checks import assert_inside_margins, open_pdf, page_texts, squeezed
from tests.test_report_minutes import WATERMARK_MIN_SIZE, held_congress, write_minutes

pytestmark = pytest.mark.usefixtures("bundled_fonts")


def long_text(alphabet: str, length: int) -> str:
    """``length`` characters cycling through ``alphabet`` (rare characters no other text uses,
    so that a value can be picked out of the page text whatever is printed beside it)."""
    return (alphabet * (length // len(alphabet) + 1))[:length]


# One alphabet per stored field: no two share a character, none is in the forms' own words.
NAME = long_text("夔魑魅魍魉", 1000)
ADDRESS = long_text("犄旮旯兀", 240)
NOTE = long_text("鼹鼢鼩", 400)
JOB = long_text("耄耋", 120)
GROUP = long_text("氽氹汆", 200)
GROUP_PLACE = long_text("甑甏", 300)
BRANCH = long_text("峁峋峒", 150)
TITLE = long_text("嵊嵋嵘", 300)
PLACE = long_text("彀彖", 300)
TOPIC = long_text("蚣蚪蚓", 5000)
DECISION = long_text("趑趄", 3000)
REASON = long_text("醍醐", 500)
GUEST = long_text("觚觞", 200)
# A paragraph of 5,000 characters without a space: Chinese, then a run of Latin letters and digits.
SECTION = long_text("耒耜", 3000) + long_text("Qz7", 2000)


def body_text(pdf: bytes, *, form: bool) -> str:
    """The pages' text without page numbers, running headers and the 草稿 mark, in one string."""
    geometry = PageGeometry(form=form)
    margins = FORM_MARGINS if form else DOCUMENT_MARGINS
    out = []
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            top = margins.top + (geometry.header_height if page.page_number > 1 else 0) - 1
            bottom = page.height - margins.bottom - geometry.footer_height + 1
            body = page.crop((0, top, page.width, bottom)).filter(lambda o: o.get("size", 0) < WATERMARK_MIN_SIZE)
            out.append(body.extract_text() or "")
    return "".join(out)


def picked(text: str, alphabet: str) -> str:
    """The characters of ``alphabet`` in ``text``, in reading order."""
    chars = set(alphabet)
    return "".join(ch for ch in text if ch in chars)


def assert_printed_whole(pdf: bytes, values: list[str], *, form: bool) -> None:
    text = body_text(pdf, form=form)
    for value in values:
        assert value in picked(text, value), f"{value[:6]}… ({len(value)} characters) is not printed whole"


@pytest.fixture
def hostile(opened):
    """A small branch whose stored values are far longer than entry allows (written past the
    checks, as an old database or another program may hold them)."""
    branch = make_branch()
    Branch.update(name=BRANCH).execute()
    first, second, third = branch.full[:3]
    Member.update(name=NAME).where(Member.id == first).execute()
    Member.update(address=ADDRESS, job=JOB).where(Member.id == second).execute()
    Member.update(note=NOTE).where(Member.id == third).execute()
    PartyGroup.update(name=GROUP, meeting_place=GROUP_PLACE, note=NOTE).where(
        PartyGroup.id == branch.groups[0]).execute()
    return branch


def make_long(activity_id: int) -> None:
    Activity.update(title=TITLE, place=PLACE, topic=TOPIC).where(Activity.id == activity_id).execute()


def test_roster_prints_every_overlong_value(hostile):
    report = build_roster(today=TODAY)
    assert report.pages >= 2
    assert_printed_whole(report.pdf, [NAME, ADDRESS, NOTE, JOB, BRANCH], form=True)
    assert CONTINUED_MARK in "".join(page_texts(report.pdf))       # a cell carried on to the next row
    assert_inside_margins(report.pdf, form=True)


def test_group_roster_prints_every_overlong_value(hostile):
    report = build_group_roster(today=TODAY)
    assert_printed_whole(report.pdf, [NAME, ADDRESS, NOTE, GROUP, GROUP_PLACE, BRANCH], form=True)
    assert_inside_margins(report.pdf, form=True)


def test_minutes_print_every_overlong_value(hostile):
    aid = held_congress(hostile)
    content = write_minutes(aid)
    content.sections[0].text = SECTION
    content.summary = SECTION
    MinutesRevision.update(content=json.dumps(content.to_dict(), ensure_ascii=False)).where(
        MinutesRevision.activity == aid).execute()
    make_long(aid)
    Decision.update(text=DECISION).where(Decision.activity == aid).execute()
    Attendance.update(reason=REASON).where((Attendance.activity == aid) & (Attendance.state != "出席")).execute()
    ActivityGuest.update(name=GUEST, role=GUEST).where(ActivityGuest.activity == aid).execute()
    report = build_minutes(activity_id=aid)
    assert_printed_whole(report.pdf, [TITLE, PLACE, TOPIC, DECISION, REASON, GUEST, BRANCH], form=False)
    assert squeezed(SECTION) in squeezed(body_text(report.pdf, form=False))
    assert_inside_margins(report.pdf)


def test_blank_minutes_and_sign_in_sheet_of_a_planned_meeting_print_every_overlong_value(hostile):
    activity = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 12, 10)))
    make_long(activity.id)
    blank = build_minutes(activity_id=activity.id)
    assert_printed_whole(blank.pdf, [TITLE, PLACE, TOPIC], form=True)
    assert_inside_margins(blank.pdf, form=True)
    sheet = build_signin(activity_id=activity.id)
    assert_printed_whole(sheet.pdf, [TITLE, PLACE, TOPIC, NAME, GROUP, BRANCH], form=True)
    assert_inside_margins(sheet.pdf, form=True)


def test_sign_in_sheet_of_a_held_meeting_prints_long_reasons(hostile):
    aid = held_congress(hostile)
    make_long(aid)
    Attendance.update(reason=REASON).where((Attendance.activity == aid) & (Attendance.state != "出席")).execute()
    ActivityGuest.update(name=GUEST, role=GUEST).where(ActivityGuest.activity == aid).execute()
    report = build_signin(activity_id=aid)
    assert_printed_whole(report.pdf, [TITLE, PLACE, NAME, REASON, GUEST], form=True)
    assert_inside_margins(report.pdf, form=True)


def test_annual_plan_prints_every_overlong_value(hostile):
    held = held_congress(hostile)
    make_long(held)
    group_meeting = activities.create(ActivityInfo(kind="group_meeting", date=dt.date(2026, 5, 8),
                                                   group_id=hostile.groups[0]))
    Activity.update(title=TITLE, topic=TOPIC).where(Activity.id == group_meeting.id).execute()
    report = build_annual_plan(year=2026, today=TODAY)
    assert_printed_whole(report.pdf, [TOPIC, GROUP, BRANCH], form=True)
    assert_inside_margins(report.pdf, form=True)


def test_emoji_prints_as_a_box_and_a_direction_mark_is_dropped(opened):
    branch = make_branch()
    Member.update(name="王😀").where(Member.id == branch.full[0]).execute()
    Member.update(name="李\u200f明").where(Member.id == branch.full[1]).execute()
    report = build_roster(today=TODAY)
    text = "".join(page_texts(report.pdf))
    assert "王□" in text                          # visible, never a blank
    assert "李明" in text                          # the mark dropped: nothing reordered, nothing blank
    assert report.missing == ("😀",)
    note = missing_characters_note(report)
    assert note is not None and "U+1F600" in note and "王😀" in note
