"""pytest-qt: small defects found walking through the first day under a real X server."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from dangjian_desktop.ui.activity_plan_dialog import PlanDialog, RulesDialog
from dangjian_desktop.ui.backup_dialogs import BackupTargetDialog
from tests.activity_branch import make_branch


def test_side_bar_never_shows_a_horizontal_scroll_bar(window):
    # At 标准 the items' padding made the list a few pixels wider than the bar.
    assert window.sidebar.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff
    window.show_page("members")
    QApplication.processEvents()
    assert not window.sidebar.horizontalScrollBar().isVisible()


def _left_to_right(buttons):
    return [b.text() for b in sorted(buttons, key=lambda b: b.mapToGlobal(b.rect().topLeft()).x())]


def test_plan_dialog_puts_cancel_before_save_and_enter_saves(opened, qtbot):
    make_branch()
    dialog = PlanDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _left_to_right([dialog.cancel_button, dialog.apply_button]) == ["取消", "保存计划"]
    assert dialog.apply_button.isDefault()
    assert not dialog.all_button.autoDefault() and not dialog.none_button.autoDefault()


def test_rules_dialog_puts_cancel_before_save_and_enter_saves(opened, qtbot):
    dialog = RulesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    assert _left_to_right([buttons["取消"], buttons["保存"]]) == ["取消", "保存"]
    assert buttons["保存"].isDefault()
    assert not buttons["恢复默认"].autoDefault()


def test_backup_dialog_drops_the_no_stick_hint_once_a_folder_is_chosen(qtbot, tmp_path):
    dialog = BackupTargetDialog(drives=[])
    qtbot.addWidget(dialog)
    texts = [dialog.drive_list.item(i).text() for i in range(dialog.drive_list.count())]
    assert any("没有找到U盘" in t for t in texts)
    dialog.add_folder(tmp_path)
    texts = [dialog.drive_list.item(i).text() for i in range(dialog.drive_list.count())]
    assert texts == [str(tmp_path)]
    assert dialog.selected_folder() == tmp_path
    dialog.refresh_drives([])   # 刷新 with no stick keeps the chosen folder, without the hint
    texts = [dialog.drive_list.item(i).text() for i in range(dialog.drive_list.count())]
    assert texts == [str(tmp_path)]
