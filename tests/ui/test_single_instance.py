import subprocess
import sys

from dangjian_desktop.ui.single_instance import InstanceServer, ask_running_instance_to_show

CLIENT = (
    "import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
    "from dangjian_desktop.ui.single_instance import ask_running_instance_to_show as ask;"
    "sys.exit(0 if ask(sys.argv[1], 5000) else 3)"
)


def second_start(path):
    """A second program asking, in its own process as in real life."""
    return subprocess.Popen([sys.executable, "-c", CLIENT, str(path)])


def test_second_start_brings_the_running_window_forward(window, qtbot, db_path):
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=3000)
    client = second_start(db_path)
    qtbot.waitUntil(lambda: client.poll() is not None, timeout=10000)
    assert client.returncode == 0
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=3000)


def test_no_running_instance_means_no_answer(qapp, tmp_path):
    assert not ask_running_instance_to_show(tmp_path / "nobody.sqlite3", timeout_ms=200)


def test_server_emits_show_request(qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget

    owner = QWidget()  # Qt objects need an owner that Qt deletes before the application ends
    qtbot.addWidget(owner)
    server = InstanceServer(tmp_path / "x.sqlite3", owner)
    assert server.listening
    with qtbot.waitSignal(server.show_requested, timeout=10000):
        client = second_start(tmp_path / "x.sqlite3")
    client.wait(10)
    assert client.returncode == 0
