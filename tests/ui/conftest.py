import pytest


@pytest.fixture(scope="session", autouse=True)
def _no_work_left_running():
    """Background work a test left running (a page's charts or report) ends before Python does:
    a QThread destroyed while it runs aborts the process, as the program's own exit knows."""
    yield
    from dangjian_desktop.ui.worker import finish_running

    finish_running()


@pytest.fixture
def ui_settings(tmp_path):
    from PySide6.QtCore import QSettings

    from dangjian_desktop.ui.settings import UiSettings

    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat))


@pytest.fixture
def window(qtbot, opened, ui_settings):
    from dangjian_desktop.ui.app import application
    from dangjian_desktop.ui.main_window import MainWindow
    from dangjian_desktop.ui.theme import apply_font_size

    apply_font_size(application(), "normal")
    win = MainWindow(opened, ui_settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def auto_answer(monkeypatch):
    """Answer QMessageBox.question with the given button (default: Yes) and record the texts."""
    from PySide6.QtWidgets import QMessageBox

    asked = []

    def answer(button=QMessageBox.Yes):
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (asked.append(a[2]), button)[1])
        return asked

    return answer


@pytest.fixture
def dialog(qtbot, opened):
    """The 导入花名册 dialog on the test's database."""
    from dangjian_desktop.ui.roster_import_dialog import RosterImportDialog
    from tests.conftest import TODAY

    dlg = RosterImportDialog(today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg
