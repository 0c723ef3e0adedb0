"""Schema step 2 (activities): upgrading a version-1 file written row by row (see also test_schema)."""

import datetime as dt
import sqlite3

from dangjian_desktop.core import activities, attendance
from dangjian_desktop.db import schema
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import Activity, Attendance, Member


def _make_v1_file(path):
    """A database exactly as the version-1 program left it: step 1 only, with members."""
    con = sqlite3.connect(path)
    with con:
        for statement in schema.STEPS[0]:
            con.execute(statement)
        con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        con.execute("PRAGMA user_version = 1")
        con.execute("INSERT INTO branch (name, parent_org, address, phone, secretary_name) "
                    "VALUES ('东坡村党支部', '青山镇党委', '', '', '')")
        for i, (name, category) in enumerate((("王建国", "正式党员"), ("李秀英", "正式党员"), ("张伟", "预备党员")), 1):
            con.execute(
                "INSERT INTO member (name, name_pinyin, name_initials, gender, ethnicity, education, category, "
                "job, phone, landline, address, native_place, introducers, party_post, transferred_in_from, status, "
                "status_reason, transferred_to, is_flow, flow_destination, flow_unit, hardship, hardship_note, note, "
                "created_at, updated_at, joined_on) VALUES (?, '', '', '男', '汉族', '初中', ?, '', '', '', '', '', '', "
                "'', '', 'active', '', '', 0, '', '', 0, '', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00', ?)",
                (name, category, f"200{i}-07-01"),
            )
    con.close()


def test_upgrade_from_version_1_keeps_members_and_leaves_a_copy(db_path):
    _make_v1_file(db_path)
    opened = open_database(db_path)
    try:
        assert opened.upgraded_from == 1
        assert opened.db.execute_sql("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
        assert [m.name for m in Member.select().order_by(Member.id)] == ["王建国", "李秀英", "张伟"]
        # The new tables work with the old rows.
        activity = activities.create(activities.ActivityInfo(kind="party_congress", date=dt.date(2026, 3, 10)))
        activities.mark_held(activity.id, today=dt.date(2026, 3, 10))
        assert Attendance.select().where(Attendance.activity == activity.id).count() == 3
        assert attendance.counts(activity.id).voting_expected == 2
        copy = opened.pre_upgrade_copy
        assert copy is not None and copy.exists()
    finally:
        opened.close()
    old = sqlite3.connect(copy)
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT count(*) FROM member").fetchone()[0] == 3
        tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "activity" not in tables
    finally:
        old.close()


def test_upgraded_file_opens_again_without_another_copy(db_path):
    _make_v1_file(db_path)
    open_database(db_path).close()
    again = open_database(db_path)
    try:
        assert again.upgraded_from is None
        assert again.pre_upgrade_copy is None
        assert Activity.select().count() == 0
    finally:
        again.close()
