"""Once the user gave a backup a password, automatic backups are sealed so that the same
password opens them, written without asking for it; the plaintext never shows in the file."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.backup import crypto
from dangjian_desktop.backup.autobackup import auto_backups_sealed, list_auto_backups, make_auto_backup
from dangjian_desktop.backup.package import PasswordRequired, WrongPassword, read_header
from dangjian_desktop.backup.restore import restore_database
from dangjian_desktop.backup.verify import verify_backup
from dangjian_desktop.db.models import Member
from tests.conftest import run_cli
from tests.test_backup_fixtures import dump_tables

NOW = dt.datetime(2026, 11, 23, 15, 30).astimezone()
PASSWORD = "dongpo-2026"


def test_after_a_password_backup_automatic_backups_need_that_password(demo_db, tmp_path):
    plain = make_auto_backup(demo_db.path, "manual", now=NOW)
    assert not plain.info.encrypted and not auto_backups_sealed()
    usb = tmp_path / "usb"
    usb.mkdir()
    password_file = tmp_path / "pw.txt"
    password_file.write_text(PASSWORD, encoding="utf-8")
    db = demo_db.path
    demo_db.close()
    done = run_cli("--db", str(db), "backup", "create", "--to", str(usb), "--password-file", str(password_file))
    assert done.returncode == 0, done.stderr.decode("utf-8")

    from dangjian_desktop.db.connection import open_database

    with open_database(db) as opened:
        assert auto_backups_sealed()
        name = Member.select().first().name
        sealed = make_auto_backup(opened.path, "exit", now=NOW + dt.timedelta(hours=1))
    assert sealed.created and sealed.info.encrypted
    assert name.encode("utf-8") not in sealed.path.read_bytes()
    header = read_header(sealed.path)
    assert header.recipient is not None and header.info.members == sealed.info.members   # listed without it
    assert [b.path for b in list_auto_backups(db)][0] == sealed.path
    with pytest.raises(PasswordRequired):
        verify_backup(sealed.path, near=db)
    with pytest.raises(WrongPassword):
        verify_backup(sealed.path, password="not-the-one", near=db)
    info = verify_backup(sealed.path, password=PASSWORD, near=db)
    assert info.members == sealed.info.members
    target = tmp_path / "restored.sqlite3"
    restore_database(target, sealed.path, password=PASSWORD)
    assert dump_tables(target)["member"] == dump_tables(db)["member"]


def test_a_changed_sealed_key_in_the_header_is_damage_not_a_wrong_password(demo_db, tmp_path):
    from dangjian_desktop.backup.create import write_backup
    from dangjian_desktop.backup.package import DamagedBackup
    from dangjian_desktop.backup.snapshot import take_snapshot

    recipient = crypto.new_recipient(PASSWORD)
    with take_snapshot(demo_db.path) as snapshot:
        created = write_backup(snapshot, tmp_path, now=NOW, recipient=recipient)
    data = bytearray(created.path.read_bytes())
    data[-40] ^= 0x01                                   # inside the sealed body
    broken = tmp_path / "broken.djbak"
    broken.write_bytes(bytes(data))
    with pytest.raises(DamagedBackup):
        verify_backup(broken, password=PASSWORD, near=demo_db.path)
    # A recipient from another branch opens nothing with this branch's password.
    other = crypto.new_recipient("another-password")
    with take_snapshot(demo_db.path) as snapshot:
        theirs = write_backup(snapshot, tmp_path, now=NOW + dt.timedelta(minutes=1), recipient=other)
    with pytest.raises(WrongPassword):
        verify_backup(theirs.path, password=PASSWORD, near=demo_db.path)
