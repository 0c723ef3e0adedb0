"""民主评议's papers: the 测评表 (a ballot every voter ticks: each member of the year's review with
the four grades, one mark per member) and the 民主评议结果 notice to post (names and grades only;
a 不合格's reasons stay in the branch's records).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dangjian_desktop.core import review
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.recruit_rules import working_days_end
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.dues_month import organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.tables import Column

BALLOT_TITLE = "民主评议党员测评表"
RESULT_TITLE = "民主评议党员结果公示"
BALLOT_COLUMNS = (Column("序号"), Column("姓名", min_mm=22), Column("人员类别"),
                  Column("优秀", width_mm=16), Column("合格", width_mm=16), Column("基本合格", width_mm=18),
                  Column("不合格", width_mm=16), Column("备注", align="LEFT", grow=1, min_mm=20))
RESULT_HALF = (Column("序号"), Column("姓名", min_mm=20), Column("评定等次", min_mm=20))
TWO_UP_FROM = 20


def _rows(year: int) -> list[review.ReviewRow]:
    rows = review.review_rows(year)
    if not rows:
        raise UserError(f"{year}年的民主评议还没有开始，请先在“民主评议”页点“开始民主评议”。")
    return rows


def build_review_ballot(*, year: int, mask: bool = False, today: dt.date | None = None,
                        progress: Callable[[int, int, str], None] | None = None) -> RenderedReport:
    rows = _rows(year)
    branch, organisation = organisation_text()
    graded = sum(1 for r in rows if r.graded)
    cap = review.excellent_cap(graded)
    doc = ReportDocument(f"{branch}{year}年{BALLOT_TITLE}", author=branch, subject=BALLOT_TITLE, form=True,
                         running_header=(f"{branch}{year}年{BALLOT_TITLE}（续）", ""))
    doc.add_title(f"{branch}{year}年度{BALLOT_TITLE}")
    doc.add_meta_line(organisation, "测评人：□ 党员　□ 群众代表")
    doc.add_line(f"请在每名党员相应等次的格内画“√”，每人只选一个等次；评为“优秀”的不超过 {cap} 人。"
                 "预备党员参加评议，备注为“不评定等次”的不画。本表不记名。")
    cells = [[str(n), r.name, r.category, "", "", "", "", "" if r.graded else "不评定等次"]
             for n, r in enumerate(rows, start=1)]

    def closing() -> None:
        doc.add_spacer(3)
        doc.add_line("对党支部工作和党员队伍的意见、建议（写在下面的横线上）：")

    doc.add_table(BALLOT_COLUMNS, cells, min_row_height_mm=8, closing=closing)
    # lines to the foot of the page, the date kept under them (never alone on a page)
    doc.add_ruled_lines(9, reserve_mm=14)
    doc.add_signatures(["测评日期"], line_mm=40)
    return doc.render(progress)


def build_review_result(*, year: int, mask: bool = False, today: dt.date | None = None,
                        progress: Callable[[int, int, str], None] | None = None) -> RenderedReport:
    today = today or dt.date.today()
    rows = [r for r in _rows(year) if r.graded]
    ungraded = [r for r in rows if r.grade is None]
    if ungraded:
        names = "、".join(r.name for r in ungraded[:6]) + ("等" if len(ungraded) > 6 else "")
        raise UserError(f"还有 {len(ungraded)} 人没有评定等次（{names}），评定完以后才能印结果公示。")
    branch, _organisation = organisation_text()
    counts = {g: sum(1 for r in rows if r.grade == g) for g in review.GRADES}
    doc = ReportDocument(f"{branch}{year}年{RESULT_TITLE}", author=branch, subject=RESULT_TITLE, form=True,
                         running_header=(f"{branch}{year}年{RESULT_TITLE}（续）", ""))
    doc.add_title(f"{branch}{year}年度民主评议党员结果公示")
    ends = working_days_end(today, 5)
    in_words = "，".join(f"{g} {n} 人" for g, n in counts.items() if n)
    doc.add_paragraph(f"按照民主评议党员的有关规定，经学习教育、个人自评、党员互评、民主测评和组织评定，"
                      f"{branch or '本支部'}{year}年度民主评议党员工作已经完成。参加评定等次的党员 {len(rows)} 人，"
                      f"其中{in_words}。现将评定结果公示如下：")
    cells = [[str(n), r.name, r.grade] for n, r in enumerate(rows, start=1)]
    two_up = len(cells) > TWO_UP_FROM
    if two_up:
        blank = ["", "", ""]
        cells = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else blank) for i in range(0, len(cells), 2)]

    def closing() -> None:
        doc.add_spacer(3)
        doc.add_paragraph(f"公示时间：{format_date_cn(today)}至{format_date_cn(ends)}（5 个工作日）。"
                          "对公示结果如有异议，请在公示期内向党支部反映。")
        doc.add_spacer(6)
        doc.add_closing([f"{branch or '党支部'}（盖章）", format_date_cn(today)])

    doc.add_table(RESULT_HALF + RESULT_HALF if two_up else RESULT_HALF, cells, closing=closing, closing_keep_rows=3)
    return doc.render(progress)
