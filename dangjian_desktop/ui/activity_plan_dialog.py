"""生成年度计划 (preview to edit, then save) and the branch's frequency rules."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import activity_plan
from dangjian_desktop.core.dates import DateError, parse_date, weekday_name
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import tall_rows
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.undo import push_change


class PlanDialog(QDialog):
    """The year's plan from the rules: tick what to add, change dates or titles, then save."""

    COLUMNS = ("添加", "日期", "活动", "类型", "党小组")

    def __init__(self, year: int | None = None, parent=None, *, undo_stack: QUndoStack | None = None,
                 today: dt.date | None = None):
        """``year`` None: the year the rules offer for ``today`` (next year from October on)."""
        super().__init__(parent)
        self.undo_stack = undo_stack
        self._today = today
        if year is None:
            year = activity_plan.year_to_offer(self.today)
        self.setWindowTitle("生成年度计划")
        self.resize(900, 640)
        self.created: list[int] = []
        # After saving: the (year, month) a calendar should show, the month that needs the user.
        self.month_to_show: tuple[int, int] | None = None
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year)
        self.year_spin.setSuffix(" 年")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.notes = NoteLabel(self)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        tall_rows(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.SelectedClicked)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.error = ErrorLabel(self)
        self.all_button = QPushButton("全部选上", self)
        self.none_button = QPushButton("全部不选", self)
        self.apply_button = QPushButton(icons.icon("fa6s.calendar-check", color="white"), "保存计划", self)
        mark_primary(self.apply_button)
        self.cancel_button = QPushButton("取消", self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年份：", self))
        top.addWidget(self.year_spin)
        top.addWidget(self.summary, 1)
        hint = QLabel("按本支部的活动频次规则列出。日期和活动名称可以双击修改；不要的取消勾选。"
                      "已经有的活动不会重复添加。", self)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        # The program's one order: 取消, then the action on the right; Enter saves the plan.
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.apply_button)
        for button in (self.all_button, self.none_button, self.cancel_button):
            button.setAutoDefault(False)
        self.apply_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.notes)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.year_spin.valueChanged.connect(self.load)
        self.all_button.clicked.connect(lambda: self._tick_all(True))
        self.none_button.clicked.connect(lambda: self._tick_all(False))
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        self.table.itemChanged.connect(self._count)
        self.load()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def load(self) -> None:
        try:
            self.preview = activity_plan.preview_plan(self.year_spin.value())
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.error.show_problem(None)
        self.items = self.preview.new_items
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            tick.setCheckState(Qt.Checked if item.include else Qt.Unchecked)
            self.table.setItem(row, 0, tick)
            self.table.setItem(row, 1, QTableWidgetItem(f"{item.date.isoformat()} {weekday_name(item.date, '周')}"))
            self.table.setItem(row, 2, QTableWidgetItem(item.title))
            for col, text in ((3, kinds.KINDS[item.kind].short), (4, item.group_name)):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                self.table.setItem(row, col, cell)
        self.table.blockSignals(False)
        self.notes.show_note("\n".join(self.preview.notes) or None)
        self._count()

    def _tick_all(self, on: bool) -> None:
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            self.table.item(row, 0).setCheckState(Qt.Checked if on else Qt.Unchecked)
        self.table.blockSignals(False)
        self._count()

    def _count(self, *_args) -> None:
        ticked = sum(1 for row in range(self.table.rowCount()) if self.table.item(row, 0).checkState() == Qt.Checked)
        existing = len(self.preview.existing_items)
        text = f"{self.year_spin.value()} 年按规则应安排 {len(self.preview.items)} 项活动"
        if existing:
            text += f"，已经有 {existing} 项"
        text += f"；这次将添加 {ticked} 项。"
        self.summary.setText(text)
        self.apply_button.setEnabled(ticked > 0)

    def edited_items(self) -> list[activity_plan.PlanItem]:
        """The preview as the user edited it; raises UserError for a date that is not one."""
        for row, item in enumerate(self.items):
            item.include = self.table.item(row, 0).checkState() == Qt.Checked
            item.title = self.table.item(row, 2).text().strip()
            text = self.table.item(row, 1).text().split(" 周")[0].strip()
            try:
                parsed = parse_date(text)
            except DateError as exc:
                raise UserError(f"第 {row + 1} 行：{exc}") from None
            if parsed is None:
                raise UserError(f"第 {row + 1} 行没有日期，请填写。")
            item.date = parsed[0]
        return self.items

    def apply(self) -> None:
        try:
            change = activity_plan.apply_plan.undoable(self.year_spin.value(), self.edited_items())
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.created = change.result
        self.month_to_show = activity_plan.month_to_show(self.year_spin.value(), self.today)
        if self.undo_stack is not None:
            push_change(self.undo_stack, change)
        self.accept()


