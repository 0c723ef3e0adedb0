"""Holding and recording one activity: details, attendance (出席/请假/缺席) with live 应到/实到
and quorum, 列席, decisions with votes, minutes from the kind's template, photos, 定稿 and
corrections. Every rule is in core; this dialog only shows and asks.

This module holds the dialog, its 基本情况 tab, 定稿 and corrections; the other tabs are in
ui.activity_attendance, ui.activity_decisions, ui.minutes_editor and ui.activity_attachments.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.core.activity_record import activity_record
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_attachments import AttachmentsSection
from dangjian_desktop.ui.activity_attendance import AttendanceSection
from dangjian_desktop.ui.activity_controls import _button, ask_text
from dangjian_desktop.ui.activity_decisions import DecisionsSection
from dangjian_desktop.ui.fields import DateField, ErrorLabel, NoteLabel
from dangjian_desktop.ui.minutes_editor import MinutesSection
from dangjian_desktop.ui.minutes_history import RevisionsDialog
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import show_error

# --- the dialog ------------------------------------------------------------------------------------

class ActivityEditor(AttendanceSection, DecisionsSection, MinutesSection, AttachmentsSection, QDialog):
    """Open an existing activity (``activity_id``) or a new one (``kind``, ``day``, ``group_id``)."""

    changed = Signal()

    def __init__(self, activity_id: int | None = None, parent: QWidget | None = None, *,
                 kind: str = "theme_day", day: dt.date | None = None, group_id: int | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.activity_id = activity_id
        self._loading = False
        self.details_dirty = False
        self.minutes_dirty = False
        self.section_edits: list[tuple[minutes_ops.Section, QPlainTextEdit]] = []
        self.decision_id: int | None = None
        self.operation = None
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

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_details(), icons.icon("fa6s.file-pen"), "基本情况")
        self.tabs.addTab(self._build_attendance(), icons.icon("fa6s.user-check"), "出席情况")
        self.tabs.addTab(self._build_decisions(), icons.icon("fa6s.check-to-slot"), "表决事项")
        self.tabs.addTab(self._build_minutes(), icons.icon("fa6s.book-open"), "会议记录")
        self.tabs.addTab(self._build_attachments(), icons.icon("fa6s.images"), "照片和附件")

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
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.finalize_error)
        layout.addLayout(bottom)

        self.finalize_button.clicked.connect(self.finalize)
        self.correct_button.clicked.connect(self.begin_correction)
        self.discard_button.clicked.connect(self.discard_correction)
        self.history_button.clicked.connect(lambda: RevisionsDialog(self.activity_id, self).exec())
        self.delete_button.clicked.connect(self.delete_activity)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.Save, self, activated=self.save_current)

        if activity_id is None:
            self._new(kind, day or self.today, group_id)
        else:
            self.reload()

    # --- building ------------------------------------------------------------------------------
    def _build_details(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        self.kind_combo = QComboBox(page)
        for key, spec in kinds.KINDS.items():
            self.kind_combo.addItem(spec.name, key)
        self.group_combo = QComboBox(page)
        self.group_label = QLabel("党小组", page)
        self.title_edit = QLineEdit(page)
        self.title_edit.setPlaceholderText("不填时按类型和日期自动起名")
        self.date_field = DateField(page)
        self.start_edit = QLineEdit(page)
        self.start_edit.setPlaceholderText("如 9:00")
        self.end_edit = QLineEdit(page)
        self.end_edit.setPlaceholderText("如 11:00")
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("至", page))
        times.addWidget(self.end_edit)
        times.addStretch(1)
        self.place_edit = QLineEdit(page)
        self.place_edit.setPlaceholderText("如 村委会会议室")
        self.topic_edit = QPlainTextEdit(page)
        self.topic_edit.setPlaceholderText("本次活动的主题或议题")
        self.topic_edit.setStyleSheet("QPlainTextEdit { min-height: 3em; max-height: 4em; }")
        self.chair_combo = QComboBox(page)
        self.recorder_combo = QComboBox(page)
        self.lecturer_combo = QComboBox(page)
        self.lecturer_label = QLabel("主讲人", page)
        self.lecturer_name_edit = QLineEdit(page)
        self.lecturer_name_edit.setPlaceholderText("外请主讲人的单位、职务和姓名")
        self.lecturer_name_label = QLabel("外请主讲人", page)
        form.addRow("活动类型", self.kind_combo)
        form.addRow(self.group_label, self.group_combo)
        form.addRow("标题", self.title_edit)
        form.addRow("日期", self.date_field)
        form.addRow("时间", times)
        form.addRow("地点", self.place_edit)
        form.addRow("主题", self.topic_edit)
        form.addRow("主持人", self.chair_combo)
        form.addRow("记录人", self.recorder_combo)
        form.addRow(self.lecturer_label, self.lecturer_combo)
        form.addRow(self.lecturer_name_label, self.lecturer_name_edit)
        self.details_error = ErrorLabel(page)
        self.save_details_button = _button("fa6s.floppy-disk", "保存", page, "保存基本情况（Ctrl+S）")
        self.held_note = NoteLabel(page)
        self.hold_button = _button("fa6s.clipboard-check", "记录开会情况", page,
                                   "活动开过以后点这里，登记出席、表决和会议记录")
        mark_primary(self.hold_button)
        self.hold_button.setIcon(icons.icon("fa6s.clipboard-check", color="white"))
        self.unhold_button = _button("fa6s.rotate-left", "改回计划中", page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_details_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unhold_button)
        buttons.addWidget(self.hold_button)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.details_error)
        layout.addWidget(self.held_note)
        layout.addStretch(1)
        layout.addLayout(buttons)

        for widget in (self.title_edit, self.start_edit, self.end_edit, self.place_edit, self.lecturer_name_edit):
            widget.textEdited.connect(self._details_edited)
        self.topic_edit.textChanged.connect(self._details_edited)
        self.date_field.changed.connect(self._details_edited)
        for combo in (self.group_combo, self.chair_combo, self.recorder_combo, self.lecturer_combo):
            combo.currentIndexChanged.connect(self._details_edited)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.save_details_button.clicked.connect(self.save_details)
        self.hold_button.clicked.connect(self.mark_held)
        self.unhold_button.clicked.connect(self.unmark_held)
        return page

    def add_action(self, text: str, callback, icon: str = "fa6s.print") -> QPushButton:
        """An extra button at the bottom (e.g. 打印签到表 / 打印会议记录), called with the
        activity id; disabled until a new activity has been saved."""
        button = _button(icon, text, self)
        button.clicked.connect(lambda: self.activity_id is not None and callback(self.activity_id))
        button.setEnabled(self.activity_id is not None)
        self.changed.connect(lambda: button.setEnabled(self.activity_id is not None))
        self.extra_actions.addWidget(button)
        return button

    # --- loading -------------------------------------------------------------------------------
    def _new(self, kind: str, day: dt.date, group_id: int | None) -> None:
        self._loading = True
        self._fill_choices(day)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.date_field.set_date(day)
        if group_id is not None:
            self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(group_id)))
        self._apply_kind()
        self._loading = False
        self.details_dirty = False
        self._update_state(None)

    def _fill_choices(self, day: dt.date) -> None:
        choices = act.member_choices(day)
        for combo, empty in ((self.chair_combo, "（请选择）"), (self.recorder_combo, "（请选择）"),
                             (self.lecturer_combo, "（外请，填在下面）")):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(empty, None)
            for c in choices:
                combo.addItem(c.label, c.id)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.group_combo.blockSignals(True)
        current = self.group_combo.currentData()
        self.group_combo.clear()
        for gid, name in act.group_choices():
            self.group_combo.addItem(name, gid)
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(current)))
        self.group_combo.blockSignals(False)

    def _select(self, combo: QComboBox, member_id: int | None, label: str = "") -> None:
        index = combo.findData(member_id)
        if index < 0 and member_id is not None:
            combo.addItem(label or "（不在名册中）", member_id)
            index = combo.count() - 1
        combo.setCurrentIndex(max(0, index))

    def reload(self) -> None:
        """Show the activity as saved."""
        try:
            activity = act.get(self.activity_id)
            record = activity_record(self.activity_id, with_minutes=False)
        except UserError as exc:
            show_error(self, exc)
            self.reject()
            return
        self._loading = True
        self._fill_choices(activity.date)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(activity.kind)))
        if activity.group_id is not None:
            self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(activity.group_id)))
        self.title_edit.setText(activity.title)
        self.date_field.set_date(activity.date)
        self.start_edit.setText(activity.start_time)
        self.end_edit.setText(activity.end_time)
        self.place_edit.setText(activity.place)
        self.topic_edit.setPlainText(activity.topic)
        self._select(self.chair_combo, activity.chair_id, record.chair_name)
        self._select(self.recorder_combo, activity.recorder_id, record.recorder_name)
        self._select(self.lecturer_combo, activity.lecturer_id, record.lecturer_name)
        self.lecturer_name_edit.setText(activity.lecturer_name)
        self._apply_kind()
        self._loading = False
        self.details_dirty = False
        self.details_error.show_problem(None)
        self._update_state(activity)
        self._load_attendance(activity)
        self._load_decisions(activity)
        self._load_minutes(activity)
        self._load_attachments()

    def _update_state(self, activity) -> None:
        status = activity.status if activity else None
        editable = status != "finalized"
        held = status in ("held", "finalized")
        kind_spec = kinds.kind(self.kind_combo.currentData())
        if activity is None:
            self.heading.setText("新增活动")
            self.status_label.setText("填好基本情况后点“保存”")
        else:
            self.heading.setText(activity.title)
            self.status_label.setText(act.STATUS_LABELS[status] + (
                f"（第 {activity.sequence} 次）" if activity.sequence else ""))
            self.setWindowTitle(f"{activity.title} - 活动记录")
        for widget in (self.kind_combo, self.group_combo):
            widget.setEnabled(status in (None, "planned"))
        for widget in (self.title_edit, self.date_field, self.start_edit, self.end_edit, self.place_edit,
                       self.topic_edit, self.chair_combo, self.recorder_combo, self.lecturer_combo,
                       self.lecturer_name_edit):
            widget.setEnabled(editable)
        self.save_details_button.setVisible(editable)
        self.hold_button.setVisible(status == "planned")
        self.unhold_button.setVisible(status == "held" and self._correcting() is False)
        if status == "planned":
            if activity.date > self.today:
                self.hold_button.setEnabled(False)
                self.held_note.show_note(f"这次活动定在 {format_date_cn(activity.date)}，还没到日子。开过以后再来记录。")
            else:
                self.hold_button.setEnabled(True)
                self.held_note.show_note("活动开过以后，点“记录开会情况”登记出席、表决和会议记录。")
        elif status == "finalized":
            self.held_note.show_note("记录已经定稿，不能再直接修改。需要更正时点下面的“更正记录…”，并写明原因。")
        else:
            self.held_note.show_note(None)
        self.tabs.setTabEnabled(1, activity is not None)
        self.tabs.setTabEnabled(2, held and kind_spec.decides)
        self.tabs.setTabEnabled(3, held)
        self.tabs.setTabEnabled(4, activity is not None)
        self.finalize_button.setVisible(status == "held")
        self.correct_button.setVisible(status == "finalized")
        self.discard_button.setVisible(status == "held" and bool(self._correcting()))
        self.history_button.setVisible(activity is not None and bool(minutes_ops.revisions(self.activity_id)))
        self.delete_button.setVisible(activity is not None and status != "finalized" and not self._correcting())

    def _correcting(self) -> bool:
        if self.activity_id is None:
            return False
        revisions = minutes_ops.revisions(self.activity_id)
        return bool(revisions) and revisions[-1].number > 1 and not revisions[-1].finalized

    def _kind_changed(self) -> None:
        self._apply_kind()
        self._details_edited()

    def _apply_kind(self) -> None:
        key = self.kind_combo.currentData()
        is_group = key == "group_meeting"
        is_lecture = key == "party_lecture"
        self.group_label.setVisible(is_group)
        self.group_combo.setVisible(is_group)
        for widget in (self.lecturer_label, self.lecturer_combo, self.lecturer_name_label, self.lecturer_name_edit):
            widget.setVisible(is_lecture)

    def _details_edited(self, *_args) -> None:
        if not self._loading:
            self.details_dirty = True

    # --- details ---------------------------------------------------------------------------------
    def details_info(self) -> act.ActivityInfo:
        date_text = self.date_field.text()
        day = self.date_field.date()
        if date_text and day is None:
            raise ValidationError({"date": f"日期“{date_text}”不对，请写成 2026-03-10 这样的形式，或点日历按钮选择。"})
        return act.ActivityInfo(
            kind=self.kind_combo.currentData(), date=day, title=self.title_edit.text(),
            start_time=self.start_edit.text(), end_time=self.end_edit.text(), place=self.place_edit.text(),
            topic=self.topic_edit.toPlainText(), chair_id=self.chair_combo.currentData(),
            recorder_id=self.recorder_combo.currentData(), lecturer_id=self.lecturer_combo.currentData(),
            lecturer_name=self.lecturer_name_edit.text(),
            group_id=self.group_combo.currentData() if self.kind_combo.currentData() == "group_meeting" else None,
        )

    def save_details(self) -> bool:
        try:
            info = self.details_info()
            if self.activity_id is None:
                self.activity_id = act.create(info).id
            else:
                act.update(self.activity_id, info, today=self.today)
        except ValidationError as exc:
            self.details_error.show_problem("\n".join(exc.problems.values()))
            return False
        except UserError as exc:
            self.details_error.show_problem(str(exc))
            return False
        self.details_error.show_problem(None)
        self.reload()
        self.changed.emit()
        return True

    def apply_change(self, change) -> bool:
        """Run one change of the activity; a refusal is shown in Chinese, a success reloads."""
        try:
            change()
        except UserError as exc:
            show_error(self, exc)
            return False
        self.reload()
        self.changed.emit()
        return True

    def mark_held(self) -> None:
        if self.details_dirty and not self.save_details():
            return
        if self.apply_change(lambda: act.mark_held(self.activity_id, today=self.today)):
            self.tabs.setCurrentIndex(1)

    def unmark_held(self) -> None:
        self.apply_change(lambda: act.unmark_held(self.activity_id))

    def delete_activity(self) -> None:
        activity = act.get(self.activity_id)
        detail = "以及已经登记的出席、表决和会议记录" if activity.status != "planned" else ""
        answer = QMessageBox.question(self, "删除活动", f"将删除“{activity.title}”{detail}，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        try:
            act.delete(self.activity_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.details_dirty = self.minutes_dirty = False
        self.changed.emit()
        self.accept()

    # --- 定稿 and corrections -------------------------------------------------------------------
    def save_current(self) -> None:
        """Ctrl+S: save what is being edited on the current tab."""
        index = self.tabs.currentIndex()
        if index == 0:
            self.save_details()
        elif index == 2:
            self.save_decision()
        elif index == 3:
            self.save_minutes()

    def save_pending(self) -> bool:
        if self.details_dirty and not self.save_details():
            self.tabs.setCurrentIndex(0)
            return False
        if self.minutes_dirty and not self.save_minutes():
            return False
        return True

    def finalize(self, *, confirm: bool = True) -> bool:
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
        return self.apply_change(lambda: minutes_ops.finalize(self.activity_id, today=self.today))

    def begin_correction(self, reason: str | None = None) -> bool:
        if reason is None:
            reason = ask_text(self, "更正记录", "请写明更正的原因（会和记录一起保存）：")
            if reason is None:
                return False
        return self.apply_change(lambda: minutes_ops.begin_correction(self.activity_id, reason))

    def discard_correction(self) -> None:
        answer = QMessageBox.question(self, "放弃更正", "将放弃这次更正，记录恢复成上一次定稿的样子，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        self.apply_change(lambda: minutes_ops.discard_correction(self.activity_id))

    # --- closing ---------------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.details_dirty or self.minutes_dirty

    def reject(self) -> None:
        """Esc, 关闭 and the window's close box: ask first when something is not saved."""
        if self.has_unsaved_changes():
            box = QMessageBox(QMessageBox.Question, "还没保存", "有修改还没有保存，要保存吗？",
                              QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, self)
            box.button(QMessageBox.Save).setText("保存")
            box.button(QMessageBox.Discard).setText("不保存")
            box.button(QMessageBox.Cancel).setText("取消")
            box.setDefaultButton(QMessageBox.Save)
            choice = box.exec()
            if choice == QMessageBox.Cancel or (choice == QMessageBox.Save and not self.save_pending()):
                return
        super().reject()
