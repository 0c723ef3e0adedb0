import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from dangjian_desktop.core import branch as branch_ops
from dangjian_desktop.db.models import Branch, CommitteePost, Member
from dangjian_desktop.ui.first_run import FirstRunDialog
from dangjian_desktop.ui.settings_page import PostDialog
from tests.demo_cache import load_demo


def test_first_run_requires_branch_name_then_saves(opened, qtbot):
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert "请填写支部名称" in dialog.error.text()
    assert Branch.select().count() == 0
    dialog.name.insert("西河村党支部")
    dialog.parent_org.insert("青山镇党委")
    dialog.secretary.insert("刘明")
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert dialog.choice == "branch"
    info = branch_ops.branch_info()
    assert (info.name, info.parent_org, info.secretary_name) == ("西河村党支部", "青山镇党委", "刘明")


def test_first_run_demo_button_loads_demo(opened, qtbot):
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.demo_button, Qt.LeftButton)
    assert dialog.choice == "demo"
    assert Member.select().count() == 46


def test_settings_page_saves_branch_and_committee(window, qtbot):
    load_demo(46, seed=7)
    window.show_page("settings")
    page = window.pages["settings"]
    assert page.name.text() == "东坡村党支部"
    assert page.table.rowCount() == 4
    page.address.clear()
    page.address.insert("青山镇东坡村新村委会")
    qtbot.mouseClick(page.save_button, Qt.LeftButton)
    assert Branch.get().address == "青山镇东坡村新村委会"

    deputy = (Member.select().where((Member.status == "active") & (Member.category == "正式党员")
                                    & (Member.party_post == "")).first())

    def add_deputy():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PostDialog)
        dialog.post.setCurrentText("副书记")
        dialog.member.setEditText(deputy.name)
        dialog.term_start.set_date(dt.date(2026, 1, 15))
        dialog.term_end.set_date(dt.date(2031, 1, 15))
        qtbot.mouseClick(dialog.findChildren(type(page.save_button))[-1], Qt.LeftButton)

    QTimer.singleShot(0, add_deputy)
    qtbot.mouseClick(page.add_post, Qt.LeftButton)
    post = CommitteePost.get(CommitteePost.post == "副书记")
    assert post.member_id == deputy.id
    assert page.table.rowCount() == 5


def test_probationary_member_cannot_be_committee_member(opened):
    import pytest

    from dangjian_desktop.errors import ValidationError

    load_demo(46, seed=7)
    probationary = Member.get(Member.category == "预备党员")
    with pytest.raises(ValidationError, match="预备党员不能当选支委"):
        branch_ops.save_post(branch_ops.PostInfo(post="委员", member_id=probationary.id))


def test_settings_page_keeps_the_group_rules_and_the_backup_reminder(window, qtbot):
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.group_rules import current_thresholds

    load_demo(46, seed=7)
    window.show_page("settings")
    page = window.pages["settings"]
    fields = page.rule_fields
    assert list(fields) == ["group_min_members", "group_min_full_members", "group_target_min", "group_target_max",
                            "usb_backup_reminder_days"]
    assert fields["group_min_members"].value() == 3 and fields["usb_backup_reminder_days"].value() == 30
    fields["group_min_members"].setValue(4)
    fields["usb_backup_reminder_days"].setValue(7)
    qtbot.mouseClick(page.save_button, Qt.LeftButton)
    assert current_thresholds().min_members == 4
    assert settings.get("usb_backup_reminder_days") == 7
    fields["group_target_min"].setValue(10)
    fields["group_target_max"].setValue(5)
    qtbot.mouseClick(page.save_button, Qt.LeftButton)
    assert page.rules_error.isVisibleTo(page)
    assert "不能少于" in page.rules_error.text()
    assert settings.get("group_target_max") == 12          # nothing of the refused form was saved
    page.refresh()
    assert fields["group_min_members"].value() == 4


def test_a_new_meeting_is_chaired_by_the_secretary_by_default(opened, qtbot):
    import datetime as dt

    from dangjian_desktop.core import branch as branch_ops
    from dangjian_desktop.ui.activity_editor import ActivityEditor
    from tests.activity_branch import add_member

    day = dt.date(2026, 12, 2)
    branch_ops.begin_using(branch_ops.BranchInfo("西河村党支部", secretary_name="刘明"), today=day)
    liu = add_member("刘明")
    add_member("王建国")
    editor = ActivityEditor(None, kind="party_congress", day=day, today=day)
    qtbot.addWidget(editor)
    assert editor.details.chair_combo.currentData() == liu
    editor.reject()
