"""党小组名册: every party group with its leader and members, on portrait A4.

Groups in their own order (as on the 党小组 page); in each group the leader first, then the
deputy, then the others in name (pinyin) order. Active members who belong to no group are
listed at the end, so the paper shows who still needs a group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from dangjian_desktop.core.branch import branch_info
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.groups import list_groups
from dangjian_desktop.core.hamlets import address_with_hamlet
from dangjian_desktop.core.member_rules import known_destination
from dangjian_desktop.core.members import find_member, members_by_id
from dangjian_desktop.core.membership import unassigned_member_ids
from dangjian_desktop.core.privacy import mask_phone
from dangjian_desktop.core.vocab import PROBATIONARY
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument, format_month
from dangjian_desktop.reports.tables import Column

TITLE = "党小组名册"

COLUMNS = (
    Column("序号"),
    Column("姓名"),
    Column("性别"),
    Column("出生年月"),
    Column("人员类别"),
    Column("联系电话"),
    Column("家庭住址", align="LEFT", grow=2),
    Column("备注", align="LEFT", grow=1, min_mm=20),
)


@dataclass
class GroupListing:
    """One group as printed."""

    name: str
    kind: str
    leader: str                       # "" when no leader is set
    meeting_place: str
    note: str
    members: list = field(default_factory=list)      # member records (core.members)
    leader_id: int | None = None
    deputy_id: int | None = None

    @property
    def probationary(self) -> int:
        return sum(1 for m in self.members if m.category == PROBATIONARY)


def group_listings() -> tuple[list[GroupListing], list]:
    """The groups with their current active members, and the active members in no group."""
    views = list_groups()
    unassigned_ids = unassigned_member_ids()
    wanted = {i for view in views for i in view.member_ids} | set(unassigned_ids)
    members = members_by_id(wanted, active_only=True)
    listings = []
    for view in views:
        leader = members.get(view.leader_id) or find_member(view.leader_id)
        listing = GroupListing(
            name=view.name, kind=view.kind, leader=leader.name if leader else "",
            meeting_place=view.meeting_place, note=view.note, leader_id=view.leader_id, deputy_id=view.deputy_id,
            members=[members[i] for i in view.member_ids if i in members],
        )
        # The leader first, then the deputy, the others in name order (a stable sort).
        listing.members.sort(key=lambda m, g=listing: (m.id != g.leader_id, m.id != g.deputy_id))
        listings.append(listing)
    return listings, [members[i] for i in unassigned_ids if i in members]


def _member_row(number: int, m, role: str, mask: bool) -> list[str]:
    phone = m.phone or m.landline
    notes = [role] if role else []
    if m.is_flow:
        known = known_destination(m.flow_destination)
        notes.append(f"外出：{known}" if known else "流动党员，外出流向待补")
    return [
        str(number), m.name, m.gender, format_month(m.birth_date), m.category,
        mask_phone(phone) if mask else phone, address_with_hamlet(m.address, m.hamlet), "；".join(notes),
    ]


def _group_lines(g: GroupListing) -> list[str]:
    """The lines under a group's heading: its leader and count, where it meets, the note."""
    count = f"党员 {len(g.members)} 人"
    if g.probationary:
        count += f"，其中预备党员 {g.probationary} 人"
    lines = [f"党小组长：{g.leader or '未设置'}；{count}"]
    details = [f"活动地点：{g.meeting_place}"] if g.meeting_place else []
    if g.note.strip():
        details.append(f"说明：{g.note.strip()}")
    if details:
        lines.append("；".join(details))
    return lines


def _group_rows(g: GroupListing, mask: bool) -> list[list[str]]:
    rows = []
    for number, m in enumerate(g.members, start=1):
        role = "党小组长" if m.id == g.leader_id else "副组长" if m.id == g.deputy_id else ""
        rows.append(_member_row(number, m, role, mask))
    return rows


def build_group_roster(
    *,
    mask: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    listings, unassigned = group_listings()
    if not listings:
        raise UserError("还没有设置党小组，无法生成党小组名册。请先在“党小组”页面设置。")
    info = branch_info()
    branch_name = info.name if info else ""
    members = sum(len(g.members) for g in listings)
    doc = ReportDocument(f"{branch_name}{TITLE}", author=branch_name, subject=TITLE, form=True,
                         confidential=not mask, running_header=(f"{branch_name}{TITLE}（续）", ""))
    doc.add_title()
    doc.add_meta_line(f"党组织：{branch_name}", f"制表日期：{format_date_cn(today)}")
    summary = f"共 {len(listings)} 个党小组，编入党小组的党员 {members} 人"
    if unassigned:
        summary += f"，未编入党小组 {len(unassigned)} 人"
    doc.add_line(summary + "。")
    tables = [_group_rows(g, mask) for g in listings]
    unassigned_rows = [_member_row(n, m, "", mask) for n, m in enumerate(unassigned, start=1)]
    all_rows = [row for rows in tables for row in rows] + unassigned_rows  # tables line up

    def closing() -> None:        # the last table's: never alone on a last page
        doc.add_spacer(2)
        doc.add_signatures(["填表人", "填表日期", "党组织（盖章）"], line_mm=30)

    parts = [(g.name, _group_lines(g), rows) for g, rows in zip(listings, tables)]
    if unassigned:
        parts.append(("未编入党小组的党员", [f"共 {len(unassigned)} 人，请安排编入党小组。"], unassigned_rows))
    for index, (heading, lines, rows) in enumerate(parts):
        last = index == len(parts) - 1
        if rows:
            doc.add_table_under(heading, lines, COLUMNS, rows, fit_rows=all_rows, closing=closing if last else None)
        else:
            doc.add_heading(heading)
            for line in lines:
                doc.add_line(line)
            doc.add_line("（这个党小组现在没有党员。）")
            if last:
                closing()
    return doc.render(progress)
