"""pytest-qt: record attendance and see 应到/实到 and the quorum change, vote, write and finalise
minutes, correct them; the 活动 page, the plan preview, the 工作台 and a member's record."""

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import attendance as attendance_ops
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.db.models import Activity
from dangjian_desktop.ui.activities_page import ActivitiesPage
from dangjian_desktop.ui.activity_editor import ActivityEditor
from dangjian_desktop.ui.activity_plan_dialog import PlanDialog, RulesDialog
from dangjian_desktop.ui.home_page import HomePage
from dangjian_desktop.ui.member_attendance import MemberAttendanceWidget
from tests.activity_branch import make_branch

TODAY = dt.date(2026, 11, 26)


def _select_members(editor, member_ids):
    view = editor.attendance.view
    view.clearSelection()
    for row, r in enumerate(editor.attendance.model.rows):
        if r.member_id in member_ids:
            view.selectionModel().select(editor.attendance.model.index(row, 0),
                                         QItemSelectionModel.Select | QItemSelectionModel.Rows)


def _congress(branch):
    return act.create(act.ActivityInfo(kind="party_congress", date=dt.date(2026, 10, 10),
                                       chair_id=branch.full[0], recorder_id=branch.full[1])).id


def test_marking_attendance_updates_counts_and_quorum(opened, qtbot):
    branch = make_branch(full=6, probationary=2, flow=1)
    editor = ActivityEditor(_congress(branch), today=TODAY)
    qtbot.addWidget(editor)
    assert editor.details.hold_button.isVisibleTo(editor) and editor.details.hold_button.isEnabled()
    qtbot.mouseClick(editor.details.hold_button, Qt.LeftButton)
    assert Activity.get_by_id(editor.activity_id).status == "held"
    assert editor.tabs.currentIndex() == 1
    assert editor.attendance.counts_label.text() == "应到 8 人，实到 0 人，请假 0 人，缺席 0 人，还有 8 人没有登记；另有 1 人按规定不计入应到人数。"
    assert editor.attendance.quorum_label.text() == "有表决权的党员应到 6 人，实到 0 人，不到半数（至少需要 4 人），不能作出决定。"

    _select_members(editor, branch.full[:3] + branch.probationary)
    qtbot.mouseClick(editor.attendance.present_button, Qt.LeftButton)
    assert editor.attendance.counts_label.text().startswith("应到 8 人，实到 5 人，")
    assert "实到 3 人，只到一半，没有超过半数" in editor.attendance.quorum_label.text()   # probationary members do not vote

    _select_members(editor, [branch.full[3]])
    qtbot.mouseClick(editor.attendance.present_button, Qt.LeftButton)
    assert editor.attendance.quorum_label.text() == "有表决权的党员应到 6 人，实到 4 人，超过半数，可以开会表决。"

    _select_members(editor, [branch.full[4]])
    editor.attendance.mark_selected(attendance_ops.LEAVE, "生病住院")
    # Editing the state cell works the same way (the delegate writes through the model).
    row = next(i for i, r in enumerate(editor.attendance.model.rows) if r.member_id == branch.full[5])
    assert editor.attendance.model.setData(editor.attendance.model.index(row, 3), attendance_ops.ABSENT)
    assert editor.attendance.model.setData(editor.attendance.model.index(row, 4), "未请假")
    assert editor.attendance.counts_label.text() == "应到 8 人，实到 6 人，请假 1 人，缺席 1 人；另有 1 人按规定不计入应到人数。"
    assert attendance_ops.attendees(editor.activity_id)[row].reason == "未请假"

    # Excluding one more member by rule lowers what the quorum needs.
    _select_members(editor, [branch.full[5]])
    editor.attendance.exclude_selected(True, "长期外出务工")
    assert editor.attendance.quorum_label.text() == "有表决权的党员应到 5 人，实到 4 人，超过半数，可以开会表决。"


