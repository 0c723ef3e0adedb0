"""会议记录: one meeting's minutes with every field of DOMAIN.md, on portrait A4.

Order on the paper: the meeting (name and sequence, time, place, chair, recorder, lecturer,
topic), attendance (应到/实到, present, 列席, on leave and absent with reasons, those not
counted), then 一、会议议程 二、会议内容 三、发言情况 四、表决情况 五、主持人总结, the
revision note, and signature lines for chair and recorder.

Finalised minutes print as they were finalised (the live record is frozen at 定稿; an earlier
revision is printed from its snapshot). Minutes not yet finalised are a draft: the title says
"会议记录（草稿）", a large light "草稿" lies across every page, the header of every later page
says "草稿", and the last line says the record is not finalised — a draft cannot pass for the
record even as a single loose page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activity_record import ActivityRecord, AttendeeRecord
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.meeting import branch_name, load_record, meeting_name, meeting_time
from dangjian_desktop.reports.tables import Column
from dangjian_desktop.reports.text_setting import Keep

TITLE = "会议记录"
LIST_PRESENT_MAX = 40          # more present than this: 出席人员见签到表 (the sheet lists them)
DRAFT_MARK = "草稿"
CHINESE_NUMBERS = "一二三四五六七八九十"

DECISION_COLUMNS = (
    Column("序号"),
    Column("表决事项", align="LEFT", grow=1),
    Column("表决方式"),
    Column("赞成"),
    Column("反对"),
    Column("弃权"),
    Column("结果"),
)


def _names(people: list[AttendeeRecord]) -> list[str]:
    """张三、李四 … as pieces of which no name breaks across lines ("无" for nobody)."""
    return _listing([(a.name, "") for a in people])


def _names_with_reasons(people: list[AttendeeRecord], *, excluded: bool = False) -> list[str]:
    return _listing([(a.name, a.excluded_reason if excluded else a.reason) for a in people])


def _listing(items: list[tuple[str, str]]) -> list[str]:
    pieces: list[str] = []
    for index, (name, note) in enumerate(items):
        if index:
            pieces.append("、")
        pieces.append(Keep(name))
        if note:
            pieces.append(f"（{note}）")
    return pieces or ["无"]


def document_title(meeting_title: str, suffix: str = TITLE) -> str:
    """"2026年12月支部委员会会议" + "会议记录" reads "…会议记录", not "…会议会议记录"."""
    if suffix.startswith("会议") and meeting_title.endswith("会议"):
        return meeting_title + suffix[len("会议"):]
    return meeting_title + suffix


def is_draft(record: ActivityRecord) -> bool:
    return not record.finalized


def revision_note(record: ActivityRecord) -> str:
    """The last line: which revision this is and when it was finalised."""
    number = record.revision_number or 1
    label = f"第 {number} 稿" + (f"（更正原因：{record.revision_reason}）" if number > 1 and record.revision_reason else "")
    if record.finalized_at is None:
        return f"本记录为{label}，是草稿，尚未定稿，仅供核对。"
    return f"本记录为{label}，于{format_date_cn(record.finalized_at.date())}定稿。"


class _Numbered:
    """一、二、三 … for the headings actually printed."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, text: str) -> str:
        self.count += 1
        return f"{CHINESE_NUMBERS[self.count - 1]}、{text}"


def _attendance_fields(record: ActivityRecord) -> list[tuple[str, str]]:
    c = record.counts
    spec = kinds.KINDS.get(record.kind)
    voting = spec is not None and spec.quorum
    expected = f"{c.expected} 人" + (f"（其中有表决权的党员 {c.voting_expected} 人）" if voting else "")
    present = f"{c.present} 人" + (f"（其中有表决权的党员 {c.voting_present} 人）" if voting else "")
    fields = [("应到人数", expected), ("实到人数", present)]
    if c.unmarked:
        unmarked = [a for a in record.attendees if not a.state and not a.excluded]
        fields.append(("未登记", [f"{c.unmarked} 人的出席情况还没有登记："] + _names(unmarked)))
    if len(record.present) > LIST_PRESENT_MAX:
        fields.append(("出席人员", f"见签到表（共 {len(record.present)} 人）"))
    else:
        fields.append(("出席人员", _names(record.present)))
    if record.guests:
        fields.append(("列席人员", _listing([(g.name, g.role) for g in record.guests])))
    fields.append(("请假人员", _names_with_reasons(record.on_leave)))
    fields.append(("缺席人员", _names_with_reasons(record.absent)))
    if record.excluded:
        fields.append(("不计入应到人数", _names_with_reasons(record.excluded, excluded=True)))
    return fields


def _meeting_fields(record: ActivityRecord) -> list[tuple[str, str]]:
    fields = [("会议名称", meeting_name(record)), ("会议时间", meeting_time(record)),
              ("会议地点", record.place or "（未填写）")]
    if record.kind == "group_meeting" and record.group_name:
        fields.append(("党小组", record.group_name))
    fields.append(("主持人", record.chair_name or "（未填写）"))
    fields.append(("记录人", record.recorder_name or "（未填写）"))
    if record.kind == "party_lecture" or record.lecturer_name:
        fields.append(("主讲人", record.lecturer_name or "（未填写）"))
    if record.topic.strip():
        fields.append(("会议主题", record.topic.strip()))
    return fields


