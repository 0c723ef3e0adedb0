"""会议记录: read the PDF back and check every field DOMAIN.md asks for, drafts, revisions and
minutes long enough to run over several pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dangjian_desktop.core import activities, attendance, corrections, decisions, minutes
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.activity_record import activity_record
from dangjian_desktop.core.attendance import ABSENT, LEAVE
from dangjian_desktop.core.decisions import DecisionInfo
from dangjian_desktop.db.models import Activity, Member, MinutesRevision
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.minutes import build_minutes
from dangjian_desktop.reports.text_setting import NO_LINE_END, NO_LINE_START
from tests.activity_branch import make_branch
from tests.conftest import TODAY
from tests.demo_cache import load_demo
from tests.pdf_checks import (
    A4_LONG,
    A4_SHORT,
    MM,
    assert_fonts_embedded_subsets,
    assert_inside_margins,
    open_pdf,
    page_texts,
    squeezed,
)

WATERMARK_MIN_SIZE = 50       # the 草稿 mark is far larger than any text


pytestmark = pytest.mark.usefixtures("bundled_fonts")  # page counts are for the bundled font


@pytest.fixture
def demo(opened):
    load_demo(46, seed=7, today=TODAY)
    return opened


def body_texts(pdf: bytes) -> list[str]:
    """Each page's text without the large 草稿 mark."""
    with open_pdf(pdf) as doc:
        return [page.filter(lambda o: o.get("size", 0) < WATERMARK_MIN_SIZE).extract_text() or ""
                for page in doc.pages]


def body_lines(pdf: bytes) -> list[str]:
    """The lines of text in reading order, without page numbers and running headers."""
    out = []
    for number, text in enumerate(body_texts(pdf), start=1):
        lines = text.splitlines()
        if lines and re.fullmatch(r"第 \d+ 页 共 \d+ 页", lines[-1]):
            lines.pop()
        if number > 1 and lines and "（续）" in lines[0]:
            lines.pop(0)
        out += lines
    return out


def flowing_text(pdf: bytes) -> str:
    """The text as one string with no blanks (text continued over a page break reads as one)."""
    return squeezed("".join(body_lines(pdf)))


def watermark_chars(pdf: bytes) -> list[str]:
    """Per page, the characters of the large mark across it."""
    with open_pdf(pdf) as doc:
        return ["".join(c["text"] for c in page.chars if c["size"] >= WATERMARK_MIN_SIZE) for page in doc.pages]


def demo_activity(kind: str, status: str) -> Activity:
    return (Activity.select().where((Activity.kind == kind) & (Activity.status == status))
            .order_by(Activity.date).first())


def assert_page_numbers(texts: list[str]) -> None:
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {len(texts)} 页" in text, f"page {number}"


def assert_portrait_a4(pdf: bytes) -> None:
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            assert page.width == pytest.approx(A4_SHORT, abs=0.1)
            assert page.height == pytest.approx(A4_LONG, abs=0.1)


# --- a finalised meeting of the demo branch -----------------------------------------------------

