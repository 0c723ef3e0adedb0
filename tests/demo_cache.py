"""Demo branches built once per test session and copied into each test's own database.

``load_demo(members, seed, today)`` fills the database the test has open (it must be empty)
with exactly what ``generate_demo(members, seed, today=today)`` would write there: the first
call for a given (members, seed, today) generates it into a session folder, later calls copy
that file in with SQLite's backup API. Tests of the generator itself call ``generate_demo``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from dangjian_desktop.core.demo import generate_demo
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import database_proxy

_folder: Path | None = None
_made: dict[tuple, Path] = {}


def use_folder(folder: Path) -> None:
    """Where the session keeps its templates (set once by conftest)."""
    global _folder
    _folder = folder


def _template(members: int, seed: int, today: dt.date) -> Path:
    key = (members, seed, today)
    if key not in _made:
        assert _folder is not None, "conftest sets the template folder"
        path = _folder / f"demo-{members}-{seed}-{today.isoformat()}.sqlite3"
        previous = database_proxy.obj
        with open_database(path):
            generate_demo(members, seed, today=today)
        if previous is not None:
            database_proxy.initialize(previous)
        _made[key] = path
    return _made[key]


def load_demo(members: int = 46, seed: int = 7, today: dt.date | None = None) -> None:
    """Copy the demo branch into the database the models are bound to now (an empty one)."""
    today = today or dt.date.today()
    template = _template(members, seed, today)
    source = sqlite3.connect(f"file:{template.as_posix()}?mode=ro", uri=True)
    try:
        source.backup(database_proxy.connection())
    finally:
        source.close()