def add_minutes_content(doc: ReportDocument, record: ActivityRecord) -> _Numbered:
    """The body of the minutes up to the chair's summary; returns the heading numbers used."""
    doc.add_fields(_meeting_fields(record), hanging=True)
    doc.add_fields(_attendance_fields(record), hanging=True)
    if record.quorum is not None:
        doc.add_fields([("到会情况", record.quorum.describe())], hanging=True)

    number = _Numbered()
    minutes = record.minutes
    agenda = [a.strip() for a in (minutes.agenda if minutes else []) if a.strip()]
    if agenda:
        doc.add_heading(number("会议议程"), keep_mm=30)
        doc.add_numbered(agenda)

    doc.add_heading(number("会议内容"), keep_mm=30)
    sections = [s for s in (minutes.sections if minutes else []) if s.text.strip()]
    if sections:
        for index, section in enumerate(sections, start=1):
            label = f"（{CHINESE_NUMBERS[index - 1] if index <= 10 else index}）{section.title}"
            doc.add_subheading(label)
            doc.add_paragraph(section.text)
    else:
        doc.add_paragraph("（会议内容还没有填写。）")

    speeches = [s for s in (minutes.speeches if minutes else []) if s.text.strip()]
    if speeches:
        doc.add_heading(number("发言情况"), keep_mm=30)
        doc.add_fields([(f"{s.speaker}（不同意见）" if s.dissent else s.speaker or "与会党员", s.text.strip())
                        for s in speeches])

    spec = kinds.KINDS.get(record.kind)
    if record.decisions or (spec is not None and spec.decides):
        doc.add_heading(number("表决情况"), keep_mm=45)
        if record.decisions:
            rows = [[str(i), d.text, d.method, str(d.votes_for), str(d.votes_against), str(d.votes_abstain),
                     "通过" if d.passed else "未通过"] for i, d in enumerate(record.decisions, start=1)]
            doc.add_table(DECISION_COLUMNS, rows)
            doc.add_spacer(1.5)
            if record.quorum is not None:
                expected = record.quorum.voting_expected
                doc.add_line(f"赞成票超过应到会有表决权党员（{expected} 人）的半数，即不少于 "
                             f"{expected // 2 + 1} 票，为通过。")
        else:
            doc.add_paragraph("本次会议没有表决事项。")

    return number


def build_minutes(
    *,
    activity_id: int,
    revision_id: int | None = None,
    mask: bool = False,           # minutes carry no ID numbers or phones: nothing to mask
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    record = load_record(activity_id, revision_id)
    if record.status == "planned":
        return build_blank_minutes(record, progress=progress)
    draft = is_draft(record)
    branch = branch_name()
    header_right = f"{DRAFT_MARK}（未定稿）" if draft else ""
    doc = ReportDocument(
        document_title(record.title) + ("（草稿）" if draft else ""), author=branch, subject=TITLE,
        running_header=(f"{branch}　{record.title}　{TITLE}（续）", header_right),
        draft=draft,
    )
    doc.add_title(TITLE + ("（草稿）" if draft else ""))
    doc.add_subtitle(record.title)
    status = "草稿，尚未定稿" if draft else f"{format_date_cn(record.finalized_at.date())}定稿"
    doc.add_meta_line(f"党组织：{branch}" if branch else "党组织：", status)
    number = add_minutes_content(doc, record)
    with doc.ending():        # the signatures stay on a page with the end of the record
        if record.minutes and record.minutes.summary.strip():
            doc.add_heading(number("主持人总结"), keep_mm=30)
            doc.add_paragraph(record.minutes.summary)
        doc.add_spacer(4)
        doc.add_line(revision_note(record))
        doc.add_spacer(4)
        doc.add_signatures(["主持人（签字）", "记录人（签字）"])
    return doc.render(progress)


# --- the blank sheet written by hand during a planned meeting ---------------------------------

BLANK_LINE_MM = 9           # the ruled lines' pitch: room for handwriting
BLANK_TITLE = "会议记录（手写）"


def build_blank_minutes(record: ActivityRecord, *, progress=None) -> RenderedReport:
    """A 会议记录 sheet to write by hand during a meeting not yet held: the grid of 时间、地点、
    主持人、记录人、应到、实到 (what the plan knows filled in), then ruled lines over two pages
    for the proceedings, and the signature lines at the end of the lines."""
    branch = branch_name()
    doc = ReportDocument(document_title(record.title, BLANK_TITLE), author=branch, subject=TITLE, form=True,
                         running_header=(f"{branch}　{record.title}　{TITLE}（续）", ""))
    doc.add_title(TITLE)
    doc.add_subtitle(record.title)
    blank = "＿" * 3
    when = f"{meeting_time(record)}　{blank}时{blank}分至{blank}时{blank}分"
    grid = [
        ["会议名称", meeting_name(record), "", ""],
        ["时间", when, "", ""],
        ["地点", record.place, "会议主题", record.topic.strip()],
        ["主持人", record.chair_name, "记录人", record.recorder_name],
        ["应到人数", f"{record.counts.expected} 人", "实到人数", "人"],
        ["请假人员", "", "", ""],
        ["缺席人员", "", "", ""],
        ["列席人员", "", "", ""],
    ]
    doc.add_form_grid(grid, spans={0: 1, 1: 1, 5: 1, 6: 1, 7: 1}, tall_rows={5, 6, 7})
    doc.add_spacer(3)
    doc.add_line("会议内容及发言记录：")
    doc.add_ruled_lines(BLANK_LINE_MM, pages=2, reserve_mm=22)
    doc.add_spacer(4)
    doc.add_signatures(["主持人（签字）", "记录人（签字）"])
    return doc.render(progress)
