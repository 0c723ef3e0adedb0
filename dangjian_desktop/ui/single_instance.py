"""A second start on the same data file brings the running window forward (STYLE.md #7).

The file lock in db/lock.py decides who owns the database; this only lets the second program
tell the first one to show itself, through a local socket named after the database path.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from dangjian_desktop import APP_ID


def server_name(db_path: Path) -> str:
    digest = hashlib.sha1(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"{APP_ID}-{digest}"


def ask_running_instance_to_show(db_path: Path, timeout_ms: int = 1000) -> bool:
    """True when a running program on this database answered and will come forward."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(b"show\n")
    socket.flush()
    if socket.bytesToWrite():
        socket.waitForBytesWritten(timeout_ms)
    ok = socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    return ok


class InstanceServer(QObject):
    """Listens for ``show`` requests from later starts on the same database."""

    show_requested = Signal()

    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self._server = QLocalServer(self)
        name = server_name(db_path)
        QLocalServer.removeServer(name)  # a stale socket file after a crash (we hold the file lock)
        self.listening = self._server.listen(name)
        self._server.newConnection.connect(self._on_connection)

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll()).strip() == b"show":
            self.show_requested.emit()
