"""Branch activities: add, edit, hold, delete — the activity itself.

An activity is *planned* until it is recorded as held; then its expected attendees are fixed
as attendance rows (so later roster changes do not rewrite history) and each is marked
(core.attendance); matters are voted on (core.decisions); once its minutes are finalised
(core.minutes) the whole record is read-only and corrections go through a new revision.

Every change here is a named change (core.changes): an edit of a held meeting can be undone
until its record is finalised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.activity_roster import expected_members
from dangjian_desktop.core.changes import Scope, by_id, named, rows_of
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import (
    Activity,
    ActivityGuest,
    Attachment,
    Attendance,
    Decision,
    Member,
    MinutesRevision,
    PartyGroup,
)
from dangjian_desktop.errors import UserError, ValidationError

STATUS_LABELS = {"planned": "计划中", "held": "已召开", "finalized": "已定稿"}
# The longest texts an activity's fields take, in characters.
FIELD_MAX_LENGTH = {"title": 60, "place": 60, "topic": 500, "lecturer_name": 60, "note": 500}
FIELD_NAMES = {"title": "标题", "place": "地点", "topic": "主题", "lecturer_name": "外请主讲人", "note": "备注"}


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --- the activity itself ---------------------------------------------------------------------------

@dataclass
class ActivityInfo:
    """The editable details of an activity."""

    kind: str
    date: dt.date | None
    title: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    topic: str = ""
    chair_id: int | None = None
    recorder_id: int | None = None
    lecturer_id: int | None = None
    lecturer_name: str = ""
    group_id: int | None = None
    note: str = ""


_TIME = re.compile(r"^(\d{1,2})\s*[:：.点时]\s*(\d{1,2}|半)?\s*分?$|^(\d{1,2})$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９：", "0123456789:")


def parse_time(text: str) -> str:
    """"9:00", "9点30", "9点半", "０９：３０" -> "09:00"/"09:30"; "" stays ""; else ValueError."""
    raw = (text or "").translate(_FULLWIDTH).strip()
    if not raw:
        return ""
    match = _TIME.match(raw)
    if not match:
        raise ValueError(raw)
    hour = int(match.group(1) or match.group(3))
    minute = 30 if match.group(2) == "半" else int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(raw)
    return f"{hour:02d}:{minute:02d}"


def default_title(kind_key: str, day: dt.date, group_name: str = "", *,
                  rules: dict[str, kinds.FrequencyRule] | None = None) -> str:
    """2026年3月主题党日, 2026年第1季度支部党员大会, 2026年度组织生活会, 第一党小组2026年3月党小组会.
    ``rules`` (:func:`kinds.rules`, read once) for a caller naming many: else they are read here."""
    name = kinds.kind_name(kind_key)
    period = (rules or kinds.rules())[kind_key].period
    if period == "month":
        when = f"{day.year}年{day.month}月"
    elif period == "quarter":
        when = f"{day.year}年第{(day.month - 1) // 3 + 1}季度"
    elif period == "year":
        when = f"{day.year}年度"
    else:
        when = f"{day.year}年{day.month}月{day.day}日"
    return f"{group_name}{when}{name}"


def _validate(info: ActivityInfo) -> dict[str, object]:
    problems: dict[str, str] = {}
    if info.kind not in kinds.KINDS:
        problems["kind"] = "请选择活动类型。"
    if info.date is None:
        problems["date"] = "请填写活动日期。"
    elif not 1950 <= info.date.year <= 2100:
        problems["date"] = "活动日期的年份不对，请核对。"
    times = {}
    for key, label in (("start_time", "开始时间"), ("end_time", "结束时间")):
        try:
            times[key] = parse_time(getattr(info, key))
        except ValueError:
            problems[key] = f"{label}请写成 9:00 或 14:30 这样的形式。"
    if not problems.get("start_time") and not problems.get("end_time"):
        if times["start_time"] and times["end_time"] and times["end_time"] <= times["start_time"]:
            problems["end_time"] = "结束时间应在开始时间之后。"
    group_id = info.group_id
    if info.kind == "group_meeting":
        if group_id is None:
            problems["group"] = "党小组会请选择是哪个党小组。"
        elif PartyGroup.get_or_none(PartyGroup.id == group_id) is None:
            problems["group"] = "找不到这个党小组，请重新选择。"
    else:
        group_id = None
    for key, label in (("chair_id", "主持人"), ("recorder_id", "记录人"), ("lecturer_id", "主讲人")):
        value = getattr(info, key)
        if value is not None and Member.get_or_none(Member.id == value) is None:
            problems[key] = f"找不到选择的{label}，请重新选择。"
    title = " ".join(info.title.split())
    group_name = PartyGroup.get_by_id(group_id).name if group_id and "group" not in problems else ""
    for key, limit in FIELD_MAX_LENGTH.items():
        text = title if key == "title" else getattr(info, key).strip()
        automatic = (key == "title" and "kind" not in problems and info.date is not None
                     and text == default_title(info.kind, info.date, group_name))   # a long group's name
        if len(text) > limit and not automatic:
            problems[key] = f"{FIELD_NAMES[key]}太长了（{len(text)} 个字），请不超过 {limit} 个字。"
    if problems:
        raise ValidationError(problems)
    if not title:
        title = default_title(info.kind, info.date, group_name)
    return {
        "kind": info.kind,
        "date": info.date,
        "title": title,
        "start_time": times["start_time"],
        "end_time": times["end_time"],
        "place": info.place.strip(),
        "topic": info.topic.strip(),
        "chair": info.chair_id,
        "recorder": info.recorder_id,
        "lecturer": info.lecturer_id if info.kind == "party_lecture" else None,
        "lecturer_name": info.lecturer_name.strip() if info.kind == "party_lecture" and info.lecturer_id is None else "",
        "group": group_id,
        "note": info.note.strip(),
    }


def get(activity_id: int) -> Activity:
    activity = Activity.get_or_none(Activity.id == activity_id)
    if activity is None:
        raise UserError("这次活动已经不存在了，可能已被删除。")
    return activity


def info(activity_id: int) -> ActivityInfo:
    a = get(activity_id)
    return ActivityInfo(
        kind=a.kind, date=a.date, title=a.title, start_time=a.start_time, end_time=a.end_time,
        place=a.place, topic=a.topic, chair_id=a.chair_id, recorder_id=a.recorder_id,
        lecturer_id=a.lecturer_id, lecturer_name=a.lecturer_name, group_id=a.group_id, note=a.note,
    )


def check_editable(activity: Activity) -> None:
    if activity.status == "finalized":
        raise UserError(
            f"“{activity.title}”的记录已经定稿，不能再直接修改。如需更正，请点“更正记录”并写明原因。"
        )


def renumber(year: int, kind_key: str, group_id: int | None) -> None:
    """Set 第 n 次 of every activity of a kind (and group) in a year, in date order."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    query = Activity.select(Activity.id, Activity.sequence).where(
        (Activity.kind == kind_key) & (Activity.date >= start) & (Activity.date <= end)
    )
    query = query.where(Activity.group.is_null() if group_id is None else (Activity.group == group_id))
    for number, row in enumerate(query.order_by(Activity.date, Activity.start_time, Activity.id), start=1):
        if row.sequence != number:
            Activity.update(sequence=number).where(Activity.id == row.id).execute()



