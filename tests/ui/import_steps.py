"""Steps of the 导入花名册 dialog as a user takes them (the ``dialog`` fixture is in conftest)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dangjian_desktop.ui.roster_import_dialog import PAGE_COLUMNS


def table_rows(table) -> list[tuple]:
    return [
        tuple(table.item(r, c).text() if table.item(r, c) else None for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def choose(qtbot, dlg, path):
    dlg.choose_file(path)
    qtbot.waitUntil(lambda: dlg.stack.currentIndex() == PAGE_COLUMNS and not dlg.busy, timeout=10000)


def press_next(qtbot, dlg, page):
    assert dlg.next_button.isEnabled()
    qtbot.mouseClick(dlg.next_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.stack.currentIndex() == page and not dlg.busy, timeout=10000)
