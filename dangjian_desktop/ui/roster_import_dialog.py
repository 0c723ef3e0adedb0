"""导入花名册: choose a file → check the columns → see the problems and changes → import.

The dialog is thin: reading, checking and importing are :mod:`dangjian_desktop.core.roster_import`,
run off the GUI thread through :func:`dangjian_desktop.ui.worker.run_with_progress`. The check
step is a dry run of the real import (rolled back), so what the user sees is what will happen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.roster_check import LoadedRoster, check_roster, choose_sheet, load_roster
from dangjian_desktop.core.roster_columns import CHOICE_LABELS
from dangjian_desktop.core.roster_export import export_problems
from dangjian_desktop.core.roster_import import ImportReport, apply_roster
from dangjian_desktop.core.roster_memory import was_remembered
from dangjian_desktop.core.roster_read import ENCODING_LABELS, FILE_FILTER
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import file_dialogs, icons
from dangjian_desktop.ui.fields import ErrorLabel, NoteLabel
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import error_text, run_with_progress

PAGE_FILE, PAGE_COLUMNS, PAGE_CHECK, PAGE_DONE = range(4)


WRAPPED_ROWS_LIMIT = 500     # above this, rows keep one line (measuring each row costs time)


def _table(parent: QWidget, headers: list[str], stretch: tuple[int, ...] = (-1,)) -> QTableWidget:
    """A read-only table; the ``stretch`` columns (default: the last) share the remaining width."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setWordWrap(True)
    stretch = {i % len(headers) for i in stretch}
    header = table.horizontalHeader()
    for i in range(len(headers)):
        header.setSectionResizeMode(i, QHeaderView.Stretch if i in stretch else QHeaderView.ResizeToContents)
    return table


def _item(value: object) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    if isinstance(value, int):
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    return item


