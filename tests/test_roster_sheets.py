"""Messy roster sheets as secretaries keep them, built in code, and the reading of them.

The builders here (``messy_xlsx`` …) are also used by the import, CLI and dialog tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.core.roster_columns import IGNORE, KEEP_AS_NOTE, detect_columns, match_header
from dangjian_desktop.core.roster_read import read_sheets
from dangjian_desktop.errors import UserError


def make_id(birth: dt.date, male: bool, seq: int = 12, region: str = "370124") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq:02d}{1 if male else 2}"
    return first17 + check_char(first17)


def id_with_check(birth: dt.date, male: bool, wanted: str) -> str:
    """An ID number whose check character is ``wanted`` (for the lowercase-x case)."""
    for seq in range(100):
        for digit in ("13579" if male else "02468"):
            first17 = f"370124{birth:%Y%m%d}{seq:02d}{digit}"
            if check_char(first17) == wanted:
                return first17 + wanted
    raise AssertionError("no such number")


def wrong_check(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# People of the messy sheet (ID numbers with a correct check character).
WANG_ID = id_with_check(dt.date(1963, 5, 12), True, "X")            # typed with a lowercase x
LI_ID = make_id(dt.date(1975, 8, 21), False, seq=33)               # typed in full-width digits
ZHANG_ID15 = "370124700304123"                                      # old 15-digit number (male)
ZHAO_ID = make_id(dt.date(1980, 3, 9), True, seq=41)
BAD_ID = wrong_check(make_id(dt.date(1970, 1, 1), True, seq=5))
NONAME_ID = make_id(dt.date(1971, 2, 2), True, seq=6)
ZHOU_ID = make_id(dt.date(1960, 6, 6), True, seq=7)
WU_ID = make_id(dt.date(1966, 3, 15), False, seq=8)
XU_ID = make_id(dt.date(1972, 4, 4), True, seq=9)
SUN_ID = make_id(dt.date(1968, 9, 9), False, seq=10)
LIU_ID = make_id(dt.date(1976, 12, 1), True, seq=11)

HEADER = ["序号", "姓 名", "性别", "民族", "身份证号", "出生年月", "文化程度", "党员类别",
          "入党时间", "转正时间", "联系电话", "家庭住址", "所在村组", "备注"]


def messy_rows() -> list[list]:
    """Rows 4 … 19 of the messy sheet (row 1 title, row 2 info, row 3 header)."""
    return [
        # 4: real Excel dates, lowercase x, phone with dashes, spaces around the name, "正式", "汉"
        [1, " 王建国 ", "男", "汉", WANG_ID.lower(), dt.date(1963, 5, 12), "初中", "正式",
         dt.date(1990, 7, 1), "1991.07", "138-0531-2345", "东坡村1组12号", "东坡村1组", None],
        # 5: blank row
        [None] * 14,
        # 6: full-width digits, gender from ID, "回", 出生年月 to the month, "预备", phone as a number
        [2, "李秀英", None, "回", LI_ID.translate(FULLWIDTH), "1975年8月", "高中", "预备",
         "2026.03", None, 13912345678, "东坡村2组3号", "东坡村2组", "新发展党员"],
        # 7: 15-digit old number, compact and 年月日 dates, +86 phone
        [3, "张伟", "男", "汉族", ZHANG_ID15, "19700304", "大学专科", "正式党员",
         "1995-3-4", "1996年3月4日", "+86 137 1234 5678", "东坡村3组", None, None],
        # 8: dates typed as numbers (Excel made 1980.03 and 2005.1 of them), category blank
        [4, "赵强", "男", "汉", ZHAO_ID, 1980.03, "初中", None,
         2005.1, "2006.01", "15866667777", "东坡村1组", "东坡村1组", None],
        # 9: bad check character
        [5, "钱进", "男", "汉", BAD_ID, None, "初中", "正式", "1998.07", "1999.07", None, None, None, None],
        # 10: name missing
        [6, None, "男", "汉", NONAME_ID, None, "初中", "正式", "1998.07", "1999.07", None, None, None, None],
        # 11: 转正 before 入党
        [7, "周平", "男", "汉", ZHOU_ID, None, "初中", "正式", "1990.07", "1989.07", None, None, None, None],
        # 12: 出生年月 disagrees with the ID number
        [8, "吴芳", "女", "汉", WU_ID, "1966.02", "初中", "正式", "1990.07", "1991.07", None, None, None, None],
        # 13: impossible date
        [9, "徐刚", "男", "汉", XU_ID, None, "初中", "正式", "2001.02.30", None, None, None, None, None],
        # 14 and 15: the same ID number twice
        [10, "孙丽", "女", "汉", SUN_ID, None, "初中", "正式", "1990.07", "1991.07", None, None, None, None],
        [11, "孙丽", "女", "汉", SUN_ID, None, "初中", "正式", "1990.07", "1991.07", None, None, None, None],
        # 16: a date column holding an Excel day number, and text with a time
        [12, "刘洋", "男", "汉", LIU_ID, None, "中专", "正式", 36526, "2001-01-05 00:00:00",
         "0531-87451234", "东坡村4组", None, None],
        # 17: blank row, 18-19: footer lines
        [None] * 14,
        ["填表人：王五　　　　审核人：李四", None, None, None, None, None, None, None, None, None, None, None,
         None, None],
        ["填表日期：2026年11月20日"] + [None] * 13,
    ]


VALID_ROWS = [4, 6, 7, 8, 16]
INVALID = [
    (9, "身份证号"),
    (10, "姓名"),
    (11, "转正时间"),
    (12, "出生年月"),
    (13, "入党时间"),
    (14, "身份证号"),
    (15, "身份证号"),
]
IGNORED = [(5, "空行"), (17, "空行"), (18, "表格下方的说明（填表人：王五　　　　审核人：李四）"),
           (19, "表格下方的说明（填表日期：2026年11月20日）")]


def messy_xlsx(path: Path, rows: list[list] | None = None) -> Path:
    """The messy sheet as .xlsx, with a merged title row and an info row above the header."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员花名册"
    ws["A1"] = "东坡村党支部党员花名册"
    ws.merge_cells("A1:N1")
    ws["A2"] = "填报单位：东坡村党支部（盖章）　　　填报日期：2026年11月"
    ws.merge_cells("A2:N2")
    ws.append(HEADER)
    for row in rows if rows is not None else messy_rows():
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def messy_xls(path: Path) -> Path:
    """The same sheet as an old .xls (BIFF8) written by xlwt."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("党员花名册")
    ws.write_merge(0, 0, 0, 13, "东坡村党支部党员花名册")
    ws.write_merge(1, 1, 0, 13, "填报单位：东坡村党支部")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, text in enumerate(HEADER):
        ws.write(2, c, text)
    for r, row in enumerate(messy_rows(), start=3):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    wb.save(str(path))
    return path


def csv_text(rows: list[list]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, dt.date) else v) for v in row])
    return out.getvalue()


def simple_rows() -> list[list]:
    """Header plus three plain members, for CSV encodings."""
    return [
        ["姓名", "性别", "公民身份号码", "入党日期", "转正日期", "手机号"],
        ["王建国", "男", WANG_ID, "1990-07-01", "1991-07-01", "13805312345"],
        ["李䶮", "女", LI_ID, "1998.07", "1999.07", "139 1234 5678"],   # 䶮: in GB18030, not in GBK
        ["赵强", "男", ZHAO_ID, "2005.01", "2006.01", ""],
    ]


# --- reading -----------------------------------------------------------------------------------

def test_xlsx_rows_keep_the_row_numbers_excel_shows(tmp_path):
    tables = read_sheets(messy_xlsx(tmp_path / "花名册.xlsx"))
    assert len(tables) == 1
    table = tables[0]
    assert (table.kind, table.sheet, table.reader) == ("xlsx", "党员花名册", "calamine")
    assert table.rows[0].number == 1 and table.rows[0].cells[0] == "东坡村党支部党员花名册"
    by_number = {r.number: r.cells for r in table.rows}
    assert by_number[3][:3] == ["序号", "姓 名", "性别"]
    assert by_number[4][1] == " 王建国 "
    assert by_number[4][5] == dt.date(1963, 5, 12)
    assert all(c is None for c in by_number[5])
    assert by_number[19][0] == "填表日期：2026年11月20日"
    assert table.rows[-1].number == 19


def test_openpyxl_reader_gives_the_same_rows_as_calamine(tmp_path):
    path = messy_xlsx(tmp_path / "花名册.xlsx")
    fast = read_sheets(path, reader="calamine")[0]
    slow = read_sheets(path, reader="openpyxl")[0]
    assert slow.reader == "openpyxl"
    assert [r.number for r in fast.rows] == [r.number for r in slow.rows]

    def comparable(cells):
        out = []
        for c in cells:
            if isinstance(c, dt.datetime):
                c = c.date()
            if isinstance(c, float) and c.is_integer():
                c = int(c)
            out.append(c)
        return out

    for a, b in zip(fast.rows, slow.rows):
        assert comparable(a.cells) == comparable(b.cells)


def test_xls_file_is_read_with_dates_and_row_numbers(tmp_path):
    table = read_sheets(messy_xls(tmp_path / "花名册.xls"))[0]
    assert (table.kind, table.reader) == ("xls", "calamine")
    by_number = {r.number: r.cells for r in table.rows}
    assert by_number[1][0] == "东坡村党支部党员花名册"
    assert by_number[4][5] == dt.date(1963, 5, 12)
    assert by_number[6][10] == 13912345678
    assert by_number[18][0].startswith("填表人")


def test_vertically_merged_cells_count_for_every_row(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "党小组"])
    ws.append(["王建国", WANG_ID, "第一党小组"])
    ws.append(["赵强", ZHAO_ID, None])
    ws.append(["李秀英", LI_ID, "第二党小组"])
    ws.merge_cells("C2:C3")
    wb.save(tmp_path / "merged.xlsx")
    rows = read_sheets(tmp_path / "merged.xlsx")[0].rows
    assert [r.cells[2] for r in rows[1:]] == ["第一党小组", "第一党小组", "第二党小组"]


@pytest.mark.parametrize(
    "encoding, prefix, expected",
    [("gb18030", b"", "gb18030"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("utf-8", b"", "utf-8")],
)
def test_csv_encodings_are_detected(tmp_path, encoding, prefix, expected):
    path = tmp_path / "花名册.csv"
    path.write_bytes(prefix + csv_text(simple_rows()).encode(encoding))
    table = read_sheets(path)[0]
    assert table.encoding == expected
    assert table.rows[2].cells[0] == "李䶮"
    assert [r.number for r in table.rows] == [1, 2, 3, 4]


def test_gbk_csv_as_excel_saves_it(tmp_path):
    path = tmp_path / "花名册.csv"
    rows = simple_rows()
    rows[2][0] = "李秀英"   # plain GBK
    path.write_bytes(csv_text(rows).encode("gbk"))
    table = read_sheets(path)[0]
    assert table.encoding == "gb18030"
    assert [r.cells[0] for r in table.rows] == ["姓名", "王建国", "李秀英", "赵强"]


def test_csv_line_numbers_count_lines_inside_quoted_cells(tmp_path):
    text = '东坡村党员名单\r\n\r\n姓名,备注\r\n王建国,"第一行\r\n第二行"\r\n赵强,无\r\n'
    path = tmp_path / "名单.csv"
    path.write_bytes(text.encode("utf-8"))
    rows = read_sheets(path)[0].rows
    assert [(r.number, r.cells[0] if r.cells else None) for r in rows] == [
        (1, "东坡村党员名单"), (2, None), (3, "姓名"), (4, "王建国"), (6, "赵强"),
    ]


def test_tab_separated_utf16_text(tmp_path):
    path = tmp_path / "名单.txt"
    path.write_bytes("姓名\t身份证号\r\n王建国\t{}\r\n".format(WANG_ID).encode("utf-16"))
    table = read_sheets(path)[0]
    assert table.encoding == "utf-16"
    assert table.rows[1].cells == ["王建国", WANG_ID]


def test_unreadable_files_give_chinese_messages(tmp_path):
    with pytest.raises(UserError, match="找不到文件"):
        read_sheets(tmp_path / "没有.xlsx")
    (tmp_path / "a.doc").write_bytes(b"x")
    with pytest.raises(UserError, match="不认识"):
        read_sheets(tmp_path / "a.doc")
    (tmp_path / "b.xlsx").write_bytes(b"this is not a zip file")
    with pytest.raises(UserError, match="打不开"):
        read_sheets(tmp_path / "b.xlsx")
    (tmp_path / "c.et").write_bytes(b"x")
    with pytest.raises(UserError, match="另存为"):
        read_sheets(tmp_path / "c.et")


# --- columns -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "header, target",
    [
        ("姓名", "name"), ("名字", "name"), (" 姓 名 ", "name"), ("*姓名", "name"),
        ("公民身份号码", "id_number"), ("身份证号", "id_number"), ("身份证号码（18位）", "id_number"),
        ("出生年月", "birth_date"), ("出生日期", "birth_date"), ("出生年月\n（年.月）", "birth_date"),
        ("入党时间", "joined_on"), ("入党日期", "joined_on"), ("转正时间", "full_member_on"),
        ("人员类别", "category"), ("党员类别", "category"), ("文化程度", "education"),
        ("联系电话", "phone"), ("手机号", "phone"), ("固定电话", "landline"),
        ("家庭住址", "address"), ("党小组", "group"), ("党籍状态", "status"),
        ("序号", IGNORE), ("年龄", IGNORE), ("所在村组", "hamlet"), ("东坡村党支部党员花名册", None),
    ],
)
def test_header_names_in_use_are_recognised(header, target):
    assert match_header(header) == target


def test_header_row_is_found_below_title_and_info_rows(tmp_path):
    table = read_sheets(messy_xlsx(tmp_path / "花名册.xlsx"))[0]
    mapping = detect_columns(table.rows)
    assert mapping.header_row == 3
    assert [(c.header, c.target) for c in mapping.columns] == [
        ("序号", IGNORE), ("姓名", "name"), ("性别", "gender"), ("民族", "ethnicity"),
        ("身份证号", "id_number"), ("出生年月", "birth_date"), ("文化程度", "education"),
        ("党员类别", "category"), ("入党时间", "joined_on"), ("转正时间", "full_member_on"),
        ("联系电话", "phone"), ("家庭住址", "address"), ("所在村组", "hamlet"), ("备注", "note"),
    ]


def test_second_phone_column_is_the_landline_and_a_column_without_header_is_kept(tmp_path):
    from dangjian_desktop.core.roster_read import SheetRow

    rows = [
        SheetRow(1, ["姓名", "手机", "电话", "身份证号", None]),
        SheetRow(2, ["王建国", "13805312345", "0531-87451234", WANG_ID, "老党员"]),
    ]
    mapping = detect_columns(rows)
    assert [(c.header, c.target) for c in mapping.columns] == [
        ("姓名", "name"), ("手机", "phone"), ("电话", "landline"), ("身份证号", "id_number"), ("E列", KEEP_AS_NOTE),
    ]


def test_mapping_corrections_are_checked():
    from dangjian_desktop.core.roster_read import SheetRow

    rows = [SheetRow(1, ["姓名", "手机", "住址"]), SheetRow(2, ["王建国", "13805312345", "东坡村"])]
    mapping = detect_columns(rows)
    assert mapping.problems() == []
    wrong = mapping.with_target(2, "phone")
    assert wrong.problems() == ["“手机”和“住址”两列都设成了“手机号码”，请把其中一列改为别的项目，或者“写入备注”。"]
    no_name = mapping.with_target(0, KEEP_AS_NOTE)
    assert no_name.problems() == ["请指定哪一列是“姓名”。"]


def test_sheet_without_a_name_column_has_no_header():
    from dangjian_desktop.core.roster_read import SheetRow

    assert detect_columns([SheetRow(1, ["编号", "金额"]), SheetRow(2, [1, 20])]) is None
