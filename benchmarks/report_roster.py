"""党员花名册 for 1,000 members against a bare reportlab table, in one run on this machine.

Prints the median time to make the whole roster PDF (reading the members from SQLite, fitting
the columns, wrapping cells, title, repeated header, "第 x 页 共 y 页", signature lines)
divided by the median time of a bare reportlab ``Table`` with the same rows, the same font and
the same page size, built with ``SimpleDocTemplate`` (target <= 1.3: converting the same
roster from a formatted .xlsx with LibreOffice headless measures 1.55x that baseline).

Usage: python benchmarks/report_roster.py [--members 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 26)
TARGET = 1.3


def bare_table_pdf(rows: list[list[str]], font: str, size: float) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from dangjian_desktop.reports import page

    buffer = BytesIO()
    m = page.FORM_MARGINS         # the roster is a form: the same page and margins
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=m.left, rightMargin=m.right,
                            topMargin=m.top, bottomMargin=m.bottom)
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, size),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
    ]))
    doc.build([table])
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000, help="active members on the roster")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from dangjian_desktop.core.demo import generate_demo
    from dangjian_desktop.db.connection import open_database
    from dangjian_desktop.reports.fonts import report_fonts
    from dangjian_desktop.reports.page import SMALL_TABLE_SIZE
    from dangjian_desktop.reports.roster import COLUMNS, build_roster, roster_entries

    with tempfile.TemporaryDirectory() as folder:
        opened = open_database(Path(folder) / "bench.sqlite3")
        try:
            # The demo marks about one record in 20 as a former member: ask for enough records.
            records = args.members
            while records - max(1, records // 20) < args.members:
                records += 1
            generate_demo(records, seed=3, today=TODAY)
            entries = roster_entries()
            rows = [[c.label for c in COLUMNS]] + [e.cells(n) for n, e in enumerate(entries, start=1)]
            font = report_fonts().table
            build_roster(today=TODAY)            # warm up: fonts, imports, caches
            bare_table_pdf(rows, font, SMALL_TABLE_SIZE)
            ours, bare = [], []
            pages = bare_pages = 0
            for _ in range(args.runs):
                start = time.perf_counter()
                report = build_roster(today=TODAY)
                ours.append(time.perf_counter() - start)
                pages = report.pages
                start = time.perf_counter()
                pdf = bare_table_pdf(rows, font, SMALL_TABLE_SIZE)
                bare.append(time.perf_counter() - start)
                bare_pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
        finally:
            opened.close()

    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"members on the roster: {len(entries)}")
    print(f"roster (ours):   median {statistics.median(ours):.3f} s over {args.runs} runs, {pages} pages")
    print(f"bare Table:      median {statistics.median(bare):.3f} s over {args.runs} runs, ~{bare_pages} pages")
    print(f"ratio ours/bare: {ratio:.2f} (target <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
