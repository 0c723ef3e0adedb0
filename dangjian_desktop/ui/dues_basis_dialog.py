"""核定基数: each member's dues kind and income, the monthly due it gives (with the rule in
words), typed in a grid or read from an income sheet, saved as one change from a chosen month.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import dues, settings
from dangjian_desktop.core.dues_rules import (
    FARMER_MAX,
    FARMER_MIN,
    INCOME_KINDS,
    KIND_BY_LABEL,
    KIND_LABELS,
    add_months,
    compute_due,
    month_label,
    month_of,
    months_between,
    short_rule,
)
from dangjian_desktop.core.money import MoneyError, parse_yuan, yuan_text
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import commit_open_cell
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.dues_dialogs import MonthCombo
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.questions import choose

COLUMNS = ("姓名", "类别", "收入（元）", "多交/固定（元）", "应交（元）", "怎么算的")
HEADER_TIPS = ("", "在职、离退休、农民、学生、下岗失业、抚恤救济、低保、固定",
               "在职党员填税后月收入，离退休党员填每月养老金；其他类别不填",
               "自愿多交的每月金额，或“固定”类别每月交的金额；一般不填", "按规定算出的每月应交金额", "")
NAME, KIND, INCOME, AMOUNT, DUE, RULE = range(len(COLUMNS))
KIND_CHOICES = list(KIND_LABELS.values())


class KindDelegate(QStyledItemDelegate):
    """The 类别 cell edited with a list of the eight kinds."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItems(KIND_CHOICES)
        return combo

    def setEditorData(self, editor, index):
        text = index.data() or KIND_CHOICES[0]
        editor.setCurrentIndex(max(0, editor.findText(text)))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class BasisDialog(QDialog):
    def __init__(self, month: str, parent: QWidget | None = None, *, today: dt.date):
        super().__init__(parent)
        self.today = today
        self.change = None
        self.message = ""
        self.problems: dict[int, str] = {}
        self._filling = False
        self.setWindowTitle("核定党费基数")
        self.resize(980, 620)
        layout = QVBoxLayout(self)
        intro = QLabel("党费按每人每月的税后收入（离退休党员按养老金）计算，每年核定一次。"
                       "农民党员、学生和生活困难的党员按固定的少量金额交。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        top = QHBoxLayout()
        top.addWidget(QLabel("从", self))
        closed = dues.last_closed_month()        # a basis never reaches back into a remitted month
        first = add_months(month, -12) if closed is None else max(add_months(month, -12), add_months(closed, 1))
        self.from_month = MonthCombo(months_between(first, add_months(month, 12)), max(month, first), self)
        top.addWidget(self.from_month)
        top.addWidget(QLabel("起执行", self))
        top.addSpacing(24)
        top.addWidget(QLabel("农民党员每月交", self))
        self.farmer = QLineEdit(yuan_text(settings.get("dues_farmer_fen"), grouped=False), self)
        self.farmer.setMaximumWidth(90)
        self.farmer.setToolTip("0.20 元到 1.00 元，由支部确定")
        top.addWidget(self.farmer)
        top.addWidget(QLabel("元（0.20–1.00，由支部确定）", self))
        top.addStretch(1)
        layout.addLayout(top)

        quick = QHBoxLayout()
        quick.addWidget(QLabel("还没有核定的人都设为：", self))
        self.bulk_kind = QComboBox(self)
        self.bulk_kind.addItems([label for key, label in KIND_LABELS.items() if key not in INCOME_KINDS + ("fixed",)])
        quick.addWidget(self.bulk_kind)
        self.bulk_button = QPushButton("设定", self)
        quick.addWidget(self.bulk_button)
        quick.addStretch(1)
        self.template_button = QPushButton(icons.icon("fa6s.file-export"), "导出收入表模板…", self)
        self.template_button.setToolTip("导出一张带姓名的表格，在 Excel/WPS 里填好收入后再导入")
        self.import_button = QPushButton(icons.icon("fa6s.file-import"), "导入收入表…", self)
        quick.addWidget(self.template_button)
        quick.addWidget(self.import_button)
        layout.addLayout(quick)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        for column, tip in enumerate(HEADER_TIPS):
            if tip:
                self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setItemDelegateForColumn(KIND, KindDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(RULE, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        self.note = NoteLabel(self)
        layout.addWidget(self.note)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons, cancel, self.save_button = button_row(self, "保存", icon="fa6s.check")
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save)
        self.bulk_button.clicked.connect(self._set_unset_rows)
        self.import_button.clicked.connect(self._import)
        self.template_button.clicked.connect(self._template)
        self.farmer.editingFinished.connect(self._recompute_all)
        self.from_month.currentIndexChanged.connect(self._load)
        self.table.itemChanged.connect(self._item_changed)
        self._load()

    # --- the grid -------------------------------------------------------------------------------
    def _load(self) -> None:
        month = self.from_month.month()
        lines = [line for line in dues.month_sheet(month).lines if line.owes]
        bases = dues.bases_on(month, [line.member_id for line in lines])
        self._filling = True
        self.table.setRowCount(len(lines))
        self.member_ids = []
        self.saved: dict[int, tuple] = {}
        for row, line in enumerate(lines):
            basis = bases.get(line.member_id)
            self.member_ids.append(line.member_id)
            self.saved[line.member_id] = (basis.kind, basis.income_fen, basis.amount_fen, basis.due_fen) if basis else None
            name = QTableWidgetItem(line.name)
            name.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            self.table.setItem(row, NAME, name)
            self.table.setItem(row, KIND, QTableWidgetItem(KIND_LABELS[basis.kind] if basis else ""))
            self.table.setItem(row, INCOME, self._money_item(basis.income_fen if basis else None))
            self.table.setItem(row, AMOUNT, self._money_item(basis.amount_fen if basis else None))
            for column in (DUE, RULE):
                item = QTableWidgetItem("")
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self._filling = False
        self._recompute_all()

    @staticmethod
    def _money_item(fen: int | None) -> QTableWidgetItem:
        item = QTableWidgetItem(yuan_text(fen, grouped=False) if fen is not None else "")
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        return item

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() in (KIND, INCOME, AMOUNT):
            self._recompute(item.row())
            self._show_summary()

    def farmer_fen(self) -> int | None:
        try:
            fen = parse_yuan(self.farmer.text(), what="农民党员每月交纳的金额")
        except MoneyError:
            return None
        return fen if FARMER_MIN <= fen <= FARMER_MAX else None

    def entry(self, row: int) -> dues.BasisEntry | None:
        """The row as a basis (None while its 类别 is blank); ValueError/UserError when wrong."""
        kind_text = self.table.item(row, KIND).text().strip()
        if not kind_text:
            return None
        kind = KIND_BY_LABEL.get(kind_text)
        if kind is None:
            raise UserError(f"类别“{kind_text}”不认识。")
        income_text = self.table.item(row, INCOME).text().strip()
        amount_text = self.table.item(row, AMOUNT).text().strip()
        income = parse_yuan(income_text, what="收入") if income_text else None
        amount = parse_yuan(amount_text, what="金额") if amount_text else None
        return dues.BasisEntry(self.member_ids[row], kind, income, amount)

    def _recompute(self, row: int) -> None:
        self._filling = True
        try:
            entry = self.entry(row)
            tip = ""
            if entry is None:
                due_text, rule = "", "还没有核定"
                self.problems.pop(row, None)
            else:
                farmer = self.farmer_fen()
                if entry.kind == "farmer" and farmer is None:
                    raise UserError("农民党员每月交纳的金额要在 0.20 元到 1.00 元之间。")
                due = compute_due(entry.kind, income_fen=entry.income_fen, amount_fen=entry.amount_fen,
                                  farmer_fen=farmer or FARMER_MIN)
                due_text, rule = yuan_text(due.fen), short_rule(entry.kind, entry.income_fen, due.fen, entry.amount_fen)
                tip = due.rule
                self.problems.pop(row, None)
        except (UserError, MoneyError) as exc:
            due_text, rule, tip = "", f"⚠ {exc}", str(exc)
            self.problems[row] = str(exc)
        self.table.item(row, DUE).setText(due_text)
        self.table.item(row, DUE).setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.table.item(row, RULE).setText(rule)
        self.table.item(row, RULE).setToolTip(tip)
        self.table.item(row, RULE).setForeground(Qt.darkRed if row in self.problems else Qt.black)
        self._filling = False

    def _recompute_all(self) -> None:
        for row in range(self.table.rowCount()):
            self._recompute(row)
        self._show_summary()

    def _show_summary(self) -> None:
        unset = sum(1 for row in range(self.table.rowCount()) if not self.table.item(row, KIND).text().strip())
        parts = [f"共 {self.table.rowCount()} 人"]
        if unset:
            parts.append(f"{unset} 人还没有核定")
        if self.problems:
            parts.append(f"{len(self.problems)} 人填得不对（见“怎么算的”一栏）")
        self.note.show_note("，".join(parts) + "。")
        if self.problems:
            row = min(self.problems)
            self.error.show_problem(f"{self.table.item(row, NAME).text()}：{self.problems[row]}")
        else:
            self.error.show_problem(None)

    def _set_unset_rows(self) -> None:
        label = self.bulk_kind.currentText()
        for row in range(self.table.rowCount()):
            if not self.table.item(row, KIND).text().strip():
                self.table.item(row, KIND).setText(label)

    # --- an income sheet ---------------------------------------------------------------------------
    def _import(self) -> None:
        from dangjian_desktop.core.dues_import import problem_text, read_income_sheet
        from dangjian_desktop.core.roster_read import FILE_FILTER
        from dangjian_desktop.ui import file_dialogs

        path = file_dialogs.open_file(self, file_dialogs.IMPORT, "选择收入表", FILE_FILTER)
        if path is None:
            return
        try:
            sheet = read_income_sheet(path)
        except UserError as exc:
            QMessageBox.warning(self, "读不了这张表", str(exc))
            return
        if sheet.refused:
            lines = [problem_text(p) for p in sheet.invalid[:12]]
            more = f"\n……还有 {len(sheet.invalid) - 12} 处" if len(sheet.invalid) > 12 else ""
            QMessageBox.warning(self, "收入表里有错，没有导入",
                                "下面这些行要先在表格里改好，再重新导入（一行也没有导入）：\n\n" + "\n".join(lines) + more)
            return
        rows = {member_id: row for row, member_id in enumerate(self.member_ids)}
        filled = 0
        for ready in sheet.ready:
            row = rows.get(ready.member_id)
            if row is None:
                continue
            self.table.item(row, KIND).setText(KIND_LABELS[ready.kind])
            self.table.item(row, INCOME).setText(yuan_text(ready.income_fen, grouped=False) if ready.income_fen else "")
            self.table.item(row, AMOUNT).setText(yuan_text(ready.amount_fen, grouped=False) if ready.amount_fen else "")
            filled += 1
        self.note.show_note(f"已从收入表填入 {filled} 人，请核对后点“保存”。")

    def _template(self) -> None:
        from dangjian_desktop.core.dues_import import write_income_template
        from dangjian_desktop.core.members import members_by_id
        from dangjian_desktop.ui import file_dialogs

        path, _filter = file_dialogs.save_file(self, file_dialogs.EXPORT, "保存收入表模板",
                                               "党费收入表.xlsx", "Excel 表格 (*.xlsx)")
        if path is None:
            return
        found = members_by_id(self.member_ids)
        try:
            write_income_template(path, [found[i] for i in self.member_ids if i in found], today=self.today)
        except UserError as exc:
            QMessageBox.warning(self, "保存不了", str(exc))
            return
        self.note.show_note(f"已保存模板：{path}。在 Excel/WPS 里填好收入后，点“导入收入表”。")

    # --- saving -------------------------------------------------------------------------------------
    def _ask_over_paid_months(self, entries) -> str | None:
        """A basis from a month some of these members already paid for would show them short or
        over: say so, and offer the month after. Returns the month to use, None when cancelled."""
        chosen = self.from_month.month()
        count, latest = dues.paid_from([e.member_id for e in entries], chosen)
        if not count:
            return chosen
        later = add_months(latest, 1)
        answer = choose(self, "已经按原来的基数交过",
                        f"{month_label(chosen)}起，这些党员里已经有 {count} 人按原来的基数交过党费"
                        f"（交到{month_label(latest)}）。新的基数从{month_label(chosen)}起执行，"
                        f"他们这几个月就会显示还差或多交。\n\n建议从{month_label(later)}起执行。",
                        f"从{month_label(later)}起执行", f"仍从{month_label(chosen)}起执行")
        return None if answer is None else (later, chosen)[answer]

    def _ask_ledger_start(self) -> bool:
        """A first 核定 from a past month: were those months kept on paper? (else every member
        would show months of arrears on the 工作台 on day one). False when the user cancels."""
        chosen = self.from_month.month()
        this_month = month_of(self.today)
        if settings.get("dues_start_month") or dues.ledger_start() is not None or chosen >= this_month:
            return True
        answer = choose(self, "从哪个月开始在这里记党费",
                        f"基数从{month_label(chosen)}起执行。{month_label(chosen)}到{month_label(add_months(this_month, -1))}"
                        "的党费，是已经在纸质台账上记过了吗？\n\n"
                        f"记过了：从{month_label(this_month)}开始在这里记，以前的月份不算欠交。\n"
                        "没记过：以前的月份也在这里补记，没补记的算作没交。",
                        f"记过了，从{month_label(this_month)}开始记", "没记过，在这里补记")
        if answer is None:
            return False
        dues.set_ledger_start((this_month, chosen)[answer])
        return True

    def _save(self) -> None:
        commit_open_cell(self)
        self.error.show_problem(None)
        farmer = self.farmer_fen()
        if farmer is None:
            self.error.show_problem("农民党员每月交纳的金额要在 0.20 元到 1.00 元之间，由支部确定。")
            self.farmer.setFocus()
            return
        self._recompute_all()
        if self.problems:
            row = min(self.problems)
            name = self.table.item(row, NAME).text()
            self.error.show_problem(f"{name}：{self.problems[row]}（共 {len(self.problems)} 人要改）")
            self.table.setCurrentCell(row, KIND)
            return
        if not self._ask_ledger_start():
            return
        entries = []
        for row in range(self.table.rowCount()):
            entry = self.entry(row)
            if entry is None:
                continue
            saved = self.saved.get(entry.member_id)
            due = compute_due(entry.kind, income_fen=entry.income_fen, amount_fen=entry.amount_fen, farmer_fen=farmer)
            # (set_bases keeps the farmer amount in the same change: Ctrl+Z takes both back)
            if saved != (entry.kind, entry.income_fen, entry.amount_fen, due.fen):
                entries.append(entry)
        if not entries:
            if farmer != settings.get("dues_farmer_fen"):
                settings.put("dues_farmer_fen", farmer)      # for the farmers' next 核定
            self.message = "基数没有改动"
            self.accept()
            return
        from_month = self._ask_over_paid_months(entries)
        if from_month is None:
            return
        try:
            self.change = dues.set_bases.undoable(entries, from_month=from_month, farmer_fen=farmer)
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.message = f"已核定 {len(entries)} 名党员的党费基数，{month_label(from_month)}起执行"
        self.accept()
