import threading

from PySide6.QtWidgets import QWidget

from dangjian_desktop.errors import Cancelled
from dangjian_desktop.ui import worker


def test_closing_the_window_while_work_runs_does_not_kill_the_program(qtbot, opened):
    window = QWidget()
    release = threading.Event()
    results = []

    def work(progress):
        release.wait(10)
        progress(1, 2, "还在处理…")          # progress for a window that is gone
        return "完成"

    op = worker.run_with_progress(window, "正在处理", work, results.append)
    qtbot.waitUntil(lambda: op._thread.isRunning(), timeout=5000)
    window.deleteLater()                    # the user closes the window mid-way
    qtbot.wait(50)
    release.set()
    qtbot.waitUntil(lambda: op.finished, timeout=5000)
    qtbot.wait(20)
    # The work finished; its result is not handed to widgets that no longer exist.
    assert op.result == "完成"
    assert results == []
    assert op not in worker._RUNNING


def test_error_in_the_work_reaches_the_error_handler(qtbot, opened):
    window = QWidget()
    qtbot.addWidget(window)
    errors = []

    def fail(progress):
        raise worker.UserError("表格打不开。")

    op = worker.run_with_progress(window, "正在处理", fail, lambda result: None, on_error=errors.append)
    qtbot.waitUntil(lambda: op.finished, timeout=5000)
    assert [str(e) for e in errors] == ["表格打不开。"]


def test_abandoned_work_stops_at_its_first_progress_report(qtbot, opened):
    window = QWidget()
    qtbot.addWidget(window)
    ran, results, errors = [], [], []

    def work(progress):
        progress(0, 3, "第一页")
        ran.append(1)
        return "文件"

    op = worker.run_with_progress(window, "正在生成", work, results.append, on_error=errors.append)
    op.abandon()                       # replaced by a newer request (a report chosen meanwhile)
    qtbot.waitUntil(lambda: op.finished, timeout=5000)
    qtbot.wait(20)
    assert (ran, results) == ([], [])
    assert [type(e) for e in errors] == [Cancelled]     # its caller hears, and ignores it
    assert not op._thread.isRunning() and op not in worker._RUNNING


def test_finish_running_also_stops_work_not_yet_started(qtbot, opened):
    window = QWidget()
    qtbot.addWidget(window)
    ran, errors = [], []
    op = worker.run_with_progress(window, "正在生成", lambda progress: ran.append(1), lambda _r: None,
                                  on_error=errors.append)
    worker.finish_running()            # the program closes before the event loop started it
    qtbot.wait(50)                     # its start comes round: it does not begin
    assert ran == [] and errors == [] and not op._thread.isRunning() and op not in worker._RUNNING
