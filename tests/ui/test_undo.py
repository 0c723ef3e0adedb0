"""The one undo history: changes from every page and dialog go onto the window's stack and are
undone (Ctrl+Z) and redone there; refusals are told in Chinese; large ones show progress."""

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import groups as group_ops
from dangjian_desktop.core.group_suggest import apply_suggestion, suggest
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import Attendance, GroupMembership, Member
from dangjian_desktop.ui import undo as undo_ui
from dangjian_desktop.ui.activity_editor import ActivityEditor
from tests.activity_branch import make_branch
from tests.demo_cache import load_demo

TODAY = dt.date(2026, 11, 26)


def _editor(qtbot, branch, stack=None):
    aid = act.create(act.ActivityInfo(kind="party_congress", date=dt.date(2026, 10, 10),
                                      chair_id=branch.full[0], recorder_id=branch.full[1])).id
    editor = ActivityEditor(aid, today=TODAY, undo_stack=stack)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.mouseClick(editor.details.hold_button, Qt.LeftButton)
    return editor


def _select(editor, member_ids):
    view, model = editor.attendance.view, editor.attendance.model
    view.clearSelection()
    for row, r in enumerate(model.rows):
        if r.member_id in member_ids:
            view.selectionModel().select(model.index(row, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)


def test_a_mark_in_the_meeting_dialog_is_undone_and_redone_with_the_counts(opened, qtbot):
    branch = make_branch(full=6, probationary=0, flow=0)
    editor = _editor(qtbot, branch)
    _select(editor, branch.full[:2])
    qtbot.mouseClick(editor.attendance.present_button, Qt.LeftButton)
    assert editor.attendance.counts_label.text().startswith("应到 6 人，实到 2 人")
    assert editor.undo_stack.undoText().endswith("登记为出席")
    editor.undo()
    assert editor.attendance.counts_label.text().startswith("应到 6 人，实到 0 人")
    assert {a.state for a in Attendance.select()} == {""}
    editor.redo()
    assert editor.attendance.counts_label.text().startswith("应到 6 人，实到 2 人")
    editor.undo()
    editor.undo()                                   # 记录开会情况 too: back to a planned meeting
    assert act.get(editor.activity_id).status == "planned"
    editor.tabs.setCurrentIndex(0)
    assert editor.details.hold_button.isVisibleTo(editor)


def test_nothing_typed_is_lost_to_an_undo(opened, qtbot, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    branch = make_branch(full=4, probationary=0, flow=0)
    editor = _editor(qtbot, branch)
    editor.tabs.setCurrentIndex(3)
    editor.minutes.summary_edit.setPlainText("还没保存的总结")
    editor.undo()
    assert told == ["有填写的内容还没有保存。请先保存，或者把它改回去，再撤销。"]
    assert act.get(editor.activity_id).status == "held"
    assert editor.minutes.summary_edit.toPlainText() == "还没保存的总结"
    assert editor.minutes.save_minutes()        # (closing the dialog would ask about it)


def test_after_finalising_the_earlier_edits_are_not_undone_and_say_why(opened, qtbot, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append((a[1], a[2])))
    branch = make_branch(full=4, probationary=0, flow=0, groups=0, committee=2)
    editor = _editor(qtbot, branch)
    qtbot.mouseClick(editor.attendance.rest_button, Qt.LeftButton)
    editor.tabs.setCurrentIndex(3)
    editor.minutes.summary_edit.setPlainText("开得很好。")
    assert editor.minutes.save_minutes()
    assert editor.finalize(confirm=False)
    count = editor.undo_stack.count()
    editor.undo()
    assert warned and warned[0][0] == "撤销不了"
    assert "定稿以前的修改不能再撤销" in warned[0][1]
    assert act.get(editor.activity_id).status == "finalized"
    assert editor.undo_stack.count() == count - 1          # the refused change left the history


def test_the_window_shows_the_data_again_after_an_undo_from_any_page(window, qtbot):
    load_demo(46, seed=7)
    members = window.members_page
    window.show_page("members")
    member = Member.select().where(Member.status == "active").first()
    before = group_ops.list_groups()
    target = next(g for g in before if member.id not in g.member_ids)
    window.groups_page.refresh()
    assert window.groups_page.move([member.id], target.id)
    members.refresh()
    members.select_member(member.id)
    assert members.model.member_row(members.model.row_of(member.id)).group == target.name
    window.undo_action.trigger()
    row = members.model.row_of(member.id)
    assert members.model.member_row(row).group != target.name
    assert window.statusBar().currentMessage().startswith("已撤销：把")
    window.redo_action.trigger()
    assert members.model.member_row(members.model.row_of(member.id)).group == target.name


def test_a_large_change_is_undone_in_the_background_with_progress(opened, qtbot, monkeypatch):
    from dangjian_desktop.ui import worker   # where the undo stack takes it from when a step is big

    calls = []
    real = worker.run_and_wait
    monkeypatch.setattr(worker, "run_and_wait", lambda *a, **k: (calls.append(a[1]), real(*a, **k))[1])
    bulk_insert(Member, ({"name": f"党员{i}", "name_pinyin": f"dang yuan {i:04d}", "category": "正式党员",
                          "address": f"东坡村{i % 20 + 1}组{i}号"} for i in range(700)))
    change = apply_suggestion(suggest(today=TODAY), today=TODAY)
    assert change.size > undo_ui.BIG_CHANGE_ROWS
    stack = undo_ui.ChangeStack()
    undo_ui.push_change(stack, change)
    stack.undo()
    assert calls == ["正在撤销…"]
    assert GroupMembership.select().count() == 0
    stack.redo()
    assert calls == ["正在撤销…", "正在重做…"]
    assert GroupMembership.select().count() == 700


def test_the_meeting_dialog_undoes_only_its_own_changes_and_shows_them_again(opened, qtbot):
    from PySide6.QtGui import QUndoStack

    from dangjian_desktop.core import members as member_ops

    branch = make_branch(full=4, probationary=0, flow=0)
    stack = QUndoStack()
    first = _editor(qtbot, branch, stack)
    _select(first, branch.full[:2])
    qtbot.mouseClick(first.attendance.present_button, Qt.LeftButton)
    first.close()
    undo_ui.push_change(stack, member_ops.update_member.undoable(branch.full[3], {"address": "东坡村9组"}))
    again = ActivityEditor(first.activity_id, today=TODAY, undo_stack=stack)
    qtbot.addWidget(again)
    again.show()
    again.undo()                        # the last change is a member's address: not this meeting's
    assert Member.get_by_id(branch.full[3]).address == "东坡村9组"
    assert again.history_note.text() == "这次活动没有可以撤销的修改了。"
    stack.undo()                        # the window undoes it
    stack.undo()                        # and then the marks made in the earlier dialog
    assert again.attendance.counts_label.text().startswith("应到 4 人，实到 0 人")   # shown at once
    again.redo()
    assert again.attendance.counts_label.text().startswith("应到 4 人，实到 2 人")
    assert again.history_note.text().startswith("已重做：把")


def test_saving_the_minutes_keeps_the_boxes_and_the_cursor(opened, qtbot):
    branch = make_branch(full=3, probationary=0, flow=0)
    editor = _editor(qtbot, branch)
    editor.tabs.setCurrentIndex(3)
    box = editor.minutes.section_edits[0][1]
    box.setPlainText("学习了党章。")
    cursor = box.textCursor()
    cursor.setPosition(3)
    box.setTextCursor(cursor)
    assert editor.minutes.save_minutes()
    assert editor.minutes.section_edits[0][1] is box
    assert box.textCursor().position() == 3
    assert not editor.minutes.dirty


def test_several_attendees_moved_off_the_list_are_one_change(opened, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    branch = make_branch(full=5, probationary=0, flow=0)
    editor = _editor(qtbot, branch)
    before = editor.undo_stack.count()
    _select(editor, branch.full[:3])
    editor.attendance.remove_attendee()
    assert Attendance.select().count() == 2
    assert editor.undo_stack.count() == before + 1
    editor.undo()
    assert Attendance.select().count() == 5


def test_one_unreadable_photo_does_not_keep_the_others_out(opened, qtbot, tmp_path, monkeypatch):
    from PIL import Image

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    branch = make_branch(full=3, probationary=0, flow=0)
    editor = _editor(qtbot, branch)
    good = tmp_path / "会场.jpg"
    Image.new("RGB", (300, 200), (180, 40, 40)).save(good)
    bad = tmp_path / "坏的.jpg"
    bad.write_bytes(b"not a picture")
    editor.attachments.add_attachment("照片", [str(bad), str(good)])
    qtbot.waitUntil(lambda: editor.attachments.operation.finished, timeout=10000)
    assert editor.attachments.attachment_list.count() == 1
    assert warned and warned[0].startswith("“坏的.jpg”没有添加：")
    assert editor.undo_stack.undoText() == "添加照片“会场.jpg”"


def test_an_undo_that_breaks_is_told_and_leaves_the_history(opened, qtbot, monkeypatch, tmp_path):
    from dangjian_desktop import error_log

    monkeypatch.setattr(error_log, "log_file", lambda: tmp_path / "error.log")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append((a[1], a[2])))
    make_branch(full=3, probationary=0, flow=0)
    stack = undo_ui.ChangeStack()
    change = act.create.undoable(act.ActivityInfo(kind="theme_day", date=dt.date(2026, 3, 10)))
    undo_ui.push_change(stack, change)
    monkeypatch.setattr(type(change), "undo", lambda self: (_ for _ in ()).throw(RuntimeError("disk gone")))
    stack.undo()
    assert warned[0][0] == "撤销不了" and warned[0][1].startswith("程序出错了")
    assert stack.count() == 0
