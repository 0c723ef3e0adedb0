"""发展党员台账: a year's recruitment on landscape A4 (issue #17).

Everyone with a step in the year (the application included), one row each: 序号 姓名 性别 出生年月
申请入党 确定为积极分子 确定为发展对象 支部大会接收 上级审批 入党宣誓 转正时间 入党介绍人, the stage
at the year's end (today for the current year) and a 备注 (终止 and its reason, an extension) —
the file as it stood at the year's end: a step of a later year is not in this year's book.
Under the table the year's counts — applications, 积极分子, 发展对象, 预备党员 (approved in the
year) and 转正 — then 填表人, 审核人, 填表日期 and 党组织（盖章）, kept with the last rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.recruit_papers import RecruitFile, files_of_year, stage_on
from dangjian_desktop.core.recruit_rules import APPLIED, STAGE_LABELS
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.dues_month import organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument, format_month
from dangjian_desktop.reports.page import SMALL_TABLE_SIZE
from dangjian_desktop.reports.recruits_roster import day_text
from dangjian_desktop.reports.tables import Column

TITLE = "发展党员台账"

COLUMNS = (
    Column("序号"),
    Column("姓名"),
    Column("性别"),
    Column("出生年月"),
    Column("申请入党"),
    Column("确定为\n积极分子"),
    Column("确定为\n发展对象"),
    Column("支部大会\n接收"),
    Column("上级党委\n审批"),
    Column("入党宣誓"),
    Column("转正时间"),
    Column("入党介绍人", min_mm=18),
    Column("年末所处\n阶段"),
    Column("备注", align="LEFT", grow=1, min_mm=30),
)


@dataclass(frozen=True)
class YearCounts:
    applied: int
    activists: int
    candidates: int
    admitted: int          # 接收为预备党员: approved by the 上级党委 in the year
    full: int              # 转为正式党员: 转正 approved in the year
    stopped: int

    def text(self, year: int) -> str:
        text = (f"{year}年共递交入党申请 {self.applied} 人，确定入党积极分子 {self.activists} 人，"
                f"确定发展对象 {self.candidates} 人，接收预备党员 {self.admitted} 人，"
                f"预备党员转为正式党员 {self.full} 人")
        if self.stopped:
            text += f"，终止发展 {self.stopped} 人"
        return text + "。"


def _in_year(days: list[dt.date], year: int) -> bool:
    return any(day.year == year for day in days)


def year_counts(files: list[RecruitFile], year: int) -> YearCounts:
    def count(event: str) -> int:
        return sum(1 for f in files if _in_year(f.history.dates(event), year))

    return YearCounts(count(APPLIED), count("activist"), count("candidate"), count("approved"),
                      count("full_approved"), count("stopped"))


def full_member_day(f: RecruitFile) -> dt.date | None:
    """转正时间: the end of the probation year, once the 转正 is approved."""
    return f.history.probation_end() if f.history.has("full_approved") else None


def ledger_note(f: RecruitFile, year_end: dt.date) -> str:
    parts = []
    for line in (x for x in f.lines if x.on_date <= year_end):
        if line.event == "extended":
            parts.append(f"{format_date_cn(line.on_date)}延长预备期{line.months or ''}个月")
        if line.event == "stopped":
            reason = f"：{line.note}" if line.note else ""
            parts.append(f"{format_date_cn(line.on_date)}终止发展{reason}")
    if f.note:
        parts.append(f.note)
    return "；".join(parts)


def ledger_cells(f: RecruitFile, number: int, year_end: dt.date) -> list[str]:
    """A person's row as the file stood at ``year_end``: a later step is not yet in the year's book."""
    def by_end(day: dt.date | None) -> str:
        return day_text(day) if day and day <= year_end else ""

    first = f.first
    introduced = f.first("introducers")
    introducers = "、".join(f.people("introducers")) if introduced and introduced <= year_end else ""
    full = f.first("full_approved")
    return [str(number), f.name, f.gender, format_month(f.birth_date), by_end(f.applied_on),
            by_end(first("activist")), by_end(first("candidate")), by_end(first("branch_vote")),
            by_end(first("approved")), by_end(first("oath")),
            day_text(full_member_day(f)) if full and full <= year_end else "",
            introducers, STAGE_LABELS[stage_on(f.history, year_end)], ledger_note(f, year_end)]


def build_recruits_year(
    *,
    year: int,
    mask: bool = False,            # no ID number or phone on it
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    if not 1949 <= year <= today.year:
        raise UserError(f"{year}年不对：台账只能是 1949 年到今年（{today.year}年）之间的某一年。")
    files = files_of_year(year, today=today)
    if not files:
        raise UserError(f"{year}年没有发展党员的记录（没有人递交申请或办理任何一步），无法生成{TITLE}。")
    year_end = min(dt.date(year, 12, 31), today)
    branch, organisation = organisation_text()
    doc = ReportDocument(f"{branch}{year}年{TITLE}", landscape=True, author=branch, subject=TITLE, form=True,
                         running_header=(f"{branch}{year}年{TITLE}（续）", ""))
    doc.add_title(f"{branch}{year}年{TITLE}")
    doc.add_meta_line(organisation, f"共 {len(files)} 人", f"统计至：{format_date_cn(year_end)}")
    rows = [ledger_cells(f, number, year_end) for number, f in enumerate(files, start=1)]
    counts = year_counts(files, year)

    def closing() -> None:        # never alone on a last page: kept with the table's last rows
        doc.add_spacer(2)
        doc.add_line(counts.text(year))
        doc.add_spacer(1)
        doc.add_signatures(["填表人", "审核人", "填表日期", "党组织（盖章）"], line_mm=30)

    doc.add_table(COLUMNS, rows, font_size=SMALL_TABLE_SIZE, closing=closing, closing_keep_rows=3)
    return doc.render(progress)
