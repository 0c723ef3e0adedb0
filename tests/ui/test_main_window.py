from dangjian_desktop.backup.autobackup import list_auto_backups
from tests.demo_cache import load_demo


def test_side_bar_lists_the_built_pages(window):
    labels = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert labels[:4] == ["工作台", "党员", "党小组", "活动"]
    assert "报表" in labels and "备份" in labels and labels[-1] == "支部设置"


def test_status_bar_reminds_of_usb_backup(window):
    assert window.backup_label.text() == "还没有备份到U盘"


def test_closing_the_window_makes_a_local_backup(window, db_path):
    load_demo(46, seed=7)
    assert list_auto_backups(db_path) == []
    window.close()
    backups = list_auto_backups(db_path)
    assert len(backups) == 1


def test_ctrl_p_opens_the_reports_page_first(window):
    window.show_page("members")
    window.print_action.trigger()
    assert window.current_page() is window.reports_page


def test_screenshot_pages_at_extra_large_font(window, tmp_path):
    from PySide6.QtWidgets import QApplication

    load_demo(46, seed=7)
    window.font_combo.setCurrentIndex(window.font_combo.findData("xlarge"))
    window.resize(1366, 768)
    for key in window.pages:
        window.show_page(key)
        QApplication.processEvents()
        assert window.grab().save(str(tmp_path / f"{key}.png"))
    window.font_combo.setCurrentIndex(window.font_combo.findData("normal"))


def test_every_meeting_window_offers_printing(window, qtbot):
    from PySide6.QtWidgets import QPushButton

    from dangjian_desktop.db.models import Activity
    from dangjian_desktop.ui.activity_editor import ActivityEditor

    load_demo(46, seed=7)
    held = Activity.select().where(Activity.status != "planned").first()
    editor = ActivityEditor(held.id, window)
    qtbot.addWidget(editor)
    window.activities_page.editor_opened.emit(editor)
    texts = [b.text() for b in editor.findChildren(QPushButton)]
    assert "打印签到表" in texts and "打印会议记录" in texts



def test_the_window_backs_up_before_an_import_writes(window, db_path):
    load_demo(46, seed=7)
    made = window.members_page.before_import()          # what the import dialog's worker calls
    assert [b.reason for b in list_auto_backups(db_path)] == ["导入前"]
    assert made.path.exists()


def test_pages_are_built_when_first_shown_and_match_their_side_bar_entry(window):
    import importlib

    from dangjian_desktop.ui.main_window import PAGES

    assert set(window.pages) == {"home"}                 # the window opens with its first page only
    for row, (key, label, icon, module, name) in enumerate(PAGES):
        page_class = getattr(importlib.import_module(module), name)
        assert (page_class.key, page_class.nav_label, page_class.nav_icon) == (key, label, icon)
        assert window.sidebar.item(row).text() == label
        window.show_page(key)
        assert window.current_page().key == key and window.stack.currentIndex() == row
    assert set(window.pages) == {key for key, *_ in PAGES}


def test_opening_the_window_imports_no_other_page():
    import subprocess
    import sys

    code = ("import sys; from dangjian_desktop.ui import main_window; "
            "print(sorted(m for m in sys.modules if m.endswith('_page') and 'dangjian' in m))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_window_and_its_first_pages_load_no_heavy_library_before_it_is_needed():
    """Pillow, the pinyin dictionary, spreadsheet and PDF libraries and the backup cipher load
    when a picture, a search by pinyin, an import, a report or a backup first needs them."""
    import subprocess
    import sys

    code = r"""
import sys
from dangjian_desktop.ui.app import application
from PySide6.QtCore import QSettings
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.settings import UiSettings
app = application()
opened = open_database(sys.argv[1])
w = MainWindow(opened, UiSettings(QSettings(sys.argv[2], QSettings.IniFormat)))
w.show(); app.processEvents()
for key in ("members", "groups", "activities"):
    w.show_page(key); app.processEvents()
heavy = ("PIL", "pypinyin", "openpyxl", "python_calamine", "reportlab", "pypdfium2", "cryptography")
print(sorted({m.split(".")[0] for m in sys.modules} & set(heavy)))
"""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "branch.sqlite3"
        assert subprocess.run([sys.executable, "-m", "dangjian_desktop", "--db", str(db), "demo", "--members", "40"],
                              capture_output=True).returncode == 0
        done = subprocess.run([sys.executable, "-c", code, str(db), str(Path(folder) / "ui.ini")],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_on_a_small_screen_the_first_start_fills_it_and_later_starts_keep_their_size(window):
    from PySide6.QtCore import QRect

    screen = window.screen()
    small = screen.availableGeometry().width() < 1440 or screen.availableGeometry().height() < 820
    assert window.fills_small_screen() == small
    window.settings.geometry = window.saveGeometry()
    assert not window.fills_small_screen()
    assert isinstance(screen.availableGeometry(), QRect)
