"""Who should attend an activity on a given day: :class:`Roster` loads the roster, groups and
committee once to answer "who should attend on day X" for many days. The roster and group rules
themselves are core.membership's, the voting rule core.roles'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core.member_rules import known_destination
from dangjian_desktop.core.membership import (
    NO_GROUP_RANK,
    group_ranks,
    in_group,
    on_roster,
    roster_span,
)
from dangjian_desktop.core.roles import committee_seats, is_committee, voting_from
from dangjian_desktop.db.models import GroupMembership, Member

# --- who is expected -----------------------------------------------------------------------------

class Expected(NamedTuple):
    """An expected attendee before attendance is recorded."""

    member_id: int
    name: str
    category: str
    voting: bool
    excluded: bool = False
    excluded_reason: str = ""


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    name_pinyin: str
    category: str
    full_member_on: dt.date | None
    span: tuple[dt.date, dt.date]
    is_flow: bool
    flow_out_on: dt.date | None
    flow_destination: str
    votes_from: dt.date          # voting_from(category, full_member_on)
    away_from: dt.date           # a flow member away from this day (``date.max``: not away)

    def on_roster(self, day: dt.date) -> bool:
        return on_roster(self.span, day)


class Roster:
    """The roster, groups and committee loaded once, answering "who should attend on day X".

    THE rule of who is expected at an activity: all members on the roster that day; the
    committee seats held that day; the members of one group that day; or nobody by default
    (谈心谈话: the participants are added by hand). Flow members are excluded from the count at
    all-member activities while the branch rule says so. Sign-in order: by party group, then
    by pinyin.
    """

    def __init__(self) -> None:
        self.people: dict[int, _Person] = {}
        rows = Member.select(
            Member.id, Member.name, Member.name_pinyin, Member.category, Member.joined_on, Member.full_member_on,
            Member.transferred_in_on, Member.status, Member.status_on, Member.is_flow, Member.flow_out_on,
            Member.flow_destination,
        ).tuples()
        for (mid, name, pinyin, category, joined, full, transferred_in, status, status_on, is_flow, flow_out,
             flow_dest) in rows:
            away = (flow_out or dt.date.min) if is_flow else dt.date.max
            self.people[mid] = _Person(mid, name, pinyin, category, full,
                                       roster_span(joined, transferred_in, status, status_on),
                                       bool(is_flow), flow_out, flow_dest, voting_from(category, full), away)
        self.pinyin_order = sorted(self.people, key=lambda m: (self.people[m].name_pinyin, m))
        self.group_order = group_ranks()
        self.by_group: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
        self.by_member: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
        for m, g, start, end in GroupMembership.select(GroupMembership.member, GroupMembership.group,
                                                       GroupMembership.start_on, GroupMembership.end_on).tuples():
            self.by_group.setdefault(g, []).append((m, start, end))
            self.by_member.setdefault(m, []).append((g, start, end))
        # Most members have one open membership: their group rank is known without a search.
        self._simple_rank = {
            m: (self.group_order.get(rows[0][0], NO_GROUP_RANK), rows[0][1])
            for m, rows in self.by_member.items() if len(rows) == 1 and rows[0][2] is None
        }
        self.seats = committee_seats()
        self.posts: list[tuple[int, dt.date | None, dt.date | None]] = [
            (s.member_id, s.term_start, s.term_end) for s in self.seats if s.member_id is not None]
        self.exclude_flow = kinds.exclude_flow_members()
        self._expected: dict[tuple, list[Expected]] = {}

    def committee_ids(self, day: dt.date) -> list[int]:
        """Holders of committee seats on ``day``. Before the first recorded term began, the
        earliest recorded committee stands in (older terms are often not typed in)."""
        covering = [m for m, start, end in self.posts if (start is None or start <= day) and (end is None or end >= day)]
        if not covering:
            covering = [m for m, start, end in self.posts if end is None or end >= day]
        out: list[int] = []
        for member_id in covering:
            if member_id not in out:
                out.append(member_id)
        return out

    def has_committee(self) -> bool:
        return is_committee(self.seats)

    def group_ids(self, group_id: int, day: dt.date) -> list[int]:
        """Members of a group on ``day`` (a membership ends on the day the member left)."""
        return [m for m, start, end in self.by_group.get(group_id, ()) if in_group(start, end, day)]

    def groups_with_members(self, day: dt.date) -> list[int]:
        found = [g for g in self.by_group
                 if any(self.people[m].on_roster(day) for m in self.group_ids(g, day))]
        return sorted(found, key=lambda g: (self.group_order.get(g, NO_GROUP_RANK), g))

    def _group_rank(self, member_id: int, day: dt.date) -> int:
        simple = self._simple_rank.get(member_id)
        if simple is not None:
            return simple[0] if simple[1] <= day else NO_GROUP_RANK
        for g, start, end in self.by_member.get(member_id, ()):
            if in_group(start, end, day):
                return self.group_order.get(g, NO_GROUP_RANK)
        return NO_GROUP_RANK

    def _on_roster_in_order(self, ids, day: dt.date) -> list[int]:
        """``ids`` on the roster on ``day``, by group then pinyin (``ids`` in pinyin order)."""
        people = self.people
        present = [m for m in ids if on_roster(people[m].span, day)]
        present.sort(key=lambda m: self._group_rank(m, day))   # stable: pinyin order within a group
        return present

    def expected(self, kind_key: str, day: dt.date, group_id: int | None = None) -> list[Expected]:
        """Who should attend an activity of ``kind_key`` on ``day``, in sign-in order."""
        audience = kinds.kind(kind_key).audience
        key = (audience, day, group_id if audience == kinds.AUDIENCE_GROUP else None)
        if key not in self._expected:
            self._expected[key] = self._compute_expected(audience, day, group_id)
        return list(self._expected[key])

    def _compute_expected(self, audience: str, day: dt.date, group_id: int | None) -> list[Expected]:
        if audience == kinds.AUDIENCE_COMMITTEE:
            ids = [m for m in self.committee_ids(day) if m in self.people and self.people[m].on_roster(day)]
        elif audience == kinds.AUDIENCE_GROUP:
            if group_id is None:
                return []
            people = self.people
            ids = sorted((m for m in self.group_ids(group_id, day) if people[m].on_roster(day)),
                         key=lambda m: (people[m].name_pinyin, m))
        elif audience == kinds.AUDIENCE_MEMBERS:
            ids = self._on_roster_in_order(self.pinyin_order, day)
        else:
            return []
        exclude_flow = audience == kinds.AUDIENCE_MEMBERS and self.exclude_flow
        out = []
        people = self.people
        for member_id in ids:
            p = people[member_id]
            voting = p.votes_from <= day
            if exclude_flow and p.away_from <= day:
                known = known_destination(p.flow_destination)
                reason = f"流动党员，外出在{known}" if known else "流动党员，外出"
                out.append(Expected(member_id, p.name, p.category, voting, True, reason))
            else:
                out.append(Expected(member_id, p.name, p.category, voting))
        return out

    def expected_count(self, kind_key: str, day: dt.date, group_id: int | None = None) -> int:
        """应到 of a planned activity: the expected who are not excluded."""
        return sum(1 for e in self.expected(kind_key, day, group_id) if not e.excluded)


def expected_members(kind_key: str, day: dt.date, group_id: int | None = None) -> list[Expected]:
    """Who should attend an activity of ``kind_key`` on ``day`` (a group meeting: its group)."""
    return Roster().expected(kind_key, day, group_id)
