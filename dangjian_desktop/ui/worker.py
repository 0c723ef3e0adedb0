"""Long work off the GUI thread (STYLE.md #3).

``run_with_progress(parent, title, func, on_done)`` runs ``func(progress)`` in a worker thread
while a modal progress dialog shows; ``progress(done, total, text)`` may be called from the
worker. ``on_done(result)`` runs on the GUI thread; a :class:`UserError` is shown as its
Chinese message, anything else as a short apology with the log file's location.

With ``cancellable=True`` the progress dialog has a 取消 button: the next ``progress(...)``
call in the worker then raises :class:`~dangjian_desktop.errors.Cancelled`, so work that writes
in one transaction (an import) rolls back and reports it as cancelled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from dangjian_desktop.db.connection import release_thread_connection
from dangjian_desktop.error_log import report_unexpected
from dangjian_desktop.errors import Cancelled, UserError

ProgressFn = Callable[[int, int, str], None]


class _Worker(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, func: Callable[[ProgressFn], object]):
        super().__init__()
        self._func = func
        self.cancel_requested = threading.Event()

    def _progress(self, done: int, total: int, text: str = "") -> None:
        if self.cancel_requested.is_set():
            raise Cancelled()
        self.progressed.emit(done, total, text)

    def run(self) -> None:
        try:
            result = self._func(self._progress)
        except BaseException as exc:  # reported on the GUI thread
            self.failed.emit(exc)
        else:
            self.finished.emit(result)
        finally:
            release_thread_connection()   # this worker thread's own connection


_RUNNING: set["Operation"] = set()


class Operation(QObject):
    """One background operation with its thread and progress dialog."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget, title: str, func: Callable[[ProgressFn], object], *, delay_ms: int = 500,
                 cancellable: bool = False):
        # No Qt parent for the operation and its thread: a window closed while the work runs
        # would destroy a running QThread, which aborts the whole program. Running operations
        # are kept alive in _RUNNING until their thread has finished.
        super().__init__()
        self._parent = parent
        _RUNNING.add(self)
        self._thread = QThread()
        self._worker = _Worker(func)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._dialog = QProgressDialog(title, None, 0, 0, parent)
        self._dialog.setWindowTitle(title)
        self._dialog.setWindowModality(Qt.WindowModal)
        self._dialog.setMinimumDuration(delay_ms)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        if cancellable:
            self._dialog.setCancelButtonText("取消")
            self._dialog.canceled.connect(self.cancel)
        else:
            self._dialog.setCancelButton(None)
        self.result = None
        self.exception: BaseException | None = None
        self.finished = False
        self.closing = False

    def start(self) -> None:
        if self.closing:        # the program is closing: work it had not begun never starts
            self._finish()
            return
        self._dialog.setValue(0)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (取消)."""
        self._worker.cancel_requested.set()
        if shiboken6.isValid(self._dialog) and not self.finished:
            self._dialog.setLabelText("正在取消，请稍候…")
            self._dialog.show()      # QProgressDialog hides itself on 取消; the work is still stopping

    def abandon(self) -> None:
        """Stop the work at its next progress report without a word (its result is not wanted:
        a newer request replaced it); what it already did is not undone."""
        self._worker.cancel_requested.set()

    def _parent_gone(self) -> bool:
        """The widget that asked for the work was deleted meanwhile (its window or page closed):
        its progress and result have nowhere to go."""
        return not shiboken6.isValid(self._parent) or not shiboken6.isValid(self._dialog)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self._parent_gone():
            return
        if total > 0:
            self._dialog.setMaximum(total)
            self._dialog.setValue(min(done, total))
        if text:
            self._dialog.setLabelText(text)

    def _finish(self) -> None:
        self.finished = True
        if shiboken6.isValid(self._dialog):   # gone with its window if that was closed meanwhile
            self._dialog.reset()
            self._dialog.hide()
        self._thread.quit()
        self._thread.wait()
        _RUNNING.discard(self)

    def _on_finished(self, result: object) -> None:
        self.result = result
        gone = self._parent_gone()
        self._finish()
        if not gone:
            self.done.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.exception = exc
        gone = self._parent_gone()
        self._finish()
        if not gone:
            self.error.emit(exc)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    return report_unexpected(exc)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "出错了") -> None:
    QMessageBox.warning(parent, title, error_text(exc))


def finish_running(timeout_ms: int = 30_000) -> None:
    """Before the program closes its data file: ask background work to stop at its next progress
    report and wait for it (a thread still running when Qt is torn down aborts the process)."""
    for op in list(_RUNNING):
        op._worker.cancel_requested.set()
        op.closing = True                  # not started yet (its start waits for the event loop)
        op._thread.quit()
        op._thread.wait(timeout_ms)


def run_with_progress(
    parent: QWidget,
    title: str,
    func: Callable[[ProgressFn], object],
    on_done: Callable[[object], None],
    *,
    on_error: Callable[[BaseException], None] | None = None,
    cancellable: bool = False,
) -> Operation:
    op = Operation(parent, title, func, cancellable=cancellable)
    op.done.connect(on_done)
    op.error.connect(on_error or (lambda exc: show_error(parent, exc)))
    QTimer.singleShot(0, op.start)
    return op


def run_and_wait(parent: QWidget | None, title: str, func: Callable[[ProgressFn], object]) -> object:
    """Run ``func`` in a worker with a progress dialog and wait for it (the window keeps
    drawing meanwhile); returns its result or raises its exception. For work that must finish
    before the caller goes on (a large undo) but would freeze the window if run in place."""
    op = Operation(parent, title, func, delay_ms=0)
    loop = QEventLoop()
    op.done.connect(lambda _result: loop.quit())
    op.error.connect(lambda _exc: loop.quit())
    op._thread.finished.connect(loop.quit)
    window = parent.window() if parent is not None else None
    if window is not None:
        window.setEnabled(False)     # nothing typed or clicked reaches the window meanwhile
    try:
        op.start()
        if not op.finished:
            loop.exec()
    finally:
        if window is not None and shiboken6.isValid(window):
            window.setEnabled(True)
    if op.exception is not None:
        raise op.exception
    return op.result
