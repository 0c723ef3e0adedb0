"""Quorum and vote rules of a 支部党员大会 (and of a 支委会, with its own members).

- A meeting can decide when more than half of the members with voting rights who should
  attend are present. Only full members (正式党员) vote; probationary members attend and speak.
- A resolution passes with the votes *for* of more than half of the voting members who should
  attend (应到会有表决权的党员), not merely of those present.
- Members excluded from the count by rule (流动党员 away, long illness …) are not among those who
  should attend — unless they came, in which case they count like everyone else.

Pure functions over counts, so every boundary is testable without a database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quorum:
    voting_expected: int     # 应到会有表决权的党员
    voting_present: int      # 实到会有表决权的党员
    needed: int              # the smallest number present that is more than half
    met: bool

    def describe(self) -> str:
        """One plain sentence for the screen and the minutes."""
        head = f"有表决权的党员应到 {self.voting_expected} 人，实到 {self.voting_present} 人"
        if self.voting_expected == 0:
            return "没有应到会的有表决权党员，会议不能作出决定。"
        if self.met:
            return f"{head}，超过半数，可以开会表决。"
        short = "只到一半，没有超过半数" if 2 * self.voting_present == self.voting_expected else "不到半数"
        return f"{head}，{short}（至少需要 {self.needed} 人），不能作出决定。"


def more_than_half(count: int, of: int) -> bool:
    """``count`` is more than half of ``of`` (exact integer arithmetic: 3 of 6 is not)."""
    return of > 0 and 2 * count > of


def needed_for_majority(of: int) -> int:
    return of // 2 + 1


def quorum(voting_expected: int, voting_present: int) -> Quorum:
    return Quorum(
        voting_expected=voting_expected,
        voting_present=voting_present,
        needed=needed_for_majority(voting_expected),
        met=more_than_half(voting_present, voting_expected),
    )


def decision_passes(votes_for: int, voting_expected: int, voting_present: int) -> bool:
    """Passed: the meeting had its quorum and more than half of those who should attend voted for."""
    return quorum(voting_expected, voting_present).met and more_than_half(votes_for, voting_expected)


def vote_problems(votes_for: int, votes_against: int, votes_abstain: int, voting_present: int) -> dict[str, str]:
    """Reasons the vote counts cannot be right (empty when they can)."""
    problems: dict[str, str] = {}
    for key, label, value in (
        ("votes_for", "赞成", votes_for),
        ("votes_against", "反对", votes_against),
        ("votes_abstain", "弃权", votes_abstain),
    ):
        if value is None or value < 0:
            problems[key] = f"{label}票数不能是负数。"
    if problems:
        return problems
    total = votes_for + votes_against + votes_abstain
    if total > voting_present:
        problems["votes"] = (
            f"赞成、反对、弃权合计 {total} 票，超过了到会的有表决权党员 {voting_present} 人，请核对。"
            "（预备党员没有表决权。）"
        )
    return problems
