"""The demo branch's 民主评议 of last year: the ballots' tally and the grades, within the cap."""

from __future__ import annotations

import datetime as dt
import random

from dangjian_desktop.core import review
from dangjian_desktop.errors import UserError


def add_demo_review(rng: random.Random, today: dt.date) -> int:
    year = today.year - 1
    day = dt.date(year, 12, 22)
    try:
        review.start(year, on=day)
    except UserError:          # a demo without members has no review
        return 0
    rows = review.review_rows(year)
    voters = len(rows)
    review.link_meeting(year, None, ballots=voters)
    tallies = {}
    for row in rows:
        excellent = rng.randrange(0, max(1, voters // 2))
        basic = rng.choice((0, 0, 0, 1))
        votes = {"优秀": excellent, "合格": voters - excellent - basic, "基本合格": basic, "不合格": 0}
        review.tally(year, row.member_id, votes)
        tallies[row.member_id] = votes
    graded = [r for r in rows if r.graded]
    best = sorted(graded, key=lambda r: -tallies[r.member_id]["优秀"])[:review.excellent_cap(len(graded))]
    for row in graded:
        review.grade(year, row.member_id, "优秀" if row in best else "合格", on=day)
    return len(graded)
