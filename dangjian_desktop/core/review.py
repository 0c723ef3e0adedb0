"""民主评议党员 (DOMAIN.md): a year's review — who takes part, the ballots' tally per member, the
grades decided by the 支委会 / 支部大会 with the cap on 优秀 and the reasons a 不合格 needs.

The cap counts against everyone *to be graded* in the year (by default the full members),
never against those graded so far: 10 to be graded allow 3 优秀 whatever order they are graded in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core import settings
from dangjian_desktop.core.changes import by_id, named, rows_of
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.membership import on_roster_where
from dangjian_desktop.core.vocab import FULL_MEMBER
from dangjian_desktop.db.models import Activity, Member, Review, ReviewEntry
from dangjian_desktop.errors import UserError

GRADES = ("优秀", "合格", "基本合格", "不合格")
VOTE_FIELDS = {"优秀": "excellent", "合格": "qualified", "基本合格": "basic", "不合格": "unqualified"}
REVIEW_KINDS = ("member_review", "life_meeting")      # the meeting a review is held at


@dataclass(frozen=True)
class ReviewRow:
    member_id: int
    name: str
    category: str
    graded: bool                # to be graded (False: takes part only)
    votes: dict[str, int]
    grade: str | None
    reason: str
    graded_on: dt.date | None

    @property
    def ballots(self) -> int:
        return sum(self.votes.values())

    def as_json(self) -> dict[str, object]:
        return {"member_id": self.member_id, "name": self.name, "votes": dict(self.votes), "grade": self.grade}


def excellent_cap(to_grade: int, one_in: int | None = None) -> int:
    """How many may be 优秀: at most 1/N (default 1/3) of those to be graded, rounded down."""
    one_in = one_in or settings.get("review_excellent_one_in")
    return to_grade // one_in


def review_of(year: int) -> Review | None:
    return Review.get_or_none(Review.year == year)


def _get(year: int) -> Review:
    review = review_of(year)
    if review is None:
        raise UserError(f"{year}年的民主评议还没有开始，请先点“开始民主评议”（命令行：review start {year}）。")
    return review


@named(lambda review, year, *_a, **_k: f"开始{year}年民主评议",
       creates=lambda review: [(Review, [review.id]), (ReviewEntry, [e.id for e in review.entries])])
def start(year: int, *, on: dt.date | None = None, activity_id: int | None = None) -> Review:
    """Open the year's review for the members on the roster on ``on`` (default today, or the
    year's end for a past year): full members to be graded, probationary ones taking part (graded when
    the branch's setting says so)."""
    today = dt.date.today()
    on = on or min(today, dt.date(year, 12, 31))
    if not 1950 <= year <= today.year + 1:
        raise UserError(f"{year}年不对，请核对年份。")
    if review_of(year) is not None:
        raise UserError(f"{year}年的民主评议已经开始了。")
    members = list(Member.select().where(on_roster_where(on)).order_by(Member.name_pinyin, Member.id))
    if not members:
        raise UserError("还没有在册党员，不能开始民主评议。")
    if activity_id is not None:
        _check_activity(activity_id, year)
    review = Review.create(year=year, opened_on=on, activity=activity_id)
    grade_probationary = settings.get("review_grade_probationary")
    for order, m in enumerate(members):
        full = m.category == FULL_MEMBER and (m.full_member_on is None or m.full_member_on <= on)
        ReviewEntry.create(review=review.id, member=m.id, graded=full or grade_probationary, sort_order=order)
    return review


def _check_activity(activity_id: int, year: int) -> None:
    meeting = Activity.get_or_none(Activity.id == activity_id)
    if meeting is None or meeting.kind not in REVIEW_KINDS:
        raise UserError("要关联的是一次民主评议党员会议或组织生活会。")
    if meeting.date.year != year:
        raise UserError(f"这次会议在{meeting.date.year}年，不是{year}年的。")


@named(lambda review, year, *_a, **_k: f"{year}年民主评议关联会议", scope=lambda year, *_a, **_k: [
    by_id(Review, [r.id for r in Review.select(Review.id).where(Review.year == year)])])
def link_meeting(year: int, activity_id: int | None, *, ballots: int | None = None) -> Review:
    review = _get(year)
    if activity_id is not None:
        _check_activity(activity_id, year)
    if ballots is not None and ballots < 0:
        raise UserError("收回的测评表张数不能是负数。")
    review.activity = activity_id
    review.ballots = ballots
    review.save()
    return review


def _entry(review: Review, member_id: int) -> ReviewEntry:
    entry = ReviewEntry.get_or_none((ReviewEntry.review == review.id) & (ReviewEntry.member == member_id))
    if entry is None:
        name = Member.get_or_none(Member.id == member_id)
        who = name.name if name else f"编号 {member_id} 的党员"
        raise UserError(f"{who}不在{review.year}年民主评议的名单里。")
    return entry


def _entry_scope(year, member_id, *_a, **_k):
    review = review_of(year)
    if review is None:
        return []
    return [rows_of(ReviewEntry, ReviewEntry.id, [e.id for e in ReviewEntry.select(ReviewEntry.id).where(
        (ReviewEntry.review == review.id) & (ReviewEntry.member == member_id))])]


def _name(member_id: int) -> str:
    member = Member.get_or_none(Member.id == member_id)
    return member.name if member else str(member_id)


