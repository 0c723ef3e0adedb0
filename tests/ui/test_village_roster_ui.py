"""A village roster through the real widgets: the import dialog (sheets, two-row header, what
was recognised, remembered columns, 取消), the hamlet on the 党员 page and in the form, month-only
dates in the form, the 工作台's reminder about destinations still to be filled in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QProgressDialog, QPushButton

from dangjian_desktop.core.members import create_member, update_member
from dangjian_desktop.core.roster_import import import_roster
from dangjian_desktop.db.models import Member
from dangjian_desktop.ui.member_form import MemberForm
from dangjian_desktop.ui.member_model import COLUMNS
from dangjian_desktop.ui.roster_import_dialog import PAGE_CHECK, PAGE_DONE, RosterImportDialog
from tests.conftest import TODAY
from tests.test_roster_sheets import csv_text, make_id
from tests.ui.import_steps import choose, press_next, table_rows
from tests.ui.test_members_page import type_text
from tests.village_sheets import VILLAGERS, township_xlsx, two_row_header_xlsx, village_rows, village_xlsx


def test_a_template_with_an_instructions_sheet_first(qtbot, dialog, tmp_path):
    choose(qtbot, dialog, village_xlsx(tmp_path / "模板.xlsx", instructions=True))
    assert dialog.sheet_box.isVisible()
    assert [dialog.sheet_box.itemText(i) for i in range(dialog.sheet_box.count())] == ["填表说明", "党员名单"]
    assert dialog.sheet_box.currentText() == "党员名单"
    assert "工作表“党员名单”：在第 3 行找到表头" in dialog.columns_intro.text()

    dialog.sheet_box.setCurrentText("填表说明")
    assert "没有找到表头" in dialog.columns_error.text()
    assert not dialog.next_button.isEnabled()
    dialog.sheet_box.setCurrentText("党员名单")
    assert dialog.columns_error.text() == "" and dialog.next_button.isEnabled()
    hamlet_row = next(r for r, c in enumerate(dialog.loaded.mapping.columns) if c.header == "所在村民小组")
    assert dialog.column_boxes[hamlet_row].currentText() == "村民小组"

    press_next(qtbot, dialog, PAGE_CHECK)
    summary = dialog.check_summary.text()
    assert summary.startswith(f"检查完毕：可以新增 {len(VILLAGERS)} 名党员")
    assert "从备注等文字中认出流动党员 4 名（见下表“提示”）。" in summary
    assert "按月份保存，不会补上某一天" in summary
    hints = [r[2] for r in table_rows(dialog.problems_table)]
    assert "提示（不影响导入）：按“外出务工（浙江宁波）”认作流动党员，外出流向：浙江宁波。" in hints
    press_next(qtbot, dialog, PAGE_DONE)
    assert Member.select().count() == len(VILLAGERS)
    assert Member.get(Member.name == "王德海").hamlet == "河东组"


def test_a_single_sheet_workbook_shows_no_sheet_choice(qtbot, dialog, tmp_path):
    choose(qtbot, dialog, two_row_header_xlsx(tmp_path / "两行表头.xlsx"))
    assert not dialog.sheet_box.isVisible()
    assert "在第 2、3 行找到表头（两行合成一行）" in dialog.columns_intro.text()
    headers = [r[0] for r in table_rows(dialog.columns_table)]
    assert "入党时间转正（F列）" in headers and "手机（G列）" in headers


def test_the_columns_chosen_are_used_again_next_time(qtbot, opened, tmp_path):
    rows = village_rows()
    rows[2][9] = "现居住小组"
    path = tmp_path / "花名册.csv"
    path.write_bytes(csv_text(rows).encode("utf-8"))

    first = RosterImportDialog(today=TODAY)
    qtbot.addWidget(first)
    first.show()
    choose(qtbot, first, path)
    assert "以前导入过" not in first.columns_intro.text()
    first.set_column_target("现居住小组", "hamlet")
    press_next(qtbot, first, PAGE_CHECK)
    press_next(qtbot, first, PAGE_DONE)

    second = RosterImportDialog(today=TODAY)
    qtbot.addWidget(second)
    second.show()
    choose(qtbot, second, path)
    assert "这种表格以前导入过：各列已按您上次的选择设好。" in second.columns_intro.text()
    row = next(r for r, c in enumerate(second.loaded.mapping.columns) if c.header == "现居住小组")
    assert second.column_boxes[row].currentText() == "村民小组"
    press_next(qtbot, second, PAGE_CHECK)
    assert second.check_summary.text().startswith(f"检查完毕：可以新增 0 名党员，更新 0 名，无变化 {len(VILLAGERS)} 名。")
    assert second.check_hint.text() == "没有需要新增或修改的党员。"


def test_an_import_can_be_cancelled_and_nothing_is_written(qtbot, dialog, tmp_path):
    choose(qtbot, dialog, township_xlsx(tmp_path / "采集表.xlsx"))
    press_next(qtbot, dialog, PAGE_CHECK)
    qtbot.mouseClick(dialog.next_button, Qt.LeftButton)
    assert dialog.busy
    progress = dialog.findChildren(QProgressDialog)[-1]
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "取消")
    cancel.click()                          # 取消 in the progress window
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.stack.currentIndex() == PAGE_CHECK
    assert dialog.check_hint.text() == "已经取消，数据没有任何改动。"
    assert Member.select().count() == 0
    press_next(qtbot, dialog, PAGE_DONE)     # and it can still be imported afterwards
    assert Member.select().count() == 12


# --- the 党员 page and the form ---------------------------------------------------------------

def test_the_roster_shows_and_filters_by_hamlet(window, qtbot, tmp_path):
    import_roster(village_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)
    page = window.members_page
    window.show_page("members")
    column = [key for key, _h, _s in COLUMNS].index("hamlet")
    assert page.model.headerData(column, Qt.Horizontal) == "村民小组"
    box = page.hamlet_filter
    labels = [box.itemText(i) for i in range(box.count())]
    assert labels[0] == "全部" and "河东组（7 人）" in labels and labels[-1] == "未填村民小组"
    box.setCurrentIndex(box.findData("河东组"))
    names = {page.model.member_row(r).name for r in range(page.model.rowCount())}
    assert names == {v[0] for v in VILLAGERS if v[8] == "河东组"}
    assert {page.model.index(r, column).data() for r in range(page.model.rowCount())} == {"河东组"}
    box.setCurrentIndex(0)
    type_text(qtbot, page.search, "上湾")
    assert page.model.rowCount() == 2


def test_the_form_fills_the_hamlet_from_the_address_until_one_is_typed(opened, qtbot):
    form = MemberForm(None, today=dt.date(2026, 11, 26))
    qtbot.addWidget(form)
    form.show()
    type_text(qtbot, form.widgets["name"], "王德海")
    type_text(qtbot, form.widgets["address"], "东坡村3组48号")
    assert form.widgets["hamlet"].text() == "东坡村3组"
    form.widgets["address"].clear()
    type_text(qtbot, form.widgets["address"], "东坡村河东组5号")
    assert form.widgets["hamlet"].text() == "东坡村河东组"
    form.widgets["hamlet"].clear()
    type_text(qtbot, form.widgets["hamlet"], "河东组")
    type_text(qtbot, form.widgets["address"], "附1")
    assert form.widgets["hamlet"].text() == "河东组"       # typed by the user: kept
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.result() == QDialog.Accepted
    assert Member.get().hamlet == "河东组"


def test_a_month_only_date_is_shown_and_saved_as_a_month(opened, qtbot):
    number = make_id(dt.date(1946, 3, 2), True, seq=21)
    member = create_member({"name": "王德海", "id_number": number, "joined_on": "1968.07",
                            "full_member_on": "1969.07", "address": "东坡村18号"}, today=TODAY)
    form = MemberForm(None, member.id, today=TODAY)
    qtbot.addWidget(form)
    form.show()
    assert form.widgets["joined_on"].text() == "1968.07"
    assert form.widgets["birth_date"].text() == "1946-03-02"
    qtbot.keyClicks(form.widgets["phone"], "13805310001")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.result() == QDialog.Accepted
    stored = Member.get_by_id(member.id)
    assert (stored.phone, stored.month_only) == ("13805310001", "joined_on,full_member_on")


def test_the_home_page_reminds_of_destinations_to_fill_in_and_leads_to_them(window, qtbot, tmp_path):
    assert all("待补" not in t for t in window.home_page.texts("notices"))
    import_roster(township_xlsx(tmp_path / "采集表.xlsx", flow=3, resident=2), today=TODAY)
    window.members_page.data_changed.emit()
    window.show_page("home")
    texts = window.home_page.texts("notices")
    assert "有 3 名流动党员的外出流向还是“待补”：问清到哪里去了，补上便于联系。" in texts
    line = next(line for line in window.home_page.lines["notices"] if "待补" in line.label.text())
    qtbot.mouseClick(line.buttons[0], Qt.LeftButton)
    page = window.members_page
    assert window.current_page() is page
    assert page.status_filter.currentData() == "flow_pending" and page.model.rowCount() == 3

    for m in Member.select().where(Member.flow_destination == "待补"):
        update_member(m.id, {"flow_destination": "浙江宁波"}, today=TODAY)
    page.data_changed.emit()
    window.show_page("home")
    assert all("待补" not in t for t in window.home_page.texts("notices"))


def test_a_hamlet_filter_whose_hamlet_is_gone_shows_everyone_again(window, qtbot, tmp_path):
    import_roster(village_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)
    page = window.members_page
    window.show_page("members")
    page.hamlet_filter.setCurrentIndex(page.hamlet_filter.findData("第二网格"))
    assert page.model.rowCount() == 1
    member = Member.get(Member.hamlet == "第二网格")
    update_member(member.id, {"hamlet": "河东组"}, today=TODAY)
    page.refresh()
    assert page.hamlet_filter.currentData() is None
    assert page.model.rowCount() == len(VILLAGERS)


def test_the_form_keeps_a_hamlet_read_from_the_address_in_step_with_it(opened, qtbot):
    member = create_member({"name": "沈平安", "joined_on": "1986.07", "address": "东坡村3组12号"}, today=TODAY)
    assert member.hamlet == "东坡村3组"
    form = MemberForm(None, member.id, today=TODAY)
    qtbot.addWidget(form)
    form.show()
    form.widgets["address"].clear()
    type_text(qtbot, form.widgets["address"], "东坡村5组9号")
    assert form.widgets["hamlet"].text() == "东坡村5组"
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert Member.get_by_id(member.id).hamlet == "东坡村5组"
