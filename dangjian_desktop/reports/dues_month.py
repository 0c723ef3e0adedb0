"""党费收缴登记表: one month's dues, member by member, on portrait A4 (issue #18, DOMAIN.md "Dues").

序号 姓名 类别 交纳基数（元） 应交（元） 实交（元） 交纳日期 本人签名 备注, a 合计 row whose sums
are the rows' own, to the fen, and the counts 应交 / 已交 / 未交; then 收款人, 日期, 支部书记 and
党组织（盖章）, kept with the table's last rows. The sheet is also printed before collecting: a
row with nothing paid leaves 实交, 交纳日期 and 本人签名 blank for the pen.

The base is the income the due is computed on (在职: after-tax income, 离退休: pension), so the
sheet is for the branch's own records, marked 内部资料; it shows no ID number or phone, so
masking changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dangjian_desktop.core.branch import branch_info
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.dues import DuesLine, MonthSheet, month_sheet
from dangjian_desktop.core.dues_year import payments_of
from dangjian_desktop.core.dues_rules import INCOME_KINDS, month_label, month_of, parse_month
from dangjian_desktop.core.members import get_member
from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.core.vocab import status_words
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.tables import Column

TITLE = "党费收缴登记表"
ROW_HEIGHT_MM = 8           # room for a signature in the row
MIN_ROW_HEIGHT_MM = 7
TOTAL = "合计"

COLUMNS = (
    Column("序号"),
    Column("姓名", min_mm=16),
    Column("类别"),
    Column("交纳基数\n（元）", align="RIGHT", min_mm=17),
    Column("应交\n（元）", align="RIGHT", min_mm=15),
    Column("实交\n（元）", align="RIGHT", min_mm=15),
    Column("交纳日期", min_mm=21),
    Column("本人签名", width_mm=26),
    Column("备注", align="LEFT", grow=1, min_mm=22),
)


def organisation_text() -> tuple[str, str]:
    """(the branch's name, "党组织：…（上级党组织）") for a title and its line of facts."""
    info = branch_info()
    name = info.name if info else ""
    text = f"党组织：{name}" if name else "党组织："
    if info and info.parent_org:
        text += f"（{info.parent_org}）"
    return name, text


def months_text(first: str, last: str) -> str:
    """2026年11月; 2026年7月至9月; 2025年12月至2026年2月."""
    if first == last:
        return month_label(first)
    if first[:4] == last[:4]:
        return f"{month_label(first)}至{int(last[5:7])}月"
    return f"{month_label(first)}至{month_label(last)}"


def remittance_text(remittance) -> str:
    """已于2026年10月10日上缴（2026年7月至9月，共 1,234.56 元）."""
    months = months_text(remittance.first_month, remittance.last_month)
    return f"已于{format_date_cn(remittance.remitted_on)}上缴（{months}，共 {yuan_text(remittance.amount_fen)} 元）"


def _adjustments(sheet: MonthSheet) -> dict[int, list]:
    """The corrections of the month (few: only members whose line has one are asked)."""
    year = int(sheet.month[:4])
    return {line.member_id: [p for p in payments_of(line.member_id, year) if p.month == sheet.month and p.adjustment]
            for line in sheet.lines if line.adjusted_fen}


def _signed(fen: int) -> str:
    return f"+{yuan_text(fen)}" if fen > 0 else yuan_text(fen)


def line_note(line: DuesLine, month: str, adjustments: list, left) -> str:
    """What the 备注 cell says: 未核定基数, 自愿多交, 预交, 补交, 尚欠, an adjustment with its reason."""
    parts = []
    if not line.owes and left is not None:
        when = format_date_cn(left.status_on) if left.status_on else ""
        parts.append(f"{when}{status_words(left.status)}，本月不再应交")
    if line.owes and line.due_fen is None:
        parts.append("未核定基数")
    if line.rule.startswith("自愿多交"):
        parts.append("自愿多交")
    if line.paid_on is not None and line.paid_fen:
        paid_month = month_of(line.paid_on)
        if paid_month < month:
            parts.append("预交")
        elif paid_month > month:
            parts.append("补交")
    for p in adjustments:
        reason = f"：{p.reason}" if p.reason else ""
        parts.append(f"{format_date_cn(p.paid_on)}调整 {_signed(p.amount_fen)} 元{reason}")
    paid = (line.paid_fen or 0) + line.adjusted_fen
    if line.owes and line.due_fen is not None and (line.paid_fen or line.adjusted_fen):
        # the same words as the 党费 page (ui.dues_model.line_note)
        if paid < line.due_fen:
            parts.append(f"还差 {yuan_text(line.due_fen - paid)} 元")
        elif paid > line.due_fen and not line.rule.startswith("自愿多交"):
            parts.append(f"多交 {yuan_text(paid - line.due_fen)} 元")
    return "；".join(parts)


def sheet_rows(sheet: MonthSheet) -> list[list[str]]:
    """The table's rows, the 合计 row last (its sums are those of the cells above, to the fen)."""
    adjustments = _adjustments(sheet)
    gone = {line.member_id: get_member(line.member_id) for line in sheet.lines if not line.owes}
    rows = []
    due_sum = paid_sum = 0
    for number, line in enumerate(sheet.lines, start=1):
        base = yuan_text(line.base_fen) if line.kind in INCOME_KINDS else ""
        due = line.due_fen if line.owes else None
        has_paid = line.paid_fen is not None or bool(line.adjusted_fen)
        paid = (line.paid_fen or 0) + line.adjusted_fen if has_paid else None
        due_sum += due or 0
        paid_sum += paid or 0
        rows.append([str(number), line.name, line.kind_label, base, yuan_text(due), yuan_text(paid),
                     line.paid_on.isoformat() if line.paid_on else "", "",
                     line_note(line, sheet.month, adjustments.get(line.member_id, []), gone.get(line.member_id))])
    assert due_sum == sheet.due_total and paid_sum == sheet.paid_total   # one total, two ways
    rows.append(["", TOTAL, "", "", yuan_text(due_sum), yuan_text(paid_sum), "", "", ""])
    return rows


def counts_text(sheet: MonthSheet) -> str:
    owing = [line for line in sheet.lines if line.owes]
    unpaid = len(sheet.unpaid)
    short = sum(1 for line in owing if line.short_fen and (line.paid_fen or line.adjusted_fen))
    part = f"（其中交得不足 {short} 人）" if short else ""
    text = f"应交 {len(owing)} 人，已交 {len(owing) - unpaid} 人{part}，未交 {unpaid} 人"
    if sheet.without_basis:
        text += f"；未核定基数 {len(sheet.without_basis)} 人"
    return text + "。"


def build_dues_month(
    *,
    month: str,
    mask: bool = False,            # the sheet has no ID number or phone to hide
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    month = parse_month(month)
    sheet = month_sheet(month)
    if not sheet.lines:
        raise UserError(f"{month_label(month)}没有应交党费的党员，无法生成{TITLE}。"
                        "请先在“党员”页面录入党员，并在党费页核定党费基数。")
    branch, organisation = organisation_text()
    doc = ReportDocument(f"{branch}{month_label(month)}{TITLE}", author=branch, subject=TITLE, form=True,
                         confidential=True, running_header=(f"{branch}{TITLE}（{month_label(month)}）（续）", ""))
    doc.add_title(f"{branch}{TITLE}")
    doc.add_meta_line(organisation)
    doc.add_meta_line(f"所属月份：{month_label(month)}", f"统计日期：{format_date_cn(today)}")

    def closing() -> None:
        doc.add_spacer(2)
        doc.add_line(counts_text(sheet))
        if sheet.remittance is not None:
            doc.add_line(f"本月党费{remittance_text(sheet.remittance)}。")
        doc.add_spacer(1)
        doc.add_signatures(["收款人", "日期"], line_mm=45)
        doc.add_signatures(["支部书记", "党组织（盖章）"], line_mm=45)

    doc.add_table(COLUMNS, sheet_rows(sheet), min_row_height_mm=ROW_HEIGHT_MM, min_row_floor_mm=MIN_ROW_HEIGHT_MM,
                  closing=closing, closing_keep_rows=3)
    return doc.render(progress)
