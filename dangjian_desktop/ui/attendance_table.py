"""The attendance table of one activity: 出席 / 请假 / 缺席 per expected attendee; an edited cell
is saved at once through the ``write`` it is given (the tab's, which makes it an undoable change)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from dangjian_desktop.core import attendance as attendance_ops
from dangjian_desktop.core.vocab import is_full
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.row_table_model import RowTableModel

STATE_COLORS = {attendance_ops.PRESENT: "#1E8449", attendance_ops.LEAVE: "#9A7D0A", attendance_ops.ABSENT: "#B03A2E"}
STATE_ICONS = {attendance_ops.PRESENT: "fa6s.check", attendance_ops.LEAVE: "fa6s.person-walking-arrow-right", attendance_ops.ABSENT: "fa6s.xmark"}


class AttendanceModel(RowTableModel):
    """Attendance rows of one activity; an edited cell is saved by ``write(member_id, state,
    reason) -> bool``."""

    HEADERS = ("序号", "姓名", "人员类别", "出席情况", "请假/缺席原因", "不计入应到人数")
    STATE, REASON = 3, 4

    def __init__(self, write: Callable[[int, str, str], bool], parent=None):
        super().__init__(parent)
        self.write = write
        self.activity_id: int | None = None
        self.rows: list[attendance_ops.AttendeeRow] = []
        self.editable = False

    def load(self, activity_id: int | None, editable: bool) -> None:
        """Show the rows as saved; the same list re-read keeps the view's selection and place."""
        fresh = attendance_ops.attendees(activity_id) if activity_id else []
        if activity_id == self.activity_id and len(fresh) == len(self.rows) and fresh:
            self.rows, self.editable = fresh, editable
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self.activity_id = activity_id
        self.rows = fresh
        self.editable = editable
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return index.row() + 1
            if col == 1:
                return r.name
            if col == 2:
                return r.category + ("" if r.voting or not is_full(r.category) else "（当时为预备党员）")
            if col == self.STATE:
                if role == Qt.ItemDataRole.EditRole:
                    return r.state
                return r.state or "（未登记）"
            if col == self.REASON:
                return r.reason
            if col == 5:
                return f"不计入：{r.excluded_reason}" if r.excluded else ""
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATE:
            return QBrush(QColor(STATE_COLORS.get(r.state, "#7F8C8D")))
        if role == Qt.ItemDataRole.DecorationRole and col == self.STATE:
            icon = STATE_ICONS.get(r.state)
            return icons.icon(icon, color=STATE_COLORS[r.state]) if icon else None
        if role == Qt.ItemDataRole.ToolTipRole and col == self.REASON and r.reason:
            return r.reason                     # the whole reason, where a long list keeps one line
        if role == Qt.ItemDataRole.ToolTipRole and col == 5 and r.excluded:
            return f"不计入：{r.excluded_reason}"
        if role == Qt.ItemDataRole.ToolTipRole and col == self.STATE and self.editable:
            return "双击修改；也可以选中几个人后点下面的按钮"
        return None

    def flags(self, index):
        base = super().flags(index)
        if self.editable and index.column() in (self.STATE, self.REASON):
            return base | Qt.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        r = self.rows[index.row()]
        if index.column() == self.STATE:
            return self.write(r.member_id, str(value), r.reason)
        if index.column() == self.REASON and r.state in (attendance_ops.LEAVE, attendance_ops.ABSENT):
            return self.write(r.member_id, r.state, str(value))
        return False

    def member_id(self, row: int) -> int:
        return self.rows[row].member_id


class StateDelegate(QStyledItemDelegate):
    """出席 / 请假 / 缺席 chosen from a list."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItem("（未登记）", "")
        for state in attendance_ops.ATTENDANCE_STATES:
            combo.addItem(state, state)
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
