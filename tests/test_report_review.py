"""The 民主评议 papers and the free notice, read back: the ballot lists everyone taking part with
the cap, the result notice names grades only (never a reason), a notice's ID numbers and phones
are masked, and the papers refuse what is not ready."""

import datetime as dt

import pytest

from dangjian_desktop.core import review
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.catalog import generate
from dangjian_desktop.reports.notice import masked_text
from tests.conftest import run_cli
from tests.pdf_checks import page_texts, squeezed

TODAY = dt.date(2026, 11, 26)


def text(report) -> str:
    return squeezed("".join(page_texts(report.pdf)))


def test_the_ballot_lists_everyone_taking_part(branch46, bundled_fonts):
    rows = review.review_rows(2025)
    report = generate("review-ballot", year=2025, today=TODAY)
    body = text(report)
    assert all(squeezed(r.name) in body for r in rows)
    cap = review.excellent_cap(sum(1 for r in rows if r.graded))
    assert squeezed(f"评为“优秀”的不超过{cap}人") in body
    assert body.count("不评定等次") == sum(1 for r in rows if not r.graded) + 1     # and once in the note
    assert "测评日期" in body and "群众代表" in body


def test_the_result_notice_has_grades_and_no_reasons(branch46, bundled_fonts):
    rows = [r for r in review.review_rows(2025) if r.graded]
    review.grade(2025, rows[-1].member_id, "不合格", reason="长期不参加组织生活不交党费", on=dt.date(2025, 12, 22))
    body = text(generate("review-result", year=2025, today=TODAY))
    assert "长期不参加组织生活" not in body
    counts = {g: sum(1 for r in review.review_rows(2025) if r.graded and r.grade == g) for g in review.GRADES}
    assert squeezed(f"其中优秀 {counts['优秀']} 人，合格 {counts['合格']} 人，不合格 1 人") in body
    assert squeezed("公示时间：2026年11月26日至2026年12月2日（5 个工作日）") in body
    assert "（盖章）" in body


def test_papers_refuse_what_is_not_ready(branch46):
    with pytest.raises(UserError, match="还没有开始"):
        generate("review-ballot", year=2026, today=TODAY)
    review.start(2026, on=TODAY)
    with pytest.raises(UserError, match="没有评定等次"):
        generate("review-result", year=2026, today=TODAY)


def test_a_free_notice_is_masked_and_needs_its_words(opened, bundled_fonts):
    assert masked_text("王建国 370124199803151234 电话 13800001111") == "王建国 370124************ 电话 138****1111"
    body = text(generate("notice", title="关于召开党员大会的通知", body="联系人：13800001111\n请准时参加。", today=TODAY))
    assert "13800001111" not in body and "138****1111" in body and "关于召开党员大会的通知" in body
    with pytest.raises(UserError, match="标题和正文"):
        generate("notice", title=" ", body="x", today=TODAY)


def test_the_command_line(tmp_path):
    db = tmp_path / "b.sqlite3"
    assert run_cli("demo", "--members", "20", db=db).returncode == 0
    last_year = dt.date.today().year - 1
    out = tmp_path / "ballot.pdf"
    done = run_cli("report", "review-ballot", str(last_year), "--out", str(out), db=db)
    assert done.returncode == 0 and out.read_bytes()[:5] == b"%PDF-"
    done = run_cli("report", "review-result", str(last_year + 1), "--out", str(out), db=db)
    assert done.returncode == 1 and "还没有开始" in done.stderr.decode()


@pytest.mark.parametrize(("typed", "printed"), [
    ("138-0013-8000", "138****8000"), ("138 0013 8000", "138****8000"), ("１３８００１３８０００", "138****8000"),
    ("110101 19800101 0037", "110101************"), ("370124800101123", "370124*********"),
    ("价格 12345 元", "价格 12345 元"),
])
def test_a_notice_masks_numbers_however_written(typed, printed):
    assert masked_text(typed) == printed
