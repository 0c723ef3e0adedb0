"""pytest-qt: F1 opens the 使用说明 (not only an About box), with the common tasks, in the font
size the user chose."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dangjian_desktop.ui.help import HelpWindow
from dangjian_desktop.ui.help_text import SECTIONS


def _help_window(window):
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow) and w.isVisible()]
    return shown[0] if shown else None


def test_f1_opens_the_manual_with_the_common_tasks(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_F1)
    qtbot.waitUntil(lambda: _help_window(window) is not None)
    manual = _help_window(window)
    text = manual.browser.toPlainText()
    for _key, title in SECTIONS:
        assert title in text
    for step in ("导入花名册…", "新增党员", "自动分组建议…", "生成年度计划…", "记录开会情况", "打印签到表", "备份到U盘",
                 "从备份恢复…", "Ctrl+F", "Ctrl+Z", "Ctrl+P"):
        assert step in text, step
    manual.show_section("import")
    assert manual.browser.find("第 1 步：选择花名册文件")
    qtbot.keyClick(window, Qt.Key_F1)                     # again: the same window, not a second one
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow)] == [manual]
    about = [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    assert about == ["使用说明", "关于"]                    # the About box stays in the 帮助 menu
    manual.close()


def test_manual_is_larger_at_extra_large(window, qtbot):
    from dangjian_desktop.ui.theme import apply_font_size

    manual = HelpWindow(window)
    qtbot.addWidget(manual)
    manual.show()
    normal = manual.browser.fontInfo().pointSizeF()
    normal_line = manual.browser.fontMetrics().height()
    try:
        apply_font_size(QApplication.instance(), "xlarge")
        QApplication.processEvents()
        assert manual.browser.fontInfo().pointSizeF() > normal
        assert manual.browser.fontMetrics().height() > normal_line
        assert manual.browser.document().defaultFont().pointSizeF() > normal
    finally:
        apply_font_size(QApplication.instance(), "normal")
