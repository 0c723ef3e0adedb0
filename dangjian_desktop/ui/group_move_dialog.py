"""“移到…”: choose the group (or 未分组) for the selected members, and the date of the move."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from dangjian_desktop.ui import icons
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import DateField, ErrorLabel

UNASSIGNED = -1     # list data of the "不分组" choice


class MoveDialog(QDialog):
    """After acceptance, ``target`` is a group id or None (no group) and ``on_date`` the date.

    ``targets``: (group id, text) of the groups to offer; ``allow_unassigned`` adds 不分组.
    With ``with_date`` False (the suggestion preview) no date is asked.
    """

    def __init__(self, parent, names: list[str], targets: list[tuple[object, str]], *, allow_unassigned: bool = True,
                 today: dt.date | None = None, with_date: bool = True, unassigned_text: str = "不分到任何党小组（未分组）"):
        super().__init__(parent)
        self.setWindowTitle("移到其他党小组")
        self.today = today or dt.date.today()
        self.target: object = None
        self.with_date = with_date
        self.on_date: dt.date | None = None
        who = "、".join(names[:5]) + (f"等 {len(names)} 人" if len(names) > 5 else "")
        layout = QVBoxLayout(self)
        intro = QLabel(f"把 {who} 移到：", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.choices = QListWidget(self)
        self.choices.setAccessibleName("移到哪个党小组")
        for key, text in targets:
            item = QListWidgetItem(icons.icon("fa6s.people-group"), text)
            item.setData(Qt.UserRole, key)
            self.choices.addItem(item)
        if allow_unassigned:
            item = QListWidgetItem(icons.icon("fa6s.user-minus"), unassigned_text)
            item.setData(Qt.UserRole, UNASSIGNED)
            self.choices.addItem(item)
        if self.choices.count():
            self.choices.setCurrentRow(0)
        layout.addWidget(self.choices, 1)
        self.date = DateField(self)
        self.date.set_date(self.today)
        if with_date:
            form = QFormLayout()
            form.addRow("调整日期", self.date)
            layout.addLayout(form)
            hint = QLabel("分组记录里会写上这个日期；补记以前的调整时可以改成当时的日期。", self)
            hint.setWordWrap(True)
            hint.setProperty("role", "hint")
            layout.addWidget(hint)
        else:
            self.date.hide()
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, self.cancel_button, self.ok_button = button_row(self, "移动")
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.confirm)
        self.choices.itemActivated.connect(lambda _item: self.confirm())
        self.choices.setFocus()
        self.resize(self.sizeHint().width() + 120, min(520, self.sizeHint().height() + 120))

    def choose(self, key: object) -> None:
        for row in range(self.choices.count()):
            if self.choices.item(row).data(Qt.UserRole) == key:
                self.choices.setCurrentRow(row)
                return
        raise KeyError(key)

    def confirm(self) -> None:
        item = self.choices.currentItem()
        if item is None:
            self.error.show_problem("请选择要移到哪个党小组。")
            return
        on_date = self.date.date() if self.with_date else self.today
        if on_date is None:
            self.error.show_problem("请填写正确的日期，如 2026-11-23。")
            return
        if on_date > self.today:
            self.error.show_problem("调整日期在今天之后，请核对。")
            return
        key = item.data(Qt.UserRole)
        self.target = None if key == UNASSIGNED else key
        self.on_date = on_date
        self.accept()
