"""The window's start: its arguments read without the whole command line, the frame on screen
before the data layer is imported, and a second start that never shows a window of its own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dangjian_desktop.cli import build_parser, gui_arguments
from dangjian_desktop.db.lock import InstanceLock, held_elsewhere, lock_path_for
from tests.conftest import cli_ok

# Runs the real entry point; when the program prints "shown" (its frame painted), it also says
# which modules of the data layer were loaded by then.
WATCHED_START = r"""
import sys

import PySide6.QtCore

DATA_LAYER = ("peewee", "dangjian_desktop.db.models", "dangjian_desktop.db.connection",
              "dangjian_desktop.core.members", "dangjian_desktop.core.activity_check")


class Watch:
    def __init__(self, inner):
        self.inner = inner

    def write(self, text):
        if text.strip() == "shown":
            loaded = [name for name in DATA_LAYER if name in sys.modules]
            if "Qt" in PySide6.QtCore.__dict__:    # the namespace's 93 enums made (11 ms)
                loaded.append("Qt")
            self.inner.write("loaded before shown: " + ",".join(loaded) + "\n")
        return self.inner.write(text)

    def __getattr__(self, name):
        return getattr(self.inner, name)


sys.stdout = Watch(sys.stdout)
from dangjian_desktop.cli import main

sys.exit(main(sys.argv[1:]))
"""

GUI_FORMS = [
    [],
    ["--db", "x.sqlite3"],
    ["--db=x.sqlite3"],
    ["gui"],
    ["--db", "x.sqlite3", "gui", "--page", "members"],
    ["gui", "--screenshot", "a.png", "--page=dues"],
    ["gui", "--screenshot=a.png"],
]
NOT_GUI_FORMS = [
    ["--help"],
    ["--version"],
    ["members", "list"],
    ["--db"],
    ["--db", "--version"],
    ["gui", "gui"],
    ["gui", "--page", "nowhere"],
    ["gui", "--page"],
    ["gui", "--db", "x.sqlite3"],        # argparse takes --db only before the command
    ["--page", "members"],
    ["gui", "--screenshot", ""],
    ["--db", "x", "--db", "y"],
]


@pytest.mark.parametrize("argv", GUI_FORMS)
def test_a_start_of_the_window_is_read_as_the_whole_parser_reads_it(argv):
    quick = gui_arguments(argv)
    assert quick is not None
    full = build_parser().parse_args(argv)
    for name in ("db", "page", "screenshot"):
        assert getattr(quick, name) == getattr(full, name, None)
    assert quick.command == full.command


@pytest.mark.parametrize("argv", NOT_GUI_FORMS)
def test_anything_else_goes_to_the_whole_parser(argv):
    assert gui_arguments(argv) is None


def test_a_lock_nobody_holds_is_not_held_and_nothing_is_made(tmp_path):
    db = tmp_path / "branch.sqlite3"
    assert not held_elsewhere(db)
    assert not lock_path_for(db).exists()
    lock = InstanceLock(db)
    assert lock.acquire()
    try:
        assert held_elsewhere(db)
    finally:
        lock.release()
    assert not held_elsewhere(db)
    assert lock.acquire()     # asking took nothing away
    lock.release()


def start_env(tmp_path) -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DANGJIAN_START_TIMES": "1",
            "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}


def test_the_frame_is_on_screen_before_the_data_layer_is_imported(tmp_path):
    db = tmp_path / "branch.sqlite3"
    cli_ok(db, "demo", "--members", "30")
    for start in ("first", "later"):
        done = subprocess.run([sys.executable, "-c", WATCHED_START, "--db", str(db)], capture_output=True,
                              text=True, encoding="utf-8", env=start_env(tmp_path), timeout=120)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        lines = done.stdout.splitlines()
        if start == "first":     # the side bar's icons are painted once, then kept as files
            assert lines == ["loaded before shown: Qt", "shown", "ready"], done.stdout
            assert len(list((tmp_path / "cache" / "dangjian-desktop" / "icons").glob("*.png"))) == 11
        else:                    # read by Qt itself: nothing in Python touched the Qt namespace
            assert lines == ["loaded before shown: ", "shown", "ready"], done.stdout


def test_the_same_start_through_gui_and_the_default_data_file(tmp_path):
    env = start_env(tmp_path)
    env.pop("DANGJIAN_DB", None)
    default = tmp_path / "data" / "dangjian-desktop" / "dangjian.sqlite3"
    made = subprocess.run([sys.executable, "-m", "dangjian_desktop", "demo", "--members", "20"], env=env,
                          capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr.decode()
    assert default.exists()
    done = subprocess.run([sys.executable, "-m", "dangjian_desktop", "gui", "--page", "members"], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["shown", "ready"]


def test_a_screenshot_is_1366_by_768_after_the_window_was_left_maximised(tmp_path):
    from PySide6.QtGui import QImage

    db = tmp_path / "branch.sqlite3"
    cli_ok(db, "demo", "--members", "10")
    env = start_env(tmp_path)
    first = subprocess.run([sys.executable, "-m", "dangjian_desktop", "--db", str(db)], env=env,
                           capture_output=True, timeout=120)   # offscreen's small screen: maximised, kept
    assert first.returncode == 0, first.stderr.decode()
    assert "geometry" in (tmp_path / "config" / "dangjian-desktop" / "dangjian-desktop.conf").read_text()
    env.pop("DANGJIAN_START_TIMES")
    shot = tmp_path / "shot.png"
    done = subprocess.run([sys.executable, "-m", "dangjian_desktop", "--db", str(db), "gui", "--screenshot",
                           str(shot)], env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
