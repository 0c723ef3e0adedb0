"""Holding and recording one activity: details, attendance (出席/请假/缺席) with live 应到/实到
and quorum, 列席, decisions with votes, minutes from the kind's template, photos, 定稿 and
corrections. Every rule is in core; this dialog only shows and asks.

Each tab is a widget of its own (ui.activity_details, ui.activity_attendance,
ui.activity_decisions, ui.minutes_editor, ui.activity_attachments) that changes the activity
only through :meth:`ActivityEditor.apply`: every change goes onto the window's undo history
(Ctrl+Z here undoes it until the record is finalised) and all tabs are shown again.
"""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import corrections
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.core.activity_record import activity_record
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_attachments import AttachmentsTab
from dangjian_desktop.ui.activity_attendance import AttendanceTab
from dangjian_desktop.ui.activity_controls import CANCEL, SAVE, _button, ask_text, ask_unsaved, commit_open_cell
from dangjian_desktop.ui.activity_decisions import DecisionsTab
from dangjian_desktop.ui.activity_details import DetailsTab
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.minutes_editor import MinutesTab
from dangjian_desktop.ui.minutes_history import RevisionsDialog
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.undo import owner_of, push_change
from dangjian_desktop.ui.worker import show_error

DETAILS, ATTENDANCE, DECISIONS, MINUTES, ATTACHMENTS = range(5)


