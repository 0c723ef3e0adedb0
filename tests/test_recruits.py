"""发展党员 on a real database: each rule of DOMAIN.md at its boundary (the day before, the day,
the day after), the order of the steps, the people who may take part, the roster records that
approval and 转正 make, next steps and deadlines — and nothing written when a step is refused."""

import datetime as dt

import pytest

from dangjian_desktop.core import recruit_choices, recruits
from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.core.names import name_pinyin
from dangjian_desktop.db.models import Member, Recruit, RecruitEvent, RecruitPerson
from dangjian_desktop.errors import UserError, ValidationError

D = dt.date
TODAY = D(2026, 12, 2)


def id_number(birth: dt.date, seq: int = 12, male: bool = True) -> str:
    first17 = f"370124{birth:%Y%m%d}{seq:02d}{'1' if male else '2'}"
    return first17 + check_char(first17)


def member(name, **extra):
    values = {"joined_on": D(1995, 7, 1), "full_member_on": D(1996, 7, 1), "category": "正式党员"} | extra
    return Member.create(name=name, name_pinyin=name_pinyin(name), **values).id


@pytest.fixture
def branch(opened):
    return {
        "老王": member("老王"), "老李": member("老李"), "老赵": member("老赵"),
        "小预": member("小预", category="预备党员", full_member_on=None, joined_on=D(2026, 3, 1)),
        "走了": member("走了", status="transferred_out", status_on=D(2025, 1, 1)),
    }


def applicant(name="张三", applied=D(2024, 3, 1), birth=D(1998, 3, 15)):
    return recruits.add_recruit({"name": name, "id_number": id_number(birth)}, applied_on=applied, today=TODAY).id


PATH = [("talked", D(2024, 3, 15)), ("activist", D(2024, 4, 10)), ("contacts", D(2024, 4, 15)),
        ("review", D(2024, 10, 10)), ("candidate", D(2025, 4, 10)), ("introducers", D(2025, 4, 20)),
        ("political_review", D(2025, 5, 1)), ("trained", D(2025, 5, 10)), ("publicity", D(2025, 6, 2)),
        ("branch_vote", D(2025, 6, 9)), ("approved", D(2025, 7, 1)), ("oath", D(2025, 7, 1)),
        ("full_vote", D(2026, 6, 9)), ("full_approved", D(2026, 7, 1))]


def walk(rid, branch, until):
    """Record the usual path up to (not including) ``until``."""
    for event, day in PATH:
        if event == until:
            return
        people = {"talked": [branch["老王"]], "contacts": [branch["老王"]],
                  "introducers": [branch["老李"], branch["老赵"]]}.get(event, [])
        recruits.record_step(rid, event, day, member_ids=people, hours=24 if event == "trained" else None, today=TODAY)


def rows():
    return (Recruit.select().count(), RecruitEvent.select().count(), RecruitPerson.select().count(),
            Member.select().count())


def refused(rid, event, day, match, **kwargs):
    before = rows()
    with pytest.raises(UserError, match=match):
        recruits.record_step(rid, event, day, today=TODAY, **kwargs)
    assert rows() == before


# --- the applicant --------------------------------------------------------------------------------

@pytest.mark.parametrize(("applied", "ok"), [(D(2016, 3, 14), False), (D(2016, 3, 15), True), (D(2016, 3, 16), True)])
def test_an_applicant_is_eighteen_on_the_day_of_the_application(opened, applied, ok):
    if ok:
        assert applicant(applied=applied, birth=D(1998, 3, 15))
    else:
        with pytest.raises(UserError, match="只有 17 岁.*2016年3月15日以后"):
            applicant(applied=applied, birth=D(1998, 3, 15))
        assert Recruit.select().count() == 0


def test_an_invalid_or_known_id_number_and_a_future_date_are_refused(branch):
    with pytest.raises(ValidationError, match="校验"):
        recruits.add_recruit({"name": "张三", "id_number": id_number(D(1998, 3, 15))[:-1] + "0"},
                             applied_on=D(2024, 3, 1), today=TODAY)
    Member.update(id_number=id_number(D(1970, 1, 1))).where(Member.id == branch["老王"]).execute()
    with pytest.raises(ValidationError, match="已经是党员"):
        recruits.add_recruit({"name": "王", "id_number": id_number(D(1970, 1, 1))}, applied_on=D(2024, 3, 1), today=TODAY)
    with pytest.raises(UserError, match="在今天之后"):
        recruits.add_recruit({"name": "张三", "id_number": id_number(D(1998, 3, 15))}, applied_on=TODAY + dt.timedelta(1),
                             today=TODAY)
    applicant()
    with pytest.raises(ValidationError, match="发展党员档案里的张三"):
        applicant(name="李四")


