"""发展党员's windows: a new 入党申请人, and recording one step of a person's file (the rule of
the step said beforehand, a refusal said in plain words under the fields, nothing written then).

Each leaves ``change`` (a core change, already saved) and ``message`` for the page.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import recruit_choices, recruits
from dangjian_desktop.core.recruit_rules import STEP
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import DateField, ErrorLabel, NoteLabel, limit_length


class AddRecruitDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, today: dt.date):
        super().__init__(parent)
        self.today = today
        self.change = None
        self.message = ""
        self.setWindowTitle("新增入党申请人")
        layout = QVBoxLayout(self)
        intro = NoteLabel(self)
        intro.show_note("从递交入党申请书那天记起。以前在纸上记过的，先按申请书的日期新增，再一步一步补记以后的日期。")
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(self)
        limit_length(self.name, 40)
        self.id_number = QLineEdit(self)
        self.id_number.setPlaceholderText("18 位，出生日期和性别从这里读出")
        self.applied_on = DateField(self)
        self.phone = QLineEdit(self)
        self.education = QComboBox(self)
        from dangjian_desktop.core.vocab import EDUCATION_LEVELS

        self.education.addItems([""] + list(EDUCATION_LEVELS))
        self.job = QLineEdit(self)
        self.address = QLineEdit(self)
        form.addRow("姓名：", self.name)
        form.addRow("身份证号：", self.id_number)
        form.addRow("递交申请书的日期：", self.applied_on)
        form.addRow("手机：", self.phone)
        form.addRow("学历：", self.education)
        form.addRow("工作岗位：", self.job)
        form.addRow("家庭住址：", self.address)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, cancel, self.save_button = button_row(self, "保存", icon="fa6s.check")
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save)

    def _save(self) -> None:
        day = self.applied_on.date()
        if day is None:
            self.error.show_problem("请填写递交入党申请书的日期，例如 2026-03-05。")
            return
        values = {"name": self.name.text(), "id_number": self.id_number.text(), "phone": self.phone.text(),
                  "education": self.education.currentText(), "job": self.job.text(), "address": self.address.text()}
        try:
            self.change = recruits.add_recruit.undoable(values, applied_on=day, today=self.today)
        except ValidationError as exc:
            self.error.show_problem("；".join(exc.problems.values()))
            return
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.message = f"已新增入党申请人{self.change.result.name}"
        self.accept()


class StepDialog(QDialog):
    """记录下一步: the step, its date, the members taking part, hours or months, the meeting."""

    def __init__(self, recruit_id: int, parent: QWidget | None = None, *, today: dt.date, event: str | None = None):
        super().__init__(parent)
        self.recruit_id = recruit_id
        self.today = today
        self.change = None
        self.message = ""
        recruit = recruits.get_recruit(recruit_id)
        self.name = recruit.name
        self.setWindowTitle(f"记录发展党员工作 · {recruit.name}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.step = QComboBox(self)
        for key in recruit_choices.allowed_steps(recruit_id):
            self.step.addItem(STEP[key].label, key)
        # the later steps, greyed with what must come first (not left out without a word)
        for key, why in recruit_choices.steps_not_yet(recruit_id):
            self.step.addItem(f"{STEP[key].label}（{why}）", None)
            item = self.step.model().item(self.step.count() - 1)
            item.setEnabled(False)
        if event is not None and self.step.findData(event) >= 0:
            self.step.setCurrentIndex(self.step.findData(event))
        self.day = DateField(self)
        self.day.set_date(today)
        form.addRow("这一步：", self.step)
        form.addRow("日期：", self.day)
        self.hint = NoteLabel(self)
        self.people_label = QLabel(self)
        self.people = QListWidget(self)
        self.people.setMinimumHeight(150)
        self.people.setStyleSheet("QListWidget::item { padding: 4px; }")
        self.people_find = QLineEdit(self)
        self.people_find.setPlaceholderText("找人：姓名或拼音首字母")
        self.people_find.setClearButtonEnabled(True)
        self.people_count = QLabel(self)
        self.hours = QSpinBox(self)
        self.hours.setRange(0, 400)
        self.hours.setSuffix(" 学时")
        self.hours.setSpecialValueText("请填写")
        self.months = QSpinBox(self)
        self.months.setRange(6, 12)
        self.months.setSuffix(" 个月")
        self.meeting = QComboBox(self)
        self.decision = QComboBox(self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("可不填")
        form.addRow("", self.people_find)
        form.addRow(self.people_label, self.people)
        form.addRow("", self.people_count)
        form.addRow("集中培训：", self.hours)
        form.addRow("延长：", self.months)
        form.addRow("支部党员大会：", self.meeting)
        form.addRow("表决事项：", self.decision)
        form.addRow("说明：", self.note)
        self.form = form
        layout.addWidget(self.hint)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, cancel, self.save_button = button_row(self, "保存", icon="fa6s.check")
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save)
        self.step.currentIndexChanged.connect(self._step_changed)
        self.people_find.textChanged.connect(self._filter_people)
        self.people.itemChanged.connect(lambda _item: self._count_people())
        self.meeting.currentIndexChanged.connect(self._meeting_changed)
        self._step_changed()

    def event_key(self) -> str | None:
        return self.step.currentData()

    def _show_row(self, widget: QWidget, shown: bool) -> None:
        widget.setVisible(shown)
        label = self.form.labelForField(widget)
        if label is not None:
            label.setVisible(shown)

    def _step_changed(self) -> None:
        event = self.event_key()
        self.error.show_problem(None)
        if event is None:
            self.hint.show_note("这份档案已经完成或终止，没有要记录的了。")
            self.save_button.setEnabled(False)
            for widget in (self.people, self.hours, self.months, self.meeting, self.decision):
                self._show_row(widget, False)
            return
        step = STEP[event]
        self.hint.show_note(recruit_choices.step_hint(self.recruit_id, event, self.today) or None)
        has_people = bool(step.people[1])
        self._show_row(self.people, has_people)
        self._show_row(self.people_find, has_people)
        self._show_row(self.people_count, has_people)
        self.people_label.setVisible(has_people)
        if has_people:
            self.people_label.setText(f"{step.people_role}：")
            choices = recruit_choices.full_members() if step.full_members_only else recruit_choices.active_members()
            self.people.clear()
            initials = recruit_choices.member_initials()
            self.people.blockSignals(True)
            for member_id, name in choices:
                item = QListWidgetItem(name, self.people)
                item.setData(Qt.UserRole, member_id)
                item.setData(Qt.UserRole + 1, initials.get(member_id, ""))
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Unchecked)
            self.people.blockSignals(False)
            self.people_find.clear()
            self._count_people()
        self._show_row(self.hours, event == "trained")
        self._show_row(self.months, event == "extended")
        vote = event in ("branch_vote", "full_vote")
        self._show_row(self.meeting, vote)
        self._show_row(self.decision, vote)
        if vote:
            self.meeting.blockSignals(True)
            self.meeting.clear()
            self.meeting.addItem("不关联（会议记录在纸上）", None)
            for activity_id, day, title in recruit_choices.congress_meetings():
                self.meeting.addItem(f"{day.isoformat()} {title}", activity_id)
            self.meeting.blockSignals(False)
            self._meeting_changed()
        self.note.setPlaceholderText("必填：" + step.needs_note if step.needs_note and event == "stopped" else "可不填")
        self.adjustSize()

    def _meeting_changed(self) -> None:
        activity_id = self.meeting.currentData()
        self.decision.clear()
        if activity_id is None:
            self.decision.setEnabled(False)
            return
        self.decision.setEnabled(True)
        self.decision.addItem("（不指定）", None)
        for decision_id, text, passed in recruit_choices.meeting_decisions(activity_id):
            self.decision.addItem(f"{'通过' if passed else '未通过'}：{text[:40]}", decision_id)
        meetings = {a: d for a, d, _t in recruit_choices.congress_meetings()}
        if activity_id in meetings:
            self.day.set_date(meetings[activity_id])

    def _filter_people(self, text: str) -> None:
        wanted = text.strip().lower()
        for row in range(self.people.count()):
            item = self.people.item(row)
            hit = not wanted or wanted in item.text().lower() or str(item.data(Qt.UserRole + 1)).startswith(wanted)
            item.setHidden(not hit and item.checkState() != Qt.Checked)     # the chosen stay in view

    def _count_people(self) -> None:
        chosen = [self.people.item(i).text() for i in range(self.people.count())
                  if self.people.item(i).checkState() == Qt.Checked]
        low, high = STEP[self.event_key()].people if self.event_key() else (0, 0)
        need = f"要选 {low} 名" if low == high else f"要选 {low} 到 {high} 名"
        self.people_count.setText(f"已选 {len(chosen)} 名（{need}）：{'、'.join(chosen)}" if chosen else f"还没有选（{need}）")

    def chosen_people(self) -> list[int]:
        return [self.people.item(i).data(Qt.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.Checked]

    def _save(self) -> None:
        event = self.event_key()
        day = self.day.date()
        if event is None:
            return
        if day is None:
            self.error.show_problem("请填写日期，例如 2026-03-05。")
            return
        kwargs = {}
        if STEP[event].people[1]:
            kwargs["member_ids"] = self.chosen_people()
        if event == "trained":
            kwargs["hours"] = self.hours.value() or None
        if event == "extended":
            kwargs["months"] = self.months.value()
        if event in ("branch_vote", "full_vote") and self.meeting.currentData() is not None:
            kwargs["activity_id"] = self.meeting.currentData()
            kwargs["decision_id"] = self.decision.currentData()
        try:
            self.change = recruits.record_step.undoable(self.recruit_id, event, day, note=self.note.text(),
                                                        today=self.today, **kwargs)
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.message = f"已记录：{self.name} {day.isoformat()} {STEP[event].label}"
        if event == "approved":
            self.message += "；已作为预备党员加入党员名册"
        self.accept()
