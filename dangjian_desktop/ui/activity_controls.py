"""What the activity dialog and its tabs share: the tab's shape (:class:`ActivityTab`), icon
buttons, a line-of-text prompt, table rows tall enough to click, the colour of a met quorum or
a passed vote."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QPushButton, QWidget

from dangjian_desktop.core.changes import Change
from dangjian_desktop.ui import icons

OK_COLOR = "#1E8449"


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
