"""Starting the GUI: the application object, the database, first run, screenshots."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from dangjian_desktop import APP_ID, APP_NAME
from dangjian_desktop.db.location import real_db_path
from dangjian_desktop.db.lock import held_elsewhere, in_use_text
from dangjian_desktop.errors import DatabaseInUse, UserError
from dangjian_desktop.resources_path import resource
from dangjian_desktop.ui import input_method
from dangjian_desktop.ui.errors import install_error_hook
from dangjian_desktop.ui.settings import UiSettings
from dangjian_desktop.ui.theme import apply_font_size

# Set by benchmarks/startup_search.py: the start prints "shown" when the window's frame is on
# screen and "ready" when the 工作台 is filled, then ends without waiting for the user.
START_TIMES = "DANGJIAN_START_TIMES"


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
    """The window, in the order that puts it on screen soonest: the frame first (Qt only), then
    the data file is opened (and upgraded) and the 工作台 filled while the frame is showing."""
    app = application()
    if not screenshot:
        install_error_hook()   # an error nobody caught is logged and told in Chinese, never lost
    settings = UiSettings()
    apply_font_size(app, settings.font_size)
    path = real_db_path(db_path)
    if not screenshot and held_elsewhere(path):
        if _bring_forward(path):
            return 0   # the window already open comes to the front; this one never shows
        QMessageBox.warning(None, APP_NAME, in_use_text(path))   # it is still opening, or a command holds it
        return 1
    from dangjian_desktop.ui.main_window import PAGES, MainWindow

    keys = [key for key, *_rest in PAGES]
    if page and page not in keys:
        raise UserError(f"没有叫“{page}”的页面，可用的页面：{'、'.join(keys)}。")
    timed = bool(os.environ.get(START_TIMES)) and not screenshot
    window = MainWindow(None, settings)
    if not screenshot:
        if window.fills_small_screen():
            window.showMaximized()       # 1366×768: the whole screen, not a window cut to fit it
        else:
            window.show()
        app.processEvents()              # painted before the data layer is even imported
        if timed:
            print("shown", flush=True)
    from dangjian_desktop.db.connection import open_database

    try:
        opened = open_database(path)
    except DatabaseInUse as exc:
        if screenshot:
            raise
        window.hide()
        if _bring_forward(path):
            return 0
        QMessageBox.warning(None, APP_NAME, str(exc))
        return 1
    except UserError as exc:
        if screenshot:
            raise
        QMessageBox.warning(window, APP_NAME, str(exc))
        return 1
    try:
        from dangjian_desktop.core import branch as branch_ops
        from dangjian_desktop.core.upgrade_data import bring_data_up_to_date

        bring_data_up_to_date()
        if opened.upgraded_from is not None and not screenshot:
            QMessageBox.information(
                window, APP_NAME,
                f"数据已升级到新版本。升级前的数据另存了一份：\n{opened.pre_upgrade_copy}")
        if branch_ops.is_empty() and not screenshot:
            from dangjian_desktop.ui.first_run import FirstRunDialog

            if FirstRunDialog(window).exec() != QDialog.Accepted:
                return 0
        window.attach(opened)
        if page:
            window.show_page(page)
        if screenshot:
            return _screenshot(app, window, screenshot)
        if timed:
            app.processEvents()
            print("ready", flush=True)
            window.backup_on_exit = False
            window.close()
            return 0
        QTimer.singleShot(0, lambda: input_method.tell_once(settings, window))  # fcitx 4: what to do
        return app.exec()
    finally:
        from dangjian_desktop.ui.worker import finish_running

        finish_running()           # no worker may still read the file as it closes
        opened.close()


def _bring_forward(path) -> bool:
    from dangjian_desktop.ui.single_instance import ask_running_instance_to_show

    return ask_running_instance_to_show(path)


def _screenshot(app: QApplication, window, path: str) -> int:
    window.backup_on_exit = False   # a picture of the window changes nothing worth a backup
    window.showNormal()             # 1366×768 always, not the maximised window kept from last time
    window.resize(1366, 768)
    for _ in range(3):
        app.processEvents()
    QTimer.singleShot(0, lambda: None)
    app.processEvents()
    if not window.grab().save(path):
        raise UserError(f"无法保存图片“{path}”，请检查文件夹是否存在、能否写入。")
    window.close()
    return 0
