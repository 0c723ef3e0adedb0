"""A restored database holds the program's own schema and nothing else.

A backup's content is a database file anyone can make: a plain backup's hashes are not keyed.
So the file restored is never the file the backup holds: :func:`rebuild` creates a fresh
database with the program's own schema steps up to the backup's data version and copies the
rows in, table by table and column by column. Before that, :func:`schema_problem` refuses a
content whose tables or columns differ from the program's for that version, or that carries
anything the program never creates (triggers, views); the indexes are the program's own after
the rebuild whatever the content had.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from dangjian_desktop.db import schema
from dangjian_desktop.db.integrity import check_connection, read_only_uri


def _program_schema(version: int) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    for step in schema.STEPS[:version]:
        for statement in step:
            con.execute(statement)
    return con


def _tables(con: sqlite3.Connection, prefix: str = "") -> dict[str, list[str]]:
    names = [r[0] for r in con.execute(
        f"SELECT name FROM {prefix}sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: [c[1] for c in con.execute(f'PRAGMA {prefix}table_info("{name}")')] for name in names}


def schema_problem(content: Path, version: int) -> str | None:
    """What in ``content`` is not the program's schema of ``version`` (Chinese), or None."""
    if not 1 <= version <= schema.LATEST_VERSION:
        return "数据版本不对"
    expected = _tables(_program_schema(version))
    con = sqlite3.connect(read_only_uri(content), uri=True)
    try:
        found = _tables(con)
        extras = con.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name").fetchall()
    finally:
        con.close()
    if extras:
        kinds = {"trigger": "触发器", "view": "视图"}
        return "里面有本程序从来不建的" + "、".join(f"{kinds[k]}“{n}”" for k, n in extras[:3])
    missing = sorted(set(expected) - set(found))
    added = sorted(set(found) - set(expected))
    if missing or added:
        return "里面的表和本程序的不一样（" + "、".join([f"少了 {n}" for n in missing] + [f"多了 {n}" for n in added][:4]) + "）"
    for name, columns in expected.items():
        if found[name] != columns:
            lost = [c for c in columns if c not in found[name]]
            more = [c for c in found[name] if c not in columns]
            what = "、".join([f"少了 {c}" for c in lost] + [f"多了 {c}" for c in more]) or "列的顺序不同"
            return f"表 {name} 的列和本程序的不一样（{what}）"
    return None


def rebuild(content: Path, target: Path, version: int) -> dict[str, int]:
    """Write at ``target`` (a new file, 0600) the program's schema of ``version`` holding the rows
    of ``content``; returns the row count per table. ``content`` must have passed
    :func:`schema_problem`. Raises ``sqlite3.DatabaseError`` when a row does not fit (a NOT
    NULL or UNIQUE the content broke) or the copy is not sound."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)
    con = sqlite3.connect("file:" + Path(target).resolve().as_posix() + "?mode=rw", uri=True, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA foreign_keys=OFF")     # rows arrive table by table; checked at the end
        con.execute("BEGIN IMMEDIATE")
        for step in schema.STEPS[:version]:
            for statement in step:
                con.execute(statement)
        con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {version}")
        con.execute("COMMIT")
        con.execute("ATTACH DATABASE ? AS content", (read_only_uri(content),))
        counts = {}
        con.execute("BEGIN IMMEDIATE")
        for name, columns in _tables(con).items():
            listed = ", ".join(f'"{c}"' for c in columns)
            con.execute(f'INSERT INTO main."{name}" ({listed}) SELECT {listed} FROM content."{name}"')
            counts[name] = con.execute(f'SELECT count(*) FROM main."{name}"').fetchone()[0]
        con.execute("COMMIT")
        con.execute("DETACH DATABASE content")
        problem = check_connection(con)
        if problem != "ok":
            raise sqlite3.DatabaseError(problem)
    finally:
        con.close()
    return counts