def test_decisions_pass_or_not_by_the_rules(opened, qtbot):
    branch = make_branch(full=6, probationary=2, flow=0)
    aid = _congress(branch)
    act.mark_held(aid, today=TODAY)
    attendance_ops.mark_rest_present(aid)
    editor = ActivityEditor(aid, today=TODAY)
    qtbot.addWidget(editor)
    assert editor.tabs.isTabEnabled(2)
    editor.tabs.setCurrentIndex(2)
    assert "至少 4 票" in editor.decisions.decision_rule.text()
    editor.decisions.decision_text.setText("审议通过支部年度工作计划")
    editor.decisions.votes_for.setValue(3)
    editor.decisions.votes_against.setValue(2)
    qtbot.mouseClick(editor.decisions.save_decision_button, Qt.LeftButton)
    assert editor.decisions.table.item(0, 5).text() == "未通过"
    editor.decisions.table.setCurrentCell(0, 0)
    assert editor.decisions.decision_text.text() == "审议通过支部年度工作计划"
    editor.decisions.votes_for.setValue(4)
    editor.decisions.votes_against.setValue(1)
    qtbot.mouseClick(editor.decisions.save_decision_button, Qt.LeftButton)
    assert editor.decisions.table.rowCount() == 1
    assert editor.decisions.table.item(0, 5).text() == "通过"
    editor.decisions.decision_text.setText("接收张三为预备党员")
    editor.decisions.votes_for.setValue(8)      # 8 votes but only 6 members with a vote
    qtbot.mouseClick(editor.decisions.save_decision_button, Qt.LeftButton)
    assert "超过了到会的有表决权党员 6 人" in editor.decisions.decision_error.text()
    assert editor.decisions.table.rowCount() == 1


def test_write_finalise_and_correct_minutes(opened, qtbot):
    branch = make_branch(full=4, probationary=0, flow=0, groups=0, committee=1)
    aid = act.create(act.ActivityInfo(kind="life_meeting", date=dt.date(2026, 11, 20),
                                      chair_id=branch.full[0], recorder_id=branch.full[1])).id
    act.mark_held(aid, today=TODAY)
    editor = ActivityEditor(aid, today=TODAY)
    qtbot.addWidget(editor)
    editor.tabs.setCurrentIndex(3)
    assert [s.title for s, _e in editor.minutes.section_edits] == ["学习", "对照检查", "批评与自我批评", "整改措施"]
    assert editor.minutes.section_edits[1][1].placeholderText() == "班子和党员个人对照检查的问题"
    editor.minutes.section_edits[1][1].setPlainText("对照党章查找了联系群众不够的问题。")
    editor.minutes.agenda_edit.setPlainText("学习\n对照检查\n")
    editor.minutes.summary_edit.setPlainText("大家开诚布公。")
    assert editor.has_unsaved_changes()
    qtbot.mouseClick(editor.minutes.save_minutes_button, Qt.LeftButton)
    assert not editor.has_unsaved_changes()
    _rev, content = minutes_ops.current(aid)
    assert content.sections[1].text == "对照党章查找了联系群众不够的问题。"
    assert content.agenda == ["学习", "对照检查"]

    # Not everyone is marked yet: 定稿 is refused and says why.
    assert editor.finalize(confirm=False) is False
    editor.tabs.setCurrentIndex(1)
    qtbot.mouseClick(editor.attendance.rest_button, Qt.LeftButton)
    assert editor.finalize(confirm=False) is True
    assert editor.status_label.text().startswith("已定稿")
    assert editor.minutes.summary_edit.isReadOnly() and not editor.attendance.marks_bar.isVisibleTo(editor)
    assert editor.correct_button.isVisibleTo(editor) and not editor.finalize_button.isVisibleTo(editor)

    assert editor.begin_correction("补写整改时限") is True
    assert not editor.minutes.summary_edit.isReadOnly()
    assert editor.discard_button.isVisibleTo(editor) and editor.finalize_button.isVisibleTo(editor)
    editor.minutes.summary_edit.setPlainText("大家开诚布公。整改在年底前完成。")
    assert editor.finalize(confirm=False) is True      # saves the edit, then finalises revision 2
    history = minutes_ops.revisions(aid)
    assert [(r.number, r.reason, r.finalized) for r in history] == [(1, "", True), (2, "补写整改时限", True)]
    assert editor.history_button.isVisibleTo(editor)
    assert minutes_ops.current(aid)[1].summary == "大家开诚布公。整改在年底前完成。"


