"""The dues papers (党费收缴登记表, 党费收缴台账, 党费收缴情况公示, 党费收据): read the PDFs back
from a real demo branch and check the sums to the fen, the blanks left for the pen, what a
posted notice must never show, and that the signatures never stand alone on a last page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dangjian_desktop.core import dues, dues_year
from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.core.money_words import amount_in_words
from dangjian_desktop.db.models import Branch, DuesBasis, DuesPayment, Member
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.catalog import DOCUMENTS, generate
from dangjian_desktop.reports.dues_month import build_dues_month
from dangjian_desktop.reports.dues_notice import build_dues_notice
from dangjian_desktop.reports.dues_receipts import PER_PAGE, build_dues_receipts
from dangjian_desktop.reports.dues_year import build_dues_year
from tests.conftest import TODAY, run_cli
from tests.demo_cache import load_demo
from tests.pdf_checks import A4_LONG, A4_SHORT, assert_inside_margins, open_pdf, page_texts, squeezed

pytestmark = pytest.mark.usefixtures("bundled_fonts")

# TODAY is 2026-11-26: the demo's dues are paid January to October, November is still open,
# and the quarters up to September are remitted (on 2026-10-10 for July to September).
PAID_MONTH, OPEN_MONTH, REMITTED_MONTH = "2026-10", "2026-11", "2026-09"
SIZES = (9, 31, 57, 90, 160)          # demo records (a few become former members)


def fen(text: str | None) -> int | None:
    """"1,234.56" or "1234.56" as fen, digit by digit (None for a blank cell)."""
    text = (text or "").replace("\n", "").replace(",", "").strip()
    if not text:
        return None
    whole, cents = text.split(".")
    return int(whole) * 100 + int(cents)


def table_rows(pdf: bytes) -> list[list[str]]:
    """Every table row of every page, cells as text without line breaks ('' for blank)."""
    rows = []
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    rows.append([(c or "").replace("\n", "") for c in row])
    return rows


def member_rows(rows):
    return [r for r in rows if r and r[0].isdigit()]


def total_row(rows):
    return next(r for r in rows if len(r) > 1 and r[1] == "合计")


# --- 党费收缴登记表 ---------------------------------------------------------------------------

def test_month_sheet_lists_every_member_who_owes_and_sums_to_the_fen(branch46):
    sheet = dues.month_sheet(PAID_MONTH)
    report = build_dues_month(month=PAID_MONTH, today=TODAY)
    with open_pdf(report.pdf) as doc:
        assert all(p.width == pytest.approx(A4_SHORT, abs=0.1) for p in doc.pages)      # portrait
    rows = table_rows(report.pdf)
    people = member_rows(rows)
    assert [r[1] for r in people] == [line.name for line in sheet.lines]
    assert [int(r[0]) for r in people] == list(range(1, len(sheet.lines) + 1))
    total = total_row(rows)
    due_by_hand = sum(fen(r[4]) or 0 for r in people)
    paid_by_hand = sum(fen(r[5]) or 0 for r in people)
    assert fen(total[4]) == due_by_hand == sheet.due_total
    assert fen(total[5]) == paid_by_hand == sheet.paid_total
    assert due_by_hand != paid_by_hand                 # a few demo members are behind
    text = squeezed("".join(page_texts(report.pdf)))
    unpaid = len(sheet.unpaid)
    owing = sum(1 for line in sheet.lines if line.owes)
    assert f"应交{owing}人，已交{owing - unpaid}人，未交{unpaid}人" in text
    assert "党费收缴登记表" in text and "所属月份：2026年10月" in text and "统计日期：2026年11月26日" in text
    assert_inside_margins(report.pdf, form=True)


def test_month_sheet_shows_the_income_base_only_for_salaried_and_retired(branch46):
    rows = member_rows(table_rows(build_dues_month(month=PAID_MONTH, today=TODAY).pdf))
    sheet = {line.name: line for line in dues.month_sheet(PAID_MONTH).lines}
    kinds = set()
    for r in rows:
        line = sheet[r[1]]
        kinds.add(r[2])
        if r[2] in ("在职", "离退休"):
            assert fen(r[3]) == line.base_fen
        else:
            assert r[3] == ""
        assert fen(r[4]) == line.due_fen
    assert {"在职", "离退休", "农民"} <= kinds


def test_rows_not_paid_leave_paid_date_and_signature_blank(branch46):
    """Printed before collecting: nothing of November is paid, every cell to fill is blank."""
    rows = table_rows(build_dues_month(month=OPEN_MONTH, today=TODAY).pdf)
    people = member_rows(rows)
    assert people and all(r[5] == "" and r[6] == "" and r[7] == "" for r in people)
    assert fen(total_row(rows)[5]) == 0
    # and in a month that was collected, exactly the members who did not pay are blank
    paid_rows = member_rows(table_rows(build_dues_month(month=PAID_MONTH, today=TODAY).pdf))
    unpaid = {line.name for line in dues.month_sheet(PAID_MONTH).unpaid}
    assert unpaid
    assert {r[1] for r in paid_rows if r[5] == ""} == unpaid
    assert all(re.fullmatch(r"2026-1[01]-\d\d", r[6]) for r in paid_rows if r[1] not in unpaid)


def test_a_remitted_month_says_when_it_was_handed_on_and_notes_an_adjustment(branch46):
    line = next(line for line in dues.month_sheet(REMITTED_MONTH).lines if line.paid_fen)
    dues.adjust(line.member_id, REMITTED_MONTH, 50, reason="上缴后补交", on=TODAY, today=TODAY)
    report = build_dues_month(month=REMITTED_MONTH, today=TODAY)
    text = squeezed("".join(page_texts(report.pdf)))
    assert "本月党费已于2026年10月10日上缴（2026年7月至9月，共" in text
    row = next(r for r in member_rows(table_rows(report.pdf)) if r[1] == line.name)
    assert fen(row[5]) == line.paid_fen + 50
    assert "2026年11月26日调整+0.50元：上缴后补交" in squeezed(row[8])


def test_a_member_without_a_basis_is_noted_and_counted(branch46):
    member = Member.get(Member.name == dues.month_sheet(OPEN_MONTH).lines[0].name)
    DuesBasis.delete().where(DuesBasis.member == member.id).execute()
    report = build_dues_month(month=OPEN_MONTH, today=TODAY)
    row = next(r for r in member_rows(table_rows(report.pdf)) if r[1] == member.name)
    assert row[4] == "" and row[8] == "未核定基数"
    assert "未核定基数1人" in squeezed("".join(page_texts(report.pdf)))


def test_month_sheet_ends_with_the_collector_and_the_stamp(branch46):
    last = page_texts(build_dues_month(month=PAID_MONTH, today=TODAY).pdf)[-1]
    for label in ("收款人：", "日期：", "支部书记：", "党组织（盖章）："):
        assert label in last


# --- 党费收缴台账 -----------------------------------------------------------------------------

def test_year_ledger_has_a_cell_per_month_and_totals_to_the_fen(branch46):
    ledger = {r.name: r for r in dues_year.year_ledger(2026)}
    report = build_dues_year(year=2026, today=TODAY)
    with open_pdf(report.pdf) as doc:
        assert all(p.width == pytest.approx(A4_LONG, abs=0.1) for p in doc.pages)       # landscape
    rows = table_rows(report.pdf)
    people = [r for r in member_rows(rows) if len(r) == 17]
    assert [r[1] for r in people] == [r.name for r in dues_year.year_ledger(2026)]
    month_sums = [0] * 12
    for r in people:
        row = ledger[r[1]]
        for m in range(12):
            month = f"2026-{m + 1:02d}"
            cell = r[4 + m]
            if month in row.paid:
                assert fen(cell) == row.paid[month]
                month_sums[m] += row.paid[month]
            elif month in row.owed_months:
                assert cell == "", f"{r[1]} {month}: owed, unpaid, must be blank"
            else:
                assert cell == "—"
        assert fen(r[16]) == row.total_fen == sum(fen(c) or 0 for c in r[4:16] if c != "—")
    total = total_row(rows)
    assert [fen(c) for c in total[4:16]] == month_sums
    assert fen(total[16]) == sum(month_sums) == sum(r.total_fen for r in ledger.values())
    assert all(cell == "" for r in people for cell in [r[4 + 10], r[4 + 11]])       # Nov, Dec: nothing yet
    assert_inside_margins(report.pdf, form=True)


def test_no_month_cell_of_the_ledger_wraps(branch300):
    """Twelve months fit across the page: every amount stays on one line."""
    with open_pdf(build_dues_year(year=2026, today=TODAY).pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    assert all("\n" not in (c or "") for c in row[3:]), row


def test_year_ledger_lists_the_remittances_and_their_total(branch46):
    sent = dues.remittances(2026)
    assert len(sent) == 3
    rows = table_rows(build_dues_year(year=2026, today=TODAY).pdf)
    listed = [r for r in rows if len(r) == 5 and r[0].isdigit()]
    assert [r[1] for r in listed] == ["2026年4月10日", "2026年7月10日", "2026年10月10日"]
    assert [r[2] for r in listed] == ["2026年1月至3月", "2026年4月至6月", "2026年7月至9月"]
    assert [fen(r[3]) for r in listed] == [s.amount_fen for s in sent]
    total = next(r for r in rows if len(r) == 5 and r[1] == "合计")
    assert fen(total[3]) == sum(s.amount_fen for s in sent)


# --- 党费收缴情况公示 -------------------------------------------------------------------------

def test_notice_covers_january_to_last_month_and_shows_no_income(branch46):
    report = build_dues_notice(year=2026, today=TODAY)
    text = squeezed("".join(page_texts(report.pdf)))
    assert "东坡村党支部党费收缴情况公示" in text and "2026年1月至10月党费收缴情况" in text
    assert "收入" not in text and "基数" not in text and "养老金" not in text
    for income in DuesBasis.select(DuesBasis.income_fen).where(DuesBasis.income_fen.is_null(False)):
        assert yuan_text(income.income_fen) not in text
    for member in Member.select():
        assert not member.id_number or member.id_number not in text
        assert not member.phone or member.phone not in text
    assert "（盖章）" in page_texts(report.pdf)[-1] and "2026年11月26日" in page_texts(report.pdf)[-1]
    masked = squeezed("".join(page_texts(build_dues_notice(year=2026, today=TODAY, mask=True).pdf)))
    assert masked == text
    assert_inside_margins(report.pdf, form=True)


def test_notice_sums_each_member_and_the_branch_to_the_fen(branch46):
    months = [f"2026-{m:02d}" for m in range(1, 11)]
    due: dict[str, int] = {}
    paid: dict[str, int] = {}
    for month in months:
        for line in dues.month_sheet(month).lines:
            paid[line.name] = paid.get(line.name, 0) + (line.paid_fen or 0) + line.adjusted_fen
            due[line.name] = due.get(line.name, 0) + ((line.due_fen or 0) if line.owes else 0)
    rows = table_rows(build_dues_notice(year=2026, today=TODAY).pdf)
    seen = {}
    for r in rows:
        for half in (r[:4], r[4:]):
            if half and half[0].isdigit():
                seen[half[1]] = (fen(half[2]), fen(half[3]))
    assert seen == {name: (due[name], paid[name]) for name in due}
    total = total_row(rows)
    assert (fen(total[2]), fen(total[3])) == (sum(due.values()), sum(paid.values()))
    text = squeezed("".join(page_texts(build_dues_notice(year=2026, today=TODAY).pdf)))
    assert f"应交党费{yuan_text(sum(due.values()))}元，实交{yuan_text(sum(paid.values()))}元" in text


def test_notice_before_anything_was_collected_is_refused(branch46):
    with pytest.raises(UserError, match="2027年还没有收过党费"):
        build_dues_notice(year=2027, today=dt.date(2027, 1, 15))


# --- 党费收据 ---------------------------------------------------------------------------------

def test_a_receipt_per_member_who_paid_with_the_amount_in_capitals(branch46):
    paid = [line for line in dues.month_sheet(PAID_MONTH).lines if line.paid_fen]
    report = build_dues_receipts(month=PAID_MONTH, today=TODAY)
    assert report.pages == -(-len(paid) // PER_PAGE)
    text = squeezed("".join(page_texts(report.pdf)))
    assert text.count("党费收据") == len(paid)
    for number, line in enumerate(paid, start=1):
        assert f"No.202610-{number:03d}" in text
        assert f"交款人：{line.name}" in text
        assert f"¥{yuan_text(line.paid_fen)}" in text
        assert f"金额（大写）：{amount_in_words(line.paid_fen)}" in text
    assert "收款人（签字）：" in text and "东坡村党支部（盖章）" in text
    assert_inside_margins(report.pdf, form=True)


def test_receipts_of_a_month_nobody_paid_are_refused(branch46):
    with pytest.raises(UserError, match="2026年11月还没有党员交党费"):
        build_dues_receipts(month=OPEN_MONTH, today=TODAY)


# --- no data, catalogue, command line --------------------------------------------------------

def test_papers_of_a_branch_without_members_are_refused_in_chinese(opened):
    Branch.create(name="东坡村党支部")
    for key, params in (("dues", {"month": "2026-10"}), ("dues-year", {"year": 2026}),
                        ("dues-notice", {"year": 2026}), ("dues-receipts", {"month": "2026-10"})):
        with pytest.raises(UserError, match="[\u4e00-\u9fff]"):
            generate(key, today=TODAY, **params)


def test_catalogue_offers_the_year_papers_on_the_reports_page_and_the_month_papers_elsewhere():
    assert DOCUMENTS["dues"].params == ("month",) and DOCUMENTS["dues-receipts"].params == ("month",)
    assert DOCUMENTS["dues-year"].params == ("year",) and DOCUMENTS["dues-notice"].params == ("year",)
    assert not DOCUMENTS["dues"].on_reports_page and not DOCUMENTS["dues-receipts"].on_reports_page
    assert DOCUMENTS["dues-year"].landscape
    assert not any(DOCUMENTS[k].maskable for k in ("dues", "dues-year", "dues-notice", "dues-receipts"))


@pytest.fixture
def demo_file(opened):
    load_demo(46, seed=7, today=TODAY)
    opened.close()
    return opened.path


def test_cli_prints_the_month_sheet_and_refuses_a_bad_month(demo_file, tmp_path):
    out = tmp_path / "登记表.pdf"
    result = run_cli("report", "dues", PAID_MONTH, "--out", str(out), db=demo_file, env={"DANGJIAN_FONT_DIRS": ""})
    assert result.returncode == 0, result.stderr.decode("utf-8")
    assert result.stdout.decode("utf-8").strip().startswith("已生成党费收缴登记表，共 2 页：")
    assert "党费收缴登记表" in "".join(page_texts(out.read_bytes()))
    missing_db = tmp_path / "none.sqlite3"
    bad = run_cli("report", "dues", "2026-13", "--out", str(tmp_path / "x.pdf"), db=missing_db)
    assert bad.returncode == 1
    assert bad.stderr.decode("utf-8").strip() == "“2026-13”不是月份，请写成 2026-03 这样的形式。"
    assert not missing_db.exists() and not (tmp_path / "x.pdf").exists()


def test_cli_prints_the_year_notice_and_receipts(demo_file, tmp_path):
    for args, label in ((("dues-year", "2026"), "党费收缴台账"), (("dues-notice", "2026"), "党费收缴情况公示"),
                        (("dues-receipts", PAID_MONTH), "党费收据")):
        out = tmp_path / f"{args[0]}.pdf"
        result = run_cli("report", *args, "--out", str(out), "--mask", db=demo_file)
        assert result.returncode == 0, result.stderr.decode("utf-8")
        said = result.stdout.decode("utf-8")
        assert said.startswith(f"已生成{label}，共 ") and "打码" not in said
        assert out.stat().st_size > 1000


# --- the signatures share a page with rows, at every branch size -------------------------------

ROW = re.compile(r"^\d{1,4} \S", re.MULTILINE)


@pytest.mark.parametrize("records", SIZES)
def test_the_closing_of_every_dues_paper_shares_its_page_with_rows(opened, records):
    load_demo(records, seed=7, today=TODAY)
    checks = (
        (build_dues_month(month=PAID_MONTH, today=TODAY), "收款人："),
        (build_dues_month(month=OPEN_MONTH, today=TODAY), "收款人："),
        (build_dues_year(year=2026, today=TODAY), "填表人："),
        (build_dues_notice(year=2026, today=TODAY), "（盖章）"),
    )
    for report, closing in checks:
        texts = page_texts(report.pdf)
        last = texts[-1]
        assert closing in last, report.title
        before = last.split(closing)[0]
        assert ROW.search(before.split("\n", 1)[-1] if len(texts) > 1 else before), \
            f"{report.title}, {records} records: the last of {len(texts)} pages holds only the closing"
        assert_inside_margins(report.pdf, form=True)
    assert DuesPayment.select().count() > 0
