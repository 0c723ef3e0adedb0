"""The data are for the user alone: private modes on POSIX, no plaintext copy in the system's
temporary folder, and whatever a killed backup or restore left is gone at the next start or
backup (real kills of the real command line, not injected exceptions)."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dangjian_desktop.backup.autobackup import auto_backup_folder, make_auto_backup
from dangjian_desktop.backup.create import create_backup
from dangjian_desktop.backup.package import SUFFIX
from dangjian_desktop.backup.verify import verify_backup
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.private_files import scratch_folder, scratch_root
from dangjian_desktop.error_log import write_traceback
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
NOW = dt.datetime(2026, 11, 23, 15, 30).astimezone()
PASSWORD = "dongpo-2026"


def mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


def test_a_new_database_its_folder_side_files_and_copies_are_private(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "umask", os.umask)          # the usual 022 stays for what others write
    folder = tmp_path / "data"
    with open_database(folder / "dangjian.sqlite3") as opened:
        opened.db.execute_sql("CREATE TABLE IF NOT EXISTS probe (x)")
        assert mode(folder) == "0o700"
        for name in ("dangjian.sqlite3", "dangjian.sqlite3-wal", "dangjian.sqlite3-shm", "dangjian.sqlite3.lock"):
            assert mode(folder / name) == "0o600", name
        auto = make_auto_backup(opened.path, "manual", now=NOW)
        assert mode(auto.path) == "0o600" and mode(auto_backup_folder(opened.path)) == "0o700"
    usb = tmp_path / "usb"
    usb.mkdir()
    created = create_backup(folder / "dangjian.sqlite3", usb, now=NOW)
    assert mode(created.path) == "0o600"


def test_an_existing_world_readable_database_is_made_private_when_opened(tmp_path):
    path = tmp_path / "old.sqlite3"
    open_database(path).close()
    os.chmod(path, 0o644)
    with open_database(path):
        assert mode(path) == "0o600"


def test_the_error_log_is_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    try:
        raise RuntimeError("probe")
    except RuntimeError as exc:
        log = write_traceback(exc)
    assert mode(log) == "0o600"


def test_verifying_an_encrypted_backup_leaves_no_copy_anywhere(demo_db, tmp_path, monkeypatch):
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_temp))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    usb = tmp_path / "usb"
    usb.mkdir()
    created = create_backup(demo_db.path, usb, password=PASSWORD, now=NOW)
    verify_backup(created.path, password=PASSWORD, near=demo_db.path)
    assert list(system_temp.iterdir()) == []
    assert list(scratch_root(demo_db.path).iterdir()) == []


def test_a_scratch_folder_left_by_a_killed_process_is_removed_at_the_next_start(tmp_path):
    db = tmp_path / "branch.sqlite3"
    open_database(db).close()
    left = scratch_root(db) / "备份-killed"
    left.mkdir(parents=True)
    (left / "snapshot.sqlite3").write_bytes(b"plaintext of every member")
    with scratch_folder(db, "备份-") as in_use:
        (in_use / "snapshot.sqlite3").write_bytes(b"in use")
        with open_database(db):
            assert not left.exists()
            assert in_use.exists()                 # another window's copy, still in use, stays


def test_a_half_written_backup_on_the_stick_is_removed_by_the_next_backup_unless_being_written(tmp_path):
    from dangjian_desktop.db.lock import mark_in_use

    db = tmp_path / "branch.sqlite3"
    open_database(db).close()
    usb = tmp_path / "usb"
    usb.mkdir()
    stale = usb / f"东坡村_2026-11-01_0900{SUFFIX}.tmp"
    stale.write_bytes(b"half")
    busy = usb / f"东坡村_2026-11-01_0901{SUFFIX}.tmp"
    busy.write_bytes(b"being written")
    fd = os.open(busy, os.O_RDWR)
    child = subprocess.Popen([sys.executable, "-c", "import sys,time; time.sleep(30)"])   # a holder elsewhere
    try:
        mark_in_use(fd)
        # flock is per open file: a lock held here is seen as "in use" through another open
        create_backup(db, usb, now=NOW)
        assert not stale.exists() and busy.exists()
    finally:
        child.kill()
        os.close(fd)


def add_photos(db: Path, megabytes: int) -> None:
    con = sqlite3.connect(db)
    activity = con.execute("SELECT id FROM activity ORDER BY id LIMIT 1").fetchone()[0]
    rng = random.Random(1)
    for number in range(megabytes // 4):
        data = rng.randbytes(4 << 20)                # photos do not compress
        con.execute("INSERT INTO attachment (activity_id, kind, caption, filename, mime, data, size, created_at) "
                    "VALUES (?, 'photo', '', ?, 'image/jpeg', ?, ?, '2026-11-01 10:00:00')",
                    (activity, f"p{number}.jpg", data, len(data)))
    con.commit()
    con.close()


def leftovers(system_temp: Path, usb: Path, db: Path) -> list[str]:
    found = [str(p) for p in system_temp.rglob("*")]
    found += [p.name for p in usb.iterdir() if p.name.endswith(".tmp")]
    found += [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")]
    root = scratch_root(db)
    found += [str(p) for p in root.iterdir()] if root.exists() else []
    return found


@pytest.mark.parametrize("command", ["backup", "backup-password", "restore"])
def test_kills_at_random_moments_leave_no_plaintext_and_the_next_start_leaves_nothing(demo_db, tmp_path, command):
    db = demo_db.path
    demo_db.close()
    add_photos(db, megabytes=24)                 # the work takes a second or two: kills land inside it
    usb = tmp_path / "usb"
    usb.mkdir()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    password_file = tmp_path / "pw.txt"
    password_file.write_text(PASSWORD, encoding="utf-8")
    backup = create_backup(db, tmp_path, password=PASSWORD, now=NOW).path
    env = {**os.environ, "TMPDIR": str(system_temp), "PYTHONIOENCODING": "utf-8"}
    args = {
        "backup": ["backup", "create", "--to", str(usb)],
        "backup-password": ["backup", "create", "--to", str(usb), "--password-file", str(password_file)],
        "restore": ["backup", "restore", str(backup), "--password-file", str(password_file), "--yes"],
    }[command]
    command_line = [sys.executable, "-m", "dangjian_desktop", "--db", str(db), *args]
    started = time.monotonic()
    subprocess.run(command_line, env=env, capture_output=True, check=True)
    whole = time.monotonic() - started              # kills land between a sixth and nine tenths of it
    rng = random.Random(16)
    killed = 0
    for _ in range(6):
        child = subprocess.Popen(command_line, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.16, 0.9) * whole)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        child.wait()
        assert [p for p in system_temp.rglob("*")] == [], "nothing in the system's temporary folder"
        # The next start (any command) and the next backup clean up.
        assert run_cli("--db", str(db), "check").returncode == 0
        create_backup(db, usb, now=NOW + dt.timedelta(minutes=killed))
        assert leftovers(system_temp, usb, db) == []
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    assert killed >= 2, "the kills must land while the command runs"


def test_no_id_number_or_phone_reaches_the_error_log(tmp_path, monkeypatch):
    from dangjian_desktop.error_log import scrub

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    try:
        raise ValueError("行 12：370124197001011234 王建国 13612347354，旧号 370124700101123")
    except ValueError as exc:
        log = write_traceback(exc)
    text = log.read_text(encoding="utf-8")
    assert "370124197001011234" not in text and "13612347354" not in text and "370124700101123" not in text
    assert "370124************" in text and "136****7354" in text
    assert scrub("第 2026 年 1000 人，文件 12345678901234567890.djbak") == "第 2026 年 1000 人，文件 12345678901234567890.djbak"


def test_what_the_user_hands_on_follows_their_umask_not_the_private_modes(demo_db, tmp_path):
    from dangjian_desktop.core.roster_export import export_roster
    from dangjian_desktop.reports.catalog import generate, save_pdf

    previous = os.umask(0o022)
    try:
        pdf = save_pdf(generate("roster").pdf, tmp_path / "花名册.pdf")
        sheet = tmp_path / "花名册.xlsx"
        export_roster(sheet)
    finally:
        os.umask(previous)
    assert mode(pdf) == "0o644" and mode(sheet) == "0o644"


def test_a_folder_the_user_named_keeps_its_own_permissions(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    monkeypatch.setenv("DANGJIAN_DB", str(shared / "dangjian.sqlite3"))
    with open_database(None):
        pass
    assert mode(shared) == "0o755" and mode(shared / "dangjian.sqlite3") == "0o600"