def test_new_activity_from_the_editor(opened, qtbot):
    branch = make_branch()
    editor = ActivityEditor(None, kind="group_meeting", day=dt.date(2026, 11, 15), group_id=branch.groups[1],
                            today=TODAY)
    qtbot.addWidget(editor)
    assert not editor.tabs.isTabEnabled(1)
    assert editor.details.group_combo.isVisibleTo(editor)
    editor.details.start_edit.setText("9点半")
    editor.details.end_edit.setText("8:00")
    assert editor.save_details() is False
    assert editor.details.details_error.text() == "结束时间应在开始时间之后。"
    editor.details.end_edit.setText("11:00")
    assert editor.save_details() is True
    saved = Activity.get_by_id(editor.activity_id)
    assert (saved.group_id, saved.start_time, saved.title) == (branch.groups[1], "09:30", "第二党小组2026年11月党小组会")
    assert editor.tabs.isTabEnabled(1) and editor.details.hold_button.isEnabled()


def test_activities_page_lists_the_month_and_follows_the_calendar(opened, qtbot):
    make_branch()
    page = ActivitiesPage(today=TODAY)
    qtbot.addWidget(page)
    page.refresh()
    assert page.empty.isVisibleTo(page) and not page.body.isVisibleTo(page)

    dialog = PlanDialog(2026)
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "2026 年按规则应安排 59 项活动；这次将添加 59 项。"
    dialog.table.item(0, 0).setCheckState(Qt.Unchecked)
    dialog.table.item(1, 1).setText("2026-01-12")
    assert dialog.summary.text().endswith("这次将添加 58 项。")
    dialog.apply()
    assert len(dialog.created) == 58
    assert Activity.select().where(Activity.date == dt.date(2026, 1, 12)).count() == 1

    page.refresh()
    assert page.body.isVisibleTo(page)
    assert page.list_title.text() == "2026年11月的活动：共 6 项，已召开 0 项"
    assert page.title.text() == "活动（2026年共 58 项，已召开 0 项）"
    page.calendar.setCurrentPage(2026, 3)
    assert page.list_title.text() == "2026年3月的活动：共 4 项，已召开 0 项"
    assert page.model.data(page.model.index(0, 0)) == "3月5日 周四"
    page.whole_year.setChecked(True)
    assert page.model.rowCount() == 58
    page.whole_year.setChecked(False)
    page.calendar.setCurrentPage(2026, 12)
    assert [page.model.data(page.model.index(r, 1)) for r in range(page.model.rowCount())][-1] == "2026年度民主评议党员"


def test_rules_dialog_saves_the_branch_rule(opened, qtbot):
    dialog = RulesDialog()
    qtbot.addWidget(dialog)
    period, times, month, day = dialog.rows["theme_day"]
    day.setValue(1)
    period_c, _t, month_c, _d = dialog.rows["party_congress"]
    period_c.setCurrentIndex(period_c.findData("year"))
    month_c.setValue(6)
    dialog.exclude_flow.setChecked(False)
    dialog.save()
    assert kinds.rule("theme_day").day == 1
    assert kinds.rule("party_congress") == kinds.FrequencyRule("party_congress", "year", 1, 6, 10)
    assert kinds.exclude_flow_members() is False


