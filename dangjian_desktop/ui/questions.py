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


def choose(parent, title: str, text: str, first: str, second: str) -> int | None:
    """A question with two answers and 取消: 0 for ``first`` (the default), 1 for ``second``,
    None for 取消 (or the window closed)."""
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    answers = [box.addButton(first, QMessageBox.AcceptRole), box.addButton(second, QMessageBox.AcceptRole)]
    cancel = box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(answers[0])
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return answers.index(clicked) if clicked in answers else None
