"""What a meeting's papers (会议记录, 签到表) share: finding the activity, its time in words and
the branch name.
"""

from __future__ import annotations

from dangjian_desktop.core.activity_record import ActivityRecord, record_for_printing
from dangjian_desktop.core.branch import branch_info
from dangjian_desktop.core.dates import format_date_cn, weekday_name


def load_record(activity_id: int, revision_id: int | None = None) -> ActivityRecord:
    """The activity as it stands (or one revision of its minutes as it was finalised)."""
    return record_for_printing(activity_id, revision_id)


def branch_name() -> str:
    info = branch_info()
    return info.name if info else ""


def short_time(text: str) -> str:
    """09:00 -> 9:00 (the form people write)."""
    if len(text) == 5 and text[0] == "0" and text[2] == ":":
        return text[1:]
    return text


def meeting_time(record: ActivityRecord) -> str:
    """2026年1月10日（星期六）9:00—11:00; the date alone when no time was recorded."""
    text = f"{format_date_cn(record.date)}（{weekday_name(record.date)}）"
    start, end = short_time(record.start_time), short_time(record.end_time)
    if start and end:
        text += f"{start}—{end}"
    elif start:
        text += start
    return text


def meeting_name(record: ActivityRecord) -> str:
    """The title, with its place in the year when that is not already the title:
    2026年第1季度支部党员大会（2026年第1次支部党员大会）, 第一党小组2026年3月党小组会（本组2026年第3次）."""
    if record.kind == "group_meeting" and record.sequence:
        return f"{record.title}（本组{record.date.year}年第{record.sequence}次）"
    heading = record.heading
    if heading and heading != record.title:
        return f"{record.title}（{heading}）"
    return record.title
