"""The common shape of a page in the main window's side bar."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


class Page(QWidget):
    """A side-bar page. Subclasses set ``key``, ``nav_label``, ``nav_icon`` (an icon name for ui.icons, e.g. "fa6s.users").

    - ``refresh()`` reloads from the database; the main window calls it when the page is shown
      and after another page emitted ``data_changed``.
    - emit ``data_changed`` after changing the database, ``status_message`` for a short
      confirmation in the status bar ("已保存" …).
    """

    key = ""
    nav_label = ""
    nav_icon = "fa6s.circle"

    data_changed = Signal()
    status_message = Signal(str)

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass

    def recorded(self, change, message: str, *, refresh: bool = True) -> None:
        """A change this page made (already saved): onto the window's undo stack (``self.undo_stack``,
        shown again after an undo or redo), the other pages told, the status bar told."""
        from dangjian_desktop.ui.undo import push_change

        push_change(self.undo_stack, change, lambda _c, _v: self.refresh())
        self.data_changed.emit()
        self.status_message.emit(message)
        if refresh:
            self.refresh()

    @staticmethod
    def header(title_label: QLabel, *actions: QWidget) -> QHBoxLayout:
        """Page title on the left, the page's actions (main one last) on the right."""
        title_label.setProperty("role", "title")
        row = QHBoxLayout()
        row.addWidget(title_label)
        row.addStretch(1)
        for action in actions:
            row.addWidget(action)
        return row

    @staticmethod
    def vbox(widget: QWidget) -> QVBoxLayout:
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.setSpacing(10)
        return layout
