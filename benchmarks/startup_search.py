"""Main window start-up, search latency and memory on a 20,000-member branch.

Prints, in one run on this machine:
  (a) start-up ratio: time from process start to the main window shown on a 20,000-member
      database, divided by the same for a bare PySide6 QMainWindow with a QTableView
      (target <= 1.5);
  (b) keystroke -> filtered table on 20,000 members, median and worst, in ms (target <= 30 ms);
  (c) peak memory (max RSS) of the program process in MB (target <= 250 MB).

Usage: python benchmarks/startup_search.py [--members 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = r"""
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
from PySide6.QtGui import QStandardItemModel
app = QApplication(sys.argv)
w = QMainWindow(); view = QTableView(w); view.setModel(QStandardItemModel(0, 9, w)); w.setCentralWidget(view)
w.resize(1366, 768); w.show(); app.processEvents()
print("SHOWN")
"""

PROGRAM = r"""
import sys, time, json, resource, statistics
sys.path.insert(0, sys.argv[2])
from dangjian_desktop.ui.app import application      # first, as `dangjian-desktop gui` starts
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from dangjian_desktop.ui.theme import apply_font_size
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.ui.settings import UiSettings
from dangjian_desktop.ui.main_window import MainWindow
app = application()
settings = UiSettings(QSettings(sys.argv[3], QSettings.IniFormat))
apply_font_size(app, settings.font_size)
opened = open_database(sys.argv[1])
w = MainWindow(opened, settings)
w.resize(1366, 768); w.show(); app.processEvents()
print("SHOWN", flush=True)
if len(sys.argv) > 4:
    w.show_page("members"); app.processEvents()
    page = w.members_page
    page.search.setFocus()
    times = []
    for text in ("w", "wj", "wjg", "13", "135", "1358", "王", "li", "4943"):
        page.search.clear(); app.processEvents()
        for ch in text:
            start = time.perf_counter()
            if ch.isascii():
                QTest.keyClick(page.search, ch)
            else:
                page.search.insert(ch)
            page.table.viewport().repaint()
            times.append((time.perf_counter() - start) * 1000)
    for _ in range(3):
        start = time.perf_counter()
        QTest.keyClick(page.search, Qt.Key_Backspace)
        page.table.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"median_ms": statistics.median(times), "worst_ms": max(times), "rss_mb": rss_kb / 1024}))
opened.close()
"""


def time_until_shown(code: str, args: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, env=env, text=True)
    for line in proc.stdout:
        if line.startswith("SHOWN"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError("window never shown")
    proc.stdout.read()
    proc.wait()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        ini = str(Path(tmp) / "ui.ini")
        subprocess.run([sys.executable, "-m", "dangjian_desktop", "--db", str(db), "demo",
                        "--members", str(args.members), "--seed", "1"], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        base, ours = [], []
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            base.append(time_until_shown(BASELINE, []))
            ours.append(time_until_shown(PROGRAM, [str(db), str(ROOT), ini]))
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run([sys.executable, "-c", PROGRAM, str(db), str(ROOT), ini, "search"],
                             capture_output=True, text=True, env=env, check=True).stdout
        search = json.loads(out.strip().splitlines()[-1])
    b, o = statistics.median(base), statistics.median(ours)
    print(f"members: {args.members}")
    print(f"(a) start-up: bare QMainWindow+table {b:.3f} s, 党支部工作台 {o:.3f} s, ratio {o / b:.2f} (target <= 1.5)")
    print(f"(b) keystroke -> filtered table: median {search['median_ms']:.1f} ms, worst {search['worst_ms']:.1f} ms (target <= 30 ms)")
    print(f"(c) peak memory: {search['rss_mb']:.0f} MB (target <= 250 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
