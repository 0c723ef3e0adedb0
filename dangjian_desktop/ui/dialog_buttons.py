"""The button row at the bottom of a dialog: 取消, then the dialog's main action, on the right."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from dangjian_desktop.ui import icons
from dangjian_desktop.ui.theme import mark_primary


def button_row(
    parent: QWidget,
    action_text: str,
    *,
    icon: str | None = None,
    safe_default: bool = False,
) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """``(layout, cancel, action)``. Enter presses the action, or 取消 when ``safe_default``
    (for actions that replace or remove something: the safe choice is the default)."""
    layout = QHBoxLayout()
    layout.addStretch(1)
    cancel = QPushButton("取消", parent)
    action = QPushButton(icons.icon(icon, color="white"), action_text, parent) if icon else QPushButton(action_text, parent)
    mark_primary(action)
    default, other = (cancel, action) if safe_default else (action, cancel)
    default.setDefault(True)
    default.setAutoDefault(True)
    other.setAutoDefault(False)
    layout.addWidget(cancel)
    layout.addWidget(action)
    return layout, cancel, action
