import sqlite3

import pytest

from dangjian_desktop.db import schema
from dangjian_desktop.db.connection import integrity_check, open_database, schema_version
from dangjian_desktop.errors import DatabaseInUse, DatabaseRefused, UserError


def pragma(handle, name):
    return handle.db.execute_sql(f"PRAGMA {name}").fetchone()[0]


def test_new_database_is_created_with_the_rules(db_path):
    with open_database(db_path) as handle:
        assert handle.created
        assert pragma(handle, "journal_mode") == "wal"
        assert pragma(handle, "foreign_keys") == 1
        assert pragma(handle, "synchronous") == 2
        assert pragma(handle, "busy_timeout") >= 1000
        assert pragma(handle, "application_id") == schema.APPLICATION_ID
        assert schema_version(handle.db) == schema.LATEST_VERSION
        assert integrity_check(handle.db) == "ok"


def test_second_instance_on_same_file_is_refused(db_path):
    with open_database(db_path):
        with pytest.raises(DatabaseInUse, match="正被另一个党支部工作台窗口使用"):
            open_database(db_path)
    # after closing, it opens again
    open_database(db_path).close()


def test_foreign_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is a letter, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused, match="不是党支部工作台的数据文件"):
        open_database(path)
    assert path.read_bytes() == before


def test_other_programs_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE things (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused):
        open_database(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_damaged_file_is_refused_untouched(db_path):
    open_database(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)   # wreck the first page after the header
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseRefused):
        open_database(db_path)
    assert db_path.read_bytes() == bytes(data)


def test_newer_schema_is_refused_untouched(db_path):
    open_database(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 1}")
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseRefused, match="更新版本"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_upgrade_keeps_a_copy_and_applies_steps_in_order(db_path, monkeypatch):
    with open_database(db_path) as handle:
        handle.db.execute_sql("INSERT INTO branch (name, parent_org, address, phone, secretary_name) "
                              "VALUES ('东坡村党支部', '', '', '', '')")
    extra = ['CREATE TABLE "future_thing" ("id" INTEGER NOT NULL PRIMARY KEY)']
    monkeypatch.setattr(schema, "STEPS", schema.STEPS + [extra])
    monkeypatch.setattr(schema, "LATEST_VERSION", len(schema.STEPS))
    with open_database(db_path) as handle:
        assert handle.upgraded_from == schema.LATEST_VERSION - 1
        assert schema_version(handle.db) == schema.LATEST_VERSION
        assert handle.pre_upgrade_copy.exists()
        handle.db.execute_sql("SELECT * FROM future_thing")
    copy = sqlite3.connect(handle.pre_upgrade_copy)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION - 1
    assert copy.execute("SELECT name FROM branch").fetchone()[0] == "东坡村党支部"
    copy.close()


def test_failing_upgrade_step_leaves_database_at_old_version(db_path, monkeypatch):
    open_database(db_path).close()
    old_version = schema.LATEST_VERSION
    broken = ['CREATE TABLE "half" ("id" INTEGER)', "THIS IS NOT SQL"]
    monkeypatch.setattr(schema, "STEPS", schema.STEPS + [broken])
    monkeypatch.setattr(schema, "LATEST_VERSION", len(schema.STEPS))
    with pytest.raises(Exception):
        open_database(db_path)
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == old_version
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name='half'").fetchone()[0] == 0
    con.close()
    monkeypatch.undo()
    open_database(db_path).close()  # the lock was released after the failure


def test_read_only_folder_says_where_and_why(tmp_path):
    import os

    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root): read-only folders are not enforced")
        with pytest.raises(UserError, match="不允许写入|无法在"):
            open_database(folder / "dangjian.sqlite3")
    finally:
        folder.chmod(0o700)


def test_read_only_folder_check_uses_os_access(tmp_path, monkeypatch):
    # Also covered when running as root: the folder check itself must refuse.
    import dangjian_desktop.db.connection as connection

    monkeypatch.setattr(connection.os, "access", lambda path, mode: False)
    with pytest.raises(UserError, match=f"{tmp_path.name}.*不允许写入"):
        open_database(tmp_path / "dangjian.sqlite3")
    assert not (tmp_path / "dangjian.sqlite3").exists()


def test_folder_given_as_database_is_refused(tmp_path):
    with pytest.raises(UserError, match="是一个文件夹"):
        open_database(tmp_path)


def test_default_path_follows_environment(monkeypatch, tmp_path):
    from dangjian_desktop.db.connection import default_db_path

    monkeypatch.setenv("DANGJIAN_DB", str(tmp_path / "x.sqlite3"))
    assert default_db_path() == tmp_path / "x.sqlite3"
    monkeypatch.delenv("DANGJIAN_DB")
    assert default_db_path().name == "dangjian.sqlite3"


def test_hot_journal_after_a_crash_is_rolled_back_not_refused(db_path):
    import shutil

    open_database(db_path).close()
    # A crash in rollback-journal mode leaves the journal beside the file: make one for real.
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA cache_size=10")  # a small cache spills changed pages into the file
    con.execute("BEGIN")
    con.execute("INSERT INTO branch (name, parent_org, address, phone, secretary_name) VALUES ('半截', '', '', '', '')")
    con.execute("CREATE TABLE filler (x)")
    con.executemany("INSERT INTO filler VALUES (?)", [(b"x" * 4000,)] * 500)
    journal = db_path.with_name(db_path.name + "-journal")
    assert journal.exists()
    snapshot_db = db_path.with_name("crashed.sqlite3")
    shutil.copy(db_path, snapshot_db)
    shutil.copy(journal, snapshot_db.with_name("crashed.sqlite3-journal"))
    con.execute("ROLLBACK")
    con.close()
    with open_database(snapshot_db) as handle:
        assert integrity_check(handle.db) == "ok"
        assert handle.db.execute_sql("SELECT count(*) FROM branch").fetchone()[0] == 0


def test_the_data_stamp_changes_with_a_write_and_with_a_connection_opened_anew(opened):
    from dangjian_desktop.core import branch as branch_ops
    from dangjian_desktop.db.connection import data_stamp

    first = data_stamp()
    assert data_stamp() == first                     # reading changes nothing
    branch_ops.save_branch(branch_ops.BranchInfo(name="东坡村党支部", parent_org="青山镇党委"))
    written = data_stamp()
    assert written != first
    seen = {written}
    for _ in range(5):                               # a restore closes the file and opens it again:
        opened.db.close()                            # the new connection's counters start at 0, and
        opened.db.connect()                          # Python may give it the old one's id
        stamp = data_stamp()
        assert stamp not in seen
        seen.add(stamp)
