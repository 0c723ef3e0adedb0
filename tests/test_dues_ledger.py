"""The dues ledger on a real database: who owes which month, payments, closed months,
remittances and arrears — each rule at its boundary, and nothing written when refused."""

import datetime as dt

import pytest

from dangjian_desktop.core import dues, dues_arrears, dues_year, settings
from dangjian_desktop.core.money import yuan
from dangjian_desktop.core.names import name_pinyin
from dangjian_desktop.db.models import DuesBasis, DuesPayment, DuesRemittance, Member
from dangjian_desktop.errors import UserError

TODAY = dt.date(2026, 12, 2)
D = dt.date


def member(name, *, joined=D(2000, 5, 1), **extra):
    return Member.create(name=name, name_pinyin=name_pinyin(name), joined_on=joined, **extra).id


def rows():
    return (DuesBasis.select().count(), DuesPayment.select().count(), DuesRemittance.select().count())


@pytest.fixture
def ledger(opened):
    ids = {
        "甲": member("甲"),
        "乙": member("乙", joined=D(2026, 6, 20), category="预备党员"),           # probationary since the vote
        "丙": member("丙", status="transferred_out", status_on=D(2026, 8, 15)),  # left in August
        "丁": member("丁", transferred_in_on=D(2026, 4, 3)),
    }
    dues.set_basis(ids["甲"], "salaried", from_month="2026-01", income_fen=420000)
    dues.set_basis(ids["乙"], "farmer", from_month="2026-06")
    dues.set_basis(ids["丙"], "retired", from_month="2026-01", income_fen=300000)
    return ids


def test_who_owes_which_month(ledger):
    names = lambda month: [line.name for line in dues.month_sheet(month).lines]
    assert names("2026-03") == ["丙", "甲"]
    assert names("2026-04") == ["丙", "丁", "甲"]          # transferred in during April: owes April
    assert names("2026-06") == ["丙", "丁", "甲", "乙"]     # voted in on 6-20: owes June
    assert names("2026-07") == ["丙", "丁", "甲", "乙"]     # left on 8-15: owes July …
    assert names("2026-08") == ["丁", "甲", "乙"]           # … not August


def test_a_payment_outside_membership_is_refused_and_nothing_is_written(ledger):
    before = rows()
    with pytest.raises(UserError, match="2026年6月入党，2026年5月还不用交党费"):
        dues.pay(ledger["乙"], "2026-05", paid_on=D(2026, 6, 30), today=TODAY)
    with pytest.raises(UserError, match="不用再交党费"):
        dues.pay(ledger["丙"], "2026-08", paid_on=D(2026, 8, 10), today=TODAY)
    with pytest.raises(UserError, match="还没到"):
        dues.pay(ledger["甲"], "2026-11", paid_on=TODAY + dt.timedelta(days=1), today=TODAY)
    with pytest.raises(UserError, match="没有核定"):
        dues.pay(ledger["丁"], "2026-11", paid_on=TODAY, today=TODAY)
    assert rows() == before
    assert dues.pay(ledger["乙"], "2026-06", paid_on=D(2026, 6, 30), today=TODAY).amount_fen == 20
    assert dues.pay(ledger["丙"], "2026-07", paid_on=D(2026, 8, 10), today=TODAY).amount_fen == 1500


def test_paying_without_an_amount_pays_what_is_left_of_the_due(ledger):
    first = dues.pay(ledger["甲"], "2026-11", amount_fen=2000, paid_on=D(2026, 11, 5), today=TODAY)
    rest = dues.pay(ledger["甲"], "2026-11", paid_on=D(2026, 11, 20), today=TODAY)
    assert (first.amount_fen, rest.amount_fen) == (2000, 2200)
    with pytest.raises(UserError, match="已经交齐"):
        dues.pay(ledger["甲"], "2026-11", paid_on=D(2026, 11, 20), today=TODAY)
    line = next(x for x in dues.month_sheet("2026-11").lines if x.name == "甲")
    assert line.as_json() == {"member_id": ledger["甲"], "name": "甲", "kind": "salaried", "base": "4200.00",
                              "due": "42.00", "paid": "42.00", "paid_on": "2026-11-20"}


def test_an_advance_payment_goes_at_most_twelve_months_ahead(ledger):
    made = dues.pay_months(ledger["甲"], ["2026-12", "2027-01", "2027-02"], paid_on=TODAY, today=TODAY)
    assert [p.month for p in made] == ["2026-12", "2027-01", "2027-02"]
    assert dues.pay(ledger["甲"], "2027-12", paid_on=TODAY, today=TODAY).amount_fen == 4200
    with pytest.raises(UserError, match="最多预交 12 个月"):
        dues.pay(ledger["甲"], "2028-01", paid_on=TODAY, today=TODAY)