# --- order, dates, the future -------------------------------------------------------------------------

def test_steps_follow_the_order_and_their_dates(branch):
    rid = applicant()
    refused(rid, "activist", D(2024, 4, 10), "要先记录“谈话”")
    refused(rid, "talked", D(2024, 2, 28), "不能早于")
    refused(rid, "talked", TODAY + dt.timedelta(days=1), "还没到")
    recruits.record_step(rid, "talked", TODAY, today=TODAY)            # today itself is fine
    refused(rid, "talked", TODAY, "已经记录过了")
    refused(rid, "activist", D(2026, 12, 1), "不能早于“谈话”")


@pytest.mark.parametrize(("day", "ok"), [(D(2025, 4, 9), False), (D(2025, 4, 10), True), (D(2025, 4, 11), True)])
def test_a_candidate_after_a_year_as_activist(branch, day, ok):
    rid = applicant()
    walk(rid, branch, "candidate")
    if ok:
        recruits.record_step(rid, "candidate", day, today=TODAY)
    else:
        refused(rid, "candidate", day, "确定为发展对象须经过一年以上的培养考察，张三2024年4月10日确定为积极分子，"
                                     "2025年4月10日以后才可以。")


@pytest.mark.parametrize(("hours", "ok"), [(23, False), (24, True), (25, True)])
def test_training_of_at_least_24_class_hours(branch, hours, ok):
    rid = applicant()
    walk(rid, branch, "trained")
    if ok:
        recruits.record_step(rid, "trained", D(2025, 5, 10), hours=hours, today=TODAY)
    else:
        refused(rid, "trained", D(2025, 5, 10), f"只有 {hours} 学时", hours=hours)
    assert recruits.training_hours(days=3) == 24


@pytest.mark.parametrize(("day", "ok"), [(D(2025, 6, 6), False), (D(2025, 6, 7), True), (D(2025, 6, 8), True)])
def test_the_vote_after_five_working_days_of_publicity(branch, day, ok):
    rid = applicant()
    walk(rid, branch, "branch_vote")          # publicity from Monday 2025-06-02: ends Friday 06-06
    if ok:
        recruits.record_step(rid, "branch_vote", day, today=TODAY)
    else:
        refused(rid, "branch_vote", day, "公示要满 5 个工作日.*2025年6月6日才满")


def test_a_publicity_over_a_weekend_counts_working_days_only(branch):
    rid = applicant()
    walk(rid, branch, "publicity")
    recruits.record_step(rid, "publicity", D(2025, 6, 5), today=TODAY)      # a Thursday
    refused(rid, "branch_vote", D(2025, 6, 11), "2025年6月11日才满")          # Thu, Fri, Mon, Tue, Wed
    recruits.record_step(rid, "branch_vote", D(2025, 6, 12), today=TODAY)


@pytest.mark.parametrize(("day", "ok"), [(D(2026, 6, 8), False), (D(2026, 6, 9), True), (D(2026, 6, 10), True)])
def test_the_full_vote_when_the_probation_year_is_up(branch, day, ok):
    rid = applicant()
    walk(rid, branch, "full_vote")            # voted in on 2025-06-09
    if ok:
        recruits.record_step(rid, "full_vote", day, today=TODAY)
    else:
        refused(rid, "full_vote", day, "预备期到2026年6月9日才满")


def test_introducers_are_two_full_members_of_this_branch(branch):
    rid = applicant()
    walk(rid, branch, "introducers")
    day = D(2025, 4, 20)
    refused(rid, "introducers", day, "两名正式党员.*选了 1 名", member_ids=[branch["老李"]])
    refused(rid, "introducers", day, "小预在2025年4月20日还是预备党员", member_ids=[branch["老李"], branch["小预"]])
    refused(rid, "introducers", day, "走了转出了", member_ids=[branch["老李"], branch["走了"]])
    refused(rid, "introducers", day, "不在名册", member_ids=[branch["老李"], 9999])
    recruits.record_step(rid, "introducers", day, member_ids=[branch["老李"], branch["老王"]], today=TODAY)


def test_approval_makes_a_probationary_member_and_full_approval_a_full_one(branch):
    rid = applicant()
    walk(rid, branch, "approved")
    change = recruits.record_step.undoable(rid, "approved", D(2025, 7, 1), today=TODAY)
    made = Member.get_by_id(Recruit.get_by_id(rid).member_id)
    assert (made.name, made.category, made.joined_on, made.introducers) == ("张三", "预备党员", D(2025, 6, 9), "老李、老赵")
    assert made.birth_date == D(1998, 3, 15) and made.gender == "男"
    change.undo()                              # the roster record goes with the step
    assert Recruit.get_by_id(rid).member_id is None and Member.get_or_none(Member.name == "张三") is None
    change.redo()
    walk_from = [p for p in PATH if p[0] in ("oath", "full_vote")]
    for event, day in walk_from:
        recruits.record_step(rid, event, day, today=TODAY)
    recruits.record_step(rid, "full_approved", D(2026, 7, 1), today=TODAY)
    made = Member.get(Member.name == "张三")
    assert (made.category, made.full_member_on) == ("正式党员", D(2026, 6, 9))
    assert Recruit.get_by_id(rid).stage == "full"
    refused(rid, "review", D(2026, 8, 1), "已经转为正式党员")


