"""The attendance table of one activity: 出席 / 请假 / 缺席 per expected attendee, saved at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from dangjian_desktop.core import activities as act
from dangjian_desktop.core.vocab import is_full
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.row_table_model import RowTableModel

STATE_COLORS = {act.PRESENT: "#1E8449", act.LEAVE: "#9A7D0A", act.ABSENT: "#B03A2E"}
STATE_ICONS = {act.PRESENT: "fa6s.check", act.LEAVE: "fa6s.person-walking-arrow-right", act.ABSENT: "fa6s.xmark"}


class AttendanceModel(RowTableModel):
    """Attendance rows of one activity; editing a cell saves through core at once."""

    HEADERS = ("序号", "姓名", "人员类别", "出席情况", "请假/缺席原因", "不计入应到人数")
    STATE, REASON = 3, 4
    saved = Signal()
    failed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.activity_id: int | None = None
        self.rows: list[act.AttendeeRow] = []
        self.editable = False

    def load(self, activity_id: int | None, editable: bool) -> None:
        self.beginResetModel()
        self.activity_id = activity_id
        self.rows = act.attendees(activity_id) if activity_id else []
        self.editable = editable
        self.endResetModel()

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role in (Qt.DisplayRole, Qt.EditRole):
            if col == 0:
                return index.row() + 1
            if col == 1:
                return r.name
            if col == 2:
                return r.category + ("" if r.voting or not is_full(r.category) else "（当时为预备党员）")
            if col == self.STATE:
                if role == Qt.EditRole:
                    return r.state
                return r.state or "（未登记）"
            if col == self.REASON:
                return r.reason
            if col == 5:
                return f"不计入：{r.excluded_reason}" if r.excluded else ""
        if role == Qt.ForegroundRole and col == self.STATE:
            return QBrush(QColor(STATE_COLORS.get(r.state, "#7F8C8D")))
        if role == Qt.DecorationRole and col == self.STATE:
            icon = STATE_ICONS.get(r.state)
            return icons.icon(icon, color=STATE_COLORS[r.state]) if icon else None
        if role == Qt.ToolTipRole and col == self.STATE and self.editable:
            return "双击修改；也可以选中几个人后点下面的按钮"
        return None

    def flags(self, index):
        base = super().flags(index)
        if self.editable and index.column() in (self.STATE, self.REASON):
            return base | Qt.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.EditRole):
        if role != Qt.EditRole or not index.isValid() or not self.editable:
            return False
        r = self.rows[index.row()]
        try:
            if index.column() == self.STATE:
                act.set_attendance(self.activity_id, r.member_id, str(value), r.reason)
            elif index.column() == self.REASON:
                if r.state not in (act.LEAVE, act.ABSENT):
                    return False
                act.set_attendance(self.activity_id, r.member_id, r.state, str(value))
            else:
                return False
        except UserError as exc:
            self.failed.emit(exc)
            return False
        self.reload_rows()
        self.saved.emit()
        return True

    def reload_rows(self) -> None:
        """Re-read the rows after a change, keeping the view's position."""
        fresh = act.attendees(self.activity_id)
        if len(fresh) != len(self.rows):
            self.beginResetModel()
            self.rows = fresh
            self.endResetModel()
            return
        self.rows = fresh
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    def member_id(self, row: int) -> int:
        return self.rows[row].member_id


class StateDelegate(QStyledItemDelegate):
    """出席 / 请假 / 缺席 chosen from a list."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItem("（未登记）", "")
        for state in act.ATTENDANCE_STATES:
            combo.addItem(state, state)
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.EditRole)
