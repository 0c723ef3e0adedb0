"""End-to-end: the real command line on real files."""

import json
import sqlite3

from dangjian_desktop.db.connection import open_database
from tests.conftest import run_cli


def test_demo_check_and_list(db_path):
    result = run_cli("demo", "--members", "80", "--seed", "4", db=db_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "已载入演示支部" in result.stdout.decode("utf-8")

    check = run_cli("check", "--json", db=db_path)
    assert check.returncode == 0
    assert json.loads(check.stdout) == {"ok": True, "schema_version": check_version(db_path), "integrity": "ok"}

    listed = run_cli("members", "list", "--json", db=db_path)
    assert listed.returncode == 0
    members = json.loads(listed.stdout.decode("utf-8"))
    assert len(members) == 80
    assert any(m["status"] != "active" for m in members)
    assert all(m["phone"] is None or m["phone"].isdigit() for m in members)
    assert {m["category"] for m in members} == {"正式党员", "预备党员"}


def check_version(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def test_demo_refuses_non_empty(db_path):
    assert run_cli("demo", "--members", "10", db=db_path).returncode == 0
    again = run_cli("demo", "--members", "10", db=db_path)
    assert again.returncode == 1
    assert "空白" in again.stderr.decode("utf-8")
    assert b"Traceback" not in again.stderr


def test_wrong_usage_exits_2_in_chinese(db_path):
    result = run_cli("members", "frobnicate", db=db_path)
    assert result.returncode == 2
    assert "用法不对" in result.stderr.decode("utf-8")


def test_foreign_file_exit_1_untouched(tmp_path):
    path = tmp_path / "letter.sqlite3"
    path.write_bytes("给村委会的信".encode("utf-8") * 50)
    before = path.read_bytes()
    result = run_cli("check", "--json", db=path)
    assert result.returncode == 1
    assert "不是党支部工作台的数据文件" in result.stderr.decode("utf-8")
    assert b"Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_database_in_use_exit_1(db_path):
    with open_database(db_path):
        result = run_cli("members", "list", db=db_path)
    assert result.returncode == 1
    assert "正被另一个党支部工作台窗口使用" in result.stderr.decode("utf-8")


def test_environment_variable_names_the_database(tmp_path):
    path = tmp_path / "env.sqlite3"
    result = run_cli("demo", "--members", "12", env={"DANGJIAN_DB": str(path)})
    assert result.returncode == 0
    assert path.exists()


def test_screenshot_of_members_page(db_path, tmp_path):
    assert run_cli("demo", db=db_path).returncode == 0
    shot = tmp_path / "shot.png"
    result = run_cli("gui", "--page", "members", "--screenshot", str(shot), db=db_path,
                     env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr.decode("utf-8")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
