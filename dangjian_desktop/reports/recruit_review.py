"""入党积极分子半年考察表: the written 考察 the branch makes of an activist every 6 months (issue
#17, DOMAIN.md "Recruitment" step 6), a one-page form to fill in by hand.

Which 考察 it is (第三次考察) comes from how many are recorded; the 考察期 runs from the last one
(or from the 确定为入党积极分子) to 6 months later. A block of facts (姓名 性别 出生年月 民族
学历 目前阶段, the days of the application, of the 确定为积极分子 and of the last 考察, the
培养联系人), then boxes to write in: 现实表现 (思想、学习、工作、生活), 培养联系人意见, 党小组意见
and 党支部意见, each opinion with its signature and date at the foot of its box.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.recruit_papers import RecruitFile, recruit_file
from dangjian_desktop.core.recruit_rules import ACTIVIST, CANDIDATE, Interval, deadline_day
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.dues_month import organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument, format_month
from dangjian_desktop.reports.page import META_SIZE, TABLE_SIZE
from dangjian_desktop.reports.recruit_record import fact_grid
from dangjian_desktop.reports.recruits_roster import day_text, job_and_address

TITLE = "入党积极分子半年考察表"
NUMBERS = "零一二三四五六七八九十"
DATE_BLANK = "　　年　　月　　日"
SIGN_MM = 32               # the line to sign on
# (label, hint under it, who signs, height in mm; 0: the rest of the page): the boxes, top to bottom
BOXES = (
    ("现实表现", "（思想、学习、工作、生活等方面的表现，存在的不足和努力方向）", "", 0),
    ("培养联系人意见", "", "培养联系人（签字）", 42),
    ("党小组意见", "", "党小组组长（签字）", 30),
    ("党支部意见", "", "党支部书记（签字）", 34),
)
LEAST_BOX_MM = 60          # 现实表现 never less tall than this (the others shrink first)


def ordinal(n: int) -> str:
    return f"第{NUMBERS[n] if n <= 10 else n}次"


def review_period(f: RecruitFile) -> tuple[dt.date, dt.date]:
    """The half year this 考察 covers: from the last one (or the 确定为积极分子) to 6 months on."""
    since = f.history.last("review") or f.history.last("activist")
    return since, deadline_day(Interval(months=6), since)


def _signature(doc: ReportDocument, signer: str, *, stamp: bool) -> Table:
    """培养联系人（签字）：＿＿＿＿  （盖章）  年  月  日, set against the right of its box."""
    f = doc.fonts
    cells = [f"{signer}：", ""] + (["（盖章）"] if stamp else []) + [DATE_BLANK]
    widths = [stringWidth(cells[0], f.text, META_SIZE) + 2, SIGN_MM * mm]
    widths += [stringWidth(text, f.text, META_SIZE) + 4 * mm for text in cells[2:]]
    table = Table([cells], colWidths=widths, rowHeights=[META_SIZE * 1.6], hAlign="RIGHT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), f.text, META_SIZE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("ALIGN", (2, 0), (-1, 0), "RIGHT"),
        ("LINEBELOW", (1, 0), (1, 0), 0.8, colors.black),
    ]))
    return table


def _boxes(doc: ReportDocument, room: float) -> Table:
    """The boxes to write in; the first takes what is left of ``room`` (points) after the others."""
    f = doc.fonts
    label_style = ParagraphStyle("box-label", fontName=f.title, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.25,
                                 alignment=1)
    hint_style = ParagraphStyle("box-hint", fontName=f.text, fontSize=TABLE_SIZE - 1.5, leading=TABLE_SIZE * 1.4,
                                textColor=colors.HexColor("#555555"), wordWrap="CJK")
    label_width = 13 * mm
    fixed = sum(box[3] for box in BOXES) * mm
    room -= 2
    rest = max(room - fixed, LEAST_BOX_MM * mm)
    # a taller facts block (a long address, a font with taller lines): the opinion boxes give way
    # first, down to three quarters, so that the form stays on one page
    scale = max(min(1.0, (room - rest) / fixed), 0.75)
    content_width = doc.geometry.text_width - label_width
    pad = 2 * mm
    rows, heights = [], []
    for label, hint, signer, height_mm in BOXES:
        height = height_mm * mm * scale or rest
        # the label one character under another, as paper forms print it down the side
        rows_of_label = Paragraph("<br/>".join(label), label_style)
        inside = []
        used = 0.0
        if hint:
            paragraph = Paragraph(hint, hint_style)
            used += paragraph.wrap(content_width - 2 * pad, height)[1]
            inside.append(paragraph)
        if signer:
            sign = _signature(doc, signer, stamp=label == "党支部意见")
            sign_height = sign.wrap(content_width - 2 * pad, height)[1]
            inside += [Spacer(1, max(height - 2 * pad - used - sign_height - 1, 0)), sign]
        rows.append([rows_of_label, inside or ""])
        heights.append(height)
    table = Table(rows, colWidths=[label_width, content_width], rowHeights=heights, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F3F3F3")),
        ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
        ("VALIGN", (1, 0), (1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]))
    return table


def build_recruit_review(
    *,
    recruit_id: int,
    mask: bool = False,            # no ID number or phone on it
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    f = recruit_file(recruit_id, today=today)
    if f.stage not in (ACTIVIST, CANDIDATE) or f.history.has("branch_vote"):
        raise UserError(f"{f.name}现在是{f.stage_label}，不用半年考察：考察表是给入党积极分子"
                        "（和还没有讨论接收的发展对象）的。")
    number = f.count("review") + 1
    since, until = review_period(f)
    branch, organisation = organisation_text()
    doc = ReportDocument(f"{f.name}{TITLE}（{ordinal(number)}考察）", author=branch, subject=TITLE, form=True)
    doc.add_title(TITLE)
    doc.add_subtitle(f"（{ordinal(number)}考察）")
    doc.add_meta_line(organisation, f"打印日期：{format_date_cn(today)}")
    last = f.history.last("review")
    rows = [
        ["姓名", f.name, "性别", f.gender, "出生年月", format_month(f.birth_date)],
        ["民族", f.ethnicity, "学历", f.education, "目前阶段", f.stage_label],
        ["申请入党时间", day_text(f.applied_on), "确定为积极分子", day_text(f.first("activist")),
         "上次考察", day_text(last) if last else "无"],
        ["培养联系人", "、".join(f.people("contacts"))],
        ["工作单位/家庭住址", job_and_address(f)],
        ["考察期", f"{format_date_cn(since)}至{format_date_cn(until)}"],
    ]
    fact_grid(doc, rows, spans={3: (1, 5), 4: (1, 5), 5: (1, 5)})
    doc.add_spacer(3)
    width, body = doc.geometry.text_width, doc.geometry.body_height
    used = sum(item.wrap(width, body)[1] + item.getSpaceAfter() + item.getSpaceBefore() for item in doc.story)
    doc.story.append(_boxes(doc, body - used))
    return doc.render(progress)
