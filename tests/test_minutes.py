"""Minutes: templates, drafts, 定稿 (read-only), corrections as new revisions, earlier revisions readable."""

import datetime as dt

import pytest

from dangjian_desktop.core import activities, attendance, corrections, decisions, minutes
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.activity_record import activity_record, revision_record
from dangjian_desktop.core.attendance import LEAVE, PRESENT
from dangjian_desktop.core.decisions import DecisionInfo
from dangjian_desktop.db.models import Activity, MinutesRevision
from dangjian_desktop.errors import UserError, ValidationError
from tests.activity_branch import make_branch

TODAY = dt.date(2026, 11, 26)


def test_templates_per_kind():
    assert [s.title for s in minutes.template("life_meeting").sections] == ["学习", "对照检查", "批评与自我批评", "整改措施"]
    assert [s.title for s in minutes.template("theme_day").sections][0] == "重温入党誓词"
    assert all(minutes.template(k).sections for k in minutes.TEMPLATES)
    assert minutes.template("life_meeting").is_empty()


def _ready(branch, kind="party_congress"):
    a = activities.create(ActivityInfo(kind=kind, date=dt.date(2026, 10, 10), chair_id=branch.full[0],
                                       recorder_id=branch.full[1], place="村委会会议室"))
    activities.mark_held(a.id, today=TODAY)
    attendance.mark_rest_present(a.id)
    attendance.set_attendance(a.id, branch.full[2], LEAVE, "生病住院")
    content = minutes.template(kind)
    content.sections[0].text = "传达学习了镇党委会议精神。"
    content.agenda = ["审议年度工作计划"]
    content.speeches = [minutes.Speech("王建国", "同意。", branch.full[0]),
                        minutes.Speech("刘洋", "建议先修西头的路。", branch.full[3], dissent=True)]
    content.summary = "会议开得很好。"
    minutes.save(a.id, content)
    return a.id


def test_draft_round_trip(opened):
    branch = make_branch()
    aid = _ready(branch)
    revision, content = minutes.current(aid)
    assert revision.number == 1 and not revision.finalized
    assert content.speeches[1] == minutes.Speech("刘洋", "建议先修西头的路。", branch.full[3], True)
    assert content.sections[0].hint == "传达学习的文件、讲话精神"
    content.summary = "会议开得很好，大家要抓落实。"
    assert minutes.save(aid, content).number == 1          # still the same draft
    assert MinutesRevision.select().count() == 1


def test_minutes_need_a_held_activity(opened):
    make_branch()
    a = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 10, 10)))
    assert minutes.current(a.id) == (None, minutes.template("theme_day"))
    with pytest.raises(UserError, match="记录开会情况"):
        minutes.save(a.id, minutes.template("theme_day"))


def test_finalize_lists_what_is_missing(opened):
    branch = make_branch(full=4, probationary=0, flow=0, groups=0, committee=1)
    a = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 10, 10)))
    activities.mark_held(a.id, today=TODAY)
    attendance.set_attendance(a.id, branch.full[0], LEAVE, "")
    problems = minutes.finalize_problems(a.id, today=TODAY)
    unmarked = "、".join(sorted(["李秀英", "张伟", "刘洋"]))     # sign-in order (test pinyin = the name)
    assert problems == [
        "请填写主持人。",
        "请填写记录人。",
        f"还有 3 人没有登记出席情况：{unmarked}。",
        "请假或缺席的党员请写明原因：王建国。",
        "会议记录还没有写内容。",
    ]
    with pytest.raises(ValidationError):
        minutes.finalize(a.id, today=TODAY)
    assert Activity.get_by_id(a.id).status == "held"


def test_finalized_record_is_read_only(opened):
    branch = make_branch()
    aid = _ready(branch)
    decision = decisions.save_decision(aid, DecisionInfo("审议通过年度工作计划", 7, 0, 0))
    assert minutes.finalize_problems(aid, today=TODAY) == []
    revision = minutes.finalize(aid, today=TODAY)
    assert revision.finalized and Activity.get_by_id(aid).status == "finalized"
    attempts = [
        lambda: activities.update(aid, activities.info(aid), today=TODAY),
        lambda: attendance.set_attendance(aid, branch.full[2], PRESENT),
        lambda: attendance.set_excluded(aid, branch.full[2], True, "外出"),
        lambda: decisions.save_decision(aid, DecisionInfo("改一下", 7, 0, 0), decision.id),
        lambda: decisions.remove_decision(decision.id),
        lambda: attendance.add_guest(aid, "李明"),
        lambda: minutes.save(aid, minutes.template("party_congress")),
        lambda: activities.delete(aid),
        lambda: activities.unmark_held(aid),
    ]
    for attempt in attempts:
        with pytest.raises(UserError):
            attempt()
    assert minutes.current(aid)[1].summary == "会议开得很好。"


