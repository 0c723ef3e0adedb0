"""The 党小组 page driven through its real widgets."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop.core import groups as group_ops
from dangjian_desktop.db.models import GroupMembership, PartyGroup
from dangjian_desktop.ui.group_dialog import GroupDialog
from dangjian_desktop.ui.group_history import HistoryDialog
from dangjian_desktop.ui.group_move_dialog import MoveDialog
from dangjian_desktop.ui.group_suggest_dialog import SuggestDialog
from dangjian_desktop.ui.groups_page import GroupsPage
from tests.conftest import TODAY
from tests.test_group_rules import add_member, make_group


def answer_next_box(button_text, asked):
    """Click ``button_text`` in the next message box, recording its text."""
    def click():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        assert box.defaultButton().text() == "取消"          # the safe choice is the default
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)


def select(member_list, ids):
    member_list.setFocus()
    member_list.select_ids(ids)


def drop(source, target, ids):
    """Drop ``ids`` dragged from ``source`` onto ``target`` (the widget's own drop handling)."""
    select(source, ids)
    data = source.drag_data()
    event = QDropEvent(QPoint(5, 5), Qt.MoveAction, data, Qt.LeftButton, Qt.NoModifier)
    target.dropEvent(event)
    return event


@pytest.fixture
def page(qtbot, opened):
    people = {n: add_member(n, address="东坡村1组") for n in ("甲", "乙", "丙", "丁", "戊", "己", "庚")}
    first = make_group("第一党小组", [people[n] for n in "甲乙丙"], leader=people["甲"])
    second = make_group("第二党小组", [people[n] for n in "丁戊己"], leader=people["丁"])
    widget = GroupsPage(today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1180, 700)
    widget.show()
    widget.refresh()
    return widget, people, first, second


def test_page_shows_groups_members_and_unassigned(page):
    widget, people, first, second = page
    assert widget.title.text() == "党小组（共 2 个，已分组 6 人）"
    assert widget.unassigned.member_ids() == [people["庚"]]
    assert widget.unassigned_warning.isVisibleTo(widget)
    card = widget.cards[first]
    assert card.members.texts() == ["甲 · 组长", "丙", "乙"]
    assert card.problem_texts() == []
    assert widget.summary_text() == "还有 1 名党员没有分组。"


def test_moving_a_member_shows_the_break_and_undo_clears_it(page, qtbot):
    widget, people, first, second = page
    card = widget.cards[first]
    select(card.members, [people["乙"]])
    assert card.move_button.isEnabled()
    qtbot.mouseClick(card.move_button, Qt.LeftButton)
    dialog = widget.dialog
    assert isinstance(dialog, MoveDialog)
    dialog.choose(second)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert card.problem_texts() == ["人数不足：第一党小组只有 2 名党员，少于规定的 3 人。请移入党员，或与相邻的党小组合并。"]
    assert card.property("broken") is True
    assert card.status_lines[0].problem                      # icon + words, not colour alone
    assert widget.summary_text().startswith("有 1 个党小组不符合规定（共 1 处）")
    assert people["乙"] in widget.cards[second].members.member_ids()

    qtbot.keyClick(card.members, Qt.Key_Z, Qt.ControlModifier)
    assert card.problem_texts() == []
    assert card.property("broken") is False
    assert people["乙"] in card.members.member_ids()
    assert group_ops.membership_history(member_id=people["乙"])[0].end_on is None
    assert not widget.undo_button.isEnabled()


def test_keyboard_move_with_ctrl_m_and_a_past_date(page, qtbot):
    widget, people, first, second = page
    select(widget.unassigned, [people["庚"]])
    qtbot.keyClick(widget.unassigned, Qt.Key_M, Qt.ControlModifier)
    dialog = widget.dialog
    assert isinstance(dialog, MoveDialog)
    assert [dialog.choices.item(r).text() for r in range(dialog.choices.count())] == [
        "第一党小组（3 人）", "第二党小组（3 人）"]
    dialog.date.edit.setText("2026.10.1")
    qtbot.keyClick(dialog.choices, Qt.Key_Down)
    qtbot.keyClick(dialog.choices, Qt.Key_Return)
    assert widget.unassigned.member_ids() == []
    assert not widget.unassigned_warning.isVisibleTo(widget)
    history = group_ops.membership_history(member_id=people["庚"])
    assert [(h.group_name, h.start_on) for h in history] == [("第二党小组", dt.date(2026, 10, 1))]
    assert widget.summary_text() == "所有党小组都符合规定，每名党员都已分组。"


def test_drag_and_drop_between_lists_makes_and_mends_a_break(page, qtbot):
    widget, people, first, second = page
    first_list = widget.cards[first].members
    drop(first_list, widget.unassigned, [people["乙"], people["丙"]])
    qtbot.waitUntil(lambda: set(widget.unassigned.member_ids()) == {people["乙"], people["丙"], people["庚"]})
    assert [t.split("：")[0] for t in widget.cards[first].problem_texts()] == ["人数不足"]
    drop(widget.unassigned, first_list, [people["庚"], people["乙"]])
    qtbot.waitUntil(lambda: widget.unassigned.member_ids() == [people["丙"]])
    assert widget.cards[first].problem_texts() == []
    assert set(widget.cards[first].members.member_ids()) == {people["甲"], people["乙"], people["庚"]}
    # 乙 left and came back the same day: no zero-length history row
    assert [(h.group_name, h.start_on, h.end_on) for h in group_ops.membership_history(member_id=people["乙"])] == [
        ("第一党小组", dt.date(2025, 1, 1), None)]


def test_dropping_on_the_own_list_is_ignored(page):
    widget, people, first, second = page
    event = drop(widget.cards[first].members, widget.cards[first].members, [people["乙"]])
    assert not event.isAccepted()


def test_moving_the_leader_asks_first_with_cancel_as_default(page, qtbot):
    widget, people, first, second = page
    asked = []
    answer_next_box("取消", asked)
    assert widget.move([people["甲"]], second) is False
    assert asked == ["甲是第一党小组的党小组长，移走后第一党小组将没有党小组长，需要另选。\n\n确定移动吗？"]
    assert PartyGroup.get_by_id(first).leader_id == people["甲"]
    answer_next_box("移动", asked)
    assert widget.move([people["甲"]], second) is True
    assert [t.split("：")[0] for t in widget.cards[first].problem_texts()] == ["人数不足", "没有党小组长"]


def test_new_group_dialog_moves_the_chosen_leader_in_and_undo(page, qtbot):
    widget, people, first, second = page
    qtbot.mouseClick(widget.add_button, Qt.LeftButton)
    dialog = widget.dialog
    assert isinstance(dialog, GroupDialog)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.errors["name"].text().startswith("请填写党小组名称")
    dialog.name.setText("第三党小组")
    dialog.kind.setCurrentText("按工作单位")
    dialog.leader.setCurrentIndex(dialog.leader.findData(people["庚"]))
    assert dialog.move_note.text() == "保存后，庚将分到本组。"
    dialog.leader.setCurrentIndex(dialog.leader.findData(people["乙"]))
    assert dialog.move_note.text() == "保存后，乙将从第一党小组移到本组。"
    dialog.place.setText("合作社")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    group = PartyGroup.get(PartyGroup.name == "第三党小组")
    card = widget.cards[group.id]
    assert card.members.member_ids() == [people["乙"]]
    assert card.info.text() == "按工作单位 · 组长：乙 · 正式党员 1 人 · 活动地点：合作社"
    assert [t.split("：")[0] for t in card.problem_texts()] == ["人数不足"]
    assert [t.split("：")[0] for t in widget.cards[first].problem_texts()] == ["人数不足"]
    widget.undo()
    assert group.id not in widget.cards
    assert PartyGroup.get_or_none(PartyGroup.name == "第三党小组") is None
    assert widget.cards[first].problem_texts() == []


def test_edit_group_refuses_a_probationary_leader(page, qtbot):
    widget, people, first, second = page
    probationary = add_member("辛", "预备党员")
    group_ops.move_members([probationary], first, today=TODAY)
    widget.refresh()
    qtbot.mouseClick(widget.cards[first].edit_button, Qt.LeftButton)
    dialog = widget.dialog
    assert dialog.leader.findData(probationary) == -1            # not offered
    assert dialog.name.text() == "第一党小组"


def test_history_dialog_for_group_and_member(page, qtbot):
    widget, people, first, second = page
    group_ops.move_members([people["乙"]], second, on_date=dt.date(2026, 3, 1), today=TODAY)
    widget.refresh()
    qtbot.mouseClick(widget.cards[second].history_button, Qt.LeftButton)
    dialog = widget.dialog
    assert isinstance(dialog, HistoryDialog)
    assert dialog.windowTitle() == "第二党小组的成员记录"
    assert dialog.cell_texts()[-1] == ("乙", "2026-03-01", "至今")
    dialog.close()
    widget.show_history(member_id=people["乙"])
    assert widget.dialog.cell_texts() == [("第一党小组", "2025-01-01", "2026-03-01"), ("第二党小组", "2026-03-01", "至今")]


def test_delete_empty_group_after_confirmation(page, qtbot):
    widget, people, first, second = page
    empty = group_ops.save_group(group_ops.GroupInfo("试用组"), today=TODAY).group_id
    widget.refresh()
    card = widget.cards[empty]
    assert card.delete_button.isVisibleTo(card) and card.delete_button.isEnabled()
    assert card.problem_texts() == []
    asked = []
    answer_next_box("删除", asked)
    qtbot.mouseClick(card.delete_button, Qt.LeftButton)
    assert asked == ["将删除“试用组”。这个党小组没有成员，也没有任何记录。确定删除吗？"]
    assert empty not in widget.cards
    assert not widget.cards[first].delete_button.isVisibleTo(widget.cards[first])


def test_suggestion_preview_is_edited_applied_and_undone(qtbot, opened):
    ids = {}
    for hamlet in (1, 2):
        for k in range(4):
            ids[f"{hamlet}-{k}"] = add_member(f"{hamlet}组{k}", address=f"东坡村{hamlet}组{k}号")
    widget = GroupsPage(today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    assert widget.empty_state.isVisibleTo(widget)
    qtbot.mouseClick(widget.empty_suggest, Qt.LeftButton)
    qtbot.waitUntil(lambda: isinstance(widget.dialog, SuggestDialog), timeout=10000)
    dialog = widget.dialog
    assert dialog.group_list.count() == 2
    first_key, second_key = (g.key for g in dialog.suggestion.groups)
    dialog.show_group(first_key)
    dialog.select_members([ids["1-1"], ids["1-2"]])
    dialog.move_selected(target=second_key)
    assert dialog.summary_text() == "共 2 个党小组；还有 1 处不符合规定、0 人未分组。"
    dialog.show_group(first_key)
    assert [line.text() for line in dialog.status_lines] == [
        "人数不足：东坡村1组党小组只有 2 名党员，少于规定的 3 人。请移入党员，或与相邻的党小组合并。"]
    dialog.show_group(second_key)
    dialog.select_members([ids["1-2"]])
    dialog.move_selected(target=first_key)
    dialog.show_group(first_key)
    dialog.name.setText("东坡一组")
    dialog.name.editingFinished.emit()
    assert dialog.summary_text() == "共 2 个党小组，都符合规定，每名党员都已分组。"
    asked = []
    answer_next_box("应用", asked)
    qtbot.mouseClick(dialog.apply_button, Qt.LeftButton)
    assert asked[0].startswith("将按建议把党员编为 2 个党小组")
    qtbot.waitUntil(lambda: widget.undo_stack.count() == 1, timeout=10000)
    names = sorted(g.name for g in group_ops.list_groups())
    assert names == ["东坡一组", "东坡村2组党小组"]
    assert widget.summary_text() == "所有党小组都符合规定，每名党员都已分组。"
    assert GroupMembership.select().count() == 8
    widget.undo()
    assert GroupMembership.select().count() == 0
    assert PartyGroup.select().count() == 0
    assert widget.empty_state.isVisibleTo(widget)


def test_changes_go_onto_the_main_window_undo_stack_when_given(qtbot, opened):
    from PySide6.QtGui import QUndoStack

    people = {n: add_member(n) for n in ("甲", "乙", "丙", "丁")}
    first = make_group("第一党小组", [people[n] for n in "甲乙丙"], leader=people["甲"])
    stack = QUndoStack()
    widget = GroupsPage(undo_stack=stack, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    assert not widget.undo_button.isEnabled()
    assert widget.move([people["丁"]], first)
    assert stack.canUndo() and stack.undoText() == "把丁移到第一党小组"
    assert widget.undo_button.isEnabled()
    qtbot.mouseClick(widget.undo_button, Qt.LeftButton)
    assert widget.unassigned.member_ids() == [people["丁"]]
    assert GroupMembership.select().where(GroupMembership.member == people["丁"]).count() == 0
    assert not stack.canUndo()
    assert not widget.undo_button.isEnabled()


def test_showing_the_page_again_rebuilds_only_what_changed_and_shows_a_renamed_member(page):
    from dangjian_desktop.db.models import Member

    widget, people, first, second = page
    before = {group_id: card.members.list_model.rows for group_id, card in widget.cards.items()}
    Member.update(name="乙二").where(Member.id == people["乙"]).execute()    # changed on another page
    widget.refresh()
    assert widget.cards[first].members.texts() == ["甲 · 组长", "丙", "乙二"]
    assert widget.cards[second].members.list_model.rows is before[second]    # untouched card kept


def test_a_group_card_shows_all_its_members_after_the_font_grows(page, qtbot):
    from PySide6.QtWidgets import QApplication

    from dangjian_desktop.ui.theme import apply_font_size

    widget, people, first, second = page
    app = QApplication.instance()
    try:
        apply_font_size(app, "xlarge")
        qtbot.wait(50)
        members = widget.cards[first].members
        needed = members.count() * max(members.sizeHintForRow(0), members.fontMetrics().height() + 8)
        assert members.viewport().height() >= needed, (members.viewport().height(), needed)
    finally:
        apply_font_size(app, "normal")