# --- what a change of an activity touches -------------------------------------------------------------

RECORD_TABLES = (Attendance, ActivityGuest, Decision, MinutesRevision)


def record_scope(activity_id: int) -> list[Scope]:
    """The activity's own rows: its details, attendance, 列席, decisions and minutes."""
    return [by_id(Activity, [activity_id])] + [rows_of(m, m.activity, [activity_id]) for m in RECORD_TABLES]


def siblings_scope(kind_key: str, day: dt.date | None, group_id: int | None) -> list[Scope]:
    """The activities whose 第 n 次 may change when one of them is added, moved or deleted."""
    if day is None or kind_key not in kinds.KINDS:
        return []
    where = ((Activity.kind == kind_key) & (Activity.date >= dt.date(day.year, 1, 1))
             & (Activity.date <= dt.date(day.year, 12, 31)))
    where &= Activity.group.is_null() if group_id is None else (Activity.group == group_id)
    return [Scope(Activity, where)]


def _siblings_of(activity_id: int) -> list[Scope]:
    activity = Activity.get_or_none(Activity.id == activity_id)
    return siblings_scope(activity.kind, activity.date, activity.group_id) if activity else []


def _finalised_revisions(activity_id: int | None) -> int:
    return MinutesRevision.select().where(
        (MinutesRevision.activity == activity_id) & MinutesRevision.finalized_at.is_null(False)).count()


def editable_guard(activity_id: int | None, *_args, **_kwargs) -> Callable[[], None]:
    """Undoing (or redoing) an edit of an activity is refused once its record was finalised —
    also when a correction has opened it again since (the edit belonged to the earlier draft)."""
    finalised_before = _finalised_revisions(activity_id)

    def check() -> None:
        activity = Activity.get_or_none(Activity.id == activity_id)
        if activity is None:
            return
        if activity.status == "finalized" or _finalised_revisions(activity_id) != finalised_before:
            raise UserError(f"“{activity.title}”的记录在这之后定稿过，定稿以前的修改不能再撤销。"
                            "如需更正，请点“更正记录”并写明原因。")
    return check


def _titled(verb: str):
    return lambda activity, *_args, **_kwargs: f"{verb}“{activity.title}”"


# --- adding, editing, deleting ------------------------------------------------------------------------------

def _create_scope(info: ActivityInfo, **_kwargs) -> list[Scope]:
    return siblings_scope(info.kind, info.date, info.group_id if info.kind == "group_meeting" else None)


@named(_titled("新增活动"), scope=_create_scope, creates=lambda activity: [(Activity, [activity.id])])
def create(info: ActivityInfo, *, plan_key: str | None = None) -> Activity:
    """Add a planned activity."""
    values = _validate(info)
    activity = Activity.create(**values, status="planned", plan_key=plan_key)
    renumber(activity.date.year, activity.kind, activity.group_id)
    return Activity.get_by_id(activity.id)


