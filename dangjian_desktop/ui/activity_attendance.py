"""The 出席情况 tab of the activity dialog: who is expected, marking 出席/请假/缺席,
不计入应到, live 应到/实到 and quorum, and 列席 guests.
"""

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
    QWidget,
)

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import OK_COLOR, _button, ask_text, tall_rows
from dangjian_desktop.ui.attendance_table import AttendanceModel, StateDelegate
from dangjian_desktop.ui.fields import NoteLabel
from dangjian_desktop.ui.theme import ERROR
from dangjian_desktop.ui.worker import show_error


class AttendanceSection:
    """Mixed into :class:`ActivityEditor`: builds, loads and acts on the attendance tab."""

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
