"""Answering modal windows in pytest-qt tests: a modal dialog runs its own event loop, so a test
cannot click it after the call that opens it returns; a timer looks for it meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


class ModalPoller:
    """Every 20 ms, hands each new visible modal widget of ``kind`` to :meth:`handle` once."""

    kind: type = object

    def __init__(self):
        self._seen: list[object] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, self.kind) or widget in self._seen or not widget.isVisible():
            return
        self._seen.append(widget)
        self.handle(widget)

    def handle(self, widget) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        self._timer.stop()
