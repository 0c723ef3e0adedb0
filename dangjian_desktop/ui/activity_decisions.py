"""The 表决事项 tab of the activity dialog: the matters voted on, their votes and whether each
passed (worked out in core: core.decisions, core.quorum)."""

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
from dangjian_desktop.ui.activity_controls import OK_COLOR, ActivityTab, Apply, _button, tall_rows
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.theme import ERROR


class DecisionsTab(ActivityTab):
    def __init__(self, apply: Apply, parent=None):
        super().__init__(apply, parent)
        self.decision_id: int | None = None
        self.decisions: list = []
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
        self.table.currentCellChanged.connect(lambda row, *_: self._selected(row))
        self.new_decision_button.clicked.connect(self.clear_form)
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

    def _selected(self, row: int) -> None:
        if not 0 <= row < len(self.decisions):
            return
        d = self.decisions[row]
        self.decision_id = d.id
        self.decision_text.setText(d.text)
        self.decision_method.setCurrentText(d.method)
        self.votes_for.setValue(d.votes_for)
        self.votes_against.setValue(d.votes_against)
        self.votes_abstain.setValue(d.votes_abstain)

    def clear_form(self) -> None:
        self.decision_id = None
        self.table.clearSelection()
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
