"""A database where it cannot be written — a read-only mount, a folder or file of someone else —
is named as such, never as damaged or foreign, and nothing is written. Runs for real: a
read-only tmpfs (needs root, as CI has), and the command line as an unprivileged user."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from dangjian_desktop.core.demo import generate_demo
from dangjian_desktop.db.connection import open_database
from tests.conftest import TODAY
from tests.test_backup_cli import mounted_tmpfs

NOBODY = 65534


def run_as(uid: int | None, *args: str, home: Path) -> subprocess.CompletedProcess:
    def drop() -> None:
        os.setgid(uid)
        os.setuid(uid)

    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "HOME": str(home), "XDG_STATE_HOME": str(home / "state"),
           "XDG_DATA_HOME": str(home / "data")}
    return subprocess.run([sys.executable, "-m", "dangjian_desktop", *args], capture_output=True, env=env,
                          timeout=120, preexec_fn=drop if uid is not None else None)


def messages(done: subprocess.CompletedProcess) -> str:
    return done.stderr.decode("utf-8")


def test_a_database_on_a_read_only_mount_is_named_read_only(tmp_path):
    with mounted_tmpfs(tmp_path / "stick", "size=20m") as stick:
        db = stick / "dangjian.sqlite3"
        with open_database(db):
            generate_demo(20, seed=1, today=TODAY)
        before = db.read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(stick)], check=True, timeout=30)
        sheet = tmp_path / "roster.csv"
        sheet.write_text("姓名,性别,入党日期\n王新民,男,2001-07-01\n", encoding="utf-8")
        for args in (("check",), ("members", "import", str(sheet)), ("members", "list")):
            done = run_as(None, "--db", str(db), *args, home=tmp_path)
            text = messages(done)
            assert done.returncode == 1, args
            assert "只读" in text or "不允许写入" in text, text
            assert "损坏" not in text and "不是党支部工作台" not in text and "Traceback" not in text, text
        assert db.read_bytes() == before


@pytest.fixture
def shared_place():
    """A folder outside the root-only test folders, which the unprivileged user can reach."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a command as another user")
    folder = Path(tempfile.mkdtemp(prefix="dangjian-shared-"))
    folder.chmod(0o755)
    try:
        probe = run_as(NOBODY, "--version", home=folder)
    except PermissionError:
        probe = None
    if probe is None or probe.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip("this Python cannot be run by an unprivileged user here (the read-only mount test covers root)")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_someone_elses_folder_and_file_are_named_as_not_writable(shared_place):
    home = shared_place / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    theirs = shared_place / "theirs"
    theirs.mkdir()
    db = theirs / "dangjian.sqlite3"
    with open_database(db):
        generate_demo(20, seed=1, today=TODAY)
    os.chmod(db, 0o644)
    before = db.read_bytes()
    sheet = home / "roster.csv"
    sheet.write_text("姓名,性别,入党日期\n王新民,男,2001-07-01\n", encoding="utf-8")
    os.chown(sheet, NOBODY, NOBODY)
    for args in (("check",), ("members", "import", str(sheet))):
        done = run_as(NOBODY, "--db", str(db), *args, home=home)
        text = messages(done)
        assert done.returncode == 1, (args, text)
        assert "只读" in text or "不允许写入" in text, text
        assert "损坏" not in text and "程序出错了" not in text and "Traceback" not in text, text
    assert db.read_bytes() == before
    # A new database in a folder the user may not write to.
    done = run_as(NOBODY, "--db", str(theirs / "new.sqlite3"), "check", home=home)
    assert done.returncode == 1 and "不允许写入" in messages(done), messages(done)


def test_a_read_only_database_file_is_named_read_only_before_anything_is_written(tmp_path, monkeypatch):
    # As root every file is writable: the check itself is asked here, the mount test above is real.
    import dangjian_desktop.db.connection as connection
    from dangjian_desktop.errors import UserError

    db = tmp_path / "dangjian.sqlite3"
    open_database(db).close()
    real_access = os.access
    monkeypatch.setattr(connection.os, "access",
                        lambda path, mode: False if Path(path) == db and mode == os.W_OK else real_access(path, mode))
    with pytest.raises(UserError, match="只读") as refused:
        open_database(db)
    assert "损坏" not in str(refused.value)
