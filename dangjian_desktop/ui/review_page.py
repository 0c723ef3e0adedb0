"""民主评议: a year's review as a grid — the ballots' count per member typed in quickly (numbers,
Tab to the next), the grade decided per member with the cap on 优秀 and a 不合格's reason, the
meeting it belongs to, and the ballots and results to print.

Every cell saved at once as a named change (Ctrl+Z undoes it); the rules are core.review.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import review, settings
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import show_error

COLUMNS = ("姓名", "类别", "优秀", "合格", "基本合格", "不合格", "合计", "评定等次", "理由")
NAME, CATEGORY, V_EXCELLENT, V_QUALIFIED, V_BASIC, V_UNQUALIFIED, TOTAL, GRADE, REASON = range(len(COLUMNS))
VOTE_COLUMNS = {V_EXCELLENT: "优秀", V_QUALIFIED: "合格", V_BASIC: "基本合格", V_UNQUALIFIED: "不合格"}
NOT_GRADED = "不评定等次"


class GradeDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItems(["（未评定）", *review.GRADES])
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findText(index.data() or "（未评定）")))

    def setModelData(self, editor, model, index):
        text = editor.currentText()
        model.setData(index, "" if text == "（未评定）" else text)


class VoteDelegate(QStyledItemDelegate):
    """A count typed and Enter: saved, and on to the same column of the next member (as in WPS);
    Tab still goes to the right."""

    def __init__(self, table: QTableWidget):
        super().__init__(table)
        self.table = table

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter):
            row, column = self.table.currentRow(), self.table.currentColumn()
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            if row + 1 < self.table.rowCount():
                self.table.setCurrentCell(row + 1, column)
            return True
        return super().eventFilter(editor, event)


class ReasonDialog(QDialog):
    """The reason a 不合格 (or 基本合格) needs, asked when the grade is chosen."""

    def __init__(self, name: str, grade: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"{name}评为{grade}")
        layout = QVBoxLayout(self)
        note = NoteLabel(self)
        note.show_note("评为不合格要写明问题和理由；以后要限期改正，或按规定劝退、除名。")
        layout.addWidget(note)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("如：无正当理由连续 6 个月不参加组织生活")
        layout.addWidget(self.reason)
        buttons, cancel, ok = button_row(self, "确定")
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        ok.clicked.connect(self.accept)


class ReviewPage(Page):
    key = "review"
    nav_label = "民主评议"
    nav_icon = "fa6s.square-check"

    def __init__(self, parent: QWidget | None = None, *, undo_stack: QUndoStack | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.rows: list[review.ReviewRow] = []
        self._filling = False
        self.ask_reason = self._ask_reason          # tests answer it without a window

        layout = self.vbox(self)
        self.title = QLabel("民主评议", self)
        self.ballot_button = QPushButton(icons.icon("fa6s.print"), "打印测评表", self)
        self.result_button = QPushButton(icons.icon("fa6s.bullhorn"), "打印结果公示", self)
        self.start_button = QPushButton(icons.icon("fa6s.play", color="white"), "开始民主评议", self)
        mark_primary(self.start_button)
        layout.addLayout(self.header(self.title, self.ballot_button, self.result_button, self.start_button))
        row = QHBoxLayout()
        row.addWidget(QLabel("年份：", self))
        self.year = QComboBox(self)
        this_year = self.today.year
        for year in range(this_year, this_year - 6, -1):
            self.year.addItem(f"{year} 年", year)
        self.year.setCurrentIndex(self.year.findData(this_year))
        row.addWidget(self.year)
        row.addSpacing(18)
        row.addWidget(QLabel("会议：", self))
        self.meeting = QComboBox(self)
        self.meeting.setMinimumWidth(260)
        row.addWidget(self.meeting)
        row.addSpacing(18)
        row.addWidget(QLabel("收回测评表：", self))
        self.ballots = QSpinBox(self)
        self.ballots.setRange(0, 100000)
        self.ballots.setSpecialValueText("未填")
        self.ballots.setSuffix(" 张")
        row.addWidget(self.ballots)
        row.addStretch(1)
        layout.addLayout(row)
        rules = QHBoxLayout()                  # the branch's two rules of the review (DOMAIN.md: defaults)
        rules.addWidget(QLabel("评为优秀的不超过参评人数的 1/", self))
        self.one_in = QSpinBox(self)
        spec = settings.spec("review_excellent_one_in")
        self.one_in.setRange(spec.minimum, spec.maximum)
        self.one_in.setValue(settings.get("review_excellent_one_in"))
        rules.addWidget(self.one_in)
        rules.addSpacing(18)
        self.grade_probationary = QCheckBox("预备党员也评定等次（开始评议以前设定）", self)
        self.grade_probationary.setChecked(settings.get("review_grade_probationary"))
        rules.addWidget(self.grade_probationary)
        rules.addStretch(1)
        layout.addLayout(rules)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.table.setItemDelegateForColumn(GRADE, GradeDelegate(self.table))
        self.vote_delegate = VoteDelegate(self.table)
        for column in VOTE_COLUMNS:
            self.table.setItemDelegateForColumn(column, self.vote_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        layout.addWidget(self.table, 1)
        self.hint = QLabel("在票数格里直接输入数字，按 Tab 到右边一格、回车到下一个人；评定等次双击选择。"
                           "每一格都马上保存，按 Ctrl+Z 撤销。", self)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self.year.currentIndexChanged.connect(self.refresh)
        self.one_in.valueChanged.connect(self._rules_changed)
        self.grade_probationary.toggled.connect(self._rules_changed)
        self.start_button.clicked.connect(self.start_review)
        self.table.itemChanged.connect(self._item_changed)
        self.meeting.activated.connect(lambda _i: self._save_meeting())
        self.ballots.editingFinished.connect(self._save_meeting)
        self.ballot_button.clicked.connect(lambda: self._print("review-ballot"))
        self.result_button.clicked.connect(lambda: self._print("review-result"))

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def chosen_year(self) -> int:
        return self.year.currentData()

    # --- showing ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        year = self.chosen_year()
        try:
            current = review.review_of(year)
            self.rows = review.review_rows(year)
            meetings = review.review_meetings(year)
        except UserError as exc:
            show_error(self, exc)
            return
        self.title.setText(f"民主评议 · {year}年")
        started = current is not None
        self.start_button.setVisible(not started)
        for widget in (self.meeting, self.ballots, self.table, self.ballot_button, self.result_button):
            widget.setEnabled(started)
        self.grade_probationary.setEnabled(not started)     # who is graded is fixed when the review opens
        self.meeting.blockSignals(True)
        self.meeting.clear()
        self.meeting.addItem("（不关联）", None)
        for activity_id, day, title in meetings:
            self.meeting.addItem(f"{day.isoformat()} {title}", activity_id)
        if started and current.activity_id is not None:
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(current.activity_id)))
        self.meeting.blockSignals(False)
        self.ballots.blockSignals(True)
        self.ballots.setValue(current.ballots or 0 if started else 0)
        self.ballots.blockSignals(False)
        summary = review.summary(year)
        self.summary.setText(summary.text if summary else
                             f"{year}年的民主评议还没有开始。点右上角“开始民主评议”，在册党员都列进来，"
                             "先打印测评表，收回后在这里录入票数、评定等次。")
        self._fill()

    def _fill(self) -> None:
        # the grade's list shows its words whole: the column at least as wide as （未评定）
        needed = self.table.fontMetrics().horizontalAdvance("（未评定）") + 48
        if self.table.columnWidth(GRADE) < needed:
            self.table.setColumnWidth(GRADE, needed)
        self._filling = True
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            cells = [r.name, r.category, *(str(r.votes[g]) for g in review.GRADES), str(r.ballots),
                     r.grade or ("" if r.graded else NOT_GRADED), r.reason]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                editable = column in VOTE_COLUMNS or (r.graded and column in (GRADE, REASON))
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                if column in VOTE_COLUMNS or column == TOTAL:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, column, item)
        self._filling = False

    # --- changes ----------------------------------------------------------------------------------
    def start_review(self) -> None:
        year = self.chosen_year()
        try:
            change = review.start.undoable(year, on=min(self.today, dt.date(year, 12, 31)))
        except UserError as exc:
            show_error(self, exc)
            return
        self.recorded(change, f"已开始{year}年民主评议")

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        row, column = item.row(), item.column()
        entry = self.rows[row]
        self.error.show_problem(None)
        try:
            if column in VOTE_COLUMNS:
                votes = dict(entry.votes)
                text = item.text().strip() or "0"
                if not (text.isascii() and text.isdecimal()):
                    raise UserError(f"票数要写成数字（{entry.name}的“{VOTE_COLUMNS[column]}”写的是“{item.text()}”）。")
                votes[VOTE_COLUMNS[column]] = int(text)
                change = review.tally.undoable(self.chosen_year(), entry.member_id, votes)
                message = f"已录入{entry.name}的票数"
            elif column in (GRADE, REASON):
                grade = self.table.item(row, GRADE).text().strip() or None
                reason = self.table.item(row, REASON).text().strip()
                if grade == "不合格" and not reason and column == GRADE:
                    reason = self.ask_reason(entry.name, grade)
                    if reason is None:
                        self._update_row(row)
                        return
                change = review.grade.undoable(self.chosen_year(), entry.member_id, grade, reason=reason,
                                               on=self.today)
                message = f"已评定{entry.name}：{grade or '未评定'}"
            else:
                return
        except UserError as exc:
            self.error.show_problem(str(exc))
            self._update_row(row)           # back to what is saved
            return
        # the grid stays as it is (an open cell, the Tab order); only this row and the counts change
        self.recorded(change, message, refresh=False)
        self._update_row(row)

    def _update_row(self, row: int) -> None:
        year = self.chosen_year()
        fresh = {r.member_id: r for r in review.review_rows(year)}
        entry = fresh[self.rows[row].member_id]
        self.rows[row] = entry
        self._filling = True
        for column, grade in VOTE_COLUMNS.items():
            self.table.item(row, column).setText(str(entry.votes[grade]))
        self.table.item(row, TOTAL).setText(str(entry.ballots))
        if entry.graded:
            self.table.item(row, GRADE).setText(entry.grade or "")
            self.table.item(row, REASON).setText(entry.reason)
        self._filling = False
        summary = review.summary(year)
        self.summary.setText(summary.text if summary else "")

    def _rules_changed(self) -> None:
        settings.put_many({"review_excellent_one_in": self.one_in.value(),
                           "review_grade_probationary": self.grade_probationary.isChecked()})
        summary = review.summary(self.chosen_year())
        if summary:
            self.summary.setText(summary.text)
        self.status_message.emit("已保存民主评议的规则")

    def _ask_reason(self, name: str, grade: str) -> str | None:
        dialog = ReasonDialog(name, grade, self)
        if dialog.exec() != QDialog.Accepted:
            return None
        return dialog.reason.text().strip()

    def _save_meeting(self) -> None:
        year = self.chosen_year()
        if review.review_of(year) is None:
            return
        try:
            change = review.link_meeting.undoable(year, self.meeting.currentData(), ballots=self.ballots.value() or None)
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.recorded(change, "已保存民主评议的会议和测评表张数")

    def _print(self, key: str) -> None:
        from dangjian_desktop.reports.catalog import DOCUMENTS
        from dangjian_desktop.ui.reports_page import print_document

        if key not in DOCUMENTS:
            show_error(self, UserError("这份表格还不能打印。"))
            return
        print_document(self, key, year=self.chosen_year())
