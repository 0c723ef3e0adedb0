"""The roster table model: ordered member ids from one query, rows fetched lazily (STYLE.md #2)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from dangjian_desktop.core import members as member_ops
from dangjian_desktop.core.dates import format_date
from dangjian_desktop.core.member_rules import flow_words
from dangjian_desktop.core.vocab import ACTIVE, STATUS_LABELS

# (key, header, sort key in core.members.SORT_KEYS or None)
COLUMNS = (
    ("name", "姓名", "name"),
    ("gender", "性别", "gender"),
    ("age", "年龄", "age"),
    ("category", "人员类别", "category"),
    ("joined_on", "入党日期", "joined_on"),
    ("group", "党小组", "group"),
    ("hamlet", "村民小组", "hamlet"),
    ("status", "状态", "status"),
    ("phone", "手机", "phone"),
    ("address", "住址", "address"),      # last: the column a narrow window cuts short
)
_ROLES_USED = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole))
_FORMER_COLOUR = QColor("#7F8C8D")
PAGE = 64  # rows fetched at a time: a screenful or two


class MemberTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._ids: list[int] = []
        self._cache: dict[int, member_ops.MemberRow] = {}
        self._texts: dict[int, tuple[str, ...]] = {}   # row -> display texts
        self._filter = member_ops.MemberFilter()
        self._today = dt.date.today()

    # --- loading ---------------------------------------------------------------------------
    @property
    def filter(self) -> member_ops.MemberFilter:
        return self._filter

    def set_filter(self, flt: member_ops.MemberFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = member_ops.search_member_ids(self._filter)
        self._cache.clear()
        self._texts.clear()
        self._today = dt.date.today()
        self.endResetModel()

    def member_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, member_id: int) -> int | None:
        try:
            return self._ids.index(member_id)
        except ValueError:
            return None

    def member_row(self, row: int) -> member_ops.MemberRow | None:
        member_id = self.member_id(row)
        if member_id is None:
            return None
        if member_id not in self._cache:
            start = (row // PAGE) * PAGE
            chunk = self._ids[start:start + PAGE]
            if len(self._cache) > 5000:
                self._cache.clear()
                self._texts.clear()
            self._cache.update(member_ops.fetch_rows(chunk, today=self._today))
        return self._cache.get(member_id)

    # --- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if orientation == Qt.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        # Called about a thousand times per repaint: answer the roles we do not use first.
        if role not in _ROLES_USED or not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(index.row())
            if texts is None:
                row = self.member_row(index.row())
                if row is None:
                    return None
                texts = self._texts[index.row()] = tuple(display_value(row, key) for key, _h, _s in COLUMNS)
            return texts[index.column()]
        row = self.member_row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return _FORMER_COLOUR if row.status != ACTIVE else None
        if COLUMNS[index.column()][0] == "status" and row.is_flow:
            return flow_words(row.flow_destination)
        return None

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        key = COLUMNS[column][2]
        if key is None:
            return
        descending = order == Qt.DescendingOrder
        if key == self._filter.sort and descending == self._filter.descending:
            return
        from dataclasses import replace

        self.set_filter(replace(self._filter, sort=key, descending=descending))


def display_value(row: member_ops.MemberRow, key: str) -> str:
    if key == "age":
        return "" if row.age is None else str(row.age)
    if key == "joined_on":
        return format_date(row.joined_on, "joined_on" in row.month_only)
    if key == "group":
        return row.group or "（未分组）"
    if key == "status":
        if row.status == ACTIVE and row.is_flow:
            return "流动党员"
        return STATUS_LABELS.get(row.status, row.status)
    return getattr(row, key) or ""
