"""What else in the records points at a meeting or one of its votes: a recruit's 支部大会 step
(发展党员) or a year's 民主评议. A meeting or vote something points at is not deleted; the user
is told in words what holds it."""

from __future__ import annotations

from dangjian_desktop.db.models import Recruit, RecruitEvent, Review


def meeting_links(activity_id: int) -> str | None:
    """A sentence naming what points at the meeting, or None."""
    names = [r.name for r in Recruit.select(Recruit.name).join(RecruitEvent)
             .where(RecruitEvent.activity == activity_id).distinct()]
    years = [r.year for r in Review.select(Review.year).where(Review.activity == activity_id)]
    parts = []
    if names:
        parts.append(f"{'、'.join(names)}的发展党员记录")
    if years:
        parts.append(f"{'、'.join(str(y) for y in years)}年的民主评议")
    return "、".join(parts) or None


def decision_links(decision_ids) -> str | None:
    ids = list(decision_ids)
    if not ids:
        return None
    names = [r.name for r in Recruit.select(Recruit.name).join(RecruitEvent)
             .where(RecruitEvent.decision.in_(ids)).distinct()]
    return f"{'、'.join(names)}的发展党员记录" if names else None


def linked_decision_orders(decisions) -> dict[int, list[int]]:
    """Place (0, 1, …) of a meeting's linked votes in their order -> the recruit steps that point at
    them (to point them at the same vote again when the meeting's votes are written anew)."""
    order_of = {d.id: place for place, d in enumerate(sorted(decisions, key=lambda d: (d.sort_order, d.id)))}
    found: dict[int, list[int]] = {}
    for event in RecruitEvent.select(RecruitEvent.id, RecruitEvent.decision).where(
            RecruitEvent.decision.in_(list(order_of))):
        found.setdefault(order_of[event.decision_id], []).append(event.id)
    return found


def relink_decisions(found: dict[int, list[int]], new_ids_by_order: dict[int, int]) -> None:
    for order, event_ids in found.items():
        RecruitEvent.update(decision=new_ids_by_order.get(order)).where(RecruitEvent.id.in_(event_ids)).execute()


def detach_decisions(decision_ids) -> None:
    """Before a meeting's votes are written anew: the steps let go of the old rows first."""
    ids = list(decision_ids)
    if ids:
        RecruitEvent.update(decision=None).where(RecruitEvent.decision.in_(ids)).execute()
