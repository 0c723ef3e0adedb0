"""The 表决事项 tab of the activity dialog: the matters voted on, their votes and whether each
passed (worked out in core: core.decisions, core.quorum). A vote typed into the form is never
dropped without asking: choosing another matter or a new one first asks 保存 / 不保存 / 取消."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import attendance as attendance_ops
from dangjian_desktop.core import decisions as decision_ops
from dangjian_desktop.errors import ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import (
    CANCEL,
    OK_COLOR,
    SAVE,
    ActivityTab,
    Apply,
    _button,
    ask_unsaved,
    tall_rows,
)
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.theme import ERROR


class DecisionsTab(ActivityTab):
    def __init__(self, apply: Apply, parent=None):
        super().__init__(apply, parent)
        self.decision_id: int | None = None
        self.decisions: list = []
        self._shown_row = -1                 # the table row whose matter the form shows
        self.decision_rule = QLabel(self)
        self.decision_rule.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(["表决事项", "方式", "赞成", "反对", "弃权", "结果"])
        self.table.verticalHeader().hide()
        tall_rows(self.table)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.decision_text = QLineEdit(self)
        self.decision_text.setPlaceholderText("例如：接收张三同志为中共预备党员")
        self.decision_method = QComboBox(self)
        self.decision_method.addItems(["举手表决", "无记名投票"])
        self.votes_for = QSpinBox(self)
        self.votes_against = QSpinBox(self)
        self.votes_abstain = QSpinBox(self)
        for spin in (self.votes_for, self.votes_against, self.votes_abstain):
            spin.setRange(0, 100000)
        self.decision_form = QWidget(self)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("事项", self), 0, 0)
        grid.addWidget(self.decision_text, 0, 1, 1, 7)
        grid.addWidget(QLabel("方式", self), 1, 0)
        grid.addWidget(self.decision_method, 1, 1)
        grid.addWidget(QLabel("赞成", self), 1, 2)
        grid.addWidget(self.votes_for, 1, 3)
        grid.addWidget(QLabel("反对", self), 1, 4)
        grid.addWidget(self.votes_against, 1, 5)
        grid.addWidget(QLabel("弃权", self), 1, 6)
        grid.addWidget(self.votes_abstain, 1, 7)
        self.decision_error = ErrorLabel(self)
        self.new_decision_button = _button("fa6s.plus", "新的表决事项", self)
        self.save_decision_button = _button("fa6s.floppy-disk", "保存表决", self)
        self.remove_decision_button = _button("fa6s.trash-can", "删除", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_decision_button)
        buttons.addWidget(self.remove_decision_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_decision_button)
        self.decisions_note = NoteLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.decisions_note)
        layout.addWidget(self.decision_rule)
        layout.addWidget(self.table, 1)
        form_layout = QVBoxLayout(self.decision_form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(grid)
        form_layout.addWidget(self.decision_error)
        form_layout.addLayout(buttons)
        layout.addWidget(self.decision_form)
        self.table.currentCellChanged.connect(lambda row, *_: self._row_chosen(row))
        self.new_decision_button.clicked.connect(self.new_decision)
        self.save_decision_button.clicked.connect(self.save_decision)
        self.remove_decision_button.clicked.connect(self.remove_decision)

    def load(self, activity) -> None:
        """The decisions as saved; the form keeps what is typed in it."""
        self.activity = activity
        editable = activity.status == "held"
        self.decisions = decision_ops.decisions(activity.id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.decisions))
        for row, d in enumerate(self.decisions):
            values = (d.text, d.method, str(d.votes_for), str(d.votes_against), str(d.votes_abstain),
                      "通过" if d.passed else "未通过")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 5:
                    item.setForeground(QBrush(QColor(OK_COLOR if d.passed else ERROR)))
                    item.setIcon(icons.icon("fa6s.check" if d.passed else "fa6s.xmark",
                                          color=OK_COLOR if d.passed else ERROR))
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        shown = next((i for i, d in enumerate(self.decisions) if d.id == self.decision_id), -1)
        if shown < 0:
            self.decision_id = None          # (removed meanwhile: what is typed is a new matter)
        self._show_row(shown)
        self.decision_form.setVisible(editable)
        self.decision_rule.setText(self._rule_text(activity))
        self.decisions_note.show_note(None if self.decisions or not editable
                                      else "会上表决的事项在这里登记，是否通过由程序按规定算出。")

    @staticmethod
    def _rule_text(activity) -> str:
        rule = "一项决定要通过，赞成票要超过应到会有表决权党员的一半。"
        if not kinds.kind(activity.kind).quorum or activity.status == "planned":
            return rule
        q = attendance_ops.quorum(activity.id)
        return (f"{q.describe()} 一项决定要通过，赞成票要超过应到会有表决权党员（{q.voting_expected} 人）的一半，"
                f"即至少 {q.needed} 票。预备党员没有表决权。")

    # --- what is typed -----------------------------------------------------------------------
    def _form(self) -> tuple:
        return (self.decision_text.text().strip(), self.decision_method.currentText(), self.votes_for.value(),
                self.votes_against.value(), self.votes_abstain.value())

    @property
    def dirty(self) -> bool:
        """The form holds a vote not saved yet: a new one typed, or a saved one changed."""
        if self.activity is None or self.activity.status != "held":
            return False
        text, method, *votes = self._form()
        if self.decision_id is None:
            return bool(text) or any(votes)
        saved = next((d for d in self.decisions if d.id == self.decision_id), None)
        if saved is None:
            return bool(text) or any(votes)
        return (text, method, *votes) != (saved.text.strip(), saved.method, saved.votes_for,
                                          saved.votes_against, saved.votes_abstain)

    def settle(self) -> bool:
        """Before the form shows another matter: a vote typed and not saved is saved or let go as
        the user says (保存 / 不保存 / 取消). False: keep it in the form (取消, or it could not be
        saved: the reason is shown under it)."""
        if not self.dirty:
            return True
        text = self.decision_text.text().strip()
        what = f"表决事项“{text}”" if text else "填写的表决"
        answer = ask_unsaved(self, f"{what}还没有保存，要保存吗？")
        if answer == CANCEL:
            return False
        if answer == SAVE:
            return self.save_decision()
        return True

    def new_decision(self) -> None:
        """+ 新的表决事项: an empty form (after asking about a vote typed and not saved)."""
        if self.settle():
            self.clear_form()

    def _row_chosen(self, row: int) -> None:
        if row == self._shown_row or not 0 <= row < len(self.decisions):
            return
        chosen = self.decisions[row].id
        if not self.settle():
            self._show_row(self._shown_row)       # the form keeps what was typed, and its row
            return
        row = next((i for i, d in enumerate(self.decisions) if d.id == chosen), -1)   # the list may be new
        self._show_row(row)
        self._selected(row)

    def _show_row(self, row: int) -> None:
        self.table.blockSignals(True)
        if 0 <= row < self.table.rowCount():
            self.table.setCurrentCell(row, 0)
        else:
            self.table.clearSelection()
            self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)
        self._shown_row = row

    def _selected(self, row: int) -> None:
        if not 0 <= row < len(self.decisions):
            return
        d = self.decisions[row]
        self._shown_row = row
        self.decision_id = d.id
        self.decision_text.setText(d.text)
        self.decision_method.setCurrentText(d.method)
        self.votes_for.setValue(d.votes_for)
        self.votes_against.setValue(d.votes_against)
        self.votes_abstain.setValue(d.votes_abstain)

    def clear_form(self) -> None:
        self.decision_id = None
        self._show_row(-1)
        self.decision_text.clear()
        for spin in (self.votes_for, self.votes_against, self.votes_abstain):
            spin.setValue(0)
        self.decision_error.show_problem(None)
        self.decision_text.setFocus()

    def _show_refusal(self, exc) -> None:
        self.decision_error.show_problem("\n".join(exc.problems.values()) if isinstance(exc, ValidationError)
                                         else str(exc))

    def save_decision(self) -> bool:
        info = decision_ops.DecisionInfo(self.decision_text.text(), self.votes_for.value(), self.votes_against.value(),
                                         self.votes_abstain.value(), self.decision_method.currentText())
        activity_id, decision_id = self.activity_id, self.decision_id
        change = self.apply(lambda: decision_ops.save_decision.undoable(activity_id, info, decision_id),
                            on_refused=self._show_refusal)
        if change is None:
            return False
        self.clear_form()
        return True

    def remove_decision(self) -> None:
        if self.decision_id is None:
            return
        decision_id = self.decision_id
        if self.apply(lambda: decision_ops.remove_decision.undoable(decision_id)):
            self.clear_form()
