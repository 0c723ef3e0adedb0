"""Choosing a file or folder: every open and save dialog of the program goes through here.

- The system's own dialog where there is one (Windows, macOS, a Linux desktop with a portal);
  otherwise Qt's dialog, whose words Qt's Chinese catalogue leaves partly English ("Look in",
  "Files of type"): those are set here.
- Each kind of file starts in the folder last used for it (remembered in the window settings,
  ``files/folder_<kind>`` in core.settings), else in 文档 (Documents).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QIdentityProxyModel, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QWidget

from dangjian_desktop.ui.settings import UiSettings

# The kinds of file whose folder is remembered separately.
IMPORT, EXPORT, REPORT, BACKUP, ATTACHMENT = "import", "export", "report", "backup", "attachment"
KINDS = (IMPORT, EXPORT, REPORT, BACKUP, ATTACHMENT)

# Qt's dialog in plain Chinese (its catalogue lacks some of these).
LABELS = {
    QFileDialog.LookIn: "查找范围：",
    QFileDialog.FileName: "文件名：",
    QFileDialog.FileType: "文件类型：",
    QFileDialog.Reject: "取消",
}
ACCEPT = {"open": "打开", "save": "保存", "folder": "选择文件夹"}
TOOLTIPS = {
    "backButton": "后退", "forwardButton": "前进", "toParentButton": "上一级文件夹",
    "newFolderButton": "新建文件夹", "listModeButton": "列表", "detailModeButton": "详细信息",
}
ACTIONS = {
    "qt_rename_action": "重命名", "qt_delete_action": "删除", "qt_show_hidden_action": "显示隐藏的文件",
    "qt_new_folder_action": "新建文件夹",
}
# The columns of Qt's dialog, which its catalogue leaves English ("Folder", "KiB", "Excel Worksheet").
HEADERS = ("名称", "大小", "类型", "修改日期")
FILE_TYPES = {
    ".xlsx": "Excel 表格", ".xlsm": "Excel 表格", ".xls": "Excel 97-2003 表格", ".et": "WPS 表格",
    ".ods": "ODS 表格", ".csv": "CSV 文本表格", ".pdf": "PDF 文件", ".djbak": "党支部工作台备份",
    ".jpg": "图片", ".jpeg": "图片", ".png": "图片", ".bmp": "图片", ".gif": "图片", ".txt": "文本文件",
    ".sqlite3": "数据文件", ".doc": "Word 文档", ".docx": "Word 文档", ".wps": "WPS 文档",
}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)


def file_type_text(name: str, is_dir: bool) -> str:
    if is_dir:
        return "文件夹"
    suffix = Path(name).suffix.lower()
    return FILE_TYPES.get(suffix, f"{suffix[1:].upper()} 文件" if suffix else "文件")


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if size >= 10 else f"{size:.1f} {unit}"
    return ""


class ChineseColumns(QIdentityProxyModel):
    """Qt's file list with its column names, sizes, types and dates in plain Chinese."""

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        source = self.sourceModel()
        if role == _DISPLAY and index.column() in (1, 2, 3) and isinstance(source, QFileSystemModel):
            item = self.mapToSource(index)
            is_dir = source.isDir(item)
            if index.column() == 1:
                return "" if is_dir else size_text(source.size(item))
            if index.column() == 2:
                return file_type_text(source.fileName(item), is_dir)
            return source.lastModified(item).toString("yyyy-MM-dd HH:mm")
        return super().data(index, role)


# Platforms without a window system of their own have no native dialog.
_NO_NATIVE = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")

_settings: UiSettings | None = None


def use_settings(settings: UiSettings | None) -> None:
    """The window settings the folders are remembered in (the main window's; tests give their own)."""
    global _settings
    _settings = settings


def _store() -> UiSettings:
    global _settings
    if _settings is None:
        _settings = UiSettings()
    return _settings


def _key(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of file {kind!r}")
    return f"files/folder_{kind}"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder(kind: str, fallback: Path | None = None) -> Path:
    """Where a dialog for this kind of file opens: the folder last used for it while it still
    exists (a U盘 may be gone), else ``fallback`` (the plugged-in U盘 for a backup), else 文档."""
    last = _store().value(_key(kind))
    if last and Path(last).is_dir():
        return Path(last)
    if fallback is not None and Path(fallback).is_dir():
        return Path(fallback)
    return documents_folder()


def remember(kind: str, chosen: Path) -> None:
    folder = chosen if chosen.is_dir() else chosen.parent
    store = _store()
    store.set_value(_key(kind), str(folder))
    store.sync()


def native_available() -> bool:
    return QGuiApplication.platformName() not in _NO_NATIVE


def make_dialog(parent: QWidget | None, kind: str, title: str, mode: str, filters: str = "",
                *, name: str = "", fallback: Path | None = None) -> QFileDialog:
    """A file dialog (``mode``: "open", "open_many", "save" or "folder") with Chinese words,
    starting in the kind's folder. Exposed for tests; callers use the functions below."""
    folder = start_folder(kind, fallback)
    dialog = QFileDialog(parent, title, str(folder / name) if name else str(folder), filters)
    if not native_available():
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptSave)
        dialog.setFileMode(QFileDialog.AnyFile)
    elif mode == "folder":
        dialog.setFileMode(QFileDialog.Directory)
        dialog.setOption(QFileDialog.ShowDirsOnly, True)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptOpen)
        dialog.setFileMode(QFileDialog.ExistingFiles if mode == "open_many" else QFileDialog.ExistingFile)
    for label, text in LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.Accept, ACCEPT["open" if mode == "open_many" else mode])
    if dialog.testOption(QFileDialog.DontUseNativeDialog):
        dialog.setProxyModel(ChineseColumns(dialog))
        _chinese_controls(dialog)
    return dialog


def _chinese_controls(dialog: QFileDialog) -> None:
    """The tool tips and right-click menu of Qt's own dialog."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton

    for name, tip in TOOLTIPS.items():
        button = dialog.findChild(QAbstractButton, name)
        if button is not None:
            button.setToolTip(tip)
    for name, text in ACTIONS.items():
        action = dialog.findChild(QAction, name)
        if action is not None:
            action.setText(text)


def _run(dialog: QFileDialog, kind: str) -> list[Path]:
    if not dialog.exec():
        return []
    chosen = [Path(p) for p in dialog.selectedFiles() if p]
    if chosen:
        remember(kind, chosen[0])
    return chosen


def open_file(parent, kind: str, title: str, filters: str, *, fallback: Path | None = None) -> Path | None:
    chosen = _run(make_dialog(parent, kind, title, "open", filters, fallback=fallback), kind)
    return chosen[0] if chosen else None


def open_files(parent, kind: str, title: str, filters: str) -> list[Path]:
    return _run(make_dialog(parent, kind, title, "open_many", filters), kind)


def save_file(parent, kind: str, title: str, name: str, filters: str) -> tuple[Path | None, str]:
    """The path to save to (None when cancelled) and the filter chosen."""
    dialog = make_dialog(parent, kind, title, "save", filters, name=name)
    suffix = Path(name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    chosen = _run(dialog, kind)
    return (chosen[0] if chosen else None), dialog.selectedNameFilter()


def choose_folder(parent, kind: str, title: str, *, fallback: Path | None = None) -> Path | None:
    chosen = _run(make_dialog(parent, kind, title, "folder", fallback=fallback), kind)
    return chosen[0] if chosen else None