def test_home_page_says_what_is_due_with_a_button_each(opened, qtbot):
    make_branch(groups=0)
    page = HomePage(today=dt.date(2026, 3, 3))
    qtbot.addWidget(page)
    page.show()   # a shown page redraws when a notice is added; a hidden one when shown
    page.refresh()
    assert page.title.text() == "工作台 · 2026年3月"
    assert page.texts("intro")
    assert "本月还需要召开主题党日。" in page.texts("due")
    assert "2026年1月的主题党日还没有记录。" in page.texts("overdue")
    due_line = next(line for line in page.lines["due"] if line.label.text() == "本月还需要召开主题党日。")
    assert [b.text() for b in due_line.buttons] == ["安排"]

    # The lead's hooks: a notice line and an extra button per activity line.
    clicked = []
    page.add_notice("backup", "上次U盘备份是 40 天前。", "备份到U盘", lambda: clicked.append("backup"))
    assert page.texts("notices") == ["上次U盘备份是 40 天前。"]
    qtbot.mouseClick(page.lines["notices"][0].buttons[0], Qt.LeftButton)
    assert clicked == ["backup"]
    aid = act.create(act.ActivityInfo(kind="theme_day", date=dt.date(2026, 3, 10))).id
    page.add_activity_action("打印签到表", lambda activity_id: clicked.append(activity_id))
    line = next(line for line in page.lines["due"] if "主题党日" in line.label.text())
    assert line.label.text() == "3月10日 2026年3月主题党日，还没到日子。"
    assert [b.text() for b in line.buttons] == ["记录会议", "打印签到表"]
    qtbot.mouseClick(line.buttons[1], Qt.LeftButton)
    assert clicked == ["backup", aid]
    page.remove_notice("backup")
    assert page.texts("notices") == []


def test_member_attendance_widget(opened, qtbot):
    branch = make_branch(full=3, probationary=0, flow=0, groups=0, committee=1)
    member = branch.full[1]
    a1 = act.create(act.ActivityInfo(kind="theme_day", date=dt.date(2026, 3, 10))).id
    a2 = act.create(act.ActivityInfo(kind="theme_day", date=dt.date(2026, 4, 10))).id
    for aid in (a1, a2):
        act.mark_held(aid, today=TODAY)
    attendance_ops.set_attendance(a1, member, attendance_ops.PRESENT)
    attendance_ops.set_attendance(a2, member, attendance_ops.LEAVE, "外出办事")
    widget = MemberAttendanceWidget(member, year=2026)
    qtbot.addWidget(widget)
    assert widget.summary.text() == "2026年应参加 2 次活动，出席 1 次，请假 1 次，缺席 0 次。"
    assert widget.table.rowCount() == 2
    assert [widget.table.item(1, c).text() for c in range(4)] == ["4月10日", "2026年4月主题党日", "请假", "外出办事"]
    widget.set_member(branch.full[0])
    assert widget.table.item(0, 2).text() == "未登记"
    widget.set_member(None)
    assert widget.table.rowCount() == 0


def test_photo_added_in_the_background_shows_as_a_thumbnail(opened, qtbot, tmp_path):
    from PIL import Image

    branch = make_branch()
    aid = _congress(branch)
    act.mark_held(aid, today=TODAY)
    photo = tmp_path / "会场.jpg"
    Image.new("RGB", (3000, 2000), (180, 40, 40)).save(photo)
    editor = ActivityEditor(aid, today=TODAY)
    qtbot.addWidget(editor)
    editor.tabs.setCurrentIndex(4)
    editor.attachments.add_attachment("照片", [str(photo)])
    qtbot.waitUntil(lambda: editor.attachments.operation.finished, timeout=10000)
    assert editor.attachments.attachment_list.count() == 1
    item = editor.attachments.attachment_list.item(0)
    assert item.text() == "照片\n会场.jpg"
    assert not item.icon().isNull()


def test_editor_takes_extra_actions_for_printing(opened, qtbot):
    branch = make_branch()
    aid = _congress(branch)
    editor = ActivityEditor(aid, today=TODAY)
    qtbot.addWidget(editor)
    printed = []
    button = editor.add_action("打印签到表", printed.append)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert printed == [aid]
