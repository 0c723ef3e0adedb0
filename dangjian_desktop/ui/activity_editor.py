"""Holding and recording one activity: details, attendance (出席/请假/缺席) with live 应到/实到
and quorum, 列席, decisions with votes, minutes from the kind's template, photos, 定稿 and
corrections. Every rule is in core; this dialog only shows and asks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import attachments as attachment_ops
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.core.activity_record import activity_record
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.attendance_table import AttendanceModel, StateDelegate
from dangjian_desktop.ui.fields import DateField, ErrorLabel, NoteLabel
from dangjian_desktop.ui.minutes_history import RevisionsDialog
from dangjian_desktop.ui.theme import ERROR, mark_primary
from dangjian_desktop.ui.worker import run_with_progress, show_error

OK_COLOR = "#1E8449"
WEEKDAYS = "一二三四五六日"
TALL_EDIT = "QPlainTextEdit { min-height: 4.5em; }"     # the theme's one-line minimum is too low here


def tall_rows(view) -> None:
    """Rows tall enough to hit with a mouse at every font size (UI.md: ≥28 px at 标准)."""
    view.verticalHeader().setDefaultSectionSize(max(28, int(view.fontMetrics().height() * 1.6)))


def weekday(day: dt.date) -> str:
    return f"周{WEEKDAYS[day.weekday()]}"


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


# --- the dialog ------------------------------------------------------------------------------------

class ActivityEditor(QDialog):
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

    def _build_attendance(self) -> QWidget:
        page = QWidget(self)
        self.counts_label = QLabel(page)
        self.counts_label.setWordWrap(True)
        self.counts_label.setStyleSheet("font-weight: bold;")
        self.quorum_icon = QLabel(page)
        self.quorum_label = QLabel(page)
        self.quorum_label.setWordWrap(True)
        quorum_row = QHBoxLayout()
        quorum_row.addWidget(self.quorum_icon)
        quorum_row.addWidget(self.quorum_label, 1)
        self.quorum_box = QFrame(page)
        self.quorum_box.setLayout(quorum_row)
        self.not_held_note = NoteLabel(page)
        self.attendance_model = AttendanceModel(self)
        self.attendance_view = QTableView(page)
        self.attendance_view.setModel(self.attendance_model)
        self.attendance_view.setItemDelegateForColumn(AttendanceModel.STATE, StateDelegate(self.attendance_view))
        self.attendance_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.attendance_view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.attendance_view.verticalHeader().hide()
        tall_rows(self.attendance_view)
        self.attendance_view.setAlternatingRowColors(True)
        header = self.attendance_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(AttendanceModel.REASON, QHeaderView.Stretch)
        self.present_button = _button("fa6s.check", "出席", page, "把选中的人标为出席")
        self.leave_button = _button("fa6s.person-walking-arrow-right", "请假…", page, "把选中的人标为请假，并写明原因")
        self.absent_button = _button("fa6s.xmark", "缺席…", page, "把选中的人标为缺席，并写明原因")
        self.rest_button = _button("fa6s.check-double", "其余都标为出席", page)
        self.exclude_button = _button("fa6s.user-slash", "不计入应到…", page,
                                      "长期外出、卧病等经支部同意不计入应到人数的，写明原因")
        self.include_button = _button("fa6s.user-plus", "恢复计入", page)
        self.add_attendee_button = _button("fa6s.plus", "添加参加人员…", page)
        self.remove_attendee_button = _button("fa6s.minus", "移出名单", page)
        self.marks_bar = QWidget(page)
        marks = QHBoxLayout(self.marks_bar)
        marks.setContentsMargins(0, 0, 0, 0)
        for b in (self.present_button, self.leave_button, self.absent_button, self.rest_button):
            marks.addWidget(b)
        marks.addStretch(1)
        self.more_bar = QWidget(page)
        more = QHBoxLayout(self.more_bar)
        more.setContentsMargins(0, 0, 0, 0)
        for b in (self.exclude_button, self.include_button, self.add_attendee_button, self.remove_attendee_button):
            more.addWidget(b)
        more.addStretch(1)
        self.guest_list = QListWidget(page)
        self.guest_list.setMaximumHeight(90)
        self.add_guest_button = _button("fa6s.plus", "添加列席人员…", page)
        self.remove_guest_button = _button("fa6s.minus", "删除", page)
        guests = QHBoxLayout()
        guest_label = QLabel("列席人员：", page)
        guests.addWidget(guest_label, 0, Qt.AlignTop)
        guests.addWidget(self.guest_list, 1)
        guest_buttons = QVBoxLayout()
        guest_buttons.addWidget(self.add_guest_button)
        guest_buttons.addWidget(self.remove_guest_button)
        guest_buttons.addStretch(1)
        guests.addLayout(guest_buttons)
        layout = QVBoxLayout(page)
        layout.addWidget(self.not_held_note)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.quorum_box)
        layout.addWidget(self.marks_bar)
        layout.addWidget(self.attendance_view, 1)
        layout.addWidget(self.more_bar)
        layout.addLayout(guests)

        self.attendance_model.saved.connect(self._attendance_saved)
        self.attendance_model.failed.connect(lambda exc: show_error(self, exc))
        self.present_button.clicked.connect(lambda: self.mark_selected(act.PRESENT))
        self.leave_button.clicked.connect(lambda: self.mark_selected(act.LEAVE))
        self.absent_button.clicked.connect(lambda: self.mark_selected(act.ABSENT))
        self.rest_button.clicked.connect(self.mark_rest_present)
        self.exclude_button.clicked.connect(lambda: self.exclude_selected(True))
        self.include_button.clicked.connect(lambda: self.exclude_selected(False))
        self.add_attendee_button.clicked.connect(self.add_attendee)
        self.remove_attendee_button.clicked.connect(self.remove_attendee)
        self.add_guest_button.clicked.connect(self.add_guest)
        self.remove_guest_button.clicked.connect(self.remove_guest)
        return page

    def _build_decisions(self) -> QWidget:
        page = QWidget(self)
        self.decision_rule = QLabel(page)
        self.decision_rule.setWordWrap(True)
        self.decision_table = QTableWidget(0, 6, page)
        self.decision_table.setHorizontalHeaderLabels(["表决事项", "方式", "赞成", "反对", "弃权", "结果"])
        self.decision_table.verticalHeader().hide()
        tall_rows(self.decision_table)
        self.decision_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.decision_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.decision_table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.decision_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.decision_text = QLineEdit(page)
        self.decision_text.setPlaceholderText("例如：接收张三同志为中共预备党员")
        self.decision_method = QComboBox(page)
        self.decision_method.addItems(["举手表决", "无记名投票"])
        self.votes_for = QSpinBox(page)
        self.votes_against = QSpinBox(page)
        self.votes_abstain = QSpinBox(page)
        for spin in (self.votes_for, self.votes_against, self.votes_abstain):
            spin.setRange(0, 100000)
        self.decision_form = QWidget(page)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("事项", page), 0, 0)
        grid.addWidget(self.decision_text, 0, 1, 1, 7)
        grid.addWidget(QLabel("方式", page), 1, 0)
        grid.addWidget(self.decision_method, 1, 1)
        grid.addWidget(QLabel("赞成", page), 1, 2)
        grid.addWidget(self.votes_for, 1, 3)
        grid.addWidget(QLabel("反对", page), 1, 4)
        grid.addWidget(self.votes_against, 1, 5)
        grid.addWidget(QLabel("弃权", page), 1, 6)
        grid.addWidget(self.votes_abstain, 1, 7)
        self.decision_error = ErrorLabel(page)
        self.new_decision_button = _button("fa6s.plus", "新的表决事项", page)
        self.save_decision_button = _button("fa6s.floppy-disk", "保存表决", page)
        self.remove_decision_button = _button("fa6s.trash-can", "删除", page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_decision_button)
        buttons.addWidget(self.remove_decision_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_decision_button)
        self.decisions_note = NoteLabel(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.decisions_note)
        layout.addWidget(self.decision_rule)
        layout.addWidget(self.decision_table, 1)
        form_layout = QVBoxLayout(self.decision_form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(grid)
        form_layout.addWidget(self.decision_error)
        form_layout.addLayout(buttons)
        layout.addWidget(self.decision_form)
        self.decision_table.currentCellChanged.connect(lambda row, *_: self._decision_selected(row))
        self.new_decision_button.clicked.connect(self._clear_decision_form)
        self.save_decision_button.clicked.connect(self.save_decision)
        self.remove_decision_button.clicked.connect(self.remove_decision)
        return page

    def _build_minutes(self) -> QWidget:
        page = QWidget(self)
        self.minutes_state = QLabel(page)
        self.minutes_state.setWordWrap(True)
        self.minutes_note = NoteLabel(page)
        self.minutes_area = QScrollArea(page)
        self.minutes_area.setWidgetResizable(True)
        self.minutes_body = QWidget(self.minutes_area)
        self.minutes_layout = QVBoxLayout(self.minutes_body)
        self.minutes_area.setWidget(self.minutes_body)
        self.agenda_edit = QPlainTextEdit(self.minutes_body)
        self.agenda_edit.setPlaceholderText("每行一项议程")
        self.agenda_edit.setStyleSheet(TALL_EDIT)
        self.speech_table = QTableWidget(0, 3, self.minutes_body)
        self.speech_table.setHorizontalHeaderLabels(["发言人", "发言内容", "不同意见"])
        self.speech_table.verticalHeader().hide()
        tall_rows(self.speech_table)
        self.speech_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.speech_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.speech_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.speech_table.setMinimumHeight(150)
        self.add_speech_button = _button("fa6s.plus", "添加发言…", self.minutes_body)
        self.remove_speech_button = _button("fa6s.minus", "删除发言", self.minutes_body)
        self.summary_edit = QPlainTextEdit(self.minutes_body)
        self.summary_edit.setPlaceholderText("主持人对会议的总结")
        self.summary_edit.setStyleSheet(TALL_EDIT)
        self.save_minutes_button = _button("fa6s.floppy-disk", "保存记录", page, "保存会议记录（Ctrl+S）")
        self.sections_box = QVBoxLayout()
        self.minutes_layout.addWidget(self._minutes_title("议程"))
        self.minutes_layout.addWidget(self.agenda_edit)
        self.minutes_layout.addLayout(self.sections_box)
        self.minutes_layout.addWidget(self._minutes_title("发言（包括不同意见）"))
        self.minutes_layout.addWidget(self.speech_table)
        speech_buttons = QHBoxLayout()
        speech_buttons.addWidget(self.add_speech_button)
        speech_buttons.addWidget(self.remove_speech_button)
        speech_buttons.addStretch(1)
        self.minutes_layout.addLayout(speech_buttons)
        self.minutes_layout.addWidget(self._minutes_title("主持人总结"))
        self.minutes_layout.addWidget(self.summary_edit)
        self.minutes_layout.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.minutes_state, 1)
        bottom.addWidget(self.save_minutes_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.minutes_note)
        layout.addWidget(self.minutes_area, 1)
        layout.addLayout(bottom)
        self.agenda_edit.textChanged.connect(self._minutes_edited)
        self.summary_edit.textChanged.connect(self._minutes_edited)
        self.speech_table.itemChanged.connect(self._minutes_edited)
        self.add_speech_button.clicked.connect(self.add_speech)
        self.remove_speech_button.clicked.connect(self.remove_speech)
        self.save_minutes_button.clicked.connect(self.save_minutes)
        return page

    def _minutes_title(self, text: str) -> QLabel:
        label = QLabel(text, self.minutes_body)
        label.setStyleSheet("font-weight: bold; margin-top: 6px;")
        return label

    def _build_attachments(self) -> QWidget:
        page = QWidget(self)
        self.attachment_list = QListWidget(page)
        self.attachment_list.setViewMode(QListWidget.IconMode)
        self.attachment_list.setIconSize(QSize(160, 160))
        self.attachment_list.setResizeMode(QListWidget.Adjust)
        self.attachment_list.setSpacing(8)
        self.attachment_list.setWordWrap(True)
        self.add_photo_button = _button("fa6s.camera", "添加照片…", page)
        self.add_scan_button = _button("fa6s.file-image", "添加签到表扫描件…", page)
        self.save_attachment_button = _button("fa6s.download", "另存为…", page)
        self.remove_attachment_button = _button("fa6s.trash-can", "删除", page)
        buttons = QHBoxLayout()
        for b in (self.add_photo_button, self.add_scan_button, self.save_attachment_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_attachment_button)
        note = QLabel("照片会自动缩小后保存在数据里，备份时一起备份。", page)
        note.setProperty("role", "hint")
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.attachment_list, 1)
        layout.addLayout(buttons)
        self.add_photo_button.clicked.connect(lambda: self.add_attachment("照片"))
        self.add_scan_button.clicked.connect(lambda: self.add_attachment("签到表"))
        self.save_attachment_button.clicked.connect(self.save_attachment_as)
        self.remove_attachment_button.clicked.connect(self.remove_attachment)
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

    def _minutes_edited(self, *_args) -> None:
        if not self._loading:
            self.minutes_dirty = True

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

    def mark_held(self) -> None:
        if self.details_dirty and not self.save_details():
            return
        try:
            act.mark_held(self.activity_id, today=self.today)
        except UserError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.changed.emit()
        self.tabs.setCurrentIndex(1)

    def unmark_held(self) -> None:
        try:
            act.unmark_held(self.activity_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.changed.emit()

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

    # --- attendance ------------------------------------------------------------------------------
    def _load_attendance(self, activity) -> None:
        held = activity.status != "planned"
        editable = activity.status == "held"
        self.attendance_model.load(self.activity_id, editable)
        spec = kinds.kind(activity.kind)
        if activity.status == "planned":
            self.not_held_note.show_note("下面是应该参加的人。活动开过以后，在“基本情况”里点“记录开会情况”再登记。")
        elif spec.audience == kinds.AUDIENCE_CHOSEN and not self.attendance_model.rows:
            self.not_held_note.show_note("谈心谈话没有固定名单，请点“添加参加人员…”加入谈话的党员。")
        else:
            self.not_held_note.show_note(None)
        self.marks_bar.setVisible(editable)
        self.more_bar.setVisible(editable)
        self.add_guest_button.setEnabled(activity.status != "finalized")
        self.remove_guest_button.setEnabled(activity.status != "finalized")
        self.guest_list.clear()
        for g in act.guests(self.activity_id):
            item = QListWidgetItem(g.name + (f"（{g.role}）" if g.role else ""))
            item.setData(Qt.UserRole, g.id)
            self.guest_list.addItem(item)
        self._show_counts(held)

    def _show_counts(self, held: bool = True) -> None:
        counts = act.count_attendance((r.state, r.voting, r.excluded) for r in self.attendance_model.rows)
        spec = kinds.kind(self.kind_combo.currentData())
        if held:
            self.counts_label.setText(counts.describe())
        else:
            self.counts_label.setText(f"应到 {counts.expected} 人"
                                      + (f"；另有 {counts.excluded} 人按规定不计入应到人数。" if counts.excluded else "。"))
        self.quorum_box.setVisible(spec.quorum and held)
        if spec.quorum and held:
            from dangjian_desktop.core.quorum import quorum

            q = quorum(counts.voting_expected, counts.voting_present)
            self.quorum_icon.setPixmap(icons.icon("fa6s.circle-check" if q.met else "fa6s.circle-exclamation",
                                                color=OK_COLOR if q.met else ERROR).pixmap(22, 22))
            self.quorum_label.setText(q.describe())
            self.quorum_label.setStyleSheet(f"color: {OK_COLOR if q.met else ERROR}; font-weight: bold;")
            self.decision_rule.setText(
                f"{q.describe()} 一项决定要通过，赞成票要超过应到会有表决权党员（{q.voting_expected} 人）的一半，"
                f"即至少 {q.needed} 票。预备党员没有表决权。")

    def _attendance_saved(self) -> None:
        self._show_counts()
        self._load_decisions(act.get(self.activity_id))
        self.changed.emit()

    def selected_member_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.attendance_view.selectionModel().selectedRows()})
        return [self.attendance_model.member_id(r) for r in rows]

    def mark_selected(self, state: str, reason: str | None = None) -> None:
        ids = self.selected_member_ids()
        if not ids:
            QMessageBox.information(self, "登记出席", "请先在表格里选中要登记的人（按住 Ctrl 可以选几个人）。")
            return
        if state in (act.LEAVE, act.ABSENT) and reason is None:
            reason = ask_text(self, f"登记{state}", f"{state}原因（例如：生病住院、外出务工）：")
            if reason is None:
                return
        try:
            for member_id in ids:
                act.set_attendance(self.activity_id, member_id, state, reason or "")
        except UserError as exc:
            show_error(self, exc)
        self.attendance_model.reload_rows()
        self._attendance_saved()

    def mark_rest_present(self) -> None:
        try:
            act.mark_rest_present(self.activity_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.attendance_model.reload_rows()
        self._attendance_saved()

    def exclude_selected(self, excluded: bool, reason: str | None = None) -> None:
        ids = self.selected_member_ids()
        if not ids:
            QMessageBox.information(self, "不计入应到人数", "请先在表格里选中人员。")
            return
        if excluded and reason is None:
            reason = ask_text(self, "不计入应到人数", "原因（例如：长期外出务工、长期卧病，经支部同意）：")
            if reason is None:
                return
        try:
            for member_id in ids:
                act.set_excluded(self.activity_id, member_id, excluded, reason or "")
        except ValidationError as exc:
            show_error(self, exc)
            return
        except UserError as exc:
            show_error(self, exc)
        self.attendance_model.reload_rows()
        self._attendance_saved()

    def add_attendee(self) -> None:
        present = {r.member_id for r in self.attendance_model.rows}
        choices = [c for c in act.member_choices(act.get(self.activity_id).date) if c.id not in present]
        if not choices:
            QMessageBox.information(self, "添加参加人员", "名册里的党员都已经在名单中了。")
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("添加参加人员")
        dialog.setLabelText("选择党员：")
        dialog.setComboBoxItems([c.label for c in choices])
        dialog.setOkButtonText("添加")
        dialog.setCancelButtonText("取消")
        if dialog.exec() != QDialog.Accepted:
            return
        label = dialog.textValue()
        chosen = next((c for c in choices if c.label == label), None)
        if chosen is None:
            return
        try:
            act.add_attendee(self.activity_id, chosen.id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.attendance_model.reload_rows()
        self.not_held_note.show_note(None)
        self._attendance_saved()

    def remove_attendee(self) -> None:
        ids = self.selected_member_ids()
        if not ids:
            return
        names = "、".join(r.name for r in self.attendance_model.rows if r.member_id in ids)
        answer = QMessageBox.question(self, "移出名单", f"将把{names}移出这次活动的应到名单，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        for member_id in ids:
            act.remove_attendee(self.activity_id, member_id)
        self.attendance_model.reload_rows()
        self._attendance_saved()

    def add_guest(self, name: str | None = None, role: str | None = None) -> None:
        if name is None:
            name = ask_text(self, "添加列席人员", "列席人员姓名：")
            if not name:
                return
            role = ask_text(self, "添加列席人员", "单位或职务（可不填）：") or ""
        try:
            act.add_guest(self.activity_id, name, role or "")
        except UserError as exc:
            show_error(self, exc)
            return
        self._load_attendance(act.get(self.activity_id))
        self.changed.emit()

    def remove_guest(self) -> None:
        item = self.guest_list.currentItem()
        if item is None:
            return
        try:
            act.remove_guest(item.data(Qt.UserRole))
        except UserError as exc:
            show_error(self, exc)
            return
        self._load_attendance(act.get(self.activity_id))
        self.changed.emit()

    # --- decisions -------------------------------------------------------------------------------
    def _load_decisions(self, activity) -> None:
        editable = activity.status == "held"
        self.decisions = act.decisions(self.activity_id)
        self.decision_table.setRowCount(len(self.decisions))
        for row, d in enumerate(self.decisions):
            values = (d.text, d.method, str(d.votes_for), str(d.votes_against), str(d.votes_abstain),
                      "通过" if d.passed else "未通过")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 5:
                    item.setForeground(QBrush(QColor(OK_COLOR if d.passed else ERROR)))
                    item.setIcon(icons.icon("fa6s.check" if d.passed else "fa6s.xmark",
                                          color=OK_COLOR if d.passed else ERROR))
                self.decision_table.setItem(row, col, item)
        self.decision_form.setVisible(editable)
        if not kinds.kind(activity.kind).quorum:
            self.decision_rule.setText("一项决定要通过，赞成票要超过应到会有表决权党员的一半。")
        self.decisions_note.show_note(None if self.decisions or not editable
                                      else "会上表决的事项在这里登记，是否通过由程序按规定算出。")

    def _decision_selected(self, row: int) -> None:
        if not 0 <= row < len(self.decisions):
            return
        d = self.decisions[row]
        self.decision_id = d.id
        self.decision_text.setText(d.text)
        self.decision_method.setCurrentText(d.method)
        self.votes_for.setValue(d.votes_for)
        self.votes_against.setValue(d.votes_against)
        self.votes_abstain.setValue(d.votes_abstain)

    def _clear_decision_form(self) -> None:
        self.decision_id = None
        self.decision_table.clearSelection()
        self.decision_text.clear()
        for spin in (self.votes_for, self.votes_against, self.votes_abstain):
            spin.setValue(0)
        self.decision_error.show_problem(None)
        self.decision_text.setFocus()

    def save_decision(self) -> bool:
        info = act.DecisionInfo(self.decision_text.text(), self.votes_for.value(), self.votes_against.value(),
                                self.votes_abstain.value(), self.decision_method.currentText())
        try:
            saved = act.save_decision(self.activity_id, info, self.decision_id)
        except ValidationError as exc:
            self.decision_error.show_problem("\n".join(exc.problems.values()))
            return False
        except UserError as exc:
            self.decision_error.show_problem(str(exc))
            return False
        self.decision_error.show_problem(None)
        self._load_decisions(act.get(self.activity_id))
        self._clear_decision_form()
        self.changed.emit()
        return saved is not None

    def remove_decision(self) -> None:
        if self.decision_id is None:
            return
        try:
            act.remove_decision(self.decision_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self._load_decisions(act.get(self.activity_id))
        self._clear_decision_form()
        self.changed.emit()

    # --- minutes ---------------------------------------------------------------------------------
    def _load_minutes(self, activity) -> None:
        self._loading = True
        revision, content = minutes_ops.current(self.activity_id)
        while self.sections_box.count():
            item = self.sections_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.section_edits = []
        for section in content.sections:
            title = self._minutes_title(section.title)
            edit = QPlainTextEdit(self.minutes_body)
            edit.setPlaceholderText(section.hint)
            edit.setPlainText(section.text)
            edit.setStyleSheet(TALL_EDIT)
            edit.textChanged.connect(self._minutes_edited)
            self.sections_box.addWidget(title)
            self.sections_box.addWidget(edit)
            self.section_edits.append((section, edit))
        self.agenda_edit.setPlainText("\n".join(content.agenda))
        self.speech_table.setRowCount(0)
        for speech in content.speeches:
            self._add_speech_row(speech)
        self.summary_edit.setPlainText(content.summary)
        editable = activity.status == "held"
        for edit in [e for _s, e in self.section_edits] + [self.agenda_edit, self.summary_edit]:
            edit.setReadOnly(not editable)
        self.speech_table.setEditTriggers(QAbstractItemView.AllEditTriggers if editable
                                          else QAbstractItemView.NoEditTriggers)
        for b in (self.add_speech_button, self.remove_speech_button, self.save_minutes_button):
            b.setVisible(editable)
        if revision is None:
            state = "还没有保存过会议记录。"
        else:
            state = revision.describe()
        self.minutes_state.setText(state)
        self.minutes_note.show_note("记录已定稿，只能查看。" if activity.status == "finalized" else None)
        self._loading = False
        self.minutes_dirty = False

    def _add_speech_row(self, speech: minutes_ops.Speech) -> None:
        row = self.speech_table.rowCount()
        self.speech_table.insertRow(row)
        who = QTableWidgetItem(speech.speaker)
        who.setData(Qt.UserRole, speech.member_id)
        self.speech_table.setItem(row, 0, who)
        self.speech_table.setItem(row, 1, QTableWidgetItem(speech.text))
        dissent = QTableWidgetItem("不同意见")
        dissent.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
        dissent.setCheckState(Qt.Checked if speech.dissent else Qt.Unchecked)
        self.speech_table.setItem(row, 2, dissent)

    def add_speech(self) -> None:
        names = [(r.member_id, r.name) for r in self.attendance_model.rows if r.state == act.PRESENT]
        dialog = QInputDialog(self)
        dialog.setWindowTitle("添加发言")
        dialog.setLabelText("发言人（可从出席人员中选，也可以直接输入）：")
        dialog.setComboBoxItems([n for _m, n in names] or [""])
        dialog.setComboBoxEditable(True)
        dialog.setOkButtonText("添加")
        dialog.setCancelButtonText("取消")
        if dialog.exec() != QDialog.Accepted or not dialog.textValue().strip():
            return
        speaker = dialog.textValue().strip()
        member_id = next((m for m, n in names if n == speaker), None)
        self._add_speech_row(minutes_ops.Speech(speaker, "", member_id))
        self.speech_table.setCurrentCell(self.speech_table.rowCount() - 1, 1)
        self.speech_table.editItem(self.speech_table.item(self.speech_table.rowCount() - 1, 1))
        self._minutes_edited()

    def remove_speech(self) -> None:
        row = self.speech_table.currentRow()
        if row >= 0:
            self.speech_table.removeRow(row)
            self._minutes_edited()

    def minutes_content(self) -> minutes_ops.MinutesContent:
        speeches = []
        for row in range(self.speech_table.rowCount()):
            who = self.speech_table.item(row, 0)
            text = self.speech_table.item(row, 1)
            dissent = self.speech_table.item(row, 2)
            speeches.append(minutes_ops.Speech(
                who.text().strip() if who else "", text.text().strip() if text else "",
                who.data(Qt.UserRole) if who else None, bool(dissent and dissent.checkState() == Qt.Checked)))
        return minutes_ops.MinutesContent(
            sections=[minutes_ops.Section(s.title, e.toPlainText().strip(), s.hint) for s, e in self.section_edits],
            agenda=[line.strip() for line in self.agenda_edit.toPlainText().splitlines() if line.strip()],
            speeches=[s for s in speeches if s.speaker or s.text],
            summary=self.summary_edit.toPlainText().strip(),
        )

    def save_minutes(self) -> bool:
        try:
            revision = minutes_ops.save(self.activity_id, self.minutes_content())
        except UserError as exc:
            show_error(self, exc)
            return False
        self.minutes_dirty = False
        self.minutes_state.setText(revision.describe() + "　已保存。")
        self.changed.emit()
        return True

    # --- attachments ------------------------------------------------------------------------------
    def _load_attachments(self) -> None:
        self.attachment_list.clear()
        for a in attachment_ops.attachments(self.activity_id):
            thumb = attachment_ops.thumbnail(a.id)
            if thumb:
                pixmap = QPixmap()
                pixmap.loadFromData(thumb)
                icon = QIcon(pixmap)
            else:
                icon = icons.icon("fa6s.file-pdf", color="#555")
            item = QListWidgetItem(icon, f"{a.kind}\n{a.caption or a.filename}")
            item.setData(Qt.UserRole, a.id)
            item.setToolTip(f"{a.filename}，{a.size // 1024} KB")
            self.attachment_list.addItem(item)
        finalized = act.get(self.activity_id).status == "finalized"
        self.remove_attachment_button.setEnabled(not finalized)

    def add_attachment(self, kind: str, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self, "选择照片" if kind == "照片" else "选择扫描件", str(Path.home()),
                "图片或 PDF (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp *.pdf)")
        if not paths:
            return
        activity_id = self.activity_id

        def work(progress):
            for i, path in enumerate(paths):
                progress(i, len(paths), f"正在缩小并保存第 {i + 1} 张（共 {len(paths)} 张）…")
                attachment_ops.add_attachment_file(activity_id, path, kind=kind)
            return len(paths)

        def done(_count):
            self._load_attachments()
            self.changed.emit()

        self.operation = run_with_progress(self, "添加附件", work, done)

    def save_attachment_as(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        attachment_id = item.data(Qt.UserRole)
        record = next(a for a in attachment_ops.attachments(self.activity_id) if a.id == attachment_id)
        target, _ = QFileDialog.getSaveFileName(self, "另存为", str(Path.home() / record.filename))
        if not target:
            return
        try:
            Path(target).write_bytes(attachment_ops.attachment_data(attachment_id))
        except OSError as exc:
            show_error(self, UserError(f"无法保存到“{target}”：{exc.strerror or exc}。"))

    def remove_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(self, "删除附件", "将删除选中的照片或扫描件，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        try:
            attachment_ops.remove_attachment(item.data(Qt.UserRole))
        except UserError as exc:
            show_error(self, exc)
            return
        self._load_attachments()
        self.changed.emit()

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
        try:
            minutes_ops.finalize(self.activity_id, today=self.today)
        except UserError as exc:
            show_error(self, exc)
            return False
        self.reload()
        self.changed.emit()
        return True

    def begin_correction(self, reason: str | None = None) -> bool:
        if reason is None:
            reason = ask_text(self, "更正记录", "请写明更正的原因（会和记录一起保存）：")
            if reason is None:
                return False
        try:
            minutes_ops.begin_correction(self.activity_id, reason)
        except UserError as exc:
            show_error(self, exc)
            return False
        self.reload()
        self.changed.emit()
        return True

    def discard_correction(self) -> None:
        answer = QMessageBox.question(self, "放弃更正", "将放弃这次更正，记录恢复成上一次定稿的样子，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        try:
            minutes_ops.discard_correction(self.activity_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.changed.emit()

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
