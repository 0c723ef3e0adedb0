"""自动分组建议: preview the proposed groups, edit them, then apply (undoable)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.group_proposal import Suggestion
from dangjian_desktop.core.group_rules import RULES
from dangjian_desktop.core.group_suggest import suggestion_problems
from dangjian_desktop.core.vocab import member_tags
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.group_cards import ID_ROLE, StatusLine
from dangjian_desktop.ui.group_move_dialog import MoveDialog
from dangjian_desktop.ui.questions import confirm
from dangjian_desktop.ui.theme import ERROR

UNPLACED_KEY = "__unplaced__"


class SuggestDialog(QDialog):
    """Shows ``suggestion`` for editing. Accepting means "apply"; the page applies it."""

    def __init__(self, parent, suggestion: Suggestion, *, today: dt.date | None = None):
        super().__init__(parent)
        self.suggestion = suggestion
        self.today = today or dt.date.today()
        self.setWindowTitle("自动分组建议")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "下面是按村民小组（没有填的按家庭住址）和外出情况生成的分组建议。可以先改名称、换组长、"
            "把党员移到别的组，满意后再点“应用建议”。应用以后也可以撤销。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for note in suggestion.notes:
            line = NoteLabel(self)
            line.show_note(note)
            layout.addWidget(line)

        splitter = QSplitter(Qt.Horizontal, self)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("建议的党小组", left))
        self.group_list = QListWidget(left)
        self.group_list.setAccessibleName("建议的党小组")
        self.group_list.setStyleSheet("QListWidget::item { padding: 4px 4px; }")
        self.group_list.setWordWrap(True)
        self.group_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        left_layout.addWidget(self.group_list, 1)
        group_buttons = QHBoxLayout()
        self.add_button = QPushButton(icons.icon("fa6s.plus"), "加一个组", left)
        self.remove_button = QPushButton(icons.icon("fa6s.minus"), "去掉这个组", left)
        group_buttons.addWidget(self.add_button)
        group_buttons.addWidget(self.remove_button)
        left_layout.addLayout(group_buttons)

        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        form = QFormLayout()
        self.name = QLineEdit(right)
        self.leader = QComboBox(right)
        self.leader_note = QLabel(right)
        self.leader_note.setProperty("role", "hint")
        self.leader_note.setWordWrap(True)
        form.addRow("名称", self.name)
        form.addRow("党小组长", self.leader)
        form.addRow("", self.leader_note)
        right_layout.addLayout(form)
        self.status_box = QVBoxLayout()
        right_layout.addLayout(self.status_box)
        self.status_lines: list[StatusLine] = []
        self.members = QListWidget(right)
        self.members.setAccessibleName("这个组的党员")
        self.members.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.members.setStyleSheet("QListWidget::item { padding: 4px 4px; }")
        right_layout.addWidget(self.members, 1)
        self.move_button = QPushButton(icons.icon("fa6s.arrow-right-arrow-left"), "移到…", right)
        self.move_button.setToolTip("把选中的党员移到建议中的另一个组（Ctrl+M）")
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_button)
        move_row.addStretch(1)
        right_layout.addLayout(move_row)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)

        self.summary_box = QVBoxLayout()
        layout.addLayout(self.summary_box)
        self.summary_line: StatusLine | None = None
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, self.cancel_button, self.apply_button = button_row(self, "应用建议", icon="fa6s.check",
                                                                    safe_default=True)
        layout.addLayout(buttons)

        self.group_list.currentRowChanged.connect(lambda _row: self._show_group())
        self.name.editingFinished.connect(self._rename)
        self.leader.activated.connect(self._choose_leader)
        self.move_button.clicked.connect(self.move_selected)
        self.members.itemSelectionChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self._add_group)
        self.remove_button.clicked.connect(self._remove_group)
        self.cancel_button.clicked.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self._fill_groups(0)
        width = max(860, self.fontMetrics().horizontalAdvance("汉") * 60)
        height = max(560, self.fontMetrics().height() * 30)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    # showing
    def current_key(self) -> str | None:
        item = self.group_list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def _fill_groups(self, row: int | None = None) -> None:
        row = self.group_list.currentRow() if row is None else row
        check = self.suggestion.check()
        self.group_list.blockSignals(True)
        self.group_list.clear()
        members = self.suggestion.members
        for proposed in self.suggestion.groups:
            broken = bool(check.for_group(proposed.key))
            leader = members[proposed.leader_id].name if proposed.leader_id else "未定"
            kept = "（沿用）" if proposed.existing_id else ""
            text = f"{proposed.name}{kept}\n{len(proposed.member_ids)} 人 · 组长 {leader}" + (
                " · 不符合规定" if broken else "")
            icon = icons.icon("fa6s.triangle-exclamation", color=ERROR) if broken else icons.icon(
                "fa6s.circle-check", color="#1E7B34")
            item = QListWidgetItem(icon, text)
            item.setData(Qt.UserRole, proposed.key)
            self.group_list.addItem(item)
        if self.suggestion.unplaced:
            item = QListWidgetItem(icons.icon("fa6s.triangle-exclamation", color=ERROR),
                                   f"未分组\n{len(self.suggestion.unplaced)} 人 · 应用后不在任何党小组")
            item.setData(Qt.UserRole, UNPLACED_KEY)
            self.group_list.addItem(item)
        self.group_list.blockSignals(False)
        self.group_list.setCurrentRow(max(0, min(row, self.group_list.count() - 1)))
        self._show_group()
        problems = len(check.violations)
        groups = len(self.suggestion.groups)     # an empty new group too: it is listed, and broken
        broken = bool(problems or check.unassigned)
        if broken:
            text = f"共 {groups} 个党小组；还有 {problems} 处不符合规定、{len(check.unassigned)} 人未分组。"
        else:
            text = f"共 {groups} 个党小组，都符合规定，每名党员都已分组。"
        if self.summary_line is not None:
            self.summary_line.hide()
            self.summary_line.deleteLater()
        self.summary_line = StatusLine(text, problem=broken, parent=self)
        self.summary_box.addWidget(self.summary_line)

    def summary_text(self) -> str:
        return self.summary_line.text() if self.summary_line else ""

    def _show_group(self) -> None:
        key = self.current_key()
        for line in self.status_lines:
            self.status_box.removeWidget(line)
            line.hide()
            line.deleteLater()
        self.status_lines = []
        self.members.clear()
        self.leader.clear()
        editable = key is not None and key != UNPLACED_KEY
        self.name.setEnabled(editable)
        self.leader.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        members = self.suggestion.members
        places = self.suggestion.member_places
        if key == UNPLACED_KEY:
            ids = list(self.suggestion.unplaced)
            self.name.setText("未分组")
            self.leader_note.setText("")
        elif key is not None:
            proposed = self.suggestion.group(key)
            ids = list(proposed.member_ids)
            self.name.setText(proposed.name)
            self.leader.addItem("暂不指定", None)
            for member_id in ids:
                if members[member_id].is_full:
                    self.leader.addItem(members[member_id].name, member_id)
            index = self.leader.findData(proposed.leader_id)
            self.leader.setCurrentIndex(max(0, index))
            self.leader_note.setText(f"建议理由：{proposed.leader_note}" if proposed.leader_note else "")
            for violation in self.suggestion.check().for_group(key):
                line = StatusLine(f"{RULES.get(violation.rule, '')}：{violation.message}", problem=True, parent=self)
                self.status_box.addWidget(line)
                self.status_lines.append(line)
        else:
            ids = []
        for member_id in ids:
            member = members[member_id]
            tags = member_tags(member.category, member.is_flow)
            text = member.name + (f"（{'、'.join(tags)}）" if tags else "")
            where = places.get(member_id, "")
            item = QListWidgetItem(f"{text}　{where}" if where else text)
            item.setData(ID_ROLE, member_id)
            self.members.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.move_button.setEnabled(bool(self.members.selectedItems()))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_M and event.modifiers() & Qt.ControlModifier and self.members.selectedItems():
            self.move_selected()
            return
        super().keyPressEvent(event)

    # editing
    def selected_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self.members.selectedItems()]

    def select_members(self, ids: list[int]) -> None:
        wanted = set(ids)
        for row in range(self.members.count()):
            item = self.members.item(row)
            item.setSelected(item.data(ID_ROLE) in wanted)

    def show_group(self, key: str) -> None:
        for row in range(self.group_list.count()):
            if self.group_list.item(row).data(Qt.UserRole) == key:
                self.group_list.setCurrentRow(row)
                return
        raise KeyError(key)

    def move_selected(self, *, target: str | None = "ask") -> None:
        """Move the selected members; ``target`` skips the question (a key, or None = 未分组)."""
        ids = self.selected_ids()
        if not ids:
            return
        if target == "ask":
            current = self.current_key()
            choices = [(g.key, g.name) for g in self.suggestion.groups if g.key != current]
            names = [self.suggestion.members[i].name for i in ids]
            dialog = MoveDialog(self, names, choices, allow_unassigned=current != UNPLACED_KEY, with_date=False,
                                unassigned_text="先不分组")
            if dialog.exec() != QDialog.Accepted:
                return
            target = dialog.target
        self.suggestion.move(ids, target)
        self._fill_groups()

    def _rename(self) -> None:
        key = self.current_key()
        if key is None or key == UNPLACED_KEY:
            return
        if self.name.text().strip() != self.suggestion.group(key).name:
            self.suggestion.rename(key, self.name.text())
            self._fill_groups()

    def _choose_leader(self) -> None:
        key = self.current_key()
        if key is None or key == UNPLACED_KEY:
            return
        try:
            self.suggestion.set_leader(key, self.leader.currentData())
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self._fill_groups()

    def _add_group(self) -> None:
        proposed = self.suggestion.add_group()
        self._fill_groups(self.suggestion.groups.index(proposed))
        self.name.setFocus()
        self.name.selectAll()

    def _remove_group(self) -> None:
        key = self.current_key()
        if key is None or key == UNPLACED_KEY:
            return
        proposed = self.suggestion.group(key)
        if proposed.member_ids and not confirm(
            self, "去掉这个组", f"去掉“{proposed.name}”后，组里的 {len(proposed.member_ids)} 名党员会变成未分组，"
            "需要再把他们移到别的组。确定去掉吗？", "去掉"):
            return
        self.suggestion.remove_group(key)
        self._fill_groups()

    def apply(self) -> None:
        self._rename()
        self.error.show_problem(None)
        problems = suggestion_problems(self.suggestion)
        if problems:
            self.error.show_problem(" ".join(problems))
            return
        check = self.suggestion.check()
        groups = sum(1 for g in self.suggestion.groups if g.member_ids)
        text = (f"将按建议把党员编为 {groups} 个党小组，并按建议设定组长。"
                "原有党小组的成员记录都会保留，应用后可以按 Ctrl+Z 或“撤销”恢复原样。")
        if check.violations or check.unassigned:
            text += f"\n\n注意：还有 {len(check.violations)} 处不符合规定、{len(check.unassigned)} 人未分组。"
        if confirm(self, "应用分组建议", text + "\n\n确定应用吗？", "应用"):
            self.accept()
