"""The 发展党员 page driven through its widgets: the whole path from a new applicant to 转正 —
typed into the dialogs, with a refusal said under the fields on the way — the roster records
it makes, the list's next steps, undo, and the 工作台's deadline lines."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from dangjian_desktop.core import recruits
from dangjian_desktop.core.names import name_initials, name_pinyin
from dangjian_desktop.db.models import Member, Recruit, RecruitEvent
from dangjian_desktop.ui.recruit_dialogs import AddRecruitDialog, StepDialog
from dangjian_desktop.ui.recruits_page import RecruitsPage
from tests.test_recruits import id_number

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def page(qtbot, opened):
    for name in ("老王", "老李", "老赵"):
        Member.create(name=name, name_pinyin=name_pinyin(name), name_initials=name_initials(name),
                      joined_on=dt.date(1990, 1, 1), full_member_on=dt.date(1991, 1, 1))
    stack = QUndoStack()
    widget = RecruitsPage(undo_stack=stack, today=TODAY)
    widget.stack = stack
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    widget.refresh()
    return widget


def run_step(qtbot, page, event, day, *, people=(), hours=None, months=None, note="", expect_error=None):
    dialog = StepDialog(page.current_id, page, today=TODAY)
    qtbot.addWidget(dialog)
    index = dialog.step.findData(event)
    assert index >= 0, (event, [dialog.step.itemData(i) for i in range(dialog.step.count())])
    dialog.step.setCurrentIndex(index)
    dialog.day.edit.setText(day)
    for row in range(dialog.people.count()):
        item = dialog.people.item(row)
        if item.text() in people:
            item.setCheckState(Qt.Checked)
    if hours is not None:
        dialog.hours.setValue(hours)
    if months is not None:
        dialog.months.setValue(months)
    dialog.note.setText(note)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    if expect_error:
        assert expect_error in dialog.error.text() and not dialog.result()
        return dialog
    assert dialog.result(), dialog.error.text()
    page.recorded(dialog.change, dialog.message)
    return dialog


def test_from_application_to_full_member_through_the_windows(qtbot, page):
    assert "还没有发展党员档案" in page.empty.text() and page.empty.isVisible()
    add = AddRecruitDialog(page, today=TODAY)
    qtbot.addWidget(add)
    add.name.setText("张三")
    add.id_number.setText(id_number(dt.date(2008, 3, 15)))
    add.applied_on.edit.setText("2024-03-01")
    qtbot.mouseClick(add.save_button, Qt.LeftButton)
    assert "只有 15 岁" in add.error.text() and Recruit.select().count() == 0
    add.id_number.setText(id_number(dt.date(1998, 3, 15)))
    qtbot.mouseClick(add.save_button, Qt.LeftButton)
    assert add.result()
    page.current_id = add.change.result.id
    page.recorded(add.change, add.message)
    assert page.table.item(0, 0).text() == "张三" and "已过期" in page.table.item(0, 2).text()   # no talk in a month

    run_step(qtbot, page, "talked", "2024-03-15", people=["老王"])
    run_step(qtbot, page, "activist", "2024-04-10")
    run_step(qtbot, page, "contacts", "2024-04-15", people=["老王", "老李"])
    run_step(qtbot, page, "review", "2024-10-10")
    refused = run_step(qtbot, page, "candidate", "2025-04-09", expect_error="2025年4月10日以后才可以")
    assert "一年以上" in refused.hint.text()
    run_step(qtbot, page, "candidate", "2025-04-10")
    run_step(qtbot, page, "introducers", "2025-04-20", people=["老李"], expect_error="两名正式党员")
    run_step(qtbot, page, "introducers", "2025-04-20", people=["老李", "老赵"])
    run_step(qtbot, page, "political_review", "2025-05-01")
    run_step(qtbot, page, "trained", "2025-05-10", hours=16, expect_error="只有 16 学时")
    run_step(qtbot, page, "trained", "2025-05-10", hours=32)
    run_step(qtbot, page, "publicity", "2025-06-02")
    run_step(qtbot, page, "branch_vote", "2025-06-09")
    assert page.notice_button.isEnabled() and page.review_button.isEnabled()
    run_step(qtbot, page, "approved", "2025-07-01")
    member = Member.get(Member.name == "张三")
    assert (member.category, member.joined_on, member.introducers) == ("预备党员", dt.date(2025, 6, 9), "老李、老赵")
    assert page.person_title.text() == "张三 · 预备党员"
    run_step(qtbot, page, "oath", "2025-07-01")
    run_step(qtbot, page, "full_vote", "2026-06-09")
    run_step(qtbot, page, "full_approved", "2026-07-01")
    assert Member.get(Member.name == "张三").category == "正式党员"
    assert page.steps.rowCount() == 14 and page.steps.item(0, 1).text() == "谈话"
    assert not page.step_button.isEnabled()
    assert page.stage_filter.currentData() == "all"     # out of the pipeline, the file stays in view
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("pipeline"))
    assert page.table.rowCount() == 0
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("full"))
    assert page.table.item(0, 0).text() == "张三"       # kept for ever
    page.stack.undo()                          # Ctrl+Z takes back the 转正 approval
    assert Member.get(Member.name == "张三").category == "预备党员"


def test_stopping_a_file_keeps_it(qtbot, page):
    recruit = recruits.add_recruit({"name": "李四", "id_number": id_number(dt.date(1997, 1, 1))},
                                   applied_on=dt.date(2026, 10, 1), today=TODAY)
    page.current_id = recruit.id
    page.refresh()
    run_step(qtbot, page, "stopped", "2026-11-01", expect_error="写明原因")
    run_step(qtbot, page, "stopped", "2026-11-01", note="本人撤回申请")
    assert Recruit.get_by_id(recruit.id).stage == "stopped" and RecruitEvent.select().count() == 1
    assert page.person_title.text() == "李四 · 已终止"


def test_the_home_page_lists_the_deadlines(qtbot, opened):
    from dangjian_desktop.ui.home_page import HomePage

    recruits.add_recruit({"name": "王五", "id_number": id_number(dt.date(1996, 6, 6))},
                         applied_on=dt.date(2026, 11, 20), today=TODAY)
    home = HomePage(today=TODAY)
    qtbot.addWidget(home)
    home.show()
    home.refresh()
    assert home.texts("recruits") == ["王五的入党申请要在一个月内派人谈话（12月20日前）。"]
    with qtbot.waitSignal(home.navigate) as sent:
        qtbot.mouseClick(home.lines["recruits"][0].buttons[0], Qt.LeftButton)
    assert sent.args == ["recruits"]


def test_the_step_window_greys_later_steps_and_finds_people(qtbot, page):
    recruit = recruits.add_recruit({"name": "李四", "id_number": id_number(dt.date(1997, 1, 1))},
                                   applied_on=dt.date(2026, 10, 1), today=TODAY)
    recruits.record_step(recruit.id, "talked", dt.date(2026, 10, 10), today=TODAY)
    recruits.record_step(recruit.id, "activist", dt.date(2026, 10, 20), today=TODAY)
    dialog = StepDialog(recruit.id, page, today=TODAY, event="contacts")
    qtbot.addWidget(dialog)
    texts = [dialog.step.itemText(i) for i in range(dialog.step.count())]
    assert "确定为发展对象（要先记：指定培养联系人）" in texts
    greyed = texts.index("确定为发展对象（要先记：指定培养联系人）")
    assert not dialog.step.model().item(greyed).isEnabled()
    dialog.people_find.setText("lw")                       # 老王 by its initials
    shown = [dialog.people.item(i).text() for i in range(dialog.people.count()) if not dialog.people.item(i).isHidden()]
    assert shown == ["老王"]
    dialog.people.item(next(i for i in range(dialog.people.count()) if dialog.people.item(i).text() == "老王")
                       ).setCheckState(Qt.Checked)
    assert dialog.people_count.text().startswith("已选 1 名（要选 1 到 2 名）：老王")
