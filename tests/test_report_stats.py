"""党员队伍基本情况统计表 read back from the PDF: the form's numbers and shares are the hand count
of tests/test_stats.py, the three charts are on paper with a bar for every band that has
anyone, everything is inside a form's margins; and ``report stats --out`` end to end."""

from __future__ import annotations

import pytest

from dangjian_desktop.reports.catalog import DOCUMENTS, generate
from dangjian_desktop.reports.stats import build_stats
from dangjian_desktop.reports.stats_charts import BAR_COLOR
from tests.conftest import run_cli
from tests.pdf_checks import A4_LONG, A4_SHORT, assert_inside_margins, open_pdf, page_texts, squeezed
from tests.test_stats import EXPECTED, ON1, ON2, roster  # noqa: F401 (the fixture)

pytestmark = pytest.mark.usefixtures("bundled_fonts")


def tables(pdf: bytes) -> list[list[list[str]]]:
    found = []
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                found.append([[squeezed(c or "") for c in row] for row in table])
    return found


def as_counts(table: list[list[str]]) -> dict[str, tuple[int, str | None]]:
    """header label -> (count, share or None) of one part of the form."""
    header, counts, *shares = table
    assert header[0] == "项目" and counts[0] == "人数"
    share_row = shares[0] if shares else None
    if share_row:
        assert share_row[0] == "占党员总数"
    return {label: (int(counts[i]), share_row[i] if share_row else None) for i, label in enumerate(header) if i}


def bars(pdf: bytes) -> int:
    want = tuple(round(v, 2) for v in BAR_COLOR.rgb())
    with open_pdf(pdf) as doc:
        return sum(1 for page in doc.pages for rect in page.rects
                   if tuple(round(v, 2) for v in (rect.get("non_stroking_color") or ())) == want)


@pytest.mark.parametrize("day", [ON1, ON2])
def test_the_form_reads_the_hand_count(roster, day):
    report = build_stats(on=day)
    expected = EXPECTED[day]
    total = expected["members"]
    basic, ages, education, party, recruitment = (as_counts(t) for t in tables(report.pdf))
    assert basic == {label: (expected[key], f"{expected[key] * 100 / total:.1f}%") for label, key in (
        ("党员总数", "members"), ("正式党员", "full"), ("预备党员", "probationary"), ("女党员", "women"),
        ("少数民族党员", "minorities"), ("流动党员", "flow"), ("困难党员", "hardship"))}
    for part, key in ((ages, "age_bands"), (education, "education"), (party, "party_age_bands")):
        assert {label: count for label, (count, _share) in part.items()} == expected[key]
        assert all(share == f"{count * 100 / total:.1f}%" for count, share in part.values())
    assert recruitment == {"本年发展党员": (expected["recruited_this_year"], None),
                           "入党申请人": (expected["applicants"], None),
                           "入党积极分子": (expected["activists"], None), "发展对象": (expected["candidates"], None)}
    first = squeezed(page_texts(report.pdf)[0])
    day_text = f"{day.year}年{day.month}月{day.day}日"
    assert "党员队伍基本情况统计表" in first and f"统计日期：{day_text}" in first
    assert "填表人：" in first and "党组织（盖章）：" in first
    assert "预备党员还没有党龄" in first


def test_the_charts_are_on_paper_with_a_bar_per_band_that_has_anyone(roster):
    report = build_stats(on=ON2)
    assert report.pages == 2 and not report.missing
    charts = squeezed(page_texts(report.pdf)[-1])
    assert "统计图" in charts
    for caption in ("年龄（人）", "学历（人）", "党龄（人）"):
        assert caption in charts
    for label in ("35岁及以下", "71岁及以上", "大学本科", "大专", "不满10年", "50年及以上", "预备党员"):
        assert label in charts
    expected = EXPECTED[ON2]
    with_anyone = sum(1 for key in ("age_bands", "education", "party_age_bands")
                      for count in expected[key].values() if count)
    assert bars(report.pdf) == with_anyone == 25
    assert_inside_margins(report.pdf, form=True)
    with open_pdf(report.pdf) as doc:
        assert all((round(p.width, 1), round(p.height, 1)) == (round(A4_SHORT, 1), round(A4_LONG, 1))
                   for p in doc.pages)


def test_the_catalogue_and_the_command_line(roster, opened, tmp_path):
    kind = DOCUMENTS["stats"]
    assert kind.params == () and not kind.landscape
    by_default = generate("stats", on=ON1)
    assert "2026年6月30日" in page_texts(by_default.pdf)[0]
    path = opened.path
    opened.close()
    out = tmp_path / "统计表.pdf"
    result = run_cli("report", "stats", "--out", str(out), db=path, env={"DANGJIAN_FONT_DIRS": ""})
    assert result.returncode == 0, result.stderr.decode("utf-8")
    text = squeezed(page_texts(out.read_bytes())[0])
    assert "党员队伍基本情况统计表" in text and "党员总数" in text
