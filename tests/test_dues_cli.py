"""``dues basis|month|pay|arrears|remit`` end to end: the real command line on a real file."""

import datetime as dt
import json

from dangjian_desktop.core.names import name_pinyin
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import Member
from tests.conftest import cli_ok, cli_refused


def roster(db, names=("王建国", "李秀英", "张伟")) -> list[int]:
    """A small roster written in-process (the command line has no ``members add``)."""
    with open_database(db):
        return [Member.create(name=n, name_pinyin=name_pinyin(n), joined_on=dt.date(2010, 7, 1)).id for n in names]


ok, refused = cli_ok, cli_refused


def test_a_month_from_basis_to_remittance(tmp_path):
    db = tmp_path / "b.sqlite3"
    first, second, _third = roster(db)
    assert "3000–5000 元档，1%" in ok(db, "dues", "basis", str(first), "salaried", "--income", "4200", "--from", "2026-10")
    ok(db, "dues", "basis", str(second), "retired", "--income", "5000.01", "--amount", "60", "--from", "2026-10")
    sheet = {row["member_id"]: row for row in json.loads(ok(db, "dues", "month", "2026-10", "--json"))}
    assert sheet[first] == {"member_id": first, "name": "王建国", "kind": "salaried", "base": "4200.00",
                            "due": "42.00", "paid": None, "paid_on": None}
    assert sheet[second]["due"] == "60.00" and sheet[second]["base"] == "5000.01"
    ok(db, "dues", "pay", str(first), "2026-10", "--amount", "12.5", "--on", "2026-11-30")
    ok(db, "dues", "pay", str(first), "2026-10", "--on", "2026-11-30")      # the rest: 29.50
    row = {r["member_id"]: r for r in json.loads(ok(db, "dues", "month", "2026-10", "--json"))}[first]
    assert (row["paid"], row["paid_on"]) == ("42.00", "2026-11-30")
    remitted = json.loads(ok(db, "dues", "remit", "2026-10", "--on", "2026-11-30", "--json"))
    assert remitted["amount"] == "42.00"
    assert "已经结账" in refused(db, "dues", "pay", str(second), "2026-10", "--on", "2026-11-30")


def test_bad_input_is_refused_in_chinese_and_writes_nothing(tmp_path):
    db = tmp_path / "b.sqlite3"
    first = roster(db)[0]
    before = ok(db, "dues", "month", "2026-11", "--json")
    assert "负数" in refused(db, "dues", "basis", str(first), "salaried", "--income", "-4200")
    assert "不是数字" in refused(db, "dues", "basis", str(first), "salaried", "--income", "四千")
    assert "小数超过两位" in refused(db, "dues", "pay", str(first), "2026-11", "--amount", "1.005", "--on", "2026-11-30")
    assert "不是月份" in refused(db, "dues", "month", "2026-13", code=2)
    assert "不是日期" in refused(db, "dues", "pay", str(first), "2026-11", "--on", "30/11/2026", code=2)
    assert "不存在" in refused(db, "dues", "pay", "99999", "2026-11", "--on", "2026-11-30")
    assert ok(db, "dues", "month", "2026-11", "--json") == before


def test_arrears_json(tmp_path):
    db = tmp_path / "b.sqlite3"
    first, second, third = roster(db)
    for member in (first, second, third):
        ok(db, "dues", "basis", str(member), "farmer", "--from", "2026-07")
    for month in ("2026-07", "2026-08", "2026-09"):
        ok(db, "dues", "pay", str(first), month, "--on", "2026-09-30")
    ok(db, "dues", "pay", str(second), "2026-07", "--on", "2026-09-30")
    found = json.loads(ok(db, "dues", "arrears", "--on", "2026-12-02", "--json"))
    assert found == [{"member_id": second, "name": "李秀英", "months_unpaid": 4, "owed": "0.80"},
                     {"member_id": third, "name": "张伟", "months_unpaid": 5, "owed": "1.00"}]
    assert ok(db, "dues", "arrears", "--on", "2026-09-15", "--json").strip() == "[]"
