"""Minutes (会议记录): templates per kind, drafts, 定稿, and corrections as new revisions.

- The minutes of an activity are a list of :class:`MinutesRevision` rows. The latest one is the
  current minutes; only a revision not yet finalised can be edited.
- 定稿 (:func:`finalize`) freezes the latest revision and makes the whole activity (details,
  attendance, 列席, decisions) read-only, so the live record *is* the finalised one.
- Corrections of finalised minutes are core.corrections'. Earlier revisions stay readable as
  they were (:func:`revision_content`, activity_record.revision_record).
- Saving a draft is a named change (core.changes), undone until the record is finalised.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field

from dangjian_desktop.core import activities, attendance
from dangjian_desktop.core.changes import named, rows_of
from dangjian_desktop.db.models import Activity, MinutesRevision, database_proxy
from dangjian_desktop.errors import UserError, ValidationError


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@dataclass
class Section:
    title: str
    text: str = ""
    hint: str = ""          # shown greyed in an empty editor, not printed


@dataclass
class Speech:
    speaker: str
    text: str
    member_id: int | None = None
    dissent: bool = False   # a dissenting view, kept as said


@dataclass
class MinutesContent:
    sections: list[Section] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)
    summary: str = ""       # 主持人总结

    def is_empty(self) -> bool:
        return not (any(s.text.strip() for s in self.sections) or any(a.strip() for a in self.agenda)
                    or any(s.text.strip() for s in self.speeches) or self.summary.strip())

    def to_dict(self) -> dict:
        return {
            "sections": [{"title": s.title, "text": s.text, "hint": s.hint} for s in self.sections],
            "agenda": list(self.agenda),
            "speeches": [asdict(s) for s in self.speeches],
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "MinutesContent":
        return cls(
            sections=[Section(str(s.get("title", "")), str(s.get("text", "")), str(s.get("hint", "")))
                      for s in data.get("sections", [])],
            agenda=[str(a) for a in data.get("agenda", [])],
            speeches=[Speech(str(s.get("speaker", "")), str(s.get("text", "")), s.get("member_id"),
                             bool(s.get("dissent", False))) for s in data.get("speeches", [])],
            summary=str(data.get("summary", "")),
        )


# Section titles and hints of each kind's minutes.
TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "party_congress": (
        ("传达学习", "传达学习的文件、讲话精神"),
        ("通报工作", "支部近期工作情况通报"),
        ("讨论审议", "讨论的事项和大家的意见"),
    ),
    "committee": (
        ("学习传达", "学习传达上级部署"),
        ("研究事项", "逐项写明研究的事项和意见"),
        ("工作安排", "下一步工作和分工"),
    ),
    "group_meeting": (
        ("学习内容", "本次学习的文件或内容"),
        ("党员汇报", "党员汇报思想、工作情况"),
        ("讨论交流", "讨论的问题和意见"),
    ),
    "party_lecture": (
        ("党课内容", "党课题目和主要内容"),
        ("学习讨论", "听课党员的讨论"),
        ("学习体会", "党员谈学习体会"),
    ),
    "theme_day": (
        ("重温入党誓词", "全体党员重温入党誓词"),
        ("集中学习", "学习的内容"),
        ("主题活动", "本次主题党日的活动内容"),
        ("交流发言", "党员交流发言"),
    ),
    "life_meeting": (
        ("学习", "会前学习的内容"),
        ("对照检查", "班子和党员个人对照检查的问题"),
        ("批评与自我批评", "逐一开展批评与自我批评"),
        ("整改措施", "查找问题的整改措施和时限"),
    ),
    "member_review": (
        ("学习动员", "学习有关规定，说明评议要求"),
        ("个人总结", "党员对照标准进行个人总结"),
        ("党员互评", "党员之间相互评议"),
        ("民主测评", "测评方式和结果"),
        ("评议结果", "优秀、合格、基本合格、不合格的人数和名单"),
    ),
    "talk": (
        ("谈话对象", "与哪些党员谈话，谈话人是谁"),
        ("谈话内容", "谈话的主要内容"),
        ("意见建议", "党员提出的意见和建议"),
        ("后续跟进", "需要跟进解决的事情"),
    ),
    "practice": (
        ("活动内容", "做了什么，在哪里"),
        ("参加情况", "参加的党员和群众"),
        ("活动成效", "办成了哪些事"),
    ),
}


def template(kind_key: str) -> MinutesContent:
    """An empty minutes of a kind, with its sections."""
    return MinutesContent(sections=[Section(t, "", h) for t, h in TEMPLATES.get(kind_key, TEMPLATES["practice"])])


@dataclass(frozen=True)
class RevisionInfo:
    id: int
    number: int
    reason: str
    created_at: dt.datetime
    finalized_at: dt.datetime | None

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None

    def describe(self) -> str:
        when = f"{self.finalized_at:%Y-%m-%d %H:%M} 定稿" if self.finalized else "草稿，还没定稿"
        label = "第 1 稿" if self.number == 1 else f"第 {self.number} 稿（更正：{self.reason}）"
        return f"{label}，{when}"


def revision_info(row: MinutesRevision) -> RevisionInfo:
    return RevisionInfo(row.id, row.number, row.reason, row.created_at, row.finalized_at)


def latest_revision(activity_id: int) -> MinutesRevision | None:
    return (MinutesRevision.select().where(MinutesRevision.activity == activity_id)
            .order_by(MinutesRevision.number.desc()).first())


def load_content(row: MinutesRevision) -> dict:
    try:
        data = json.loads(row.content or "{}")
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def revisions(activity_id: int) -> list[RevisionInfo]:
    """All revisions, oldest first."""
    return [revision_info(r) for r in MinutesRevision.select().where(MinutesRevision.activity == activity_id)
            .order_by(MinutesRevision.number)]


def current(activity_id: int) -> tuple[RevisionInfo | None, MinutesContent]:
    """The current minutes: the latest revision, or the kind's empty template if none yet."""
    activity = activities.get(activity_id)
    row = latest_revision(activity_id)
    if row is None:
        return None, template(activity.kind)
    content = MinutesContent.from_dict(load_content(row))
    # Keep the template's hints for sections the user has not renamed.
    hints = {s.title: s.hint for s in template(activity.kind).sections}
    for section in content.sections:
        if not section.hint:
            section.hint = hints.get(section.title, "")
    return revision_info(row), content


