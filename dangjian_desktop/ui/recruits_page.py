"""发展党员: everyone in the pipeline by stage with the next step and its date (overdue ones said
in words), and the person's file: every step with its date and people, the scans, and the papers.

The rules are core.recruit_rules / core.recruits; this page shows them and records steps as
named changes on the window's undo stack.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import recruit_choices, recruit_files, recruits
from dangjian_desktop.core.recruit_rules import ACTIVIST, APPLICANT, CANDIDATE, PROBATIONARY, STAGE_LABELS
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import show_error

LIST_COLUMNS = ("姓名", "阶段", "下一步")           # the application's date is in the person's file
PIPELINE = (APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY)
STEP_COLUMNS = ("日期", "步骤", "参加的人", "说明")


class RecruitsPage(Page):
    key = "recruits"
    nav_label = "发展党员"
    nav_icon = "fa6s.user-plus"

    def __init__(self, parent: QWidget | None = None, *, undo_stack: QUndoStack | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.summaries: list[recruits.RecruitSummary] = []
        self.current_id: int | None = None

        layout = self.vbox(self)
        self.title = QLabel("发展党员", self)
        self.roster_button = QPushButton(icons.icon("fa6s.print"), "打印名册", self)
        self.roster_button.setToolTip("入党积极分子、发展对象名册")
        self.add_button = QPushButton(icons.icon("fa6s.user-plus", color="white"), "新增申请人", self)
        mark_primary(self.add_button)
        layout.addLayout(self.header(self.title, self.roster_button, self.add_button))
        filters = QHBoxLayout()
        filters.addWidget(QLabel("阶段：", self))
        self.stage_filter = QComboBox(self)
        self.stage_filter.addItem("正在培养的（申请人到预备党员）", "pipeline")
        for stage, label in STAGE_LABELS.items():
            self.stage_filter.addItem(label, stage)
        self.stage_filter.addItem("全部", "all")
        filters.addWidget(self.stage_filter)
        filters.addSpacing(18)
        self.counts_label = QLabel(self)
        filters.addWidget(self.counts_label)
        filters.addStretch(1)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Horizontal, self)
        self.table = QTableWidget(0, len(LIST_COLUMNS), splitter)
        self.table.setHorizontalHeaderLabels(LIST_COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)     # 下一步: its words wrap, never cut
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.file_panel = self._build_file_panel(splitter)
        splitter.addWidget(self.table)
        splitter.addWidget(self.file_panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.table.setMinimumWidth(360)
        layout.addWidget(splitter, 1)
        self.empty = QLabel("还没有发展党员档案。收到入党申请书后，点右上角的“新增申请人”，从递交申请书那天记起。", self)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "hint")
        layout.addWidget(self.empty)

        self.add_button.clicked.connect(self.add_recruit)
        self.roster_button.clicked.connect(lambda: self._print("recruits"))
        self.stage_filter.currentIndexChanged.connect(self._filter_chosen)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.record_step())

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _filter_chosen(self) -> None:
        self.current_id = None          # the user chose what to see: begin at its first person
        self.refresh()

    def _build_file_panel(self, parent) -> QWidget:
        panel = QWidget(parent)
        box = QVBoxLayout(panel)
        box.setContentsMargins(8, 0, 0, 0)
        self.person_title = QLabel(panel)
        self.person_title.setProperty("role", "title")
        self.person_facts = QLabel(panel)
        self.person_facts.setWordWrap(True)
        self.next_label = QLabel(panel)
        self.next_label.setWordWrap(True)
        box.addWidget(self.person_title)
        box.addWidget(self.person_facts)
        box.addWidget(self.next_label)
        actions = QHBoxLayout()
        self.step_button = QPushButton(icons.icon("fa6s.pen", color="white"), "记录下一步…", panel)
        mark_primary(self.step_button)
        self.record_button = QPushButton(icons.icon("fa6s.print"), "打印工作记录", panel)
        self.notice_button = QPushButton(icons.icon("fa6s.bullhorn"), "打印公示", panel)
        self.review_button = QPushButton(icons.icon("fa6s.clipboard-list"), "打印考察表", panel)
        for button in (self.record_button, self.notice_button, self.review_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.step_button)
        box.addLayout(actions)
        self.steps = QTableWidget(0, len(STEP_COLUMNS), panel)
        self.steps.setHorizontalHeaderLabels(STEP_COLUMNS)
        self.steps.verticalHeader().setVisible(False)
        self.steps.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.steps.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.steps.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.steps.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.steps, 3)
        files_row = QHBoxLayout()
        files_row.addWidget(QLabel("扫描件：", panel))
        files_row.addStretch(1)
        self.file_kind = QComboBox(panel)
        self.file_kind.addItems(recruit_files.FILE_KINDS)
        self.add_file_button = QPushButton(icons.icon("fa6s.file-image"), "添加扫描件…", panel)
        self.save_file_button = QPushButton(icons.icon("fa6s.download"), "另存为…", panel)
        self.remove_file_button = QPushButton(icons.icon("fa6s.trash-can"), "删除", panel)
        for widget in (self.file_kind, self.add_file_button, self.save_file_button, self.remove_file_button):
            files_row.addWidget(widget)
        box.addLayout(files_row)
        self.file_list = QListWidget(panel)
        self.file_list.setMaximumHeight(120)
        box.addWidget(self.file_list, 1)
        self.step_button.clicked.connect(lambda: self.record_step())
        self.record_button.clicked.connect(lambda: self._print("recruit-record", recruit_id=self.current_id))
        self.notice_button.clicked.connect(lambda: self._print("recruit-notice", recruit_id=self.current_id))
        self.review_button.clicked.connect(lambda: self._print("recruit-review", recruit_id=self.current_id))
        self.add_file_button.clicked.connect(self.add_files)
        self.save_file_button.clicked.connect(self.save_file)
        self.remove_file_button.clicked.connect(self.remove_file)
        return panel

    # --- the list ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            everyone = recruits.list_recruits(today=self.today)
        except UserError as exc:
            show_error(self, exc)
            return
        wanted = self.stage_filter.currentData()
        if wanted != "all" and self.current_id is not None and self._stage_of(everyone, self.current_id) not in (
                PIPELINE if wanted == "pipeline" else (wanted,)) and self._stage_of(everyone, self.current_id):
            # the person just recorded left the stages shown (转正, 终止): keep their file in view
            self.stage_filter.blockSignals(True)
            self.stage_filter.setCurrentIndex(self.stage_filter.findData("all"))
            self.stage_filter.blockSignals(False)
            wanted = "all"
        if wanted == "pipeline":
            shown = [s for s in everyone if s.stage in PIPELINE]
        elif wanted == "all":
            shown = everyone
        else:
            shown = [s for s in everyone if s.stage == wanted]
        self.summaries = shown
        counts = recruit_choices.recruit_counts()
        self.title.setText(f"发展党员（在培养 {sum(counts[s] for s in PIPELINE)} 人）")
        self.counts_label.setText(f"申请人 {counts[APPLICANT]} 人，入党积极分子 {counts[ACTIVIST]} 人，"
                                  f"发展对象 {counts[CANDIDATE]} 人，预备党员 {counts['probationary']} 人")
        keep = self.current_id
        self.table.blockSignals(True)
        self.table.setRowCount(len(shown))
        for row, s in enumerate(shown):
            cells = (s.name, s.stage_label, s.next.text)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2 and s.next.overdue:
                    item.setForeground(Qt.darkRed)
                    item.setIcon(icons.icon("fa6s.clock", color="#B03A2E"))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.empty.setVisible(not everyone)
        rows = [i for i, s in enumerate(shown) if s.id == keep]
        if rows:
            self.table.selectRow(rows[0])
        elif shown:
            self.table.selectRow(0)
        self._selection_changed()

    @staticmethod
    def _stage_of(everyone, recruit_id: int) -> str | None:
        return next((s.stage for s in everyone if s.id == recruit_id), None)

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        summary = self.summaries[rows[0].row()] if rows and rows[0].row() < len(self.summaries) else None
        self.current_id = summary.id if summary else None
        self.file_panel.setEnabled(summary is not None)
        if summary is None:
            self.person_title.setText("")
            self.person_facts.setText("")
            self.next_label.setText("")
            self.steps.setRowCount(0)
            self.file_list.clear()
            return
        recruit = recruits.get_recruit(summary.id)
        self.person_title.setText(f"{recruit.name} · {summary.stage_label}")
        facts = [f"{recruit.gender}" if recruit.gender else "",
                 f"{recruit.birth_date.year}年{recruit.birth_date.month}月生" if recruit.birth_date else "",
                 f"身份证号 {recruit.id_number}", f"手机 {recruit.phone}" if recruit.phone else "",
                 f"{recruit.applied_on.isoformat()} 递交入党申请书"]
        self.person_facts.setText("，".join(f for f in facts if f))
        late = "，请尽快办理" if summary.next.overdue else ""
        self.next_label.setText(f"下一步：{summary.next.text}{late}" if summary.next.text else "")
        lines = recruits.file_lines(summary.id)
        self.steps.setRowCount(len(lines))
        for row, line in enumerate(lines):
            people = f"{line.role}：{'、'.join(line.people)}" if line.people else ""
            details = [line.note] if line.note else []
            if line.hours:
                details.append(f"{line.hours} 学时")
            if line.months:
                details.append(f"延长 {line.months} 个月")
            for column, text in enumerate((line.on_date.isoformat(), line.label, people, "；".join(details))):
                self.steps.setItem(row, column, QTableWidgetItem(text))
        allowed = recruit_choices.allowed_steps(summary.id)
        self.step_button.setEnabled(bool(allowed))
        self.notice_button.setEnabled(summary.stage in (CANDIDATE,))
        self.review_button.setEnabled(summary.stage in (ACTIVIST, CANDIDATE))
        self._load_files()

    def _load_files(self) -> None:
        self.file_list.clear()
        for record in recruit_files.files(self.current_id):
            item = QListWidgetItem(icons.icon("fa6s.file-image"), f"{record.kind}：{record.filename}", self.file_list)
            item.setData(Qt.UserRole, record.id)
        has = self.file_list.count() > 0
        self.save_file_button.setEnabled(has)
        self.remove_file_button.setEnabled(has)

    # --- actions -----------------------------------------------------------------------------------
    def add_recruit(self) -> None:
        from dangjian_desktop.ui.recruit_dialogs import AddRecruitDialog

        dialog = AddRecruitDialog(self, today=self.today)
        if dialog.exec() and dialog.change is not None:
            self.current_id = dialog.change.result.id
            self.recorded(dialog.change, dialog.message)

    def record_step(self, event: str | None = None) -> None:
        from dangjian_desktop.ui.recruit_dialogs import StepDialog

        if self.current_id is None:
            return
        dialog = StepDialog(self.current_id, self, today=self.today, event=event)
        if dialog.exec() and dialog.change is not None:
            self.recorded(dialog.change, dialog.message)

    def add_files(self) -> None:
        from dangjian_desktop.core.attachments import ACCEPTED_SUFFIXES, prepare_files
        from dangjian_desktop.ui import file_dialogs

        if self.current_id is None:
            return
        patterns = " ".join(f"*{s}" for s in ACCEPTED_SUFFIXES)
        paths = file_dialogs.open_files(self, file_dialogs.ATTACHMENT, "选择扫描件", f"照片或 PDF ({patterns})")
        if not paths:
            return
        ready, skipped = prepare_files(paths, kind="签到表")      # scan size: signatures stay legible
        if skipped:
            show_error(self, UserError("\n".join(skipped)), title="有的文件没有添加")
        if not ready:
            return
        change = recruit_files.store_files.undoable(self.current_id, ready, kind=self.file_kind.currentText())
        self.recorded(change, f"已添加 {len(ready)} 份{self.file_kind.currentText()}")

    def _current_file(self) -> int | None:
        item = self.file_list.currentItem() or (self.file_list.item(0) if self.file_list.count() else None)
        return item.data(Qt.UserRole) if item else None

    def save_file(self) -> None:
        from dangjian_desktop.ui import file_dialogs

        file_id = self._current_file()
        if file_id is None:
            return
        record = next(r for r in recruit_files.files(self.current_id) if r.id == file_id)
        path, _filter = file_dialogs.save_file(self, file_dialogs.ATTACHMENT, "另存为", record.filename, "")
        if path is None:
            return
        try:
            path.write_bytes(recruit_files.file_data(file_id))
        except OSError as exc:
            from dangjian_desktop.errors import os_error_text

            show_error(self, UserError(f"保存不了：{os_error_text(exc)}。"))
            return
        self.status_message.emit(f"已另存为 {path}")

    def remove_file(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        file_id = self._current_file()
        if file_id is None:
            return
        answer = QMessageBox.question(self, "删除材料", "确定删除这份扫描件吗？（删除后可以按 Ctrl+Z 撤销）",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        change = recruit_files.remove_file.undoable(file_id)
        self.recorded(change, f"已删除“{change.result}”（可按 Ctrl+Z 撤销）")

    def _print(self, key: str, **params) -> None:
        from dangjian_desktop.reports.catalog import DOCUMENTS
        from dangjian_desktop.ui.reports_page import print_document

        if key not in DOCUMENTS:
            show_error(self, UserError("这份表格还不能打印。"))
            return
        print_document(self, key, **params)
