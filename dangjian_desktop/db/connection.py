"""Opening the branch database by the rules of DESIGN.md.

- foreign keys on, WAL journal, synchronous=FULL, a busy timeout;
- one program instance per file (:mod:`.lock`);
- a file that is not ours, is damaged, or comes from a newer program is refused untouched;
- missing schema steps are applied one transaction each, after a copy of the old file is kept.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from peewee import SqliteDatabase

from dangjian_desktop import APP_ID, portable
from dangjian_desktop.db import schema
from dangjian_desktop.db.integrity import check_connection, read_only_uri
from dangjian_desktop.db.location import DB_FILENAME, default_db_path, real_db_path  # noqa: F401 (DB_FILENAME for callers)
from dangjian_desktop.db.lock import InstanceLock, hold_lock
from dangjian_desktop.db.models import database_proxy
from dangjian_desktop.db.private_files import clean_stale, make_private, private_folder
from dangjian_desktop.errors import DatabaseRefused, UserError, os_error_text, sqlite_disk_problem

SQLITE_MAGIC = b"SQLite format 3\x00"
PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": 2,  # FULL: a power cut never loses a committed change
    "busy_timeout": 5000,
}


@dataclass
class OpenedDatabase:
    path: Path
    db: SqliteDatabase
    lock: InstanceLock
    upgraded_from: int | None = None
    pre_upgrade_copy: Path | None = None
    created: bool = False
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self.db.is_closed():
            self.db.close()
        self.lock.release()

    def __enter__(self) -> "OpenedDatabase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class FileInfo:
    application_id: int
    user_version: int
    table_count: int
    wal: bool = True          # the header's journal mode: this program's files are WAL from the start


def _not_ours(path: Path) -> DatabaseRefused:
    return DatabaseRefused(
        f"文件“{path}”不是党支部工作台的数据文件，或者已经损坏。程序没有改动它。"
        "请确认选对了文件；如有备份，可以从备份恢复。"
    )


def _cannot_write_here(path: Path, what: str) -> UserError:
    return UserError(
        f"数据文件“{path}”打不开：{what}。数据文件本身没有问题。"
        "如果文件在光盘、只读的U盘或别人的文件夹里，请先把它复制到自己的“文档”文件夹，再用 --db 指定复制后的文件打开。"
    )


def inspect_file(path: Path) -> FileInfo:
    """Read the header of an existing file without changing it."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(20)
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{os_error_text(exc)}。请检查文件是否还在、有没有读取权限。") from exc
    if head[:16] != SQLITE_MAGIC:
        raise _not_ours(path)
    journal = path.with_name(path.name + "-journal")
    # A hot rollback journal (left by a crash while the file was in rollback mode) can only be
    # rolled back by a connection that may write; a read-only one would see a "damaged" file.
    mode = "rw" if journal.exists() and journal.stat().st_size > 0 else "ro"
    uri = read_only_uri(path) if mode == "ro" else "file:" + path.resolve().as_posix() + "?mode=rw"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        disk = sqlite_disk_problem(exc)
        if disk is not None:
            raise _cannot_write_here(path, disk) from exc
        raise _not_ours(path) from exc
    return FileInfo(app_id, version, tables, wal=len(head) >= 20 and head[18:20] == b"\x02\x02")


def _check_acceptable(path: Path, info: FileInfo) -> None:
    if info.application_id not in (0, schema.APPLICATION_ID):
        raise _not_ours(path)
    if info.application_id == 0 and info.table_count > 0:
        raise _not_ours(path)
    if info.application_id == 0 and not info.wal:
        # An empty database, but made by another program (this one's are WAL from the first
        # moment, even when a crash stopped it before the first table): not ours to take.
        raise DatabaseRefused(
            f"文件“{path}”是别的程序建的数据库（里面是空的），不是党支部工作台的数据文件。程序没有改动它。"
            "请另选一个文件名，或确认选对了文件。"
        )
    if info.user_version > schema.LATEST_VERSION:
        raise DatabaseRefused(
            f"这个数据文件是更新版本的党支部工作台保存的（数据版本 {info.user_version}），"
            f"本程序只能打开到版本 {schema.LATEST_VERSION}。请安装新版本后再打开。文件没有被改动。"
        )


def copy_database(source: Path, target: Path, *, durable: bool = True, journal_mode: str | None = None) -> None:
    """A consistent copy through SQLite's online backup API (never a raw file copy): one state of
    the database even while the program writes to it.

    ``durable=False`` skips syncing the copy (a throwaway copy whose own backup file gets synced);
    ``journal_mode`` stores the copy in that mode ("delete": a plain file that needs no -wal/-shm
    side files wherever it is opened, even read only).
    """
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            if not durable:
                dst.execute("PRAGMA synchronous=OFF")
            src.backup(dst)
            if journal_mode:
                dst.execute(f"PRAGMA journal_mode={journal_mode}")
        finally:
            dst.close()
    finally:
        src.close()
    make_private(Path(target))


