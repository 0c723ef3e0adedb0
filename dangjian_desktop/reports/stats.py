"""党员队伍基本情况统计表: the branch's figures on a day (core.stats) on portrait A4.

The township's form: under the title the organisation and the day counted; then one small
table per part — 基本情况 (党员总数, 正式, 预备, 女, 少数民族, 流动, 困难), 年龄, 学历, 党龄 — with a column per item, its count and its share of the members to one decimal,
and the 发展党员 counts; 填表人, 审核人 and 党组织（盖章） under them. Then the bar charts of the
age, education and 党龄 bands (reports.stats_charts), the drawings the 统计 page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.stats import Figures, figures, share_text
from dangjian_desktop.reports.dues_month import organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.page import SMALL_TABLE_SIZE
from dangjian_desktop.reports.stats_charts import CHART_WIDTH, figure_charts
from dangjian_desktop.reports.tables import Column

TITLE = "党员队伍基本情况统计表"
COUNT_ROW, SHARE_ROW = "人数", "占党员总数"
PARTS = ("一", "二", "三", "四", "五", "六")


def part_rows(items: list[tuple[str, int]], total: int, *, shares: bool = True) -> tuple[list[Column], list[list[str]]]:
    """A part of the form: a column per item, a row of counts and (``shares``) a row of shares."""
    columns = [Column("项目")] + [Column(label) for label, _count in items]
    rows = [[COUNT_ROW] + [str(count) for _label, count in items]]
    if shares:
        rows.append([SHARE_ROW] + [share_text(count, total) for _label, count in items])
    return columns, rows


def form_parts(found: Figures) -> list[tuple[str, list[str], list[tuple[str, int]], bool]]:
    """(heading, lines under it, items, with shares) for each part of the form."""
    basic = [(label, count) for label, count in found.headline()[:7]]
    recruitment = found.headline()[7:]
    return [
        ("基本情况", [], basic, True),
        ("年龄", ["按统计日期当天的周岁计算。"], list(found.age_bands.items()), True),
        ("学历", [], list(found.education.items()), True),
        ("党龄", ["党龄从转正之日算起；预备党员还没有党龄，单列一栏。"], list(found.party_age_bands.items()), True),
        ("发展党员", ["本年发展党员：入党日期在本年、统计日期在册的党员（转入的不计）；"
                      "申请人、积极分子、发展对象按统计日期当天所处的阶段计。"], recruitment, False),
    ]


def build_stats(
    *,
    on: dt.date | None = None,
    mask: bool = False,            # counts only: nothing to mask
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    day = on or today or dt.date.today()
    found = figures(day)
    branch, organisation = organisation_text()
    doc = ReportDocument(f"{branch}{TITLE}", author=branch, subject=TITLE, form=True,
                         running_header=(f"{branch}{TITLE}（{format_date_cn(day)}）", ""))
    doc.add_title(f"{branch}{TITLE}")
    doc.add_meta_line(organisation, f"统计日期：{format_date_cn(day)}")
    parts = form_parts(found)
    for index, (heading, lines, items, shares) in enumerate(parts):
        columns, rows = part_rows(items, found.members, shares=shares)
        doc.add_table_under(f"{PARTS[index]}、{heading}", lines, columns, rows, keep_rows=len(rows),
                            font_size=SMALL_TABLE_SIZE)
    doc.add_spacer(4)
    doc.add_signatures(["填表人", "审核人", "党组织（盖章）"], line_mm=30)
    add_charts(doc, found, f"{PARTS[len(parts)]}、统计图")
    return doc.render(progress)


def add_charts(doc: ReportDocument, found: Figures, heading: str) -> None:
    """The charts two by two under ``heading``, on a new page unless they fit on this one."""
    charts = figure_charts(found, width=CHART_WIDTH)
    # age beside 党龄 (both short), education under them
    age, education, party = charts
    grid = [[age, party], [education, ""]]
    width = doc.geometry.text_width / 2
    table = Table(grid, colWidths=[width, width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
    ]))
    _w, needed = table.wrap(doc.geometry.text_width, doc.geometry.body_height)
    doc.add_heading(heading, keep_mm=needed / mm + 15)
    doc.story.append(table)
