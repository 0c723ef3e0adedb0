"""党员花名册: the branch's member list on landscape A4 (DOMAIN.md "Printed forms").

Columns after DOMAIN.md, with the 公民身份号码 the national collection form carries (it is
what the masking option is for): 序号 姓名 性别 民族 公民身份号码 出生年月 学历 入党时间
转正时间 人员类别 工作岗位/家庭住址 联系电话 备注.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dangjian_desktop.core.branch import branch_info
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.hamlets import address_with_hamlet
from dangjian_desktop.core.members import roster_members
from dangjian_desktop.core.privacy import mask_id_number, mask_phone
from dangjian_desktop.core.vocab import ACTIVE, PROBATIONARY, STATUS_LABELS
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument, format_month
from dangjian_desktop.reports.page import SMALL_TABLE_SIZE
from dangjian_desktop.reports.tables import Column

TITLE = "党员花名册"

COLUMNS = (
    Column("序号"),
    Column("姓名"),
    Column("性别"),
    Column("民族"),
    Column("公民身份号码"),
    Column("出生年月"),
    Column("学历"),
    Column("入党时间"),
    Column("转正时间"),
    Column("人员类别"),
    Column("工作岗位/家庭住址", align="LEFT", grow=3, break_after="/"),
    Column("联系电话"),
    Column("备注", align="LEFT", grow=1, min_mm=17.5),
)


@dataclass(frozen=True)
class RosterEntry:
    """One printed row (already masked when asked)."""

    name: str
    gender: str
    ethnicity: str
    id_number: str
    birth: str
    education: str
    joined: str
    full_member: str
    category: str
    job_address: str
    phone: str
    note: str

    def cells(self, number: int) -> list[str]:
        return [str(number), self.name, self.gender, self.ethnicity, self.id_number, self.birth,
                self.education, self.joined, self.full_member, self.category, self.job_address,
                self.phone, self.note]


def member_note(member, *, include_status: bool) -> str:
    """What the 备注 cell says: post in the branch, flow destination, leaving, the member's note."""
    parts = []
    if include_status and member.status != ACTIVE:
        when = f"（{format_month(member.status_on)}）" if member.status_on else ""
        parts.append(f"{STATUS_LABELS.get(member.status, member.status)}{when}")
    if member.party_post:
        parts.append(member.party_post)
    if member.is_flow and member.status == ACTIVE:
        parts.append("流动党员")  # where to: on the group roster; this table has no room for it
    if member.note.strip():
        parts.append(member.note.strip())
    return "；".join(parts)


def roster_entries(*, mask: bool = False, include_former: bool = False) -> list[RosterEntry]:
    """The members of the roster in name (pinyin) order; active members only by default."""
    entries = []
    for m in roster_members(include_former=include_former):
        job_address = "/".join(part for part in (m.job.strip(), address_with_hamlet(m.address, m.hamlet)) if part)
        phone = m.phone or m.landline
        id_number = m.id_number or ""
        entries.append(RosterEntry(
            name=m.name, gender=m.gender, ethnicity=m.ethnicity,
            id_number=mask_id_number(id_number) if mask else id_number,
            birth=format_month(m.birth_date), education=m.education,
            joined=format_month(m.joined_on), full_member=format_month(m.full_member_on),
            category=m.category, job_address=job_address,
            phone=mask_phone(phone) if mask else phone,
            note=member_note(m, include_status=include_former),
        ))
    return entries


def build_roster(
    *,
    mask: bool = False,
    include_former: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    entries = roster_entries(mask=mask, include_former=include_former)
    if not entries:
        raise UserError("还没有在册党员，无法生成花名册。请先在“党员”页面新增或导入党员。")
    info = branch_info()
    branch_name = info.name if info else ""
    probationary = sum(1 for e in entries if e.category == PROBATIONARY)
    doc = ReportDocument(f"{branch_name}{TITLE}", landscape=True, author=branch_name, subject=TITLE, form=True,
                         confidential=not mask, running_header=(f"{branch_name}{TITLE}（续）", ""))
    doc.add_title()
    organisation = f"党组织：{branch_name}" if branch_name else "党组织："
    if info and info.parent_org:
        organisation += f"（{info.parent_org}）"
    count = f"共 {len(entries)} 人，其中预备党员 {probationary} 人"
    if include_former:
        count = f"共 {len(entries)} 人（含已不在册党员）"
    doc.add_meta_line(organisation, count, f"统计日期：{format_date_cn(today)}")
    rows = [entry.cells(number) for number, entry in enumerate(entries, start=1)]

    def closing() -> None:        # never alone on a last page: kept with the table's last rows
        doc.add_spacer(2)
        doc.add_signatures(["填表人", "审核人", "填表日期", "党组织（盖章）"], line_mm=30)

    doc.add_table(COLUMNS, rows, font_size=SMALL_TABLE_SIZE, closing=closing)
    return doc.render(progress)
