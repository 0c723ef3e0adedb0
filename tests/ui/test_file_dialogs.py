"""pytest-qt: file dialogs speak Chinese (Qt's own dialog, as offscreen gives: no native one here)
and open in the folder last used for that kind of file, else in 文档."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QFileDialog, QLabel, QLineEdit

from dangjian_desktop.ui import file_dialogs


@pytest.fixture(autouse=True)
def settings(ui_settings):
    file_dialogs.use_settings(ui_settings)
    yield ui_settings
    file_dialogs.use_settings(None)


def _texts(dialog) -> list[str]:
    words = [w.text() for w in dialog.findChildren(QLabel)]
    words += [b.text() for b in dialog.findChildren(QAbstractButton)]
    words += [b.toolTip() for b in dialog.findChildren(QAbstractButton)]
    return [w for w in words if w]


def _answer(dialog_file: Path | None):
    """Answer the next file dialog: type ``dialog_file`` and press its accept button, or cancel."""
    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible())
        answer.seen = dialog
        answer.words = _texts(dialog)
        answer.folder = Path(dialog.directory().absolutePath())
        if dialog_file is None:
            dialog.reject()
            return
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(dialog_file))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Open if dialog.acceptMode() == QFileDialog.AcceptOpen
                                                  else QDialogButtonBox.Save).click()
    QTimer.singleShot(0, answer)
    return answer


@pytest.mark.parametrize("mode", ["open", "save", "folder"])
def test_qt_dialog_has_chinese_words(qtbot, mode):
    dialog = file_dialogs.make_dialog(None, file_dialogs.IMPORT, "选择花名册文件", mode, "Excel 表格 (*.xlsx)")
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.DontUseNativeDialog)      # offscreen: Qt's own dialog
    dialog.show()
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "查找范围："
    assert labels["fileNameLabel"] == "文件名："
    assert labels["fileTypeLabel"] == "文件类型："
    buttons = [b.text() for b in dialog.findChild(QDialogButtonBox).buttons()]
    assert {"open": "打开", "save": "保存", "folder": "选择文件夹"}[mode] in buttons and "取消" in buttons
    for word in _texts(dialog):
        assert not any("a" <= ch.lower() <= "z" for ch in word.replace("&", "").replace("Excel", "").replace("xlsx", "")), word


def test_each_kind_starts_in_its_last_folder(qtbot, tmp_path, monkeypatch):
    documents = tmp_path / "文档"
    documents.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_folder", lambda: documents)
    rosters, backups = tmp_path / "花名册", tmp_path / "U盘"
    rosters.mkdir()
    backups.mkdir()
    roster = rosters / "党员名单.xlsx"
    roster.write_bytes(b"")

    first = _answer(roster)
    assert file_dialogs.open_file(None, file_dialogs.IMPORT, "选择花名册文件", "Excel 表格 (*.xlsx)") == roster
    assert first.folder == documents                                        # nothing used yet: 文档
    assert "查找范围：" in first.words and "Look in:" not in " ".join(first.words)

    again = _answer(None)
    assert file_dialogs.open_file(None, file_dialogs.IMPORT, "选择花名册文件", "Excel 表格 (*.xlsx)") is None
    assert again.folder == rosters                                          # where the roster was

    other = _answer(None)
    file_dialogs.save_file(None, file_dialogs.BACKUP, "保存备份", "备份.djbak", "备份 (*.djbak)")
    assert other.folder == documents                                        # another kind: its own folder

    saved = _answer(backups / "备份.djbak")
    path, _filter = file_dialogs.save_file(None, file_dialogs.BACKUP, "保存备份", "备份.djbak", "备份 (*.djbak)")
    assert path == backups / "备份.djbak"
    assert file_dialogs.start_folder(file_dialogs.BACKUP) == backups
    assert file_dialogs.start_folder(file_dialogs.IMPORT) == rosters
    assert saved.seen is not None

    backups.rmdir()                                                         # the U盘 is gone: 文档 again
    assert file_dialogs.start_folder(file_dialogs.BACKUP) == documents


def test_no_file_dialog_is_made_elsewhere():
    """Every open and save dialog goes through ui.file_dialogs (its Chinese words and folders)."""
    ui = Path(file_dialogs.__file__).parent
    users = [p.name for p in ui.glob("*.py") if p.name != "file_dialogs.py" and "QFileDialog" in p.read_text("utf-8")]
    assert users == []


def test_the_file_list_names_its_columns_types_sizes_and_dates_in_chinese(qtbot, tmp_path, settings):
    from PySide6.QtWidgets import QTreeView

    folder = tmp_path / "花名册"
    (folder / "旧表").mkdir(parents=True)
    (folder / "东坡村.xlsx").write_bytes(b"x" * 3000)
    (folder / "备份.djbak").write_bytes(b"y" * 10)
    file_dialogs.remember(file_dialogs.IMPORT, folder)
    dialog = file_dialogs.make_dialog(None, file_dialogs.IMPORT, "选择花名册文件", "open")
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()
    assert [model.headerData(c, Qt.Horizontal) for c in range(4)] == ["名称", "大小", "类型", "修改日期"]
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 3, timeout=5000)
    rows = {}
    for row in range(3):
        cells = [model.index(row, c, view.rootIndex()).data() for c in range(4)]
        rows[cells[0]] = cells
    assert rows["旧表"][1:3] == ["", "文件夹"]
    assert rows["东坡村.xlsx"][1:3] == ["2.9 KB", "Excel 表格"]
    assert rows["备份.djbak"][1:3] == ["10 字节", "党支部工作台备份"]
    assert rows["东坡村.xlsx"][3][:2] == "20" and "-" in rows["东坡村.xlsx"][3]