@named(lambda entry, year, member_id, *_a, **_k: f"民主测评计票 {_name(member_id)}", scope=_entry_scope)
def tally(year: int, member_id: int, votes: dict[str, int]) -> ReviewEntry:
    """The ballots' count for one member: how many ticked each grade."""
    review = _get(year)
    entry = _entry(review, member_id)
    clean = {}
    for grade in GRADES:
        value = votes.get(grade, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise UserError(f"“{grade}”的票数要是 0 或正整数。")
        clean[grade] = value
    if review.ballots is not None and sum(clean.values()) > review.ballots:
        raise UserError(f"{_name(member_id)}一共 {sum(clean.values())} 票，比收回的测评表（{review.ballots} 张）还多，请核对。")
    for grade, value in clean.items():
        setattr(entry, VOTE_FIELDS[grade], value)
    entry.save()
    return entry


@named(lambda entry, year, member_id, grade, *_a, **_k: f"评定等次 {_name(member_id)}：{grade or '清除'}",
       scope=_entry_scope)
def grade(year: int, member_id: int, grade: str | None, *, reason: str = "", on: dt.date | None = None) -> ReviewEntry:
    """The grade decided for one member; None clears it. Refused: a grade not of the four, a
    member not to be graded, an 优秀 beyond the cap, a 不合格 without its reason."""
    review = _get(year)
    entry = _entry(review, member_id)
    name = _name(member_id)
    if grade is not None and grade not in GRADES:
        raise UserError(f"等次“{grade}”不对，只能是：{'、'.join(GRADES)}。")
    if grade is not None and not entry.graded:
        raise UserError(f"{name}是预备党员，参加评议，按支部规定不评定等次。")
    if grade == "不合格" and not reason.strip():
        raise UserError(f"评为不合格要写明{name}的问题和理由（以后还要限期改正或劝退、除名）。")
    if grade == "优秀" and entry.grade != "优秀":
        to_grade = ReviewEntry.select().where((ReviewEntry.review == review.id) & ReviewEntry.graded).count()
        cap = excellent_cap(to_grade)
        already = ReviewEntry.select().where((ReviewEntry.review == review.id) & (ReviewEntry.grade == "优秀")).count()
        if already >= cap:
            one_in = settings.get("review_excellent_one_in")
            raise UserError(f"优秀的不能超过参评人数的 1/{one_in}：本年参评 {to_grade} 人，最多评 {cap} 名优秀，"
                            f"已经评了 {already} 名。")
    entry.grade = grade
    entry.reason = reason.strip() if grade is not None else ""
    entry.graded_on = (on or dt.date.today()) if grade is not None else None
    entry.save()
    return entry


def review_rows(year: int) -> list[ReviewRow]:
    """The year's review member by member, in the order of the ballot (empty when not started)."""
    review = review_of(year)
    if review is None:
        return []
    rows = (ReviewEntry.select(ReviewEntry, Member).join(Member)
            .where(ReviewEntry.review == review.id).order_by(ReviewEntry.sort_order, ReviewEntry.id))
    return [ReviewRow(e.member_id, e.member.name, e.member.category, e.graded,
                      {g: getattr(e, VOTE_FIELDS[g]) for g in GRADES}, e.grade, e.reason, e.graded_on)
            for e in rows]


@dataclass(frozen=True)
class ReviewSummary:
    year: int
    taking_part: int
    to_grade: int
    cap: int
    counts: dict[str, int]          # grade -> how many so far
    ungraded: int

    @property
    def text(self) -> str:
        done = "，".join(f"{g} {n} 人" for g, n in self.counts.items() if n)
        return (f"{self.year}年参加评议 {self.taking_part} 人，评定等次 {self.to_grade} 人，优秀最多 {self.cap} 人"
                + (f"；已评：{done}" if done else "") + (f"；还有 {self.ungraded} 人没有评定" if self.ungraded else "")
                + "。")


def summary(year: int) -> ReviewSummary | None:
    rows = review_rows(year)
    if not rows:
        return None
    graded = [r for r in rows if r.graded]
    counts = {g: sum(1 for r in graded if r.grade == g) for g in GRADES}
    return ReviewSummary(year, len(rows), len(graded), excellent_cap(len(graded)), counts,
                         sum(1 for r in graded if r.grade is None))


def member_grades(member_id: int) -> list[tuple[int, str]]:
    """(year, grade) of a member's reviews, newest first — the member's record shows them."""
    rows = (ReviewEntry.select(ReviewEntry.grade, Review.year).join(Review)
            .where((ReviewEntry.member == member_id) & ReviewEntry.grade.is_null(False))
            .order_by(Review.year.desc()).tuples())
    return [(year, g) for g, year in rows]


def review_meetings(year: int) -> list[tuple[int, dt.date, str]]:
    """The year's 民主评议 and 组织生活会 meetings a review may be linked to."""
    return list(Activity.select(Activity.id, Activity.date, Activity.title)
                .where(Activity.kind.in_(REVIEW_KINDS) & (Activity.date >= dt.date(year, 1, 1))
                       & (Activity.date <= dt.date(year, 12, 31))).order_by(Activity.date).tuples())


def opened_text(review: Review) -> str:
    return f"{review.year}年民主评议于{format_date_cn(review.opened_on)}开始"