def _update_scope(activity_id: int, info: ActivityInfo, **_kwargs) -> list[Scope]:
    return [by_id(Activity, [activity_id]), *_siblings_of(activity_id), *_create_scope(info)]


@named(_titled("修改活动"), scope=_update_scope, guard=editable_guard)
def update(activity_id: int, info: ActivityInfo, *, today: dt.date | None = None) -> Activity:
    """Save edited details; kind and group are fixed once attendance is recorded."""
    today = today or dt.date.today()
    activity = get(activity_id)
    check_editable(activity)
    values = _validate(info)
    if activity.status != "planned" and (values["kind"] != activity.kind or values["group"] != activity.group_id):
        raise UserError("这次活动已经登记了出席情况，不能再改活动类型或党小组。如确实选错了，请删除后重新新增。")
    if activity.status != "planned" and values["date"] > today:
        raise UserError("已召开的活动，日期不能在今天之后。")
    old = (activity.date.year, activity.kind, activity.group_id)
    for key, value in values.items():
        setattr(activity, key, value)
    activity.updated_at = _now()
    activity.save()
    renumber(*old)
    renumber(activity.date.year, activity.kind, activity.group_id)
    return Activity.get_by_id(activity.id)


def _delete_scope(activity_id: int, **_kwargs) -> list[Scope]:
    return [*record_scope(activity_id), rows_of(Attachment, Attachment.activity, [activity_id]),
            *_siblings_of(activity_id)]


@named(_titled("删除活动"), scope=_delete_scope)
def delete(activity_id: int) -> Activity:
    """Remove an activity and what was recorded for it; finalised records are kept. Returns the
    removed activity (as it was)."""
    activity = get(activity_id)
    if activity.status == "finalized" or MinutesRevision.select().where(
        (MinutesRevision.activity == activity_id) & MinutesRevision.finalized_at.is_null(False)
    ).exists():
        raise UserError(f"“{activity.title}”的记录已经定稿，定稿的记录要留档，不能删除。")
    from dangjian_desktop.core.links import meeting_links

    held_by = meeting_links(activity_id)
    if held_by:
        raise UserError(f"“{activity.title}”已经记在{held_by}里，不能删除。")
    for model in (*RECORD_TABLES, Attachment):
        model.delete().where(model.activity == activity_id).execute()
    activity.delete_instance()
    renumber(activity.date.year, activity.kind, activity.group_id)
    return activity


# --- held or not ---------------------------------------------------------------------------------------

def _held_scope(activity_id: int, **_kwargs) -> list[Scope]:
    return [by_id(Activity, [activity_id]), rows_of(Attendance, Attendance.activity, [activity_id])]


@named(lambda activity, *_a, **_k: f"记录“{activity.title}”已召开", scope=_held_scope, guard=editable_guard)
def mark_held(activity_id: int, *, today: dt.date | None = None) -> Activity:
    """Record that a planned activity took place: fix its expected attendees as rows to mark."""
    today = today or dt.date.today()
    activity = get(activity_id)
    if activity.status != "planned":
        return activity
    if activity.date > today:
        raise UserError(
            f"“{activity.title}”定在 {activity.date:%Y年%m月%d日}，还没到日子。"
            "如果提前开了，请先把活动日期改成实际开会的日子。"
        )
    expected = expected_members(activity.kind, activity.date, activity.group_id)
    bulk_insert(Attendance, (
        {"activity": activity.id, "member": e.member_id, "state": "", "reason": "", "voting": e.voting,
         "excluded": e.excluded, "excluded_reason": e.excluded_reason, "sort_order": i}
        for i, e in enumerate(expected)
    ))
    activity.status = "held"
    activity.updated_at = _now()
    activity.save()
    return activity


@named(lambda activity, *_a, **_k: f"把“{activity.title}”改回计划中", scope=_held_scope, guard=editable_guard)
def unmark_held(activity_id: int) -> Activity:
    """Back to planned (recorded by mistake): only while nothing but unmarked rows exists."""
    activity = get(activity_id)
    check_editable(activity)
    if activity.status != "held":
        return activity
    recorded = (
        Attendance.select().where((Attendance.activity == activity_id) & (Attendance.state != "")).exists()
        or Decision.select().where(Decision.activity == activity_id).exists()
        or MinutesRevision.select().where(MinutesRevision.activity == activity_id).exists()
    )
    if recorded:
        raise UserError("这次活动已经登记了出席、表决或会议记录，不能改回“计划中”。")
    Attendance.delete().where(Attendance.activity == activity_id).execute()
    activity.status = "planned"
    activity.save()
    return activity


def held_for_recording(activity_id: int) -> Activity:
    """The activity, when attendance and votes may be recorded for it (held, not finalised)."""
    activity = get(activity_id)
    check_editable(activity)
    if activity.status == "planned":
        raise UserError("请先点“记录开会情况”，再登记出席和表决。")
    return activity
