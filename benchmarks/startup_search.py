"""Main window start-up, search latency and memory on a 20,000-member branch.

Prints, in one run on this machine:
  (a) start-up ratio: time from process start to the program's window on screen, divided by the
      same for a bare PySide6 QMainWindow with a QTableView (target <= 1.5). The program starts
      as a secretary starts it (``python -m dangjian_desktop``, no options, its data file in the
      user data directory) and says when its window's frame is painted ("shown"); the figure after
      it is the time until the 工作台 is filled ("ready"), against the same baseline;
  (b) keystroke -> filtered table on 20,000 members, median and worst, in ms (target <= 30 ms);
  (c) peak memory (max RSS) of the program process in MB (target <= 250 MB).

The program's modules are compiled to bytecode first, as ``pip install`` and the PyInstaller
bundle do (a source checkout run with PYTHONDONTWRITEBYTECODE would compile them at every start).

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
print("shown", flush=True)
"""

PROGRAM = r"""
import sys, time, json, resource, statistics
sys.path.insert(0, sys.argv[2])
from dangjian_desktop.ui.app import application      # the window in one step, for the search figures
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


def times_of(command: list[str], env: dict, marks: tuple[str, ...]) -> dict[str, float]:
    """Seconds from starting ``command`` to each line it prints that is one of ``marks``."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    seen = {}
    for line in proc.stdout:
        if line.strip() in marks:
            seen[line.strip()] = time.perf_counter() - start
    proc.wait()
    missing = [mark for mark in marks if mark not in seen]
    if missing:
        raise RuntimeError(f"the program never printed {missing} (exit code {proc.returncode})")
    return seen


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dangjian_desktop")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        # The secretary's start: no --db, the data file where the program keeps it by default.
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
               "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
               "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache")}
        env.pop("DANGJIAN_DB", None)
        db = home / "data" / "dangjian-desktop" / "dangjian.sqlite3"
        subprocess.run([sys.executable, "-m", "dangjian_desktop", "demo", "--members", str(args.members),
                        "--seed", "1"], check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        if not db.exists():
            raise RuntimeError(f"the demo data are not where the program keeps them: {db}")
        ini = str(home / "ui.ini")
        start = [sys.executable, "-m", "dangjian_desktop"]
        base, shown, ready = [], [], []
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            base.append(times_of([sys.executable, "-c", BASELINE], env, ("shown",))["shown"])
            ours = times_of(start, {**env, "DANGJIAN_START_TIMES": "1"}, ("shown", "ready"))
            shown.append(ours["shown"])
            ready.append(ours["ready"])
        out = subprocess.run([sys.executable, "-c", PROGRAM, str(db), str(ROOT), ini, "search"],
                             capture_output=True, text=True, env=env, check=True).stdout
        search = json.loads(out.strip().splitlines()[-1])
    b, s, r = (statistics.median(x) for x in (base, shown, ready))
    print(f"members: {args.members}")
    print(f"(a) start-up: bare QMainWindow+table {b:.3f} s, 党支部工作台 window shown {s:.3f} s, "
          f"ratio {s / b:.2f} (target <= 1.5); 工作台 filled {r:.3f} s, ratio {r / b:.2f}")
    print(f"(b) keystroke -> filtered table: median {search['median_ms']:.1f} ms, worst {search['worst_ms']:.1f} ms (target <= 30 ms)")
    print(f"(c) peak memory: {search['rss_mb']:.0f} MB (target <= 250 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
