"""更正: correcting finalised minutes.

- :func:`begin_correction` first stores a snapshot of the finalised record (details,
  attendance, 列席, decisions) in the revision being corrected, then starts a new revision with
  a reason, copied from it; the activity can be edited again until the new revision is
  finalised. (Snapshots are taken only when needed: finalising stays instant for a large roll.)
- :func:`discard_correction` gives a correction up: the record returns to the last finalised
  revision, as its snapshot kept it.

Neither is on the undo history: each is its own deliberate step, with its own way back.
"""

from __future__ import annotations

import datetime as dt
import json

from dangjian_desktop.core import activities, links, minutes
from dangjian_desktop.core.activity_record import ActivityRecord, activity_record
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import Activity, ActivityGuest, Attendance, Decision, MinutesRevision, database_proxy
from dangjian_desktop.errors import UserError, ValidationError


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def in_progress(activity_id: int) -> bool:
    """A correction of finalised minutes is under way (its new revision is not finalised yet)."""
    revisions = minutes.revisions(activity_id)
    return bool(revisions) and revisions[-1].number > 1 and not revisions[-1].finalized


def begin_correction(activity_id: int, reason: str) -> minutes.RevisionInfo:
    """Start a correction of finalised minutes: a new revision, editable until finalised again."""
    activity = activities.get(activity_id)
    if activity.status != "finalized":
        raise UserError("只有已定稿的记录才需要更正；没定稿的记录可以直接修改。")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "请写明更正的原因，例如“记错了一名党员的请假原因”。"})
    last = minutes.latest_revision(activity_id)
    finalized = minutes.load_content(last)
    finalized["record"] = activity_record(activity_id, with_minutes=False).to_snapshot()
    data = dict(finalized)
    data.pop("record")
    with database_proxy.atomic():
        last.content = json.dumps(finalized, ensure_ascii=False)
        last.save()
        row = MinutesRevision.create(activity=activity_id, number=last.number + 1, reason=reason,
                                     content=json.dumps(data, ensure_ascii=False))
        Activity.update(status="held", updated_at=_now()).where(Activity.id == activity_id).execute()
    return minutes.revision_info(row)


def discard_correction(activity_id: int) -> None:
    """Give up a correction not yet finalised: the record returns to the last finalised revision."""
    activity = activities.get(activity_id)
    draft = minutes.latest_revision(activity_id)
    if activity.status != "held" or draft is None or draft.finalized_at is not None or draft.number == 1:
        raise UserError("现在没有正在进行的更正。")
    previous = (MinutesRevision.select().where((MinutesRevision.activity == activity_id)
                                               & (MinutesRevision.number < draft.number)
                                               & MinutesRevision.finalized_at.is_null(False))
                .order_by(MinutesRevision.number.desc()).first())
    snapshot = minutes.load_content(previous).get("record")
    if not snapshot:
        raise UserError("找不到上一稿定稿时的记录，无法放弃更正。")
    record = ActivityRecord.from_snapshot(snapshot)
    with database_proxy.atomic():
        Activity.update(
            title=record.title, date=record.date, start_time=record.start_time, end_time=record.end_time,
            place=record.place, topic=record.topic, chair=record.chair_id, recorder=record.recorder_id,
            lecturer=record.lecturer_id, lecturer_name=record.lecturer_name if record.lecturer_id is None else "",
            status="finalized", updated_at=_now(),
        ).where(Activity.id == activity_id).execute()
        Attendance.delete().where(Attendance.activity == activity_id).execute()
        bulk_insert(Attendance, (
            {"activity": activity_id, "member": a.member_id, "state": a.state, "reason": a.reason,
             "voting": a.voting, "excluded": a.excluded, "excluded_reason": a.excluded_reason, "sort_order": order}
            for order, a in enumerate(record.attendees)
        ))
        ActivityGuest.delete().where(ActivityGuest.activity == activity_id).execute()
        for order, g in enumerate(record.guests):
            ActivityGuest.create(activity=activity_id, name=g.name, role=g.role, sort_order=order)
        # a vote a recruit's step points at is written anew too: the step points at the new row
        old = list(Decision.select().where(Decision.activity == activity_id))
        linked = links.linked_decision_orders(old)
        links.detach_decisions([d.id for d in old])
        Decision.delete().where(Decision.activity == activity_id).execute()
        new_ids = {}
        for order, d in enumerate(record.decisions):
            new_ids[order] = Decision.create(activity=activity_id, text=d.text, method=d.method, votes_for=d.votes_for,
                                             votes_against=d.votes_against, votes_abstain=d.votes_abstain,
                                             passed=d.passed, sort_order=order).id
        links.relink_decisions(linked, new_ids)
        draft.delete_instance()
