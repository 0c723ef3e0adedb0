"""A consistent, checked copy of the live database, taken with SQLite's online backup API.

The live file is never copied byte by byte: the backup API reads one consistent state even
while the program writes (WAL). The copy goes to a private temporary folder on the local disk,
is described (versions, branch, row counts) and hashed, and checked with
``PRAGMA integrity_check`` and ``foreign_key_check`` — in a background thread while the backup
file is being written, because the check is the slowest step. A backup file only gets its final
name after the check passed.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.db import schema
from dangjian_desktop.db.connection import copy_database
from dangjian_desktop.db.integrity import check_file, read_only_uri
from dangjian_desktop.db.private_files import scratch_folder
from dangjian_desktop.errors import UserError, os_error_text, sqlite_disk_problem

HASH_READ_BYTES = 1 << 20


@dataclass
class Description:
    schema_version: int
    application_id: int
    branch: str
    members: int
    member_records: int
    activities: int
    tables: dict[str, int]


class _IntegrityCheck(threading.Thread):
    """``PRAGMA integrity_check`` in the background (SQLite releases the GIL while it works)."""

    def __init__(self, path: Path):
        super().__init__(name="snapshot-integrity-check", daemon=True)
        self.path = path
        self.result: str | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = check_file(self.path)
        except BaseException as exc:  # reported by Snapshot.confirm_sound
            self.error = exc


@dataclass
class Snapshot:
    """The checked copy. The (slow) integrity check runs while the backup file is written:
    :meth:`start_check` starts it, :meth:`confirm_sound` waits for it and raises on damage."""

    path: Path                   # the temporary copy (deleted when the context ends)
    description: Description
    content_bytes: int
    content_sha256: str
    _check: _IntegrityCheck | None = field(default=None, repr=False)

    def start_check(self) -> None:
        if self._check is None:
            self._check = _IntegrityCheck(self.path)
            self._check.start()

    def confirm_sound(self) -> None:
        self.start_check()
        self._check.join()
        if self._check.error is not None:
            disk = sqlite_disk_problem(self._check.error)
            if disk is not None:
                raise _local_disk(disk) from self._check.error
            raise _damaged_live(str(self._check.error)) from self._check.error
        if self._check.result != "ok":
            raise _damaged_live(self._check.result or "")

    def _finish(self) -> None:
        if self._check is not None:
            self._check.join()


def _table_names(con: sqlite3.Connection) -> list[str]:
    rows = con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def describe_database(path: Path) -> Description:
    """Versions, branch name and row counts of a database file (read only)."""
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        names = _table_names(con)
        tables = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
        branch = ""
        if "branch" in tables:
            row = con.execute("SELECT name FROM branch ORDER BY id LIMIT 1").fetchone()
            branch = row[0] if row else ""
        members = 0
        if "member" in tables:
            members = con.execute("SELECT count(*) FROM member WHERE status = 'active'").fetchone()[0]
    finally:
        con.close()
    return Description(
        schema_version=version,
        application_id=app_id,
        branch=branch or "",
        members=members,
        member_records=tables.get("member", 0),
        activities=tables.get("activity", 0),
        tables=tables,
    )


def file_sha256(path: Path) -> tuple[int, str]:
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while True:
            data = fh.read(HASH_READ_BYTES)
            if not data:
                break
            size += len(data)
            sha.update(data)
    return size, sha.hexdigest()


def _damaged_live(problem: str) -> UserError:
    return UserError(
        f"检查数据时发现问题（{problem}），这次没有做备份，以前的备份都还在。"
        "请不要删除任何备份，联系技术支持帮忙；也可以从最近的备份恢复。"
    )


def _local_disk(what: str) -> UserError:
    return UserError(f"整理数据时，电脑上的临时文件写不进去：{what}。这次没有做备份，数据本身没有问题，"
                     "以前的备份都还在。请腾出电脑硬盘空间（例如清空回收站）后再备份。")


@contextlib.contextmanager
def take_snapshot(db_path: Path, progress=None) -> Iterator[Snapshot]:
    """Copy, check, describe and hash the database; the copy is removed afterwards."""
    progress = progress or (lambda done, total, text="": None)
    db_path = Path(db_path)
    if not db_path.is_file():
        raise UserError(f"找不到数据文件“{db_path}”，没有可以备份的内容。")
    with scratch_folder(db_path, "备份-") as folder:
        copy = folder / "snapshot.sqlite3"
        progress(0, 0, "正在整理数据…")
        try:
            # A throwaway copy (the backup file is what gets synced), stored as a plain file.
            copy_database(db_path, copy, durable=False, journal_mode="delete")
        except sqlite3.DatabaseError as exc:
            disk = sqlite_disk_problem(exc)
            if disk is not None:
                raise _local_disk(disk) from exc
            raise _damaged_live(str(exc)) from exc
        except OSError as exc:
            raise _local_disk(os_error_text(exc)) from exc
        try:
            description = describe_database(copy)
        except sqlite3.DatabaseError as exc:
            raise _damaged_live(str(exc)) from exc
        if description.application_id != schema.APPLICATION_ID:
            raise UserError(f"“{db_path}”不是党支部工作台的数据文件，不能备份。")
        size, sha = file_sha256(copy)
        snapshot = Snapshot(path=copy, description=description, content_bytes=size, content_sha256=sha)
        try:
            yield snapshot
        finally:
            snapshot._finish()  # the copy may only be deleted once the check has let go of it
