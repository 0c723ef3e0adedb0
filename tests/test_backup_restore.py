"""Restore: exact, atomic, with a safety copy; every failure leaves the database byte for byte."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from dangjian_desktop.backup import crypto
from dangjian_desktop.backup.autobackup import list_auto_backups
from dangjian_desktop.backup.create import create_backup
from dangjian_desktop.backup.package import BackupError, read_header
from dangjian_desktop.backup.restore import (
    TEMP_SUFFIX,
    keep_safety_copy,
    prepare_restore,
    restore_database,
    swap_in,
)
from dangjian_desktop.core import members as member_ops
from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.db import schema
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import Member
from dangjian_desktop.errors import UserError
from tests.conftest import run_cli
from tests.test_backup_fixtures import dump_tables, file_bytes, flip, spread_offsets

NOW = dt.datetime(2026, 11, 23, 15, 30).astimezone()
PASSWORD = "dongpo-2026"


def add_member(name: str, first17: str) -> Member:
    return member_ops.create_member({"name": name, "id_number": first17 + check_char(first17),
                                     "joined_on": "2005-07-01"}, today=dt.date(2026, 11, 26))


@pytest.fixture
def backup_file(branch_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    return create_backup(branch_db, usb, now=NOW).path


def test_restore_into_the_open_database_gives_the_backup_exactly(branch_db, backup_file):
    expected = dump_tables(branch_db)
    opened = open_database(branch_db)
    try:
        add_member("新来的", "37012419800101123")
        Member.update(address="改过的地址").execute()
        # Changes sit in the -wal file: they must not leak into the restored file.
        assert Path(str(branch_db) + "-wal").stat().st_size > 0
        prepared = prepare_restore(backup_file, opened.path)
        safety = keep_safety_copy(opened.path)
        swap_in(opened, prepared)
        # The same OpenedDatabase keeps working, on the restored data.
        assert Member.select().where(Member.name == "新来的").count() == 0
        assert Member.select().where(Member.address == "改过的地址").count() == 0
        add_member("恢复后新增", "37012419800101124")
        assert Member.select().where(Member.name == "恢复后新增").count() == 1
    finally:
        opened.close()
    after = dump_tables(branch_db)
    after["member"] = [row for row in after["member"] if row[1] != "恢复后新增"]
    assert after == expected
    assert not Path(str(branch_db) + TEMP_SUFFIX).exists()
    # The safety copy holds the data as it was just before the restore.
    safety_info = read_header(safety).info
    assert safety_info.reason == "恢复前"
    assert safety_info.member_records == len(expected["member"]) + 1


def test_failed_restores_leave_the_closed_database_byte_for_byte(branch_db, backup_file, tmp_path):
    data = backup_file.read_bytes()
    body = read_header(backup_file).body_offset
    before = file_bytes(branch_db)
    bad = tmp_path / "bad.djbak"
    cases = [flip(data, offset) for offset in spread_offsets(len(data), 25, head=0)[::7]]
    cases += [data[:n] for n in (0, 5, body - 1, body + 10, len(data) // 2, len(data) - 1)]
    cases += [b"not a backup at all"]
    for content in cases:
        bad.write_bytes(content)
        with pytest.raises(BackupError):
            restore_database(branch_db, bad)
        assert file_bytes(branch_db) == before
    assert list_auto_backups(branch_db) == []  # nothing even reached the safety copy
    assert not Path(str(branch_db) + TEMP_SUFFIX).exists()


def test_wrong_password_leaves_the_open_database_byte_for_byte(branch_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    locked = create_backup(branch_db, usb, password=PASSWORD, now=NOW).path
    opened = open_database(branch_db)
    try:
        add_member("新来的", "37012419800101123")
        before = file_bytes(branch_db)
        for password in (None, "dongpo-2025", PASSWORD.upper()):
            with pytest.raises(BackupError):
                prepare_restore(locked, opened.path, password=password)
            assert file_bytes(branch_db) == before
        assert Member.select().where(Member.name == "新来的").count() == 1
    finally:
        opened.close()


def test_declined_confirmation_changes_nothing(branch_db, backup_file):
    before = file_bytes(branch_db)
    seen = []
    with pytest.raises(UserError) as err:
        restore_database(branch_db, backup_file, confirm=lambda info: seen.append(info) or False)
    assert "没有恢复" in str(err.value)
    assert seen and seen[0].branch == "东坡村党支部"
    assert file_bytes(branch_db) == before


def test_swap_refuses_while_another_connection_holds_the_file(branch_db, backup_file):
    opened = open_database(branch_db)
    other = sqlite3.connect(branch_db)
    try:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM member").fetchone()  # an open read transaction
        add_member("新来的", "37012419800101123")
        prepared = prepare_restore(backup_file, opened.path)
        with pytest.raises(UserError) as err:
            swap_in(opened, prepared)
        assert "暂时不能恢复" in str(err.value)
        assert not prepared.temp_path.exists()
        # Still open and still holding the newest data.
        assert Member.select().where(Member.name == "新来的").count() == 1
    finally:
        other.close()
        opened.close()


def test_restore_creates_a_missing_database(backup_file, branch_db, tmp_path):
    target = tmp_path / "新电脑" / "dangjian.sqlite3"
    result = restore_database(target, backup_file)
    assert result.safety_copy is None and result.set_aside is None
    assert dump_tables(target) == dump_tables(branch_db)


def test_restore_over_an_unreadable_file_keeps_it_aside(backup_file, branch_db, tmp_path):
    target = tmp_path / "dangjian.sqlite3"
    garbage = b"\x00\x13damaged" * 500
    target.write_bytes(garbage)
    result = restore_database(target, backup_file)
    assert result.set_aside is not None and result.set_aside.read_bytes() == garbage
    assert dump_tables(target) == dump_tables(branch_db)


def test_restore_of_an_older_data_version_upgrades_it(tmp_path):
    if schema.LATEST_VERSION < 2:
        pytest.skip("only one schema version exists so far")
    old = tmp_path / "old.sqlite3"
    con = sqlite3.connect(old)
    for statement in schema.STEPS[0]:
        con.execute(statement)
    con.execute("INSERT INTO branch (name, parent_org, address, phone, secretary_name) VALUES ('老支部','','','','')")
    con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = create_backup(old, usb, now=NOW).path
    assert read_header(backup).info.schema_version == 1
    target = tmp_path / "current.sqlite3"
    restore_database(target, backup)
    restored = dump_tables(target)
    assert restored["~user_version"] == schema.LATEST_VERSION
    assert restored["branch"][0][1] == "老支部"


def test_cli_restore_is_refused_while_the_program_has_the_file_open(branch_db, backup_file):
    opened = open_database(branch_db)
    try:
        before = file_bytes(branch_db)
        done = run_cli("backup", "restore", str(backup_file), "--yes", db=branch_db)
        assert done.returncode == 1
        assert "正被另一个党支部工作台窗口使用" in done.stderr.decode("utf-8")
        assert file_bytes(branch_db) == before
    finally:
        opened.close()


def test_key_derivation_takes_a_noticeable_but_bounded_time():
    import time

    params = crypto.KdfParams.fresh()
    start = time.perf_counter()
    crypto.derive_key("dongpo-2026", params)
    elapsed = time.perf_counter() - start
    # Near RFC 9106's second recommendation; a fast machine needs >20 ms, a slow one stays usable.
    assert 0.02 < elapsed < 5.0


def test_an_older_backup_restored_into_the_open_program_is_upgraded_after_keeping_a_copy(tmp_path):
    """The window's restore (prepare, then swap in) upgrades the restored file the same way
    opening does: a copy of it as it was is kept first."""
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "schema-v2.sqlite3", old)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = create_backup(old, usb, now=NOW).path
    target = tmp_path / "current.sqlite3"
    opened = open_database(target)
    try:
        swap_in(opened, prepare_restore(backup, target))
        assert opened.db.execute_sql("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
        copies = list(tmp_path.glob("current.升级前备份-v2-*.sqlite3"))
        assert len(copies) == 1
        kept = sqlite3.connect(copies[0])
        assert kept.execute("PRAGMA user_version").fetchone()[0] == 2
        assert kept.execute("SELECT count(*) FROM member").fetchone()[0] == 24
        kept.close()
        hamlets = [h for (h,) in opened.db.execute_sql("SELECT hamlet FROM member")]
        assert len(hamlets) == 24 and all(hamlets)       # filled from the addresses (core.upgrade_data)
    finally:
        opened.close()
