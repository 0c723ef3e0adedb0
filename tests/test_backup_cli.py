"""``backup create|verify|restore`` on the command line, including full, read-only and removed sticks."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from dangjian_desktop.backup import create as create_module
from dangjian_desktop.backup.create import create_backup
from dangjian_desktop.errors import UserError
from tests.conftest import run_cli
from tests.test_backup_fixtures import dump_tables, file_bytes, flip

PASSWORD = "东坡村-2026"


def err(done) -> str:
    return done.stderr.decode("utf-8")


def out(done) -> str:
    return done.stdout.decode("utf-8")


@pytest.fixture
def branch(tmp_path) -> Path:
    path = tmp_path / "data" / "dangjian.sqlite3"
    done = run_cli("demo", db=path)
    assert done.returncode == 0, err(done)
    return path


@pytest.fixture
def usb(tmp_path) -> Path:
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


@pytest.fixture
def password_file(tmp_path) -> Path:
    path = tmp_path / "密码.txt"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, options: str):
    """A real small or read-only file system (needs root); skips the test when impossible."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc}); needs root")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True, timeout=30)


def test_create_json_matches_the_contract(branch, usb):
    done = run_cli("backup", "create", "--to", str(usb), "--json", db=branch)
    assert done.returncode == 0, err(done)
    result = json.loads(done.stdout.decode("utf-8"))
    assert set(result) == {"path", "bytes", "sha256"}
    path = Path(result["path"])
    assert path.parent == usb and path.name.startswith("东坡村党支部_") and path.suffix == ".djbak"
    assert result["bytes"] == path.stat().st_size
    assert result["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [p.name for p in usb.iterdir()] == [path.name]  # no temporary file left


def test_create_records_the_last_usb_backup(branch, usb):
    from dangjian_desktop.backup.reminder import usb_backup_status
    from dangjian_desktop.db.connection import open_database

    assert run_cli("backup", "create", "--to", str(usb), db=branch).returncode == 0
    with open_database(branch):
        status = usb_backup_status()
    assert status.days_since == 0 and not status.due


def test_create_to_a_missing_folder_says_so(branch, tmp_path):
    done = run_cli("backup", "create", "--to", str(tmp_path / "拔掉的U盘"), db=branch)
    assert done.returncode == 1
    assert "找不到文件夹" in err(done) and "Traceback" not in err(done)


def test_password_round_trip_on_the_command_line(branch, usb, password_file, tmp_path):
    expected = dump_tables(branch)
    done = run_cli("backup", "create", "--to", str(usb), "--password-file", str(password_file), "--json", db=branch)
    assert done.returncode == 0, err(done)
    backup = json.loads(out(done))["path"]

    done = run_cli("backup", "verify", backup)
    assert done.returncode == 1 and "设置了密码" in err(done)

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("东坡村-2025\n", encoding="utf-8")
    done = run_cli("backup", "verify", backup, "--password-file", str(wrong))
    assert done.returncode == 1 and "密码不对" in err(done)

    done = run_cli("backup", "verify", backup, "--password-file", str(password_file))
    assert done.returncode == 0, err(done)
    assert "备份完好" in out(done) and "东坡村党支部" in out(done) and "密码保护：有" in out(done)

    target = tmp_path / "别的电脑" / "dangjian.sqlite3"
    done = run_cli("backup", "restore", backup, "--password-file", str(password_file), "--yes", db=target)
    assert done.returncode == 0, err(done)
    assert dump_tables(target) == expected


def test_restore_replaces_the_database_and_keeps_a_safety_copy(branch, usb, tmp_path):
    expected = dump_tables(branch)  # the backup holds the data as they were when it was made
    backup = json.loads(out(run_cli("backup", "create", "--to", str(usb), "--json", db=branch)))["path"]
    other = tmp_path / "other.sqlite3"
    assert run_cli("demo", "--members", "12", "--seed", "5", db=other).returncode == 0
    done = run_cli("backup", "restore", backup, "--yes", db=other)
    assert done.returncode == 0, err(done)
    assert dump_tables(other) == expected
    assert "恢复前的数据已另存为" in out(done)
    check = run_cli("check", "--json", db=other)
    assert json.loads(out(check))["ok"] is True
    safety = list((tmp_path / "other-自动备份").glob("*_恢复前.djbak"))
    assert len(safety) == 1


def test_restore_asks_and_a_no_changes_nothing(branch, usb):
    backup = json.loads(out(run_cli("backup", "create", "--to", str(usb), "--json", db=branch)))["path"]
    before = file_bytes(branch)
    done = run_cli("backup", "restore", backup, db=branch, input_bytes="n\n".encode())
    assert done.returncode == 1
    assert "确定恢复吗" in out(done) and "没有恢复" in err(done)
    done = run_cli("backup", "restore", backup, db=branch, input_bytes=b"")
    assert done.returncode == 1 and "--yes" in err(done)
    assert file_bytes(branch) == before


def test_damaged_and_truncated_backups_are_refused_and_nothing_changes(branch, usb, tmp_path):
    backup = Path(json.loads(out(run_cli("backup", "create", "--to", str(usb), "--json", db=branch)))["path"])
    data = backup.read_bytes()
    before = file_bytes(branch)
    bad = tmp_path / "坏的.djbak"
    for content, words in ((flip(data, len(data) // 2), "已经损坏"), (data[: len(data) // 2], "不完整"),
                           (b"just some text", "不是党支部工作台的备份文件")):
        bad.write_bytes(content)
        for command in (["backup", "verify", str(bad)], ["backup", "restore", str(bad), "--yes"]):
            done = run_cli(*command, db=branch)
            assert done.returncode == 1, command
            assert words in err(done) and "Traceback" not in err(done)
    assert file_bytes(branch) == before


def test_missing_password_file_is_a_clear_error(branch, usb, tmp_path):
    done = run_cli("backup", "create", "--to", str(usb), "--password-file", str(tmp_path / "无.txt"), db=branch)
    assert done.returncode == 1 and "无法读取密码文件" in err(done)
    assert list(usb.iterdir()) == []


def test_full_stick_fails_cleanly(branch, tmp_path):
    tiny = tmp_path / "小U盘"
    with mounted_tmpfs(tiny, "size=8k"):
        done = run_cli("backup", "create", "--to", str(tiny), db=branch)
        assert done.returncode == 1
        assert "空间不够" in err(done) and "Traceback" not in err(done)
        assert list(tiny.iterdir()) == []  # the half-written temporary file is gone


def test_read_only_stick_fails_cleanly(branch, tmp_path):
    folder = tmp_path / "写保护U盘"
    with mounted_tmpfs(folder, "ro,size=1m"):
        done = run_cli("backup", "create", "--to", str(folder), db=branch)
        assert done.returncode == 1
        assert "写保护" in err(done) and "Traceback" not in err(done)


def test_stick_removed_mid_write_fails_cleanly(branch, usb, monkeypatch):
    """The stick disappears after the first megabyte (EIO), like a stick pulled out."""
    from dangjian_desktop.db.connection import open_database

    calls = []
    real = create_module._write_all

    def failing(fd, data):
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(errno.EIO, "Input/output error")
        real(fd, data)

    monkeypatch.setattr(create_module, "_write_all", failing)
    monkeypatch.setattr(create_module, "WRITE_BYTES", 4096)  # several writes even for a small branch
    with open_database(branch) as opened:
        with pytest.raises(UserError) as caught:
            create_backup(opened.path, usb)
    assert "U盘可能被拔出" in str(caught.value)
    assert list(usb.iterdir()) == []


@pytest.mark.parametrize("where", ["listing", "close", "rename", "fsync", "read back"])
def test_a_stick_pulled_anywhere_in_the_backup_is_named_as_pulled(branch, usb, monkeypatch, where):
    """Real pulls failed not only in a write: listing the folder, closing, renaming, syncing and
    reading the file back raise EIO too."""
    import os as os_module
    from pathlib import Path as PathType

    from dangjian_desktop.backup import package as package_module

    pulled = OSError(errno.EIO, "Input/output error")
    if where == "listing":
        real_exists = PathType.exists
        monkeypatch.setattr(PathType, "exists",
                            lambda self: (_ for _ in ()).throw(pulled) if usb in self.parents else real_exists(self))
    elif where == "close":
        real_close = os_module.close
        temps = []
        real_open = os_module.open

        def tracking_open(path, *args, **kwargs):
            fd = real_open(path, *args, **kwargs)
            if str(path).endswith(".djbak.tmp"):
                temps.append(fd)
            return fd

        def failing_close(fd):
            real_close(fd)
            if fd in temps:
                raise pulled
        monkeypatch.setattr(create_module.os, "open", tracking_open)
        monkeypatch.setattr(create_module.os, "close", failing_close)
    elif where == "rename":
        monkeypatch.setattr(create_module.os, "replace", lambda *a: (_ for _ in ()).throw(pulled))
    elif where == "fsync":
        monkeypatch.setattr(create_module.os, "fsync", lambda fd: (_ for _ in ()).throw(pulled))
    else:
        real_file_open = open

        def failing_open(path, *args, **kwargs):
            if str(path).endswith(".djbak") and "rb" in args:
                raise pulled
            return real_file_open(path, *args, **kwargs)
        monkeypatch.setattr(package_module, "open", failing_open, raising=False)
    with pytest.raises(UserError) as caught:
        create_backup(branch, usb)
    message = str(caught.value)
    assert "U盘" in message and "Input/output" not in message, message
    monkeypatch.undo()
    assert [p.name for p in usb.iterdir() if p.name.endswith(".djbak")] == []


def test_disk_full_mid_write_fails_cleanly_in_process(branch, usb, monkeypatch):
    from dangjian_desktop.db.connection import open_database

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(create_module, "_write_all", full)
    with open_database(branch) as opened:
        with pytest.raises(UserError) as caught:
            create_backup(opened.path, usb)
    assert "空间不够" in str(caught.value)
    assert list(usb.iterdir()) == []


def test_read_back_failure_removes_the_bad_file(branch, usb, monkeypatch):
    """A stick that stores wrong bytes: the read-back check catches it and deletes the file."""
    from dangjian_desktop.db.connection import open_database

    real = create_module._write_all
    seen = []

    def corrupting(fd, data):
        seen.append(1)
        if len(seen) == 2:
            data = bytes(data[:100]) + bytes([data[100] ^ 1]) + bytes(data[101:])
        real(fd, data)

    monkeypatch.setattr(create_module, "_write_all", corrupting)
    monkeypatch.setattr(create_module, "WRITE_BYTES", 2048)
    with open_database(branch) as opened:
        with pytest.raises(UserError) as caught:
            create_backup(opened.path, usb)
    assert "读回核对没有通过" in str(caught.value)
    assert list(usb.iterdir()) == []


def test_usage_errors_exit_2(branch):
    done = run_cli("backup", "create", db=branch)
    assert done.returncode == 2