def test_finalised_congress_minutes_have_every_field(demo):
    activity = demo_activity("party_congress", "finalized")
    record = activity_record(activity.id)
    report = build_minutes(activity_id=activity.id)
    assert not report.draft
    assert report.title == "2026年第1季度支部党员大会会议记录"
    texts = body_texts(report.pdf)
    text = flowing_text(report.pdf)
    assert texts[0].splitlines()[0] == "会议记录"
    assert "会议名称：2026年第1季度支部党员大会（2026年第1次支部党员大会）" in text
    assert "会议时间：2026年1月10日（星期六）9:00—11:00" in text
    assert f"会议地点：{record.place}" in text
    assert f"主持人：{record.chair_name}" in text and f"记录人：{record.recorder_name}" in text
    c = record.counts
    assert f"应到人数：{c.expected}人（其中有表决权的党员{c.voting_expected}人）" in text
    assert f"实到人数：{c.present}人（其中有表决权的党员{c.voting_present}人）" in text
    assert f"到会情况：{squeezed(record.quorum.describe())}" in text
    present = text[text.index("出席人员："):text.index("请假人员：")]
    assert all(a.name in present for a in record.present)
    assert record.guests and all(f"{g.name}（{g.role}）" in text for g in record.guests)
    assert record.on_leave and all(f"{a.name}（{a.reason}）" in text for a in record.on_leave)
    assert all(f"{a.name}（{a.reason}）" in text for a in record.absent)
    if not record.absent:
        assert "缺席人员：无" in text
    for a in record.excluded:
        assert f"{a.name}（{squeezed(a.excluded_reason)}）" in text
    for item in record.minutes.agenda:
        assert squeezed(item) in text
    for section in record.minutes.sections:
        assert squeezed(section.text) in text
    for speech in record.minutes.speeches:
        assert f"{speech.speaker}：{squeezed(speech.text)}" in text
    assert squeezed(record.minutes.summary) in text
    assert "本记录为第1稿，于2026年1月12日定稿。" in text
    assert "主持人（签字）：" in text and "记录人（签字）：" in text
    assert "草稿" not in text and not any(watermark_chars(report.pdf))
    assert_page_numbers(texts)
    assert_portrait_a4(report.pdf)
    assert_fonts_embedded_subsets(report.pdf)
    assert_inside_margins(report.pdf)


def test_decisions_are_listed_with_their_votes_and_result(demo):
    activity = demo_activity("party_congress", "finalized")
    record = activity_record(activity.id)
    lines = "\n".join(body_texts(build_minutes(activity_id=activity.id).pdf)).splitlines()
    assert "序号 表决事项 表决方式 赞成 反对 弃权 结果" in lines
    (d,) = record.decisions
    row = f"1 {d.text} {d.method} {d.votes_for} {d.votes_against} {d.votes_abstain} 通过"
    assert row in lines
    expected = record.quorum.voting_expected
    assert squeezed(f"赞成票超过应到会有表决权党员（{expected} 人）的半数，即不少于 {expected // 2 + 1} 票，为通过。") \
        in squeezed("".join(lines))


def test_lecture_minutes_name_the_lecturer(demo):
    activity = demo_activity("party_lecture", "finalized")
    record = activity_record(activity.id)
    text = flowing_text(build_minutes(activity_id=activity.id).pdf)
    assert record.lecturer_name and f"主讲人：{record.lecturer_name}" in text
    assert "表决情况" not in text          # a lecture votes on nothing


def test_every_held_demo_meeting_prints_inside_the_margins(demo):
    held = list(Activity.select().where(Activity.status != "planned").order_by(Activity.id))
    assert len(held) > 60
    for activity in held:
        report = build_minutes(activity_id=activity.id)
        assert report.draft == (activity.status == "held")
        texts = body_texts(report.pdf)
        assert_page_numbers(texts)
        assert activity.title in squeezed(texts[0])
    assert_inside_margins(report.pdf)


# --- drafts ---------------------------------------------------------------------------------------

def test_draft_is_marked_on_every_page(demo):
    activity = demo_activity("party_lecture", "held")
    report = build_minutes(activity_id=activity.id)
    assert report.draft
    assert report.title == f"{activity.title}会议记录（草稿）"
    texts = body_texts(report.pdf)
    assert len(texts) >= 2
    assert texts[0].splitlines()[0] == "会议记录（草稿）"
    assert "草稿，尚未定稿" in texts[0]
    assert all(marks == "草稿" for marks in watermark_chars(report.pdf))      # across every page
    for text in texts[1:]:
        assert text.splitlines()[0].endswith("草稿（未定稿）")                 # and in every later header
    assert "本记录为第1稿，是草稿，尚未定稿，仅供核对。" in squeezed(texts[-1])
    assert_inside_margins(report.pdf)                                          # the mark included


