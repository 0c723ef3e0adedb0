"""A -wal file of another database beside ours: nothing is written on top of the mixed view."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from dangjian_desktop.core.demo import generate_demo
from dangjian_desktop.db.connection import open_database
from tests.conftest import TODAY, run_cli
from tests.test_backup_fixtures import file_bytes


def demo_file(path: Path, members: int, seed: int) -> Path:
    with open_database(path):
        generate_demo(members, seed=seed, today=TODAY)
    return path


def test_a_foreign_wal_file_is_refused_before_anything_is_written(tmp_path):
    ours = demo_file(tmp_path / "ours.sqlite3", 40, seed=1)
    other = demo_file(tmp_path / "other" / "other.sqlite3", 120, seed=2)
    con = sqlite3.connect(other)
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("UPDATE member SET note = note || '（改）'")
    con.execute("DELETE FROM attendance WHERE id % 3 = 0")
    con.commit()
    shutil.copyfile(str(other) + "-wal", str(ours) + "-wal")     # while the writer still holds it
    con.close()
    before = {k: v for k, v in file_bytes(ours).items() if k in ("main", "-wal")}     # -shm is an index only
    sheet = tmp_path / "roster.csv"
    sheet.write_text("姓名,性别,入党日期\n王新民,男,2001-07-01\n", encoding="utf-8")
    for args in (("members", "import", str(sheet)), ("check",), ("members", "list")):
        result = run_cli("--db", str(ours), *args)
        stderr = result.stderr.decode("utf-8")
        assert result.returncode == 1, args
        assert "对不上" in stderr and "-wal" in stderr and "Traceback" not in stderr, stderr
        assert not any("a" <= ch.lower() <= "z" for ch in stderr.replace("-wal", "").replace(ours.name, "")
                       .replace(str(ours.parent), "")), stderr
    assert {k: v for k, v in file_bytes(ours).items() if k in ("main", "-wal")} == before
