"""Helpers shared by the backup tests (and a test that the helpers themselves work)."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

from dangjian_desktop.db.integrity import read_only_uri


def dump_tables(db_file: Path) -> dict[str, object]:
    """Every row of every table (blobs included), plus the version pragmas: for exact comparison."""
    con = sqlite3.connect(read_only_uri(Path(db_file)), uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        result: dict[str, object] = {name: con.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
                                     for name in names}
        result["~schema"] = con.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        result["~user_version"] = con.execute("PRAGMA user_version").fetchone()[0]
        result["~application_id"] = con.execute("PRAGMA application_id").fetchone()[0]
    finally:
        con.close()
    return result


def _value_for(declared: str, rng: random.Random):
    kind = (declared or "").upper()
    if "BLOB" in kind:
        return rng.randbytes(rng.randint(2000, 40000))
    if "DATETIME" in kind:
        return "2026-03-01 09:30:00"
    if "DATE" in kind:
        return "2026-03-01"
    if "INT" in kind:
        return rng.randint(0, 3)
    if "REAL" in kind or "FLOA" in kind or "DOUB" in kind:
        return 1.5
    return "测试内容" + str(rng.randint(0, 999))


def fill_every_table(db_file: Path, seed: int = 3) -> None:
    """Add rows to every table that has none (attachments with real binary data).

    Built from the schema itself, so it keeps working when later schema steps add tables:
    NOT NULL columns get a value of their declared type, foreign keys point at a row of the
    referenced table.
    """
    rng = random.Random(seed)
    con = sqlite3.connect(db_file, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        pending = list(names)
        for _round in range(len(names) + 1):
            for table in list(pending):
                if con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]:
                    pending.remove(table)
                    continue
                fks = {row[3]: row[2] for row in con.execute(f'PRAGMA foreign_key_list("{table}")')}
                if any(con.execute(f'SELECT count(*) FROM "{ref}"').fetchone()[0] == 0
                       for col, ref in fks.items() if ref != table):
                    continue  # referenced table still empty: next round
                columns, values = [], []
                for _cid, name, declared, notnull, default, pk in con.execute(f'PRAGMA table_info("{table}")'):
                    if pk and "INT" in (declared or "").upper():
                        continue  # rowid
                    if name in fks:
                        ref = fks[name]
                        values.append(con.execute(f'SELECT min(rowid) FROM "{ref}"').fetchone()[0])
                    elif notnull or "BLOB" in (declared or "").upper():
                        values.append(_value_for(declared, rng))
                    else:
                        continue
                    columns.append(f'"{name}"')
                for _copy in range(2):
                    placeholders = ",".join("?" * len(values))
                    try:
                        con.execute(f'INSERT INTO "{table}" ({",".join(columns)}) VALUES ({placeholders})', values)
                    except sqlite3.IntegrityError:
                        break  # a unique column: one row is enough
                pending.remove(table)
    finally:
        con.close()


def file_bytes(path: Path) -> dict[str, bytes | None]:
    """The database file and its side files, byte for byte (None when absent)."""
    state = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        side = Path(str(path) + suffix)
        state[suffix or "main"] = side.read_bytes() if side.exists() else None
    return state


def flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x5A]) + data[offset + 1:]


def spread_offsets(size: int, count: int, *, head: int = 0) -> list[int]:
    """``head`` first offsets, then ``count`` offsets spread over the rest, plus the last byte."""
    offsets = list(range(min(head, size)))
    if size > head:
        step = max(1, (size - head) // count)
        offsets += list(range(head, size, step))
    offsets.append(size - 1)
    return sorted(set(offsets))


def test_fill_every_table_gives_every_table_rows(opened):
    path = opened.path
    opened.close()
    fill_every_table(path)
    dump = dump_tables(path)
    tables = {k: v for k, v in dump.items() if not k.startswith("~")}
    assert tables and all(rows for rows in tables.values()), [k for k, v in tables.items() if not v]
    assert os.path.getsize(path) > 0