def test_a_planned_meeting_prints_the_blank_sheet_to_write_the_minutes_by_hand(demo):
    activity = demo_activity("theme_day", "planned")
    report = build_minutes(activity_id=activity.id)
    assert report.title == f"{activity.title}会议记录（手写）" and report.pages == 2 and not report.draft
    texts = page_texts(report.pdf)
    first = squeezed(texts[0])
    for label in ("会议名称", "时间", "地点", "会议主题", "主持人", "记录人", "应到人数", "实到人数", "请假人员",
                  "缺席人员", "列席人员", "会议内容及发言记录："):
        assert label in first
    assert "＿＿＿时＿＿＿分至＿＿＿时＿＿＿分" in first
    assert "主持人（签字）" in texts[-1] and "记录人（签字）" in texts[-1]
    with open_pdf(report.pdf) as doc:                 # ruled lines to write on, on both pages
        for page in doc.pages:
            assert len([line for line in page.lines if line["x1"] - line["x0"] > 100 * MM]) >= 10
    assert_inside_margins(report.pdf, form=True)


def test_unknown_activity_is_refused(demo):
    with pytest.raises(UserError, match="找不到编号为 99999 的活动"):
        build_minutes(activity_id=99999)


# --- a small hand-made branch -------------------------------------------------------------------

def held_congress(branch, **details) -> int:
    info = ActivityInfo(kind="party_congress", date=dt.date(2026, 10, 10), chair_id=branch.full[0],
                        recorder_id=branch.full[1], place="村委会会议室", start_time="9:00", end_time="11:30",
                        topic="讨论村内道路修缮方案")
    for key, value in details.items():
        setattr(info, key, value)
    a = activities.create(info)
    activities.mark_held(a.id, today=TODAY)
    attendance.mark_rest_present(a.id)
    attendance.set_attendance(a.id, branch.full[2], LEAVE, "生病住院")
    attendance.set_attendance(a.id, branch.full[3], ABSENT, "未说明原因")
    attendance.add_guest(a.id, "王海涛", "青山镇党委组织委员")
    decisions.save_decision(a.id, DecisionInfo("先修西头的生产路", votes_for=5, votes_against=1, votes_abstain=0))
    decisions.save_decision(a.id, DecisionInfo("向镇里申请路灯", votes_for=2, votes_against=3, votes_abstain=1))
    return a.id


def write_minutes(activity_id: int, *, speeches: int = 2, section_repeat: int = 1) -> minutes.MinutesContent:
    content = minutes.template("party_congress")
    for index, section in enumerate(content.sections, start=1):
        section.text = f"第{index}部分：与会党员围绕道路修缮逐项发表意见，认为应当先易后难、分步实施。" * section_repeat
    content.agenda = ["通报道路修缮方案", "讨论并表决"]
    content.speeches = [minutes.Speech("王建国", "同意先修西头的生产路，方便秋收。")]
    content.speeches += [minutes.Speech("赵强", "我有不同意见：东头的路更窄，建议先修东头。", dissent=True)]
    content.speeches += [minutes.Speech(f"发言人{i}", f"第{i}位发言：" + "我们组的意见是抓紧动工，注意安全，账目公开。" * 3)
                         for i in range(1, speeches - 1)]
    content.summary = "主持人总结：会议形成决议，会后抓好落实。"
    minutes.save(activity_id, content)
    return content


def test_dissent_and_a_failed_vote_are_printed_as_they_were(opened):
    branch = make_branch()
    aid = held_congress(branch)
    write_minutes(aid)
    text = flowing_text(build_minutes(activity_id=aid).pdf)
    assert "赵强（不同意见）：我有不同意见：东头的路更窄，建议先修东头。" in text
    assert "1先修西头的生产路举手表决510通过" in text
    assert "2向镇里申请路灯举手表决231未通过" in text
    assert "列席人员：王海涛（青山镇党委组织委员）" in text
    assert "请假人员：张伟（生病住院）" in text
    assert "缺席人员：刘洋（未说明原因）" in text


