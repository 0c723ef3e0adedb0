"""Roster import of a 5,000-row .xlsx against openpyxl alone scanning the same file.

Prints, in one run on this machine:
  (a) the import ratio: median time of the whole import (read with python-calamine, find the
      header, normalise and validate every row with validate_member, match existing members,
      insert in one transaction into a fresh SQLite file) divided by the median time openpyxl
      needs only to scan the same file in read-only mode (target <= 1.3);
  (b) the reader ratio: openpyxl read-only scan / python-calamine read of the same file (why
      calamine was chosen);
  (c) the GUI's time to show the preview: choosing the file until the column mapping is shown,
      and pressing 检查 until the check report (a dry run of the real import) is shown.

The sheet is the one a secretary would have: title and info rows, the 5,000 members of a
demo branch written by the roster export (32 columns, real dates, ID numbers as text).

Usage: python benchmarks/roster_import.py [--members 5000] [--runs 3] [--no-gui]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 26)
TARGET = 1.3


def make_sheet(folder: Path, members: int) -> Path:
    from dangjian_desktop.core.demo import generate_demo
    from dangjian_desktop.core.roster_export import export_roster
    from dangjian_desktop.db.connection import open_database

    with open_database(folder / "source.sqlite3"):
        generate_demo(members, seed=11, today=TODAY)
        return export_roster(folder / "花名册.xlsx", today=TODAY).path


def openpyxl_scan(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return count


def calamine_read(path: Path) -> int:
    from dangjian_desktop.core.roster_read import read_sheets

    return len(read_sheets(path, reader="calamine")[0].rows)


def import_once(path: Path, folder: Path, run: int) -> float:
    from dangjian_desktop.core.roster_import import import_roster
    from dangjian_desktop.db.connection import open_database

    with open_database(folder / f"target-{run}.sqlite3"):
        start = time.perf_counter()
        report = import_roster(path, today=TODAY)
        elapsed = time.perf_counter() - start
    assert report.committed and not report.invalid, report.to_json()["invalid"][:3]
    return elapsed


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def gui_preview(path: Path, folder: Path) -> tuple[float, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop

    from dangjian_desktop.db.connection import open_database
    from dangjian_desktop.ui.app import application
    from dangjian_desktop.ui.roster_import_dialog import PAGE_CHECK, PAGE_COLUMNS, RosterImportDialog
    from dangjian_desktop.ui.theme import apply_font_size

    app = application()
    apply_font_size(app, "normal")

    def wait(condition) -> None:
        while not condition():
            app.processEvents(QEventLoop.AllEvents, 20)
            time.sleep(0.002)

    with open_database(folder / "gui.sqlite3"):
        dialog = RosterImportDialog(today=TODAY)
        dialog.show()
        start = time.perf_counter()
        dialog.choose_file(path)
        wait(lambda: dialog.stack.currentIndex() == PAGE_COLUMNS and not dialog.busy)
        app.processEvents()
        columns = time.perf_counter() - start
        start = time.perf_counter()
        dialog.go_next()
        wait(lambda: dialog.stack.currentIndex() == PAGE_CHECK and not dialog.busy)
        app.processEvents()
        check = time.perf_counter() - start
        assert dialog.preview.imported > 0
        dialog.close()
    return columns, check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI preview timing")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_sheet(folder, args.members)
        rows = openpyxl_scan(path)
        assert rows == args.members + 3 == calamine_read(path)

        baseline, imports, calamine = [], [], []
        for run in range(args.runs):           # interleaved, so both see the same machine state
            baseline.append(timed(openpyxl_scan, path))
            calamine.append(timed(calamine_read, path))
            imports.append(import_once(path, folder, run))
        base = statistics.median(baseline)
        imp = statistics.median(imports)
        cal = statistics.median(calamine)
        ratio = imp / base
        print(f"sheet: {args.members} members x 32 columns, {path.stat().st_size / 1024:.0f} KiB")
        print(f"openpyxl read-only scan (baseline): {base * 1000:.0f} ms")
        print(f"python-calamine read:               {cal * 1000:.0f} ms  (openpyxl/calamine = {base / cal:.1f}x)")
        print(f"whole import into SQLite:           {imp * 1000:.0f} ms")
        print(f"import ratio (import / openpyxl scan) = {ratio:.2f}  (target <= {TARGET})  "
              f"{'OK' if ratio <= TARGET else 'OVER TARGET'}")
        if not args.no_gui:
            columns, check = gui_preview(path, folder)
            print(f"GUI: file chosen -> column mapping shown: {columns * 1000:.0f} ms")
            print(f"GUI: 检查 pressed -> check report shown (dry run of the import): {check * 1000:.0f} ms")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
