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
    rng = random.Random(7)
    killed = 0
    for _run in range(RUNS):
        killed += _run_and_kill(args, source, rng.uniform(low, high))
    assert killed >= RUNS // 2
    finished = sorted(usb.glob("*.djbak"))
    assert finished  # the first full run at least
    for path in finished:
        info = verify_backup(path)
        assert info.member_records == 2000
    _check_ok(source)
    assert dump_tables(source)["member"] == new_dump["member"]
    print(f"kill window {low:.2f}-{high:.2f}s, killed {killed} of {RUNS}, complete backups {len(finished)}")
