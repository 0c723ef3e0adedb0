"""The 党费 page's table: one month's lines from core.dues.month_sheet, a tick per member."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from dangjian_desktop.core.dues import DuesLine, MonthSheet
from dangjian_desktop.core.dues_rules import short_rule
from dangjian_desktop.core.money import yuan_text

COLUMNS = ("已交", "姓名", "类别", "基数（元）", "应交（元）", "实交（元）", "交纳日期", "说明")
PAID, NAME, KIND, BASE, DUE, AMOUNT, DAY, NOTE = range(len(COLUMNS))
MONEY_COLUMNS = (BASE, DUE, AMOUNT)
_GREY = QColor("#7F8C8D")
_SHORT = QColor("#A04000")


def line_note(line: DuesLine) -> str:
    """What the 说明 column says, in words (never colour alone)."""
    parts = []
    if not line.owes:
        parts.append("本月已不在册，只列出交过的钱")
    elif line.due_fen is None:
        parts.append("还没有核定基数")
    paid = (line.paid_fen or 0) + line.adjusted_fen
    if line.due_fen is not None and paid:
        if paid < line.due_fen:
            parts.append(f"还差 {yuan_text(line.due_fen - paid)} 元")
        elif paid > line.due_fen:
            parts.append(f"多交 {yuan_text(paid - line.due_fen)} 元")
    if line.adjusted_fen:
        parts.append(f"上缴后调整 {yuan_text(line.adjusted_fen)} 元")
    if not parts:      # the rule in a few words (the whole sentence is the cell's tooltip)
        parts.append(short_rule(line.kind, line.base_fen, line.due_fen))
    return "；".join(parts)


class DuesModel(QAbstractTableModel):
    """``toggled(member_id, checked)`` when the user ticks or unticks a member."""

    toggled = Signal(int, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sheet: MonthSheet | None = None
        self._all: list[DuesLine] = []
        self._rows: list[DuesLine] = []
        self._initials: dict[int, str] = {}
        self._filter = ""

    def load(self, sheet: MonthSheet, initials: dict[int, str]) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self._all = list(sheet.lines)
        self._initials = initials
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().lower()
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[DuesLine]:
        if not self._filter:
            return list(self._all)
        return [line for line in self._all
                if self._filter in line.name.lower() or self._initials.get(line.member_id, "").startswith(self._filter)]

    def line(self, row: int) -> DuesLine | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, member_id: int) -> int | None:
        return next((i for i, line in enumerate(self._rows) if line.member_id == member_id), None)

    # --- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _checkable(self, line: DuesLine) -> bool:
        closed = self.sheet is not None and self.sheet.closed
        return line.owes and not closed and (line.due_fen is not None or bool(line.paid_fen))

    def flags(self, index):
        line = self.line(index.row())
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if line is not None and index.column() == PAID and self._checkable(line):
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        line = self.line(index.row())
        if line is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == PAID:
            return Qt.CheckState.Checked if (line.paid_fen or line.adjusted_fen) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not line.owes:
                return _GREY
            if column == NOTE and (line.due_fen is None or line.short_fen and line.paid_fen):
                return _SHORT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PAID and self.sheet is not None and self.sheet.closed:
                return "这个月的党费已经上缴结账；补交或更正请双击这一行，记一笔调整。"
            return line.rule or None
        return None

    def _text(self, line: DuesLine, column: int) -> str:
        if column == PAID:
            return "已交" if (line.paid_fen or line.adjusted_fen) else ""
        if column == NAME:
            return line.name
        if column == KIND:
            return line.kind_label
        if column == BASE:
            return yuan_text(line.base_fen)
        if column == DUE:
            return yuan_text(line.due_fen)
        if column == AMOUNT:
            paid = (line.paid_fen or 0) + line.adjusted_fen
            return yuan_text(paid) if (line.paid_fen is not None or line.adjusted_fen) else ""
        if column == DAY:
            return line.paid_on.isoformat() if line.paid_on else ""
        return line_note(line)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        line = self.line(index.row())
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != PAID or line is None:
            return False
        if not self._checkable(line):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.toggled.emit(line.member_id, checked)
        return True
