"""Exporting the roster (.xlsx 花名册, .csv) and importing it back."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from dangjian_desktop.core.members import list_members_json
from dangjian_desktop.core.roster_export import EXPORT_COLUMNS, export_problems, export_roster, text_width
from dangjian_desktop.core.roster_import import import_roster
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import Member
from dangjian_desktop.errors import UserError
from tests.conftest import TODAY
from tests.test_roster_sheets import messy_xlsx

HEADERS = [h for _, h in EXPORT_COLUMNS]


def column(name: str) -> int:
    return HEADERS.index(name) + 1


def test_xlsx_is_a_proper_roster(demo_db, tmp_path):
    result = export_roster(tmp_path / "花名册.xlsx", today=TODAY)
    total = Member.select().count()
    former = Member.select().where(Member.status != "active").count()
    assert (result.members, result.former) == (total, former)

    ws = openpyxl.load_workbook(result.path).active
    assert ws["A1"].value == "东坡村党支部党员花名册"
    assert ws["A1"].font.b
    assert ws["A2"].value == f"导出日期：2026年11月26日　　在册党员 {total - former} 人，已不在册 {former} 人（见“党籍状态”一列）"
    assert "A1:AG1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[3]] == HEADERS
    assert all(c.font.b for c in ws[3])
    assert ws.freeze_panes == "C4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.max_row == 3 + total

    first = Member.select().where(Member.status == "active").order_by(Member.name_pinyin, Member.id).first()
    row = 4
    assert ws.cell(row, column("序号")).value == 1
    assert ws.cell(row, column("姓名")).value == first.name
    id_cell = ws.cell(row, column("公民身份号码"))
    assert (id_cell.value, id_cell.data_type, id_cell.number_format) == (first.id_number, "s", "@")
    birth = ws.cell(row, column("出生日期"))
    assert birth.is_date and birth.value.date() == first.birth_date and birth.number_format == "yyyy-mm-dd"
    if first.phone:
        assert ws.cell(row, column("手机号码")).value == first.phone

    longest_address = max(text_width(m.address) for m in Member.select())
    address_width = ws.column_dimensions[openpyxl.utils.get_column_letter(column("家庭住址"))].width
    assert address_width >= longest_address
    assert ws.column_dimensions["E"].width >= 20          # 18-digit ID numbers fit


def test_csv_is_utf8_with_bom_and_keeps_id_numbers_as_text(demo_db, tmp_path):
    result = export_roster(tmp_path / "花名册.csv", today=TODAY)
    data = result.path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0] == ",".join(HEADERS)
    first = Member.select().where(Member.status == "active").order_by(Member.name_pinyin, Member.id).first()
    assert lines[1].startswith(f'1,{first.name},{first.gender},{first.ethnicity},"=""{first.id_number}""",'
                               f"{first.birth_date.isoformat()},")


def _snapshot() -> list[dict]:
    members = []
    groups = {m["id"]: m["group"] for m in list_members_json()}
    for rec in Member.select().dicts():
        rec = {k: v for k, v in rec.items() if k not in ("created_at", "updated_at")}
        rec["group"] = groups[rec.pop("id")]
        members.append(rec)
    return sorted(members, key=lambda m: m["id_number"])


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_back_exactly_the_same_members(demo_db, tmp_path, suffix):
    before = _snapshot()
    assert any(m["status"] != "active" for m in before) and any(m["is_flow"] for m in before)
    path = export_roster(tmp_path / f"花名册{suffix}", today=TODAY).path

    again = import_roster(path, today=TODAY)      # into the same database: nothing to do
    assert (again.imported, again.updated, again.unchanged, again.invalid) == (0, 0, len(before), [])

    demo_db.close()
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        report = import_roster(path, today=TODAY)
        assert report.to_json() == {
            "imported": len(before), "updated": 0, "unchanged": 0, "invalid": [], "ignored": [],
        }
        assert _snapshot() == before
    finally:
        fresh.close()


def test_problem_list_can_be_saved_as_a_sheet(opened, tmp_path):
    report = import_roster(messy_xlsx(tmp_path / "花名册.xlsx"), dry_run=True, today=TODAY)
    saved = export_problems(report, tmp_path / "问题清单")
    assert saved.name == "问题清单.xlsx"
    ws = openpyxl.load_workbook(saved).active
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    assert rows[0] == ("行号", "列", "问题")
    assert rows[1] == (9, "身份证号", "身份证号最后一位校验不对，请逐位核对是否有数字输错或前后颠倒。")
    assert (5, None, "已跳过：空行") in rows
    assert (7, "身份证号", "提示（不影响导入）：已把 15 位老身份证号升级为 18 位：370124197003041230") in rows
    assert len(rows) == 1 + 7 + 4 + 1


def test_export_refuses_unknown_suffix_and_missing_folder(opened, tmp_path):
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_roster(tmp_path / "花名册.pdf")
    with pytest.raises(UserError, match="不存在"):
        export_roster(tmp_path / "没有这个文件夹" / "花名册.xlsx")


def test_export_of_an_empty_roster_has_title_and_header(opened, tmp_path):
    result = export_roster(tmp_path / "空.xlsx", today=dt.date(2026, 1, 2))
    ws = openpyxl.load_workbook(result.path).active
    assert ws["A1"].value == "党支部党员花名册"
    assert ws["A2"].value == "导出日期：2026年1月2日　　在册党员 0 人"
    assert ws.max_row == 3
