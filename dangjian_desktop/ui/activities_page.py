"""活动 page: a calendar of the month and the list of its activities, the annual plan, the rules."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import activity_lists
from dangjian_desktop.core.dates import weekday_name
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.activity_controls import tall_rows
from dangjian_desktop.ui.activity_editor import ActivityEditor
from dangjian_desktop.ui.activity_plan_dialog import PlanDialog, RulesDialog
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.row_table_model import RowTableModel
from dangjian_desktop.ui.theme import ACCENT, mark_primary

STATUS_ICONS = {"planned": ("fa6s.calendar", "#5D6D7E"), "held": ("fa6s.clipboard-check", "#9A7D0A"),
                "finalized": ("fa6s.stamp", "#1E8449")}


class ActivityListModel(RowTableModel):
    HEADERS = ("日期", "活动", "类型", "状态", "应到 / 实到")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[activity_lists.ActivityRow] = []

    def set_rows(self, rows: list[activity_lists.ActivityRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{r.date.month}月{r.date.day}日 {weekday_name(r.date, '周')}" + (f" {r.start_time}" if r.start_time else "")
            if col == 1:
                return r.title
            if col == 2:
                return kinds.KINDS[r.kind].short if r.kind in kinds.KINDS else r.kind
            if col == 3:
                return act.STATUS_LABELS.get(r.status, r.status)
            if col == 4:
                return f"应到 {r.expected}" if r.status == "planned" else f"{r.expected} / {r.present}"
        if role == Qt.ItemDataRole.DecorationRole and col == 3:
            icon, color = STATUS_ICONS.get(r.status, ("fa6s.circle", "#555"))
            return icons.icon(icon, color=color)
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return QBrush(QColor(STATUS_ICONS.get(r.status, ("", "#555"))[1]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.title}（双击打开）"
        return None


class ActivitiesPage(Page):
    key = "activities"
    nav_label = "活动"
    nav_icon = "fa6s.calendar-days"

    editor_opened = Signal(object)     # the ActivityEditor, for the lead's extra buttons / tests

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None,
                 undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self._today = today
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.editor: ActivityEditor | None = None
        self.year = self.today.year
        self.month = self.today.month
        layout = self.vbox(self)
        self.title = QLabel("活动", self)
        self.rules_button = QPushButton(icons.icon("fa6s.sliders"), "频次规则…", self)
        self.plan_button = QPushButton(icons.icon("fa6s.calendar-plus"), "生成年度计划…", self)
        self.add_button = QPushButton(icons.icon("fa6s.plus", color="white"), "新增活动", self)
        self.add_button.setToolTip("记一次新的活动或会议")
        mark_primary(self.add_button)
        layout.addLayout(self.header(self.title, self.rules_button, self.plan_button, self.add_button))

        self.empty = QWidget(self)
        empty_layout = QVBoxLayout(self.empty)
        self.empty_text = QLabel("还没有活动安排。可以按本支部的频次规则一次排好全年的三会一课，"
                                 "也可以开一次记一次。", self.empty)
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignCenter)
        self.empty_plan = QPushButton(icons.icon("fa6s.calendar-plus"), "生成年度计划", self.empty)
        self.empty_add = QPushButton(icons.icon("fa6s.plus"), "记一次活动", self.empty)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.empty_plan)
        row.addWidget(self.empty_add)
        row.addStretch(1)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addLayout(row)
        empty_layout.addStretch(2)
        layout.addWidget(self.empty, 1)

        self.body = QSplitter(Qt.Horizontal, self)
        left = QWidget(self.body)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        self.calendar = QCalendarWidget(left)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.NoVerticalHeader)
        self.calendar.setHorizontalHeaderFormat(QCalendarWidget.SingleLetterDayNames)
        self.calendar.setFirstDayOfWeek(Qt.Monday)
        self.calendar.setLocale(QLocale(QLocale.Chinese, QLocale.China))
        self.calendar.setMinimumWidth(300)
        plain = QTextCharFormat()
        plain.setForeground(QBrush(QColor("#222")))
        for day in (Qt.Saturday, Qt.Sunday):
            self.calendar.setWeekdayTextFormat(day, plain)
        left_layout.addWidget(self.calendar)
        legend = QLabel("日历上加粗、底色发红的日子有活动，点一下可以在右边选中。", left)
        legend.setProperty("role", "hint")
        legend.setWordWrap(True)
        left_layout.addWidget(legend)
        self.whole_year = QCheckBox("列出全年的活动", left)
        left_layout.addWidget(self.whole_year)
        left_layout.addStretch(1)
        right = QWidget(self.body)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.list_title = QLabel(right)
        self.list_title.setStyleSheet("font-weight: bold;")
        self.model = ActivityListModel(self)
        self.view = QTableView(right)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)   # a long title wraps at 特大 instead of being cut off
        self.view.verticalHeader().setMinimumSectionSize(max(28, int(self.view.fontMetrics().height() * 1.6)))
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setResizeContentsPrecision(100)   # columns fit the first rows: a long list opens at once
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.month_empty = QLabel(right)
        self.month_empty.setProperty("role", "hint")
        self.month_empty.setWordWrap(True)
        self.open_button = QPushButton(icons.icon("fa6s.folder-open"), "打开", right)
        self.open_button.setToolTip("打开选中的活动，登记出席、写会议记录（也可以双击）")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        right_layout.addWidget(self.list_title)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.month_empty)
        right_layout.addLayout(buttons)
        self.body.addWidget(left)
        self.body.addWidget(right)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([320, 900])
        layout.addWidget(self.body, 1)

        self.add_button.clicked.connect(lambda: self.new_activity())
        self.empty_add.clicked.connect(lambda: self.new_activity())
        self.plan_button.clicked.connect(self.show_plan)
        self.empty_plan.clicked.connect(self.show_plan)
        self.rules_button.clicked.connect(self.show_rules)
        self.calendar.currentPageChanged.connect(self._page_changed)
        self.calendar.clicked.connect(self._date_clicked)
        self.whole_year.toggled.connect(lambda _on: self.reload_list())
        # One signal: ``activated`` comes from a double-click and from Enter on the selected row.
        # (``doubleClicked`` as well would open the editor a second time after it is closed,
        # with a row index gone stale in the list reloaded meanwhile.)
        self.view.activated.connect(self._open_index)
        self.open_button.clicked.connect(self._open_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # --- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        tall_rows(self.view)
        any_activity = activity_lists.has_activities()
        self.empty.setVisible(not any_activity)
        self.body.setVisible(any_activity)
        self.calendar.blockSignals(True)
        self.calendar.setCurrentPage(self.year, self.month)
        self.calendar.blockSignals(False)
        self.reload_list()

    def _page_changed(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.reload_list()

    def reload_list(self) -> None:
        month = None if self.whole_year.isChecked() else self.month
        rows = activity_lists.list_activities(self.year, month)
        self.model.set_rows(rows)
        held = sum(1 for r in rows if r.status != "planned")
        when = f"{self.year}年" if month is None else f"{self.year}年{self.month}月"
        self.list_title.setText(f"{when}的活动：共 {len(rows)} 项，已召开 {held} 项")
        glance = activity_lists.year_glance(self.year)
        self.title.setText(f"活动（{self.year}年共 {glance.total} 项，已召开 {glance.held} 项）")
        self.month_empty.setText("" if rows else f"{when}还没有安排活动。点右上角“新增活动”记一次活动。")
        self.month_empty.setVisible(not rows)
        self._mark_calendar(glance.titles_by_date)
        self._update_buttons()

    def _mark_calendar(self, titles_by_date: dict[dt.date, list[str]]) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())   # clear all
        marked = QTextCharFormat()
        marked.setForeground(QBrush(QColor(ACCENT)))
        marked.setBackground(QBrush(QColor("#FBE9E7")))
        marked.setFontWeight(QFont.Bold)
        for day, titles in titles_by_date.items():
            fmt = QTextCharFormat(marked)
            fmt.setToolTip("\n".join(titles))
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), fmt)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].id if rows else None

    def _date_clicked(self, qdate: QDate) -> None:
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        for row, r in enumerate(self.model.rows):
            if r.date == day:
                self.view.selectRow(row)
                return

    def _open_index(self, index) -> None:
        if index.isValid() and 0 <= index.row() < len(self.model.rows):
            self.open_activity(self.model.rows[index.row()].id)

    def _open_selected(self) -> None:
        activity_id = self.selected_id()
        if activity_id is not None:
            self.open_activity(activity_id)

    # --- actions -------------------------------------------------------------------------------
    def _run_editor(self, editor: ActivityEditor) -> None:
        self.editor = editor
        editor.changed.connect(self._after_change)
        self.editor_opened.emit(editor)
        editor.exec()
        self.editor = None
        self.refresh()

    def open_activity(self, activity_id: int) -> None:
        self._run_editor(ActivityEditor(activity_id, self, today=self._today, undo_stack=self.undo_stack))

    def new_activity(self, kind: str = "theme_day", day: dt.date | None = None, group_id: int | None = None) -> None:
        if day is None:
            selected = self.calendar.selectedDate()
            day = dt.date(selected.year(), selected.month(), selected.day())
        self._run_editor(ActivityEditor(None, self, kind=kind, day=day, group_id=group_id, today=self._today,
                                        undo_stack=self.undo_stack))

    def _after_change(self) -> None:
        self.data_changed.emit()
        self.status_message.emit("已保存")

    def show_plan(self) -> None:
        # The year to plan is core's rule (next year from October on), not the month shown here.
        dialog = PlanDialog(None, self, undo_stack=self.undo_stack, today=self._today)
        if dialog.exec() and dialog.created:
            self.year, self.month = dialog.month_to_show or (dialog.year_spin.value(), self.month)
            self.refresh()
            self.data_changed.emit()
            self.status_message.emit(f"已生成 {self.year} 年计划，新增 {len(dialog.created)} 项活动")

    def show_rules(self) -> None:
        if RulesDialog(self).exec():
            self.data_changed.emit()
            self.status_message.emit("活动频次规则已保存")
            self.refresh()
