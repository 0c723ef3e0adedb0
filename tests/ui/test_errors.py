"""An error nobody caught in a window slot: written to the log, told in plain Chinese."""

import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from dangjian_desktop import error_log
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import errors


@pytest.fixture
def hook(monkeypatch, tmp_path):
    log = tmp_path / "logs" / "error.log"
    log.parent.mkdir()
    monkeypatch.setattr(error_log, "log_file", lambda: log)
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append((title, text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    installed = errors.install_error_hook()
    return installed, log, told


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_button_slot_is_logged_and_told_in_chinese(qtbot, hook):
    installed, log, told = hook
    button = QPushButton("保存")
    qtbot.addWidget(button)

    def broken():
        raise ZeroDivisionError("division by zero")

    button.clicked.connect(broken)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert len(told) == 1
    title, text = told[0]
    assert title == "出错了"
    assert text.startswith("程序出错了，刚才的操作没有完成，已保存的数据不受影响。")
    assert str(log) in text
    assert "ZeroDivisionError" not in text and "Traceback" not in text
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError: division by zero" in logged and "in broken" in logged


@pytest.mark.qt_no_exception_capture
def test_a_user_error_that_escaped_is_shown_as_it_is_and_not_logged(qtbot, hook):
    installed, log, told = hook
    button = QPushButton("导入")
    qtbot.addWidget(button)

    def refused():
        raise UserError("表格打不开。")

    button.clicked.connect(refused)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert told == [("出错了", "表格打不开。")]
    assert not log.exists()


def test_only_one_message_at_a_time(hook):
    installed, log, told = hook
    installed.showing = True           # a message box is already open
    try:
        raise RuntimeError("again")
    except RuntimeError:
        installed(*sys.exc_info())
    assert told == []
    assert len(installed.messages) == 1 and "RuntimeError: again" in log.read_text(encoding="utf-8")


def test_an_error_in_a_background_thread_is_logged(hook):
    installed, log, told = hook

    def broken():
        raise ValueError("thread went wrong")

    thread = threading.Thread(target=broken)
    thread.start()
    thread.join()
    assert "ValueError: thread went wrong" in log.read_text(encoding="utf-8")
    assert told == []
