"""分组记录: who was in which group from when to when, for one member or one group."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from dangjian_desktop.core.groups import group_name, membership_history
from dangjian_desktop.core.members import get_member


class HistoryDialog(QDialog):
    def __init__(self, parent, *, member_id: int | None = None, group_id: int | None = None):
        super().__init__(parent)
        rows = membership_history(member_id=member_id, group_id=group_id)
        if member_id is not None:
            name = get_member(member_id).name
            title = f"{name}的分组记录"
            headers = ["党小组", "加入日期", "离开日期"]
            cells = [(r.group_name, r.start_on.isoformat(), r.end_on.isoformat() if r.end_on else "至今")
                     for r in rows]
            empty = f"{name}还没有分过党小组。"
        else:
            name = group_name(group_id)
            title = f"{name}的成员记录"
            headers = ["姓名", "加入日期", "离开日期"]
            cells = [(r.member_name, r.start_on.isoformat(), r.end_on.isoformat() if r.end_on else "至今")
                     for r in rows]
            empty = f"{name}还没有过成员。"
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setProperty("role", "title")
        layout.addWidget(heading)
        self.table = QTableWidget(len(cells), 3, self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        row_height = max(28, self.fontMetrics().height() + 12)
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        for r, values in enumerate(cells):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        layout.addWidget(self.table, 1)
        self.summary = QLabel(empty if not cells else f"共 {len(cells)} 条记录。“至今”表示现在仍在这个党小组。", self)
        self.summary.setProperty("role", "hint")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton("关闭", self)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(max(560, self.fontMetrics().horizontalAdvance("汉") * 36), 460)

    def cell_texts(self) -> list[tuple[str, ...]]:
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]
