"""Kill -9 at random moments while backing up and restoring: nothing is ever half done.

Each run starts the real command line, kills it at a random moment between start and the time
a full run needs, and then checks: the database passes ``check`` and holds exactly the old or
exactly the new data; every file with a backup's final name verifies completely.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dangjian_desktop.backup.verify import verify_backup
from tests.conftest import run_cli
from tests.test_backup_fixtures import dump_tables

pytestmark = pytest.mark.skipif(os.name == "nt", reason="kill -9 semantics are POSIX")

RUNS = 15


def _start(*args: str, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-m", "dangjian_desktop", "--db", str(db), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _full_duration(*args: str, db: Path, expect: int = 0) -> float:
    start = time.perf_counter()
    proc = _start(*args, db=db)
    assert proc.wait(timeout=300) == expect
    return time.perf_counter() - start


def _kill_window(args: tuple[str, ...], db: Path) -> tuple[float, float]:
    """From the end of Python's start-up to the end of a full run: kill moments in between
    hit the real work instead of the import of the program."""
    startup = min(_full_duration("backup", "verify", str(db.parent / "none.djbak"), db=db, expect=1)
                  for _ in range(2))
    full = _full_duration(*args, db=db)
    return 0.8 * startup, max(full, startup) * 1.05


def _run_and_kill(args: tuple[str, ...], db: Path, after: float) -> bool:
    """True when the process was killed, False when it finished first."""
    proc = _start(*args, db=db)
    try:
        proc.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        proc.kill()  # SIGKILL: no cleanup code runs
        proc.wait(timeout=60)
        return True


def _reset(target: Path, pristine: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        side = Path(str(target) + suffix)
        if side.exists():
            side.unlink()
    shutil.copyfile(pristine, target)


def _check_ok(db: Path) -> None:
    done = run_cli("check", "--json", db=db)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert json.loads(done.stdout)["ok"] is True


@pytest.fixture(scope="module")
def two_states(tmp_path_factory):
    """Old data (a 40-member branch) and a backup of different, larger data (2,000 members)."""
    folder = tmp_path_factory.mktemp("crash")
    old = folder / "old.sqlite3"
    new = folder / "new.sqlite3"
    assert run_cli("demo", "--members", "40", "--seed", "3", db=old).returncode == 0
    assert run_cli("demo", "--members", "2000", "--seed", "4", db=new).returncode == 0
    # Pristine single files (no -wal beside them) to start each run from.
    for path in (old, new):
        assert run_cli("check", db=path).returncode == 0
    usb = folder / "usb"
    usb.mkdir()
    new_dump = dump_tables(new)  # as backed up (creating it records the USB date afterwards)
    made = run_cli("backup", "create", "--to", str(usb), "--json", db=new)
    assert made.returncode == 0, made.stderr.decode("utf-8")
    backup = Path(json.loads(made.stdout)["path"])
    return folder, old, dump_tables(old), new_dump, backup


def test_restore_killed_at_random_moments_leaves_old_or_new_data(two_states):
    folder, pristine, old_dump, new_dump, backup = two_states
    target = folder / "target.sqlite3"
    _reset(target, pristine)
    args = ("backup", "restore", str(backup), "--yes")
    low, high = _kill_window(args, target)
    rng = random.Random(20261126)
    outcomes = {"old": 0, "new": 0}
    killed = 0
    for run in range(RUNS):
        _reset(target, pristine)
        delay = rng.uniform(low, high)
        killed += _run_and_kill(args, target, delay)
        _check_ok(target)
        now = dump_tables(target)
        assert now in (old_dump, new_dump), f"run {run}: killed after {delay:.3f}s left mixed data"
        outcomes["old" if now == old_dump else "new"] += 1
    print(f"kill window {low:.2f}-{high:.2f}s, killed {killed} of {RUNS}, outcomes {outcomes}")
    assert killed >= RUNS // 2, f"only {killed} of {RUNS} runs were killed before finishing"
    # A restore after all these crashes still works and cleans up.
    done = run_cli(*args, db=target)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert dump_tables(target) == new_dump
    assert not any(p.name.endswith(".恢复中.tmp") for p in folder.iterdir())


def test_backup_killed_at_random_moments_never_leaves_a_bad_backup(two_states, tmp_path):
    folder, pristine, old_dump, new_dump, _backup = two_states
    source = tmp_path / "source.sqlite3"
    _reset(source, folder / "new.sqlite3")
    usb = tmp_path / "usb"
    usb.mkdir()
    args = ("backup", "create", "--to", str(usb))
    low, high = _kill_window(args, source)
    first = sorted(usb.glob("*.djbak"))             # the full run that measured the window
    rng = random.Random(7)
    killed = 0
    for _run in range(RUNS):
        killed += _run_and_kill(args, source, rng.uniform(low, high))
    assert killed >= RUNS // 2
    finished = sorted(usb.glob("*.djbak"))
    # Every run that was not killed made a backup (one killed after the rename, while reading
    # it back, has its name too)…
    assert len(finished) >= len(first) + (RUNS - killed), (len(first), killed, [p.name for p in finished])
    for path in finished:                            # …and every file with a backup's name is whole
        info = verify_backup(path, near=source)
        assert info.member_records == 2000
    # What the killed runs left (half-written files, snapshot copies) goes with the next backup.
    assert run_cli("backup", "create", "--to", str(usb), db=source).returncode == 0
    assert [p.name for p in usb.iterdir() if not p.name.endswith(".djbak")] == []
    scratch = source.with_name(source.stem + "-临时")
    assert not scratch.exists() or list(scratch.iterdir()) == []
    _check_ok(source)
    assert dump_tables(source)["member"] == new_dump["member"]
    print(f"kill window {low:.2f}-{high:.2f}s, killed {killed} of {RUNS}, complete backups {len(finished)}")


def _rows(dump: dict) -> dict:
    return {k: v for k, v in dump.items() if k != "setting"}


def _counts(dump: dict) -> dict:
    return {k: len(v) for k, v in dump.items() if not k.startswith("~") and k != "setting"}


def _roster_sheet(path: Path, count: int) -> Path:
    from dangjian_desktop.core.idnumber import check_char
    from tests.conftest import TODAY

    lines = ["姓名,性别,公民身份号码,入党日期,家庭住址"]
    for number in range(count):
        first17 = f"3701241970{1 + number % 12:02d}{1 + number % 28:02d}{number % 1000:03d}"
        lines.append(f"测试{number:04d},,{first17 + check_char(first17)},2001-07-01,东坡村{1 + number % 5}组{number}号")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert TODAY
    return path


@pytest.mark.parametrize("work", ["import", "demo", "groups apply", "plan apply"])
def test_other_writes_killed_at_random_moments_leave_old_or_new_data_and_no_leftovers(two_states, tmp_path, work):
    """Every long write is one transaction: a kill leaves the data as before or as after it, the
    database sound, and no temporary file anywhere (the system's temporary folder included)."""
    folder = two_states[0]
    target = tmp_path / "branch.sqlite3"
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    if work == "demo":
        pristine = tmp_path / "empty.sqlite3"
        assert run_cli("check", db=pristine).returncode == 0       # a new, empty database
        args: tuple[str, ...] = ("demo", "--members", "1500", "--seed", "5")
    else:
        pristine = folder / "old.sqlite3"
        args = {
            "import": ("members", "import", str(_roster_sheet(tmp_path / "roster.csv", 1500)), "--skip-invalid"),
            "groups apply": ("groups", "suggest", "--apply"),
            "plan apply": ("activities", "plan", "2027", "--apply"),
        }[work]
    _reset(target, pristine)
    old_dump = dump_tables(target)
    env_temp = {"TMPDIR": str(system_temp)}
    done = run_cli(*args, db=target, env=env_temp)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    new_dump = dump_tables(target)
    assert new_dump != old_dump
    _reset(target, pristine)
    low, high = _kill_window(args, target)
    rng = random.Random(11)
    killed = 0
    outcomes = {"old": 0, "new": 0}
    for run in range(24):
        if run >= 8 and killed >= 3:
            break
        _reset(target, pristine)
        delay = rng.uniform(low, high)
        proc = subprocess.Popen([sys.executable, "-m", "dangjian_desktop", "--db", str(target), *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "PYTHONIOENCODING": "utf-8", **env_temp})
        try:
            proc.wait(timeout=delay)
            high = max(low * 1.1, high * 0.85)       # it finished first: aim earlier (a busy machine)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=60)
            killed += 1
        _check_ok(target)
        now = dump_tables(target)
        # Old: every row as it was. New: every table holds as many rows as after a full run
        # (times of day in the rows differ from run to run).
        same_as_old = _rows(now) == _rows(old_dump)
        same_as_new = _counts(now) == _counts(new_dump)
        assert same_as_old or same_as_new, f"run {run}: killed after {delay:.3f}s left mixed data"
        outcomes["new" if same_as_new else "old"] += 1
        assert list(system_temp.iterdir()) == []
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    runs = sum(outcomes.values())
    print(f"{work}: kill window {low:.2f}-{high:.2f}s, killed {killed} of {runs}, outcomes {outcomes}")
    assert killed >= 3, f"only {killed} of {runs} runs were killed before finishing"