def revision_content(revision_id: int) -> MinutesContent:
    row = MinutesRevision.get_or_none(MinutesRevision.id == revision_id)
    if row is None:
        raise UserError("这一稿会议记录已经不存在了。")
    return MinutesContent.from_dict(load_content(row))


def revision_snapshot(revision_id: int) -> dict | None:
    """The record as it was when this revision was finalised, stored once a later correction
    began (None for the latest revision: the live record is that one)."""
    row = MinutesRevision.get_or_none(MinutesRevision.id == revision_id)
    if row is None:
        raise UserError("这一稿会议记录已经不存在了。")
    return load_content(row).get("record")


@named("保存会议记录", scope=lambda activity_id, *_a, **_k: [rows_of(MinutesRevision, MinutesRevision.activity,
                                                                       [activity_id])],
       guard=activities.editable_guard)
def save(activity_id: int, content: MinutesContent) -> RevisionInfo:
    """Save the draft minutes (the first save makes revision 1)."""
    activity = activities.get(activity_id)
    activities.check_editable(activity)
    if activity.status == "planned":
        raise UserError("请先点“记录开会情况”，再写会议记录。")
    row = latest_revision(activity_id)
    if row is None or row.finalized_at is not None:
        number = 1 if row is None else row.number + 1
        row = MinutesRevision(activity=activity_id, number=number)
    row.content = json.dumps(content.to_dict(), ensure_ascii=False)
    row.save()
    return revision_info(row)


def finalize_problems(activity_id: int, *, today: dt.date | None = None) -> list[str]:
    """What still has to be filled in before 定稿 (empty when it can be finalised)."""
    today = today or dt.date.today()
    activity = activities.get(activity_id)
    problems: list[str] = []
    if activity.status == "planned":
        return ["这次活动还没有记录为已召开。"]
    if activity.status == "finalized":
        return ["这次活动的记录已经定稿了。"]
    if activity.date > today:
        problems.append("活动日期在今天之后，请核对日期。")
    if activity.chair_id is None:
        problems.append("请填写主持人。")
    if activity.recorder_id is None:
        problems.append("请填写记录人。")
    rows = attendance.attendees(activity_id)
    unmarked = [r.name for r in rows if not r.state and not r.excluded]
    if unmarked:
        problems.append(f"还有 {len(unmarked)} 人没有登记出席情况：{_names(unmarked)}。")
    no_reason = [r.name for r in rows if r.state in (attendance.LEAVE, attendance.ABSENT) and not r.reason]
    if no_reason:
        problems.append(f"请假或缺席的党员请写明原因：{_names(no_reason)}。")
    row = latest_revision(activity_id)
    if row is None or MinutesContent.from_dict(load_content(row)).is_empty():
        problems.append("会议记录还没有写内容。")
    return problems


def _names(names: list[str]) -> str:
    return "、".join(names[:6]) + (f" 等 {len(names)} 人" if len(names) > 6 else "")


def finalize(activity_id: int, *, today: dt.date | None = None) -> RevisionInfo:
    """定稿: freeze the current minutes; the whole record is read-only from now. Not undoable:
    a finalised record is changed only by a correction with its reason (core.corrections)."""
    problems = finalize_problems(activity_id, today=today)
    if problems:
        raise ValidationError({f"p{i}": p for i, p in enumerate(problems)})
    with database_proxy.atomic():
        attendance.recount_decisions(activity_id)
        row = latest_revision(activity_id)
        row.finalized_at = _now()
        row.save()
        Activity.update(status="finalized", updated_at=_now()).where(Activity.id == activity_id).execute()
    return revision_info(row)
