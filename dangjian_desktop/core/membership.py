"""Who is on the branch roster, and in which party group, on a given day: THE rule, once.

- On the roster: from admission (入党日期) or transfer in, whichever is later, until the day
  the member left (转出, 去世, 出党 …: ``status_on``). An active member has not left.
- In a group: a :class:`GroupMembership` row counts from its ``start_on`` up to the day before
  its ``end_on`` (a member moved on a day is in the new group that day); ``end_on`` null is
  the current group. Each active member has at most one current row.

Both forms of the rule are here and nowhere else: plain functions over loaded values
(:func:`roster_span`, :func:`in_group`) for code that loads the roster once and asks about many
days, and peewee conditions (:func:`on_roster_where`, :func:`in_group_where`) for queries;
tests/test_membership.py checks that the two agree. Everything that asks "which group is a
member in now" goes through :func:`current_where` and the helpers below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from peewee import JOIN, fn

from dangjian_desktop.core.vocab import ACTIVE
from dangjian_desktop.db.models import GroupMembership, Member, PartyGroup

CHUNK = 500           # ids per IN (...) list: older SQLite builds allow 999 variables
NO_GROUP_RANK = 10 ** 9


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- the roster on a day --------------------------------------------------------------------------

def roster_span(joined_on: dt.date | None, transferred_in_on: dt.date | None, status: str,
                status_on: dt.date | None) -> tuple[dt.date, dt.date]:
    """``(first day on the roster, first day no longer on it)``."""
    starts = [d for d in (joined_on, transferred_in_on) if d is not None]
    start = max(starts) if starts else dt.date.min
    end = dt.date.max if status == ACTIVE else (status_on or dt.date.min)
    return start, end


def on_roster(span: tuple[dt.date, dt.date], day: dt.date) -> bool:
    return span[0] <= day < span[1]


def on_roster_where(day: dt.date):
    """The members on the roster on ``day``, as a condition on :class:`Member`."""
    return (
        ((Member.status == ACTIVE) | (Member.status_on > day))
        & (Member.joined_on.is_null() | (Member.joined_on <= day))
        & (Member.transferred_in_on.is_null() | (Member.transferred_in_on <= day))
    )


# --- groups on a day ---------------------------------------------------------------------------------

def in_group(start_on: dt.date, end_on: dt.date | None, day: dt.date) -> bool:
    """A membership row that counts on ``day``."""
    return start_on <= day and (end_on is None or end_on > day)


def in_group_where(day: dt.date):
    """The membership rows that count on ``day``, as a condition on :class:`GroupMembership`."""
    return (GroupMembership.start_on <= day) & (GroupMembership.end_on.is_null() | (GroupMembership.end_on > day))


def current_where():
    """The current membership rows (the member's group now)."""
    return GroupMembership.end_on.is_null()


def group_ranks() -> dict[int, int]:
    """group id -> its place in the branch's group order (sort order, then id)."""
    rows = sorted(PartyGroup.select(PartyGroup.sort_order, PartyGroup.id).tuples())
    return {group_id: rank for rank, (_order, group_id) in enumerate(rows)}


def groups_on(member_ids: list[int], day: dt.date) -> dict[int, tuple[int, str]]:
    """Each member's group on ``day`` as (the group's rank in the group order, its name);
    members in no group are left out."""
    if not member_ids:
        return {}
    ranks = group_ranks()
    found: dict[int, tuple[int, str]] = {}
    for chunk in chunks(list(member_ids)):
        rows = (GroupMembership.select(GroupMembership.member, PartyGroup.id, PartyGroup.name)
                .join(PartyGroup, on=(GroupMembership.group == PartyGroup.id))
                .where(GroupMembership.member.in_(chunk) & in_group_where(day))
                .tuples())
        for member_id, group_id, name in rows:
            found[member_id] = (ranks.get(group_id, len(ranks)), name)
    return found


def groups_with_members_on(day: dt.date) -> list[int]:
    """Groups with at least one member on the roster on ``day``, in group order."""
    # Per group, the first such member is enough (EXISTS stops there): a 20,000-member branch
    # answers in a couple of milliseconds instead of reading every membership.
    member_in_it = (
        GroupMembership.select(GroupMembership.id)
        .join(Member, on=(Member.id == GroupMembership.member))
        .where((GroupMembership.group == PartyGroup.id) & in_group_where(day) & on_roster_where(day))
    )
    ranks = group_ranks()
    found = PartyGroup.select(PartyGroup.id).where(fn.EXISTS(member_in_it)).tuples()
    return sorted((g for (g,) in found), key=lambda g: (ranks.get(g, NO_GROUP_RANK), g))


# --- the current group ---------------------------------------------------------------------------------

def join_current_group(query):
    """``query`` (selecting from :class:`Member`) left-joined to each member's current group;
    select ``PartyGroup.name`` (or other PartyGroup columns) on the result."""
    current = (GroupMembership.select(GroupMembership.member, GroupMembership.group)
               .where(current_where()).alias("cur"))
    return (query.join(current, JOIN.LEFT_OUTER, on=(current.c.member_id == Member.id))
            .join(PartyGroup, JOIN.LEFT_OUTER, on=(PartyGroup.id == current.c.group_id)))


def current_group_ids(member_ids: Iterable[int] | None = None) -> dict[int, int]:
    """member id -> current group id (of every member, or of ``member_ids``)."""
    query = GroupMembership.select(GroupMembership.member, GroupMembership.group).where(current_where())
    if member_ids is None:
        return dict(query.tuples())
    found: dict[int, int] = {}
    for chunk in chunks(list(dict.fromkeys(member_ids))):
        found.update(query.where(GroupMembership.member.in_(chunk)).tuples())
    return found


def current_group_names() -> dict[int, str]:
    """member id -> the name of the member's current group, for every member in one."""
    return dict(GroupMembership.select(GroupMembership.member, PartyGroup.name)
                .join(PartyGroup).where(current_where()).tuples())


def current_group_name(member_id: int) -> str | None:
    row = (PartyGroup.select(PartyGroup.name).join(GroupMembership)
           .where((GroupMembership.member == member_id) & current_where()).first())
    return row.name if row else None


def current_members_by_group() -> dict[int, list[int]]:
    """group id -> current member ids, ordered by the members' pinyin."""
    query = (
        GroupMembership.select(GroupMembership.group, GroupMembership.member)
        .join(Member, on=(Member.id == GroupMembership.member))
        .where(current_where())
        .order_by(Member.name_pinyin, Member.id)
        .tuples()
    )
    result: dict[int, list[int]] = {}
    for group_id, member_id in query:
        result.setdefault(group_id, []).append(member_id)
    return result


def current_member_count(group_id: int) -> int:
    return GroupMembership.select().where((GroupMembership.group == group_id) & current_where()).count()


def unassigned_member_ids() -> list[int]:
    """Active members without a current group, ordered by pinyin."""
    placed = GroupMembership.select(GroupMembership.member).where(current_where())
    query = (Member.select(Member.id).where((Member.status == ACTIVE) & Member.id.not_in(placed))
             .order_by(Member.name_pinyin, Member.id).tuples())
    return [row[0] for row in query]
