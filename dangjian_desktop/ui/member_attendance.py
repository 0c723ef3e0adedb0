"""A member's attendance record of a year, for the member detail panel."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import activity_lists
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import tall_rows
from dangjian_desktop.ui.attendance_table import STATE_COLORS, STATE_ICONS


class MemberAttendanceWidget(QWidget):
    """出席情况 of one member in one year: a sentence with the counts and the list of activities."""

    def __init__(self, member_id: int | None = None, parent: QWidget | None = None, *, year: int | None = None,
                 show_title: bool = True):
        super().__init__(parent)
        self.member_id = member_id
        self.year_combo = QComboBox(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["日期", "活动", "出席情况", "原因"])
        self.table.verticalHeader().hide()
        tall_rows(self.table)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        # A narrow panel: titles and reasons wrap onto more lines rather than being cut off;
        # date and 出席情况 are short and keep their width.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.ElideNone)
        self.table.verticalHeader().setMinimumSectionSize(self.table.verticalHeader().defaultSectionSize())
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        top = QHBoxLayout()
        if show_title:
            title = QLabel("参加活动情况", self)
            title.setStyleSheet("font-weight: bold;")
            top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.year_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4 if not show_title else 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self._fill_years(year or dt.date.today().year)
        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.reload()

    def _fill_years(self, year: int) -> None:
        years = sorted(set(activity_lists.years_with_activities()) | {year}, reverse=True)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in years:
            self.year_combo.addItem(f"{y}年", y)
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        self.year_combo.blockSignals(False)

    @property
    def year(self) -> int:
        return self.year_combo.currentData()

    def set_member(self, member_id: int | None) -> None:
        self.member_id = member_id
        self.reload()

    def set_year(self, year: int) -> None:
        if self.year_combo.findData(year) < 0:
            self._fill_years(year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        self.reload()

    def reload(self) -> None:
        if self.member_id is None:
            self.summary.setText("")
            self.table.setRowCount(0)
            return
        record = activity_lists.member_attendance(self.member_id, self.year)
        self.summary.setText(record.describe())
        self.table.setRowCount(len(record.rows))
        for row, r in enumerate(record.rows):
            state = r.state or ("不计入应到" if r.excluded else "未登记")
            reason = r.reason or (r.excluded_reason if r.excluded else "")
            values = (f"{r.date.month}月{r.date.day}日", r.title, state, reason)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 2 and r.state in STATE_COLORS:
                    item.setForeground(QBrush(QColor(STATE_COLORS[r.state])))
                    item.setIcon(icons.icon(STATE_ICONS[r.state], color=STATE_COLORS[r.state]))
                if col == 1:
                    item.setData(Qt.UserRole, r.activity_id)
                self.table.setItem(row, col, item)
