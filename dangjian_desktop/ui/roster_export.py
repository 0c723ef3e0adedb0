"""导出…: ask for a file name and write the roster as .xlsx (花名册) or .csv, off the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from dangjian_desktop.core.branch import get_branch
from dangjian_desktop.core.roster_export import ExportResult, export_roster
from dangjian_desktop.ui import file_dialogs
from dangjian_desktop.ui.worker import Operation, run_with_progress

XLSX_FILTER = "Excel 表格 (*.xlsx)"
CSV_FILTER = "CSV 文件，UTF-8 (*.csv)"


def default_export_path(today: dt.date | None = None) -> Path:
    today = today or dt.date.today()
    branch = get_branch()
    name = branch.name if branch else "党支部"
    folder = Path.home() / "Documents"
    if not folder.is_dir():
        folder = Path.home()
    return folder / f"{name}党员花名册-{today.isoformat()}.xlsx"


def finished_text(result: ExportResult) -> str:
    extra = f"（其中已不在册 {result.former} 名，见“党籍状态”一列）" if result.former else ""
    return f"已导出 {result.members} 名党员{extra}到：\n{result.path}"


def export_roster_interactive(
    parent: QWidget,
    *,
    on_done: Callable[[ExportResult], None] | None = None,
    today: dt.date | None = None,
) -> Operation | None:
    """Ask where to save, then export in the background. Returns the running operation, or
    None when the user cancelled. ``on_done`` defaults to a short confirmation message."""
    path, chosen = file_dialogs.save_file(
        parent, file_dialogs.EXPORT, "导出党员花名册", default_export_path(today).name, f"{XLSX_FILTER};;{CSV_FILTER}"
    )
    if path is None:
        return None
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_name(path.name + (".csv" if chosen == CSV_FILTER else ".xlsx"))

    def done(result: ExportResult) -> None:
        if on_done is not None:
            on_done(result)
        else:
            QMessageBox.information(parent, "导出完成", finished_text(result))

    return run_with_progress(
        parent, "正在导出花名册", lambda progress: export_roster(path, today=today, progress=progress), done
    )
