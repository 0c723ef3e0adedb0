"""What a real branch sees: every page switch and the main dialogs, on 50 and 500 members.

For each branch size, in one process on this machine: the time from clicking a page in the side
bar to the page drawn (first visit, when it is built, and a later visit), and from asking for a
dialog to it drawn (member form, meeting window, party-group dialog, USB-backup dialog, annual
plan dialog). Each is the median of a few runs; the target is 100 ms for every one. A bare
QDialog with a form of ten fields, drawn the same way in the same process, is printed as the
baseline.

Usage: python benchmarks/page_switch.py [--members 50 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100

PROGRAM = r"""
import statistics, sys, time
sys.path.insert(0, sys.argv[2])
from dangjian_desktop.ui.app import application
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import Activity, PartyGroup
from dangjian_desktop.ui.main_window import MainWindow, PAGES
from dangjian_desktop.ui.settings import UiSettings

runs = int(sys.argv[4])
app = application()
opened = open_database(sys.argv[1])
window = MainWindow(opened, UiSettings(QSettings(sys.argv[3], QSettings.IniFormat)))
window.resize(1366, 768); window.show(); app.processEvents()

from dangjian_desktop.ui import worker

def settle():
    # work a page left running (the 报表 page making its document) finishes before the next
    # figure is taken: each figure is the cost of its own page or dialog
    while worker._RUNNING:
        app.processEvents(); time.sleep(0.005)
    app.processEvents()

def ms(action):
    settle()
    start = time.perf_counter(); widget = action(); app.processEvents()
    if widget is not None:
        widget.repaint(); app.processEvents()
    took = (time.perf_counter() - start) * 1000
    if isinstance(widget, QDialog):
        widget.reject(); widget.deleteLater(); app.processEvents()
    return took

def bare():
    dialog = QDialog(window); form = QFormLayout(dialog)
    for n in range(10):
        form.addRow(f"第 {n} 项", QLineEdit(dialog))
    dialog.show(); return dialog

rows = {"基准：十个输入框的对话框": statistics.median(ms(bare) for _ in range(runs))}
for key, label, *_ in PAGES:
    if key == "home":
        continue
    rows[f"页面 {label}（第一次）"] = ms(lambda k=key: (window.show_page(k), window.current_page())[1])
    window.show_page("home"); app.processEvents()
    rows[f"页面 {label}（以后）"] = statistics.median(
        ms(lambda k=key: (window.show_page(k), window.current_page())[1]) for _ in range(runs))
    window.show_page("home"); app.processEvents()

from dangjian_desktop.ui.activity_editor import ActivityEditor
from dangjian_desktop.ui.activity_plan_dialog import PlanDialog
from dangjian_desktop.ui.backup_dialogs import BackupTargetDialog
from dangjian_desktop.ui.member_form import MemberForm
held = Activity.select().where(Activity.status.in_(["held", "finalized"])).order_by(Activity.id.desc()).first()
member_id = window.members_page.model.member_id(0)

def show(make):
    def action():
        dialog = make(); dialog.show(); return dialog
    return action

groups = window.groups_page
group_id = PartyGroup.select().first().id
dialogs = {
    "党员表单（修改）": show(lambda: MemberForm(window, member_id)),
    "会议窗口（开过的会）": show(lambda: ActivityEditor(held.id, window, undo_stack=window.undo_stack)),
    "备份到U盘对话框": show(lambda: BackupTargetDialog(window, drives=[])),
    "年度计划对话框": show(lambda: PlanDialog(None, window, undo_stack=window.undo_stack)),
}
for name, action in dialogs.items():
    rows[name] = statistics.median(ms(action) for _ in range(runs))
for name, value in rows.items():
    print(f"{value:8.1f}\t{name}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "DANGJIAN_FONT_DIRS": os.environ.get("DANGJIAN_FONT_DIRS", "")}
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for members in args.members:
            db = Path(folder) / f"branch-{members}.sqlite3"
            subprocess.run([sys.executable, "-m", "dangjian_desktop", "--db", str(db), "demo",
                            "--members", str(members), "--seed", "1"], check=True, cwd=ROOT, env=env,
                           capture_output=True)
            done = subprocess.run([sys.executable, "-c", PROGRAM, str(db), str(ROOT), str(Path(folder) / "ui.ini"),
                                   str(args.runs)], capture_output=True, text=True, env=env, cwd=ROOT)
            if done.returncode != 0:
                sys.stderr.write(done.stderr)
                return 1
            print(f"--- {members} members (ms) ---")
            for line in done.stdout.splitlines():
                value, name = line.split("\t", 1)
                print(f"{float(value):8.1f}  {name}")
                if not name.startswith("基准"):
                    worst = max(worst, float(value))
    print(f"slowest: {worst:.0f} ms (target <= {TARGET_MS} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