def test_pay_all_pays_the_due_of_everyone_with_a_basis_and_can_be_undone(ledger):
    change = dues.pay_all.undoable("2026-07", paid_on=D(2026, 7, 31), today=TODAY)
    sheet = dues.month_sheet("2026-07")
    paid = {line.name: line.paid_fen for line in sheet.lines}
    assert paid == {"甲": 4200, "乙": 20, "丙": 1500, "丁": None}     # 丁 has no basis yet
    assert change.label == "2026年7月党费全部按应交收齐"
    assert sheet.paid_total == 5720 == sum(p for p in paid.values() if p)
    assert [line.name for line in sheet.without_basis] == ["丁"]
    change.undo()
    assert DuesPayment.select().count() == 0


def test_a_remitted_month_is_closed_and_corrected_by_an_adjustment(ledger):
    dues.pay_all("2026-09", paid_on=D(2026, 9, 30), today=TODAY)
    dues.pay(ledger["甲"], "2026-10", paid_on=D(2026, 10, 30), today=TODAY)
    preview = dues.remittance_preview("2026-09", "2026-09")
    assert preview.amount_fen == 4220 and preview.unpaid_names == ["丁"]
    remittance = dues.remit("2026-09", "2026-09", on=D(2026, 10, 10), today=TODAY)
    assert remittance.amount_fen == 4220
    before = rows()
    with pytest.raises(UserError, match="已经结账"):
        dues.pay(ledger["乙"], "2026-09", paid_on=TODAY, today=TODAY)
    with pytest.raises(UserError, match="已经结账"):
        dues.pay_all("2026-09", paid_on=TODAY, today=TODAY)
    with pytest.raises(UserError, match="不能再取消"):
        dues.unpay(ledger["甲"], "2026-09")
    with pytest.raises(UserError, match="上缴过了"):
        dues.remit("2026-08", "2026-09", on=TODAY, today=TODAY)
    with pytest.raises(UserError, match="原因"):
        dues.adjust(ledger["乙"], "2026-09", 20, reason=" ", on=TODAY, today=TODAY)
    with pytest.raises(UserError, match="不用记调整"):
        dues.adjust(ledger["乙"], "2026-10", 20, reason="补交", on=TODAY, today=TODAY)
    with pytest.raises(UserError, match="一共只交了 0.20 元"):
        dues.adjust(ledger["乙"], "2026-09", -21, reason="记错", on=TODAY, today=TODAY)
    assert rows() == before
    dues.adjust(ledger["丁"], "2026-09", 500, reason="上缴后补交", on=TODAY, today=TODAY)
    # the correction goes with the next remittance, with October's payment
    assert dues.remit("2026-10", "2026-11", on=TODAY, today=TODAY).amount_fen == 4200 + 500
    total_payments = sum(p.amount_fen for p in DuesPayment.select())
    assert total_payments == sum(r.amount_fen for r in DuesRemittance.select())


def test_unpay_takes_back_a_wrong_tick_in_an_open_month(ledger):
    dues.pay(ledger["甲"], "2026-11", paid_on=TODAY, today=TODAY)
    assert dues.unpay(ledger["甲"], "2026-11") == 1
    assert dues.month_sheet("2026-11").lines[-1].paid_fen is None


def arrears_of(on):
    return {a.name: (a.months_unpaid, yuan(a.owed_fen)) for a in dues_arrears.arrears(on)}


def test_arrears_from_three_months_counted_to_last_month(ledger):
    settings.put("dues_start_month", "2026-07")
    for month in ("2026-07", "2026-08"):
        dues.pay_all(month, paid_on=dues.first_day(month), today=TODAY)
    # 甲 paid July and August: September, October unpaid on 11-30 is two months — not yet
    assert "甲" not in arrears_of(D(2026, 11, 30))
    # on December 1st November is past too: three months in a row
    assert arrears_of(D(2026, 12, 1))["甲"] == (3, "126.00")
    # 丁 (no basis) has owed since the ledger began: five months, amount unknown
    assert arrears_of(D(2026, 12, 1))["丁"] == (5, "0.00")
    assert "丙" not in arrears_of(D(2026, 12, 1))            # left the branch
    dues.pay(ledger["甲"], "2026-10", paid_on=TODAY, today=TODAY)
    assert arrears_of(D(2026, 12, 2)).get("甲") is None      # one month (November) since


def test_no_arrears_before_the_ledger_began(ledger):
    settings.put("dues_start_month", "2026-10")
    assert arrears_of(D(2026, 12, 2)) == {}
    assert arrears_of(D(2027, 1, 2)) == {"丁": (3, "0.00"), "乙": (3, "0.60"), "甲": (3, "126.00")}


