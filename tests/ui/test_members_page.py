import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.db.models import Member, StatusChange
from dangjian_desktop.ui.member_form import MemberForm
from dangjian_desktop.ui.status_dialog import StatusDialog
from tests.demo_cache import load_demo


def idn(first17):
    return first17 + check_char(first17)


def visible_names(page):
    model = page.model
    return [model.member_row(r).name for r in range(model.rowCount())]


def test_empty_roster_teaches_what_to_do(window):
    window.show_page("members")
    page = window.members_page
    assert page.stack.currentIndex() == 1
    assert page.empty_add_button.text() == "手动新增"
    assert page.empty_demo_button.text() == "载入演示数据"


def test_load_demo_from_empty_state(window, qtbot, auto_answer):
    auto_answer()
    window.show_page("members")
    qtbot.mouseClick(window.members_page.empty_demo_button, Qt.LeftButton)
    page = window.members_page
    assert page.stack.currentIndex() == 0
    assert Member.select().count() == 46
    assert page.model.rowCount() == Member.select().where(Member.status == "active").count()
    assert "东坡村党支部" in window.windowTitle()


def test_search_box_filters_by_initials_phone_and_id_digits(window, qtbot):
    load_demo(46, seed=7)
    page = window.members_page
    page.refresh()
    target = Member.select().where((Member.status == "active") & (Member.phone != "")).first()
    qtbot.keyClicks(page.search, target.name_initials)
    assert target.name in visible_names(page)
    assert all(page.model.member_row(r).id in
               {m.id for m in Member.select().where(Member.name_initials.startswith(target.name_initials))}
               for r in range(page.model.rowCount()))
    page.search.clear()
    qtbot.keyClicks(page.search, target.phone[-8:])
    assert visible_names(page) == [target.name]
    page.search.clear()
    qtbot.keyClicks(page.search, target.id_number[-6:])
    assert visible_names(page) == [target.name]
    page.search.clear()
    assert page.model.rowCount() == Member.select().where(Member.status == "active").count()


def test_former_members_toggle(window, qtbot):
    load_demo(46, seed=7)
    page = window.members_page
    page.refresh()
    active = page.model.rowCount()
    page.show_former.setChecked(True)
    assert page.model.rowCount() == 46 > active


def test_show_former_is_remembered_for_the_next_start(window, qtbot, ui_settings, opened):
    from dangjian_desktop.ui.main_window import MainWindow

    load_demo(46, seed=7)
    window.members_page.show_former.setChecked(True)
    assert ui_settings.show_former is True
    window.backup_on_exit = False
    window.close()
    again = MainWindow(opened, ui_settings)
    qtbot.addWidget(again)
    page = again.members_page
    page.refresh()
    assert page.show_former.isChecked()
    assert page.model.rowCount() == 46


def type_text(qtbot, line_edit, text):
    """Type ASCII with real key events; Chinese arrives as an input-method commit (insert)."""
    if text.isascii():
        qtbot.keyClicks(line_edit, text)
    else:
        line_edit.insert(text)


def fill_form_and_save(qtbot, form, values):
    for key, text in values.items():
        widget = form.widgets[key]
        target = widget.edit if hasattr(widget, "edit") else widget
        target.clear()
        type_text(qtbot, target, text)
    qtbot.mouseClick(form.save_button, Qt.LeftButton)


def test_member_form_fills_birth_and_gender_and_saves(opened, qtbot):
    form = MemberForm(None, today=dt.date(2026, 11, 26))
    qtbot.addWidget(form)
    number = idn("37012419650304493")
    fill_form_and_save(qtbot, form, {"name": "王建国", "id_number": number, "joined_on": "1990.07",
                                     "phone": "136-1234-7354", "address": "东坡村3组12号"})
    assert form.result() == QDialog.Accepted
    member = Member.get()
    assert (member.name, member.gender, member.birth_date) == ("王建国", "男", dt.date(1965, 3, 4))
    assert member.joined_on == dt.date(1990, 7, 1)
    assert member.phone == "13612347354"


def test_member_form_shows_reason_and_saves_nothing(opened, qtbot):
    form = MemberForm(None, today=dt.date(2026, 11, 26))
    qtbot.addWidget(form)
    form.show()
    bad = idn("37012419650304493")[:17] + "0"
    if bad == idn("37012419650304493"):
        bad = bad[:17] + "1"
    fill_form_and_save(qtbot, form, {"name": "王建国", "id_number": bad})
    assert form.result() != QDialog.Accepted
    assert "校验不对" in form.errors["id_number"].text()
    assert "还有 1 处需要改正" in form.summary.text()
    assert Member.select().count() == 0
    form._dirty = False


