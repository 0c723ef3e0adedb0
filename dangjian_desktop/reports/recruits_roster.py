"""入党积极分子、发展对象名册: everyone now at stage 入党积极分子 or 发展对象, and first the
入党申请人 (issue #17), on landscape A4, one section per stage.

序号 姓名 性别 民族 公民身份号码 出生年月 学历 工作单位/家庭住址 联系电话 申请入党时间
确定为积极分子时间 确定为发展对象时间 培养联系人 备注 (the next step and the file's note); the
ID number and phone are masked with ``mask`` as on the 党员花名册. 填表人, 审核人, 填表日期 and
党组织（盖章） close it, kept with the last rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.hamlets import address_with_hamlet
from dangjian_desktop.core.privacy import mask_id_number, mask_phone
from dangjian_desktop.core.recruit_papers import RecruitFile, files_at
from dangjian_desktop.core.recruit_rules import ACTIVIST, APPLICANT, CANDIDATE
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.dues_month import organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument, format_month
from dangjian_desktop.reports.page import SMALL_TABLE_SIZE
from dangjian_desktop.reports.tables import Column, Section

TITLE = "入党积极分子、发展对象名册"
SECTIONS = {APPLICANT: "入党申请人", ACTIVIST: "入党积极分子", CANDIDATE: "发展对象"}
NUMBERS = "一二三"

COLUMNS = (
    Column("序号"),
    Column("姓名"),
    Column("性别"),
    Column("民族"),
    Column("公民身份号码"),
    Column("出生年月"),
    Column("学历"),
    Column("工作单位/家庭住址", align="LEFT", grow=2, break_after="/"),
    Column("联系电话"),
    Column("申请入党\n时间"),
    Column("确定为积极\n分子时间"),
    Column("确定为发展\n对象时间"),
    Column("培养联系人", min_mm=16),
    Column("备注", align="LEFT", grow=2, min_mm=24),
)


def day_text(day: dt.date | None) -> str:
    """2026.07.02: a day in a table cell."""
    return f"{day.year}.{day.month:02d}.{day.day:02d}" if day else ""


def job_and_address(f: RecruitFile) -> str:
    return "/".join(part for part in (f.job.strip(), address_with_hamlet(f.address, f.hamlet)) if part)


def roster_cells(f: RecruitFile, number: int, *, mask: bool) -> list[str]:
    note = "；".join(part for part in (f.next.text, f.note) if part)
    return [str(number), f.name, f.gender, f.ethnicity, mask_id_number(f.id_number) if mask else f.id_number,
            format_month(f.birth_date), f.education, job_and_address(f), mask_phone(f.phone) if mask else f.phone,
            day_text(f.applied_on), day_text(f.first("activist")), day_text(f.first("candidate")),
            "、".join(f.people("contacts")), note]


def build_recruits_roster(
    *,
    mask: bool = False,
    applicants: bool = True,
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    """``applicants``: the 入党申请人 in a first section (else only 积极分子 and 发展对象)."""
    today = today or dt.date.today()
    stages = (APPLICANT, ACTIVIST, CANDIDATE) if applicants else (ACTIVIST, CANDIDATE)
    files = files_at(stages, today=today)
    if not files:
        raise UserError("现在没有入党积极分子和发展对象，无法生成名册。"
                        "请先在“发展党员”里新增入党申请人并记录各个步骤。")
    branch, organisation = organisation_text()
    doc = ReportDocument(f"{branch}{TITLE}", landscape=True, author=branch, subject=TITLE, form=True,
                         confidential=not mask, running_header=(f"{branch}{TITLE}（续）", ""))
    doc.add_title(f"{branch}{TITLE}")
    doc.add_meta_line(organisation, f"共 {len(files)} 人", f"统计日期：{format_date_cn(today)}")
    rows: list = []
    shown = [s for s in stages if any(f.stage == s for f in files)]
    for index, stage in enumerate(shown):
        mine = [f for f in files if f.stage == stage]
        rows.append(Section(f"{NUMBERS[index]}、{SECTIONS[stage]}（{len(mine)} 人）", keep_rows=2))
        rows += [roster_cells(f, number, mask=mask) for number, f in enumerate(mine, start=1)]

    def closing() -> None:        # never alone on a last page: kept with the table's last rows
        doc.add_spacer(2)
        doc.add_signatures(["填表人", "审核人", "填表日期", "党组织（盖章）"], line_mm=30)

    doc.add_table(COLUMNS, rows, font_size=SMALL_TABLE_SIZE, closing=closing)
    return doc.render(progress)
