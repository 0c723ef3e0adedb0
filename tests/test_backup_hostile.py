"""Backups made to do harm: a content with a trigger, a view or a changed table is no backup of
this program; verify says so and restore refuses it, the database byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from dangjian_desktop.backup.create import create_backup
from dangjian_desktop.backup.package import BackupError
from dangjian_desktop.backup.rebuild import rebuild, schema_problem
from dangjian_desktop.backup.restore import prepare_restore, restore_database
from dangjian_desktop.backup.verify import verify_backup
from dangjian_desktop.db import schema
from tests.conftest import run_cli
from tests.test_backup_fixtures import dump_tables, file_bytes

NOW = dt.datetime(2026, 11, 23, 15, 30).astimezone()

HARM = {
    "trigger": ["CREATE TRIGGER wipe AFTER INSERT ON activity BEGIN "
                "UPDATE member SET id_number = NULL; DELETE FROM minutes_revision; END"],
    "view": ["CREATE VIEW everyone AS SELECT name, id_number FROM member"],
    "dropped column": ["ALTER TABLE member DROP COLUMN note"],
    "extra column": ["ALTER TABLE member ADD COLUMN secret TEXT"],
    "extra table": ["CREATE TABLE stash (x)"],
    "dropped table": ["DROP TABLE activity_guest"],
}


def forged_backup(branch_db: Path, folder: Path, harm: str) -> Path:
    """A backup the program's own code writes of a database someone changed by hand: its
    hashes and counts are all right."""
    forged = folder / f"forged-{harm.replace(' ', '-')}.sqlite3"
    src = sqlite3.connect(branch_db)
    dst = sqlite3.connect(forged)
    src.backup(dst)
    src.close()
    for statement in HARM[harm]:
        dst.execute(statement)
    dst.commit()
    dst.close()
    usb = folder / f"usb-{harm.replace(' ', '-')}"
    usb.mkdir()
    return create_backup(forged, usb, now=NOW).path


@pytest.mark.parametrize("harm", sorted(HARM))
def test_a_forged_backup_is_refused_by_verify_and_restore_and_nothing_changes(branch_db, tmp_path, harm):
    backup = forged_backup(branch_db, tmp_path, harm)
    with pytest.raises(BackupError, match="不是本程序做的备份"):
        verify_backup(backup)
    before = file_bytes(branch_db)
    with pytest.raises(BackupError, match="不是本程序做的备份"):
        restore_database(branch_db, backup, confirm=lambda info: True)
    assert file_bytes(branch_db) == before
    assert sorted(p.name for p in branch_db.parent.iterdir() if ".tmp" in p.name) == []
    result = run_cli("--db", str(branch_db), "backup", "verify", str(backup))
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1 and "不是本程序做的备份" in stderr and "Traceback" not in stderr


def test_the_restored_file_is_built_from_the_program_schema_with_every_row(branch_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = create_backup(branch_db, usb, now=NOW).path
    rows = dump_tables(branch_db)
    target = tmp_path / "restored.sqlite3"
    restore_database(target, backup)
    assert dump_tables(target) == rows
    con = sqlite3.connect(target)
    master = sorted(con.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    con.close()
    fresh = sqlite3.connect(":memory:")
    for step in schema.STEPS:
        for statement in step:
            fresh.execute(statement)
    assert master == sorted(fresh.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


def test_an_extra_index_is_not_carried_over_and_rows_that_break_the_schema_are_refused(branch_db, tmp_path):
    content = tmp_path / "content.sqlite3"
    src = sqlite3.connect(branch_db)
    dst = sqlite3.connect(content)
    src.backup(dst)
    src.close()
    dst.execute("CREATE INDEX spy ON member (phone)")
    dst.commit()
    version = dst.execute("PRAGMA user_version").fetchone()[0]
    dst.close()
    assert schema_problem(content, version) is None          # an index changes no data
    rebuilt = tmp_path / "rebuilt.sqlite3"
    counts = rebuild(content, rebuilt, version)
    assert counts["member"] > 0
    con = sqlite3.connect(rebuilt)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'spy'").fetchone()[0] == 0
    assert oct(rebuilt.stat().st_mode & 0o777) == "0o600"
    con.close()
    # A table rebuilt without its NOT NULL lets a row in that the program's table refuses.
    broken = tmp_path / "broken.sqlite3"
    con = sqlite3.connect(broken)
    for step in schema.STEPS[:version]:
        for statement in step:
            con.execute(statement.replace('"name" VARCHAR(255) NOT NULL', '"name" VARCHAR(255)')
                        if 'CREATE TABLE "setting"' not in statement else statement)
    con.execute("INSERT INTO branch (id, name, parent_org, address, phone, secretary_name) VALUES (1, NULL, '', '', '', '')")
    con.commit()
    con.close()
    with pytest.raises(sqlite3.IntegrityError):
        rebuild(broken, tmp_path / "never.sqlite3", version)


def test_restore_of_a_forged_backup_leaves_no_temporary_file(branch_db, tmp_path):
    backup = forged_backup(branch_db, tmp_path, "trigger")
    with pytest.raises(BackupError):
        prepare_restore(backup, branch_db)
    assert [p.name for p in branch_db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_link_to_the_database_shares_its_lock_and_restore_replaces_the_real_file(branch_db, tmp_path):
    from dangjian_desktop.db.connection import open_database
    from dangjian_desktop.errors import DatabaseInUse

    usb = tmp_path / "usb"
    usb.mkdir()
    backup = create_backup(branch_db, usb, now=NOW).path
    link = tmp_path / "elsewhere" / "link.sqlite3"
    link.parent.mkdir()
    link.symlink_to(branch_db)
    with open_database(branch_db):
        with pytest.raises(DatabaseInUse):
            open_database(link)
    con = sqlite3.connect(branch_db)
    con.execute("DELETE FROM activity_guest")
    con.commit()
    con.close()
    restore_database(link, backup, confirm=lambda info: True)
    assert link.is_symlink() and link.resolve() == branch_db.resolve()
    con = sqlite3.connect(branch_db)
    assert con.execute("SELECT count(*) FROM activity_guest").fetchone()[0] > 0
    con.close()


def test_the_command_line_takes_a_new_password_by_the_same_rule_as_the_window(branch_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    short = tmp_path / "pw.txt"
    short.write_text("a\n", encoding="utf-8")
    result = run_cli("--db", str(branch_db), "backup", "create", "--to", str(usb), "--password-file", str(short))
    assert result.returncode == 1 and "密码至少要 6 位" in result.stderr.decode("utf-8")
    assert list(usb.iterdir()) == []


def test_an_empty_database_of_another_program_is_not_taken_over(tmp_path):
    from dangjian_desktop.db.connection import open_database
    from dangjian_desktop.errors import DatabaseRefused

    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("PRAGMA page_size = 4096")
    con.execute("VACUUM")
    con.close()
    assert other.stat().st_size > 0
    before = file_bytes(other)
    with pytest.raises(DatabaseRefused, match="别的程序"):
        open_database(other)
    assert file_bytes(other) == before
    # What this program leaves when stopped before its first table is still its own.
    own = tmp_path / "own.sqlite3"
    con = sqlite3.connect(own)
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    with open_database(own) as opened:
        assert opened.created
