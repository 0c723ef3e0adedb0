"""The GUI's last resort for errors nobody caught.

An exception escaping a window slot (a click, a timer …) would otherwise go to a stderr that the
windowed program throws away: :func:`install_error_hook` makes every such error end in the log
file (dangjian_desktop.error_log) and in one plain Chinese message — what happened, that the
saved data is safe, where the log is. An error in a background thread is logged only (the
background work reports its own failures).
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop.error_log import report_unexpected, write_traceback
from dangjian_desktop.errors import UserError


class ErrorHook:
    """``sys.excepthook`` for the GUI; at most one message box at a time (an error repeated in
    every paint must not stack up windows), every error logged."""

    def __init__(self) -> None:
        self.showing = False
        self.messages: list[str] = []      # what was told, for tests and support

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc is None:
            exc = exc_type()
        exc = exc.with_traceback(tb)
        text = str(exc) if isinstance(exc, UserError) else report_unexpected(exc)
        self.messages.append(text)
        if self.showing or QApplication.instance() is None:
            return
        self.showing = True
        try:
            QMessageBox.warning(QApplication.activeWindow(), "出错了", text)
        finally:
            self.showing = False


def _log_thread_error(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
        try:
            write_traceback(args.exc_value)
        except OSError:
            pass


def install_error_hook() -> ErrorHook:
    hook = ErrorHook()
    sys.excepthook = hook
    threading.excepthook = _log_thread_error
    return hook