def test_long_minutes_continue_cleanly_over_several_pages(opened):
    branch = make_branch()
    aid = held_congress(branch)
    content = write_minutes(aid, speeches=40, section_repeat=12)
    report = build_minutes(activity_id=aid)
    texts = body_texts(report.pdf)
    assert len(texts) >= 5
    assert_page_numbers(texts)
    for text in texts[1:]:       # a loose page says what it belongs to
        assert text.splitlines()[0] == "东坡村党支部 2026年第4季度支部党员大会 会议记录（续） 草稿（未定稿）"
    whole = flowing_text(report.pdf)
    positions = [whole.index(squeezed(f"{s.speaker}{'（不同意见）' if s.dissent else ''}：{s.text}"))
                 for s in content.speeches]
    assert positions == sorted(positions)                   # every speech, whole and in order
    for section in content.sections:
        assert squeezed(section.text) in whole
    assert whole.index("主持人总结") < whole.index("主持人（签字）：")
    # Chinese line breaking: no line starts with closing punctuation or ends with an opening one.
    for text in texts:
        for line in text.splitlines():
            assert line[0] not in NO_LINE_START, line
            assert line[-1] not in NO_LINE_END, line
    assert_inside_margins(report.pdf)
    assert_fonts_embedded_subsets(report.pdf)
    assert_portrait_a4(report.pdf)


def test_long_name_lists_never_break_a_name(opened):
    branch = make_branch(full=8, probationary=0, flow=0)
    for index in range(30):
        Member.create(name=f"欧阳{'甲乙丙丁戊己庚辛壬癸'[index % 10]}{index:02d}", name_pinyin=f"ouyang{index:02d}",
                      category="正式党员", joined_on=dt.date(2010, 7, 1), full_member_on=dt.date(2011, 7, 1))
    aid = held_congress(branch)
    write_minutes(aid)
    lines = body_lines(build_minutes(activity_id=aid).pdf)
    start = next(i for i, line in enumerate(lines) if line.startswith("出席人员："))
    end = next(i for i, line in enumerate(lines) if line.startswith("列席人员："))
    names = "".join(lines[start:end])[len("出席人员："):].replace(" ", "").split("、")
    present = {a.name for a in activity_record(aid).present}
    assert len(names) == len(present) == 36 and set(names) == present   # no name cut in two
    assert_inside_margins(build_minutes(activity_id=aid).pdf)


def test_more_than_forty_present_are_left_to_the_sign_in_sheet(opened):
    branch = make_branch(full=8, probationary=0, flow=0)
    for index in range(60):
        Member.create(name=f"欧阳{'甲乙丙丁戊己庚辛壬癸'[index % 10]}{index:02d}", name_pinyin=f"ouyang{index:02d}",
                      category="正式党员", joined_on=dt.date(2010, 7, 1), full_member_on=dt.date(2011, 7, 1))
    aid = held_congress(branch)
    write_minutes(aid)
    lines = body_lines(build_minutes(activity_id=aid).pdf)
    present = len(activity_record(aid).present)
    assert present == 66
    assert f"出席人员：见签到表（共 {present} 人）" in lines


def test_an_earlier_revision_prints_as_it_was_finalised(opened):
    branch = make_branch()
    aid = held_congress(branch)
    write_minutes(aid)
    minutes.finalize(aid, today=TODAY)
    first = MinutesRevision.get(MinutesRevision.activity == aid)
    corrections.begin_correction(aid, "记错了主持人")
    info = activities.info(aid)
    info.chair_id = branch.full[4]
    activities.update(aid, info, today=TODAY)

    old = flowing_text(build_minutes(activity_id=aid, revision_id=first.id).pdf)
    assert "主持人：王建国" in old and "本记录为第1稿，于" in old and "草稿" not in old
    new_report = build_minutes(activity_id=aid)
    new = flowing_text(new_report.pdf)
    assert new_report.draft
    assert "主持人：陈明" in new
    assert "本记录为第2稿（更正原因：记错了主持人），是草稿，尚未定稿，仅供核对。" in new


def test_minutes_with_nothing_written_yet_say_so(opened):
    branch = make_branch()
    aid = held_congress(branch)
    text = flowing_text(build_minutes(activity_id=aid).pdf)
    assert "一、会议内容（会议内容还没有填写。）" in text
    assert "会议议程" not in text and "主持人总结" not in text
    assert "二、表决情况" in text
