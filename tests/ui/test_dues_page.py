"""The 党费 page driven through its widgets: a collection day (all paid, then untick who did
not), one member's part, quarter and advance payments, the yearly 核定 typed in the grid, a
上缴 that closes the month, an adjustment after it, undo, and the 工作台's arrears lines."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QStyle, QStyleOptionViewItem

from dangjian_desktop.core import dues, dues_arrears
from dangjian_desktop.db.models import DuesBasis, DuesPayment, DuesRemittance
from dangjian_desktop.ui.dues_basis_dialog import AMOUNT, INCOME, KIND, RULE, BasisDialog
from dangjian_desktop.ui.dues_dialogs import PaymentDialog, RemitDialog
from dangjian_desktop.ui.dues_model import AMOUNT as PAID_AMOUNT
from dangjian_desktop.ui.dues_model import NOTE, PAID
from dangjian_desktop.ui.dues_page import DuesPage
from dangjian_desktop.ui.theme import apply_font_size
from tests.conftest import TODAY  # 2026-11-26: the demo's dues run to October, remitted to September
from tests.ui.layout_checks import clipped_texts
from tests.ui.modal_poller import ModalPoller


@pytest.fixture
def page(qtbot, branch46):
    stack = QUndoStack()
    widget = DuesPage(undo_stack=stack, today=TODAY)
    widget.stack = stack
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget


def paid_in(month):
    """member -> fen paid for ``month`` (all its payments)."""
    total = {}
    for p in DuesPayment.select().where(DuesPayment.month == month):
        total[p.member_id] = total.get(p.member_id, 0) + p.amount_fen
    return total


def click_tick(qtbot, page, row):
    """Click the tick box of a row where a user would: on the indicator itself."""
    index = page.model.index(row, PAID)
    option = QStyleOptionViewItem()
    option.initFrom(page.table)
    option.rect = page.table.visualRect(index)
    option.features |= QStyleOptionViewItem.HasCheckIndicator
    box = page.table.style().subElementRect(QStyle.SE_ItemViewItemCheckIndicator, option, page.table)
    qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, pos=box.center() if box.isValid() else
                     option.rect.topLeft() + QPoint(12, option.rect.height() // 2))


def test_a_collection_day_all_paid_then_untick_who_did_not(page, qtbot):
    assert page.title.text() == "党费 · 2026年11月"
    owing = [line for line in page.sheet.lines if line.owes]
    assert paid_in("2026-11") == {}
    qtbot.mouseClick(page.pay_all_button, Qt.LeftButton)
    assert paid_in("2026-11") == {line.member_id: line.due_fen for line in owing if line.due_fen is not None}
    assert "未交 0 人" in page.summary.text()
    first = page.model.line(0)
    click_tick(qtbot, page, 0)
    assert first.member_id not in paid_in("2026-11")
    assert page.model.data(page.model.index(0, PAID), Qt.CheckStateRole) == Qt.CheckState.Unchecked
    assert "未交 1 人" in page.summary.text()
    page.stack.undo()                        # Ctrl+Z: the tick is back
    assert paid_in("2026-11")[first.member_id] == first.due_fen
    page.stack.undo()                        # and the whole collection day
    assert paid_in("2026-11") == {}
    assert page.model.data(page.model.index(0, PAID_AMOUNT)) == ""


def test_ticking_needs_a_collection_date(page, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr("dangjian_desktop.ui.dues_page.show_error", lambda _p, exc: shown.append(str(exc)))
    page.paid_on.edit.setText("十一月")
    click_tick(qtbot, page, 0)
    assert shown and "交纳日期" in shown[0] and paid_in("2026-11") == {}


def test_one_member_pays_part_then_by_quarter(page, qtbot):
    line = next(x for x in page.sheet.lines if x.due_fen and x.due_fen > 100)
    dialog = PaymentDialog(line, page.sheet, page, paid_on=TODAY, today=TODAY)
    assert dialog.amount.text() == f"{line.due_fen // 100}.{line.due_fen % 100:02d}"
    dialog.amount.setText("1.00")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.result() and paid_in("2026-11")[line.member_id] == 100
    page.sheet = dues.month_sheet("2026-11")
    line = next(x for x in page.sheet.lines if x.member_id == line.member_id)
    page.refresh()
    assert page.model.data(page.model.index(page.model.row_of(line.member_id), NOTE)).startswith("还差")
    again = PaymentDialog(line, page.sheet, page, paid_on=TODAY, today=TODAY)
    again.advance.setChecked(True)
    again.until.setCurrentIndex(again.until.findData("2027-01"))
    assert "从2026年11月到2027年1月共 3 个月" in again.advance_note.text()
    qtbot.mouseClick(again.save_button, Qt.LeftButton)
    assert paid_in("2026-12")[line.member_id] == line.due_fen and paid_in("2027-01")[line.member_id] == line.due_fen
    assert paid_in("2026-11")[line.member_id] == line.due_fen     # November's rest paid with them


def test_a_bad_amount_is_explained_and_nothing_written(page, qtbot):
    line = page.sheet.lines[0]
    dialog = PaymentDialog(line, page.sheet, page, paid_on=TODAY, today=TODAY)
    for text, words in (("-3", "负数"), ("abc", "不是数字"), ("1.005", "小数超过两位")):
        dialog.amount.setText(text)
        qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
        assert words in dialog.error.text() and not dialog.result()
    assert paid_in("2026-11") == {}


def test_the_yearly_basis_typed_in_the_grid(page, qtbot):
    dialog = BasisDialog("2026-11", page, today=TODAY)
    row = 0
    member_id = dialog.member_ids[row]
    dialog.table.item(row, KIND).setText("在职")
    dialog.table.item(row, INCOME).setText("5000.01")
    dialog.table.item(row, AMOUNT).setText("")
    assert dialog.table.item(row, RULE).text() == "5000–10000 元档 1.5%"
    assert dialog.table.item(row, RULE).toolTip() == "税后 5,000.01 元，5000–10000 元档，1.5%"
    dialog.table.item(1, INCOME).setText("-1")
    dialog.table.item(1, KIND).setText("离退休")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert "负数" in dialog.error.text() and not dialog.result()
    assert DuesBasis.get_or_none((DuesBasis.member == member_id) & (DuesBasis.from_month == "2026-11")) is None
    dialog.table.item(1, INCOME).setText("3100")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.result() and dialog.change.label.startswith("核定党费基数（")
    assert dues.bases_on("2026-11", [member_id])[member_id].due_fen == 7500
    dialog.change.undo()
    assert DuesBasis.get_or_none((DuesBasis.member == member_id) & (DuesBasis.from_month == "2026-11")) is None


def test_a_remittance_closes_the_month_and_a_late_payment_is_an_adjustment(page, qtbot):
    qtbot.mouseClick(page.pay_all_button, Qt.LeftButton)
    click_tick(qtbot, page, 0)             # one did not pay
    late = page.model.line(0)
    dialog = RemitDialog("2026-11", page, today=TODAY)
    assert dialog.first.month() == "2026-10"           # the first month not yet remitted
    assert dialog.last.month() == "2026-10"            # … to last month: November is still being collected
    dialog.last.setCurrentIndex(dialog.last.findData("2026-11"))
    assert "还有" in dialog.preview_label.text() and late.name in dialog.preview_label.text()
    total = sum(p.amount_fen for p in DuesPayment.select().where(DuesPayment.month.in_(["2026-10", "2026-11"])))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.result() and DuesRemittance.select().order_by(DuesRemittance.id.desc()).first().amount_fen == total
    page.refresh()
    assert "已结账" in page.summary.text() and not page.pay_all_button.isEnabled()
    assert not page.model.flags(page.model.index(0, PAID)) & Qt.ItemIsUserCheckable
    adjust = PaymentDialog(page.model.line(0), page.sheet, page, paid_on=TODAY, today=TODAY)
    assert adjust.windowTitle().startswith("党费调整")
    adjust.amount.setText(f"{late.due_fen / 100:.2f}")
    qtbot.mouseClick(adjust.save_button, Qt.LeftButton)
    assert "原因" in adjust.error.text()
    adjust.reason.setText("上缴后补交")
    qtbot.mouseClick(adjust.save_button, Qt.LeftButton)
    assert adjust.result()
    row = DuesPayment.get((DuesPayment.member == late.member_id) & (DuesPayment.month == "2026-11"))
    assert row.adjustment and row.reason == "上缴后补交" and row.remittance is None


@pytest.fixture
def extra_large():
    apply_font_size(QApplication.instance(), "xlarge")
    yield
    apply_font_size(QApplication.instance(), "normal")


def test_the_home_page_names_members_behind_with_dues(qtbot, branch46, extra_large):
    from dangjian_desktop.ui.home_page import HomePage

    home = HomePage(today=dt.date(2026, 12, 2))
    qtbot.addWidget(home)
    home.resize(1190, 690)             # the page's room in the window on a 1366×768 screen
    home.show()
    home.refresh()
    qtbot.waitUntil(lambda: "dues" in home.lines)
    texts = home.texts("dues")
    expected = dues_arrears.arrears(dt.date(2026, 12, 2))
    assert texts == [a.text for a in expected][:len(texts)] and texts
    assert all("个月未交党费" in t for t in texts)
    assert clipped_texts(home) == []
    with qtbot.waitSignal(home.navigate) as sent:
        qtbot.mouseClick(home.lines["dues"][0].buttons[0], Qt.LeftButton)
    assert sent.args == ["dues"]


class AnswerLedgerStart(ModalPoller):
    kind = QMessageBox

    def __init__(self, button_text):
        super().__init__()
        self.button_text = button_text
        self.asked = []

    def handle(self, box):
        self.asked.append(box.text())
        next(b for b in box.buttons() if b.text().startswith(self.button_text)).click()


@pytest.mark.parametrize(("answer", "start", "behind"), [("记过了", "2026-12", 0), ("没记过", "2026-01", 2)])
def test_a_first_basis_from_a_past_month_asks_whether_those_months_are_on_paper(qtbot, opened, answer, start, behind):
    from dangjian_desktop.db.models import Member

    for name in ("王建国", "李秀英"):
        Member.create(name=name, name_pinyin=name, joined_on=dt.date(2001, 7, 1))
    today = dt.date(2026, 12, 2)
    dialog = BasisDialog("2026-01", today=today)
    qtbot.addWidget(dialog)
    dialog.bulk_kind.setCurrentText("农民")
    qtbot.mouseClick(dialog.bulk_button, Qt.LeftButton)
    poller = AnswerLedgerStart(answer)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    poller.stop()
    assert "纸质台账" in poller.asked[0] and dialog.result()
    assert dues.ledger_start() == start
    assert len(dues_arrears.arrears(today)) == behind          # day one: nobody is "11 months behind"


def test_a_part_after_collecting_everyone_changes_the_amount_not_adds_to_it(page, qtbot):
    qtbot.mouseClick(page.pay_all_button, Qt.LeftButton)
    line = next(x for x in page.sheet.lines if x.due_fen and x.due_fen > 2000)
    dialog = PaymentDialog(line, page.sheet, page, paid_on=TODAY, today=TODAY)
    assert dialog.one_month.text() == "这个月一共交了（元）："
    assert dialog.amount.text() == f"{line.due_fen // 100}.{line.due_fen % 100:02d}"
    assert not dialog.reason.isVisible()                  # a correction's reason: closed months only
    dialog.amount.setText("20")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.result() and paid_in("2026-11")[line.member_id] == 2000
    page.recorded(dialog.change, dialog.message)
    assert "其中交得不足 1 人" in page.summary.text()


def test_a_basis_over_months_already_paid_offers_the_month_after(page, qtbot):
    qtbot.mouseClick(page.pay_all_button, Qt.LeftButton)          # November collected
    dialog = BasisDialog("2026-11", page, today=TODAY)
    member_id = dialog.member_ids[0]
    dialog.table.item(0, KIND).setText("在职")
    dialog.table.item(0, INCOME).setText("8000")
    poller = AnswerLedgerStart("从2026年12月起执行")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    poller.stop()
    assert "已经有 1 人按原来的基数交过党费" in poller.asked[0] and dialog.result()
    assert dues.bases_on("2026-12", [member_id])[member_id].due_fen == 12000
    assert dues.bases_on("2026-11", [member_id])[member_id].due_fen != 12000      # November as it was paid
