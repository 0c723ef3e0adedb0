"""The main window: side bar of pages, status bar, menus with standard shortcuts.

The window is made in two steps so that it is on screen at once: ``MainWindow(None, settings)``
builds its frame (title bar, side bar, menus) from Qt alone, and :meth:`MainWindow.attach` gives it
the open data file and fills the 工作台. Nothing of the data layer (peewee, the models, the rules)
is imported before the frame is shown; ``MainWindow(opened, settings)`` does both steps at once.

The frame does not touch PySide6's ``Qt`` namespace either (creating its 93 enums takes 11 ms):
the side bar's keys are kept in a list, not as item data, its icons are read from PNG files
(``icons.cached_icon``), shortcuts are set with ``setShortcuts`` (``setShortcut``'s overloads
reach for ``Qt.Key``), its scroll-bar policy comes from the style sheet, and the opening text
is centred by stretches. ``tests/test_start.py`` checks it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop import APP_NAME, __version__
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.settings import UiSettings
from dangjian_desktop.ui.theme import FONT_SIZE_LABELS, SIDEBAR_ICON, apply_font_size
from dangjian_desktop.ui.undo import UNDO_LIMIT, ChangeStack

# The program's pages in side-bar order: key, label, icon, and where the class lives. A page is
# built (and its module imported) the first time it is shown, so that the window opens quickly.
PAGES = (
    ("home", "工作台", "fa6s.house", "dangjian_desktop.ui.home_page", "HomePage"),
    ("members", "党员", "fa6s.user", "dangjian_desktop.ui.members_page", "MembersPage"),
    ("groups", "党小组", "fa6s.people-group", "dangjian_desktop.ui.groups_page", "GroupsPage"),
    ("activities", "活动", "fa6s.calendar-days", "dangjian_desktop.ui.activities_page", "ActivitiesPage"),
    ("recruits", "发展党员", "fa6s.user-plus", "dangjian_desktop.ui.recruits_page", "RecruitsPage"),
    ("dues", "党费", "fa6s.yen-sign", "dangjian_desktop.ui.dues_page", "DuesPage"),
    ("review", "民主评议", "fa6s.square-check", "dangjian_desktop.ui.review_page", "ReviewPage"),
    ("stats", "统计", "fa6s.chart-column", "dangjian_desktop.ui.stats_page", "StatsPage"),
    ("reports", "报表", "fa6s.print", "dangjian_desktop.ui.reports_page", "ReportsPage"),
    ("backup", "备份", "fa6s.floppy-disk", "dangjian_desktop.ui.backup_page", "BackupPage"),
    ("settings", "支部设置", "fa6s.gear", "dangjian_desktop.ui.settings_page", "SettingsPage"),
)


OPENING_TEXT = "正在打开数据，请稍候……"


class _NotBuilt(QWidget):
    """Holds a page's place in the stack until the page is first shown (``text`` says why it is
    empty: the 工作台 while the data file opens)."""

    def __init__(self, key: str, parent=None, text: str = ""):
        super().__init__(parent)
        self.key = key
        if text:
            layout = QVBoxLayout(self)
            row = QHBoxLayout()
            label = QLabel(text, self)
            label.setProperty("role", "hint")
            row.addStretch(1)
            row.addWidget(label)
            row.addStretch(1)
            layout.addStretch(1)
            layout.addLayout(row)
            layout.addStretch(1)


def show_error(parent, exc) -> None:
    from dangjian_desktop.ui.worker import show_error as show

    show(parent, exc)


class MainWindow(QMainWindow):
    def __init__(self, opened=None, settings: UiSettings | None = None):
        super().__init__()
        self.opened = None
        self.settings = settings or UiSettings()
        self.undo_stack = ChangeStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)   # each step keeps the rows it changed: not for ever
        self.pages: dict[str, Page] = {}
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(1000, 640)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_title_bar())
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.sidebar = QListWidget(central)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(SIDEBAR_ICON, SIDEBAR_ICON))   # Tab and a click focus it (Qt's default)
        self._row_keys: list[str] = []             # the page key of each side-bar row
        self.stack = QStackedWidget(central)
        body.addWidget(self.sidebar)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        for key, label, icon, _module, _name in PAGES:
            self._add_row(key, label, icon, _NotBuilt(key, self.stack, OPENING_TEXT if key == "home" else ""))
        self.sidebar.setCurrentRow(0)            # before attach: a frame with nothing to show yet
        self.sidebar.currentRowChanged.connect(self._show_row)

        self.saved_label = QLabel("", self)
        self.backup_label = QLabel("", self)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.backup_label)
        self.auto_backup = None
        self.instance_server = None
        self.backup_on_exit = False
        self._build_menus()
        # What needs the data waits for them (a key pressed while the file opens does nothing);
        # 退出 and 帮助 work at once, 撤销/重做 follow the undo history.
        self._needs_data = [action for menu in (self.file_menu, self.edit_menu, self.view_menu)
                            for action in menu.actions()
                            if not action.isSeparator() and action not in (self.quit_action, self.undo_action,
                                                                           self.redo_action)]
        self._needs_data.append(self.about_action)
        for action in self._needs_data:
            action.setEnabled(False)
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        else:
            self.resize(1280, 740)
        self._backup_notice: tuple | None = None
        self._flow_notice: int | None = None
        if opened is not None:
            self.attach(opened)

    def attach(self, opened) -> None:
        """Give the frame its data file: automatic backups, the title, the 工作台, and the answer
        to a second start on the same file."""
        from dangjian_desktop.ui.backup_auto import AutoBackupTimer
        from dangjian_desktop.ui.single_instance import InstanceServer

        self.opened = opened
        for action in self._needs_data:
            action.setEnabled(True)
        # Automatic local backups: every 30 minutes when the data changed, and on exit.
        self.auto_backup = AutoBackupTimer(opened.path, self)
        self.auto_backup.failed.connect(self.show_status)
        self.auto_backup.start()
        self.backup_on_exit = True
        self.undo_stack.indexChanged.connect(self._undo_index_changed)
        self.undo_stack.applied.connect(self._change_applied)
        self._update_title()
        self._update_backup_status(refresh=False)    # the notices go in with the page's first fill
        self._update_flow_notice(refresh=False)
        self.show_page("home")
        self.instance_server = InstanceServer(opened.path, self)
        self.instance_server.show_requested.connect(self.bring_to_front)

    # --- structure -----------------------------------------------------------------------
    def _build_title_bar(self) -> QWidget:
        bar = QWidget(self)
        bar.setObjectName("titlebar")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(16, 8, 16, 8)
        self.branch_title = QLabel(APP_NAME, bar)
        self.branch_title.setProperty("role", "apptitle")
        layout.addWidget(self.branch_title)
        layout.addStretch(1)
        layout.addWidget(QLabel("字号：", bar))
        self.font_combo = QComboBox(bar)
        for key, label in FONT_SIZE_LABELS.items():
            self.font_combo.addItem(label, key)
        self.font_combo.setCurrentIndex(self.font_combo.findData(self.settings.font_size))
        self.font_combo.setToolTip("字号：标准 / 大 / 特大")
        self.font_combo.currentIndexChanged.connect(self._font_changed)
        layout.addWidget(self.font_combo)
        return bar

    def add_page(self, page: Page, *, before: str | None = None) -> None:
        """Put a built page into the side bar (``before`` another page's key, else at the end)."""
        self._add_row(page.key, page.nav_label, page.nav_icon, page, before=before)
        self._adopt(page)

    def _add_row(self, key: str, label: str, icon: str, widget: QWidget, *, before: str | None = None) -> None:
        item = QListWidgetItem(icons.cached_icon(icon, "#555", SIDEBAR_ICON), label)
        item.setSizeHint(QSize(150, 48))
        keys = self._row_keys
        row = keys.index(before) if before in keys else len(keys)
        keys.insert(row, key)
        self.sidebar.insertItem(row, item)
        self.stack.insertWidget(row, widget)

    def _adopt(self, page: Page) -> None:
        self.pages[page.key] = page
        page.data_changed.connect(self._data_changed)
        page.status_message.connect(self.show_status)

    def page(self, key: str) -> Page:
        """The page ``key``, built now if it was not yet (its module imported on first use)."""
        built = self.pages.get(key)
        if built is not None:
            return built
        import importlib

        spec = next(p for p in PAGES if p[0] == key)
        page_class = getattr(importlib.import_module(spec[3]), spec[4])
        page = self._make_page(key, page_class)
        row = next(i for i in range(self.stack.count())
                   if isinstance(self.stack.widget(i), _NotBuilt) and self.stack.widget(i).key == key)
        placeholder = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.insertWidget(row, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if current == row:
            self.stack.setCurrentIndex(row)
        self._adopt(page)
        return page

    def _make_page(self, key: str, page_class) -> Page:
        """Build one page and connect it to the window."""
        if key == "members":
            page = page_class(self.undo_stack, self, settings=self.settings)
            page.load_demo_requested.connect(self.load_demo)
            page.before_import = lambda: self.auto_backup.backup_now("import")
        elif key == "home":
            page = page_class(self, undo_stack=self.undo_stack)
            page.navigate.connect(self.show_page)
            # Every meeting can print its sign-in sheet and minutes from its own window.
            page.editor_opened.connect(self._add_print_buttons)
            page.add_activity_action("打印签到表", self._print_signin, icon="fa6s.clipboard-list")
        elif key == "activities":
            page = page_class(self, undo_stack=self.undo_stack)
            page.editor_opened.connect(self._add_print_buttons)
        elif key == "backup":
            page = page_class(self.opened, self)
            page.restored.connect(self._after_restore)
        elif key in ("reports", "stats"):
            page = page_class(self)
        else:
            page = page_class(self, undo_stack=self.undo_stack)
        return page

    home_page = property(lambda self: self.page("home"))
    members_page = property(lambda self: self.page("members"))
    groups_page = property(lambda self: self.page("groups"))
    activities_page = property(lambda self: self.page("activities"))
    reports_page = property(lambda self: self.page("reports"))
    backup_page = property(lambda self: self.page("backup"))
    settings_page = property(lambda self: self.page("settings"))

    def _action(self, text: str, slot, keys=None) -> QAction:
        """A menu action; ``keys`` a standard key (with every binding the system has for it) or a
        list of key sequences."""
        action = QAction(text, self, triggered=slot)
        if keys is not None:
            action.setShortcuts(keys)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.print_action = self._action("打印…", self.print_current, QKeySequence.Print)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("备份到U盘…", self._usb_backup))
        file_menu.addAction(self._action("从备份恢复…", self._restore))
        file_menu.addSeparator()
        self.quit_action = self._action("退出(&X)", self.close, QKeySequence.Quit)
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu

        edit_menu = self.menuBar().addMenu("编辑(&E)")
        self.undo_action = self.undo_stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcuts(QKeySequence.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "重做")
        self.redo_action.setShortcuts(QKeySequence.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = self._action("搜索党员", self._find, QKeySequence.Find)
        self.new_action = self._action("新增（党员 / 党小组）", self._new_item, QKeySequence.New)
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.new_action)
        self.edit_menu = edit_menu

        view_menu = self.menuBar().addMenu("查看(&V)")
        for index, key in enumerate(self._row_keys):
            keys = [QKeySequence(f"Ctrl+{index + 1}")] if index < 9 else None
            view_menu.addAction(self._action(self.sidebar.item(index).text(),
                                             lambda _c=False, k=key: self.show_page(k), keys))
        self.view_menu = view_menu

        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self._action("使用说明", self.show_manual, QKeySequence.HelpContents))
        self.about_action = self._action("关于", self.show_help)    # names the data file: after attach
        help_menu.addAction(self.about_action)

    # --- navigation ----------------------------------------------------------------------
    def show_page(self, key: str) -> None:
        for row in range(self.sidebar.count()):
            if self._row_keys[row] == key:
                if self.sidebar.currentRow() == row:
                    self._show_row(row)   # already current: no signal comes, refresh here
                else:
                    self.sidebar.setCurrentRow(row)   # currentRowChanged shows and refreshes it
                return

    def _show_row(self, row: int) -> None:
        if row < 0 or self.opened is None:
            return   # the frame before attach: no page can be built without the data
        page = self.page(self._row_keys[row])
        self.stack.setCurrentIndex(row)
        try:
            page.refresh()
        except UserError as exc:
            show_error(self, exc)

    def current_page(self) -> Page:
        return self.stack.currentWidget()

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _undo_index_changed(self, _index: int) -> None:
        self._update_title()

    def _change_applied(self, change, verb: str) -> None:
        """After an undo or redo: everything on screen shows the data as they are now."""
        self._data_changed()
        page = self.current_page()
        try:
            page.refresh()
        except UserError as exc:
            show_error(self, exc)
        self.show_status(f"已{verb}：{change.label}")

    def _data_changed(self) -> None:
        self._update_title()
        self._update_backup_status()
        self._update_flow_notice()
        self.saved_label.setText("已保存")

    def _update_flow_notice(self, *, refresh: bool = True) -> None:
        """A reminder on the 工作台 while flow members' 外出流向 is still 待补 (an import took them
        in without it)."""
        from dangjian_desktop.core import members as member_ops

        pending = member_ops.roster_counts().flow_pending
        if pending == self._flow_notice:
            return
        self._flow_notice = pending
        if pending:
            self.home_page.add_notice(
                "flow_pending", f"有 {pending} 名流动党员的外出流向还是“待补”：问清到哪里去了，补上便于联系。",
                "去补上", self._show_flow_pending, refresh=refresh)
        else:
            self.home_page.remove_notice("flow_pending", refresh=refresh)

    def _show_flow_pending(self) -> None:
        self.show_page("members")
        self.members_page.show_status("flow_pending")

    def _update_backup_status(self, *, refresh: bool = True) -> None:
        from dangjian_desktop.backup.reminder import usb_backup_status

        status = usb_backup_status()
        self.backup_label.setText(status.short_text)
        notice = (status.due, status.sentence)
        if notice == self._backup_notice:
            return   # unchanged: spare the home page a reload
        self._backup_notice = notice
        if status.due:
            self.home_page.add_notice("usb_backup", status.sentence, "备份到U盘", self._usb_backup,
                                      refresh=refresh)
        else:
            self.home_page.remove_notice("usb_backup", refresh=refresh)

    def _usb_backup(self) -> None:
        self.show_page("backup")
        self.backup_page.start_usb_backup()

    def _restore(self) -> None:
        self.show_page("backup")
        self.auto_backup.wait()   # a snapshot in progress would make the restore refuse
        self.backup_page.start_restore()

    def _after_restore(self) -> None:
        """Everything on screen and in the undo history refers to the data before the restore."""
        self.undo_stack.clear()
        self._update_title()
        self._update_backup_status()
        self.current_page().refresh()

    def _update_title(self) -> None:
        from dangjian_desktop.core import branch as branch_ops

        info = branch_ops.branch_info()
        name = info.name if info else ""
        self.branch_title.setText(f"{name} · {APP_NAME}" if name else APP_NAME)
        self.setWindowTitle(f"{name} - {APP_NAME}" if name else APP_NAME)

    # --- actions -------------------------------------------------------------------------
    def _find(self) -> None:
        self.show_page("members")
        self.members_page.focus_search()

    def _new_item(self) -> None:
        """Ctrl+N: a new party group on the groups page, a new member anywhere else."""
        if self.current_page().key == "groups":
            self.groups_page.new_group()
            return
        self.show_page("members")
        self.members_page.add_member()

    def print_current(self) -> None:
        """Ctrl+P: print what the reports page shows (opening it when elsewhere)."""
        if self.current_page().key != "reports":
            self.show_page("reports")
            return
        self.reports_page.print_current()

    def _print_signin(self, activity_id: int) -> None:
        from dangjian_desktop.ui.report_dialog import print_signin

        print_signin(self, activity_id)

    @staticmethod
    def _add_print_buttons(editor) -> None:
        from dangjian_desktop.ui.report_dialog import print_minutes, print_signin

        def printing(make):   # unsaved edits are saved first, so the paper matches the screen
            return lambda activity_id: editor.save_pending() and make(editor, activity_id)

        editor.add_action("打印签到表", printing(print_signin), icon="fa6s.clipboard-list")
        editor.add_action("打印会议记录", printing(print_minutes), icon="fa6s.print")

    def load_demo(self) -> None:
        answer = QMessageBox.question(
            self, "载入演示数据",
            "将载入一个虚构的“东坡村党支部”（46 名党员），用来熟悉程序。以后要录入真实党员时，"
            "请另建一份数据，或在“备份”中恢复。确定载入吗？",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        from dangjian_desktop.core.demo import generate_demo

        try:
            generate_demo(46, seed=1)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh_all()
        self.statusBar().showMessage("已载入演示数据", 8000)

    def refresh_all(self) -> None:
        self._update_title()
        self.current_page().refresh()

    def _font_changed(self) -> None:
        key = self.font_combo.currentData()
        self.settings.font_size = key
        apply_font_size(QApplication.instance(), key)
        QTimer.singleShot(0, self.current_page().refresh)

    def show_manual(self) -> None:
        from dangjian_desktop.ui.help import show_manual

        show_manual(self)

    def show_help(self) -> None:
        QMessageBox.about(
            self, f"关于{APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>党支部党员名册、党小组、活动记录与打印的离线工具，不需要联网。</p>"
            "<p><b>常用快捷键</b><br>Ctrl+F 搜索党员　Ctrl+N 新增党员　Ctrl+Z 撤销<br>"
            "Ctrl+S 保存（在填写表格时）　Ctrl+1…9 切换页面　F1 本说明</p>"
            f"<p>数据保存在：<br>{self.opened.path}</p>",
        )

    def fills_small_screen(self) -> bool:
        """Whether the window should start maximised: no size was kept from last time and the
        screen is hardly bigger than the window's first size (a 1366×768 laptop)."""
        if self.settings.geometry is not None:
            return False
        screen = self.screen() or QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        return room is not None and (room.width() < 1440 or room.height() < 820)

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event) -> None:
        if self.auto_backup is not None:
            self.auto_backup.stop()
            if self.backup_on_exit:
                self.auto_backup.backup_blocking("exit")
        self.settings.geometry = self.saveGeometry()
        self.settings.sync()
        super().closeEvent(event)
