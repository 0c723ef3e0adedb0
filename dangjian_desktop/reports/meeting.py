"""What a meeting's papers (会议记录, 签到表) share: finding the activity, its time in words and
the branch name.
"""

from __future__ import annotations

from dangjian_desktop.core.activity_record import (
    ActivityRecord,
    activity_record,
    revision_record,
)
from dangjian_desktop.core.branch import branch_info
from dangjian_desktop.core.dates import format_date_cn, weekday_name
from dangjian_desktop.db.models import Activity, MinutesRevision
from dangjian_desktop.errors import UserError


def load_record(activity_id: int, revision_id: int | None = None) -> ActivityRecord:
    """The activity as it stands (or one revision of its minutes as it was finalised)."""
    try:
        activity_id = int(activity_id)
    except (TypeError, ValueError):
        raise UserError(f"活动编号“{activity_id}”不对，应当是一个数字。") from None
    if Activity.get_or_none(Activity.id == activity_id) is None:
        raise UserError(f"找不到编号为 {activity_id} 的活动，可能已被删除。可以在活动列表里查看活动的编号。")
    if revision_id is None:
        return activity_record(activity_id)
    revision = MinutesRevision.get_or_none(MinutesRevision.id == revision_id)
    if revision is None or revision.activity_id != activity_id:
        raise UserError("这一稿会议记录已经不存在了。")
    return revision_record(revision_id)


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