def test_fifteen_digit_id_is_upgraded_in_the_form(opened, qtbot):
    form = MemberForm(None, today=dt.date(2026, 11, 26))
    qtbot.addWidget(form)
    form.show()
    type_text(qtbot, form.widgets["name"], "李秀英")
    qtbot.keyClicks(form.widgets["id_number"], "370124650304482")
    assert form.widgets["id_number"].text() == idn("37012419650304482")
    assert form.widgets["birth_date"].text() == "1965-03-04"
    assert form.widgets["gender"].currentText() == "女"
    form._dirty = False


def test_edit_then_undo_with_ctrl_z(window, qtbot):
    load_demo(46, seed=7)
    page = window.members_page
    page.refresh()
    page.table.selectRow(0)
    member_id = page.selected_member_id()
    old_address = Member.get_by_id(member_id).address

    def edit_in_dialog():
        form = QApplication.activeModalWidget()
        assert isinstance(form, MemberForm)
        form.widgets["address"].setText("东坡村9组1号")
        qtbot.mouseClick(form.save_button, Qt.LeftButton)

    QTimer.singleShot(0, edit_in_dialog)
    page.edit_member()
    assert Member.get_by_id(member_id).address == "东坡村9组1号"
    window.activateWindow()
    window.undo_action.trigger()
    assert Member.get_by_id(member_id).address == old_address
    window.redo_action.trigger()
    assert Member.get_by_id(member_id).address == "东坡村9组1号"


def test_status_change_moves_member_off_roster_and_undo(window, qtbot):
    load_demo(46, seed=7)
    page = window.members_page
    page.refresh()
    page.table.selectRow(0)
    member_id = page.selected_member_id()
    active = page.model.rowCount()

    def leave():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StatusDialog)
        dialog.status.setCurrentIndex(dialog.status.findData("deceased"))
        dialog.reason.setText("因病去世")
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)

    QTimer.singleShot(0, leave)
    page.change_status()
    assert Member.get_by_id(member_id).status == "deceased"
    assert page.model.rowCount() == active - 1
    assert StatusChange.select().where(StatusChange.member == member_id).count() == 1
    window.undo_action.trigger()
    assert Member.get_by_id(member_id).status == "active"
    assert page.model.rowCount() == active


def test_font_size_applies_to_whole_window_and_is_remembered(window, ui_settings):
    window.font_combo.setCurrentIndex(window.font_combo.findData("xlarge"))
    assert QApplication.instance().font().pointSize() == 17
    assert ui_settings.font_size == "xlarge"
    window.font_combo.setCurrentIndex(window.font_combo.findData("normal"))


def test_sorting_by_clicking_header_reorders(window, qtbot):
    load_demo(46, seed=7)
    page = window.members_page
    page.refresh()
    page.table.sortByColumn(2, Qt.DescendingOrder)  # 年龄, oldest first
    ages = [page.model.member_row(r).age for r in range(page.model.rowCount())]
    assert ages == sorted(ages, reverse=True)
    page.table.sortByColumn(2, Qt.AscendingOrder)
    ages = [page.model.member_row(r).age for r in range(page.model.rowCount())]
    assert ages == sorted(ages)
    page.table.sortByColumn(5, Qt.AscendingOrder)  # 党小组
    groups = [page.model.member_row(r).group or "" for r in range(page.model.rowCount())]
    assert groups.index("第一党小组") < groups.index("第二党小组")


@pytest.mark.parametrize("flt", [
    {}, {"text": "w", "include_former": True, "sort": "group", "descending": True}, {"text": "没有这个人"},
    {"status": "flow"},
])
def test_the_roster_model_keeps_qt_s_model_rules(opened, qtmodeltester, flt):
    from dangjian_desktop.core.members import MemberFilter
    from dangjian_desktop.ui.member_model import MemberTableModel

    load_demo(46, seed=7)
    model = MemberTableModel()
    model.set_filter(MemberFilter(**flt))
    qtmodeltester.check(model, force_py=True)
    model.reload()                                   # a reset while the tester watches