def test_the_sentence_on_the_home_page(ledger):
    settings.put("dues_start_month", "2026-05")
    found = {a.name: a.text for a in dues_arrears.arrears(D(2026, 12, 2))}
    assert found["甲"].startswith("甲已 7 个月未交党费（2026年5月起），共 294.00 元。按党章规定")
    assert found["乙"].startswith("乙已 6 个月未交党费（2026年6月起），共 1.20 元。")


def test_a_basis_for_a_member_who_left_is_refused(ledger):
    with pytest.raises(UserError, match="起不用再交党费"):
        dues.set_basis(ledger["丙"], "retired", from_month="2026-08", income_fen=300000)
    again = dues.set_basis(ledger["甲"], "salaried", from_month="2026-01", income_fen=500001)
    assert again.due_fen == 7500 and DuesBasis.select().where(DuesBasis.member == ledger["甲"]).count() == 1


def test_the_farmer_amount_of_a_past_basis_never_changes(ledger):
    settings.put("dues_farmer_fen", 100)
    assert next(x for x in dues.month_sheet("2026-07").lines if x.name == "乙").due_fen == 20


def test_year_ledger(ledger):
    dues.pay_all("2026-07", paid_on=D(2026, 7, 31), today=TODAY)
    rows_ = {r.name: r for r in dues_year.year_ledger(2026)}
    assert rows_["丙"].owed_months == [f"2026-{m:02d}" for m in range(1, 8)]
    assert rows_["乙"].owed_months[0] == "2026-06" and rows_["乙"].paid == {"2026-07": 20}
    assert sum(r.total_fen for r in rows_.values()) == 5720


def test_a_file_of_the_version_before_dues_keeps_its_dues_after_the_upgrade(tmp_path):
    import shutil
    from pathlib import Path

    from dangjian_desktop.db.connection import open_database

    path = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "schema-v4.sqlite3", path)
    with open_database(path) as upgraded:
        assert upgraded.upgraded_from == 4
        first = Member.select().where(Member.status == "active").order_by(Member.id).first()
        assert dues.month_sheet("2026-11").lines and all(line.due_fen is None for line in dues.month_sheet("2026-11").lines)
        dues.set_basis(first.id, "salaried", from_month="2026-11", income_fen=420000)
        dues.pay(first.id, "2026-11", paid_on=D(2026, 11, 30), today=TODAY)
    with open_database(path):
        line = next(x for x in dues.month_sheet("2026-11").lines if x.member_id == first.id)
        assert (line.due_fen, line.paid_fen) == (4200, 4200)


def test_a_basis_never_reaches_back_into_a_remitted_month(ledger):
    dues.pay_all("2026-09", paid_on=D(2026, 9, 30), today=TODAY)
    dues.remit("2026-09", "2026-09", on=D(2026, 10, 10), today=TODAY)
    before = rows()
    with pytest.raises(UserError, match="2026年9月以前的党费已经上缴结账，新的基数最早从2026年10月起执行"):
        dues.set_basis(ledger["甲"], "salaried", from_month="2026-01", income_fen=1_200_000)
    assert rows() == before
    assert dues.set_basis(ledger["甲"], "salaried", from_month="2026-10", income_fen=1_200_000).due_fen == 24000


def test_a_month_with_only_an_adjustment_lists_and_prints(ledger, tmp_path):
    dues.pay_all("2026-09", paid_on=D(2026, 9, 30), today=TODAY)
    dues.remit("2026-09", "2026-09", on=D(2026, 10, 10), today=TODAY)
    dues.adjust(ledger["丁"], "2026-09", 500, reason="上缴后补交", on=TODAY, today=TODAY)
    line = next(x for x in dues.month_sheet("2026-09").lines if x.name == "丁")
    assert (line.paid_fen, line.adjusted_fen, line.paid_on) == (None, 500, None)
    assert line.as_json()["paid"] == "5.00"


def test_the_farmer_amount_goes_with_the_bases_change(ledger):
    from dangjian_desktop.core import settings

    change = dues.set_bases.undoable([dues.BasisEntry(ledger["乙"], "farmer")], from_month="2026-11", farmer_fen=80)
    assert settings.get("dues_farmer_fen") == 80
    change.undo()
    assert settings.get("dues_farmer_fen") == 20


def test_commas_only_as_thousands_separators():
    from dangjian_desktop.core.money import MoneyError, parse_yuan

    assert parse_yuan("4,200.50") == 420050 and parse_yuan("1,234,567") == 123456700
    for typed in ("42,50", "42，50", "4,20"):
        with pytest.raises(MoneyError, match="逗号"):
            parse_yuan(typed)
