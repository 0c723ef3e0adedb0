"""Who may vote, lead a party group or sit on the branch committee, and when a branch needs a
committee (DOMAIN.md: only full members vote; a probationary member votes on nothing, cannot be
elected and leads nothing; a branch with 7 or more full members has a committee).

The widgets that offer people for these roles ask here; the core operations that save a
leader or a committee seat check here; nothing else filters by category for a role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from dangjian_desktop.core.vocab import ACTIVE, FULL_MEMBER, is_full, status_words
from dangjian_desktop.db.models import CommitteePost, Member, PartyGroup

# 《中国共产党支部工作条例（试行）》: a branch with 7 or more full members sets up a committee.
COMMITTEE_REQUIRED_FROM = 7
# A committee has 3 to 5 members; fewer seats held (a 书记 alone) is no committee: no 支委会.
COMMITTEE_MIN_SEATS = 3


@dataclass(frozen=True)
class MemberFacts:
    """What the role and group rules need to know about a member."""

    id: int
    name: str
    category: str          # 正式党员 / 预备党员
    status: str = ACTIVE
    is_flow: bool = False  # 流动党员 (still active)

    @property
    def is_full(self) -> bool:
        return is_full(self.category)

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE


def member_facts(member: Member) -> MemberFacts:
    return MemberFacts(member.id, member.name, member.category, member.status, bool(member.is_flow))


# --- voting ------------------------------------------------------------------------------------

def voting_from(category: str, full_member_on: dt.date | None) -> dt.date:
    """From which day a member votes: only full members, from the day they became full (转正) —
    a member who became full after a meeting did not vote at it. ``date.max``: never (yet)."""
    if not is_full(category):
        return dt.date.max
    return full_member_on or dt.date.min


def votes_on(member, day: dt.date) -> bool:
    """``member`` has ``category`` and ``full_member_on`` (a row or a record)."""
    return voting_from(member.category, member.full_member_on) <= day


# --- leading a party group ---------------------------------------------------------------------

def leader_problem(member: MemberFacts, *, deputy: bool = False) -> str | None:
    """Why ``member`` cannot be 党小组长 (or 副组长), or None."""
    role = "副组长" if deputy else "党小组长"
    if not member.is_active:
        return f"{member.name}已{status_words(member.status)}，不能担任{role}。"
    if not member.is_full:
        return f"{member.name}是预备党员，预备党员不能担任{role}。"
    return None


def may_lead(member: MemberFacts) -> bool:
    return leader_problem(member) is None


# --- the committee -------------------------------------------------------------------------------

def committee_problem(member: MemberFacts | None) -> str | None:
    """Why ``member`` cannot hold a committee seat (支委), or None."""
    if member is None:
        return "找不到这名党员。"
    if not member.is_active:
        return f"{member.name}已{status_words(member.status)}，不能担任支委。"
    if not member.is_full:
        return f"{member.name}是预备党员，预备党员不能当选支委。"
    return None


def committee_candidates() -> list[tuple[int, str]]:
    """(id, name) of the members who may hold a committee seat, in pinyin order."""
    return list(Member.select(Member.id, Member.name)
                .where((Member.status == ACTIVE) & (Member.category == FULL_MEMBER))
                .order_by(Member.name_pinyin, Member.id).tuples())


def full_member_count() -> int:
    return Member.select().where((Member.status == ACTIVE) & (Member.category == FULL_MEMBER)).count()


def committee_required(full_members: int) -> bool:
    return full_members >= COMMITTEE_REQUIRED_FROM


def committee_advice() -> str:
    """One plain sentence on whether the branch must have a committee (支部设置)."""
    full = full_member_count()
    if committee_required(full):
        return (f"本支部有正式党员 {full} 人，按规定应设立支部委员会（一般 3 至 5 人），村党支部每届任期 5 年。")
    return f"本支部有正式党员 {full} 人，不足 {COMMITTEE_REQUIRED_FROM} 人的可以不设支部委员会，只设书记。"


@dataclass(frozen=True)
class Seat:
    """A committee seat and who holds it: ``member_id`` a roster member, else only ``name``."""

    post: str
    member_id: int | None
    name: str
    term_start: dt.date | None
    term_end: dt.date | None


def committee_seats() -> list[Seat]:
    """Every committee seat in the branch's order. A seat typed as a name (the 书记 of the first
    start, entered before the roster) is held by the roster member of that name once the roster
    has exactly one active full member so named."""
    posts = list(CommitteePost.select(CommitteePost, Member.name.alias("member_name"))
                 .join(Member, on=(CommitteePost.member == Member.id), join_type=JOIN.LEFT_OUTER)
                 .order_by(CommitteePost.sort_order, CommitteePost.id).objects())
    names = {p.person_name.strip() for p in posts if p.member_id is None and p.person_name.strip()}
    by_name: dict[str, list[int]] = {}
    if names:
        for mid, name in (Member.select(Member.id, Member.name)
                          .where((Member.name.in_(list(names))) & (Member.status == ACTIVE)
                                 & (Member.category == FULL_MEMBER)).tuples()):
            by_name.setdefault(name, []).append(mid)
    seats = []
    for p in posts:
        member_id, name = p.member_id, p.member_name if p.member_id else p.person_name.strip()
        if member_id is None and len(by_name.get(name, ())) == 1:
            member_id = by_name[name][0]
        seats.append(Seat(p.post, member_id, name, p.term_start, p.term_end))
    return seats


def is_committee(seats: list[Seat]) -> bool:
    """THE rule of whether the branch has a committee: at least COMMITTEE_MIN_SEATS roster members
    hold seats. Committee meetings are planned, checked and printed in the plan only then."""
    return len({s.member_id for s in seats if s.member_id is not None}) >= COMMITTEE_MIN_SEATS


def has_committee() -> bool:
    return is_committee(committee_seats())


# --- who chairs a meeting by default -----------------------------------------------------------------

SECRETARY_CHAIRS = ("party_congress", "committee", "party_lecture")   # 党员大会, 支委会, 党课
SECRETARY = "书记"


def secretary_id(day: dt.date | None = None) -> int | None:
    """The roster member holding the 书记 seat on ``day`` (a seat without term dates always)."""
    day = day or dt.date.today()
    holders = [s for s in committee_seats() if s.post == SECRETARY and s.member_id is not None]
    current = [s for s in holders if (s.term_start is None or s.term_start <= day)
               and (s.term_end is None or s.term_end >= day)]
    chosen = current or holders
    return chosen[0].member_id if chosen else None


def default_chair(kind: str, day: dt.date | None = None, group_id: int | None = None) -> int | None:
    """主持人 of a new meeting unless the user picks another: the 书记 for 党员大会, 支委会 and 党课;
    the group's leader for a 党小组会; nobody for the rest."""
    if kind in SECRETARY_CHAIRS:
        return secretary_id(day)
    if kind == "group_meeting" and group_id is not None:
        group = PartyGroup.get_or_none(PartyGroup.id == group_id)
        leader = Member.get_or_none(Member.id == group.leader_id) if group and group.leader_id else None
        if leader is not None and may_lead(member_facts(leader)):
            return leader.id
    return None
