"""党费收缴情况公示: the year's dues so far, to post on the wall (issue #18).

The period is the year from January (or the ledger's first month) to the last month already
collected: the month before today's (the current month is still being collected), or December
for a past year. A paragraph names the branch, the period and the counts; a table 序号 姓名
应交（元） 实交（元）, two members to a row when there are many; the 合计; then the branch with
（盖章） and the date, kept with the last rows.

It is posted, so it carries what a member owed and paid and nothing else: never an income or a
base, an ID number or a phone, with or without masking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.dues import ledger_start, month_sheet
from dangjian_desktop.core.dues_year import year_ledger
from dangjian_desktop.core.dues_rules import add_months, month_of, months_between
from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.dues_month import TOTAL, months_text, organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.tables import Column

TITLE = "党费收缴情况公示"
TWO_UP_FROM = 16            # more members than this: two to a row (a wall sheet, as few pages as may be)
RULES = "《关于中国共产党党费收缴、使用和管理的规定》"

HALF = (
    Column("序号"),
    Column("姓名", min_mm=18),
    Column("应交（元）", align="RIGHT", min_mm=20),
    Column("实交（元）", align="RIGHT", min_mm=20),
)


@dataclass
class NoticeRow:
    member_id: int
    name: str
    due_fen: int = 0
    paid_fen: int = 0
    owed_months: int = 0
    short_months: int = 0        # months owed and not paid up (a due not yet set counts)
    unknown_months: int = 0      # months owed whose due is not known (no basis set)

    @property
    def paid_up(self) -> bool:
        return self.short_months == 0


def notice_period(year: int, today: dt.date) -> tuple[str, str] | None:
    """(first, last) month the notice covers, None when no month of ``year`` is collected yet."""
    first, last = f"{year}-01", min(f"{year}-12", add_months(month_of(today), -1))
    start = ledger_start()
    if start is not None and start > first:
        first = start
    return (first, last) if first <= last else None


def notice_rows(first: str, last: str) -> list[NoticeRow]:
    """Per member, over the months: the dues owed and what was paid (corrections included)."""
    found: dict[int, NoticeRow] = {}
    for month in months_between(first, last):
        for line in month_sheet(month).lines:
            row = found.get(line.member_id)
            if row is None:
                row = found[line.member_id] = NoticeRow(line.member_id, line.name)
            row.paid_fen += (line.paid_fen or 0) + line.adjusted_fen
            if line.owes:
                row.owed_months += 1
                row.due_fen += line.due_fen or 0
                row.unknown_months += line.due_fen is None
                if line.due_fen is None or not line.settled:
                    row.short_months += 1
    # name (pinyin) order, as the year's ledger lists everyone who owed or paid in it
    place = {row.member_id: index for index, row in enumerate(year_ledger(int(first[:4])))}
    return sorted(found.values(), key=lambda r: (place.get(r.member_id, len(place)), r.member_id))


def table_rows(rows: list[NoticeRow], two_up: bool) -> list[list[str]]:
    cells = [[str(n), r.name, yuan_text(r.due_fen), yuan_text(r.paid_fen)] for n, r in enumerate(rows, start=1)]
    total = ["", TOTAL, yuan_text(sum(r.due_fen for r in rows)), yuan_text(sum(r.paid_fen for r in rows))]
    if not two_up:
        return cells + [total]
    # 1 | 2, 3 | 4 …: a row reads the same on whichever page it falls
    blank = ["", "", "", ""]
    out = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else blank) for i in range(0, len(cells), 2)]
    return out + [total + blank]


def build_dues_notice(
    *,
    year: int,
    mask: bool = False,            # nothing on it to hide: it never shows an income
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    period = notice_period(year, today)
    if period is None:
        raise UserError(f"{year}年还没有收过党费（本月的党费还在收），无法生成{TITLE}。"
                        "请到下个月再生成，或选前一年。")
    first, last = period
    rows = [r for r in notice_rows(first, last) if r.owed_months or r.paid_fen]
    if not rows:
        raise UserError(f"{months_text(first, last)}没有应交党费的党员，无法生成{TITLE}。")
    branch, _organisation = organisation_text()
    period_text = months_text(first, last)
    doc = ReportDocument(f"{branch}{TITLE}（{period_text}）", author=branch, subject=TITLE, form=True,
                         running_header=(f"{branch}{TITLE}（{period_text}）（续）", ""))
    doc.add_title(f"{branch}{TITLE}")
    owing = [r for r in rows if r.owed_months]
    paid_up = sum(1 for r in owing if r.paid_up)
    due = sum(r.due_fen for r in rows)
    paid = sum(r.paid_fen for r in rows)
    behind = f"，未交齐 {len(owing) - paid_up} 人" if paid_up < len(owing) else "，全部交齐"
    doc.add_paragraph(
        f"根据{RULES}，现将{branch or '本支部'}{period_text}党费收缴情况公示如下：应交纳党费的党员 {len(owing)} 人，"
        f"已按月交齐 {paid_up} 人{behind}；应交党费 {yuan_text(due)} 元，实交 {yuan_text(paid)} 元。")
    two_up = len(rows) > TWO_UP_FROM
    unknown = sum(1 for r in rows if r.unknown_months)

    def closing() -> None:
        doc.add_spacer(3)
        if unknown:
            doc.add_line(f"注：有 {unknown} 人部分月份尚未核定党费基数，应交只计已核定的月份。")
        doc.add_paragraph("公示期间，党员对本人交纳情况如有疑问，请向党支部反映。")
        doc.add_spacer(6)
        doc.add_closing([f"{branch or '党支部'}（盖章）", format_date_cn(today)])

    doc.add_table(HALF + HALF if two_up else HALF, table_rows(rows, two_up), closing=closing, closing_keep_rows=3)
    return doc.render(progress)

