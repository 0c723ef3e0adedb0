"""支部工作手册 of a year for demo branches of 50 and 500 members, against the plain 党员花名册 in
the same run on this machine.

For each size: the seconds to make the whole book (cover, 目录 laid out twice, every part with
every meeting's minutes, joined into one PDF), its pages and size, and the ratio of the book's
time to the roster's. The book holds a year of meetings, so it is expected to take tens of
rosters; the issue asks for "seconds" at 50 members.

Usage: python benchmarks/handbook.py [--members 50 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 26)


def median_seconds(func, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from dangjian_desktop.core.activity_lists import list_activities
    from dangjian_desktop.core.demo import generate_demo
    from dangjian_desktop.db.connection import open_database
    from dangjian_desktop.reports.handbook import make_handbook
    from dangjian_desktop.reports.roster import build_roster

    for members in args.members:
        with tempfile.TemporaryDirectory() as folder:
            opened = open_database(Path(folder) / "bench.sqlite3")
            try:
                generate_demo(members, seed=7, today=TODAY)
                build_roster(today=TODAY)                        # fonts loaded before timing
                roster_s, roster = median_seconds(lambda: build_roster(today=TODAY), args.runs)
                book_s, book = median_seconds(lambda: make_handbook(year=2026, today=TODAY), args.runs)
                meetings = sum(1 for a in list_activities(2026) if a.status != "planned")
            finally:
                opened.close()
        report = book.report
        print(f"{members} members: book {report.pages} pages ({meetings} meetings, "
              f"{len(report.pdf) / 1e6:.1f} MB) in {book_s:.2f} s; roster {roster.pages} pages in {roster_s:.3f} s; "
              f"ratio {book_s / roster_s:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