def test_an_extension_moves_the_end_of_the_probation(branch):
    rid = applicant()
    walk(rid, branch, "full_vote")
    refused(rid, "extended", D(2026, 6, 9), "最短 6 个月", months=5)
    refused(rid, "extended", D(2026, 6, 9), "最短 6 个月", months=13)
    recruits.record_step(rid, "extended", D(2026, 6, 9), months=6, note="6", today=TODAY)
    refused(rid, "extended", D(2026, 6, 10), "已经记录过了", months=6)
    later = D(2027, 1, 1)
    before = rows()
    with pytest.raises(UserError, match="预备期到2026年12月9日才满"):
        recruits.record_step(rid, "full_vote", D(2026, 12, 8), today=later)
    assert rows() == before
    recruits.record_step(rid, "full_vote", D(2026, 12, 9), today=later)
    recruits.record_step(rid, "full_approved", D(2026, 12, 20), today=later)
    assert Member.get(Member.name == "张三").full_member_on == D(2026, 12, 9)


def test_stopping_needs_a_reason_and_cancels_a_probationary_membership(branch):
    rid = applicant()
    walk(rid, branch, "oath")
    refused(rid, "stopped", D(2025, 9, 1), "写明原因")
    recruits.record_step(rid, "stopped", D(2025, 9, 1), note="本人不再符合条件", today=TODAY)
    made = Member.get(Member.name == "张三")
    assert made.status == "removed" and "取消预备党员资格" in made.status_reason
    refused(rid, "oath", D(2025, 9, 2), "已于2025年9月1日终止")
    assert Recruit.get_by_id(rid).stage == "stopped" and RecruitEvent.select().count() == 12


# --- next steps and deadlines ---------------------------------------------------------------------------

def test_the_talk_is_due_within_a_month_of_the_application(branch):
    applicant(applied=D(2026, 11, 20))
    (row,) = recruits.list_recruits(today=TODAY)
    assert (row.stage, row.next.event, row.next.due_on, row.next.overdue) == ("applicant", "talked", D(2026, 12, 20), False)
    assert row.next.text == "12月20日前要谈话"
    assert [d.what for d in recruits.due(TODAY)] == ["张三的入党申请要在一个月内派人谈话"]
    (late,) = recruits.due(D(2026, 12, 21))
    assert late.overdue and late.due_on == D(2026, 12, 20)


def test_a_review_every_six_months_and_approvals_within_three(branch):
    rid = applicant(applied=D(2025, 11, 1))
    recruits.record_step(rid, "talked", D(2025, 11, 10), today=TODAY)
    recruits.record_step(rid, "activist", D(2026, 1, 10), today=TODAY)
    whats = {d.what: d for d in recruits.due(D(2026, 6, 20))}
    assert whats["张三要进行第一次考察，每半年一次"].due_on == D(2026, 7, 10)
    recruits.record_step(rid, "review", D(2026, 7, 1), today=TODAY)
    assert {d.what for d in recruits.due(D(2026, 7, 2))} == set()       # next one in January
    assert recruits.list_recruits(today=D(2026, 12, 15))[0].next.text == "2027年1月1日前要进行第二次考察"

    other = applicant(name="李四", birth=D(1997, 1, 1))
    walk(other, branch, "approved")
    (pending,) = [d for d in recruits.due(D(2025, 8, 20)) if d.name == "李四"]
    assert pending.due_on == D(2025, 9, 9) and "三个月内审批" in pending.what


def test_list_json_keys(branch):
    rid = applicant()
    walk(rid, branch, "oath")
    (row,) = [r.as_json() for r in recruits.list_recruits(today=TODAY)]
    assert row == {"id": rid, "name": "张三", "stage": "probationary", "applied_on": "2024-03-01", "next": "oath",
                   "due_on": None, "overdue": False, "member_id": Recruit.get_by_id(rid).member_id}


# --- the 支部大会 and the scans -----------------------------------------------------------------------