def test_correction_is_a_new_revision_and_earlier_ones_stay_readable(opened):
    branch = make_branch()
    aid = _ready(branch)
    minutes.finalize(aid, today=TODAY)
    with pytest.raises(ValidationError):
        corrections.begin_correction(aid, "  ")
    second = corrections.begin_correction(aid, "记错了一名党员的请假原因")
    assert (second.number, second.reason, second.finalized) == (2, "记错了一名党员的请假原因", False)
    assert Activity.get_by_id(aid).status == "held"
    # Correct the record: the reason, and a line of the minutes.
    attendance.set_attendance(aid, branch.full[2], LEAVE, "外出务工")
    _, content = minutes.current(aid)
    content.summary = "会议开得很好。（更正）"
    minutes.save(aid, content)
    minutes.finalize(aid, today=TODAY)
    history = minutes.revisions(aid)
    assert [(r.number, r.finalized) for r in history] == [(1, True), (2, True)]
    assert history[1].describe().startswith("第 2 稿（更正：记错了一名党员的请假原因），")
    first = revision_record(history[0].id)
    assert first.minutes.summary == "会议开得很好。"
    assert next(a for a in first.attendees if a.member_id == branch.full[2]).reason == "生病住院"
    current = activity_record(aid)
    assert current.minutes.summary == "会议开得很好。（更正）"
    assert next(a for a in current.attendees if a.member_id == branch.full[2]).reason == "外出务工"
    assert (current.revision_number, current.revision_reason) == (2, "记错了一名党员的请假原因")
    assert revision_record(history[1].id).minutes.summary == "会议开得很好。（更正）"


def test_discarding_a_correction_restores_the_finalised_record(opened):
    branch = make_branch()
    aid = _ready(branch)
    attendance.add_guest(aid, "王海涛", "镇党委组织委员")
    decisions.save_decision(aid, DecisionInfo("审议通过年度工作计划", 7, 0, 0))
    minutes.finalize(aid, today=TODAY)
    before = activity_record(aid)
    corrections.begin_correction(aid, "改错字")
    attendance.set_attendance(aid, branch.full[2], PRESENT)
    decisions.remove_decision(decisions.decisions(aid)[0].id)
    info = activities.info(aid)
    info.place = "党员活动室"
    activities.update(aid, info, today=TODAY)
    corrections.discard_correction(aid)
    after = activity_record(aid)
    assert after.status == "finalized"
    assert (after.place, after.attendees, after.decisions, after.guests) == (
        before.place, before.attendees, before.decisions, before.guests)
    assert [r.number for r in minutes.revisions(aid)] == [1]
    with pytest.raises(UserError, match="没有正在进行的更正"):
        corrections.discard_correction(aid)


def test_correction_only_of_finalised_minutes(opened):
    branch = make_branch()
    aid = _ready(branch)
    with pytest.raises(UserError, match="只有已定稿的记录"):
        corrections.begin_correction(aid, "原因")


def test_record_for_printing(opened):
    branch = make_branch(full=8, probationary=2, flow=1)
    aid = _ready(branch)
    attendance.add_guest(aid, "王海涛", "镇党委组织委员")
    decisions.save_decision(aid, DecisionInfo("审议通过年度工作计划", 6, 1, 0))
    record = activity_record(aid)
    assert record.kind_name == "支部党员大会"
    assert record.heading == "2026年第1次支部党员大会"
    assert (record.chair_name, record.recorder_name) == ("王建国", "李秀英")
    assert (record.counts.expected, record.counts.present, record.counts.on_leave) == (10, 9, 1)
    assert record.quorum.met and record.quorum.voting_expected == 8 and record.quorum.voting_present == 7
    assert [a.name for a in record.on_leave] == ["张伟"]
    assert len(record.excluded) == 1
    assert record.decisions[0].describe() == "举手表决：赞成 6 票，反对 1 票，弃权 0 票，通过。"
    assert record.guests[0].role == "镇党委组织委员"
    assert record.minutes.agenda == ["审议年度工作计划"]
    assert not record.finalized
