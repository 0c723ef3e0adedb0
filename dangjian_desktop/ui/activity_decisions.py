"""The 表决事项 tab of the activity dialog: the matters voted on, their votes and whether
each passed (worked out in core).
"""

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

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import OK_COLOR, _button, tall_rows
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.theme import ERROR
from dangjian_desktop.ui.worker import show_error


class DecisionsSection:
    """Mixed into :class:`ActivityEditor`: builds, loads and acts on the decisions tab."""

    def _build_decisions(self) -> QWidget:
        page = QWidget(self)
        self.decision_rule = QLabel(page)
        self.decision_rule.setWordWrap(True)
        self.decision_table = QTableWidget(0, 6, page)
        self.decision_table.setHorizontalHeaderLabels(["表决事项", "方式", "赞成", "反对", "弃权", "结果"])
        self.decision_table.verticalHeader().hide()
        tall_rows(self.decision_table)
        self.decision_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.decision_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.decision_table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.decision_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.decision_text = QLineEdit(page)
        self.decision_text.setPlaceholderText("例如：接收张三同志为中共预备党员")
        self.decision_method = QComboBox(page)
        self.decision_method.addItems(["举手表决", "无记名投票"])
        self.votes_for = QSpinBox(page)
        self.votes_against = QSpinBox(page)
        self.votes_abstain = QSpinBox(page)
        for spin in (self.votes_for, self.votes_against, self.votes_abstain):
            spin.setRange(0, 100000)
        self.decision_form = QWidget(page)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("事项", page), 0, 0)
        grid.addWidget(self.decision_text, 0, 1, 1, 7)
        grid.addWidget(QLabel("方式", page), 1, 0)
        grid.addWidget(self.decision_method, 1, 1)
        grid.addWidget(QLabel("赞成", page), 1, 2)
        grid.addWidget(self.votes_for, 1, 3)
        grid.addWidget(QLabel("反对", page), 1, 4)
        grid.addWidget(self.votes_against, 1, 5)
        grid.addWidget(QLabel("弃权", page), 1, 6)
        grid.addWidget(self.votes_abstain, 1, 7)
        self.decision_error = ErrorLabel(page)
        self.new_decision_button = _button("fa6s.plus", "新的表决事项", page)
        self.save_decision_button = _button("fa6s.floppy-disk", "保存表决", page)
        self.remove_decision_button = _button("fa6s.trash-can", "删除", page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_decision_button)
        buttons.addWidget(self.remove_decision_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_decision_button)
        self.decisions_note = NoteLabel(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.decisions_note)
        layout.addWidget(self.decision_rule)
        layout.addWidget(self.decision_table, 1)
        form_layout = QVBoxLayout(self.decision_form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(grid)
        form_layout.addWidget(self.decision_error)
        form_layout.addLayout(buttons)
        layout.addWidget(self.decision_form)
        self.decision_table.currentCellChanged.connect(lambda row, *_: self._decision_selected(row))
        self.new_decision_button.clicked.connect(self._clear_decision_form)
        self.save_decision_button.clicked.connect(self.save_decision)
        self.remove_decision_button.clicked.connect(self.remove_decision)
        return page

    # --- decisions -------------------------------------------------------------------------------
    def _load_decisions(self, activity) -> None:
        editable = activity.status == "held"
        self.decisions = act.decisions(self.activity_id)
        self.decision_table.setRowCount(len(self.decisions))
        for row, d in enumerate(self.decisions):
            values = (d.text, d.method, str(d.votes_for), str(d.votes_against), str(d.votes_abstain),
                      "通过" if d.passed else "未通过")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 5:
                    item.setForeground(QBrush(QColor(OK_COLOR if d.passed else ERROR)))
                    item.setIcon(icons.icon("fa6s.check" if d.passed else "fa6s.xmark",
                                          color=OK_COLOR if d.passed else ERROR))
                self.decision_table.setItem(row, col, item)
        self.decision_form.setVisible(editable)
        if not kinds.kind(activity.kind).quorum:
            self.decision_rule.setText("一项决定要通过，赞成票要超过应到会有表决权党员的一半。")
        self.decisions_note.show_note(None if self.decisions or not editable
                                      else "会上表决的事项在这里登记，是否通过由程序按规定算出。")

    def _decision_selected(self, row: int) -> None:
        if not 0 <= row < len(self.decisions):
            return
        d = self.decisions[row]
        self.decision_id = d.id
        self.decision_text.setText(d.text)
        self.decision_method.setCurrentText(d.method)
        self.votes_for.setValue(d.votes_for)
        self.votes_against.setValue(d.votes_against)
        self.votes_abstain.setValue(d.votes_abstain)

    def _clear_decision_form(self) -> None:
        self.decision_id = None
        self.decision_table.clearSelection()
        self.decision_text.clear()
        for spin in (self.votes_for, self.votes_against, self.votes_abstain):
            spin.setValue(0)
        self.decision_error.show_problem(None)
        self.decision_text.setFocus()

    def save_decision(self) -> bool:
        info = act.DecisionInfo(self.decision_text.text(), self.votes_for.value(), self.votes_against.value(),
                                self.votes_abstain.value(), self.decision_method.currentText())
        try:
            saved = act.save_decision(self.activity_id, info, self.decision_id)
        except ValidationError as exc:
            self.decision_error.show_problem("\n".join(exc.problems.values()))
            return False
        except UserError as exc:
            self.decision_error.show_problem(str(exc))
            return False
        self.decision_error.show_problem(None)
        self._load_decisions(act.get(self.activity_id))
        self._clear_decision_form()
        self.changed.emit()
        return saved is not None

    def remove_decision(self) -> None:
        if self.decision_id is None:
            return
        try:
            act.remove_decision(self.decision_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self._load_decisions(act.get(self.activity_id))
        self._clear_decision_form()
        self.changed.emit()
