"""党费: one month's dues — who owes what, who paid when — with the ticks of a collection day,
the yearly 核定, the 上缴 that closes months, and the printed sheets.

The rules and every change are core.dues; this page shows a month and turns clicks into
named changes on the window's undo stack.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from dangjian_desktop.core import dues
from dangjian_desktop.core.dues_rules import add_months, month_label, month_of
from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.dues_model import AMOUNT, BASE, COLUMNS, DAY, DUE, KIND, NAME, NOTE, PAID, DuesModel
from dangjian_desktop.ui.fields import DateField, NoteLabel
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import show_error


class DuesPage(Page):
    key = "dues"
    nav_label = "党费"
    nav_icon = "fa6s.yen-sign"

    def __init__(self, parent: QWidget | None = None, *, undo_stack: QUndoStack | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.month = month_of(self.today)
        self.model = DuesModel(self)

        layout = self.vbox(self)
        self.title = QLabel("党费", self)
        self.basis_button = QPushButton(icons.icon("fa6s.calculator"), "核定基数…", self)
        self.basis_button.setToolTip("按每人的收入或类别，算出每月应交多少（每年核定一次）")
        self.remit_button = QPushButton(icons.icon("fa6s.building-columns"), "上缴…", self)
        self.remit_button.setToolTip("记录把党费交给上级党委；上缴后这些月份就结账了")
        self.print_button = QPushButton(icons.icon("fa6s.print"), "打印", self)
        self.print_menu = QMenu(self.print_button)
        self.print_button.setMenu(self.print_menu)
        self.pay_all_button = QPushButton(icons.icon("fa6s.check-double", color="white"), "全部按应交收齐", self)
        self.pay_all_button.setToolTip("把本月还没交的人都记为按应交金额交齐，再把没交的人的勾去掉")
        mark_primary(self.pay_all_button)
        layout.addLayout(self.header(self.title, self.basis_button, self.remit_button, self.print_button,
                                     self.pay_all_button))

        row = QHBoxLayout()
        self.previous_button = QPushButton(icons.icon("fa6s.chevron-left"), "上个月", self)
        self.month_label = QLabel(self)
        self.month_label.setProperty("role", "subtitle")
        self.next_button = QPushButton("下个月", self)
        self.next_button.setIcon(icons.icon("fa6s.chevron-right"))
        self.next_button.setLayoutDirection(Qt.RightToLeft)
        self.this_month_button = QPushButton("回到本月", self)
        row.addWidget(self.previous_button)
        row.addWidget(self.month_label)
        row.addWidget(self.next_button)
        row.addWidget(self.this_month_button)
        row.addSpacing(18)
        row.addWidget(QLabel("交纳日期：", self))
        self.paid_on = DateField(self)
        self.paid_on.set_date(self.today)
        self.paid_on.setMaximumWidth(220)
        row.addWidget(self.paid_on)
        row.addSpacing(18)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("找人：姓名或拼音首字母")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.search.setMaximumWidth(340)
        row.addWidget(self.search)
        row.addStretch(1)
        layout.addLayout(row)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.notice = NoteLabel(self)
        layout.addWidget(self.notice)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # widths from the font, not from every row (ResizeToContents measures all of them each time)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)           # 说明 fills what is left
        layout.addWidget(self.table, 1)
        self.hint = QLabel("打勾就是按应交金额交齐了；只交了一部分（先收齐再双击改金额也行）、按季度交、预交或自愿多交的，"
                           "双击这个人记录。", self)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self.previous_button.clicked.connect(lambda: self.show_month(add_months(self.month, -1)))
        self.next_button.clicked.connect(lambda: self.show_month(add_months(self.month, 1)))
        self.this_month_button.clicked.connect(lambda: self.show_month(month_of(self.today)))
        self.search.textChanged.connect(self.model.set_filter)
        self.model.toggled.connect(self._toggled)
        self.table.activated.connect(self._open_index)
        self.table.clicked.connect(self._clicked)
        self.pay_all_button.clicked.connect(self.pay_all)
        self.basis_button.clicked.connect(self.edit_bases)
        self.remit_button.clicked.connect(self.remit)
        QShortcut(QKeySequence("Alt+Left"), self, lambda: self.show_month(add_months(self.month, -1)))
        QShortcut(QKeySequence("Alt+Right"), self, lambda: self.show_month(add_months(self.month, 1)))
        self._build_print_menu()
        self._size_columns()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _size_columns(self) -> None:
        """Each column as wide as its header or its widest likely content, in the current font."""
        bold = self.table.horizontalHeader().fontMetrics()
        plain = self.table.fontMetrics()
        widest = {PAID: "已交" + "□" * 2, NAME: "欧阳晓明明", KIND: "抚恤救济", BASE: "99,999.99", DUE: "9,999.99",
                  AMOUNT: "9,999.99", DAY: "2026-12-31"}
        for column, sample in widest.items():
            width = max(bold.horizontalAdvance(COLUMNS[column]), plain.horizontalAdvance(sample)) + 28
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setDefaultSectionSize(max(28, int(plain.height() * 1.6)))

    def _size_note_column(self) -> None:
        """说明 as wide as its longest words this month (the table scrolls sideways when short of room)."""
        metrics = self.table.fontMetrics()
        notes = [self.model.data(self.model.index(row, NOTE)) or "" for row in range(self.model.rowCount())]
        width = max([metrics.horizontalAdvance(COLUMNS[NOTE])] + [metrics.horizontalAdvance(n) for n in notes]) + 28
        self.table.setColumnWidth(NOTE, width)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_columns()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- showing a month ----------------------------------------------------------------------
    def show_month(self, month: str) -> None:
        self.month = month
        self.refresh()

    def refresh(self) -> None:
        try:
            sheet = dues.month_sheet(self.month)
            initials = dues.name_initials()
        except UserError as exc:
            show_error(self, exc)
            return
        current = self.table.currentIndex()
        self.model.load(sheet, initials)
        if current.isValid():
            self.table.setCurrentIndex(self.model.index(min(current.row(), self.model.rowCount() - 1), current.column()))
        self.sheet = sheet
        self.title.setText(f"党费 · {month_label(self.month)}")
        self.month_label.setText(month_label(self.month))
        self.this_month_button.setEnabled(self.month != month_of(self.today))
        self.next_button.setEnabled(self.month < add_months(month_of(self.today), dues.ADVANCE_MONTHS))
        self.pay_all_button.setEnabled(not sheet.closed and any(
            line.owes and not line.paid_fen and line.due_fen is not None for line in sheet.lines))
        self.summary.setText(self.summary_text(sheet))
        self._size_note_column()
        self.notice.show_note(self.notice_text(sheet))

    def summary_text(self, sheet: dues.MonthSheet) -> str:
        owing = [line for line in sheet.lines if line.owes]
        if not owing:
            return f"{month_label(sheet.month)}没有应交党费的党员。"
        paid = len(owing) - len(sheet.unpaid)
        short = sum(1 for line in owing if line.short_fen and (line.paid_fen or line.adjusted_fen))
        part = f"（其中交得不足 {short} 人）" if short else ""
        text = (f"应交 {len(owing)} 人，已交 {paid} 人{part}，未交 {len(sheet.unpaid)} 人；"
                f"应交合计 {yuan_text(sheet.due_total)} 元，实交合计 {yuan_text(sheet.paid_total)} 元。")
        if sheet.closed:
            text += f" 已于 {sheet.remittance.remitted_on.isoformat()} 上缴，这个月已结账。"
        return text

    def notice_text(self, sheet: dues.MonthSheet) -> str | None:
        if not sheet.lines:
            return None
        missing = sheet.without_basis
        if len(missing) == len([line for line in sheet.lines if line.owes]):
            return "还没有核定党费基数：先点右上角的“核定基数”，按每人的收入或类别算出每月应交多少。"
        if missing:
            names = "、".join(line.name for line in missing[:5]) + ("等" if len(missing) > 5 else "")
            return f"{names} {len(missing)} 人还没有核定基数，应交金额空着；请点“核定基数”补上。"
        start = sheet.ledger_start
        if start and sheet.month < start:
            return (f"本程序从{month_label(start)}开始记党费，{month_label(sheet.month)}的账在纸质台账上；"
                    "这里记的也会算数。")
        return None

    # --- collecting -------------------------------------------------------------------------------
    def _paid_on(self) -> dt.date | None:
        day = self.paid_on.date()
        if day is None:
            show_error(self, UserError("请先在上面填好交纳日期，例如 2026-11-30。"))
            self.paid_on.setFocus()
        return day

    def _toggled(self, member_id: int, checked: bool) -> None:
        line = next(x for x in self.sheet.lines if x.member_id == member_id)
        try:
            if checked:
                day = self._paid_on()
                if day is None:
                    return
                change = dues.pay.undoable(member_id, self.month, paid_on=day, today=self.today)
                message = f"已记录：{line.name}交了{month_label(self.month)}党费 {yuan_text(change.result.amount_fen)} 元"
            else:
                change = dues.unpay.undoable(member_id, self.month)
                message = f"已去掉{line.name}{month_label(self.month)}的交纳记录（可按 Ctrl+Z 撤销）"
        except UserError as exc:
            show_error(self, exc)
            self.refresh()
            return
        self.recorded(change, message)

    def pay_all(self) -> None:
        day = self._paid_on()
        if day is None:
            return
        try:
            change = dues.pay_all.undoable(self.month, paid_on=day, today=self.today)
        except UserError as exc:
            show_error(self, exc)
            return
        count = len(change.result)
        self.recorded(change, f"已把 {count} 人记为按应交交齐；没交的人请把勾去掉（可按 Ctrl+Z 撤销）")

    def _clicked(self, index) -> None:
        """A tick in a closed month cannot change: say why where the user looks."""
        if index.column() == PAID and getattr(self, "sheet", None) is not None and self.sheet.closed:
            self.status_message.emit(f"{month_label(self.month)}的党费已经上缴结账，不能再打勾或去勾；"
                                     "补交或更正请双击这个人，记一笔调整")

    def _open_index(self, index) -> None:
        line = self.model.line(index.row())
        if line is not None:
            self.record_payment(line.member_id)

    def record_payment(self, member_id: int) -> None:
        from dangjian_desktop.ui.dues_dialogs import PaymentDialog  # not on the start-up path

        line = next(x for x in self.sheet.lines if x.member_id == member_id)
        dialog = PaymentDialog(line, self.sheet, self, paid_on=self.paid_on.date() or self.today, today=self.today)
        if dialog.exec() and dialog.change is not None:
            self.recorded(dialog.change, dialog.message)

    def edit_bases(self) -> None:
        from dangjian_desktop.ui.dues_basis_dialog import BasisDialog  # not on the start-up path

        dialog = BasisDialog(self.month, self, today=self.today)
        if dialog.exec() and dialog.change is not None:
            self.recorded(dialog.change, dialog.message)

    def remit(self) -> None:
        from dangjian_desktop.ui.dues_dialogs import RemitDialog  # not on the start-up path

        dialog = RemitDialog(self.month, self, today=self.today)
        if dialog.exec() and dialog.change is not None:
            self.recorded(dialog.change, dialog.message)

    # --- printing ---------------------------------------------------------------------------------
    def _build_print_menu(self) -> None:
        self.print_menu.clear()
        from dangjian_desktop.reports.catalog import DOCUMENTS

        entries = (("dues", "党费收缴登记表（本月，收党费时签名用）", "month"),
                   ("dues-receipts", "党费收据（本月已交的人）", "month"),
                   ("dues-year", "党费收缴台账（全年）", "year"),
                   ("dues-notice", "党费收缴情况公示（全年，张贴用）", "year"))
        for key, text, param in entries:
            if key not in DOCUMENTS:
                continue
            action = self.print_menu.addAction(text)
            action.triggered.connect(lambda _c=False, k=key, p=param: self.print_document(k, p))
        self.print_button.setEnabled(not self.print_menu.isEmpty())

    def print_document(self, key: str, param: str) -> None:
        from dangjian_desktop.ui.reports_page import print_document

        value = self.month if param == "month" else int(self.month[:4])
        print_document(self, key, **{param: value})


__all__ = ["COLUMNS", "DuesPage"]
