"""No more can be typed or pasted into a field than its save accepts; a value stored before the
limits is shown whole, not cut short unseen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import branch as branch_ops
from dangjian_desktop.core import groups as group_ops
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.member_rules import FIELD_MAX_LENGTH
from dangjian_desktop.db.models import Member
from dangjian_desktop.ui.first_run import FirstRunDialog
from dangjian_desktop.ui.group_dialog import GroupDialog
from dangjian_desktop.ui.member_form import MemberForm
from tests.activity_branch import make_branch
from tests.conftest import TODAY


def test_member_form_fields_take_no_more_than_can_be_saved(opened, qtbot):
    form = MemberForm(None, today=TODAY)
    qtbot.addWidget(form)
    form.show()
    form.widgets["name"].insert("王" * 40)                    # an input method's commit
    assert form.widgets["name"].text() == "王" * FIELD_MAX_LENGTH["name"]
    qtbot.keyClicks(form.widgets["phone"], "1" * 45)          # typed key by key
    assert form.widgets["phone"].text() == "1" * FIELD_MAX_LENGTH["phone"]
    form.widgets["address"].insert("东坡村" * 50)
    assert len(form.widgets["address"].text()) == FIELD_MAX_LENGTH["address"] == 100
    form.widgets["ethnicity"].lineEdit().selectAll()
    form.widgets["ethnicity"].lineEdit().insert("族" * 30)   # an editable list
    assert form.widgets["ethnicity"].currentText() == "族" * FIELD_MAX_LENGTH["ethnicity"]
    form.widgets["note"].insertPlainText("备注" * 150)         # pasted into the note box
    assert form.widgets["note"].toPlainText() == ("备注" * 150)[:FIELD_MAX_LENGTH["note"]]
    for key, limit in FIELD_MAX_LENGTH.items():
        widget = form.widgets[key]
        if hasattr(widget, "maxLength"):
            assert widget.maxLength() == limit, key
    form._dirty = False


def test_a_longer_value_stored_before_is_shown_whole_and_saving_asks_to_shorten_it(opened, qtbot):
    branch = make_branch()
    member_id = branch.full[0]
    Member.update(address="东" * 150).where(Member.id == member_id).execute()     # stored past the check
    form = MemberForm(None, member_id, today=TODAY)
    qtbot.addWidget(form)
    form.show()
    assert form.widgets["address"].text() == "东" * 150
    form.widgets["address"].end(False)
    form.widgets["address"].insert("多")                      # it may not grow further
    assert form.widgets["address"].text() == "东" * 150
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.result() != form.DialogCode.Accepted
    assert "100" in form.errors["address"].text()
    assert Member.get_by_id(member_id).address == "东" * 150
    form._dirty = False


def test_group_dialog_cuts_name_and_place_at_their_limits(opened, qtbot):
    dialog = GroupDialog(None, group=None, briefs={}, current_group_names={}, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.name.insert("第" * 40)
    dialog.place.insert("室" * 80)
    dialog.note.insertPlainText("注" * 250)
    assert dialog.name.text() == "第" * group_ops.NAME_MAX
    assert dialog.place.text() == "室" * group_ops.PLACE_MAX
    assert dialog.note.toPlainText() == "注" * group_ops.NOTE_MAX
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert group_ops.list_groups()[0].name == "第" * group_ops.NAME_MAX


def test_activity_title_place_and_topic_are_cut_at_their_limits(opened, qtbot):
    from dangjian_desktop.ui.activity_editor import ActivityEditor

    make_branch()
    activity = act.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 12, 10)))
    editor = ActivityEditor(activity.id, today=TODAY)
    qtbot.addWidget(editor)
    details = editor.details
    details.title_edit.selectAll()
    details.title_edit.insert("题" * 80)
    details.place_edit.insert("地" * 80)
    details.topic_edit.insertPlainText("议" * 600)
    assert details.title_edit.text() == "题" * act.FIELD_MAX_LENGTH["title"]
    assert details.place_edit.text() == "地" * act.FIELD_MAX_LENGTH["place"]
    assert details.topic_edit.toPlainText() == "议" * act.FIELD_MAX_LENGTH["topic"]
    assert editor.save_details() is True
    saved = act.get(activity.id)
    assert (saved.title, saved.place) == ("题" * 60, "地" * 60)


def test_first_run_branch_name_is_cut_at_its_limit(opened, qtbot):
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.name.insert("支" * 90)
    assert dialog.name.text() == "支" * branch_ops.FIELD_MAX_LENGTH["name"]
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert branch_ops.branch_info().name == "支" * 60
