"""Input widgets shared by forms: a typed date with a calendar button, an error line, and the
longest text a field takes (:func:`limit_length`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.dates import DateError, format_date, parse_date
from dangjian_desktop.ui import icons


class DateField(QWidget):
    """A date typed as 1985.03, 1985-3-4 or 19850304, or picked from a calendar."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("如 1985-03-04 或 1985.03")
        self.button = QToolButton(self)
        self.button.setIcon(icons.icon("fa6s.calendar-days"))
        self.button.setToolTip("从日历中选择")
        self.button.setAccessibleName("选择日期")
        self.button.setObjectName("calendarButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.changed)
        self.button.clicked.connect(self._pick)

    def text(self) -> str:
        return self.edit.text().strip()

    def set_date(self, value: dt.date | None, month_only: bool = False) -> None:
        """Show ``value``; a date known to the month only as 1968.07 (saved back as a month)."""
        self.edit.setText(format_date(value, month_only))

    def date(self) -> dt.date | None:
        """The typed date, or None when blank or not a date."""
        try:
            parsed = parse_date(self.text())
        except DateError:
            return None
        return parsed[0] if parsed else None

    def _pick(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("选择日期")
        calendar = QCalendarWidget(dialog)
        calendar.setGridVisible(True)
        current = self.date() or dt.date.today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, dialog)
        buttons.button(QDialogButtonBox.Ok).setText("确定")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        calendar.activated.connect(dialog.accept)
        layout = QVBoxLayout(dialog)
        layout.addWidget(calendar)
        layout.addWidget(buttons)
        if dialog.exec() == QDialog.Accepted:
            picked = calendar.selectedDate()
            self.set_date(dt.date(picked.year(), picked.month(), picked.day()))


class _IconMessage(QWidget):
    """An icon and a wrapped line of text; hidden when there is nothing to say."""

    icon_name = "fa6s.circle-exclamation"
    color = "#B03A2E"
    role = "error"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.icon = QLabel(self)
        self.icon.setPixmap(icons.icon(self.icon_name, color=self.color).pixmap(16, 16))
        self.label = QLabel(self)
        self.label.setProperty("role", self.role)
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.icon, 0)
        layout.addWidget(self.label, 1)
        self.hide()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def _set(self, text: str | None) -> None:
        self.label.setText(text or "")
        self.setVisible(bool(text))


class ErrorLabel(_IconMessage):
    """A problem shown under a field: a warning icon and the reason in words."""

    def show_problem(self, text: str | None) -> None:
        self._set(text)


class NoteLabel(_IconMessage):
    """Gentle information under a field (not an error)."""

    icon_name = "fa6s.circle-info"
    color = "#5D6D7E"
    role = "hint"

    def show_note(self, text: str | None) -> None:
        self._set(text)


# --- the longest text a field takes ------------------------------------------------------------

_LIMIT = "dj_max_length"        # widget property: the limit given to limit_length


def limit_length(widget: QWidget, limit: int) -> None:
    """No more than ``limit`` characters can be typed or pasted into ``widget`` (a line, an
    editable combo box or a plain-text box): the longest text its core save function accepts,
    so what is typed can always be saved. Fill it with :func:`put_text`."""
    widget.setProperty(_LIMIT, limit)
    if isinstance(widget, QComboBox):
        widget = widget.lineEdit()
    if isinstance(widget, QLineEdit):
        widget.setMaxLength(limit)
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(lambda: _cut_to_limit(widget))


def put_text(widget: QWidget, text: str) -> None:
    """Show a stored ``text`` in a limited field, all of it: a value stored before the field had
    a limit is not cut short unseen (the limit grows to it; saving asks to shorten it)."""
    limit = widget.property(_LIMIT)
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    if isinstance(edit, QLineEdit):
        if limit is not None:
            edit.setMaxLength(max(limit, len(text)))
        if isinstance(widget, QComboBox):
            widget.setCurrentText(text)
        else:
            edit.setText(text)
    elif isinstance(widget, QPlainTextEdit):
        widget.setProperty("dj_loaded_length", len(text))
        widget.setPlainText(text)


def _cut_to_limit(edit: QPlainTextEdit) -> None:
    limit = max(edit.property(_LIMIT) or 0, edit.property("dj_loaded_length") or 0)
    text = edit.toPlainText()
    if len(text) > limit:
        edit.setPlainText(text[:limit])
        edit.moveCursor(QTextCursor.End)
