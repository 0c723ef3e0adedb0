"""Which automatic backups to keep: a pure function of their dates (STYLE.md #6).

Kept are
- the ``recent`` newest backups, whatever their dates (so the copy made just before a restore
  or an import is never thinned away the same day);
- the newest backup of each of the last ``daily`` calendar days (today included);
- the newest backup of each of the last ``weekly`` weeks (Monday to Sunday, this week included);
- the newest backup of each of the last ``monthly`` calendar months (this month included);
- anything dated after ``now`` (a clock that was wrong must not cost a backup).
Everything else may be deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class KeepPolicy:
    recent: int = 8
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def _week_index(now: dt.date, day: dt.date) -> int:
    this_monday = now - dt.timedelta(days=now.weekday())
    that_monday = day - dt.timedelta(days=day.weekday())
    return (this_monday - that_monday).days // 7


def _month_index(now: dt.date, day: dt.date) -> int:
    return (now.year * 12 + now.month) - (day.year * 12 + day.month)


def backups_to_delete(
    items: Sequence[T],
    date_of: Callable[[T], dt.datetime],
    now: dt.datetime,
    policy: KeepPolicy = KeepPolicy(),
) -> list[T]:
    """The items that the policy does not keep, oldest first."""
    # Newest first; ties broken by original position so the result is deterministic.
    order = sorted(range(len(items)), key=lambda i: (date_of(items[i]), i), reverse=True)
    keep: set[int] = set(order[: policy.recent])
    today = now.date()
    seen_day: set[int] = set()
    seen_week: set[int] = set()
    seen_month: set[int] = set()
    for i in order:
        when = date_of(items[i])
        if when > now:
            keep.add(i)
            continue
        day = when.date()
        d = (today - day).days
        w = _week_index(today, day)
        m = _month_index(today, day)
        if d < policy.daily and d not in seen_day:
            seen_day.add(d)
            keep.add(i)
        if w < policy.weekly and w not in seen_week:
            seen_week.add(w)
            keep.add(i)
        if m < policy.monthly and m not in seen_month:
            seen_month.add(m)
            keep.add(i)
    doomed = [i for i in order if i not in keep]
    return [items[i] for i in reversed(doomed)]
