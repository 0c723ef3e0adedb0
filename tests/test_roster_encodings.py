"""CSV files in an encoding other than the one the reader would take: UTF-16 without BOM is read,
Big5, Shift-JIS, a mix of GBK and UTF-8 lines and damaged bytes are refused with the encoding to
save in, never imported as mojibake and never "没有找到表头"."""

from __future__ import annotations

import pytest

from dangjian_desktop.core.members import create_member
from dangjian_desktop.core.roster_read import read_sheets
from dangjian_desktop.errors import UserError
from tests.conftest import TODAY, run_cli
from tests.hostile_files import file_digest
from tests.test_roster_sheets import csv_text, simple_rows

SAVE_AS = "另存为"


def _rows() -> list[list]:
    rows = simple_rows()
    rows[2][0] = "李秀英"        # 䶮 is not in Big5 / Shift-JIS
    return rows


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, codec):
    path = tmp_path / "名单.csv"
    path.write_bytes(csv_text(_rows()).encode(codec))
    table = read_sheets(path)[0]
    assert table.encoding == "utf-16"
    assert [r.cells[0] for r in table.rows] == ["姓名", "王建国", "李秀英", "赵强"]


def _traditional_rows() -> list[list]:
    rows = _rows()
    rows[0] = ["姓名", "性別", "公民身份號碼", "入黨日期", "轉正日期", "手機號"]
    rows[1][0], rows[3][0] = "王建國", "趙強"
    rows[1].append("東坡村第一黨小組")
    return rows


def test_big5_file_is_refused_naming_big5(tmp_path):
    path = tmp_path / "名單.csv"
    path.write_bytes(csv_text(_traditional_rows()).encode("big5"))
    with pytest.raises(UserError) as caught:
        read_sheets(path)
    message = str(caught.value)
    assert "Big5" in message and "繁体" in message and SAVE_AS in message and "UTF-8" in message


def test_shift_jis_file_is_refused_naming_shift_jis(tmp_path):
    rows = _traditional_rows()
    rows[0] = ["氏名（なまえ）", "性別", "マイナンバー", "入党日", "正式日", "携帯電話"]
    rows[1][-1] = "東坂村"
    path = tmp_path / "名簿.csv"
    path.write_bytes(csv_text(rows).encode("shift_jis"))
    with pytest.raises(UserError) as caught:
        read_sheets(path)
    message = str(caught.value)
    assert "Shift-JIS" in message and "日文" in message and SAVE_AS in message


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_one_gbk_line_in_a_utf8_file_is_refused_naming_the_line(tmp_path, bom):
    lines = csv_text(_rows()).split("\r\n")
    data = bom + "\r\n".join(lines[:2]).encode("utf-8") + b"\r\n" + lines[2].encode("gbk") + b"\r\n" + \
        "\r\n".join(lines[3:]).encode("utf-8")
    path = tmp_path / "花名册.csv"
    path.write_bytes(data)
    with pytest.raises(UserError) as caught:
        read_sheets(path)
    message = str(caught.value)
    assert "有的行是 GBK 编码、有的是 UTF-8" in message and "第 3 行" in message
    assert "CSV UTF-8" in message and ".xlsx" in message


def test_one_utf8_line_in_a_gbk_file_is_refused(tmp_path):
    lines = csv_text(_rows()).split("\r\n")
    data = "\r\n".join(lines[:3]).encode("gbk") + b"\r\n" + "\r\n".join(lines[3:]).encode("utf-8")
    path = tmp_path / "花名册.csv"
    path.write_bytes(data)
    with pytest.raises(UserError, match="有的行是 GBK 编码、有的是 UTF-8"):
        read_sheets(path)


def test_gbk_file_with_rare_name_characters_is_still_read(tmp_path):
    rows = _rows()
    rows[1][0], rows[2][0], rows[3][0] = "王喆", "张堃", "赵㛃"      # 㛃 is outside the 8105 list
    path = tmp_path / "花名册.csv"
    path.write_bytes(csv_text(rows).encode("gb18030"))
    table = read_sheets(path)[0]
    assert table.encoding == "gb18030"
    assert [r.cells[0] for r in table.rows[1:]] == ["王喆", "张堃", "赵㛃"]


def test_damaged_bytes_are_refused_not_replaced(tmp_path):
    path = tmp_path / "花名册.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "姓名,性别\r\n王建国,男\r\n".encode() + b"\xff\xfe\xfd,\x80\r\n")
    with pytest.raises(UserError) as caught:
        read_sheets(path)
    assert "第 3 行" in str(caught.value) and "�" not in str(caught.value)


def test_a_workbook_named_csv_is_told(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["姓名"])
    wb.save(tmp_path / "x.xlsx")
    path = tmp_path / "花名册.csv"
    path.write_bytes((tmp_path / "x.xlsx").read_bytes())
    with pytest.raises(UserError, match=r"其实是 Excel 表格.*\.xlsx"):
        read_sheets(path)


def test_cli_refuses_a_big5_file_and_leaves_the_database_untouched(opened, tmp_path, db_path):
    create_member({"name": "王建国"}, today=TODAY)
    opened.close()
    before = file_digest(db_path)
    path = tmp_path / "名單.csv"
    path.write_bytes(csv_text(_traditional_rows()).encode("big5"))
    done = run_cli("members", "import", str(path), db=db_path)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1 and "Big5" in stderr and "Traceback" not in stderr
    assert "没有找到表头" not in stderr
    assert file_digest(db_path) == before