def test_the_vote_is_linked_to_a_held_congress_with_its_quorum_and_passed_decision(branch46):
    from dangjian_desktop.core import attendance
    from dangjian_desktop.db.models import Activity, Attendance, Decision

    meeting = (Activity.select().where((Activity.kind == "party_congress") & (Activity.status != "planned"))
               .order_by(Activity.date.desc()).first())
    passed = Decision.select().where((Decision.activity == meeting.id) & (Decision.passed == True)).first()
    failed = Decision.create(activity=meeting.id, text="接收李四为预备党员", passed=False, sort_order=99)
    full = [i for i, _n in recruit_choices.full_members()][:3]
    vote = meeting.date
    rid = recruits.add_recruit({"name": "张三", "id_number": id_number(D(1995, 5, 5))},
                               applied_on=vote - dt.timedelta(days=800), today=TODAY).id
    start = vote - dt.timedelta(days=790)
    plan = [("talked", start), ("activist", start + dt.timedelta(days=5)), ("contacts", start + dt.timedelta(days=6)),
            ("candidate", start + dt.timedelta(days=400)), ("introducers", start + dt.timedelta(days=401)),
            ("political_review", start + dt.timedelta(days=402)), ("trained", start + dt.timedelta(days=403)),
            ("publicity", vote - dt.timedelta(days=14))]
    for event, day in plan:
        recruits.record_step(rid, event, day, hours=24 if event == "trained" else None,
                             member_ids={"contacts": full[:1], "introducers": full[1:3]}.get(event, []), today=TODAY)
    refused(rid, "branch_vote", vote - dt.timedelta(days=1), "日期要和支部党员大会的日期一致", activity_id=meeting.id)
    refused(rid, "branch_vote", vote, "没有通过", activity_id=meeting.id, decision_id=failed.id)
    present = [r.member_id for r in attendance.attendees(meeting.id) if r.state == "出席"]
    absent = Attendance.update(state="缺席").where((Attendance.activity == meeting.id) & Attendance.member.in_(present))
    absent.execute()           # (written directly: the meeting's record is finalised)
    refused(rid, "branch_vote", vote, "不能作出决定", activity_id=meeting.id, decision_id=passed.id)
    Attendance.update(state="出席").where((Attendance.activity == meeting.id) & Attendance.member.in_(present)).execute()
    row = recruits.record_step(rid, "branch_vote", vote, activity_id=meeting.id, decision_id=passed.id, today=TODAY)
    assert (row.activity_id, row.decision_id) == (meeting.id, passed.id)


def test_scans_in_the_file_can_be_added_and_removed_with_undo(branch):
    import io

    from PIL import Image

    from dangjian_desktop.core import recruit_files
    from dangjian_desktop.core.attachments import prepare_attachment

    rid = applicant()
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 1700), "white").save(buffer, "PNG")
    ready = [prepare_attachment(buffer.getvalue(), "申请书.png", kind="签到表")]
    change = recruit_files.store_files.undoable(rid, ready, kind="入党申请书")
    (record,) = recruit_files.files(rid)
    assert (record.kind, record.filename, record.mime) == ("入党申请书", "申请书.jpg", "image/jpeg")
    assert recruit_files.file_data(record.id)[:2] == b"\xff\xd8" and recruit_files.thumbnail(record.id)
    assert change.label == "添加入党申请书“申请书.jpg”"
    removed = recruit_files.remove_file.undoable(record.id)
    assert recruit_files.files(rid) == []
    removed.undo()
    assert [f.id for f in recruit_files.files(rid)] == [record.id]


def test_a_deadline_past_is_said_in_words(branch):
    applicant(applied=D(2026, 10, 1))
    (row,) = recruits.list_recruits(today=TODAY)
    assert row.next.overdue and row.next.text == "应在11月1日前谈话，已过期"


def test_an_extension_is_decided_when_the_year_ends_not_after(branch):
    rid = applicant()
    walk(rid, branch, "full_vote")                    # the year ends 2026-06-09
    refused(rid, "extended", D(2026, 6, 10), "预备期2026年6月9日已满", months=6)
    recruits.record_step(rid, "extended", D(2026, 6, 9), months=6, today=TODAY)


def test_a_meeting_a_step_points_at_is_not_deleted(branch46):
    from dangjian_desktop.core import activities
    from dangjian_desktop.db.models import Activity

    meeting = Activity.select().where(Activity.status == "planned").order_by(Activity.date).first()
    rid = recruits.add_recruit({"name": "张三", "id_number": id_number(D(1995, 5, 5))},
                               applied_on=meeting.date - dt.timedelta(days=30), today=TODAY).id
    RecruitEvent.create(recruit=rid, event="talked", on_date=meeting.date, activity=meeting.id)
    with pytest.raises(UserError, match="已经记在张三的发展党员记录里，不能删除"):
        activities.delete(meeting.id)
    assert Activity.get_or_none(Activity.id == meeting.id) is not None
