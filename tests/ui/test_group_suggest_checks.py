"""pytest-qt: in the 自动分组建议 dialog a new empty group or a group without a leader is not
符合规定, and the missing-leader hint names the dialog's own 党小组长 field."""

import datetime as dt

from PySide6.QtCore import Qt

from dangjian_desktop.core.group_suggest import suggest
from dangjian_desktop.ui.group_suggest_dialog import SuggestDialog
from tests.test_group_rules import add_member

TODAY = dt.date(2026, 11, 26)


def _dialog(qtbot):
    for hamlet in (1, 2):
        for k in range(4):
            add_member(f"{hamlet}组{k}", address=f"东坡村{hamlet}组{k}号")
    dialog = SuggestDialog(None, suggest(today=TODAY), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_new_empty_group_is_not_sound(opened, qtbot):
    dialog = _dialog(qtbot)
    assert dialog.summary_text() == "共 2 个党小组，都符合规定，每名党员都已分组。"
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    assert dialog.group_list.count() == 3
    assert dialog.group_list.item(2).text() == "新党小组3\n0 人 · 组长 未定 · 不符合规定"
    assert [line.text() for line in dialog.status_lines] == [
        "人数不足：新党小组3还没有党员，至少要有 3 人。请把党员移到这个组；不要这个组，可以把它去掉。",
        "没有党小组长：新党小组3还没有党小组长。",
    ]
    assert dialog.summary_text() == "共 3 个党小组；还有 2 处不符合规定、0 人未分组。"
    dialog.remove_button.click()
    assert dialog.summary_text() == "共 2 个党小组，都符合规定，每名党员都已分组。"


def test_missing_leader_hint_names_the_leader_field_of_the_dialog(opened, qtbot):
    dialog = _dialog(qtbot)
    key = dialog.suggestion.groups[0].key
    dialog.show_group(key)
    dialog.leader.setCurrentIndex(dialog.leader.findData(None))
    dialog.leader.activated.emit(dialog.leader.currentIndex())
    dialog.show_group(key)
    name = dialog.suggestion.group(key).name
    assert [line.text() for line in dialog.status_lines] == [
        f"没有党小组长：{name}还没有党小组长，请在“党小组长”一栏选一名正式党员。"]
    assert "编辑" not in dialog.status_lines[0].text()
    assert dialog.summary_text() == "共 2 个党小组；还有 1 处不符合规定、0 人未分组。"
