"""``recruits add|record|list|due`` end to end: the real command line on a real file."""

import datetime as dt
import json

from dangjian_desktop.core.names import name_pinyin
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import Member
from tests.conftest import cli_ok, cli_refused
from tests.test_recruits import id_number

ok, refused = cli_ok, cli_refused


def test_from_application_to_probationary_member(tmp_path):
    db = tmp_path / "b.sqlite3"
    with open_database(db):
        a, b = (Member.create(name=n, name_pinyin=name_pinyin(n), joined_on=dt.date(1990, 1, 1),
                              full_member_on=dt.date(1991, 1, 1)).id for n in ("老王", "老李"))
    assert "只有 15 岁" in refused(db, "recruits", "add", "--name", "小孩", "--id-number", id_number(dt.date(2009, 1, 1)),
                                  "--applied-on", "2024-03-01")
    assert "校验" in refused(db, "recruits", "add", "--name", "错号", "--id-number", "370124199803151230",
                            "--applied-on", "2024-03-01")
    rid = json.loads(ok(db, "recruits", "add", "--name", "张三", "--id-number", id_number(dt.date(1998, 3, 15)),
                        "--applied-on", "2024-03-01", "--phone", "13800001111", "--json"))["id"]
    steps = [("talked", "2024-03-15", ["--members", str(a)]), ("activist", "2024-04-10", []),
             ("contacts", "2024-04-15", ["--members", f"{a},{b}"]), ("candidate", "2025-04-10", []),
             ("introducers", "2025-04-20", ["--members", f"{a},{b}"]), ("political_review", "2025-05-01", []),
             ("trained", "2025-05-10", ["--hours", "24"]), ("publicity", "2025-06-02", [])]
    for event, day, extra in steps:
        ok(db, "recruits", "record", str(rid), event, "--on", day, *extra)
    assert "公示要满 5 个工作日" in refused(db, "recruits", "record", str(rid), "branch_vote", "--on", "2025-06-06")
    refused(db, "recruits", "record", str(rid), "party", "--on", "2025-06-06", code=2)     # no such step
    ok(db, "recruits", "record", str(rid), "branch_vote", "--on", "2025-06-09")
    assert "加入党员名册" in ok(db, "recruits", "record", str(rid), "approved", "--on", "2025-07-01")
    (row,) = json.loads(ok(db, "recruits", "list", "--json"))
    assert row["stage"] == "probationary" and row["member_id"] and row["next"] == "oath"
    member = next(m for m in json.loads(ok(db, "members", "list", "--json")) if m["name"] == "张三")
    assert (member["category"], member["joined_on"], member["phone"]) == ("预备党员", "2025-06-09", "13800001111")
    due = json.loads(ok(db, "recruits", "due", "--on", "2026-05-20", "--json"))
    assert due == [{"id": rid, "name": "张三", "what": "张三的预备期满，要讨论能否转为正式党员",
                    "due_on": "2026-06-09", "overdue": False}]
    assert "延长预备期要在 --note 写明几个月" in refused(db, "recruits", "record", str(rid), "extended", "--on", "2025-12-01")