class ActivityEditor(QDialog):
    """Open an existing activity (``activity_id``) or a new one (``kind``, ``day``, ``group_id``).
    ``undo_stack`` is the window's (the dialog keeps its own when it has none)."""

    changed = Signal()

    def __init__(self, activity_id: int | None = None, parent: QWidget | None = None, *,
                 kind: str = "theme_day", day: dt.date | None = None, group_id: int | None = None,
                 today: dt.date | None = None, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.activity_id = activity_id
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.setWindowTitle("活动记录")
        self.resize(1060, 700)
        self.setMinimumSize(820, 560)

        self.heading = QLabel(self)
        self.heading.setProperty("role", "title")
        self.status_label = QLabel(self)
        self.status_label.setProperty("role", "hint")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.status_label)

        self.details = DetailsTab(self.apply, self.today, self)
        self.attendance = AttendanceTab(self.apply, self)
        self.decisions = DecisionsTab(self.apply, self)
        self.minutes = MinutesTab(self.apply, self)
        self.attachments = AttachmentsTab(self.apply, self)
        self.tabs = QTabWidget(self)
        for tab, icon, label in ((self.details, "fa6s.file-pen", "基本情况"),
                                 (self.attendance, "fa6s.user-check", "出席情况"),
                                 (self.decisions, "fa6s.check-to-slot", "表决事项"),
                                 (self.minutes, "fa6s.book-open", "会议记录"),
                                 (self.attachments, "fa6s.images", "照片和附件")):
            self.tabs.addTab(tab, icons.icon(icon), label)
        self.details.held.connect(self._show_attendance)

        self.finalize_button = _button("fa6s.stamp", "定稿", self, "定稿后记录不能再直接修改，更正要写明原因")
        self.finalize_button.setIcon(icons.icon("fa6s.stamp", color="white"))
        mark_primary(self.finalize_button)
        self.correct_button = _button("fa6s.pen-to-square", "更正记录…", self)
        self.discard_button = _button("fa6s.rotate-left", "放弃更正", self)
        self.history_button = _button("fa6s.clock-rotate-left", "历次记录…", self)
        self.delete_button = _button("fa6s.trash-can", "删除这次活动", self)
        self.close_button = QPushButton("关闭", self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.delete_button)
        bottom.addWidget(self.history_button)
        self.extra_actions = QHBoxLayout()      # buttons added by add_action (打印签到表 …)
        bottom.addLayout(self.extra_actions)
        bottom.addStretch(1)
        bottom.addWidget(self.discard_button)
        bottom.addWidget(self.correct_button)
        bottom.addWidget(self.finalize_button)
        bottom.addWidget(self.close_button)

        self.finalize_error = ErrorLabel(self)
        self.history_note = NoteLabel(self)       # 已撤销：… after Ctrl+Z here
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.finalize_error)
        layout.addWidget(self.history_note)
        layout.addLayout(bottom)

        self.finalize_button.clicked.connect(self.finalize)
        self.correct_button.clicked.connect(self.begin_correction)
        self.discard_button.clicked.connect(self.discard_correction)
        self.history_button.clicked.connect(lambda: RevisionsDialog(self.activity_id, self).exec())
        self.delete_button.clicked.connect(self.delete_activity)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.Save, self, activated=self.save_current)
        QShortcut(QKeySequence.Undo, self, activated=self.undo)
        QShortcut(QKeySequence.Redo, self, activated=self.redo)
        self._applying = False
        self.undo_stack.indexChanged.connect(self._history_moved)

        if activity_id is None:
            self.details.start_new(kind, day or self.today, group_id)
            self._update_state(None)
        else:
            self.reload()

    def add_action(self, text: str, callback, icon: str = "fa6s.print") -> QPushButton:
        """An extra button at the bottom (e.g. 打印签到表 / 打印会议记录), called with the
        activity id; disabled until a new activity has been saved."""
        button = _button(icon, text, self)
        button.clicked.connect(lambda: self.activity_id is not None and callback(self.activity_id))
        button.setEnabled(self.activity_id is not None)
        self.changed.connect(lambda: button.setEnabled(self.activity_id is not None))
        self.extra_actions.addWidget(button)
        return button

    def _show_attendance(self) -> None:
        """After 记录开会情况: the attendance, with the focus on its first row (the first thing to
        fill in; the focus would otherwise fall on whatever button comes next, 删除这次活动)."""
        self.tabs.setCurrentIndex(ATTENDANCE)
        view = self.attendance.view
        model = view.model()
        if model.rowCount():
            view.selectionModel().setCurrentIndex(model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- changes ------------------------------------------------------------------------------
    def apply(self, make, on_refused=None, *, opens: bool = False):
        """Make one change (``make()`` returns it: ``lambda: core_op.undoable(...)``), put it on
        the undo history and show the result; a refusal is shown (or given to ``on_refused``).
        ``opens``: the change made the activity this dialog shows from now on (its result)."""
        try:
            change = make()
        except UserError as exc:
            if on_refused is not None:
                on_refused(exc)
            else:
                show_error(self, exc)
            return None
        if opens:
            self.activity_id = change.result.id
        self._applying = True
        try:
            push_change(self.undo_stack, change, owner=self.owner)
        finally:
            self._applying = False
        self.history_note.show_note(None)
        self.reload()
        self.changed.emit()
        return change

    @property
    def owner(self) -> tuple:
        return ("activity", self.activity_id)

    def _history_moved(self, _index: int) -> None:
        """An undo or redo (from here or from the window): show the activity as it is now."""
        if self._applying or not shiboken6.isValid(self) or not self.isVisible() or self.activity_id is None:
            return
        try:
            act.get(self.activity_id)
        except UserError:                # an undone addition: the activity is gone
            self.activity_id = None
            self.reject_without_asking()
            return
        self.reload()
        self.changed.emit()

    def undo(self) -> None:
        """Ctrl+Z here: undo the last change of this activity (nothing typed here is lost)."""
        stack = self.undo_stack
        self._step(stack.undo, stack.canUndo() and owner_of(stack, stack.index() - 1) == self.owner,
                   stack.undoText(), "撤销")

    def redo(self) -> None:
        stack = self.undo_stack
        self._step(stack.redo, stack.canRedo() and owner_of(stack, stack.index()) == self.owner,
                   stack.redoText(), "重做")

    def _step(self, step, possible: bool, label: str, verb: str) -> None:
        if self.has_unsaved_changes():
            QMessageBox.information(self, verb, f"有填写的内容还没有保存。请先保存，或者把它改回去，再{verb}。")
            return
        if not possible:
            self.history_note.show_note(f"这次活动没有可以{verb}的修改了。")
            return
        step()
        if shiboken6.isValid(self):
            self.history_note.show_note(f"已{verb}：{label}")

    # --- loading -------------------------------------------------------------------------------
    def reload(self, *, keep_edits: bool = True) -> None:
        """Show the activity as saved; a tab with unsaved edits keeps them (``keep_edits``)."""
        try:
            activity = act.get(self.activity_id)
            record = activity_record(self.activity_id, with_minutes=False)
        except UserError as exc:
            show_error(self, exc)
            self.reject_without_asking()
            return
        if not (keep_edits and self.details.dirty):
            self.details.load(activity, {"chair": record.chair_name, "recorder": record.recorder_name,
                                         "lecturer": record.lecturer_name})
        self.attendance.load(activity)
        self.decisions.load(activity)
        if not (keep_edits and self.minutes.dirty):
            self.minutes.load(activity)
        self.attachments.load(activity)
        self._update_state(activity)

    def _update_state(self, activity) -> None:
        status = activity.status if activity else None
        held = status in ("held", "finalized")
        kind_spec = kinds.kind(activity.kind if activity else self.details.kind())
        correcting = activity is not None and corrections.in_progress(activity.id)
        if activity is None:
            self.heading.setText("新增活动")
            self.status_label.setText("填好基本情况后点“保存”")
        else:
            self.heading.setText(activity.title)
            self.status_label.setText(act.STATUS_LABELS[status] + (
                f"（第 {activity.sequence} 次）" if activity.sequence else ""))
            self.setWindowTitle(f"{activity.title} - 活动记录")
        self.tabs.setTabEnabled(ATTENDANCE, activity is not None)
        self.tabs.setTabEnabled(DECISIONS, held and kind_spec.decides)
        self.tabs.setTabEnabled(MINUTES, held)
        self.tabs.setTabEnabled(ATTACHMENTS, activity is not None)
        self.finalize_button.setVisible(status == "held")
        self.correct_button.setVisible(status == "finalized")
        self.discard_button.setVisible(status == "held" and correcting)
        self.history_button.setVisible(activity is not None and bool(minutes_ops.revisions(activity.id)))
        self.delete_button.setVisible(activity is not None and status != "finalized" and not correcting)

    # --- the whole record --------------------------------------------------------------------------
    def save_details(self) -> bool:
        return self.details.save()

    def delete_activity(self) -> None:
        activity = act.get(self.activity_id)
        detail = "以及已经登记的出席、表决和会议记录" if activity.status != "planned" else ""
        answer = QMessageBox.question(self, "删除活动", f"将删除“{activity.title}”{detail}，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        activity_id = self.activity_id
        try:
            change = act.delete.undoable(activity_id)
        except UserError as exc:
            show_error(self, exc)
            return
        push_change(self.undo_stack, change, owner=self.owner)
        self.activity_id = None
        self.changed.emit()
        self.reject_without_asking()

    def save_current(self) -> None:
        """Ctrl+S: save what is being edited on the current tab."""
        index = self.tabs.currentIndex()
        if index == DETAILS:
            self.details.save()
        elif index == DECISIONS:
            self.decisions.save_decision()
        elif index == MINUTES:
            self.minutes.save_minutes()

    def save_pending(self) -> bool:
        """Save whatever is typed and not saved yet (details, a vote, the minutes); False, with
        the tab that could not be saved shown, when one is refused."""
        commit_open_cell(self)
        if self.details.dirty and not self.details.save():
            self.tabs.setCurrentIndex(DETAILS)
            return False
        if self.decisions.dirty and not self.decisions.save_decision():
            self.tabs.setCurrentIndex(DECISIONS)
            return False
        if self.minutes.dirty and not self.minutes.save_minutes():
            self.tabs.setCurrentIndex(MINUTES)
            return False
        return True

    def finalize(self, *, confirm: bool = True) -> bool:
        """定稿 (not on the undo history: a finalised record is changed by a correction only)."""
        if not self.save_pending():
            return False
        problems = minutes_ops.finalize_problems(self.activity_id, today=self.today)
        self.finalize_error.show_problem("定稿前还需要：" + " ".join(problems) if problems else None)
        if problems:
            return False
        if confirm:
            answer = QMessageBox.question(
                self, "定稿", "定稿后，出席情况、表决和会议记录都不能再直接修改；以后要更正，需要写明原因，"
                "原来的记录也会保留。确定定稿吗？", QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return False
        return self._run(lambda: minutes_ops.finalize(self.activity_id, today=self.today))

    def begin_correction(self, reason: str | None = None) -> bool:
        if reason is None:
            reason = ask_text(self, "更正记录", "请写明更正的原因（会和记录一起保存）：")
            if reason is None:
                return False
        return self._run(lambda: corrections.begin_correction(self.activity_id, reason))

    def discard_correction(self) -> None:
        answer = QMessageBox.question(self, "放弃更正", "将放弃这次更正，记录恢复成上一次定稿的样子，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        self._run(lambda: corrections.discard_correction(self.activity_id))

    def _run(self, step) -> bool:
        """A step that is deliberately not on the undo history (定稿, corrections)."""
        try:
            step()
        except UserError as exc:
            show_error(self, exc)
            return False
        self.reload(keep_edits=False)
        self.changed.emit()
        return True

    # --- closing ---------------------------------------------------------------------------------
    def unsaved_parts(self) -> list[str]:
        """The tabs with typed text not saved yet, by their names."""
        commit_open_cell(self)       # a table cell being typed in counts as typed
        return [label for tab, label in ((self.details, "基本情况"), (self.decisions, "表决事项"),
                                         (self.minutes, "会议记录")) if tab.dirty]

    def has_unsaved_changes(self) -> bool:
        return bool(self.unsaved_parts())

    def reject_without_asking(self) -> None:
        super().reject()

    def reject(self) -> None:
        """Esc, 关闭 and the window's close box: ask first when something is not saved."""
        parts = self.unsaved_parts()
        if parts:
            answer = ask_unsaved(self, f"“{'”“'.join(parts)}”里填写的内容还没有保存，要保存吗？")
            if answer == CANCEL or (answer == SAVE and not self.save_pending()):
                return
        super().reject()
