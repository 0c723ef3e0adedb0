import atexit
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window's settings (QSettings), files the program may make again (the side bar's icons),
# the error log and the default data file go to a scratch folder, not to the profile of whoever
# runs the tests; child processes inherit it.
_SCRATCH_HOME = tempfile.mkdtemp(prefix="dangjian-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SCRATCH_HOME, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_SCRATCH_HOME, "cache")
os.environ["XDG_STATE_HOME"] = os.path.join(_SCRATCH_HOME, "state")    # the error log
os.environ["XDG_DATA_HOME"] = os.path.join(_SCRATCH_HOME, "data")      # the default data file
atexit.register(shutil.rmtree, _SCRATCH_HOME, ignore_errors=True)

from dangjian_desktop.db.connection import open_database  # noqa: E402
from tests import demo_cache  # noqa: E402

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="session", autouse=True)
def _demo_templates(tmp_path_factory):
    """Demo branches are generated once per session and copied into each test's database."""
    demo_cache.use_folder(tmp_path_factory.mktemp("demo-templates"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "branch.sqlite3"


@pytest.fixture
def opened(db_path):
    """A fresh, real SQLite database in tmp_path, closed after the test."""
    handle = open_database(db_path)
    yield handle
    handle.close()


@pytest.fixture
def demo_db(opened):
    demo_cache.load_demo(46, seed=7)
    return opened


def run_cli(*args: str, db: Path | None = None, env: dict | None = None, input_bytes: bytes | None = None):
    """Run the real command line in a child process; returns CompletedProcess (bytes)."""
    import subprocess

    cmd = [sys.executable, "-m", "dangjian_desktop"]
    if db is not None:
        cmd += ["--db", str(db)]
    cmd += list(args)
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(cmd, capture_output=True, env=full_env, input=input_bytes, timeout=300)


def cli_ok(db: Path, *args: str) -> str:
    """Run a command that must succeed; its standard output."""
    done = run_cli(*args, db=db)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def cli_refused(db: Path, *args: str, code: int = 1) -> str:
    """Run a command that must be refused with ``code`` and a message, never a traceback."""
    done = run_cli(*args, db=db)
    assert done.returncode == code, (done.stdout.decode(), done.stderr.decode())
    assert "Traceback" not in done.stderr.decode()
    return done.stderr.decode()


@pytest.fixture
def bundled_fonts(monkeypatch):
    """Reports use only the bundled font (system fonts are not looked for): page counts stay fixed."""
    from dangjian_desktop.reports.fonts import reset_report_fonts

    monkeypatch.setenv("DANGJIAN_FONT_DIRS", "")
    reset_report_fonts()
    yield
    reset_report_fonts()


@pytest.fixture
def branch46(opened):
    demo_cache.load_demo(46, seed=7, today=TODAY)
    return opened


@pytest.fixture
def branch300(opened):
    demo_cache.load_demo(300, seed=7, today=TODAY)
    return opened


@pytest.fixture
def branch_db(demo_db):
    """A closed demo database with every table filled (the backup tests)."""
    from tests.test_backup_fixtures import fill_every_table

    path = demo_db.path
    demo_db.close()
    fill_every_table(path)
    return path
