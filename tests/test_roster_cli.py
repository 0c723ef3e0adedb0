"""``members import`` and ``members export`` through the real command line."""

from __future__ import annotations

import json

from tests.conftest import run_cli
from tests.test_roster_sheets import IGNORED, INVALID, messy_xlsx


def _json(result) -> dict:
    return json.loads(result.stdout.decode("utf-8"))


def test_import_refuses_a_file_with_invalid_rows(db_path, tmp_path):
    sheet = messy_xlsx(tmp_path / "花名册.xlsx")
    result = run_cli("members", "import", str(sheet), "--json", db=db_path)
    assert result.returncode == 1
    report = _json(result)
    assert list(report) == ["imported", "updated", "unchanged", "invalid", "ignored"]
    assert (report["imported"], report["updated"], report["unchanged"]) == (0, 0, 0)
    assert [(p["row"], p["column"]) for p in report["invalid"]] == INVALID
    assert [(i["row"], i["reason"]) for i in report["ignored"]] == IGNORED
    assert "没有导入任何党员" in result.stderr.decode("utf-8")
    listed = run_cli("members", "list", "--json", db=db_path)
    assert _json(listed) == []


def test_dry_run_then_skip_invalid_then_reimport(db_path, tmp_path):
    sheet = messy_xlsx(tmp_path / "花名册.xlsx")
    dry = run_cli("members", "import", str(sheet), "--dry-run", "--skip-invalid", "--json", db=db_path)
    assert dry.returncode == 0, dry.stderr.decode()
    assert _json(dry)["imported"] == 5
    assert _json(run_cli("members", "list", "--json", db=db_path)) == []

    done = run_cli("members", "import", str(sheet), "--skip-invalid", db=db_path)
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    assert "文件“花名册.xlsx”的工作表“党员花名册”，表头在第 3 行。" in text
    assert "第 9 行【身份证号】身份证号最后一位校验不对" in text
    assert "已新增 5 名党员，已更新 0 名，无变化 0 名，跳过有问题的 7 行。" in text
    members = _json(run_cli("members", "list", "--json", db=db_path))
    assert sorted(m["name"] for m in members) == ["刘洋", "张伟", "李秀英", "王建国", "赵强"]

    again = run_cli("members", "import", str(sheet), "--skip-invalid", "--json", db=db_path)
    assert (_json(again)["imported"], _json(again)["unchanged"]) == (0, 5)


def test_export_and_import_round_trip(db_path, tmp_path):
    assert run_cli("demo", "--members", "60", "--seed", "5", db=db_path).returncode == 0
    out = tmp_path / "导出.xlsx"
    exported = run_cli("members", "export", "--out", str(out), db=db_path)
    assert exported.returncode == 0, exported.stderr.decode()
    assert "已导出 60 名党员（其中已不在册 3 名）" in exported.stdout.decode("utf-8")

    other = tmp_path / "other.sqlite3"
    imported = run_cli("members", "import", str(out), "--json", db=other)
    assert imported.returncode == 0, imported.stderr.decode()
    assert _json(imported)["imported"] == 60

    def strip(listing):
        return sorted(({k: v for k, v in m.items() if k != "id"} for m in listing), key=lambda m: m["id_number"])

    original = strip(_json(run_cli("members", "list", "--json", db=db_path)))
    copied = strip(_json(run_cli("members", "list", "--json", db=other)))
    assert copied == original


def test_missing_file_and_bad_suffix_are_chinese_messages(db_path, tmp_path):
    missing = run_cli("members", "import", str(tmp_path / "没有.xlsx"), db=db_path)
    assert missing.returncode == 1
    assert "找不到文件" in missing.stderr.decode("utf-8")
    assert b"Traceback" not in missing.stderr
    bad = run_cli("members", "export", "--out", str(tmp_path / "x.txt"), db=db_path)
    assert bad.returncode == 1
    assert ".xlsx" in bad.stderr.decode("utf-8")
    usage = run_cli("members", "export", db=db_path)
    assert usage.returncode == 2


def test_an_import_that_writes_keeps_an_automatic_backup_first(db_path, tmp_path):
    from dangjian_desktop.backup.autobackup import list_auto_backups

    assert run_cli("demo", "--members", "20", "--seed", "5", db=db_path).returncode == 0
    sheet = messy_xlsx(tmp_path / "花名册.xlsx")
    assert run_cli("members", "import", str(sheet), db=db_path).returncode == 1         # refused: no backup
    assert run_cli("members", "import", str(sheet), "--dry-run", "--skip-invalid", db=db_path).returncode == 0
    assert list_auto_backups(db_path) == []
    done = run_cli("members", "import", str(sheet), "--skip-invalid", db=db_path)
    assert done.returncode == 0, done.stderr.decode()
    backups = list_auto_backups(db_path)
    assert [b.reason for b in backups] == ["导入前"]
    assert backups[0].info.member_records == 20                  # the data as they were before
