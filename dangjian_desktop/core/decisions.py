"""Matters voted on at a 支部党员大会 or 支委会 (表决事项): the votes, and whether each passed —
worked out by the rules of core.quorum from the attendance, never typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from dangjian_desktop.core import activities
from dangjian_desktop.core import quorum as quorum_rules
from dangjian_desktop.core.attendance import counts
from dangjian_desktop.core.changes import named, rows_of
from dangjian_desktop.db.models import Decision
from dangjian_desktop.errors import UserError, ValidationError


def _scope(activity_id: int, *_args, **_kwargs) -> list:
    return [rows_of(Decision, Decision.activity, [activity_id])]


def _activity_of(decision_id: int) -> int | None:
    row = Decision.get_or_none(Decision.id == decision_id)
    return row.activity_id if row else None


@dataclass
class DecisionInfo:
    text: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    method: str = "举手表决"


@named(lambda row, *_a, **_k: f"记录表决“{row.text}”", scope=_scope, guard=activities.editable_guard)
def save_decision(activity_id: int, decision: DecisionInfo, decision_id: int | None = None) -> Decision:
    """Record a matter voted on; whether it passed is worked out by the rules (core.quorum)."""
    activity = activities.held_for_recording(activity_id)
    problems: dict[str, str] = {}
    text = decision.text.strip()
    if not text:
        problems["text"] = "请填写表决的事项，例如“接收张三为预备党员”。"
    c = counts(activity_id)
    problems.update(quorum_rules.vote_problems(decision.votes_for, decision.votes_against,
                                               decision.votes_abstain, c.voting_present))
    if problems:
        raise ValidationError(problems)
    passed = quorum_rules.decision_passes(decision.votes_for, c.voting_expected, c.voting_present)
    if decision_id is None:
        last = Decision.select(fn.MAX(Decision.sort_order)).where(Decision.activity == activity.id).scalar()
        row = Decision(activity=activity.id, sort_order=(last or 0) + 1)
    else:
        row = Decision.get_or_none((Decision.id == decision_id) & (Decision.activity == activity.id))
        if row is None:
            raise UserError("这条表决事项已经不存在了。")
    row.text = text
    row.method = decision.method.strip() or "举手表决"
    row.votes_for = decision.votes_for
    row.votes_against = decision.votes_against
    row.votes_abstain = decision.votes_abstain
    row.passed = passed
    row.save()
    return row


@named(lambda row, *_a, **_k: f"删除表决事项“{row.text}”" if row else "删除表决事项",
       scope=lambda decision_id, **_k: _scope(_activity_of(decision_id)),
       guard=lambda decision_id, **_k: activities.editable_guard(_activity_of(decision_id)))
def remove_decision(decision_id: int) -> Decision | None:
    row = Decision.get_or_none(Decision.id == decision_id)
    if row is None:
        return None
    activities.held_for_recording(row.activity_id)
    from dangjian_desktop.core.links import decision_links

    held_by = decision_links([row.id])
    if held_by:
        raise UserError(f"表决事项“{row.text}”已经记在{held_by}里，不能删除；可以修改它的票数和结果。")
    row.delete_instance()
    return row


def decisions(activity_id: int) -> list[Decision]:
    return list(Decision.select().where(Decision.activity == activity_id).order_by(Decision.sort_order, Decision.id))