class RulesDialog(QDialog):
    """How often each kind of activity is held in this branch, and on which day it is planned."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("活动频次规则")
        self.rows: dict[str, tuple[QComboBox, QSpinBox, QSpinBox, QSpinBox]] = {}
        grid = QGridLayout()
        for col, text in enumerate(("活动", "多久一次", "每期几次", "哪个月", "几号")):
            label = QLabel(text, self)
            label.setStyleSheet("font-weight: bold;")
            grid.addWidget(label, 0, col)
        rules = kinds.rules()
        for row, (key, spec) in enumerate(kinds.KINDS.items(), start=1):
            rule = rules[key]
            period = QComboBox(self)
            for value, label in kinds.PERIOD_LABELS.items():
                period.addItem(label, value)
            period.setCurrentIndex(period.findData(rule.period))
            times = QSpinBox(self)
            times.setRange(0, 10)
            times.setValue(rule.times)
            month = QSpinBox(self)
            month.setRange(1, 12)
            month.setValue(rule.month)
            day = QSpinBox(self)
            day.setRange(1, 31)
            day.setValue(rule.day)
            day.setSuffix(" 日")
            name = QLabel(spec.name + ("\n（每个党小组）" if key == "group_meeting" else ""), self)
            grid.addWidget(name, row, 0)
            for col, widget in enumerate((period, times, month, day), start=1):
                grid.addWidget(widget, row, col)
            self.rows[key] = (period, times, month, day)
            period.currentIndexChanged.connect(lambda _i, k=key: self._period_changed(k))
            self._period_changed(key)
        self.exclude_flow = QCheckBox("流动党员外出期间不计入应到人数（本人来参加时照常计入）", self)
        self.exclude_flow.setChecked(kinds.exclude_flow_members())
        self.error = ErrorLabel(self)
        save = QPushButton(icons.icon("fa6s.floppy-disk", color="white"), "保存", self)
        mark_primary(save)
        cancel = QPushButton("取消", self)
        defaults = QPushButton("恢复默认", self)
        buttons = QHBoxLayout()
        buttons.addWidget(defaults)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        for button in (defaults, cancel):
            button.setAutoDefault(False)
        save.setDefault(True)
        intro = QLabel("这里的频次决定“生成年度计划”安排哪些活动，也决定工作台上提醒什么。"
                       "默认按《中国共产党支部工作条例（试行）》的通常做法。", self)
        intro.setWordWrap(True)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(grid)
        body_layout.addWidget(self.exclude_flow)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        save.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        defaults.clicked.connect(self.restore_defaults)
        self.resize(860, 600)

    def _period_changed(self, key: str) -> None:
        period, times, month, day = self.rows[key]
        value = period.currentData()
        required = value != "none"
        times.setEnabled(required)
        if required and times.value() == 0:
            times.setValue(1)
        month.setEnabled(value in ("quarter", "year"))
        month.setMaximum(3 if value == "quarter" else 12)
        month.setPrefix("季度第 " if value == "quarter" else "")
        month.setSuffix(" 个月" if value == "quarter" else " 月")
        day.setEnabled(required)

    def rule_of(self, key: str) -> kinds.FrequencyRule:
        period, times, month, day = self.rows[key]
        value = period.currentData()
        return kinds.FrequencyRule(key, value, times.value() if value != "none" else 0, month.value(), day.value())

    def restore_defaults(self) -> None:
        for key, rule in kinds.DEFAULT_RULES.items():
            period, times, month, day = self.rows[key]
            period.setCurrentIndex(period.findData(rule.period))
            times.setValue(rule.times)
            month.setValue(rule.month)
            day.setValue(rule.day)
        self.exclude_flow.setChecked(True)

    def save(self) -> None:
        try:
            for key in kinds.KIND_KEYS:
                kinds.validate_rule(self.rule_of(key))
        except ValidationError as exc:
            self.error.show_problem("；".join(exc.problems.values()))
            return
        for key in kinds.KIND_KEYS:
            kinds.set_rule(self.rule_of(key))
        kinds.set_exclude_flow_members(self.exclude_flow.isChecked())
        self.accept()
