"""The 出席情况 tab of the activity dialog: who is expected, marking 出席/请假/缺席,
不计入应到, live 应到/实到 and quorum, and 列席 guests. Every mark is a change on the undo
history (core.attendance)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableView,
    QVBoxLayout,
)

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import activity_lists
from dangjian_desktop.core import attendance as attendance_ops
from dangjian_desktop.core.quorum import quorum
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import OK_COLOR, ActivityTab, Apply, _button, ask_text, tall_rows
from dangjian_desktop.ui.attendance_table import AttendanceModel, StateDelegate
from dangjian_desktop.ui.fields import NoteLabel
from dangjian_desktop.ui.theme import ERROR

WRAPPED_ROWS = 150       # up to this many attendees, a long reason wraps onto a second line


class AttendanceTab(ActivityTab):
    def __init__(self, apply: Apply, parent=None):
        super().__init__(apply, parent)
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.counts_label.setStyleSheet("font-weight: bold;")
        self.quorum_icon = QLabel(self)
        self.quorum_label = QLabel(self)
        self.quorum_label.setWordWrap(True)
        quorum_row = QHBoxLayout()
        quorum_row.addWidget(self.quorum_icon)
        quorum_row.addWidget(self.quorum_label, 1)
        self.quorum_box = QFrame(self)
        self.quorum_box.setLayout(quorum_row)
        self.not_held_note = NoteLabel(self)
        self.model = AttendanceModel(self._write_cell, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(AttendanceModel.STATE, StateDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.view.verticalHeader().hide()
        tall_rows(self.view)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(AttendanceModel.REASON, QHeaderView.Stretch)
        header.setSectionResizeMode(5, QHeaderView.Stretch)   # share the room: one long 不计入 reason no longer squeezes 原因
        rows = self.view.verticalHeader()                      # and a long reason wraps onto a second line
        rows.setMinimumSectionSize(rows.defaultSectionSize())
        rows.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setResizeContentsPrecision(100)   # columns fit the first rows: a 500-member list opens at once
        self.present_button = _button("fa6s.check", "出席", self, "把选中的人标为出席")
        self.leave_button = _button("fa6s.person-walking-arrow-right", "请假…", self, "把选中的人标为请假，并写明原因")
        self.absent_button = _button("fa6s.xmark", "缺席…", self, "把选中的人标为缺席，并写明原因")
        self.rest_button = _button("fa6s.check-double", "其余都标为出席", self)
        self.exclude_button = _button("fa6s.user-slash", "不计入应到…", self,
                                      "长期外出、卧病等经支部同意不计入应到人数的，写明原因")
        self.include_button = _button("fa6s.user-plus", "恢复计入", self)
        self.add_attendee_button = _button("fa6s.plus", "添加参加人员…", self)
        self.remove_attendee_button = _button("fa6s.minus", "移出名单", self)
        self.marks_bar = self._bar(self.present_button, self.leave_button, self.absent_button, self.rest_button)
        self.more_bar = self._bar(self.exclude_button, self.include_button, self.add_attendee_button,
                                  self.remove_attendee_button)
        self.guest_list = QListWidget(self)
        self.guest_list.setMaximumHeight(90)
        self.add_guest_button = _button("fa6s.plus", "添加列席人员…", self)
        self.remove_guest_button = _button("fa6s.minus", "删除", self)
        guests = QHBoxLayout()
        guests.addWidget(QLabel("列席人员：", self), 0, Qt.AlignTop)
        guests.addWidget(self.guest_list, 1)
        guest_buttons = QVBoxLayout()
        guest_buttons.addWidget(self.add_guest_button)
        guest_buttons.addWidget(self.remove_guest_button)
        guest_buttons.addStretch(1)
        guests.addLayout(guest_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.not_held_note)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.quorum_box)
        layout.addWidget(self.marks_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.more_bar)
        layout.addLayout(guests)

        self.present_button.clicked.connect(lambda: self.mark_selected(attendance_ops.PRESENT))
        self.leave_button.clicked.connect(lambda: self.mark_selected(attendance_ops.LEAVE))
        self.absent_button.clicked.connect(lambda: self.mark_selected(attendance_ops.ABSENT))
        self.rest_button.clicked.connect(self.mark_rest_present)
        self.exclude_button.clicked.connect(lambda: self.exclude_selected(True))
        self.include_button.clicked.connect(lambda: self.exclude_selected(False))
        self.add_attendee_button.clicked.connect(self.add_attendee)
        self.remove_attendee_button.clicked.connect(self.remove_attendee)
        self.add_guest_button.clicked.connect(self.add_guest)
        self.remove_guest_button.clicked.connect(self.remove_guest)

    def _bar(self, *buttons) -> QFrame:
        bar = QFrame(self)
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return bar

    # --- loading -------------------------------------------------------------------------------
    def load(self, activity) -> None:
        self.activity = activity
        held = activity.status != "planned"
        editable = activity.status == "held"
        self.model.load(activity.id, editable)
        # Rows grow for a long reason; measuring every row of a big branch's meeting would make
        # the window slow to open, so above a few hundred rows they keep one line (the whole
        # reason is in the cell's tool tip).
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeToContents if len(self.model.rows) <= WRAPPED_ROWS
                                  else QHeaderView.Fixed)
        spec = kinds.kind(activity.kind)
        if activity.status == "planned":
            self.not_held_note.show_note("下面是应该参加的人。活动开过以后，在“基本情况”里点“记录开会情况”再登记。")
        elif spec.audience == kinds.AUDIENCE_CHOSEN and not self.model.rows:
            self.not_held_note.show_note("谈心谈话没有固定名单，请点“添加参加人员…”加入谈话的党员。")
        else:
            self.not_held_note.show_note(None)
        self.marks_bar.setVisible(editable)
        self.more_bar.setVisible(editable)
        self.add_guest_button.setEnabled(activity.status != "finalized")
        self.remove_guest_button.setEnabled(activity.status != "finalized")
        self.guest_list.clear()
        for g in attendance_ops.guests(activity.id):
            item = QListWidgetItem(g.name + (f"（{g.role}）" if g.role else ""))
            item.setData(Qt.UserRole, g.id)
            self.guest_list.addItem(item)
        self._show_counts(held, spec.quorum)

    def _show_counts(self, held: bool, with_quorum: bool) -> None:
        counts = attendance_ops.count_attendance((r.state, r.voting, r.excluded) for r in self.model.rows)
        if held:
            self.counts_label.setText(counts.describe())
        else:
            self.counts_label.setText(f"应到 {counts.expected} 人"
                                      + (f"；另有 {counts.excluded} 人按规定不计入应到人数。" if counts.excluded else "。"))
        self.quorum_box.setVisible(with_quorum and held)
        if with_quorum and held:
            q = quorum(counts.voting_expected, counts.voting_present)
            self.quorum_icon.setPixmap(icons.icon("fa6s.circle-check" if q.met else "fa6s.circle-exclamation",
                                                color=OK_COLOR if q.met else ERROR).pixmap(22, 22))
            self.quorum_label.setText(q.describe())
            self.quorum_label.setStyleSheet(f"color: {OK_COLOR if q.met else ERROR}; font-weight: bold;")

    # --- marking ---------------------------------------------------------------------------------
    def _write_cell(self, member_id: int, state: str, reason: str) -> bool:
        """A cell of the table was edited: one mark, saved as a change."""
        activity_id = self.activity_id
        return self.apply(lambda: attendance_ops.mark_attendance.undoable(activity_id, [member_id], state,
                                                                          reason)) is not None

    def selected_member_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.member_id(r) for r in rows]

    def mark_selected(self, state: str, reason: str | None = None) -> None:
        ids = self.selected_member_ids()
        if not ids:
            QMessageBox.information(self, "登记出席", "请先在表格里选中要登记的人（按住 Ctrl 可以选几个人）。")
            return
        if state in (attendance_ops.LEAVE, attendance_ops.ABSENT) and reason is None:
            reason = ask_text(self, f"登记{state}", f"{state}原因（例如：生病住院、外出务工）：")
            if reason is None:
                return
        activity_id = self.activity_id
        self.apply(lambda: attendance_ops.mark_attendance.undoable(activity_id, ids, state, reason or ""))

    def mark_rest_present(self) -> None:
        activity_id = self.activity_id
        self.apply(lambda: attendance_ops.mark_rest_present.undoable(activity_id))

    def exclude_selected(self, excluded: bool, reason: str | None = None) -> None:
        ids = self.selected_member_ids()
        if not ids:
            QMessageBox.information(self, "不计入应到人数", "请先在表格里选中人员。")
            return
        if excluded and reason is None:
            reason = ask_text(self, "不计入应到人数", "原因（例如：长期外出务工、长期卧病，经支部同意）：")
            if reason is None:
                return
        activity_id = self.activity_id
        self.apply(lambda: attendance_ops.exclude_attendees.undoable(activity_id, ids, excluded, reason or ""))

    def add_attendee(self) -> None:
        present = {r.member_id for r in self.model.rows}
        choices = [c for c in activity_lists.member_choices(self.activity.date) if c.id not in present]
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
        chosen = next((c for c in choices if c.label == dialog.textValue()), None)
        if chosen is None:
            return
        activity_id = self.activity_id
        self.apply(lambda: attendance_ops.add_attendee.undoable(activity_id, chosen.id))

    def remove_attendee(self) -> None:
        ids = self.selected_member_ids()
        if not ids:
            return
        names = "、".join(r.name for r in self.model.rows if r.member_id in ids)
        answer = QMessageBox.question(self, "移出名单", f"将把{names}移出这次活动的应到名单，确定吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        activity_id = self.activity_id
        self.apply(lambda: attendance_ops.remove_attendees.undoable(activity_id, ids))

    def add_guest(self, name: str | None = None, role: str | None = None) -> None:
        if name is None:
            name = ask_text(self, "添加列席人员", "列席人员姓名：")
            if not name:
                return
            role = ask_text(self, "添加列席人员", "单位或职务（可不填）：") or ""
        activity_id = self.activity_id
        self.apply(lambda: attendance_ops.add_guest.undoable(activity_id, name, role or ""))

    def remove_guest(self) -> None:
        item = self.guest_list.currentItem()
        if item is None:
            return
        guest_id = item.data(Qt.UserRole)
        self.apply(lambda: attendance_ops.remove_guest.undoable(guest_id))
