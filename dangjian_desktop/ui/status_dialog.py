"""Change a member's 党籍状态: 转出, 去世, 出党/除名, 停止党籍, 失联, or back to 正常."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from dangjian_desktop.core import members as member_ops
from dangjian_desktop.core.vocab import ACTIVE, STATUS_ACTIONS, STATUS_LABELS
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import DateField, ErrorLabel


class StatusDialog(QDialog):
    """After ``exec()``, ``change`` holds the saved change (for the undo history)."""

    def __init__(self, parent, member_id: int, *, today: dt.date | None = None):
        super().__init__(parent)
        self.member = member_ops.get_member(member_id)
        self.today = today or dt.date.today()
        self.change = None
        self.setWindowTitle("变更党籍状态")
        layout = QVBoxLayout(self)
        current = STATUS_LABELS[self.member.status]
        intro = QLabel(
            f"{self.member.name}现在的状态：{current}。\n"
            "党员离开名册只改状态，不删除任何记录；以后随时可以在“显示已不在册党员”中查到。",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.status = QComboBox(self)
        if self.member.status == ACTIVE:
            for key, label in STATUS_ACTIONS.items():
                self.status.addItem(label, key)
        else:
            self.status.addItem("恢复为正常（如转回本支部、恢复联系）", ACTIVE)
        self.date = DateField(self)
        self.date.set_date(self.today)
        self.destination = QLineEdit(self)
        self.destination.setPlaceholderText("转往哪个党组织，如 青山镇社区党支部")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("原因或情况说明")
        form.addRow("变更为", self.status)
        form.addRow("日期", self.date)
        self.destination_label = QLabel("转往", self)
        form.addRow(self.destination_label, self.destination)
        form.addRow("原因", self.reason)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, cancel, self.ok = button_row(self, "确定变更", safe_default=True)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.ok.clicked.connect(self.apply)
        self.status.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        transfer = self.status.currentData() == "transferred_out"
        self.destination.setVisible(transfer)
        self.destination_label.setVisible(transfer)

    def apply(self) -> None:
        on = self.date.date()
        if on is None:
            self.error.show_problem("请填写正确的日期，如 2026-11-23。")
            return
        try:
            self.change = member_ops.change_status.undoable(
                self.member.id, self.status.currentData(), on,
                reason=self.reason.text(), destination=self.destination.text(), today=self.today,
            )
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.accept()