class RosterImportDialog(QDialog):
    """After ``exec()``, ``changed`` is True when members were added or updated."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None,
                 before_write: Callable[[], object] | None = None):
        super().__init__(parent)
        self.today = today
        self.before_write = before_write   # e.g. an automatic backup before the import writes
        self.loaded: LoadedRoster | None = None
        self.preview: ImportReport | None = None
        self.import_report: ImportReport | None = None
        self.changed = False
        self.busy = False
        self._failure: str | None = None    # why the last work in the background did not finish
        self._operation = None
        self.setWindowTitle("导入花名册")
        self.resize(980, 640)

        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "title")
        layout.addWidget(self.heading)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.stack.addWidget(self._file_page())
        self.stack.addWidget(self._columns_page())
        self.stack.addWidget(self._check_page())
        self.stack.addWidget(self._done_page())

        buttons = QHBoxLayout()
        self.back_button = QPushButton(icons.icon("fa6s.arrow-left"), "上一步", self)
        self.cancel_button = QPushButton("取消", self)
        self.next_button = QPushButton(self)
        mark_primary(self.next_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.go_back)
        self.cancel_button.clicked.connect(self.reject)
        self.next_button.clicked.connect(self.go_next)
        self._show_page(PAGE_FILE)

    # --- pages -----------------------------------------------------------------------------------
    def _file_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        text = QLabel(
            "把已有的党员花名册（Excel 或 WPS 表格）直接导入，不用再一个个录入。\n\n"
            "• 支持 .xlsx、.xls、WPS 的 .et、.ods 和 .csv 文件；几个工作表的可以选用哪一个；"
            "表格上方的标题行、两行的表头、表格下方的“填表人”等说明都没关系。\n"
            "• 下一步会列出程序认出的各列，认错的可以改。\n"
            "• 导入前会先检查，有问题的行会列出行号，改好表格后再导入即可。\n"
            "• 已经登记过的党员按身份证号对上，不会重复登记；有变化的会先给您过目。",
            page,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        row = QHBoxLayout()
        self.choose_button = QPushButton(icons.icon("fa6s.folder-open", color="white"), "选择花名册文件…", page)
        mark_primary(self.choose_button)
        self.choose_button.clicked.connect(self.ask_for_file)
        row.addWidget(self.choose_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.file_error = ErrorLabel(page)
        layout.addWidget(self.file_error)
        layout.addStretch(1)
        return page

    def _columns_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        sheet_row = QHBoxLayout()
        self.sheet_label = QLabel("工作表：", page)
        self.sheet_box = QComboBox(page)
        self.sheet_box.setAccessibleName("要导入的工作表")
        self.sheet_box.setMinimumWidth(240)
        self.sheet_label.setBuddy(self.sheet_box)
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_box)
        sheet_row.addStretch(1)
        layout.addLayout(sheet_row)
        self.sheet_box.currentTextChanged.connect(self._sheet_chosen)
        self.sheet_problem: str | None = None
        self.columns_intro = QLabel(page)
        self.columns_intro.setWordWrap(True)
        layout.addWidget(self.columns_intro)
        self.columns_table = _table(page, ["表格中的列", "前几行的内容", "导入为"], stretch=(1,))
        self.columns_table.setSelectionMode(QAbstractItemView.NoSelection)
        layout.addWidget(self.columns_table, 1)
        self.columns_error = ErrorLabel(page)
        layout.addWidget(self.columns_error)
        return page

    def _check_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.check_summary = QLabel(page)
        self.check_summary.setWordWrap(True)
        layout.addWidget(self.check_summary)
        self.problems_label = QLabel("有问题的行（请按行号在表格中修改）：", page)
        layout.addWidget(self.problems_label)
        self.problems_table = _table(page, ["行号", "列", "问题"])
        layout.addWidget(self.problems_table, 2)
        row = QHBoxLayout()
        self.skip_invalid = QCheckBox("跳过有问题的行，只导入没有问题的", page)
        self.save_problems_button = QPushButton(icons.icon("fa6s.file-excel"), "把问题清单存为表格…", page)
        row.addWidget(self.skip_invalid)
        row.addStretch(1)
        row.addWidget(self.save_problems_button)
        layout.addLayout(row)
        self.changes_label = QLabel("已登记党员的信息将这样修改（请核对）：", page)
        layout.addWidget(self.changes_label)
        self.changes_table = _table(page, ["行号", "姓名", "项目", "原来", "改为"], stretch=(3, 4))
        layout.addWidget(self.changes_table, 2)
        self.check_hint = ErrorLabel(page)
        layout.addWidget(self.check_hint)
        self.saved_note = NoteLabel(page)
        layout.addWidget(self.saved_note)
        self.skip_invalid.toggled.connect(self._update_buttons)
        self.save_problems_button.clicked.connect(self.ask_save_problems)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.done_summary = QLabel(page)
        self.done_summary.setWordWrap(True)
        layout.addWidget(self.done_summary)
        layout.addStretch(1)
        return page

    # --- navigation ------------------------------------------------------------------------------
    def _show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        titles = {
            PAGE_FILE: "第 1 步：选择花名册文件",
            PAGE_COLUMNS: "第 2 步：核对各列",
            PAGE_CHECK: "第 3 步：检查结果",
            PAGE_DONE: "导入完成",
        }
        self.heading.setText(titles[index])
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.stack.currentIndex()
        self.back_button.setVisible(page in (PAGE_COLUMNS, PAGE_CHECK))
        self.cancel_button.setVisible(page != PAGE_DONE)
        self.next_button.setVisible(page != PAGE_FILE)
        enabled = not self.busy
        if page == PAGE_COLUMNS:
            self.next_button.setText("检查")
            enabled = (enabled and self.loaded is not None and not self.sheet_problem
                       and not self.loaded.mapping.problems())
        elif page == PAGE_CHECK:
            report = self.preview
            count = (report.imported + report.updated) if report else 0
            if report and report.changes:
                self.next_button.setText(f"确认修改并导入（{count} 人）")
            else:
                self.next_button.setText(f"导入（{count} 人）")
            blocked = bool(report and report.invalid and not self.skip_invalid.isChecked())
            if report is None:
                hint = None
            elif blocked:
                rows = len({p.row for p in report.invalid})
                hint = f"有 {rows} 行有问题：请改好表格后重新导入，或勾选“跳过有问题的行”。"
            elif count == 0:
                hint = "没有需要新增或修改的党员。"
            else:
                hint = None
            self.check_hint.show_problem(self._failure or hint)
            enabled = enabled and report is not None and not blocked and count > 0
        elif page == PAGE_DONE:
            self.next_button.setText("完成")
        self.next_button.setEnabled(enabled)
        self.back_button.setEnabled(not self.busy)
        self.choose_button.setEnabled(not self.busy)

    def go_back(self) -> None:
        page = self.stack.currentIndex()
        if page == PAGE_CHECK:
            self._show_page(PAGE_COLUMNS)
        elif page == PAGE_COLUMNS:
            self._show_page(PAGE_FILE)

    def go_next(self) -> None:
        page = self.stack.currentIndex()
        if page == PAGE_COLUMNS:
            self.start_check()
        elif page == PAGE_CHECK:
            self.start_import()
        elif page == PAGE_DONE:
            self.accept()

    def _run(self, title: str, func, on_done, *, cancellable: bool = False) -> None:
        def finished(result):
            self.busy = False
            on_done(result)
            self._update_buttons()

        def failed(exc: BaseException):
            self.busy = False
            self._failure = error_text(exc)
            self._show_failure(self._failure)
            self._update_buttons()

        self.busy = True
        self._failure = None
        self._update_buttons()
        self._operation = run_with_progress(self, title, func, finished, on_error=failed, cancellable=cancellable)

    def _show_failure(self, text: str) -> None:
        page = self.stack.currentIndex()
        {PAGE_FILE: self.file_error, PAGE_COLUMNS: self.columns_error}.get(page, self.check_hint).show_problem(text)

    # --- step 1: the file -------------------------------------------------------------------------
    def ask_for_file(self) -> None:
        path = file_dialogs.open_file(self, file_dialogs.IMPORT, "选择花名册文件", FILE_FILTER)
        if path is not None:
            self.choose_file(path)

    def choose_file(self, path: Path) -> None:
        """Read ``path`` in the background, then show the columns."""
        self.file_error.show_problem(None)
        self._run("正在读取花名册", lambda progress: load_roster(path), self._file_loaded)

    def _file_loaded(self, loaded: LoadedRoster) -> None:
        self.loaded = loaded
        self.preview = None
        self.sheet_problem = None
        names = loaded.sheet_names
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(names)
        self.sheet_box.setCurrentText(loaded.table.sheet or "")
        self.sheet_box.blockSignals(False)
        for widget in (self.sheet_label, self.sheet_box):
            widget.setVisible(len(names) > 1)      # a workbook of several sheets: choose which one
        self._fill_columns()
        self._show_page(PAGE_COLUMNS)

    def _sheet_chosen(self, name: str) -> None:
        if not name or self.loaded is None:
            return
        if name == self.loaded.table.sheet and not self.sheet_problem:
            return
        try:
            chosen = choose_sheet(self.loaded, name)
        except UserError as exc:
            self.sheet_problem = str(exc)
            self.columns_table.setRowCount(0)
            self.columns_intro.setText("")
            self.columns_error.show_problem(self.sheet_problem)
            self._update_buttons()
            return
        self.sheet_problem = None
        self.loaded = chosen
        self.preview = None
        self._fill_columns()
        self._update_buttons()

    # --- step 2: columns -------------------------------------------------------------------------
    def _fill_columns(self) -> None:
        loaded = self.loaded
        mapping = loaded.mapping
        encoding = ""
        if loaded.table.encoding:
            encoding = f"（文字编码：{ENCODING_LABELS.get(loaded.table.encoding, loaded.table.encoding)}）"
        header = f"在{mapping.header_rows_text}找到表头" + ("（两行合成一行）" if mapping.header_rows > 1 else "")
        lines = [f"{loaded.table.where}{encoding}：{header}，下面有 {loaded.data_rows} 行内容。"]
        if was_remembered(mapping, loaded.proposed):
            lines.append("这种表格以前导入过：各列已按您上次的选择设好。")
        lines.append("请核对每一列要导入成什么。没认出的列会“写入备注”（不会丢掉）；不需要的可以选“不导入”。")
        self.columns_intro.setText("\n".join(lines))
        table = self.columns_table
        table.setRowCount(len(mapping.columns))
        self.column_boxes: list[QComboBox] = []
        for row, column in enumerate(mapping.columns):
            table.setItem(row, 0, _item(f"{column.header}（{column.letter}列）"))
            table.setItem(row, 1, _item("、".join(loaded.samples(column.index))))
            box = QComboBox(table)
            for key, label in CHOICE_LABELS.items():
                box.addItem(label, key)
            box.setCurrentIndex(box.findData(column.target))
            box.setAccessibleName(f"“{column.header}”导入为")
            box.currentIndexChanged.connect(lambda _i, b=box, index=column.index: self._retarget(index, b.currentData()))
            table.setCellWidget(row, 2, box)
            self.column_boxes.append(box)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self._update_mapping_problems()

    def set_column_target(self, header: str, target: str) -> None:
        """Choose ``target`` for the column named ``header`` (as the user would in the box)."""
        for column, box in zip(self.loaded.mapping.columns, self.column_boxes):
            if column.header == header:
                box.setCurrentIndex(box.findData(target))
                return
        raise KeyError(header)

    def _retarget(self, index: int, target: str) -> None:
        self.loaded = self.loaded.with_mapping(self.loaded.mapping.with_target(index, target))
        self.preview = None
        self._update_mapping_problems()

    def _update_mapping_problems(self) -> None:
        problems = self.loaded.mapping.problems()
        self.columns_error.show_problem("\n".join(problems) if problems else None)
        self._update_buttons()

    # --- step 3: check ---------------------------------------------------------------------------
    def start_check(self) -> None:
        loaded, today = self.loaded, self.today

        def work(progress):
            plan = check_roster(loaded, today=today, progress=progress)
            return apply_roster(plan, skip_invalid=True, dry_run=True, progress=progress, today=today)

        self.columns_error.show_problem(None)
        self._run("正在检查花名册", work, self._checked, cancellable=True)

    def _checked(self, report: ImportReport) -> None:
        self.preview = report
        self.saved_note.show_note(None)
        bad_rows = len({p.row for p in report.invalid})
        parts = [f"可以新增 {report.imported} 名党员", f"更新 {report.updated} 名", f"无变化 {report.unchanged} 名"]
        text = "检查完毕：" + "，".join(parts) + "。"
        if bad_rows:
            text += f"\n有 {bad_rows} 行有问题，见下表。"
        if report.ignored:
            text += f"\n已跳过 {len(report.ignored)} 行（空行、表格下方的说明等）。"
        if report.groups_created:
            text += f"\n将新建党小组：{'、'.join(report.groups_created)}。"
        for line in report.recognised:
            text += "\n" + line
        self.check_summary.setText(text)

        rows = [(p.row, p.column, p.message) for p in report.invalid]
        rows += [(i.row, "", f"已跳过：{i.reason}") for i in report.ignored]
        rows += [(n.row, n.column, f"提示（不影响导入）：{n.message}") for n in report.notes]
        rows.sort(key=lambda r: r[0])
        self._fill(self.problems_table, rows)
        shown = bool(rows)
        self.problems_label.setText("有问题的行（请按行号在表格中修改）：" if report.invalid
                                    else "请过目（这些不影响导入）：")
        for widget in (self.problems_label, self.problems_table, self.save_problems_button):
            widget.setVisible(shown)
        self.skip_invalid.setVisible(bool(report.invalid))

        changes = [(c.row, c.name, f.label, f.old, f.new) for c in report.changes for f in c.changes]
        self._fill(self.changes_table, changes)
        self.changes_label.setVisible(bool(changes))
        self.changes_table.setVisible(bool(changes))
        self._show_page(PAGE_CHECK)

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = _item(value)
                item.setToolTip(str(value))
                table.setItem(r, c, item)
        # Long messages wrap; the row heights follow the column width as the window resizes.
        mode = QHeaderView.ResizeToContents if len(rows) <= WRAPPED_ROWS_LIMIT else QHeaderView.Interactive
        table.verticalHeader().setSectionResizeMode(mode)

    def ask_save_problems(self) -> None:
        name = f"{self.loaded.table.path.stem}-问题清单.xlsx"
        path, _ = file_dialogs.save_file(self, file_dialogs.IMPORT, "保存问题清单", name, "Excel 表格 (*.xlsx)")
        if path is not None:
            self.save_problems(path)

    def save_problems(self, path: Path) -> None:
        try:
            saved = export_problems(self.preview, path)
        except Exception as exc:
            self.check_hint.show_problem(error_text(exc))
            return
        self.saved_note.show_note(f"问题清单已保存到“{saved}”。")

    # --- step 4: import --------------------------------------------------------------------------
    def start_import(self) -> None:
        loaded, today, skip = self.loaded, self.today, self.skip_invalid.isChecked()
        backup = self.before_write

        def work(progress):   # the backup before writing runs here too, off the window's thread
            plan = check_roster(loaded, today=today, progress=progress)
            return apply_roster(plan, skip_invalid=skip, progress=progress, today=today, safety_backup=backup)

        self._run("正在导入花名册", work, self._imported, cancellable=True)

    def _imported(self, report: ImportReport) -> None:
        self.import_report = report
        if report.refused:
            self._checked(report)      # something changed since the check: show it again
            return
        self.changed = report.imported + report.updated > 0
        lines = [f"已新增 {report.imported} 名党员，更新 {report.updated} 名，无变化 {report.unchanged} 名。"]
        if report.invalid:
            lines.append(f"跳过了有问题的 {len({p.row for p in report.invalid})} 行，改好后可以再导入一次。")
        if report.groups_created:
            lines.append(f"新建了党小组：{'、'.join(report.groups_created)}。")
        lines.append("再次导入同一份花名册不会重复登记。")
        if report.backup_note:
            lines.append(report.backup_note)
        self.done_summary.setText("\n".join(lines))
        self._show_page(PAGE_DONE)

    def reject(self) -> None:
        if self.busy:
            return          # the work in progress finishes first; it is all or nothing anyway
        super().reject()


def open_import_dialog(parent: QWidget | None = None, *, today: dt.date | None = None,
                       before_write: Callable[[], object] | None = None) -> bool:
    """Show the import dialog; True when members were imported or updated."""
    dialog = RosterImportDialog(parent, today=today, before_write=before_write)
    dialog.exec()
    return dialog.changed
