"""年度工作计划: the year's planned activities by quarter and month, on portrait A4.

From the activities plan (core.activity_record.year_plan): the rules the branch follows, then
one table per quarter with a caption row per month — date, activity, who attends, what it is
about, and whether it was held — then the count of each kind and the branch's name and date
as an official paper ends. Group meetings held by every group on the same day share one row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from dangjian_desktop.core import activities as activity_ops
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activity_record import PlanEntry, YearPlan, year_plan
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.meeting import branch_name
from dangjian_desktop.reports.tables import Column, Row, Section

TITLE = "年度工作计划"
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
HELD = "已召开"

COLUMNS = (
    Column("日期"),
    Column("活动"),
    Column("参加人员"),
    Column("主要内容", align="LEFT", grow=2),
    Column("备注", min_mm=14),
)

AUDIENCE_WORDS = {
    kinds.AUDIENCE_MEMBERS: "全体党员",
    kinds.AUDIENCE_COMMITTEE: "支部委员",
    kinds.AUDIENCE_CHOSEN: "全体党员",      # 谈心谈话: the committee talks with each member
}


def _audience(entry: PlanEntry) -> str:
    spec = kinds.KINDS.get(entry.kind)
    if spec is None:
        return ""
    if spec.audience == kinds.AUDIENCE_GROUP:
        return entry.group_name or "党小组"
    return AUDIENCE_WORDS.get(spec.audience, "")


def _day(entry: PlanEntry) -> str:
    return f"{entry.date.month}月{entry.date.day}日"


def _kind(entry: PlanEntry) -> str:
    """The short name the branch uses (党员大会, 支委会 …): the month and date say the rest."""
    spec = kinds.KINDS.get(entry.kind)
    return spec.short if spec else entry.kind_name


def _content(entry: PlanEntry, topic: str, rules: dict) -> str:
    """The topic, else a title the secretary gave it (a default title says nothing more)."""
    if topic.strip():
        return topic.strip()
    if entry.kind in kinds.KINDS and entry.title != activity_ops.default_title(entry.kind, entry.date,
                                                                             entry.group_name, rules=rules):
        return entry.title
    return ""


def _held(entries: list[PlanEntry]) -> str:
    held = sum(1 for e in entries if e.status != "planned")
    if held == 0:
        return ""
    return HELD if held == len(entries) else f"{HELD} {held} 个"


def month_rows(entries: list[PlanEntry], topics: dict[int, str], rules: dict | None = None) -> list[list[str]]:
    """One month's rows in date order; group meetings of several groups on one day share a row."""
    rules = rules or kinds.rules()
    rows: list[list[str]] = []
    done: set[int] = set()
    for entry in entries:
        if entry.activity_id in done:
            continue
        if entry.kind == "group_meeting":
            same = [e for e in entries if e.kind == "group_meeting" and e.date == entry.date]
            if len(same) > 1:
                done.update(e.activity_id for e in same)
                shared = {topics.get(e.activity_id, "").strip() for e in same}
                content = shared.pop() if len(shared) == 1 else ""
                rows.append([_day(entry), _kind(entry), "各党小组", content or f"{len(same)} 个党小组分别召开",
                             _held(same)])
                continue
        rows.append([_day(entry), _kind(entry), _audience(entry), _content(entry, topics.get(entry.activity_id, ""), rules),
                     _held([entry])])
    return rows


def _topics(plan: YearPlan) -> dict[int, str]:
    return {e.activity_id: e.topic for m in plan.months for e in m.entries}


def kind_counts(plan: YearPlan) -> list[tuple[str, int]]:
    counts = Counter(e.kind for m in plan.months for e in m.entries)
    order = list(kinds.KIND_KEYS) + sorted(k for k in counts if k not in kinds.KINDS)
    return [(kinds.kind_name(k), counts[k]) for k in order if counts.get(k)]


def build_annual_plan(
    *,
    year: int,
    mask: bool = False,          # the plan names no ID numbers or phones
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise UserError(f"年份“{year}”不对，请写成 2026 这样的四位数字。") from None
    if not 1950 <= year <= 2100:
        raise UserError(f"年份“{year}”不对，请写成 2026 这样的四位数字。")
    plan = year_plan(year)
    if plan.count == 0:
        raise UserError(f"{year} 年还没有活动计划。请先在“活动”页面点“生成年度计划…”，排好全年的活动后再打印。")
    topics = _topics(plan)
    branch = branch_name()
    doc = ReportDocument(f"{branch}{year}{TITLE}", author=branch, subject=TITLE, form=True,
                         running_header=(f"{branch}{year}{TITLE}（续）", ""))
    doc.add_title(f"{branch}{year}年度工作计划")
    doc.add_meta_line(f"党组织：{branch}" if branch else "党组织：", f"制表日期：{format_date_cn(today)}")

    doc.add_heading("一、活动安排", keep_mm=40)
    doc.add_paragraph(f"根据《中国共产党支部工作条例（试行）》和本支部确定的活动频次，{year}年共安排"
                      f"“三会一课”等组织生活和党员活动 {plan.count} 项。各项活动的频次如下：")
    if plan.rules:
        doc.add_numbered([f"{name}：{rule}" for name, rule in plan.rules])

    doc.add_heading("二、全年活动安排", keep_mm=50)
    quarters: list[list[Row]] = []
    rules = kinds.rules()
    for q in range(1, 5):
        rows: list[Row] = []
        for month in plan.quarter(q):
            rows.append(Section(month.label, keep_rows=2))
            month_body = month_rows(list(month.entries), topics, rules)
            rows += month_body or [["", "", "", "本月没有安排活动", ""]]
        quarters.append(rows)
    every_row = [row for rows in quarters for row in rows]
    for q, rows in enumerate(quarters, start=1):
        first, last = 3 * q - 2, 3 * q
        doc.add_table_under(f"{QUARTERS[q - 1]}（{first}—{last}月）", [], COLUMNS, rows, fit_rows=every_row,
                            subheading=True, caption="")
        doc.add_spacer(2)

    doc.add_heading("三、全年合计", keep_mm=75)     # with the closing: never split from it
    parts = "，".join(f"{name} {count} 次" for name, count in kind_counts(plan))
    doc.add_paragraph(f"全年共安排活动 {plan.count} 项，其中{parts}。")
    doc.add_spacer(8)
    doc.add_keep_space(25)
    doc.add_closing([f"{branch or '党支部'}（盖章）", f"填表日期：{format_date_cn(today)}"])
    return doc.render(progress)
