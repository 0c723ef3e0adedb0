"""Questions to the user whose safe answer is the default."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def confirm(parent, title: str, text: str, yes: str) -> bool:
    """A question whose safe answer (取消) is the default."""
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    ok = box.addButton(yes, QMessageBox.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok
