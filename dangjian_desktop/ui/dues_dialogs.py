"""The 党费 page's small windows: recording one member's payment (a part, a quarter, in advance,
or — for a closed month — an adjustment with its reason), and recording a 上缴.

Each leaves ``change`` (a core change, already saved) and ``message`` for the page to put on
the undo stack and the status bar; nothing is written until the main button is pressed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import dues
from dangjian_desktop.core.dues_rules import add_months, month_label, month_of, months_between
from dangjian_desktop.core.money import MoneyError, parse_yuan, yuan_text
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import DateField, ErrorLabel, NoteLabel


class MonthCombo(QComboBox):
    """Months as 2026年11月, each with its ``YYYY-MM`` as data."""

    def __init__(self, months: list[str], current: str, parent=None):
        super().__init__(parent)
        for month in months:
            self.addItem(month_label(month), month)
        index = self.findData(current)
        self.setCurrentIndex(max(index, 0))

    def month(self) -> str:
        return self.currentData()


class PaymentDialog(QDialog):
    def __init__(self, line: dues.DuesLine, sheet: dues.MonthSheet, parent: QWidget | None = None, *,
                 paid_on: dt.date, today: dt.date):
        super().__init__(parent)
        self.line, self.sheet, self.today = line, sheet, today
        self.change = None
        self.message = ""
        self.closed = sheet.closed
        self.setWindowTitle(f"{'党费调整' if self.closed else '记录党费'} · {line.name} · {month_label(sheet.month)}")
        layout = QVBoxLayout(self)
        facts = [f"类别：{line.kind_label or '还没有核定'}"]
        if line.due_fen is not None:
            facts.append(f"每月应交 {yuan_text(line.due_fen)} 元（{line.rule}）")
        paid = (line.paid_fen or 0) + line.adjusted_fen
        facts.append(f"{month_label(sheet.month)}已交 {yuan_text(paid)} 元" if paid else f"{month_label(sheet.month)}还没交")
        about = QLabel("\n".join(facts), self)
        about.setWordWrap(True)
        layout.addWidget(about)

        form = QFormLayout()
        self.amount = QLineEdit(self)
        self.day = DateField(self)
        self.day.set_date(paid_on)
        self.reason = QLineEdit(self)
        self.months_group = QButtonGroup(self)
        self.one_month = QRadioButton("只交这个月", self)
        self.advance = QRadioButton("按季度交或预交，一直交到：", self)
        self.until = MonthCombo([add_months(sheet.month, n) for n in range(1, dues.ADVANCE_MONTHS + 1)],
                                add_months(sheet.month, 2), self)
        if self.closed:
            for unused in (self.one_month, self.advance, self.until):
                unused.hide()                # a closed month takes a correction, not payments
            note = NoteLabel(self)
            note.show_note(f"{month_label(sheet.month)}的党费已于{sheet.remittance.remitted_on.isoformat()}上缴结账，"
                           "不能再直接修改。补交写正数，多记了写负数（如 -0.50），并写明原因；"
                           "这笔调整随下一次上缴一起交。")
            layout.addWidget(note)
            self.amount.setPlaceholderText("如 0.50 或 -0.50")
            form.addRow("调整金额（元）：", self.amount)
            form.addRow("原因：", self.reason)
            self.reason.setPlaceholderText("如：上缴后补交、金额记错")
            form.addRow("日期：", self.day)
        else:
            self.reason.hide()                   # a correction's reason: closed months only
            self.already = bool(line.paid_fen)
            if self.already:                     # a part after 全部按应交收齐, or a wrong amount: the month's total
                self.amount.setText(yuan_text(line.paid_fen, grouped=False))
                self.one_month.setText("这个月一共交了（元）：")
                self.one_month.setToolTip("写这个月实际一共交了多少；原来记的会改成这个数")
            else:
                left = line.short_fen if line.due_fen is not None else None
                if left:
                    self.amount.setText(yuan_text(left, grouped=False))
            self.amount.setPlaceholderText("如 42.00")
            self.months_group.addButton(self.one_month)
            self.months_group.addButton(self.advance)
            self.one_month.setChecked(True)
            form.addRow(self.one_month, self.amount)
            form.addRow(self.advance, self.until)
            self.advance.setEnabled(line.due_fen is not None)
            self.until.setEnabled(False)
            form.addRow("交纳日期：", self.day)
            self.advance_note = NoteLabel(self)
            layout.addLayout(form)
            layout.addWidget(self.advance_note)
            self.advance.toggled.connect(self._mode_changed)
            self.until.currentIndexChanged.connect(self._mode_changed)
        if self.closed:
            layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, cancel, self.save_button = button_row(self, "保存", icon="fa6s.check")
        if not self.closed and line.paid_fen:
            self.unpay_button = QPushButton("去掉这个月的交纳记录", self)
            self.unpay_button.setAutoDefault(False)
            self.unpay_button.clicked.connect(self._unpay)
            buttons.insertWidget(0, self.unpay_button)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 30)
        self.amount.setFocus()
        self.amount.selectAll()

    def _mode_changed(self) -> None:
        advance = self.advance.isChecked()
        self.until.setEnabled(advance)
        self.amount.setEnabled(not advance)
        if advance:
            months = months_between(self.sheet.month, self.until.month())
            if self.line.settled:
                months = months[1:]
            total = self.line.due_fen * len(months) - (self.line.paid_fen or 0) - self.line.adjusted_fen
            if self.line.settled:
                total = self.line.due_fen * len(months)
            self.advance_note.show_note(f"从{month_label(months[0])}到{month_label(months[-1])}共 {len(months)} 个月，"
                                        f"按每月应交共 {yuan_text(total)} 元。按季度交或预交须经支部同意。")
        else:
            self.advance_note.show_note(None)
        self.adjustSize()

    def _save(self) -> None:
        day = self.day.date()
        if day is None:
            self.error.show_problem("请填写日期，例如 2026-11-30。")
            return
        try:
            if self.closed:
                amount = parse_yuan(self.amount.text(), what="调整金额", allow_negative=True)
                self.change = dues.adjust.undoable(self.line.member_id, self.sheet.month, amount,
                                                   reason=self.reason.text(), on=day, today=self.today)
                self.message = f"已记录{self.line.name}{month_label(self.sheet.month)}党费调整 {yuan_text(amount)} 元"
            elif self.advance.isChecked():
                months = months_between(self.sheet.month, self.until.month())
                if self.line.settled:
                    months = months[1:]          # this month is paid up already: from the next one
                self.change = dues.pay_months.undoable(self.line.member_id, months, paid_on=day, today=self.today)
                total = sum(p.amount_fen for p in self.change.result)
                self.message = (f"已记录：{self.line.name}交了{month_label(months[0])}到{month_label(months[-1])}"
                                f"的党费共 {yuan_text(total)} 元")
            elif self.already:
                amount = parse_yuan(self.amount.text(), what="金额")
                self.change = dues.set_paid.undoable(self.line.member_id, self.sheet.month, amount, paid_on=day,
                                                     today=self.today)
                self.message = f"已改为：{self.line.name}{month_label(self.sheet.month)}一共交了党费 {yuan_text(amount)} 元"
            else:
                amount = parse_yuan(self.amount.text(), what="金额")
                self.change = dues.pay.undoable(self.line.member_id, self.sheet.month, paid_on=day,
                                                amount_fen=amount, today=self.today)
                self.message = f"已记录：{self.line.name}交了{month_label(self.sheet.month)}党费 {yuan_text(amount)} 元"
        except (UserError, MoneyError) as exc:
            self.error.show_problem(str(exc))
            self.adjustSize()                # the message has room, nothing squeezed under it
            return
        self.accept()

    def _unpay(self) -> None:
        try:
            self.change = dues.unpay.undoable(self.line.member_id, self.sheet.month)
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.message = f"已去掉{self.line.name}{month_label(self.sheet.month)}的交纳记录（可按 Ctrl+Z 撤销）"
        self.accept()


class RemitDialog(QDialog):
    """上缴: from the first month not yet remitted up to the month shown."""

    def __init__(self, month: str, parent: QWidget | None = None, *, today: dt.date):
        super().__init__(parent)
        self.today = today
        self.change = None
        self.message = ""
        self.setWindowTitle("上缴党费")
        done = dues.remittances()
        first_open = add_months(done[-1].last_month, 1) if done else (dues.ledger_start() or month)
        first_open = min(first_open, month)
        choices = months_between(add_months(first_open, -12), add_months(month, 3))
        layout = QVBoxLayout(self)
        intro = QLabel("记录把党费交给上级党委。上缴以后，这些月份就结账了：补交或更正要记一笔“调整”。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.first = MonthCombo(choices, first_open, self)
        # the month still being collected is not offered first: up to last month, unless that is before the first open one
        last = max(first_open, min(month, add_months(month_of(today), -1)))
        self.last = MonthCombo(choices, last, self)
        self.day = DateField(self)
        self.day.set_date(today)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("可不填，如收款单位、票据号")
        form.addRow("从：", self.first)
        form.addRow("到：", self.last)
        form.addRow("上缴日期：", self.day)
        form.addRow("备注：", self.note)
        layout.addLayout(form)
        self.preview_label = QLabel(self)
        self.preview_label.setWordWrap(True)
        layout.addWidget(self.preview_label)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, cancel, self.save_button = button_row(self, "上缴", icon="fa6s.check")
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save)
        self.first.currentIndexChanged.connect(self._update)
        self.last.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.error.show_problem(None)
        try:
            preview = dues.remittance_preview(self.first.month(), self.last.month())
        except UserError as exc:
            self.preview_label.setText("")
            self.error.show_problem(str(exc))
            self.save_button.setEnabled(False)
            self.adjustSize()
            return
        self.save_button.setEnabled(True)
        text = f"这次上缴共 {yuan_text(preview.amount_fen)} 元"
        if preview.adjustments_fen:
            text += f"（其中以前月份的调整 {yuan_text(preview.adjustments_fen)} 元）"
        text += "。"
        if preview.unpaid_names:
            names = "、".join(preview.unpaid_names[:8]) + ("等" if len(preview.unpaid_names) > 8 else "")
            text += f"\n还有 {len(preview.unpaid_names)} 人没交：{names}。上缴后他们补交要记为调整。"
        self.preview_label.setText(text)

    def _save(self) -> None:
        day = self.day.date()
        if day is None:
            self.error.show_problem("请填写上缴日期，例如 2026-12-10。")
            return
        try:
            self.change = dues.remit.undoable(self.first.month(), self.last.month(), on=day,
                                              note=self.note.text(), today=self.today)
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        r = self.change.result
        span = month_label(r.first_month) + (f"至{month_label(r.last_month)}" if r.last_month != r.first_month else "")
        self.message = f"已记录上缴{span}党费 {yuan_text(r.amount_fen)} 元，这些月份已结账"
        self.accept()
