"""pytest-qt: one order of buttons everywhere (UI.md; ui.dialog_buttons): the safe choice (取消 / 否)
on the left, the action on the right, in our own rows, questions and Qt's button boxes; and the
side bar's selected page has no box around its name that looks like a text field."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QPushButton

from dangjian_desktop.ui.app import application
from dangjian_desktop.ui.theme import apply_font_size


@pytest.fixture(autouse=True)
def themed():
    apply_font_size(application(), "normal")     # the program's style sheet: it sets the order


def _left_to_right(buttons) -> list[str]:
    return [b.text() for b in sorted((b for b in buttons if b.isVisible()), key=lambda b: b.mapToGlobal(b.rect().topLeft()).x())]


def _inspect_next_box(seen: list, tries: int = 300):
    """Look at the next question box when it shows, note its buttons, answer with its safe choice."""
    def look():
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            if len(seen) < tries:
                seen.append(None)
                QTimer.singleShot(10, look)
            return
        box = boxes[0]
        seen[:] = [(_left_to_right(box.findChildren(QPushButton)),
                    box.defaultButton().text() if box.defaultButton() else None)]
        box.escapeButton().click() if box.escapeButton() else box.reject()
    QTimer.singleShot(0, look)


def test_confirm_puts_cancel_left_and_makes_it_the_default(qtbot):
    from dangjian_desktop.ui.questions import confirm

    seen = []
    _inspect_next_box(seen)
    assert confirm(None, "删除支委", "将删除支委记录“组织委员 任磊文”，确定吗？", "删除") is False
    assert seen == [(["取消", "删除"], "取消")]


def test_yes_no_questions_put_no_left(qtbot):
    seen = []
    _inspect_next_box(seen)
    QMessageBox.question(None, "载入演示数据", "确定载入吗？", QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    assert [t.replace("&", "") for t in seen[0][0]] in (["否", "是"], ["No", "Yes"])   # without Qt's catalogue in tests


def test_button_box_and_button_row_put_cancel_left(qtbot):
    from dangjian_desktop.ui.dialog_buttons import button_row

    dialog = QDialog()
    qtbot.addWidget(dialog)
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, dialog)
    box.button(QDialogButtonBox.Ok).setText("确定")
    box.button(QDialogButtonBox.Cancel).setText("取消")
    row, _cancel, _action = button_row(dialog, "保存")
    from PySide6.QtWidgets import QVBoxLayout

    layout = QVBoxLayout(dialog)
    layout.addWidget(box)
    layout.addLayout(row)
    dialog.show()
    QApplication.processEvents()
    assert _left_to_right(box.buttons()) == ["取消", "确定"]
    assert _left_to_right([_cancel, _action]) == ["取消", "保存"]


def test_selected_side_bar_item_has_no_focus_box(window, qtbot):
    window.show_page("members")
    sidebar = window.sidebar
    rect = sidebar.visualItemRect(sidebar.item(sidebar.currentRow()))
    window.activateWindow()
    window.stack.currentWidget().setFocus(Qt.OtherFocusReason)
    QApplication.processEvents()
    without = sidebar.viewport().grab(rect).toImage()
    sidebar.setFocus(Qt.TabFocusReason)
    QApplication.processEvents()
    assert sidebar.hasFocus()
    with_focus = sidebar.viewport().grab(rect).toImage()
    assert with_focus == without
