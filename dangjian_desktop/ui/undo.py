"""The one adapter from a core change (core.changes) onto the window's QUndoStack.

Every undoable action in the GUI ends in :func:`push_change`: the change has already been
made and saved; the command's name is the change's Chinese name (编辑 → 撤销“修改党员王建国”);
undo and redo ask the change to put its rows back. A change that can no longer be undone
(the data changed since, or a meeting was finalised) says why in Chinese and drops out of
the history; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop.errors import UserError

if TYPE_CHECKING:   # the window's frame (and its undo stack) is made before the data layer loads
    from dangjian_desktop.core.changes import Change

# (the change, "撤销" or "重做") after it was undone or redone
After = Callable[["Change", str], None]
BIG_CHANGE_ROWS = 500       # undone or redone in a worker with a progress dialog
UNDO_LIMIT = 100            # steps the window keeps for Ctrl+Z


class ChangeStack(QUndoStack):
    """The window's undo history; ``applied(change, verb)`` tells the window after every undo and
    redo, whichever page or dialog the change came from (so what is on screen is reloaded)."""

    applied = Signal(object, str)


class ChangeCommand(QUndoCommand):
    """``owner`` says what the change was made on (("activity", id) …), so that a dialog undoes
    only its own changes."""

    def __init__(self, change: Change, after: After | None = None, stack: QUndoStack | None = None,
                 owner: object = None):
        super().__init__(change.label)
        self.change = change
        self.after = after
        self.stack = stack
        self.owner = owner
        self._fresh = True           # pushed after the change was made: the first redo is a no-op
        self.refusal: UserError | None = None

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self._step(self.change.redo, "重做")

    def undo(self) -> None:
        self._step(self.change.undo, "撤销")

    def _step(self, step: Callable[[], None], verb: str) -> None:
        from dangjian_desktop.error_log import report_unexpected
        from dangjian_desktop.ui.worker import run_and_wait

        try:
            if self.change.size > BIG_CHANGE_ROWS:
                run_and_wait(QApplication.activeWindow(), f"正在{verb}…", lambda _progress: step())
            else:
                step()
        except Exception as exc:     # refused (UserError) or broken: the data are as they were
            self.refusal = exc
            self.setObsolete(True)   # the stack drops it, so the history stays true
            text = str(exc) if isinstance(exc, UserError) else report_unexpected(exc)
            QMessageBox.warning(QApplication.activeWindow(), f"{verb}不了", text)
            return
        self.refusal = None
        if self.after is not None:
            self.after(self.change, verb)
        if isinstance(self.stack, ChangeStack):
            self.stack.applied.emit(self.change, verb)


def push_change(stack: QUndoStack, change: Change | None, after: After | None = None, *,
                owner: object = None) -> bool:
    """Put a finished change on ``stack``; ``after(change, verb)`` runs after each undo and redo
    (to show the result). An empty change (nothing was different) is not put on it."""
    if change is None or change.is_empty:
        return False
    stack.push(ChangeCommand(change, after, stack, owner))
    return True


def owner_of(stack: QUndoStack, index: int) -> object:
    """The owner of the command at ``index`` (None for none, or for another kind of command)."""
    command = stack.command(index) if 0 <= index < stack.count() else None
    return command.owner if isinstance(command, ChangeCommand) else None
