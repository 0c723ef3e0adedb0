"""Replacing the database by a verified backup, so that no failure can lose a record.

1. :func:`prepare_restore` reads the whole backup into a temporary file *beside* the database
   (same folder, so the final rename is atomic), syncs it, and checks it (integrity, ours, data
   version, row counts equal to the backup's record). The database is not touched.
2. :func:`keep_safety_copy` saves the current database as an automatic backup ("恢复前").
3. :func:`swap_in` (on the thread that owns the open connection) closes the connection,
   checkpoints the -wal file into the database (and refuses if anything else still has the file
   open), ``os.replace``-s the temporary file (already in WAL mode) in, syncs the folder and
   reopens — applying schema upgrades if the backup is older.

Until the ``os.replace`` the current database is exactly as it was; after it, the restored one
is complete. The command line runs all steps with :func:`restore_database`; the GUI runs 1 and
2 in a worker and 3 on its own thread.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dangjian_desktop.backup.create import fsync_folder
from dangjian_desktop.backup.package import BackupInfo, DamagedBackup, Progress
from dangjian_desktop.backup.rebuild import rebuild
from dangjian_desktop.backup.verify import check_content, extract_to
from dangjian_desktop.core.upgrade_data import bring_data_up_to_date
from dangjian_desktop.db import connection
from dangjian_desktop.db.lock import InstanceLock, hold_lock
from dangjian_desktop.db.private_files import RESTORE_LEFTOVERS, restore_lock
from dangjian_desktop.errors import DatabaseInUse, DatabaseRefused, UserError, os_error_text, sqlite_disk_problem

TEMP_SUFFIX, RAW_SUFFIX = RESTORE_LEFTOVERS     # the rebuilt file; the backup's content as it came
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


@dataclass
class PreparedRestore:
    backup_path: Path
    target: Path
    temp_path: Path
    info: BackupInfo
    lock: InstanceLock | None = None     # keeps a starting program from removing the files

    def discard(self) -> None:
        for path in (self.temp_path, raw_path(self.target)):
            _remove_quietly(path)
            for suffix in SIDE_SUFFIXES:
                _remove_quietly(Path(str(path) + suffix))
        if self.lock is not None:
            self.lock.release()
            self.lock = None


@dataclass
class RestoreResult:
    info: BackupInfo
    safety_copy: Path | None = None     # automatic backup of the data before the restore
    set_aside: Path | None = None       # an unusable old file, renamed (never deleted)


def raw_path(target: Path) -> Path:
    return target.with_name(target.name + RAW_SUFFIX)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass


def prepare_restore(
    backup_path: Path,
    target: Path,
    *,
    password: str | None = None,
    progress: Progress | None = None,
) -> PreparedRestore:
    """Verify the backup completely into a temporary file beside ``target``."""
    backup_path = Path(backup_path)
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建文件夹“{target.parent}”：{os_error_text(exc)}。请换一个位置。") from exc
    temp = target.with_name(target.name + TEMP_SUFFIX)
    prepared = PreparedRestore(backup_path=backup_path, target=target, temp_path=temp, info=None)  # type: ignore[arg-type]
    lock = restore_lock(target)
    try:
        free = lock.acquire()
    except OSError as exc:
        raise _local_write_problem(target, os_error_text(exc)) from exc
    if not free:
        raise UserError("另一个恢复正在进行，请等它结束后再试。现在的数据没有改动。")
    prepared.discard()  # left over from an interrupted earlier attempt
    prepared.lock = lock
    raw = raw_path(target)
    try:
        result = extract_to(backup_path, raw, password=password, progress=progress)
        if progress:
            progress(0, 0, "正在检查备份里的数据…")
        check_content(raw, backup_path, result.info)
        try:
            counts = rebuild(raw, temp, result.info.schema_version)
        except OSError as exc:
            raise _local_write_problem(target, os_error_text(exc)) from exc
        except sqlite3.DatabaseError as exc:
            disk = sqlite_disk_problem(exc)
            if disk is not None:
                raise _local_write_problem(target, disk) from exc
            raise DamagedBackup(backup_path, "里面有的记录缺了必填的内容、重复或对不上，放不进本程序的表") from exc
        if counts != result.info.tables:
            raise DamagedBackup(backup_path, "重建后各类记录的条数和备份说明不一致")
        _remove_quietly(raw)
        _to_wal(temp)
    except BaseException:
        prepared.discard()
        raise
    prepared.info = result.info
    return prepared


def _local_write_problem(target: Path, what: str) -> UserError:
    return UserError(f"在“{target.parent}”准备恢复用的文件时出错：{what}。备份文件没有问题；"
                     "请腾出电脑硬盘空间、检查文件夹的写入权限后再恢复。现在的数据没有改动。")


def keep_safety_copy(db_path: Path, *, now: dt.datetime | None = None, progress: Progress | None = None) -> Path:
    """Save the current data as an automatic backup before it is replaced."""
    from dangjian_desktop.backup.autobackup import make_auto_backup

    return make_auto_backup(Path(db_path), "restore", now=now, progress=progress).path


def _in_use() -> UserError:
    return UserError("数据还在被其他操作使用，暂时不能恢复。请等其他操作结束后再试。现在的数据没有改动。")


def _to_wal(path: Path) -> None:
    """Store the prepared file in WAL mode already, so that opening it after the swap never
    has to rewrite it (a rewrite in rollback mode could leave a hot journal if killed)."""
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        mode = con.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    finally:
        con.close()
    if str(mode).lower() != "wal":
        raise UserError("恢复用的临时文件无法准备好，请检查电脑硬盘是否已满后再试。现在的数据没有改动。")


def _fold_wal(path: Path) -> None:
    """Checkpoint the -wal file into the database and make sure nothing else has it open.

    When the last connection closes, SQLite removes -wal and -shm; if another connection
    (another thread or program) still has the file, the -wal file stays: then we refuse.
    Nothing here rewrites the database outside its normal, crash-safe checkpoint.
    """
    try:
        con = sqlite3.connect(str(path), timeout=2, isolation_level=None)
        try:
            busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        raise _in_use() from exc
    if busy or Path(str(path) + "-wal").exists():
        raise _in_use()
    # Without a -wal file a left-over -shm or -journal belongs to no one; a -journal here
    # would be rolled back into the *new* file, so it must not stay next to it.
    for suffix in ("-shm", "-journal"):
        side = Path(str(path) + suffix)
        if side.exists():
            if suffix == "-journal" and side.stat().st_size > 0:
                raise _in_use()
            side.unlink()


def _reopen(opened) -> None:
    """Connect again; a restored older backup is upgraded the one way every file is (a copy of
    it is kept first, then the schema steps and core.upgrade_data's data steps run)."""
    opened.db.connect(reuse_if_open=True)
    connection.bring_up_to_date(opened.db, Path(opened.path))
    bring_data_up_to_date()


def swap_in(opened, prepared: PreparedRestore) -> None:
    """Put the prepared database in place of ``opened``'s file and reopen it.

    Call on the thread that owns ``opened.db``'s connection, with no transaction open and no
    other thread holding a connection. On failure the current database stays as it was.
    """
    target = Path(opened.path)
    if target.resolve() != prepared.target.resolve():
        raise ValueError("prepared for another database")
    if not prepared.temp_path.exists():
        raise UserError("恢复用的临时文件不见了，请重新恢复一次。现在的数据没有改动。")
    if not opened.db.is_closed():
        opened.db.close()
    try:
        _fold_wal(target)
        os.replace(prepared.temp_path, target)
    except OSError as exc:
        prepared.discard()
        _reopen(opened)
        raise UserError(f"替换数据文件时出错：{os_error_text(exc)}。现在的数据没有改动。") from exc
    except BaseException:
        prepared.discard()
        _reopen(opened)
        raise
    fsync_folder(target.parent)
    prepared.discard()
    _reopen(opened)


def _set_aside_name(target: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.stem}.恢复前-无法打开-{stamp}{target.suffix}")
    number = 2
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.恢复前-无法打开-{stamp}-{number}{target.suffix}")
        number += 1
    return candidate


def _replace_unopened(target: Path, prepared: PreparedRestore) -> Path | None:
    """Restore where no usable database is: missing, empty, damaged, foreign or too new.

    An existing file is renamed aside (with its side files), never deleted.
    """
    lock = hold_lock(target, "请先关闭那个窗口再恢复。")
    aside = None
    try:
        if target.exists() and target.stat().st_size > 0:
            aside = _set_aside_name(target)
            os.replace(target, aside)
            for suffix in SIDE_SUFFIXES:
                side = Path(str(target) + suffix)
                if side.exists():
                    os.replace(side, Path(str(aside) + suffix))
        else:
            for suffix in ("",) + SIDE_SUFFIXES:
                _remove_quietly(Path(str(target) + suffix))
        os.replace(prepared.temp_path, target)
        fsync_folder(target.parent)
    except OSError as exc:
        raise UserError(f"替换数据文件时出错：{os_error_text(exc)}。请检查文件夹的写入权限。") from exc
    finally:
        lock.release()
    return aside


def restore_database(
    target: Path,
    backup_path: Path,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    confirm: Callable[[BackupInfo], bool] | None = None,
) -> RestoreResult:
    """The whole restore for the command line: the database at ``target`` must not be open.

    ``confirm(info)`` is asked after the backup verified; False leaves everything as it was.
    """
    target = Path(os.path.realpath(Path(target).expanduser()))      # a link: restore the file it points to
    prepared = prepare_restore(backup_path, target, password=password, progress=progress)
    result = RestoreResult(info=prepared.info)
    try:
        if confirm is not None and not confirm(prepared.info):
            raise UserError("没有恢复，现在的数据没有改动。")
        usable = target.exists() and target.stat().st_size > 0
        opened = None
        if usable:
            try:
                opened = connection.open_database(target)
            except DatabaseInUse:
                raise
            except DatabaseRefused:
                opened = None
        if opened is not None:
            with opened:
                result.safety_copy = keep_safety_copy(target, progress=progress)
                swap_in(opened, prepared)
        else:
            result.set_aside = _replace_unopened(target, prepared)
    finally:
        prepared.discard()
    # Opening applies upgrades for an older backup and confirms the result is usable.
    with connection.open_database(target):
        bring_data_up_to_date()
    return result
