"""Thinning of automatic backups: a pure function of dates."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.backup.rotation import KeepPolicy, backups_to_delete

NOW = dt.datetime(2026, 11, 26, 18, 0)  # a Thursday


def kept(dates, policy=KeepPolicy(), now=NOW):
    doomed = backups_to_delete(dates, lambda d: d, now, policy)
    return sorted(set(dates) - set(doomed)), doomed


def test_few_backups_are_all_kept():
    dates = [NOW - dt.timedelta(days=n * 40) for n in range(5)]
    assert kept(dates)[1] == []


def test_the_newest_few_are_kept_even_on_one_day():
    dates = [NOW - dt.timedelta(minutes=30 * n) for n in range(12)]
    keep, doomed = kept(dates, KeepPolicy(recent=8))
    assert keep == sorted(dates[:8])
    assert doomed == sorted(dates[8:])  # oldest first


def test_one_a_day_for_a_week_one_a_week_for_a_month_one_a_month_for_a_year():
    # Three backups a day (9:00, 12:00, 17:00) for two years.
    dates = []
    day = NOW.date()
    for n in range(730):
        d = day - dt.timedelta(days=n)
        for hour in (9, 12, 17):
            dates.append(dt.datetime(d.year, d.month, d.day, hour))
    keep, doomed = kept(dates, KeepPolicy(recent=0, daily=7, weekly=4, monthly=12))
    assert len(keep) + len(doomed) == len(dates)
    expected = set()
    # Daily: the 17:00 backup of today and the six days before.
    expected |= {dt.datetime.combine(day - dt.timedelta(days=n), dt.time(17)) for n in range(7)}
    # Weekly: the newest of this week (today 17:00) and the Sundays of the three weeks before.
    monday = day - dt.timedelta(days=day.weekday())
    expected |= {dt.datetime.combine(monday - dt.timedelta(days=1 + 7 * n), dt.time(17)) for n in range(3)}
    # Monthly: today, then the last day of each of the 11 months before, 17:00.
    first = day.replace(day=1)
    for _ in range(11):
        last_day = first - dt.timedelta(days=1)
        expected.add(dt.datetime.combine(last_day, dt.time(17)))
        first = last_day.replace(day=1)
    assert set(keep) == expected
    assert len(keep) == 7 + 3 + 11 - 1  # last Sunday (22nd) is also one of the seven daily ones


def test_backups_dated_in_the_future_are_never_deleted():
    future = NOW + dt.timedelta(days=400)
    dates = [future] + [NOW - dt.timedelta(days=n) for n in range(100)]
    keep, _ = kept(dates, KeepPolicy(recent=0, daily=1, weekly=0, monthly=0))
    assert future in keep


def test_result_does_not_depend_on_input_order():
    dates = [NOW - dt.timedelta(hours=7 * n) for n in range(300)]
    a = kept(dates)[1]
    b = kept(list(reversed(dates)))[1]
    assert a == b and a  # something is thinned


def test_duplicate_dates_keep_one():
    same = NOW - dt.timedelta(days=100)
    items = [("a", same), ("b", same)]
    doomed = backups_to_delete(items, lambda item: item[1], NOW, KeepPolicy(recent=0))
    assert len(doomed) == 1
