"""Importing the yearly dues bases from an income sheet (core.dues_import, ``dues import``):
real .xlsx and CSV files, a real SQLite database, exact row numbers and exact fen."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from dangjian_desktop.core import dues
from dangjian_desktop.core.dues_import import (
    apply_income_sheet,
    problem_text,
    read_income_sheet,
    write_income_template,
)
from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.core.members import change_status, create_member, roster_members
from dangjian_desktop.db.models import DuesBasis
from dangjian_desktop.errors import UserError
from tests.conftest import run_cli

TODAY = dt.date(2026, 11, 26)


def idn(birth: str, seq: int) -> str:
    first17 = f"370124{birth}{seq:03d}"
    return first17 + check_char(first17)


WANG = idn("19650304", 11)
WEI_A = idn("19750612", 21)
WEI_B = idn("19820115", 33)
LI = idn("19520808", 42)
ZHAO = idn("19700101", 51)
LIU = idn("19880303", 61)


def member(name, number, hamlet, birth):
    values = {"name": name, "id_number": number, "hamlet": hamlet, "joined_on": "2010-07-01"}
    if birth:
        values["birth_date"] = birth
    return create_member(values, today=TODAY).id


@pytest.fixture
def roster(opened):
    """王建国, two 王伟 (3组 1975, 河东组 1982), 李秀英, 张强 (no ID number), 刘洋; 赵敏 transferred out."""
    ids = {
        "王建国": member("王建国", WANG, "东坡村1组", None),
        "王伟3组": member("王伟", WEI_A, "3组", None),
        "王伟河东": member("王伟", WEI_B, "河东组", None),
        "李秀英": member("李秀英", LI, "上湾", None),
        "张强": member("张强", None, "李家庄", "1979-05-06"),
        "刘洋": member("刘洋", LIU, "3组", None),
        "赵敏": member("赵敏", ZHAO, "3组", None),
    }
    change_status(ids["赵敏"], "transferred_out", dt.date(2026, 3, 5), destination="县城社区党支部", today=TODAY)
    return ids


def xlsx(path, header, rows, *, title=True):
    """A sheet as typed by hand: a merged title row and an info row above the header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党费基数"
    if title:
        ws.append(["东坡村党支部2027年党费基数核定表"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.append(["填报日期：2026年12月1日"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def csv_file(path, lines, encoding):
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def basis_rows():
    return sorted(DuesBasis.select(DuesBasis.member, DuesBasis.from_month, DuesBasis.kind, DuesBasis.income_fen,
                                   DuesBasis.amount_fen, DuesBasis.due_fen, DuesBasis.rule).tuples())


def found(sheet):
    return [(p.row, p.column, p.message) for p in sheet.invalid]


# --- reading and exact money ------------------------------------------------------------------------

def test_float_cells_give_exact_fen_and_the_dues_of_the_2008_rules(roster, tmp_path):
    path = xlsx(tmp_path / "基数.xlsx", ["序号", "姓名", "身份证号", "类别", "税后月收入（元）", "每月交纳（元）"], [
        [1, "王建国", WANG, "在职", 4200.0, None],
        [2, "李秀英", LI, "退休", 3000.01, None],
        [3, " 刘 洋 ", LIU, None, "5,000.50", None],
        [4, "张强", None, "农民", None, None],
        [5, "王伟", WEI_A, "在职", 2999.99, 50],
    ])
    sheet = read_income_sheet(path)
    assert sheet.invalid == []
    assert (sheet.source, sheet.header_row) == ("文件“基数.xlsx”的工作表“党费基数”", 3)
    got = [(r.row, r.member_id, r.kind, r.income_fen, r.amount_fen, r.due_fen) for r in sheet.ready]
    assert got == [
        (4, roster["王建国"], "salaried", 420000, None, 4200),      # 1 %
        (5, roster["李秀英"], "retired", 300001, None, 1500),       # 0.5 % of 3000.01 = 15.00005
        (6, roster["刘洋"], "salaried", 500050, None, 7501),        # 1.5 % of 5000.50 = 75.0075
        (7, roster["张强"], "farmer", None, None, 20),
        (8, roster["王伟3组"], "salaried", 299999, 5000, 5000),     # voluntary above 15.00
    ]
    assert sheet.ready[1].rule == "养老金 3,000.01 元，5000 元以下（含），0.5%"
    assert sheet.to_json() == {"imported": 5, "invalid": [], "ignored": []}


def test_a_row_without_category_is_salaried_or_retired_under_a_pension_header_or_fixed_with_an_amount_alone(
        roster, tmp_path):
    path = xlsx(tmp_path / "模板.xlsx", ["姓名", "公民身份号码", "税后月收入", "养老金", "固定金额"], [
        ["王建国", WANG, 6000, None, None],
        ["李秀英", LI, None, 5200, None],
        ["刘洋", LIU, None, None, 10],
    ], title=False)
    sheet = read_income_sheet(path)
    assert sheet.invalid == []
    assert [(r.row, r.kind, r.income_fen, r.amount_fen, r.due_fen) for r in sheet.ready] == [
        (2, "salaried", 600000, None, 9000),
        (3, "retired", 520000, None, 5200),
        (4, "fixed", None, 1000, 1000),
    ]


def test_the_id_number_tells_two_members_of_the_same_name_apart(roster, tmp_path):
    path = xlsx(tmp_path / "基数.xlsx", ["姓名", "身份证号", "月收入"], [
        ["王伟", WEI_B.lower(), 3500],
        ["王伟", WEI_A, 2800],
    ])
    sheet = read_income_sheet(path)
    assert sheet.invalid == []
    assert [(r.row, r.member_id) for r in sheet.ready] == [(4, roster["王伟河东"]), (5, roster["王伟3组"])]


# --- every error at its row ---------------------------------------------------------------------

def test_every_kind_of_error_is_reported_at_the_row_and_column_the_user_sees(roster, tmp_path):
    header = ["序号", "姓名", "身份证号", "党费类别", "税后月收入（元）", "每月交纳（元）"]
    path = xlsx(tmp_path / "有错.xlsx", header, [
        [1, "王建国", WANG, "在职", 4200, None],                 # row 4: fine
        [2, "孙悟空", None, "在职", 3000, None],                 # 5 unknown member
        [3, "王伟", None, "在职", 3000, None],                   # 6 ambiguous name
        [4, "李秀英", LI, "离退休", -3000, None],                # 7 negative
        [5, "刘洋", LIU, "在职", "三千", None],                  # 8 not a number
        [6, "张强", None, "在职", "3000.005", None],             # 9 three decimals
        [None, None, None, None, None, None],                     # 10 blank
        [7, "王伟", WEI_A, "公务员", 3000, None],                # 11 unknown category
        [8, "王伟", WEI_B, "在职", None, None],                  # 12 income missing
        [9, "王建国", WANG, "在职", 4300, None],                 # 13 listed twice (with row 4)
        [10, "赵敏", ZHAO, "在职", 3000, None],                  # 14 transferred out
        [11, "钱多多", idn("19800101", 71)[:17] + "0", "在职", 3000, None],   # 15 bad check character
        [12, "刘洋", WANG, "在职", 3000, None],                  # 16 the ID number is someone else's
        ["合计", None, None, None, 22300, None],                  # 17 totals
    ])
    sheet = read_income_sheet(path)
    assert found(sheet) == [
        (4, "身份证号", "王建国在第 13 行也有，同一名党员只能有一行，请删去多余的行。"),
        (5, "姓名", "在册党员中没有叫孙悟空的。请核对姓名，或先在“党员”页添加这名党员。"),
        (6, "姓名", "在册党员中有 2 人叫王伟（3组，1975年生；河东组，1982年生），请在“身份证号”一列填上身份证号来区分。"),
        (7, "税后月收入（元）", "税后月收入（元）不能是负数。"),
        (8, "税后月收入（元）", "税后月收入（元）“三千”不是数字，请写成 4200 或 42.50 这样的形式。"),
        (9, "税后月收入（元）", "税后月收入（元）“3000.005”的小数超过两位（最小到分），请核对。"),
        (11, "党费类别", "党费类别“公务员”不认识，可以填：在职、离退休、农民、学生、下岗失业、抚恤救济、低保、固定。"),
        (12, "税后月收入（元）", "在职党员按税后月收入计算党费，请填写税后月收入。"),
        (13, "身份证号", "王建国在第 4 行也有，同一名党员只能有一行，请删去多余的行。"),
        (14, "身份证号", "赵敏已于2026年3月5日转出，不在册，不用核定党费。"),
        (15, "身份证号", "身份证号最后一位校验不对，请逐位核对是否有数字输错或前后颠倒。"),
        (16, "姓名", f"身份证号 {WANG} 在花名册上是王建国的，这一行的姓名却是刘洋，请核对姓名和身份证号。"),
    ]
    assert [(i.row, i.reason) for i in sheet.ignored] == [(10, "空行"), (17, "合计行")]
    assert sheet.ready == [] or all(r.row not in {p.row for p in sheet.invalid} for r in sheet.ready)
    assert sheet.problem_rows == 12
    assert problem_text(sheet.invalid[3]) == "第 7 行“税后月收入（元）”：税后月收入（元）不能是负数。"
    assert sheet.to_json()["imported"] == 0


def test_the_refusals_of_the_dues_rules_name_the_column_they_are_about(roster, tmp_path):
    path = xlsx(tmp_path / "规则.xlsx", ["姓名", "身份证号", "类别", "税后月收入", "每月交纳"], [
        ["王建国", WANG, "农民", 3000, None],       # 4 a farmer's due is not on income
        ["李秀英", LI, "离退休", None, None],        # 5 pension missing
        ["刘洋", LIU, "在职", 6000, 50],            # 6 voluntary below the due (90.00)
        ["张强", None, "固定", None, None],          # 7 fixed without an amount
        ["王伟", WEI_A, "学生", None, 0],           # 8 zero amount
    ])
    sheet = read_income_sheet(path)
    assert found(sheet) == [
        (4, "税后月收入", "农民党员的党费不按收入计算，不用填写收入。"),
        (5, "税后月收入", "离退休党员按每月养老金计算党费，请填写每月养老金。"),
        (6, "每月交纳", "自愿多交的金额不能少于按规定应交的 90.00 元（税后 6,000.00 元，5000–10000 元档，1.5%）。"),
        (7, "每月交纳", "“固定”类别要写明每月交纳的金额。"),
        (8, "每月交纳", "每月交纳不能是 0。"),
    ]


def test_an_id_number_excel_turned_into_a_number_is_an_error_not_a_guess(roster, tmp_path):
    path = xlsx(tmp_path / "科学计数.xlsx", ["姓名", "身份证号", "月收入"], [["王建国", float(WANG[:15] + "000"), 3000]])
    sheet = read_income_sheet(path)
    assert [(p.row, p.column) for p in sheet.invalid] == [(4, "身份证号")]
    assert "位" in sheet.invalid[0].message


def test_a_roster_sheet_is_no_income_sheet_its_people_category_is_no_dues_category(roster, tmp_path):
    path = xlsx(tmp_path / "花名册.xlsx", ["姓名", "性别", "公民身份号码", "人员类别"], [["王建国", "男", WANG, "正式党员"]])
    with pytest.raises(UserError, match="没有找到表头"):
        read_income_sheet(path)
    both = xlsx(tmp_path / "两种类别.xlsx", ["姓名", "人员类别", "党费类别", "月收入"], [
        ["王建国", "正式党员", "离退休", 5200], ["张强", "预备党员", None, 3000]])
    sheet = read_income_sheet(both)
    assert sheet.columns["kind"] == "党费类别"
    assert [(r.row, r.kind, r.due_fen) for r in sheet.ready] == [(4, "retired", 5200), (5, "salaried", 1500)]


# --- CSV files ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_files_in_gbk_and_utf8_with_bom_report_their_line_numbers(roster, tmp_path, encoding):
    path = csv_file(tmp_path / "基数.csv", [
        "党员党费基数表,,,",
        "姓名,公民身份号码,人员类别,养老金",
        f"李秀英,{LI},退休,\"4,800.00\"",
        "",
        f"王建国,{WANG},在职,4200",          # 在职 under a pension header: the category says
        "王伟,,退休,5000",
        "合计,,,14000",
    ], encoding)
    sheet = read_income_sheet(path)
    assert found(sheet) == [
        (6, "姓名", "在册党员中有 2 人叫王伟（3组，1975年生；河东组，1982年生），请在“公民身份号码”一列填上身份证号来区分。"),
    ]
    assert [(i.row, i.reason) for i in sheet.ignored] == [(4, "空行"), (7, "合计行")]
    assert [(r.row, r.kind, r.income_fen, r.due_fen) for r in sheet.ready] == [
        (3, "retired", 480000, 2400), (5, "salaried", 420000, 4200)]


# --- writing: all or nothing, one undoable change ------------------------------------------------------------

def test_a_sheet_with_one_bad_row_changes_nothing(roster, tmp_path):
    dues.set_basis(roster["王建国"], "salaried", from_month="2026-01", income_fen=350000)
    before = basis_rows()
    path = xlsx(tmp_path / "一行错.xlsx", ["姓名", "身份证号", "月收入"], [
        ["王建国", WANG, 4200], ["李秀英", LI, 3000], ["刘洋", LIU, "4200元整"], ["张强", None, 2800]])
    sheet = read_income_sheet(path)
    assert [(p.row, p.column) for p in sheet.invalid] == [(6, "月收入")]
    assert len(sheet.ready) == 3
    with pytest.raises(UserError, match="有 1 行有问题，没有导入任何党费基数"):
        apply_income_sheet(sheet, "2027-01")
    assert basis_rows() == before


def test_applying_is_one_named_change_that_undoes_and_redoes(roster, tmp_path):
    dues.set_basis(roster["王建国"], "salaried", from_month="2027-01", income_fen=350000)   # replaced, then put back
    dues.set_basis(roster["李秀英"], "retired", from_month="2026-01", income_fen=300000)    # an earlier year: kept
    before = basis_rows()
    path = xlsx(tmp_path / "基数.xlsx", ["姓名", "身份证号", "类别", "月收入"], [
        ["王建国", WANG, "在职", 4200], ["李秀英", LI, "离退休", 5200], ["张强", None, "农民", None]])
    change = apply_income_sheet(read_income_sheet(path), "2027-01")
    assert change.label == "导入党费基数（3 人）"
    assert len(change.result) == 3
    on = dues.bases_on("2027-01")
    assert {m: (b.kind, b.due_fen) for m, b in on.items()} == {
        roster["王建国"]: ("salaried", 4200), roster["李秀英"]: ("retired", 5200), roster["张强"]: ("farmer", 20)}
    after = basis_rows()
    assert len(after) == 4

    change.undo()
    assert basis_rows() == before
    assert dues.bases_on("2027-01")[roster["王建国"]].income_fen == 350000
    change.redo()
    assert basis_rows() == after


def test_a_member_who_left_after_the_check_refuses_the_whole_import(roster, tmp_path):
    path = xlsx(tmp_path / "基数.xlsx", ["姓名", "身份证号", "月收入"], [["王建国", WANG, 4200], ["刘洋", LIU, 3000]])
    sheet = read_income_sheet(path)
    change_status(roster["刘洋"], "deceased", dt.date(2026, 11, 20), today=TODAY)
    with pytest.raises(UserError, match="^刘洋.*没有导入任何党费基数。$"):
        apply_income_sheet(sheet, "2027-01")
    assert basis_rows() == []


# --- the template ----------------------------------------------------------------------------------------------

def test_the_template_lists_the_active_roster_and_imports_once_filled_in(roster, tmp_path):
    dues.set_basis(roster["张强"], "farmer", from_month="2026-01")
    path = write_income_template(tmp_path / "党费基数核定表.xlsx", roster_members(), today=TODAY)
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[3]]
    assert header[:8] == ["序号", "姓名", "公民身份号码", "村民小组", "党费类别", "税后月收入（元）", "养老金（元）",
                          "每月交纳（元）"]
    listed = {row[1].value: row for row in ws.iter_rows(min_row=4)}
    assert set(listed) == {"王建国", "王伟", "李秀英", "张强", "刘洋"}       # 赵敏 left: not listed
    assert listed["王建国"][2].value == WANG and listed["王建国"][2].data_type == "s"
    assert listed["张强"][4].value == "农民"                              # this year's category, filled in

    for row in ws.iter_rows(min_row=4):
        name, number = row[1].value, row[2].value
        if name == "李秀英":
            row[6].value = 5600
        elif name == "王伟":
            row[5].value = 3000.0 if number == WEI_A else 10000.01
        elif name != "张强":
            row[5].value = 4200
    ws.parent.save(path)

    sheet = read_income_sheet(path)
    assert sheet.invalid == [] and sheet.ignored == []
    by_member = {r.member_id: (r.kind, r.income_fen, r.due_fen) for r in sheet.ready}
    assert by_member == {
        roster["王建国"]: ("salaried", 420000, 4200),
        roster["王伟3组"]: ("salaried", 300000, 1500),
        roster["王伟河东"]: ("salaried", 1000001, 20000),
        roster["李秀英"]: ("retired", 560000, 5600),
        roster["张强"]: ("farmer", None, 20),
        roster["刘洋"]: ("salaried", 420000, 4200),
    }
    assert apply_income_sheet(sheet, "2027-01").label == "导入党费基数（6 人）"


# --- the command line ----------------------------------------------------------------------------------------------

def test_dues_import_on_the_command_line(roster, opened, tmp_path):
    good = xlsx(tmp_path / "基数.xlsx", ["姓名", "身份证号", "类别", "税后月收入"], [
        ["王建国", WANG, "在职", 4200.0], ["李秀英", LI, "退休", 3000.01], [None, None, None, None],
        ["张强", None, "农民", None]])
    bad = xlsx(tmp_path / "有错.xlsx", ["姓名", "身份证号", "类别", "税后月收入"], [
        ["王建国", WANG, "在职", 4200], ["王伟", None, "在职", 3000]])
    db = opened.path
    opened.close()

    refused = run_cli("dues", "import", str(bad), "--from", "2027-01", "--json", db=db)
    assert refused.returncode == 1
    report = json.loads(refused.stdout.decode("utf-8"))
    assert list(report) == ["imported", "invalid", "ignored"]
    assert report["imported"] == 0
    assert [(p["row"], p["column"]) for p in report["invalid"]] == [(5, "姓名")]
    assert refused.stderr.decode("utf-8") == "表格中有 1 行有问题，没有导入任何党费基数。请按清单改好表格后再导入。\n"

    dry = run_cli("dues", "import", str(good), "--from", "2027-01", "--dry-run", "--json", db=db)
    assert dry.returncode == 0, dry.stderr.decode("utf-8")
    assert json.loads(dry.stdout) == {"imported": 3, "invalid": [], "ignored": [{"row": 6, "reason": "空行"}]}
    month = json.loads(run_cli("dues", "month", "2027-01", "--json", db=db).stdout)
    assert all(line["due"] is None for line in month)

    done = run_cli("dues", "import", str(good), "--from", "2027-01", db=db)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    text = done.stdout.decode("utf-8")
    assert "文件“基数.xlsx”的工作表“党费基数”，表头在第 3 行。" in text
    assert "第 6 行已跳过：空行" in text
    assert "已核定 3 名党员的党费基数，2027年1月起执行，每月应交合计 57.20 元。" in text
    month = {line["name"]: line for line in json.loads(run_cli("dues", "month", "2027-01", "--json", db=db).stdout)}
    assert (month["王建国"]["base"], month["王建国"]["due"]) == ("4200.00", "42.00")
    assert (month["李秀英"]["base"], month["李秀英"]["due"]) == ("3000.01", "15.00")
    assert (month["张强"]["base"], month["张强"]["due"]) == (None, "0.20")

    usage = run_cli("dues", "import", str(good), db=db)          # --from is required
    assert usage.returncode == 2
    wrong_month = run_cli("dues", "import", str(good), "--from", "2027-13", db=db)
    assert wrong_month.returncode == 2
    missing = run_cli("dues", "import", str(tmp_path / "没有.xlsx"), "--from", "2027-01", db=db)
    assert missing.returncode == 1 and "找不到文件" in missing.stderr.decode("utf-8")
    assert b"Traceback" not in missing.stderr
