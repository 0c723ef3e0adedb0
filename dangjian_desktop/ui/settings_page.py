"""支部设置 page: the branch's facts, its rules and reminders (from the settings registry) and
its committee (支委) with posts and terms."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import branch as branch_ops
from dangjian_desktop.core import settings as setting_registry
from dangjian_desktop.core.dates import format_date
from dangjian_desktop.core.roles import committee_advice, committee_candidates
from dangjian_desktop.core.vocab import COMMITTEE_POSTS
from dangjian_desktop.errors import ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import DateField, ErrorLabel, limit_length, put_text
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.questions import confirm
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.undo import push_change


class PostDialog(QDialog):
    """Add or edit one committee seat."""

    def __init__(self, parent, post_id: int | None = None):
        super().__init__(parent)
        self.post_id = post_id
        self.change = None          # the saved change, for the undo history
        self.setWindowTitle("修改支委" if post_id else "新增支委")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.post = QComboBox(self)
        self.post.addItems(list(COMMITTEE_POSTS))
        self.member = QComboBox(self)
        self.member.setEditable(True)
        self.member.setInsertPolicy(QComboBox.NoInsert)
        for member_id, name in committee_candidates():
            self.member.addItem(name, member_id)
        self.member.setCurrentIndex(-1)
        self.member.lineEdit().setPlaceholderText("输入姓名或拼音首字母选择")
        self.term_start = DateField(self)
        self.term_end = DateField(self)
        form.addRow("职务", self.post)
        form.addRow("姓名", self.member)
        form.addRow("任期开始", self.term_start)
        form.addRow("任期结束", self.term_end)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, cancel, ok = button_row(self, "保存")
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        ok.clicked.connect(self.save)
        if post_id:
            existing = branch_ops.get_post(post_id)
            self.post.setCurrentText(existing.post)
            index = self.member.findData(existing.member_id)
            if index >= 0:
                self.member.setCurrentIndex(index)
            else:
                self.member.setEditText(branch_ops.holder_name(existing))
            self.term_start.set_date(existing.term_start)
            self.term_end.set_date(existing.term_end)

    def save(self) -> None:
        index = self.member.findText(self.member.currentText().strip())
        member_id = self.member.itemData(index) if index >= 0 else None
        if self.term_start.text() and self.term_start.date() is None:
            self.error.show_problem("任期开始日期写得不对，请写成 2026-01-15 这样的形式。")
            return
        if self.term_end.text() and self.term_end.date() is None:
            self.error.show_problem("任期结束日期写得不对，请写成 2031-01-15 这样的形式。")
            return
        info = branch_ops.PostInfo(
            post=self.post.currentText(), member_id=member_id,
            person_name="" if member_id else self.member.currentText().strip(),
            term_start=self.term_start.date(), term_end=self.term_end.date(),
        )
        try:
            self.change = branch_ops.save_post.undoable(info, self.post_id)
        except ValidationError as exc:
            self.error.show_problem(exc.message)
            return
        self.accept()


class SettingsPage(Page):
    key = "settings"
    nav_label = "支部设置"
    nav_icon = "fa6s.gear"

    RULES_PLACE = "支部设置 · 规则和提醒"

    def __init__(self, parent=None, *, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        outer = self.vbox(self)
        self.title = QLabel("支部设置", self)
        self.save_button = QPushButton(icons.icon("fa6s.check", color="white"), "保存", self)
        self.save_button.setToolTip("保存支部基本情况和规则（Ctrl+S）")
        mark_primary(self.save_button)
        outer.addLayout(self.header(self.title, self.save_button))
        # The page scrolls as a whole: at 特大 on a small screen nothing is squeezed or cut off.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        top = QHBoxLayout()
        layout.addLayout(top)

        info_box = QGroupBox("支部基本情况", body)
        form = QFormLayout(info_box)
        self.name = QLineEdit(info_box)
        self.parent_org = QLineEdit(info_box)
        self.secretary = QLineEdit(info_box)
        self.secretary.setPlaceholderText("设置“书记”支委后会自动填上")
        self.founded_on = DateField(info_box)
        self.address = QLineEdit(info_box)
        self.phone = QLineEdit(info_box)
        for label, widget in (("支部名称（必填）", self.name), ("上级党组织", self.parent_org),
                              ("书记", self.secretary), ("成立日期", self.founded_on),
                              ("地址", self.address), ("联系电话", self.phone)):
            form.addRow(label, widget)
        for key, widget in (("name", self.name), ("parent_org", self.parent_org), ("secretary_name", self.secretary),
                            ("address", self.address), ("phone", self.phone)):
            limit_length(widget, branch_ops.FIELD_MAX_LENGTH[key])
        self.error = ErrorLabel(info_box)
        form.addRow("", self.error)
        top.addWidget(info_box, 3)
        top.addWidget(self._build_rules(body), 2)

        committee_box = QGroupBox("支部委员会（支委）", body)
        box_layout = QVBoxLayout(committee_box)
        self.committee_hint = QLabel("", committee_box)
        self.committee_hint.setWordWrap(True)
        self.committee_hint.setProperty("role", "hint")
        box_layout.addWidget(self.committee_hint)
        self.table = QTableWidget(0, 4, committee_box)
        self.table.setMinimumHeight(self.fontMetrics().height() * 9)
        self.table.setHorizontalHeaderLabels(["职务", "姓名", "任期开始", "任期结束"])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        box_layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_post = QPushButton(icons.icon("fa6s.plus"), "新增支委", committee_box)
        self.edit_post = QPushButton(icons.icon("fa6s.pen"), "修改", committee_box)
        self.remove_post = QPushButton(icons.icon("fa6s.trash-can"), "删除", committee_box)
        for button in (self.add_post, self.edit_post, self.remove_post):
            row.addWidget(button)
        row.addStretch(1)
        box_layout.addLayout(row)
        layout.addWidget(committee_box, 1)

        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.Save, self, activated=self.save)
        self.add_post.clicked.connect(self._add_post)
        self.edit_post.clicked.connect(self._edit_selected_post)
        self.table.doubleClicked.connect(self._edit_selected_post)
        self.remove_post.clicked.connect(self._remove_post)

    def _build_rules(self, parent: QWidget) -> QGroupBox:
        """One field per setting the registry shows here (党小组 sizes, the backup reminder)."""
        box = QGroupBox("规则和提醒", parent)
        form = QFormLayout(box)
        self.rule_fields: dict[str, QSpinBox] = {}
        for spec in setting_registry.shown_in(self.RULES_PLACE):
            field = QSpinBox(box)
            field.setRange(spec.minimum, spec.maximum)
            field.setSuffix(f" {spec.suffix}" if spec.suffix else "")
            field.setValue(spec.default)
            form.addRow(spec.label, field)
            self.rule_fields[spec.key] = field
        hint = QLabel("党小组的人数规则用于检查党小组和自动分组；一般按每组 3 人以上、"
                      "至少 1 名正式党员。", box)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        form.addRow(hint)
        self.rules_error = ErrorLabel(box)
        form.addRow(self.rules_error)
        return box

    def refresh(self) -> None:
        for key, value in setting_registry.values(list(self.rule_fields)).items():
            self.rule_fields[key].setValue(value)
        info = branch_ops.branch_info()
        if info:
            put_text(self.name, info.name)
            put_text(self.parent_org, info.parent_org)
            put_text(self.secretary, info.secretary_name)
            self.founded_on.set_date(info.founded_on)
            put_text(self.address, info.address)
            put_text(self.phone, info.phone)
        posts = branch_ops.committee_posts()
        self.table.setRowCount(len(posts))
        for row, post in enumerate(posts):
            values = (post.post, branch_ops.holder_name(post), format_date(post.term_start), format_date(post.term_end))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, post.id)
                self.table.setItem(row, column, item)
        self.committee_hint.setText(committee_advice())

    def save(self) -> None:
        """保存: the branch's facts and its rules (each checked before anything is written)."""
        self.error.show_problem(None)
        self.rules_error.show_problem(None)
        if self.founded_on.text() and self.founded_on.date() is None:
            self.error.show_problem("成立日期写得不对，请写成 1956-07-01 这样的形式。")
            return
        info = branch_ops.BranchInfo(
            name=self.name.text(), parent_org=self.parent_org.text(), secretary_name=self.secretary.text(),
            founded_on=self.founded_on.date(), address=self.address.text(), phone=self.phone.text(),
        )
        rules = {key: field.value() for key, field in self.rule_fields.items()}
        try:
            change = branch_ops.save_branch_settings.undoable(info, rules)
        except ValidationError as exc:
            about_rules = {k: v for k, v in exc.problems.items() if k in self.rule_fields}
            about_branch = [v for k, v in exc.problems.items() if k not in self.rule_fields]
            self.error.show_problem("；".join(about_branch) or None)
            self.rules_error.show_problem("；".join(about_rules.values()) or None)
            return
        self._record(change, "已保存支部设置")

    def _selected_post(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def _add_post(self) -> None:
        self._run_post_dialog(None)

    def _edit_selected_post(self, *_args) -> None:
        post_id = self._selected_post()
        if post_id is not None:
            self._run_post_dialog(post_id)

    def _run_post_dialog(self, post_id: int | None) -> None:
        dialog = PostDialog(self, post_id)
        if dialog.exec() == QDialog.Accepted:
            self._record(dialog.change, "已保存支委")

    def _record(self, change, message: str) -> None:
        push_change(self.undo_stack, change, self._undone)
        self.refresh()
        self.status_message.emit(f"{message}（按 Ctrl+Z 可撤销）")
        self.data_changed.emit()

    def _undone(self, change, verb: str) -> None:
        if shiboken6.isValid(self):
            self.refresh()
            self.status_message.emit(f"已{verb}：{change.label}")
            self.data_changed.emit()

    def _remove_post(self) -> None:
        post_id = self._selected_post()
        if post_id is None:
            return
        post = branch_ops.get_post(post_id)
        if confirm(self, "删除支委",
                   f"将删除支委记录“{post.post} {branch_ops.holder_name(post)}”，党员本人的信息不受影响。确定吗？", "删除"):
            self._record(branch_ops.remove_post.undoable(post_id), "已删除支委记录")
