"""Automatic local backups from the main window: every 30 minutes (when data changed) and on exit.

The main window owns one :class:`AutoBackupTimer`::

    self.auto_backup = AutoBackupTimer(self.opened.path, self)
    self.auto_backup.failed.connect(lambda text: self.statusBar().showMessage(text, 15000))
    self.auto_backup.start()
    ...
    def closeEvent(self, event):
        self.auto_backup.backup_blocking("exit")

The timer's backups run in a background thread without any dialog; nothing is written when the
data did not change since the newest automatic backup. Problems never interrupt the user with a
pop-up: they are reported through ``failed`` (a Chinese sentence for the status bar).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from dangjian_desktop.error_log import report_unexpected
from dangjian_desktop.errors import UserError

if TYPE_CHECKING:
    from dangjian_desktop.backup.autobackup import AutoBackup

INTERVAL_MINUTES = 30


class AutoBackupTimer(QObject):
    backed_up = Signal(object)   # AutoBackup (created or the unchanged newest one)
    failed = Signal(str)

    def __init__(self, db_path: Path, parent: QObject | None = None, *, interval_minutes: int = INTERVAL_MINUTES):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_minutes * 60 * 1000)
        self._timer.timeout.connect(lambda: self.run_in_background("timer"))

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run_in_background(self, reason: str = "timer") -> bool:
        """Start one automatic backup in a thread; False when one is still running."""
        if self.busy:
            return False

        def work() -> None:
            result = self._backup(reason)
            if not isinstance(result, str):
                self.backed_up.emit(result)
            else:
                self.failed.emit(result)

        self._thread = threading.Thread(target=work, name="auto-backup", daemon=True)
        self._thread.start()
        return True

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def backup_blocking(self, reason: str) -> AutoBackup | None:
        """For exit, import, restore, upgrade: wait for a running one, then back up now.

        Returns None (after emitting ``failed``) when the backup could not be made.
        """
        self.wait()
        result = self._backup(reason)
        if result is not None and not isinstance(result, str):
            self.backed_up.emit(result)
            return result
        self.failed.emit(result)
        return None

    def backup_now(self, reason: str) -> AutoBackup:
        """From any thread (an import's worker): wait for a running one, then back up now;
        raises UserError when it could not be made."""
        self.wait()
        from dangjian_desktop.backup.autobackup import make_auto_backup  # off the start-up path

        result = make_auto_backup(self.db_path, reason)
        self.backed_up.emit(result)
        return result

    def _backup(self, reason: str) -> AutoBackup | str:
        try:
            from dangjian_desktop.backup.autobackup import make_auto_backup  # off the start-up path

            return make_auto_backup(self.db_path, reason)
        except UserError as exc:
            return f"自动备份没有完成：{exc}"
        except Exception as exc:  # never let an automatic backup crash the window
            return f"自动备份没有完成。{report_unexpected(exc)}"
