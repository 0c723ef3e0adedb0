"""发展党员工作记录: one person's file on portrait A4, the cover sheet of the paper file (issue #17).

A block of the person's facts (姓名 性别 出生年月 民族 学历 公民身份号码 联系电话 工作单位/家庭住址
申请入党时间 目前阶段; the ID number and phone masked with ``mask``), then one row per recorded
step in date order — 步骤, 日期, 经办人或参加人员 (谈话人, 培养联系人, 入党介绍人 by name), 情况
(the note, the training hours, the months of an extension …) and a cell to sign in — and under
them the steps not yet recorded, in the order of the 细则, as rows to fill in by hand. It ends
with the 支部书记's signature, the date and the 党组织's stamp.

:func:`fact_grid` (a ruled grid of labels and values) is shared with the 考察表.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.privacy import mask_id_number, mask_phone
from dangjian_desktop.core.recruit_papers import RecruitFile, recruit_file
from dangjian_desktop.core.recruit_rules import (
    FULL,
    NEXT_ORDER,
    PUBLICITY_WORKING_DAYS,
    STEP,
    STOPPED,
    working_days_end,
)
from dangjian_desktop.core.recruits import FileLine
from dangjian_desktop.reports.dues_month import organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument, format_month
from dangjian_desktop.reports.page import TABLE_SIZE
from dangjian_desktop.reports.recruits_roster import day_text, job_and_address
from dangjian_desktop.reports.tables import Column, Section
from dangjian_desktop.reports.text_setting import wrap_text

TITLE = "发展党员工作记录"
ROW_HEIGHT_MM = 9             # room to write a date or sign (a row with people has two lines: taller)
MIN_ROW_HEIGHT_MM = 8         # never less, even when a last page's rows are pulled back
BLANK_DATE = "　　年　月　日"
APPLIED_LABEL = "递交入党申请书"
NUMBERS = "零一二三四五六七八九十"

COLUMNS = (
    Column("序号"),
    Column("步骤", align="LEFT", width_mm=36),
    Column("日期", width_mm=32),
    Column("经办人或参加人员", align="LEFT", grow=1, min_mm=30),
    Column("情况", align="LEFT", grow=1, min_mm=30),
    Column("签字", width_mm=28),
)


# --- a grid of labels and values ---------------------------------------------------------------------

def fact_grid(doc: ReportDocument, rows: Sequence[Sequence[str]], *, spans: dict[int, tuple[int, int]] | None = None,
              heights_mm: dict[int, float] | None = None, size: float = TABLE_SIZE) -> Table:
    """A ruled grid of six columns, label / value three times across. ``spans``: a row's value
    running over columns (first, last) — (1, 3) over the next label and value, (1, 5) to the
    right edge; ``heights_mm``: rows taller than one line (a box to write in, its text at the
    top). Labels in 黑体 on grey, their columns as wide as their longest label."""
    width = doc.geometry.text_width
    pad = 1.6 * mm
    spans = spans or {}
    heights_mm = heights_mm or {}

    def covered(r: int, c: int) -> bool:        # inside a value that spans from its left
        first, last = spans.get(r, (c, c))
        return first < c <= last

    labels = [max((stringWidth(row[c], doc.fonts.title, size) for r, row in enumerate(rows)
                   if len(row) > c and not covered(r, c)), default=0) + 2 * pad + 1 for c in (0, 2, 4)]
    value = (width - sum(labels)) / 3
    widths = [labels[0], value, labels[1], value, labels[2], value]
    leading = size * 1.35
    data, row_heights = [], []
    for r, row in enumerate(rows):
        cells = list(row) + [""] * (6 - len(row))
        first, last = spans.get(r, (-1, -1))
        out = []
        for c, text in enumerate(cells):
            if covered(r, c):
                out.append("")
                continue
            end = last + 1 if c == first else c + 1
            font = doc.fonts.title if c % 2 == 0 else doc.fonts.text
            room = sum(widths[c:end]) - 2 * pad
            lines = [line for part in str(text).split("\n")
                     for line in wrap_text(part, room, lambda t, font=font: stringWidth(t, font, size))] if text else []
            out.append("\n".join(lines))
        count = max(1, max(len(cell.split("\n")) for cell in out))
        data.append(out)
        row_heights.append(max(heights_mm.get(r, 9) * mm, count * leading + 2 * pad))
    table = Table(data, colWidths=widths, rowHeights=row_heights, hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), doc.fonts.text, size, leading),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]
    for c in (0, 2, 4):
        commands += [("FONT", (c, 0), (c, -1), doc.fonts.title, size, leading),
                     ("BACKGROUND", (c, 0), (c, -1), colors.HexColor("#F3F3F3")),
                     ("ALIGN", (c, 0), (c, -1), "CENTER")]
    for r, (first, last) in spans.items():
        commands += [("SPAN", (first, r), (last, r)), ("BACKGROUND", (first, r), (last, r), colors.white),
                     ("FONT", (first, r), (last, r), doc.fonts.text, size, leading)]
    for r in heights_mm:
        commands.append(("VALIGN", (0, r), (-1, r), "TOP"))
    table.setStyle(TableStyle(commands))
    doc.story.append(table)
    return table


def person_rows(f: RecruitFile, *, mask: bool) -> tuple[list[list[str]], dict[int, tuple[int, int]]]:
    """The facts block of a file: rows of label/value pairs and the rows whose value is wide."""
    id_number = mask_id_number(f.id_number) if mask else f.id_number
    phone = mask_phone(f.phone) if mask else f.phone
    rows = [
        ["姓名", f.name, "性别", f.gender, "出生年月", format_month(f.birth_date)],
        ["民族", f.ethnicity, "学历", f.education, "目前阶段", f.stage_label],
        ["公民身份号码", id_number, "", "", "联系电话", phone],
        ["工作单位/家庭住址", job_and_address(f)],
        ["申请入党时间", format_date_cn(f.applied_on), "", "", "入党日期", _joined_text(f)],
    ]
    return rows, {2: (1, 3), 3: (1, 5), 4: (1, 3)}


def _joined_text(f: RecruitFile) -> str:
    voted = f.history.last("branch_vote") if f.history.has("approved") else None
    return format_date_cn(voted)


# --- the steps ----------------------------------------------------------------------------------

def _ordinal(n: int) -> str:
    return f"第{NUMBERS[n] if n <= 10 else n}次"


def line_facts(line: FileLine, f: RecruitFile) -> str:
    """What the 情况 cell says about a recorded step."""
    parts = []
    if line.event == "review":
        reviews = [x.row_id for x in f.lines if x.event == "review"]
        parts.append(f"{_ordinal(reviews.index(line.row_id) + 1)}考察")
    if line.event == "trained" and line.hours is not None:
        parts.append(f"{line.hours} 学时")
    if line.event == "extended" and line.months:
        parts.append(f"延长 {line.months} 个月")
    if line.event == "publicity":
        end = working_days_end(line.on_date, PUBLICITY_WORKING_DAYS)
        parts.append(f"公示至{format_date_cn(end)}（{PUBLICITY_WORKING_DAYS} 个工作日）")
    if line.event == "approved":
        end = f.history.probation_end()
        if end:
            parts.append(f"预备期至{format_date_cn(end)}")
    if line.note.strip():
        parts.append(line.note.strip())
    return "；".join(parts)


def _people_text(role: str, names: Sequence[str]) -> str:
    if not role:
        return ""
    return f"{role}：\n{'、'.join(names)}" if names else f"{role}：\n"


def blank_steps(f: RecruitFile) -> list[str]:
    """The steps still to come, in the order of the 细则 (none once the file is closed); a 考察
    while one is still due (until the 支部大会's vote)."""
    if f.stage in (STOPPED, FULL):
        return []
    h = f.history
    events = [e for e in NEXT_ORDER if not h.has(e)]
    if not h.has("branch_vote"):
        place = events.index("candidate") if "candidate" in events else (
            events.index("branch_vote") if "branch_vote" in events else 0)
        events.insert(place, "review")
    return events


def step_rows(f: RecruitFile) -> list:
    rows: list = [["1", APPLIED_LABEL, day_text(f.applied_on), "", "", ""]]
    for line in f.lines:
        rows.append([str(len(rows) + 1), STEP[line.event].label, day_text(line.on_date),
                     _people_text(line.role, line.people), line_facts(line, f), ""])
    blanks = blank_steps(f)
    if blanks:
        rows.append(Section("以下步骤尚未办理，办理后手工填写", keep_rows=2))
        reviews = f.count("review")
        for event in blanks:
            label = STEP[event].label
            if event == "review":
                label = f"{label}（{_ordinal(reviews + 1)}）"
            number = len([r for r in rows if not isinstance(r, Section)]) + 1
            rows.append([str(number), label, BLANK_DATE, _people_text(STEP[event].people_role, []), "", ""])
    return rows


def build_recruit_record(
    *,
    recruit_id: int,
    mask: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    f = recruit_file(recruit_id, today=today)
    branch, organisation = organisation_text()
    doc = ReportDocument(f"{f.name}{TITLE}", author=branch, subject=TITLE, form=True, confidential=not mask,
                         running_header=(f"{f.name}{TITLE}（续）", ""))
    doc.add_title(TITLE)
    doc.add_meta_line(organisation, f"打印日期：{format_date_cn(today)}")
    rows, spans = person_rows(f, mask=mask)
    fact_grid(doc, rows, spans=spans)
    doc.add_spacer(4)

    def closing() -> None:
        doc.add_spacer(3)
        doc.add_signatures(["支部书记（签字）", "日期"], line_mm=45)
        doc.add_signatures(["党组织（盖章）"], line_mm=45)

    doc.add_table(COLUMNS, step_rows(f), min_row_height_mm=ROW_HEIGHT_MM, min_row_floor_mm=MIN_ROW_HEIGHT_MM,
                  closing=closing, closing_keep_rows=3)
    return doc.render(progress)
