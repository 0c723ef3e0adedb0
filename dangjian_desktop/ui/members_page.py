"""党员 page: the roster table with instant search, filters, add / edit / status change."""

from __future__ import annotations

from dataclasses import replace

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import members as member_ops
from dangjian_desktop.core.groups import group_choices
from dangjian_desktop.core.vocab import ACTIVE, CATEGORIES, PROBATIONARY, STATUS_LABELS
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.member_detail import MemberDetail
from dangjian_desktop.ui.member_form import MemberForm
from dangjian_desktop.ui.member_model import COLUMNS, MemberTableModel
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.status_dialog import StatusDialog
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.undo import push_change

COLUMN_SAMPLES = {
    "name": "欧阳建国国", "gender": "男", "age": "100", "category": PROBATIONARY, "joined_on": "2026-11-26",
    "group": "流动党员党小组", "hamlet": "东坡村12组", "phone": "13612345678", "address": "东坡村12组123号",
    "status": "流动党员",
}


class MembersPage(Page):
    key = "members"
    nav_label = "党员"
    nav_icon = "fa6s.user"

    load_demo_requested = Signal()

    def __init__(self, undo_stack, parent=None, *, settings=None):
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.settings = settings
        self.before_import = None   # called before an import writes (the window's automatic backup)
        self.model = MemberTableModel(self)
        layout = self.vbox(self)

        self.title = QLabel("党员", self)
        self.add_button = QPushButton(icons.icon("fa6s.plus", color="white"), "新增党员", self)
        self.add_button.setToolTip("新增党员 (Ctrl+N)")
        mark_primary(self.add_button)
        self.import_button = QPushButton(icons.icon("fa6s.file-import"), "导入花名册…", self)
        self.import_button.setToolTip("从 Excel / WPS 表格或 CSV 文件导入党员")
        self.export_button = QPushButton(icons.icon("fa6s.file-export"), "导出…", self)
        self.export_button.setToolTip("把党员花名册导出为 Excel 表格或 CSV 文件")
        self.header_row = self.header(self.title, self.import_button, self.export_button, self.add_button)
        layout.addLayout(self.header_row)

        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.stack.addWidget(self._build_roster())
        self.stack.addWidget(self._build_empty())

        self.add_button.clicked.connect(self.add_member)
        self.import_button.clicked.connect(self.import_roster)
        self.export_button.clicked.connect(self.export_roster)
        if settings is not None and settings.show_former:   # as the user left it last time
            self.show_former.blockSignals(True)
            self.show_former.setChecked(True)
            self.show_former.blockSignals(False)
            self.model.set_filter(self.current_filter())
        # Ctrl+F is the window's 编辑 → 搜索党员 (it calls focus_search): a second Ctrl+F here
        # would make the key ambiguous, and Qt then runs neither.

    # --- building ------------------------------------------------------------------------
    def _build_roster(self) -> QWidget:
        holder = QWidget(self)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(holder)
        self.search.setPlaceholderText("搜索：姓名 / 拼音首字母（如 wjg）/ 手机 / 身份证后几位 / 村民小组    (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("fa6s.magnifying-glass"), QLineEdit.LeadingPosition)
        search_row = QHBoxLayout()   # the check box here, not among the filters: that row fits at 特大
        search_row.addWidget(self.search, 1)
        layout.addLayout(search_row)

        filters = QHBoxLayout()
        self.category_filter = QComboBox(holder)
        self.category_filter.addItem("全部类别", None)
        for category in CATEGORIES:
            self.category_filter.addItem(category, category)
        self.group_filter = QComboBox(holder)
        self.hamlet_filter = QComboBox(holder)
        self.hamlet_filter.setAccessibleName("按村民小组筛选")
        self.hamlet_filter.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.status_filter = QComboBox(holder)
        self.status_filter.addItem("全部状态", None)
        self.status_filter.addItem("流动党员", "flow")
        self.status_filter.addItem("流动党员（流向待补）", "flow_pending")
        for key, label in STATUS_LABELS.items():
            if key != ACTIVE:
                self.status_filter.addItem(label, key)
        self.show_former = QCheckBox("显示已不在册党员", holder)
        for label, widget in (("人员类别", self.category_filter), ("党小组", self.group_filter),
                              ("村民小组", self.hamlet_filter), ("状态", self.status_filter)):
            filters.addWidget(QLabel(label + "：", holder))
            filters.addWidget(widget)
        search_row.addWidget(self.show_former)
        filters.addStretch(1)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Horizontal, holder)
        self.table = QTableView(splitter)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        # Indicator first: enabling sorting re-sorts by the indicator (Qt's default is descending).
        self.table.horizontalHeader().setSortIndicator(0, Qt.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.detail = MemberDetail(splitter)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self._apply_filter)
        self.category_filter.currentIndexChanged.connect(self._apply_filter)
        self.group_filter.currentIndexChanged.connect(self._apply_filter)
        self.hamlet_filter.currentIndexChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.show_former.toggled.connect(self._former_toggled)
        # One signal: ``activated`` comes from a double-click and from Enter on the current row
        # (``doubleClicked`` as well opened the form a second time after 取消).
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail.edit_requested.connect(self.edit_member)
        self.detail.status_requested.connect(self.change_status)
        self.model.modelReset.connect(self._after_reset)
        return holder

    def _build_empty(self) -> QWidget:
        holder = QWidget(self)
        layout = QVBoxLayout(holder)
        layout.addStretch(1)
        text = QLabel("还没有党员信息", holder)
        text.setProperty("role", "title")
        text.setAlignment(Qt.AlignCenter)
        hint = QLabel("可以一个一个新增，也可以先载入演示数据看看程序怎么用。", holder)
        hint.setAlignment(Qt.AlignCenter)
        layout.addWidget(text)
        layout.addWidget(hint)
        self.empty_buttons = QHBoxLayout()
        self.empty_buttons.addStretch(1)
        self.empty_import_button = QPushButton(icons.icon("fa6s.file-import"), "导入已有花名册", holder)
        self.empty_import_button.clicked.connect(self.import_roster)
        self.empty_buttons.addWidget(self.empty_import_button)
        add = QPushButton(icons.icon("fa6s.plus", color="white"), "手动新增", holder)
        mark_primary(add)
        demo = QPushButton(icons.icon("fa6s.wand-magic-sparkles"), "载入演示数据", holder)
        self.empty_buttons.addWidget(add)
        self.empty_buttons.addWidget(demo)
        self.empty_buttons.addStretch(1)
        layout.addLayout(self.empty_buttons)
        layout.addStretch(2)
        add.clicked.connect(self.add_member)
        demo.clicked.connect(self.load_demo_requested)
        self.empty_add_button, self.empty_demo_button = add, demo
        return holder

    # --- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        self._size_columns()
        counts = member_ops.roster_counts()
        self.title.setText(f"党员（共 {counts.active} 人，其中预备党员 {counts.probationary} 人）")
        empty = counts.active == 0 and counts.former == 0
        self.stack.setCurrentIndex(1 if empty else 0)
        self.export_button.setEnabled(not empty)
        self._reload_groups()
        self._reload_hamlets()
        current = self.selected_member_id()
        self.model.set_filter(self.current_filter())   # a group or hamlet no longer there: shown as 全部
        if current is not None:
            self.select_member(current)

    def _reload_groups(self) -> None:
        chosen = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("全部党小组", None)
        self.group_filter.addItem("未分组", 0)
        for group_id, name in group_choices():
            self.group_filter.addItem(name, group_id)
        index = self.group_filter.findData(chosen)
        self.group_filter.setCurrentIndex(max(index, 0))
        self.group_filter.blockSignals(False)

    def _reload_hamlets(self) -> None:
        chosen = self.hamlet_filter.currentData()
        box = self.hamlet_filter
        box.blockSignals(True)
        box.clear()
        box.addItem("全部", None)
        for name, count in member_ops.hamlet_names():
            box.addItem(f"{name}（{count} 人）", name)
        box.addItem("未填村民小组", "")
        index = box.findData(chosen) if chosen is not None else 0
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def show_status(self, status: str | None) -> None:
        """Show the roster filtered by one status ("flow", "flow_pending" …), other filters cleared
        (the 工作台's reminders open the roster this way)."""
        for box in (self.category_filter, self.group_filter, self.hamlet_filter):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.status_filter.setCurrentIndex(max(self.status_filter.findData(status), 0))
        self._apply_filter()

    def current_filter(self) -> member_ops.MemberFilter:
        status = self.status_filter.currentData()
        return replace(
            self.model.filter,
            text=self.search.text(),
            category=self.category_filter.currentData(),
            group_id=self.group_filter.currentData(),
            hamlet=self.hamlet_filter.currentData(),
            include_former=self.show_former.isChecked(),
            status=status,
        )

    def _apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())

    def _former_toggled(self, on: bool) -> None:
        if self.settings is not None:
            self.settings.show_former = on
        self._apply_filter()

    def _size_columns(self) -> None:
        # Widths from typical contents, not from all rows: measuring 20,000 rows would load them all.
        metrics = self.table.fontMetrics()
        bold = self.table.horizontalHeader().fontMetrics()
        for column, (key, header, _sort) in enumerate(COLUMNS):
            sample = COLUMN_SAMPLES.get(key, header)
            width = max(metrics.horizontalAdvance(sample), bold.horizontalAdvance(header) + 20)
            self.table.setColumnWidth(column, width + 12)
        self.table.verticalHeader().setDefaultSectionSize(max(28, int(metrics.height() * 1.6)))

    def _after_reset(self) -> None:
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.detail.show_member(None)

    def _current_changed(self, current, _previous) -> None:
        self.detail.show_member(self.model.member_id(current.row()) if current.isValid() else None)

    def selected_member_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.member_id(index.row()) if index.isValid() else None

    def select_member(self, member_id: int) -> None:
        row = self.model.row_of(member_id)
        if row is None:
            self.detail.show_member(None)
            return
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.scrollTo(self.model.index(row, 0))
        self.detail.show_member(member_id)

    def focus_search(self) -> None:
        self.stack.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def _undone(self, change, verb: str) -> None:
        """After Ctrl+Z (or redo) of a member change: show the roster as it is now."""
        if not shiboken6.isValid(self):
            return
        self.refresh()
        member = change.result
        if member is not None and self.model.row_of(member.id) is not None:
            self.select_member(member.id)
        self.status_message.emit(f"已{verb}：{change.label}")
        self.data_changed.emit()

    # --- actions -------------------------------------------------------------------------
    def add_member(self) -> None:
        form = MemberForm(self)
        if form.exec() == QDialog.Accepted and form.change is not None:
            push_change(self.undo_stack, form.change, self._undone)
            self._after_change(form.saved_id, f"已新增党员：{form.change.result.name}（按 Ctrl+Z 可撤销）")

    def _open_index(self, index) -> None:
        if index.isValid():
            self.edit_member(self.model.member_id(index.row()))

    def edit_member(self, member_id: int | None = None) -> None:
        """Edit ``member_id`` (the selected member when not given)."""
        if member_id is None:
            member_id = self.selected_member_id()
        if member_id is None:
            return
        form = MemberForm(self, member_id)
        if form.exec() == QDialog.Accepted and form.change is not None:
            push_change(self.undo_stack, form.change, self._undone)
            self._after_change(member_id, f"已保存：{form.change.result.name}（按 Ctrl+Z 可撤销）")

    def change_status(self) -> None:
        member_id = self.selected_member_id()
        if member_id is None:
            return
        dialog = StatusDialog(self, member_id)
        if dialog.exec() == QDialog.Accepted and dialog.change is not None:
            member = dialog.change.result
            push_change(self.undo_stack, dialog.change, self._undone)
            self._after_change(member_id, f"已变更状态：{member.name}：{STATUS_LABELS[member.status]}")

    def import_roster(self) -> None:
        from dangjian_desktop.ui.roster_import_dialog import open_import_dialog

        if open_import_dialog(self, before_write=self.before_import):
            self.refresh()
            self.status_message.emit("已导入花名册")
            self.data_changed.emit()

    def export_roster(self) -> None:
        from dangjian_desktop.ui.roster_export import export_roster_interactive

        export_roster_interactive(self)

    def _after_change(self, member_id: int, message: str) -> None:
        self.refresh()
        self.select_member(member_id)
        self.status_message.emit(message)
        self.data_changed.emit()
