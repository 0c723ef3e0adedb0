"""党费收缴台账: a year's dues per member per month, on landscape A4 (issue #18).

序号 姓名 类别 月应交 1月 … 12月 合计: a month cell holds what was paid for that month
(corrections included), "—" for a month the member did not owe (before joining, after leaving)
and stays blank for a month owed and not paid. A 合计 row sums every month and the year, to
the fen. Under the table, the year's remittances (上缴日期, 所属月份, 金额) and their total, then
填表人, 审核人, 党组织（盖章） and 日期, kept with the last rows. No income is printed: 月应交 is
the due in force at the year's end (or at the member's last month owed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.dues import remittances
from dangjian_desktop.core.dues_year import YearRow, year_ledger
from dangjian_desktop.core.dues_rules import KIND_LABELS
from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.dues_month import TOTAL, months_text, organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.page import SMALL_TABLE_SIZE
from dangjian_desktop.reports.tables import CELL_PAD_X, Column

TITLE = "党费收缴台账"
NOT_OWED = "—"
NO_BASIS = "未核定"
REMITTED = "党费上缴情况"

COLUMNS = (
    Column("序号"),
    Column("姓名", min_mm=14),
    Column("类别"),
    Column("月应交", align="RIGHT"),
    *(Column(f"{m}月", align="RIGHT", grow=1, min_mm=12) for m in range(1, 13)),   # 12月 on one line
    Column("合计", align="RIGHT", min_mm=16),
)
REMITTANCE_COLUMNS = (
    Column("序号"),
    Column("上缴日期", min_mm=30),
    Column("所属月份", min_mm=40),
    Column("金额（元）", align="RIGHT", min_mm=30),
    Column("备注", align="LEFT", grow=1),
)


def money(fen: int) -> str:
    """An amount as a ledger writes it, without thousands separators (1474.99): twelve months
    of sums fit across the page on one line each."""
    return yuan_text(fen, grouped=False)


def month_cells(row: YearRow, year: int) -> list[str]:
    cells = []
    for m in range(1, 13):
        month = f"{year}-{m:02d}"
        if month in row.paid:
            cells.append(money(row.paid[month]))
        elif month in row.owed_months:
            cells.append("")
        else:
            cells.append(NOT_OWED)
    return cells


def ledger_rows(rows: list[YearRow], year: int) -> list[list[str]]:
    """The members' rows, then the 合计 row (each month's sum and the year's, from the same fen)."""
    out = []
    month_sums = [0] * 12
    for number, row in enumerate(rows, start=1):
        kind = KIND_LABELS.get(row.kind, "") if row.kind else ""
        due = money(row.due_fen) if row.due_fen is not None else NO_BASIS
        for m in range(12):
            month_sums[m] += row.paid.get(f"{year}-{m + 1:02d}", 0)
        out.append([str(number), row.name, kind, due, *month_cells(row, year), money(row.total_fen)])
    total = sum(month_sums)
    assert total == sum(r.total_fen for r in rows)
    out.append(["", TOTAL, "", "", *(money(s) for s in month_sums), money(total)])
    return out


def totals_fit(rows: list[list[str]], font: str, room: float) -> bool:
    """Whether the ledger's columns, the 合计 row's sums included,, fit ``room`` on one line each
    (a large branch's monthly sums are wider than its members' dues)."""
    pad = 2 * CELL_PAD_X + 0.5
    needed = 0.0
    for index, column in enumerate(COLUMNS):
        cells = [column.label] + [row[index] for row in rows]
        widest = max(stringWidth(cell, font, SMALL_TABLE_SIZE) for cell in cells)
        needed += max(widest + pad, column.min_mm * mm)
    return needed <= room


SUMS_COLUMNS = (Column("", align="CENTER"),
                *(Column(f"{m}月", align="RIGHT", grow=1) for m in range(1, 13)),
                Column("全年", align="RIGHT"))


def build_dues_year(
    *,
    year: int,
    mask: bool = False,            # the ledger has no ID number, phone or income
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    rows = year_ledger(year)
    if not rows:
        raise UserError(f"{year}年没有应交党费的党员，无法生成{TITLE}。请先在“党员”页面录入党员。")
    branch, organisation = organisation_text()
    doc = ReportDocument(f"{branch}{year}年{TITLE}", landscape=True, author=branch, subject=TITLE, form=True,
                         running_header=(f"{branch}{year}年{TITLE}（续）", ""))
    doc.add_title(f"{branch}{year}年{TITLE}")
    owing = sum(1 for r in rows if r.owed_months)
    doc.add_meta_line(organisation, f"应交党费党员 {owing} 人", f"统计日期：{format_date_cn(today)}")
    table = ledger_rows(rows, year)
    note = f"注：“{NOT_OWED}”为当月不需交纳（尚未入党或转入，或已转出等），空白为当月应交未交。"
    if totals_fit(table, doc.fonts.table, doc.geometry.text_width):
        doc.add_table(COLUMNS, table, font_size=SMALL_TABLE_SIZE, closing=lambda: doc.add_line(note))
    else:   # the sums in a table of their own, without the member columns, so no sum wraps
        sums = table.pop()
        doc.add_table(COLUMNS, table, font_size=SMALL_TABLE_SIZE, closing=lambda: doc.add_line(note))
        doc.add_table_under("各月实交合计", [], SUMS_COLUMNS, [["实交（元）", *sums[4:]]],
                            font_size=SMALL_TABLE_SIZE, subheading=True)

    sent = remittances(year)

    def closing() -> None:
        doc.add_spacer(2)
        doc.add_signatures(["填表人", "审核人", "党组织（盖章）", "日期"], line_mm=30)

    if sent:
        cells = [[str(n), format_date_cn(r.remitted_on), months_text(r.first_month, r.last_month),
                  money(r.amount_fen), r.note] for n, r in enumerate(sent, start=1)]
        cells.append(["", TOTAL, "", money(sum(r.amount_fen for r in sent)), ""])
        # a few rows: kept whole with the heading and the signatures where they fit
        doc.add_table_under(REMITTED, [], REMITTANCE_COLUMNS, cells, font_size=SMALL_TABLE_SIZE, closing=closing,
                            closing_keep_rows=len(cells), keep_rows=len(cells) + 1)
    else:
        doc.add_heading(REMITTED, keep_mm=30)
        with doc.ending():
            doc.add_line(f"{year}年还没有上缴党费。")
            closing()
    return doc.render(progress)
