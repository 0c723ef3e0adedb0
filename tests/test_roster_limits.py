"""Files made to kill or hang the reader: a cell at XFD1048576, zip bombs, a zip directory that
lies, a stray cell far below the roster, a 20,001-row sheet, a cell of millions of characters,
and a file the native reader crashes on. The program answers each in Chinese, quickly, and the
database is left as it was."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest

from dangjian_desktop.core import roster_limits
from dangjian_desktop.core.members import create_member
from dangjian_desktop.core.roster_import import import_roster
from dangjian_desktop.core.roster_read import read_sheets
from dangjian_desktop.errors import UserError
from tests.conftest import TODAY, run_cli
from tests.hostile_files import (
    file_digest,
    roster_cells,
    sheet_xml,
    understate_member,
    write_bomb_xlsx,
    write_xlsx,
)
from tests.test_roster_sheets import LI_ID, WANG_ID

ROSTER = [["姓名", "身份证号", "家庭住址"], ["王建国", WANG_ID, "东坡村1组"], ["李秀英", LI_ID, "东坡村2组"]]
UNREADABLE = "读不出来（可能已损坏或不是正常的花名册），请在 Excel/WPS 里打开后另存为 .xlsx 再导入"


@pytest.fixture
def quiet_db(opened, db_path):
    """A database with one member, closed: the CLI opens it; its digest shows nothing was written."""
    create_member({"name": "赵强"}, today=TODAY)
    opened.close()
    return db_path


def _cli_refuses(path, db_path, *, rows_told: bool = False) -> str:
    """Run ``members import --json``: exit 1, a Chinese message, nothing written. ``rows_told``:
    the refusal is of rows (their problems are the JSON on stdout), not of the file."""
    before = file_digest(db_path)
    started = time.monotonic()
    done = run_cli("members", "import", str(path), "--json", db=db_path)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1, stderr
    assert "Traceback" not in stderr
    if rows_told:
        stderr += json.dumps(json.loads(done.stdout), ensure_ascii=False)
    else:
        assert done.stdout == b""
    assert file_digest(db_path) == before
    assert time.monotonic() - started < 60
    return stderr


def _cli_imports(path, db_path) -> dict:
    done = run_cli("members", "import", str(path), "--json", db=db_path)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return json.loads(done.stdout)


def test_a_value_at_xfd1048576_is_left_unread_and_told_once(quiet_db, tmp_path):
    cells = {**roster_cells(ROSTER), (1048576, 16384): "x"}
    path = write_xlsx(tmp_path / "花名册.xlsx", sheet_xml(cells, dimension="A1:XFD1048576"))
    assert path.stat().st_size < 5000
    report = _cli_imports(path, quiet_db)
    assert report["imported"] == 2 and report["invalid"] == []
    assert [i["row"] for i in report["ignored"]] == [1048576]
    assert "XFD1048576" in report["ignored"][0]["reason"]


def test_a_stray_cell_at_az1048576_gives_one_line_not_a_million(quiet_db, tmp_path):
    cells = {**roster_cells(ROSTER), (1048576, 52): "备注"}
    path = write_xlsx(tmp_path / "花名册.xlsx", sheet_xml(cells))
    done = run_cli("members", "import", str(path), db=quiet_db)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert len(out.splitlines()) <= 6 and "AZ1048576" in out and "空行" not in out   # a few summary lines


def test_a_stray_cell_far_to_the_right_is_left_unread(opened, tmp_path):
    cells = {**roster_cells(ROSTER), (2, 16384): "x"}
    path = write_xlsx(tmp_path / "花名册.xlsx", sheet_xml(cells))
    report = import_roster(path, dry_run=True, today=TODAY)
    assert report.imported == 2 and [(i.row, "XFD2" in i.reason) for i in report.ignored] == [(2, True)]


def test_a_crash_of_the_native_reader_is_told_in_chinese(quiet_db, tmp_path):
    # Cells without a position: their place cannot be checked beforehand, so the sheet is read in a
    # child process; the one cell with a position at XFD1048576 makes python-calamine abort there.
    sheet = sheet_xml(roster_cells(ROSTER), refs=False).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    path = write_xlsx(tmp_path / "花名册.xlsx", sheet)
    with pytest.raises(UserError, match="读不出来"):
        read_sheets(path)
    assert UNREADABLE in _cli_refuses(path, quiet_db)


def test_a_zip_bomb_is_refused_from_its_directory(quiet_db, tmp_path):
    path = write_bomb_xlsx(tmp_path / "花名册.xlsx", ROSTER, 250 * 1024 * 1024)
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(UserError, match="解压后有 250 MB"):
        read_sheets(path)
    assert time.monotonic() - started < 2
    assert "没有读取" in _cli_refuses(path, quiet_db)


def test_a_member_unzipping_to_a_hundred_times_its_size_is_refused(opened, tmp_path):
    path = write_bomb_xlsx(tmp_path / "花名册.xlsx", ROSTER, 20 * 1024 * 1024)
    with pytest.raises(UserError, match="大 [0-9]+ 倍"):
        read_sheets(path)


def test_a_zip_directory_that_understates_a_member_is_refused(opened, tmp_path, monkeypatch):
    monkeypatch.setattr(roster_limits, "LIMITS", dataclasses.replace(roster_limits.LIMITS, zip_ratio=10_000))
    path = write_bomb_xlsx(tmp_path / "花名册.xlsx", ROSTER, 8 * 1024 * 1024)
    understate_member(path, "xl/worksheets/sheet1.xml", 2000)      # the data holds 8 MB
    with pytest.raises(UserError, match="大小不符"):
        read_sheets(path)


def test_more_than_20000_rows_are_refused(quiet_db, tmp_path):
    lines = ["姓名,身份证号"] + [f"党员{n},{n}" for n in range(20_000)]
    path = tmp_path / "花名册.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    stderr = _cli_refuses(path, quiet_db)
    assert "20001 行" in stderr and "最多 20000 行" in stderr


def test_a_sheet_of_more_than_20000_rows_is_refused_before_reading(opened, tmp_path):
    cells = {(r, 1): f"党员{r}" for r in range(1, 20_003)}
    path = write_xlsx(tmp_path / "花名册.xlsx", sheet_xml(cells))
    with pytest.raises(UserError, match="20002 行.*最多 20000 行"):
        read_sheets(path)


def test_a_name_of_a_million_characters_is_refused_quickly(quiet_db, tmp_path):
    import random

    rows = [list(r) for r in ROSTER]
    chosen = random.Random(7).choices([chr(c) for c in range(0x4E00, 0x9FA5)], k=1_000_000)
    rows[1][0] = "".join(chosen)          # not repetitive: it does not compress like a bomb
    path = write_xlsx(tmp_path / "花名册.xlsx", sheet_xml(roster_cells(rows)))
    started = time.monotonic()
    report = import_roster(path, dry_run=True, today=TODAY)
    assert time.monotonic() - started < 10
    assert [(p.row, p.message) for p in report.invalid] == [(2, "姓名太长了：有 1000000 个字，最多 30 个字，请删减。")]
    assert "有 1000000 个字" in _cli_refuses(path, quiet_db, rows_told=True)


def test_a_csv_cell_beyond_the_field_size_is_told_in_chinese(opened, tmp_path):
    path = tmp_path / "花名册.csv"
    path.write_text("姓名,备注\r\n王建国," + "长" * 200_000 + "\r\n", encoding="utf-8")
    with pytest.raises(UserError, match="第 2 行附近有一格内容太长") as caught:
        read_sheets(path)
    assert "field" not in str(caught.value)


def test_trailing_empty_lines_of_a_csv_are_not_reported_one_by_one(opened, tmp_path):
    path = tmp_path / "花名册.csv"
    text = "姓名,身份证号\r\n王建国," + WANG_ID + "\r\n" + ",\r\n" * 5000 + "零星内容,\r\n" + ",\r\n" * 10
    path.write_text(text, encoding="utf-8")
    report = import_roster(path, dry_run=True, today=TODAY)
    assert report.imported == 1
    assert [i.row for i in report.ignored] == [5003]


@pytest.mark.parametrize("suffix, magic", [(".xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), (".csv", b"")])
def test_a_file_too_large_for_a_roster_is_refused_before_reading(quiet_db, tmp_path, suffix, magic):
    path = tmp_path / f"花名册{suffix}"
    with open(path, "wb") as fh:
        fh.write(magic)
        fh.truncate(70 * 1024 * 1024)          # sparse: nothing written to disk
    assert "比一份党员花名册大得多" in _cli_refuses(path, quiet_db)


def test_a_read_that_takes_too_long_is_stopped(opened, tmp_path, monkeypatch):
    monkeypatch.setattr(roster_limits, "LIMITS", dataclasses.replace(roster_limits.LIMITS, child_timeout=0.001))
    sheet = sheet_xml(roster_cells(ROSTER), refs=False)
    path = write_xlsx(tmp_path / "花名册.xlsx", sheet)
    with pytest.raises(UserError, match="还没有读完"):
        read_sheets(path)


def test_a_sheet_whose_cells_have_no_positions_is_read_in_a_child(opened, tmp_path):
    path = write_xlsx(tmp_path / "花名册.xlsx", sheet_xml(roster_cells(ROSTER), refs=False))
    table = read_sheets(path)[0]
    assert [r.cells[0] for r in table.rows] == ["姓名", "王建国", "李秀英"]