def pre_upgrade_copy_path(path: Path, version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.升级前备份-v{version}-{stamp}{path.suffix}")


def bring_up_to_date(db: SqliteDatabase, path: Path) -> tuple[int | None, Path | None]:
    """Apply the missing schema steps to the open database at ``path``, after keeping a copy of
    the file as it was (the one way a file is upgraded: on opening, and after a restore of an
    older backup). Returns (the version upgraded from, the copy), or (None, None)."""
    current = schema_version(db)
    if current >= schema.LATEST_VERSION:
        return None, None
    copy = None
    if current > 0:
        copy = pre_upgrade_copy_path(path, current)
        copy_database(path, copy)
    apply_upgrades(db, current)
    return (current or None), copy


def _program_data_folder() -> Path:
    """The folder the program keeps its data in by default (never one the user named, such as
    the folder of ``DANGJIAN_DB`` or ``--db``: that one keeps its own permissions)."""
    portable_file = portable.data_file(DB_FILENAME)
    if portable_file is not None:
        return Path(os.path.realpath(portable_file.parent))
    return Path(os.path.realpath(platformdirs.user_data_dir(APP_ID, appauthor=False)))


def _ensure_folder(path: Path) -> None:
    folder = path.parent
    try:
        if not folder.exists() or folder == _program_data_folder():
            private_folder(folder)          # the folder the program makes for its data: 0700
    except OSError as exc:
        raise UserError(
            f"无法在文件夹“{folder}”中保存数据：{os_error_text(exc)}。"
            "请换一个有写入权限的位置（可用 --db 指定），或请人帮忙检查权限。"
        ) from exc
    if not os.access(folder, os.W_OK):
        raise UserError(
            f"文件夹“{folder}”不允许写入，数据无法保存。"
            "请换一个有写入权限的位置（可用 --db 指定），或请人帮忙检查权限。"
        )


def _create_private(path: Path) -> None:
    """Make the new (or empty) file 0600 before SQLite opens it: its -wal and -shm files get
    the same mode."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        os.close(fd)
    except OSError as exc:
        raise UserError(
            f"无法在文件夹“{path.parent}”中建立数据文件：{os_error_text(exc)}。"
            "请换一个有写入权限的位置（可用 --db 指定），或请人帮忙检查权限。"
        ) from exc
    make_private(path)


def _check_leftover_wal(path: Path) -> None:
    """A -wal file found at opening was left by a crash (or copied from elsewhere): SQLite will
    fold it into the file. If the data it gives are not sound, it is not this file's: refuse
    before anything is written (read only, so nothing is folded in)."""
    wal = Path(str(path) + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            result = [row[0] for row in con.execute("PRAGMA quick_check").fetchall()]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if sqlite_disk_problem(exc) is not None:
            return          # cannot look (read-only folder …): opening says what is wrong
        result = [str(exc)]
    if result != ["ok"]:
        raise DatabaseRefused(
            f"数据文件旁边的“{wal.name}”和数据文件对不上（可能是从别处复制来的，或上次没有正常关闭时出了问题），"
            "为了不把数据弄乱，程序没有打开，也没有改动任何文件。"
            f"请把“{wal.name}”移到别的文件夹后再打开；如果打开后发现缺少最近的记录，请联系技术支持。"
        )


def open_database(path: Path | str | None = None) -> OpenedDatabase:
    """Open (creating if needed) the branch database and bind the models to it."""
    path = real_db_path(path)
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，不是数据文件。请指定一个文件名，例如 {path / DB_FILENAME}。")
    exists = path.exists() and path.stat().st_size > 0
    info = None
    if exists:
        info = inspect_file(path)
        _check_acceptable(path, info)
        if not os.access(path, os.W_OK):
            raise _cannot_write_here(path, "文件是只读的（不允许写入）")
    _ensure_folder(path)

    lock = hold_lock(path)
    try:
        clean_stale(path)                   # copies a killed backup or restore left behind
        if exists:
            # Re-read under the lock: another instance may have upgraded it meanwhile.
            info = inspect_file(path)
            _check_acceptable(path, info)
            _check_leftover_wal(path)
        else:
            _create_private(path)
        for side in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            if side.exists():
                make_private(side)
        db = SqliteDatabase(str(path), pragmas=PRAGMAS)
        try:
            db.connect()
        except Exception as exc:  # noqa: BLE001 (sqlite3 errors surface as peewee errors)
            what = (sqlite_disk_problem(exc) or sqlite_disk_problem(exc.__cause__ or exc.__context__)
                    or "文件打不开")
            raise UserError(f"无法打开数据文件“{path}”：{what}。请检查文件和文件夹的权限。") from exc
        created = schema_version(db) == 0
        upgraded_from, pre_copy = bring_up_to_date(db, path)
        database_proxy.initialize(db)
    except BaseException:
        lock.release()
        raise
    return OpenedDatabase(path=path, db=db, lock=lock, upgraded_from=upgraded_from, pre_upgrade_copy=pre_copy,
                          created=created)


def schema_version(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def apply_upgrades(db: SqliteDatabase, current: int) -> None:
    """Apply the schema steps after version ``current``, one transaction each."""
    for version in range(current, schema.LATEST_VERSION):
        with db.atomic("EXCLUSIVE"):
            for statement in schema.STEPS[version]:
                db.execute_sql(statement)
            db.execute_sql(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            db.execute_sql(f"PRAGMA user_version = {version + 1}")


def integrity_check(db: SqliteDatabase) -> str:
    """``"ok"`` or SQLite's description of what is damaged (db.integrity)."""
    return check_connection(db.connection())


def release_thread_connection() -> None:
    """Close the calling thread's own connection (peewee keeps one per thread): a worker thread
    calls this when its work is done."""
    if not database_proxy.is_closed():
        database_proxy.close()


_stamped = {"connection": None, "opened": 0}


def data_stamp() -> tuple[int, int, int]:
    """What has been written to the open data file, by this thread's connection and by any other
    (a worker's, another program's): the same stamp twice means nothing was written in between,
    so a page coming back need not count or make its document again. A connection opened anew
    (a restore reopens the file) counts as a change: the last one is kept, so that a new one can
    never be taken for it (its counters start again from nothing)."""
    connection = database_proxy.connection()
    if connection is not _stamped["connection"]:
        _stamped["connection"] = connection
        _stamped["opened"] += 1
    version = connection.execute("PRAGMA data_version").fetchone()[0]
    return _stamped["opened"], connection.total_changes, version
