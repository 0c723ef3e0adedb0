"""The 导入花名册 dialog and 导出… driven through real widgets on a real database."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from dangjian_desktop.core.roster_columns import KEEP_AS_NOTE
from dangjian_desktop.core.roster_import import import_roster
from dangjian_desktop.db.models import Member, PartyGroup
from dangjian_desktop.ui.roster_import_dialog import (
    PAGE_CHECK,
    PAGE_COLUMNS,
    PAGE_DONE,
    PAGE_FILE,
    RosterImportDialog,
    open_import_dialog,
)
from tests.conftest import TODAY
from tests.test_roster_sheets import make_id, messy_rows, messy_xlsx
from tests.ui.import_steps import choose, press_next, table_rows


def test_messy_sheet_from_file_to_imported_members(qtbot, dialog, tmp_path):
    assert dialog.stack.currentIndex() == PAGE_FILE
    assert not dialog.next_button.isVisible()
    choose(qtbot, dialog, messy_xlsx(tmp_path / "花名册.xlsx"))

    assert "工作表“党员花名册”：在第 3 行找到表头，下面有 14 行内容。" in dialog.columns_intro.text()
    columns = table_rows(dialog.columns_table)
    assert columns[1][:2] == ("姓名（B列）", "王建国、李秀英、张伟")
    assert columns[12][0] == "所在村组（M列）"
    assert [box.currentData() for box in dialog.column_boxes][:3] == ["ignore", "name", "gender"]
    assert dialog.column_boxes[12].currentText() == "村民小组"
    assert dialog.next_button.text() == "检查"

    press_next(qtbot, dialog, PAGE_CHECK)
    assert dialog.check_summary.text() == (
        "检查完毕：可以新增 5 名党员，更新 0 名，无变化 0 名。\n有 7 行有问题，见下表。\n"
        "已跳过 4 行（空行、表格下方的说明等）。\n"
        "有 4 个日期只写到月份（如 1991.07），按月份保存，不会补上某一天。\n"
        "2 名党员没有填村民小组，已按家庭住址填上（如 东坡村3组、东坡村4组）。"
    )
    problems = table_rows(dialog.problems_table)
    assert problems[:4] == [
        ("5", "", "已跳过：空行"),
        ("7", "身份证号", "提示（不影响导入）：已把 15 位老身份证号升级为 18 位：370124197003041230"),
        ("9", "身份证号", "身份证号最后一位校验不对，请逐位核对是否有数字输错或前后颠倒。"),
        ("10", "姓名", "姓名不能为空。"),
    ]
    assert len(problems) == 7 + 4 + 1
    assert not dialog.changes_table.isVisible()
    assert not dialog.next_button.isEnabled()
    assert dialog.check_hint.text() == "有 7 行有问题：请改好表格后重新导入，或勾选“跳过有问题的行”。"
    assert Member.select().count() == 0            # checking wrote nothing

    dialog.save_problems(tmp_path / "问题清单.xlsx")
    assert dialog.saved_note.text() == f"问题清单已保存到“{tmp_path / '问题清单.xlsx'}”。"
    sheet = openpyxl.load_workbook(tmp_path / "问题清单.xlsx").active
    assert sheet["A3"].value == 9 and sheet["B3"].value == "身份证号"

    dialog.skip_invalid.setChecked(True)
    assert dialog.next_button.text() == "导入（5 人）"
    press_next(qtbot, dialog, PAGE_DONE)
    assert dialog.done_summary.text() == (
        "已新增 5 名党员，更新 0 名，无变化 0 名。\n跳过了有问题的 7 行，改好后可以再导入一次。\n"
        "再次导入同一份花名册不会重复登记。"
    )
    assert sorted(m.name for m in Member.select()) == ["刘洋", "张伟", "李秀英", "王建国", "赵强"]
    assert dialog.changed
    assert dialog.next_button.text() == "完成"
    qtbot.mouseClick(dialog.next_button, Qt.LeftButton)
    assert dialog.result() == QDialog.Accepted


def test_reimport_shows_old_and_new_values_before_importing(qtbot, dialog, tmp_path):
    import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), skip_invalid=True, today=TODAY)
    rows = [r for r in messy_rows() if r[1] in (" 王建国 ", "赵强")]
    rows[0][10] = "13900001111"
    rows[1][6] = "高中"
    rows.append([3, "陈红", "女", "汉", make_id(__import__("datetime").date(1985, 10, 2), False, 55), None,
                 "大学本科", "正式", "2010.06", "2011.06", None, None, None, None])
    choose(qtbot, dialog, messy_xlsx(tmp_path / "新花名册.xlsx", rows))
    press_next(qtbot, dialog, PAGE_CHECK)

    assert table_rows(dialog.changes_table) == [
        ("4", "王建国", "手机号码", "13805312345", "13900001111"),
        ("5", "赵强", "学历", "初中", "高中"),
    ]
    assert dialog.changes_table.isVisible()
    assert not dialog.skip_invalid.isVisible()
    assert dialog.next_button.text() == "确认修改并导入（3 人）"
    assert Member.get(Member.name == "王建国").phone == "13805312345"

    press_next(qtbot, dialog, PAGE_DONE)
    assert dialog.done_summary.text().startswith("已新增 1 名党员，更新 2 名，无变化 0 名。")
    assert Member.get(Member.name == "王建国").phone == "13900001111"
    assert Member.select().count() == 6


def test_user_corrects_a_column_before_checking(qtbot, dialog, tmp_path):
    choose(qtbot, dialog, messy_xlsx(tmp_path / "花名册.xlsx"))
    dialog.set_column_target("家庭住址", "phone")
    assert dialog.columns_error.text() == (
        "“联系电话”和“家庭住址”两列都设成了“手机号码”，请把其中一列改为别的项目，或者“写入备注”。"
    )
    assert not dialog.next_button.isEnabled()
    dialog.set_column_target("家庭住址", "address")
    dialog.set_column_target("所在村组", "group")
    assert dialog.columns_error.text() == ""
    press_next(qtbot, dialog, PAGE_CHECK)
    assert "将新建党小组：东坡村1组、东坡村2组。" in dialog.check_summary.text()
    assert PartyGroup.select().count() == 0

    dialog.go_back()
    assert dialog.stack.currentIndex() == PAGE_COLUMNS
    dialog.set_column_target("所在村组", KEEP_AS_NOTE)
    press_next(qtbot, dialog, PAGE_CHECK)
    assert "将新建党小组" not in dialog.check_summary.text()


def test_a_file_that_is_no_roster_is_explained_on_the_first_page(qtbot, dialog, tmp_path):
    path = tmp_path / "别的表.csv"
    path.write_bytes("编号,金额\r\n1,20\r\n".encode("utf-8"))
    dialog.choose_file(path)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.stack.currentIndex() == PAGE_FILE
    assert "没有找到表头" in dialog.file_error.text()


def test_open_import_dialog_returns_false_when_cancelled(qtbot, opened):
    def cancel():
        QApplication.activeModalWidget().reject()

    QTimer.singleShot(0, cancel)
    assert open_import_dialog(None, today=TODAY) is False


def test_export_asks_for_a_file_and_writes_it(qtbot, demo_db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from dangjian_desktop.ui import file_dialogs
    from dangjian_desktop.ui.roster_export import CSV_FILTER, export_roster_interactive, finished_text

    parent = QWidget()
    qtbot.addWidget(parent)
    asked = []

    def fake_save(*args, **kwargs):
        asked.append(args[3])
        return tmp_path / "花名册", CSV_FILTER

    monkeypatch.setattr(file_dialogs, "save_file", fake_save)
    results = []
    export_roster_interactive(parent, on_done=results.append, today=TODAY)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert asked[0].endswith("东坡村党支部党员花名册-2026-11-26.xlsx")
    assert results[0].path == tmp_path / "花名册.csv"
    assert results[0].path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert finished_text(results[0]).startswith(f"已导出 {Member.select().count()} 名党员（其中已不在册")

    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: (None, ""))
    assert export_roster_interactive(parent, on_done=results.append) is None


def test_the_backup_before_an_import_runs_in_the_background(qtbot, opened, tmp_path):
    import threading

    ran_in = []
    dlg = RosterImportDialog(today=TODAY, before_write=lambda: ran_in.append(threading.current_thread()))
    qtbot.addWidget(dlg)
    dlg.show()
    choose(qtbot, dlg, messy_xlsx(tmp_path / "花名册.xlsx"))
    press_next(qtbot, dlg, PAGE_CHECK)
    assert ran_in == []                              # checking writes nothing, backs nothing up
    dlg.skip_invalid.setChecked(True)
    press_next(qtbot, dlg, PAGE_DONE)
    assert len(ran_in) == 1 and ran_in[0] is not threading.main_thread()
    assert Member.select().count() == 5


def test_a_failed_backup_before_an_import_is_told_and_the_import_goes_on(opened, tmp_path):
    from dangjian_desktop.errors import UserError

    def broken():
        raise UserError("U盘满了。")

    report = import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), skip_invalid=True, today=TODAY,
                           safety_backup=broken)
    assert report.imported == 5
    assert report.backup_note == "导入前的自动备份没有做成：U盘满了。"
