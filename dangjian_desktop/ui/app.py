"""Starting the GUI: the application object, the database, first run, screenshots."""

from __future__ import annotations

import sys
from pathlib import Path

# isort: off
# What the window needs of the data layer is imported before PySide6: once PySide6 is loaded it
# reads the source of every module imported after it (its __feature__ check), about 30 ms of
# the start-up for these.
import dangjian_desktop.backup.reminder  # noqa: F401
import dangjian_desktop.core.activity_check  # noqa: F401
import dangjian_desktop.core.activity_lists  # noqa: F401
import dangjian_desktop.core.members  # noqa: F401
# isort: on
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from dangjian_desktop import APP_ID, APP_NAME
from dangjian_desktop.core import branch as branch_ops
from dangjian_desktop.core.upgrade_data import bring_data_up_to_date
from dangjian_desktop.db.connection import default_db_path, open_database
from dangjian_desktop.errors import DatabaseInUse, UserError
from dangjian_desktop.resources_path import resource
from dangjian_desktop.ui import input_method
from dangjian_desktop.ui.errors import install_error_hook
from dangjian_desktop.ui.settings import UiSettings
from dangjian_desktop.ui.theme import apply_font_size


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(APP_ID)
        QCoreApplication.setApplicationName(APP_ID)
        typing = input_method.prepare()      # Qt picks its input method as the application starts
        app = QApplication(argv or [sys.argv[0]])
        input_method.restore_environment(typing)
        app.setApplicationDisplayName(APP_NAME)
        app.setWindowIcon(QIcon(str(resource("icons", "app.png"))))
        _install_chinese_qt_texts(app)
    return app


def _install_chinese_qt_texts(app: QApplication) -> None:
    """Qt's own dialogs (file chooser, print dialog, standard buttons) in Chinese."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)


def run(db_path: str | None = None, page: str | None = None, screenshot: str | None = None) -> int:
    app = application()
    if not screenshot:
        install_error_hook()   # an error nobody caught is logged and told in Chinese, never lost
    settings = UiSettings()
    apply_font_size(app, settings.font_size)
    try:
        opened = open_database(db_path)
    except DatabaseInUse as exc:
        if screenshot:
            raise
        from dangjian_desktop.ui.single_instance import ask_running_instance_to_show

        if ask_running_instance_to_show(Path(db_path) if db_path else default_db_path()):
            return 0  # the window already open comes to the front
        QMessageBox.warning(None, APP_NAME, str(exc))
        return 1
    except UserError as exc:
        if screenshot:
            raise
        QMessageBox.warning(None, APP_NAME, str(exc))
        return 1
    try:
        bring_data_up_to_date()
        if opened.upgraded_from is not None and not screenshot:
            QMessageBox.information(
                None, APP_NAME,
                f"数据已升级到新版本。升级前的数据另存了一份：\n{opened.pre_upgrade_copy}")
        if branch_ops.is_empty() and not screenshot:
            from dangjian_desktop.ui.first_run import FirstRunDialog

            if FirstRunDialog().exec() != QDialog.Accepted:
                return 0
        from dangjian_desktop.ui.main_window import PAGES, MainWindow

        window = MainWindow(opened, settings)
        if page:
            keys = [key for key, *_rest in PAGES]
            if page not in keys:
                raise UserError(f"没有叫“{page}”的页面，可用的页面：{'、'.join(keys)}。")
            window.show_page(page)
        if screenshot:
            return _screenshot(app, window, screenshot)
        if window.fills_small_screen():
            window.showMaximized()       # 1366×768: the whole screen, not a window cut to fit it
        else:
            window.show()
        QTimer.singleShot(0, lambda: input_method.tell_once(settings, window))  # fcitx 4: what to do
        return app.exec()
    finally:
        from dangjian_desktop.ui.worker import finish_running

        finish_running()           # no worker may still read the file as it closes
        opened.close()


def _screenshot(app: QApplication, window, path: str) -> int:
    window.backup_on_exit = False   # a picture of the window changes nothing worth a backup
    window.resize(1366, 768)
    window.show()
    for _ in range(3):
        app.processEvents()
    QTimer.singleShot(0, lambda: None)
    app.processEvents()
    if not window.grab().save(path):
        raise UserError(f"无法保存图片“{path}”，请检查文件夹是否存在、能否写入。")
    window.close()
    return 0
