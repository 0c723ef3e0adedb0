"""签到表: a meeting's sign-in sheet, printed before the meeting and signed in ink.

Every expected attendee (by the activity's kind: all members, the committee, one group, or
the people chosen for a 谈心谈话) with 序号, 姓名, a blank 签名 cell, 请假/缺席原因 and 备注, in
rows at least 9 mm tall to sign in; more than ten people sit two to a row, so a sheet
for n people takes at most ⌈n/22⌉ pages. At all-member meetings the names are grouped by
party group (as people sit and as the roster is kept), so each finds their name quickly; a
page that starts inside a group says so in its running header. Rows for 列席 guests follow,
and a line for the counts. The header has the meeting's topic, place and chair and asks for
the member's own signature.

Before the meeting the reason and count cells are blank for the recorder's pen; once the
meeting is recorded as held, what was recorded fills them (a reprint matches the record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activity_record import ActivityRecord, AttendeeRecord
from dangjian_desktop.core.membership import groups_on
from dangjian_desktop.core.vocab import PROBATIONARY
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.meeting import branch_name, load_record, meeting_time
from dangjian_desktop.reports.tables import Column, Section

TITLE = "签到表"
ROW_HEIGHT_MM = 10          # room to sign by hand
MIN_ROW_HEIGHT_MM = 9       # never less, even when a last page's rows are pulled back
FONT_SIZE = 14              # 四号: people look for their own name
BLANK = "＿＿＿＿"
HOUR_BLANK = "＿＿时＿＿分"
GUEST_ROWS = 2              # blank rows for 列席 guests not known in advance
OPEN_ROWS = 12              # blank rows when the participants are chosen at the meeting
ONE_COLUMN_MAX = 10         # more people than this: two to a row (one page holds ~12 rows with the header)
PLEASE_SIGN = "请本人签名，不要代签；请假、缺席的，由记录人在备注中写明原因。"

COLUMNS = (
    Column("序号"),
    Column("姓名", min_mm=22),
    Column("签名", width_mm=46),
    Column("请假/缺席原因", align="LEFT", grow=1, min_mm=28),
    Column("备注", align="LEFT", grow=1, min_mm=24),
)
HALF = (
    Column("序号"),
    Column("姓名", min_mm=18),
    Column("签名", width_mm=30),
    Column("备注", align="LEFT", grow=1, min_mm=14),
)
TWO_COLUMNS = HALF + HALF
# Kinds whose meetings superiors or others often sit in on (列席): blank rows for them.
GUEST_KINDS = {"party_congress", "committee", "party_lecture", "theme_day", "life_meeting", "member_review",
               "practice"}

NO_GROUP = "未编入党小组"


def _note(record: ActivityRecord, a: AttendeeRecord) -> str:
    notes = []
    spec = kinds.KINDS.get(record.kind)
    if spec is not None and spec.decides and not a.voting:
        notes.append("预备党员，无表决权" if a.category == PROBATIONARY else "无表决权")
    if a.excluded:
        notes.append(a.excluded_reason or "不计入应到人数")
    elif a.flow and record.status == "planned":
        notes.append("流动党员")        # away: may ask for leave or take part online
    return "；".join(notes)


def _reason(record: ActivityRecord, a: AttendeeRecord) -> str:
    """What was recorded once the meeting was held (blank before)."""
    if record.status == "planned" or a.state not in ("请假", "缺席"):
        return ""
    return f"{a.state}：{a.reason}" if a.reason else a.state


def _grouped(record: ActivityRecord) -> list[tuple[str | None, list[AttendeeRecord]]]:
    """The attendees by party group at an all-member meeting (as people sit and as the roster
    is kept), else one list: [(group name or None, attendees)]."""
    attendees = list(record.attendees)
    spec = kinds.KINDS.get(record.kind)
    by_group = spec is not None and spec.audience == kinds.AUDIENCE_MEMBERS
    groups = groups_on([a.member_id for a in attendees], record.date) if by_group else {}
    if len({name for _rank, name in groups.values()}) < 2:
        return [(None, attendees)]
    no_group = (len(groups) + 1, NO_GROUP)           # members in no group come last
    attendees.sort(key=lambda a: groups.get(a.member_id, no_group)[0])   # stable: order kept within a group
    out: list[tuple[str | None, list[AttendeeRecord]]] = []
    for a in attendees:
        name = groups.get(a.member_id, no_group)[1]
        if not out or out[-1][0] != name:
            out.append((name, []))
        out[-1][1].append(a)
    return out


def two_up(record: ActivityRecord) -> bool:
    """Two people to a row: more than fit one column on one page."""
    return len(record.attendees) > ONE_COLUMN_MAX


def signin_rows(record: ActivityRecord) -> list:
    """Table rows: attendees (grouped by party group at all-member meetings), then guests; two
    people to a row when there are many (:func:`two_up`)."""
    pair = two_up(record)
    rows: list = []
    number = 0
    for group, people in _grouped(record):
        if group is not None:
            rows.append(Section(group, keep_rows=2))
        cells = []
        for a in people:
            number += 1
            if pair:     # half a row: the reason and the note share one narrow cell
                note = "；".join(part for part in (_reason(record, a), _note(record, a)) if part)
                cells.append([str(number), a.name, "", note.replace("流动党员，外出在", "外出：")])
            else:
                cells.append([str(number), a.name, "", _reason(record, a), _note(record, a)])
        rows += _paired(cells) if pair else cells
    if not record.attendees:
        rows += [[str(n), "", "", "", ""] for n in range(1, OPEN_ROWS + 1)]
    planned = record.status == "planned"
    if record.guests or (planned and record.kind in GUEST_KINDS):
        blank = max(GUEST_ROWS - len(record.guests), 1) if planned else 0
        guests = [["", g.name, "", g.role] if pair else ["", g.name, "", "", g.role] for g in record.guests]
        guests += [["", "", "", ""] if pair else ["", "", "", "", ""] for _ in range(blank)]
        guest_rows = _paired(guests) if pair else guests
        rows.append(Section("列席人员", keep_rows=len(guest_rows)))
        rows += guest_rows
    return rows


def _paired(cells: list[list[str]]) -> list[list[str]]:
    """Half-rows two to a row: 1 | 2, 3 | 4 … (an odd one out leaves the right half blank)."""
    out = []
    for index in range(0, len(cells), 2):
        right = cells[index + 1] if index + 1 < len(cells) else [""] * len(cells[index])
        out.append(cells[index] + right)
    return out


def _counts_line(record: ActivityRecord) -> str:
    c = record.counts
    if record.status == "planned":
        return f"应到 {c.expected} 人，实到 {BLANK} 人，请假 {BLANK} 人，缺席 {BLANK} 人。"
    return f"应到 {c.expected} 人，实到 {c.present} 人，请假 {c.on_leave} 人，缺席 {c.absent} 人。"


def build_signin(
    *,
    activity_id: int,
    mask: bool = False,          # a sign-in sheet carries no ID numbers or phones
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    record = load_record(activity_id)
    branch = branch_name()
    doc = ReportDocument(f"{record.title}{TITLE}", author=branch, subject=TITLE, form=True,
                         running_header=(f"{branch}　{record.title}　{TITLE}（续）", ""))
    doc.add_title(TITLE)
    doc.add_subtitle(record.title)
    doc.add_meta_line(f"党组织：{branch}" if branch else "党组织：", f"应到：{record.counts.expected} 人")
    doc.add_meta_line(f"时间：{meeting_time(record)}" + ("" if record.start_time else HOUR_BLANK))
    doc.add_meta_line(f"地点：{record.place or BLANK * 2}", f"主持人：{record.chair_name or BLANK}")
    topic = record.topic.strip()
    doc.add_meta_line(f"会议主题：{topic or BLANK * 4}")
    doc.add_line(PLEASE_SIGN if record.attendees else "参加人员请在表中写上姓名，本人签名，不要代签。")

    def closing() -> None:
        doc.add_spacer(3)
        if any(a.excluded for a in record.attendees):
            doc.add_line("注：备注中写明外出的流动党员等，按规定不计入应到人数。")
        doc.add_line(_counts_line(record))
        doc.add_spacer(2)
        doc.add_signatures(["记录人（签字）", "核对人（签字）"])

    columns = TWO_COLUMNS if two_up(record) else COLUMNS
    doc.add_table(columns, signin_rows(record), font_size=FONT_SIZE, min_row_height_mm=ROW_HEIGHT_MM,
                  min_row_floor_mm=MIN_ROW_HEIGHT_MM, closing=closing)
    return doc.render(progress)
