"""Is a database file sound? SQLite's ``integrity_check`` and ``foreign_key_check``, asked the
same way for the open database (``check``), a backup's snapshot and a file restored from a
backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

MAX_PROBLEMS = 5


def read_only_uri(path: Path) -> str:
    return "file:" + Path(path).resolve().as_posix() + "?mode=ro"


def check_connection(con: sqlite3.Connection) -> str:
    """``"ok"`` or what SQLite found damaged (at most a few lines, and the broken references)."""
    rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
    fk = con.execute("PRAGMA foreign_key_check").fetchall()
    if rows == ["ok"] and not fk:
        return "ok"
    problems = [r for r in rows if r != "ok"][:MAX_PROBLEMS]
    if fk:
        problems.append(f"{len(fk)} 处引用不一致")
    return "; ".join(problems)


def check_file(path: Path) -> str:
    """:func:`check_connection` of a database file, opened read only."""
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return check_connection(con)
    finally:
        con.close()
