"""The 基本情况 tab of the activity dialog: kind, group, title, date and time, place, topic,
chair, recorder, lecturer; 保存, 记录开会情况 and 改回计划中."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import activity_lists, corrections, roles
from dangjian_desktop.core import groups as group_ops
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.errors import ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import READ_ONLY_STYLE, ActivityTab, Apply, _button, set_read_only
from dangjian_desktop.ui.fields import DateField, ErrorLabel, NoteLabel, limit_length, put_text
from dangjian_desktop.ui.theme import mark_primary


class DetailsTab(ActivityTab):
    """Inputs: ``apply`` and ``today``; :meth:`load` an activity or :meth:`start_new` one.
    ``held`` is emitted after 记录开会情况 (the dialog then shows the attendance)."""

    held = Signal()

    def __init__(self, apply: Apply, today: dt.date, parent=None):
        super().__init__(apply, parent)
        self.today = today
        self._loading = False
        self._dirty = False
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        self.kind_combo = QComboBox(self)
        for key, spec in kinds.KINDS.items():
            self.kind_combo.addItem(spec.name, key)
        self.group_combo = QComboBox(self)
        self.group_label = QLabel("党小组", self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("不填时按类型和日期自动起名")
        self.date_field = DateField(self)
        self.start_edit = QLineEdit(self)
        self.start_edit.setPlaceholderText("如 9:00")
        self.end_edit = QLineEdit(self)
        self.end_edit.setPlaceholderText("如 11:00")
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("至", self))
        times.addWidget(self.end_edit)
        times.addStretch(1)
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText("如 村委会会议室")
        self.topic_edit = QPlainTextEdit(self)
        self.topic_edit.setPlaceholderText("本次活动的主题或议题")
        self.topic_edit.setStyleSheet("QPlainTextEdit { min-height: 3em; max-height: 4em; }")
        self.chair_combo = QComboBox(self)
        self.recorder_combo = QComboBox(self)
        self.lecturer_combo = QComboBox(self)
        self.lecturer_label = QLabel("主讲人", self)
        self.lecturer_name_edit = QLineEdit(self)
        self.lecturer_name_edit.setPlaceholderText("外请主讲人的单位、职务和姓名")
        self.lecturer_name_label = QLabel("外请主讲人", self)
        for key, widget in (("title", self.title_edit), ("place", self.place_edit), ("topic", self.topic_edit),
                            ("lecturer_name", self.lecturer_name_edit)):
            limit_length(widget, act.FIELD_MAX_LENGTH[key])
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
        self.details_error = ErrorLabel(self)
        self.save_button = _button("fa6s.floppy-disk", "保存", self, "保存基本情况（Ctrl+S）")
        self.held_note = NoteLabel(self)
        self.hold_button = _button("fa6s.clipboard-check", "记录开会情况", self,
                                   "活动开过以后点这里，登记出席、表决和会议记录")
        mark_primary(self.hold_button)
        self.hold_button.setIcon(icons.icon("fa6s.clipboard-check", color="white"))
        self.unhold_button = _button("fa6s.rotate-left", "改回计划中", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unhold_button)
        buttons.addWidget(self.hold_button)
        self.setStyleSheet(READ_ONLY_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.details_error)
        layout.addWidget(self.held_note)
        layout.addStretch(1)
        layout.addLayout(buttons)

        for widget in (self.title_edit, self.start_edit, self.end_edit, self.place_edit, self.lecturer_name_edit):
            widget.textEdited.connect(self._edited)
        self.topic_edit.textChanged.connect(self._edited)
        self.date_field.changed.connect(self._edited)
        for combo in (self.group_combo, self.chair_combo, self.recorder_combo, self.lecturer_combo):
            combo.currentIndexChanged.connect(self._edited)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.save_button.clicked.connect(self.save)
        self.hold_button.clicked.connect(self.mark_held)
        self.unhold_button.clicked.connect(self.unmark_held)

    # --- loading -------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def start_new(self, kind: str, day: dt.date, group_id: int | None) -> None:
        self.activity = None
        self._loading = True
        self._fill_choices(day)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.date_field.set_date(day)
        if group_id is not None:
            self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(group_id)))
        self._apply_kind()
        chair = roles.default_chair(kind, day, group_id)     # the 书记, or the group's leader
        if chair is not None and self.chair_combo.findData(chair) >= 0:
            self._select(self.chair_combo, chair)
        self._loading = False
        self._dirty = False
        self._update_state()

    def load(self, activity, names: dict[str, str] | None = None) -> None:
        """Show ``activity`` as saved; ``names`` are the chair's, recorder's and lecturer's
        (for people no longer on the roster)."""
        names = names or {}
        self.activity = activity
        self._loading = True
        self._fill_choices(activity.date)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(activity.kind)))
        if activity.group_id is not None:
            self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(activity.group_id)))
        put_text(self.title_edit, activity.title)
        self.date_field.set_date(activity.date)
        self.start_edit.setText(activity.start_time)
        self.end_edit.setText(activity.end_time)
        put_text(self.place_edit, activity.place)
        put_text(self.topic_edit, activity.topic)
        self._select(self.chair_combo, activity.chair_id, names.get("chair", ""))
        self._select(self.recorder_combo, activity.recorder_id, names.get("recorder", ""))
        self._select(self.lecturer_combo, activity.lecturer_id, names.get("lecturer", ""))
        put_text(self.lecturer_name_edit, activity.lecturer_name)
        self._apply_kind()
        self._loading = False
        self._dirty = False
        self.details_error.show_problem(None)
        self._update_state()

    def _fill_choices(self, day: dt.date) -> None:
        choices = activity_lists.member_choices(day)
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
        for gid, name in group_ops.group_choices():
            self.group_combo.addItem(name, gid)
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(current)))
        self.group_combo.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, member_id: int | None, label: str = "") -> None:
        index = combo.findData(member_id)
        if index < 0 and member_id is not None:
            combo.addItem(label or "（不在名册中）", member_id)
            index = combo.count() - 1
        combo.setCurrentIndex(max(0, index))

    def _update_state(self) -> None:
        activity = self.activity
        status = activity.status if activity else None
        editable = status != "finalized"
        for widget in (self.kind_combo, self.group_combo):
            widget.setEnabled(status in (None, "planned"))
        # A finalised record's fields stay readable: text boxes are read-only (dark text on a
        # tinted background, still selectable), the choices fixed (styled alike, READ_ONLY_STYLE).
        for widget in (self.title_edit, self.date_field.edit, self.start_edit, self.end_edit, self.place_edit,
                       self.topic_edit, self.lecturer_name_edit):
            set_read_only(widget, not editable)
        self.date_field.button.setEnabled(editable)
        for widget in (self.chair_combo, self.recorder_combo, self.lecturer_combo):
            widget.setEnabled(editable)
        self.save_button.setVisible(editable)
        self.hold_button.setVisible(status == "planned")
        self.unhold_button.setVisible(status == "held" and not self.correcting())
        if status == "planned":
            if activity.date > self.today:
                self.hold_button.setEnabled(False)
                self.held_note.show_note(f"这次活动定在 {format_date_cn(activity.date)}，还没到日子。开过以后再来记录；"
                                         "如果已经提前开过，先把上面的日期改成开会那天，点“保存”。")
            else:
                self.hold_button.setEnabled(True)
                self.held_note.show_note("活动开过以后，点“记录开会情况”登记出席、表决和会议记录。")
        elif status == "finalized":
            self.held_note.show_note("记录已经定稿，不能再直接修改。需要更正时点下面的“更正记录…”，并写明原因。")
        else:
            self.held_note.show_note(None)

    def correcting(self) -> bool:
        return self.activity is not None and corrections.in_progress(self.activity.id)

    def _kind_changed(self) -> None:
        self._apply_kind()
        self._edited()

    def _apply_kind(self) -> None:
        key = self.kind_combo.currentData()
        is_group = key == "group_meeting"
        is_lecture = key == "party_lecture"
        self.group_label.setVisible(is_group)
        self.group_combo.setVisible(is_group)
        for widget in (self.lecturer_label, self.lecturer_combo, self.lecturer_name_label, self.lecturer_name_edit):
            widget.setVisible(is_lecture)

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def _edited(self, *_args) -> None:
        if not self._loading:
            self._dirty = True

    # --- saving ----------------------------------------------------------------------------------
    def info(self) -> act.ActivityInfo:
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

    def _show_refusal(self, exc) -> None:
        self.details_error.show_problem("\n".join(exc.problems.values()) if isinstance(exc, ValidationError)
                                        else str(exc))

    def save(self) -> bool:
        try:
            info = self.info()
        except ValidationError as exc:
            self._show_refusal(exc)
            return False
        activity_id = self.activity_id
        self._dirty = False        # saved as shown: the dialog shows it again as saved
        try:
            if activity_id is None:
                change = self.apply(lambda: act.create.undoable(info), on_refused=self._show_refusal, opens=True)
            else:
                change = self.apply(lambda: act.update.undoable(activity_id, info, today=self.today),
                                    on_refused=self._show_refusal)
        except BaseException:
            self._dirty = True     # not saved: closing the dialog still asks about it
            raise
        if change is None:
            self._dirty = True
            return False
        return True

    def mark_held(self) -> None:
        if self._dirty and not self.save():
            return
        activity_id = self.activity_id
        if self.apply(lambda: act.mark_held.undoable(activity_id, today=self.today)):
            self.held.emit()

    def unmark_held(self) -> None:
        activity_id = self.activity_id
        self.apply(lambda: act.unmark_held.undoable(activity_id))
