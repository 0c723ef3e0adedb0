"""Small controls shared by the activity dialog and its tabs: icon buttons, a line-of-text
prompt, table rows tall enough to click, the colour of a met quorum or a passed vote."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QPushButton, QWidget

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
