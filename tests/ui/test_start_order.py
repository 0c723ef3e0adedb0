"""The window in two steps: its frame from Qt alone, then the data file and the 工作台."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from dangjian_desktop.core import activity_check
from dangjian_desktop.ui.main_window import OPENING_TEXT, PAGES, MainWindow
from tests.test_start import start_env


def frame(qtbot, ui_settings):
    win = MainWindow(None, ui_settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_frame_says_it_is_opening_and_builds_no_page(qtbot, ui_settings):
    win = frame(qtbot, ui_settings)
    assert win.sidebar.count() == len(PAGES)
    assert [label.text() for label in win.stack.currentWidget().findChildren(QLabel)] == [OPENING_TEXT]
    rect = win.sidebar.visualItemRect(win.sidebar.item(1))
    qtbot.mouseClick(win.sidebar.viewport(), Qt.LeftButton, pos=rect.center())   # too soon: nothing to show
    assert win.pages == {}
    assert not win.find_action.isEnabled() and not win.print_action.isEnabled()   # Ctrl+F, Ctrl+P wait
    assert not win.about_action.isEnabled()      # 关于 names the data file: not open yet
    assert win.quit_action.isEnabled()
    win.close()     # closing before the data file is open backs nothing up and does not fail


def test_attach_fills_the_home_page_once(qtbot, ui_settings, demo_db, monkeypatch):
    win = frame(qtbot, ui_settings)
    calls = []
    real = activity_check.overview
    monkeypatch.setattr(activity_check, "overview", lambda **kw: (calls.append(kw), real(**kw))[1])
    win.attach(demo_db)
    assert len(calls) == 1           # the backup and flow notices go in with the first fill
    home = win.current_page()
    assert home.key == "home"
    assert win.stack.currentWidget() is home
    assert OPENING_TEXT not in [label.text() for label in home.findChildren(QLabel)]
    assert "usb_backup" in home._notices       # never backed up to a USB stick: said at once
    assert home.lines["notices"]
    rect = win.sidebar.visualItemRect(win.sidebar.item(1))
    qtbot.mouseClick(win.sidebar.viewport(), Qt.LeftButton, pos=rect.center())
    assert win.current_page().key == "members"
    assert win.find_action.isEnabled() and win.print_action.isEnabled()
    assert not win.undo_action.isEnabled()        # nothing done yet: the undo history decides
    win.backup_on_exit = False


def test_a_second_start_never_shows_a_window_of_its_own(window, qtbot, db_path, tmp_path):
    env = start_env(tmp_path)
    client = subprocess.Popen([sys.executable, "-m", "dangjian_desktop", "--db", str(db_path), "gui"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    qtbot.waitUntil(lambda: client.poll() is not None, timeout=60000)
    out, err = client.communicate()
    assert client.returncode == 0, err
    assert out == ""          # neither "shown" nor "ready": the running window came forward


def test_a_file_that_is_not_ours_is_told_over_the_frame_and_left_alone(qapp, tmp_path, ui_settings, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from dangjian_desktop.ui import app as ui_app

    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"not a database, a letter to the township" * 100)
    before = bad.read_bytes()
    told = []
    monkeypatch.setattr(ui_app, "UiSettings", lambda: ui_settings)
    monkeypatch.setattr(ui_app, "install_error_hook", lambda: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append(
        (type(parent).__name__, parent.isVisible(), parent.opened, text)))
    assert ui_app.run(db_path=str(bad)) == 1
    assert len(told) == 1
    kind, visible, opened, text = told[0]
    assert (kind, visible, opened) == ("MainWindow", True, None)
    assert "notes.sqlite3" in text and "Traceback" not in text
    assert bad.read_bytes() == before


def test_a_file_held_by_a_window_that_does_not_answer_is_told_without_a_window(qapp, tmp_path, ui_settings,
                                                                               monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from dangjian_desktop.db.lock import InstanceLock
    from dangjian_desktop.ui import app as ui_app
    from dangjian_desktop.ui import main_window

    db = tmp_path / "branch.sqlite3"
    holder = InstanceLock(db)              # a window still opening, or a command, holds the file
    assert holder.acquire()
    told, made = [], []
    monkeypatch.setattr(ui_app, "UiSettings", lambda: ui_settings)
    monkeypatch.setattr(ui_app, "install_error_hook", lambda: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append((parent, text)))
    monkeypatch.setattr(main_window, "MainWindow", lambda *args: made.append(args) or MainWindow(*args))
    try:
        assert ui_app.run(db_path=str(db)) == 1
    finally:
        holder.release()
    assert [(parent, "正被另一个党支部工作台窗口使用" in text) for parent, text in told] == [(None, True)]
    assert made == []                       # not even a frame flashed
