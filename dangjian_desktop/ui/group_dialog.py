"""新建 / 修改党小组: name, kind, leader, deputy, meeting place, note."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from dangjian_desktop.core import groups as group_ops
from dangjian_desktop.core.groups import GROUP_KINDS, GroupInfo, GroupView, MemberBrief
from dangjian_desktop.core.roles import may_lead
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel, limit_length, put_text


class ChoiceModel(QAbstractListModel):
    """(text, data) choices for a combo box, without one item object per member."""

    def __init__(self, choices: list[tuple[str, object]], parent=None):
        super().__init__(parent)
        self.choices = choices

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        text, value = self.choices[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None


class GroupDialog(QDialog):
    """After acceptance ``change`` holds the saved change (for undo)."""

    def __init__(self, parent, *, group: GroupView | None, briefs: dict[int, MemberBrief],
                 current_group_names: dict[int, str], today: dt.date | None = None):
        super().__init__(parent)
        self.group = group
        self.briefs = briefs
        self.current_group_names = current_group_names
        self.today = today or dt.date.today()
        self.change: group_ops.GroupChange | None = None
        self.setWindowTitle("新建党小组" if group is None else f"修改{group.name}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("如 第一党小组、东坡村3组党小组")
        self.kind = QComboBox(self)
        self.kind.addItems(GROUP_KINDS)
        self.leader = QComboBox(self)
        self.deputy = QComboBox(self)
        self.place = QLineEdit(self)
        self.place.setPlaceholderText("如 村委会会议室、微信群")
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(self.fontMetrics().height() * 4)
        limit_length(self.name, group_ops.NAME_MAX)
        limit_length(self.place, group_ops.PLACE_MAX)
        limit_length(self.note, group_ops.NOTE_MAX)
        self.errors = {key: ErrorLabel(self) for key in ("name", "kind", "leader", "deputy")}
        form.addRow("名称", self.name)
        form.addRow("", self.errors["name"])
        form.addRow("分组方式", self.kind)
        form.addRow("党小组长", self.leader)
        form.addRow("", self.errors["leader"])
        form.addRow("副组长（可不填）", self.deputy)
        form.addRow("", self.errors["deputy"])
        form.addRow("活动地点", self.place)
        form.addRow("备注", self.note)
        layout.addLayout(form)
        hint = QLabel("组长和副组长只能由正式党员担任。选了不在本组的党员，保存时会把这名党员移到本组。", self)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.move_note = NoteLabel(self)
        layout.addWidget(self.move_note)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, self.cancel_button, self.save_button = button_row(self, "保存")
        layout.addLayout(buttons)

        members = set(group.member_ids) if group else set()
        candidates = [b for b in briefs.values() if may_lead(b.facts())]
        candidates.sort(key=lambda b: (b.id not in members, b.name_pinyin, b.id))
        choices: list[tuple[str, int | None]] = [("暂不指定", None)]
        for brief in candidates:
            where = "" if brief.id in members else f"（现在在{current_group_names[brief.id]}）" \
                if brief.id in current_group_names else "（未分组）"
            choices.append((brief.name + where, brief.id))
        for combo in (self.leader, self.deputy):
            combo.setModel(ChoiceModel(choices, combo))
        if group is not None:
            put_text(self.name, group.name)
            self.kind.setCurrentText(group.kind)
            self._select(self.leader, group.leader_id)
            self._select(self.deputy, group.deputy_id)
            put_text(self.place, group.meeting_place)
            put_text(self.note, group.note)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.leader.currentIndexChanged.connect(self._update_note)
        self.deputy.currentIndexChanged.connect(self._update_note)
        self._update_note()
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())

    @staticmethod
    def _select(combo: QComboBox, member_id: int | None) -> None:
        index = combo.findData(member_id)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def info(self) -> GroupInfo:
        return GroupInfo(self.name.text(), self.kind.currentText(), self.leader.currentData(),
                         self.deputy.currentData(), self.place.text(), self.note.toPlainText())

    def _update_note(self) -> None:
        members = set(self.group.member_ids) if self.group else set()
        lines = []
        for member_id in dict.fromkeys((self.leader.currentData(), self.deputy.currentData())):
            if member_id is None or member_id in members:
                continue
            name = self.briefs[member_id].name
            source = self.current_group_names.get(member_id)
            lines.append(f"保存后，{name}将从{source}移到本组。" if source else f"保存后，{name}将分到本组。")
        self.move_note.show_note(" ".join(lines) or None)

    def save(self) -> None:
        for label in self.errors.values():
            label.show_problem(None)
        self.error.show_problem(None)
        try:
            self.change = group_ops.save_group(self.info(), self.group.id if self.group else None, today=self.today)
        except ValidationError as exc:
            for key, message in exc.problems.items():
                (self.errors.get(key) or self.error).show_problem(message)
            return
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.accept()
