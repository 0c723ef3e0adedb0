"""The demo branch's year of activities: consistent with the rules, deterministic."""

import datetime as dt
import sqlite3

from dangjian_desktop.core import activity_check, activity_lists, attendance, minutes
from dangjian_desktop.core import quorum as q
from dangjian_desktop.core.activity_record import activity_record, revision_record
from dangjian_desktop.core.demo import generate_demo
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import Activity, MinutesRevision

TODAY = dt.date(2026, 11, 26)


def test_demo_has_a_year_of_recorded_activities(opened):
    result = generate_demo(46, seed=7, today=TODAY)
    rows = activity_lists.list_activities(2026)
    assert result["activities"] == len(rows) == 71 + 4        # the plan for 3 groups + 4 practice activities
    past = [r for r in rows if r.date < TODAY]
    assert sum(1 for r in past if r.status == "planned") == 1   # one October group meeting left unrecorded
    assert result["held"] == len(past) - 1
    assert all(r.status == "finalized" for r in past if r.date < dt.date(2026, 11, 1) and r.status != "planned")
    assert all(r.status == "held" for r in past if r.date >= dt.date(2026, 11, 1))
    assert all(r.status == "planned" for r in rows if r.date >= TODAY)
    overdue = [c for c in activity_check.check_year(2026, today=TODAY) if c.state == "overdue"]
    assert [(c.kind, c.period.key) for c in overdue] == [("group_meeting", "2026-10")]


def test_demo_records_follow_the_rules(opened):
    generate_demo(46, seed=7, today=TODAY)
    for activity in Activity.select().where(Activity.status != "planned"):
        record = activity_record(activity.id)
        assert record.chair_id and record.recorder_id
        assert record.counts.unmarked == 0
        assert all(a.reason for a in record.attendees if a.state in (attendance.LEAVE, attendance.ABSENT))
        assert record.minutes is not None and not record.minutes.is_empty()
        for d in record.decisions:
            assert d.votes_for + d.votes_against + d.votes_abstain <= record.counts.voting_present
            assert d.passed == q.decision_passes(d.votes_for, record.counts.voting_expected,
                                                 record.counts.voting_present)
        if activity.status == "held":
            assert minutes.finalize_problems(activity.id, today=TODAY) == []
    congress = [activity_record(a.id) for a in Activity.select().where(
        (Activity.kind == "party_congress") & (Activity.status == "finalized"))]
    assert len(congress) == 4 and all(r.quorum.met for r in congress) and all(r.decisions for r in congress)
    corrected = MinutesRevision.select().where(MinutesRevision.number == 2).get()
    first = MinutesRevision.get((MinutesRevision.activity == corrected.activity_id) & (MinutesRevision.number == 1))
    assert revision_record(first.id).minutes.sections[-1].text != activity_record(
        corrected.activity_id).minutes.sections[-1].text
    assert corrected.reason == "补充记录一项委员的意见"


def _dump(path):
    con = sqlite3.connect(path)
    try:
        return (con.execute("SELECT activity_id, member_id, state, reason, voting, excluded FROM attendance "
                            "ORDER BY activity_id, member_id").fetchall(),
                con.execute("SELECT activity_id, number, content, reason FROM minutes_revision ORDER BY id").fetchall(),
                con.execute("SELECT kind, title, date, status, chair_id, place FROM activity ORDER BY id").fetchall())
    finally:
        con.close()


def test_demo_activities_are_deterministic(tmp_path):
    dumps = []
    for name in ("a.sqlite3", "b.sqlite3"):
        path = tmp_path / name
        handle = open_database(path)
        generate_demo(60, seed=3, today=TODAY)
        handle.close()
        dumps.append(_dump(path))
    assert dumps[0] == dumps[1]
    assert len(dumps[0][0]) > 1000
