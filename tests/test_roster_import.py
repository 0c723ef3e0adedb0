"""Importing roster sheets into a real database: normalising, reporting, matching, all-or-nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.roster_cells import LOST_DIGITS
from dangjian_desktop.core.roster_check import check_roster, load_roster
from dangjian_desktop.core.roster_columns import KEEP_AS_NOTE
from dangjian_desktop.core.roster_import import apply_roster, import_roster
from dangjian_desktop.db.models import GroupMembership, Member, PartyGroup, StatusChange, database_proxy
from dangjian_desktop.errors import UserError
from tests.conftest import TODAY
from tests.test_roster_sheets import (
    IGNORED,
    INVALID,
    LI_ID,
    LIU_ID,
    WANG_ID,
    ZHAO_ID,
    csv_text,
    make_id,
    messy_rows,
    messy_xls,
    messy_xlsx,
    simple_rows,
)

MEMBER_KEYS = (
    "name", "gender", "ethnicity", "id_number", "birth_date", "education", "category", "joined_on",
    "full_member_on", "phone", "landline", "address", "note", "status", "hamlet", "month_only",
)


def members_by_name() -> dict[str, dict]:
    return {m["name"]: {k: m[k] for k in MEMBER_KEYS} for m in Member.select().dicts()}


def database_dump() -> list:
    """Every row of the tables an import touches, for "nothing changed" checks."""
    tables = ("member", "status_change", "party_group", "group_membership")
    return [database_proxy.execute_sql(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in tables]


def test_messy_sheet_reports_each_problem_with_the_row_and_column_the_user_sees(opened, tmp_path):
    report = import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), dry_run=True, today=TODAY)
    assert [(p.row, p.column) for p in report.invalid] == INVALID
    messages = {p.row: p.message for p in report.invalid}
    assert messages[9] == "身份证号最后一位校验不对，请逐位核对是否有数字输错或前后颠倒。"
    assert messages[10] == "姓名不能为空。"
    assert messages[11] == "转正日期（1989.07）应在入党日期（1990.07）之后，通常晚一年；只填到月份的日期按月份比较。请核对。"
    assert messages[12] == "出生日期与身份证号不一致：身份证号上是 1966-03-15，请核对哪一个写错了。"
    assert messages[13] == "入党日期：“2001.02.30”不是真实存在的日期，请核对年、月、日。"
    assert messages[14] == "身份证号与第 15 行相同，同一个人出现了不止一次，请删去多余的行。"
    assert messages[15] == "身份证号与第 14 行相同，同一个人出现了不止一次，请删去多余的行。"
    assert [(i.row, i.reason) for i in report.ignored] == IGNORED
    assert report.refused and not report.committed
    assert report.to_json()["imported"] == 0
    assert report.header_row == 3
    assert [(n.row, n.column, n.message) for n in report.notes] == [
        (7, "身份证号", "已把 15 位老身份证号升级为 18 位：370124197003041230")
    ]
    assert Member.select().count() == 0


def test_skip_invalid_imports_the_valid_rows_fully_normalised(opened, tmp_path):
    report = import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), skip_invalid=True, today=TODAY)
    assert report.to_json()["imported"] == 5
    assert (report.updated, report.unchanged) == (0, 0)
    assert report.new_members == [(4, "王建国"), (6, "李秀英"), (7, "张伟"), (8, "赵强"), (16, "刘洋")]
    got = members_by_name()
    assert got == {
        "王建国": {
            "name": "王建国", "gender": "男", "ethnicity": "汉族", "id_number": WANG_ID,
            "birth_date": dt.date(1963, 5, 12), "education": "初中", "category": "正式党员",
            "joined_on": dt.date(1990, 7, 1), "full_member_on": dt.date(1991, 7, 1), "phone": "13805312345",
            "landline": "", "address": "东坡村1组12号", "note": "", "status": "active",
            "hamlet": "东坡村1组", "month_only": "full_member_on",
        },
        "李秀英": {
            "name": "李秀英", "gender": "女", "ethnicity": "回族", "id_number": LI_ID,
            "birth_date": dt.date(1975, 8, 21), "education": "高中", "category": "预备党员",
            "joined_on": dt.date(2026, 3, 1), "full_member_on": None, "phone": "13912345678",
            "landline": "", "address": "东坡村2组3号", "note": "新发展党员", "status": "active",
            "hamlet": "东坡村2组", "month_only": "joined_on",
        },
        "张伟": {
            "name": "张伟", "gender": "男", "ethnicity": "汉族", "id_number": "370124197003041230",
            "birth_date": dt.date(1970, 3, 4), "education": "大学专科", "category": "正式党员",
            "joined_on": dt.date(1995, 3, 4), "full_member_on": dt.date(1996, 3, 4), "phone": "13712345678",
            "landline": "", "address": "东坡村3组", "note": "", "status": "active",
            "hamlet": "东坡村3组", "month_only": "",
        },
        "赵强": {
            "name": "赵强", "gender": "男", "ethnicity": "汉族", "id_number": ZHAO_ID,
            "birth_date": dt.date(1980, 3, 9), "education": "初中", "category": "正式党员",
            "joined_on": dt.date(2005, 1, 1), "full_member_on": dt.date(2006, 1, 1), "phone": "15866667777",
            "landline": "", "address": "东坡村1组", "note": "", "status": "active",
            "hamlet": "东坡村1组", "month_only": "joined_on,full_member_on",
        },
        "刘洋": {
            "name": "刘洋", "gender": "男", "ethnicity": "汉族", "id_number": LIU_ID,
            "birth_date": dt.date(1976, 12, 1), "education": "中专", "category": "正式党员",
            "joined_on": dt.date(2000, 1, 1), "full_member_on": dt.date(2001, 1, 5), "phone": "",
            "landline": "0531-87451234", "address": "东坡村4组", "note": "", "status": "active",
            "hamlet": "东坡村4组", "month_only": "",
        },
    }
    wang = Member.get(Member.name == "王建国")
    assert (wang.name_pinyin, wang.name_initials) == ("wang jian guo", "wjg")


def test_old_xls_gives_the_same_result_as_xlsx(opened, tmp_path):
    xls = import_roster(messy_xls(tmp_path / "花名册.xls"), dry_run=True, skip_invalid=True, today=TODAY)
    xlsx = import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), dry_run=True, skip_invalid=True, today=TODAY)
    assert xls.to_json() == xlsx.to_json()
    assert xls.to_json()["imported"] == 5


def test_any_invalid_row_refuses_the_whole_file(opened, tmp_path):
    report = import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)
    assert report.refused
    assert report.to_json()["imported"] == 0 and report.to_json()["updated"] == 0
    assert Member.select().count() == 0


def test_dry_run_reports_without_writing(opened, tmp_path):
    report = import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), dry_run=True, skip_invalid=True, today=TODAY)
    assert report.to_json()["imported"] == 5 and not report.refused and not report.committed
    assert Member.select().count() == 0
    assert PartyGroup.select().count() == 0


def test_csv_in_gbk_bom_and_utf8_import_the_same_members(opened, tmp_path):
    text = csv_text(simple_rows())
    names = []
    for label, data in (("gb18030", text.encode("gb18030")), ("bom", b"\xef\xbb\xbf" + text.encode("utf-8"))):
        path = tmp_path / f"{label}.csv"
        path.write_bytes(data)
        report = import_roster(path, dry_run=True, today=TODAY)
        assert report.to_json() == {"imported": 3, "updated": 0, "unchanged": 0, "invalid": [], "ignored": []}
        names.append([n for _, n in report.new_members])
    assert names[0] == names[1] == ["王建国", "李䶮", "赵强"]


def test_csv_problem_rows_are_line_numbers(opened, tmp_path):
    rows = simple_rows()
    rows.insert(0, ["东坡村党员名单"])
    rows.insert(1, [])
    rows[4][3] = "1998.13"     # line 5 (李䶮): month 13
    path = tmp_path / "名单.csv"
    path.write_bytes(csv_text(rows).encode("gb18030"))
    report = import_roster(path, dry_run=True, today=TODAY)
    assert [(p.row, p.column) for p in report.invalid] == [(5, "入党日期")]


def test_id_number_that_excel_turned_into_a_number_is_reported(opened, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "手机号码"])
    ws.append(["王建国", float(WANG_ID[:17] + "0"), 13805312345])    # what Excel keeps of 18 digits
    ws.append(["赵强", 3.70124198003094e17, None])
    ws.append(["张伟", 370124700304123, "13712345678"])               # 15 digits survive as a number
    wb.save(tmp_path / "数字.xlsx")
    path = tmp_path / "数字.csv"
    path.write_bytes("姓名,身份证号\r\n王建国,3.70124E+17\r\n".encode("gbk"))

    report = import_roster(tmp_path / "数字.xlsx", dry_run=True, today=TODAY)
    assert [(p.row, p.column, p.message) for p in report.invalid] == [
        (2, "身份证号", LOST_DIGITS), (3, "身份证号", LOST_DIGITS),
    ]
    report = import_roster(tmp_path / "数字.xlsx", skip_invalid=True, today=TODAY)
    zhang = Member.get(Member.name == "张伟")
    assert zhang.id_number == "370124197003041230"
    csv_report = import_roster(path, dry_run=True, today=TODAY)
    assert [(p.row, p.message) for p in csv_report.invalid] == [(2, LOST_DIGITS)]


def test_reimport_matches_by_id_number_and_shows_the_differences(opened, tmp_path):
    path = messy_xlsx(tmp_path / "花名册.xlsx")
    import_roster(path, skip_invalid=True, today=TODAY)
    ids = {m.name: m.id for m in Member.select()}

    again = import_roster(path, skip_invalid=True, today=TODAY)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 5)
    assert Member.select().count() == 5

    rows = messy_rows()
    rows[0][10] = "139 0000 1111"           # 王建国 has a new phone
    rows[0][11] = None                      # blank cell: keeps the address
    rows[4][6] = "高中"                      # 赵强's education corrected
    rows.insert(1, [13, "陈红", "女", "汉", make_id(dt.date(1985, 10, 2), False, 55), None, "大学本科", "正式",
                    "2010.06", "2011.06", None, None, None, None])
    changed = messy_xlsx(tmp_path / "花名册2.xlsx", rows)
    report = import_roster(changed, skip_invalid=True, today=TODAY)
    assert (report.imported, report.updated, report.unchanged) == (1, 2, 3)
    assert [(c.row, c.name, [(f.label, f.old, f.new) for f in c.changes]) for c in report.changes] == [
        (4, "王建国", [("手机号码", "13805312345", "13900001111")]),
        (9, "赵强", [("学历", "初中", "高中")]),
    ]
    assert Member.select().count() == 6
    wang = Member.get_by_id(ids["王建国"])
    assert (wang.phone, wang.address) == ("13900001111", "东坡村1组12号")
    assert Member.get_by_id(ids["赵强"]).education == "高中"


def test_reimport_does_not_repeat_notes_from_unknown_columns(opened, tmp_path):
    path = messy_xlsx(tmp_path / "花名册.xlsx")
    loaded = load_roster(path)
    village = loaded.mapping.column_for("hamlet")
    plan = check_roster(loaded.with_mapping(loaded.mapping.with_target(village.index, KEEP_AS_NOTE)), today=TODAY)
    apply_roster(plan, skip_invalid=True, today=TODAY)
    again = import_roster(path, skip_invalid=True, today=TODAY)       # the choice is remembered
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 5)
    assert Member.get(Member.name == "李秀英").note == "新发展党员；所在村组：东坡村2组"


def test_member_without_id_number_is_matched_by_name(opened, tmp_path):
    path = tmp_path / "无身份证.csv"
    path.write_bytes(csv_text([["姓名", "入党日期", "手机"], ["王大爷", "1960.07", "13805310000"]]).encode("utf-8"))
    assert import_roster(path, today=TODAY).imported == 1
    path.write_bytes(csv_text([["姓名", "入党日期", "手机"], ["王大爷", "1960.07", "13805319999"]]).encode("utf-8"))
    report = import_roster(path, today=TODAY)
    assert (report.imported, report.updated) == (0, 1)
    assert [m.phone for m in Member.select()] == ["13805319999"]


def test_member_typed_in_without_id_number_gets_it_from_the_sheet(opened, tmp_path):
    from dangjian_desktop.core.members import create_member

    create_member({"name": "王建国", "joined_on": "1990.07", "phone": "13805312345"}, today=TODAY)
    path = tmp_path / "补身份证.csv"
    path.write_bytes(csv_text([["姓名", "身份证号"], ["王建国", WANG_ID], ["王建国", ZHAO_ID]]).encode("utf-8"))
    report = import_roster(path, today=TODAY)
    assert (report.imported, report.updated) == (1, 1)
    assert [(f.label, f.old, f.new) for f in report.changes[0].changes] == [
        ("性别", "（空）", "男"), ("公民身份号码", "（空）", WANG_ID), ("出生日期", "（空）", "1963-05-12"),
    ]
    rows = [(m.name, m.id_number, m.phone) for m in Member.select().order_by(Member.id)]
    assert rows == [("王建国", WANG_ID, "13805312345"), ("王建国", ZHAO_ID, "")]


def test_corrected_mapping_is_used(opened, tmp_path):
    loaded = load_roster(messy_xlsx(tmp_path / "花名册.xlsx"))
    village = next(c for c in loaded.mapping.columns if c.header == "所在村组")
    assert village.target == "hamlet"
    loaded.mapping = loaded.mapping.with_target(village.index, "group")
    plan = check_roster(loaded, today=TODAY)
    report = apply_roster(plan, skip_invalid=True, today=TODAY)
    assert report.groups_created == ["东坡村1组", "东坡村2组"]
    assert Member.get(Member.name == "王建国").note == ""
    placed = {
        m.name: g for m, g in (
            (Member.get_by_id(gm.member_id), gm.group.name) for gm in GroupMembership.select()
        )
    }
    assert placed == {"王建国": "东坡村1组", "赵强": "东坡村1组", "李秀英": "东坡村2组"}


def test_mapping_without_name_is_refused(opened, tmp_path):
    loaded = load_roster(messy_xlsx(tmp_path / "花名册.xlsx"))
    name = loaded.mapping.column_for("name")
    loaded.mapping = loaded.mapping.with_target(name.index, KEEP_AS_NOTE)
    with pytest.raises(UserError, match="姓名"):
        check_roster(loaded, today=TODAY)


def _status_sheet(tmp_path, rows):
    path = tmp_path / "状态.csv"
    header = ["姓名", "身份证号", "入党日期", "转正日期", "党籍状态", "状态日期", "状态原因", "转往", "党小组"]
    path.write_bytes(csv_text([header] + rows).encode("utf-8-sig"))
    return path


def test_status_column_registers_former_members_with_history(opened, tmp_path):
    rows = [
        ["王建国", WANG_ID, "1990.07", "1991.07", "正常", None, None, None, "第一党小组"],
        ["赵强", ZHAO_ID, "2005.01", "2006.01", "已转出", "2024-05-06", "工作调动", "青山镇中学党支部", None],
        ["李秀英", LI_ID, "2000.01", "2001.01", "已转出", None, None, "青山镇中学党支部", None],
    ]
    report = import_roster(_status_sheet(tmp_path, rows), skip_invalid=True, today=TODAY)
    assert [(p.row, p.column, p.message) for p in report.invalid] == [
        (4, "党籍状态", "党籍状态“已转出”无法登记：请填写日期。"),
    ]
    assert report.imported == 2 and report.groups_created == ["第一党小组"]
    zhao = Member.get(Member.name == "赵强")
    assert (zhao.status, zhao.status_on, zhao.status_reason, zhao.transferred_to) == (
        "transferred_out", dt.date(2024, 5, 6), "工作调动", "青山镇中学党支部",
    )
    history = StatusChange.get(StatusChange.member == zhao.id)
    assert (history.status, history.on_date, history.destination) == ("transferred_out", dt.date(2024, 5, 6), "青山镇中学党支部")
    assert Member.get_or_none(Member.name == "李秀英") is None
    wang = Member.get(Member.name == "王建国")
    assert [gm.group.name for gm in wang.group_memberships] == ["第一党小组"]


def test_reimport_with_a_new_status_changes_it_through_the_status_rules(opened, tmp_path):
    rows = [["王建国", WANG_ID, "1990.07", "1991.07", "正常", None, None, None, "第一党小组"]]
    import_roster(_status_sheet(tmp_path, rows), today=dt.date(2026, 1, 5))
    rows = [["王建国", WANG_ID, "1990.07", "1991.07", "去世", "2026-10-01", "因病去世", None, None]]
    report = import_roster(_status_sheet(tmp_path, rows), today=TODAY)
    assert report.updated == 1
    assert [(f.label, f.old, f.new) for f in report.changes[0].changes] == [
        ("党籍状态", "正常", "已去世"), ("状态日期", "（空）", "2026-10-01"), ("状态原因", "（空）", "因病去世"),
    ]
    wang = Member.get(Member.name == "王建国")
    assert (wang.status, wang.status_on) == ("deceased", dt.date(2026, 10, 1))
    membership = GroupMembership.get(GroupMembership.member == wang.id)
    assert membership.end_on == dt.date(2026, 10, 1)       # leaving the roster ends the group membership


def test_unknown_status_text_is_reported(opened, tmp_path):
    rows = [["王建国", WANG_ID, "1990.07", "1991.07", "休假", None, None, None, None]]
    report = import_roster(_status_sheet(tmp_path, rows), dry_run=True, today=TODAY)
    assert [(p.row, p.column) for p in report.invalid] == [(2, "党籍状态")]
    assert report.invalid[0].message.startswith("党籍状态“休假”看不懂")


def test_moving_a_member_to_another_group_on_reimport(opened, tmp_path):
    rows = [["王建国", WANG_ID, "1990.07", "1991.07", "正常", None, None, None, "第一党小组"]]
    import_roster(_status_sheet(tmp_path, rows), today=dt.date(2026, 1, 5))
    rows[0][8] = "第二党小组"
    report = import_roster(_status_sheet(tmp_path, rows), today=TODAY)
    assert [(f.label, f.old, f.new) for f in report.changes[0].changes] == [("党小组", "第一党小组", "第二党小组")]
    history = [(gm.group.name, gm.start_on, gm.end_on) for gm in GroupMembership.select().order_by(GroupMembership.id)]
    assert history == [("第一党小组", dt.date(2026, 1, 5), TODAY), ("第二党小组", TODAY, None)]


# --- all or nothing ----------------------------------------------------------------------------

def _existing_member_then_changed_sheet(tmp_path):
    path = messy_xlsx(tmp_path / "花名册.xlsx")
    import_roster(path, skip_invalid=True, today=TODAY)
    rows = messy_rows()
    rows[0][10] = "13900001111"                       # an update of 王建国 …
    rows.insert(1, [13, "陈红", "女", "汉", make_id(dt.date(1985, 10, 2), False, 55), None, "大学本科", "正式",
                    "2010.06", "2011.06", None, None, "东坡村5组", None])   # … and a new member
    return messy_xlsx(tmp_path / "花名册2.xlsx", rows)


def test_a_row_the_database_refuses_mid_import_leaves_everything_unchanged(opened, tmp_path):
    changed = _existing_member_then_changed_sheet(tmp_path)
    before = database_dump()
    database_proxy.execute_sql(
        "CREATE TEMP TRIGGER refuse_chen BEFORE INSERT ON member WHEN NEW.name = '陈红' "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(Exception, match="disk full"):
        import_roster(changed, skip_invalid=True, today=TODAY)
    assert database_dump() == before
    assert Member.get(Member.name == "王建国").phone == "13805312345"


def test_a_progress_callback_that_raises_leaves_everything_unchanged(opened, tmp_path):
    changed = _existing_member_then_changed_sheet(tmp_path)
    before = database_dump()
    seen = []

    def progress(done, total, text):
        seen.append((done, total, text))
        if text.startswith("正在保存（"):
            raise KeyboardInterrupt   # the user closed the program

    with pytest.raises(KeyboardInterrupt):
        import_roster(changed, skip_invalid=True, progress=progress, today=TODAY)
    assert database_dump() == before
    assert ("正在保存（2/2）…" in [t for _, _, t in seen])


def test_progress_is_reported_for_reading_checking_and_saving(opened, tmp_path):
    seen = []
    import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), skip_invalid=True, today=TODAY,
                  progress=lambda d, t, text: seen.append((d, t, text)))
    texts = [t for _, _, t in seen]
    assert texts[0] == "正在读取表格…"
    assert "正在检查第 4 行…" in texts and "检查完毕" in texts
    assert "正在保存（5/5）…" in texts and texts[-1] == "正在完成…"


def test_file_without_header_is_refused_with_a_message(opened, tmp_path):
    path = tmp_path / "别的表.csv"
    path.write_bytes("编号,金额\r\n1,20\r\n".encode("utf-8"))
    with pytest.raises(UserError, match="没有找到表头"):
        import_roster(path, today=TODAY)


def test_repeated_header_total_and_section_rows_are_ignored(opened, tmp_path):
    rows = [
        ["姓名", "身份证号", "入党日期"],
        ["第一党小组"],
        ["王建国", WANG_ID, "1990.07"],
        ["姓名", "身份证号", "入党日期"],
        ["赵强", ZHAO_ID, "2005.01"],
        ["合计：2人"],
    ]
    path = tmp_path / "分段.csv"
    path.write_bytes(csv_text(rows).encode("utf-8"))
    report = import_roster(path, today=TODAY)
    assert [(i.row, i.reason) for i in report.ignored] == [
        (2, "只有一格内容（第一党小组），不像党员信息"), (4, "重复的表头"), (6, "合计行"),
    ]
    assert report.imported == 2


def test_a_sheet_without_a_joining_date_column_says_so_once_not_on_every_row(opened, tmp_path):
    sheet = tmp_path / "roster.csv"
    sheet.write_text("姓名,性别\n" + "".join(f"党员{i:02d},男\n" for i in range(30)), encoding="utf-8")
    plan = check_roster(load_roster(sheet), today=TODAY)
    assert not [n for n in plan.notes if "入党日期" in n.message]
    assert any("没有“入党日期”一栏：30 名正式党员" in line for line in plan.recognised)
