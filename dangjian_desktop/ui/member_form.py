"""Add / edit a member: every field of the national form, checked as you type."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import members as member_ops
from dangjian_desktop.core.hamlets import hamlet_from_address
from dangjian_desktop.core.member_rules import (
    DATE_FIELDS,
    FIELD_LABELS,
    FIELD_MAX_LENGTH,
    hamlet_follows_address,
    month_only_fields,
    validate_member,
)
from dangjian_desktop.core.vocab import CATEGORIES, EDUCATION_LEVELS, ETHNICITIES
from dangjian_desktop.errors import ValidationError
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import DateField, ErrorLabel, NoteLabel, limit_length, put_text

SECTIONS = (
    ("基本信息", ("name", "id_number", "gender", "birth_date", "ethnicity", "education", "native_place")),
    ("党籍信息", ("category", "joined_on", "full_member_on", "introducers", "party_post",
                 "transferred_in_on", "transferred_in_from")),
    ("联系方式与工作", ("phone", "landline", "address", "hamlet", "job", "work_started_on")),
    ("流动党员", ("is_flow", "flow_destination", "flow_out_on", "flow_unit")),
    ("其他", ("hardship", "hardship_note", "note")),
)
LEFT_SECTIONS = 2
PLACEHOLDERS = {
    "name": "必填",
    "id_number": "18 位，老身份证 15 位也可以",
    "phone": "11 位手机号",
    "address": "如 东坡村3组12号",
    "hamlet": "如 东坡村3组、河东组、第二网格（按住址自动填）",
    "flow_destination": "如 广东省深圳市",
}


class MemberForm(QDialog):
    """``MemberForm(parent, member_id=None)``; after ``exec()`` read ``saved_id`` and ``change``
    (the saved change, for the undo history)."""

    def __init__(self, parent=None, member_id: int | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.member_id = member_id
        self.today = today
        self.saved_id: int | None = None
        self.change = None                  # the saved change (core.changes), for undo
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.notes: dict[str, NoteLabel] = {}
        self._auto_filled: set[str] = set()
        self._loading = True
        self.setWindowTitle("修改党员信息" if member_id else "新增党员")
        self.setModal(True)
        self._build()
        if member_id:
            self._load(member_ops.get_member(member_id))
        else:
            self.widgets["ethnicity"].setCurrentText("汉族")
        self._loading = False
        self._dirty = False
        self.validate()
        self.widgets["name"].setFocus()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        heading = QLabel("修改党员信息" if self.member_id else "新增党员", self)
        heading.setProperty("role", "title")
        hint = QLabel("带“必填”的必须填写；填好身份证号后，出生日期和性别会自动填上。", self)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        outer.addWidget(heading)
        outer.addWidget(hint)

        body = QWidget(self)
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        for index, (title, keys) in enumerate(SECTIONS):
            box = QGroupBox(title, body)
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.DontWrapRows)
            form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
            for key in keys:
                form.addRow(self._label_for(key), self._field_with_messages(key))
            (left if index < LEFT_SECTIONS else right).addWidget(box)
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.summary = ErrorLabel(self)
        outer.addWidget(self.summary)
        buttons, self.cancel_button, self.save_button = button_row(self, "保存")
        self.save_button.setToolTip("保存 (Ctrl+S)")
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.Save, self, activated=self.save)
        self.widgets["is_flow"].toggled.connect(self._update_flow_enabled)
        self._update_flow_enabled()
        self.resize(1100, 680)

    def _label_for(self, key: str) -> QLabel:
        text = FIELD_LABELS[key]
        label = QLabel(text + ("（必填）" if key == "name" else ""), self)
        return label

    def _field_with_messages(self, key: str) -> QWidget:
        widget = self._make_widget(key)
        self.widgets[key] = widget
        holder = QWidget(self)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        self.errors[key] = ErrorLabel(holder)
        self.notes[key] = NoteLabel(holder)
        layout.addWidget(self.errors[key])
        layout.addWidget(self.notes[key])
        return holder

    def _make_widget(self, key: str) -> QWidget:
        widget = self._new_widget(key)
        if key in FIELD_MAX_LENGTH and not (isinstance(widget, QComboBox) and not widget.isEditable()):
            limit_length(widget, FIELD_MAX_LENGTH[key])     # no more can be typed than can be saved
        return widget

    def _new_widget(self, key: str) -> QWidget:
        if key in DATE_FIELDS:
            widget = DateField(self)
            widget.changed.connect(lambda k=key: self._changed(k))
            return widget
        if key in ("is_flow", "hardship"):
            widget = QCheckBox("是" if key == "hardship" else "外出流动", self)
            widget.toggled.connect(lambda _=False, k=key: self._changed(k))
            return widget
        if key in ("gender", "category", "ethnicity", "education"):
            widget = QComboBox(self)
            if key == "gender":
                widget.addItems(["", "男", "女"])
            elif key == "category":
                widget.addItems(list(CATEGORIES))
            elif key == "ethnicity":
                widget.setEditable(True)
                widget.addItems(list(ETHNICITIES))
            else:
                widget.setEditable(True)
                widget.addItems([""] + list(EDUCATION_LEVELS))
            widget.currentTextChanged.connect(lambda _="", k=key: self._changed(k))
            return widget
        if key == "note":
            widget = QPlainTextEdit(self)
            widget.setFixedHeight(80)
            widget.textChanged.connect(lambda k=key: self._changed(k))
            return widget
        widget = QLineEdit(self)
        widget.setPlaceholderText(PLACEHOLDERS.get(key, ""))
        widget.textChanged.connect(lambda _="", k=key: self._changed(k))
        return widget

    # --- values --------------------------------------------------------------------------
    def _load(self, member) -> None:
        month_only = month_only_fields(member.month_only)
        for key, widget in self.widgets.items():
            self._set_value(key, getattr(member, key), key in month_only)
        if not member.hamlet:
            self._fill_hamlet()
        elif hamlet_follows_address(member.hamlet, member.address):
            self._auto_filled.add("hamlet")     # read from the address: a new address gives a new one

    def _set_value(self, key: str, value, month_only: bool = False) -> None:
        widget = self.widgets[key]
        if isinstance(widget, DateField):
            widget.set_date(value, month_only)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            widget.setCurrentText(value or "")
        else:
            put_text(widget, value or "")

    def raw_values(self) -> dict[str, object]:
        raw: dict[str, object] = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, DateField):
                raw[key] = widget.text()
            elif isinstance(widget, QCheckBox):
                raw[key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                raw[key] = widget.currentText()
            elif isinstance(widget, QPlainTextEdit):
                raw[key] = widget.toPlainText()
            else:
                raw[key] = widget.text()
        return raw

    def _changed(self, key: str) -> None:
        if self._loading:
            return
        self._dirty = True
        self._auto_filled.discard(key)
        if key == "address":
            self._fill_hamlet()
        self.validate(changed=key)

    def _fill_hamlet(self) -> None:
        """The 村民小组 the address names, while the user has not typed one of their own."""
        widget = self.widgets["hamlet"]
        if widget.text().strip() and "hamlet" not in self._auto_filled:
            return
        found = hamlet_from_address(self.widgets["address"].text()) or ""
        loading, self._loading = self._loading, True
        try:
            widget.setText(found)
        finally:
            self._loading = loading
        if found:
            self._auto_filled.add("hamlet")
        else:
            self._auto_filled.discard("hamlet")

    def _update_flow_enabled(self) -> None:
        on = self.widgets["is_flow"].isChecked()
        for key in ("flow_destination", "flow_out_on", "flow_unit"):
            self.widgets[key].setEnabled(on)

    # --- checking ------------------------------------------------------------------------
    def validate(self, changed: str | None = None) -> bool:
        raw = self.raw_values()
        checked = validate_member(raw, today=self.today)
        problems = dict(checked.problems)
        # Fill birth date and gender from a valid ID number (and keep them in step with it).
        if changed == "id_number" and "id_number" not in problems and checked.values["id_number"]:
            self._autofill(checked.values)
            raw = self.raw_values()
            checked = validate_member(raw, today=self.today)
            problems = dict(checked.problems)
        number = checked.values["id_number"]
        if number and "id_number" not in problems:
            other = member_ops.check_member_id_number(number, member_id=self.member_id)
            if other:
                problems["id_number"] = member_ops.duplicate_id_message(other)
        for key in self.widgets:
            # A blank required field is not shouted at before the user typed anything.
            message = problems.get(key)
            if key == "name" and not self._dirty and not self.member_id:
                message = None
            self.errors[key].show_problem(message)
            self.notes[key].show_note(checked.notes.get(key))
        self.problems = problems
        self.summary.show_problem(f"还有 {len(problems)} 处需要改正，改好后才能保存。" if problems and self._dirty else None)
        return not problems

    def _autofill(self, values: dict) -> None:
        self._loading = True
        try:
            for key in ("birth_date", "gender"):
                widget = self.widgets[key]
                current = widget.text() if isinstance(widget, DateField) else widget.currentText()
                if not current or key in self._auto_filled:
                    self._set_value(key, values[key])
                    self._auto_filled.add(key)
            number = values["id_number"]
            if self.widgets["id_number"].text() != number and len(self.widgets["id_number"].text().strip()) == 15:
                self.widgets["id_number"].setText(number)
        finally:
            self._loading = False

    # --- saving --------------------------------------------------------------------------
    def save(self) -> None:
        self._dirty = True
        if not self.validate():
            first = next(iter(self.problems))
            self.widgets[first].setFocus()
            return
        raw = self.raw_values()
        try:
            if self.member_id:
                self.change = member_ops.update_member.undoable(self.member_id, raw, today=self.today)
            else:
                self.change = member_ops.create_member.undoable(raw, today=self.today)
            self.saved_id = self.change.result.id
        except ValidationError as exc:
            for key, message in exc.problems.items():
                if key in self.errors:
                    self.errors[key].show_problem(message)
            self.summary.show_problem("没有保存：" + exc.message)
            return
        self._dirty = False
        self.accept()

    def reject(self) -> None:
        if self._dirty:
            answer = QMessageBox.question(
                self, "放弃修改", "刚才填写的内容还没有保存，确定要放弃吗？",
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
            )
            if answer != QMessageBox.Yes:
                return
        super().reject()
