"""What the activity dialog and its tabs share: the tab's shape (:class:`ActivityTab`), icon
buttons, a line-of-text prompt, the 保存 / 不保存 / 取消 question about typed text not saved yet,
table rows tall enough to click, the colour of a met quorum or a passed vote, the look of a
finalised record's fields."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.changes import Change
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.theme import mark_primary

OK_COLOR = "#1E8449"

# Fields of a finalised record (and fields fixed once the meeting is held): read-only, shown in
# the normal text colour on a slightly tinted background -- not the pale grey of a disabled field,
# which old eyes cannot read.
READ_ONLY_STYLE = """
QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"], QComboBox:disabled {
    color: #222222; background: #F3F0EA; border: 1px solid #CFC8BC; border-radius: 3px; padding: 2px 4px;
}
"""


def set_read_only(widget: QWidget, read_only: bool) -> None:
    """A line or text box that can be read and copied but not changed (styled by READ_ONLY_STYLE);
    its example text (如 9:00) is not shown meanwhile: in a record it would read as written."""
    hint = widget.property("editingPlaceholder")
    if hint is None:
        hint = widget.placeholderText()
        widget.setProperty("editingPlaceholder", hint)
    widget.setPlaceholderText("" if read_only else hint)
    widget.setReadOnly(read_only)
    widget.style().unpolish(widget)     # the style sheet's [readOnly] is looked at when polished
    widget.style().polish(widget)


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class UnsavedQuestion(QDialog):
    """保存 / 不保存 / 取消 about typed text not saved yet. The program's one button order (as in
    ui.dialog_buttons): 不保存 on the left, then 取消 and the main action 保存 on the right;
    Enter saves, Esc cancels. ``answer`` is SAVE, DISCARD or CANCEL."""

    def __init__(self, parent: QWidget | None, text: str, title: str = "还没保存"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.answer = CANCEL
        self.text_label = QLabel(text, self)
        self.text_label.setWordWrap(True)
        self.text_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 26)   # a line of text, not two half ones
        self.discard_button = QPushButton("不保存", self)
        self.cancel_button = QPushButton("取消", self)
        self.save_button = QPushButton("保存", self)
        mark_primary(self.save_button)
        for button in (self.discard_button, self.cancel_button):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        row = QHBoxLayout()
        row.addWidget(self.discard_button)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addSpacing(8)
        layout.addLayout(row)
        self.save_button.clicked.connect(lambda: self._answer(SAVE))
        self.discard_button.clicked.connect(lambda: self._answer(DISCARD))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.setFocus()

    def _answer(self, answer: str) -> None:
        self.answer = answer
        self.accept()


def ask_unsaved(parent: QWidget | None, text: str) -> str:
    """Ask what to do with typed text not saved yet: SAVE, DISCARD or CANCEL."""
    question = UnsavedQuestion(parent, text)
    question.exec()
    return question.answer


def commit_open_cell(within: QWidget) -> None:
    """A table cell being typed in under ``within`` is written to its table (as leaving the cell
    would), so that closing or saving does not pass over it."""
    focused = within.window().focusWidget()       # (also while another window is active)
    view = focused
    while view is not None and not isinstance(view, QAbstractItemView):
        view = view.parentWidget()
    if view is None or focused is view or not within.isAncestorOf(view):
        return
    if view.state() == QAbstractItemView.State.EditingState:
        view.commitData(focused)
        view.closeEditor(focused, QAbstractItemDelegate.EndEditHint.NoHint)


def tall_rows(view) -> None:
    """Rows tall enough to hit with a mouse at every font size (UI.md: ≥28 px at 标准)."""
    view.verticalHeader().setDefaultSectionSize(max(28, int(view.fontMetrics().height() * 1.6)))


def _button(icon: str, text: str, parent: QWidget, tip: str = "") -> QPushButton:
    button = QPushButton(icons.icon(icon), text, parent)
    if tip:
        button.setToolTip(tip)
    return button


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A line of text from the user, or None when cancelled (Chinese buttons)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    if dialog.exec() != QDialog.Accepted:
        return None
    return dialog.textValue().strip()


# apply(make, on_refused=None): ``make`` makes one change of the activity (``lambda:
# core_op.undoable(...)``); returns the saved change, or None when it was refused (the refusal
# is shown in a message box, or handed to ``on_refused``).
Apply = Callable[..., Change | None]


class ActivityTab(QWidget):
    """One tab of the activity dialog: it shows the activity it is given and changes it only
    through ``apply`` (the dialog's: the change goes onto the undo history, refusals are shown,
    every tab is reloaded). ``changed`` is emitted after each saved change; ``dirty`` says
    whether something typed here is not saved yet (such a tab is not reloaded under the user's
    hands)."""

    changed = Signal()

    def __init__(self, apply: Apply, parent: QWidget | None = None):
        super().__init__(parent)
        self.apply = apply
        self.activity = None          # the activity as core.activities.get returns it

    @property
    def activity_id(self) -> int | None:
        return self.activity.id if self.activity is not None else None

    @property
    def dirty(self) -> bool:
        return False

    def load(self, activity) -> None:  # pragma: no cover - every tab has its own
        self.activity = activity
