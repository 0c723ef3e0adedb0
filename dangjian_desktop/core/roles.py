"""Who may vote, lead a party group or sit on the branch committee, and when a branch needs a
committee (DOMAIN.md: only full members vote; a probationary member votes on nothing, cannot be
elected and leads nothing; a branch with 7 or more full members has a committee).

The widgets that offer people for these roles ask here; the core operations that save a
leader or a committee seat check here; nothing else filters by category for a role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core.vocab import ACTIVE, FULL_MEMBER, is_full, status_words
from dangjian_desktop.db.models import CommitteePost, Member

# 《中国共产党支部工作条例（试行）》: a branch with 7 or more full members sets up a committee.
COMMITTEE_REQUIRED_FROM = 7


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


def has_committee() -> bool:
    """The branch has a committee (at least one seat held by a roster member)."""
    return CommitteePost.select().where(CommitteePost.member.is_null(False)).exists()
