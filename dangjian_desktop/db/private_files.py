"""Files with the branch's data are for the user alone, and no copy of them is left lying about.

On POSIX systems the data folder the program makes is 0700 and every file it writes with data
(the database, its automatic backups and temporary copies, the error log) is 0600; on Windows
the user's own profile folders already keep other users out.

Temporary copies (a backup's snapshot, a backup being verified) go to a private scratch folder
beside the database (``dangjian-临时``), never to the system's temporary folder: each use gets a
sub-folder holding a lock while in use, and a sub-folder whose lock is free was left by a killed
process and is removed at the next start or backup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from dangjian_desktop.db.lock import InstanceLock
from dangjian_desktop.errors import UserError, os_error_text

POSIX = os.name == "posix"
SCRATCH_SUFFIX = "-临时"
IN_USE = "in-use"
# Left beside the database by a restore that was stopped (backup.restore names them).
RESTORE_LEFTOVERS = (".恢复中.tmp", ".恢复中-备份原样.tmp")


def _owned(path: Path) -> bool:
    try:
        return path.stat().st_uid == os.getuid()
    except OSError:
        return False


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a folder (POSIX, only what the user owns; never fails)."""
    if not POSIX or not _owned(path):
        return
    try:
        mode = 0o700 if path.is_dir() else 0o600
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except OSError:
        pass


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed; the folder itself 0700."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_private(folder)
    return folder


def scratch_root(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + SCRATCH_SUFFIX)


def clean_stale(db_path: Path) -> list[Path]:
    """Remove what killed processes left: scratch sub-folders nobody holds, restore leftovers
    beside the database (call with the database's lock held). Returns what was removed."""
    db_path = Path(db_path)
    removed = clean_stale_scratch(scratch_root(db_path))
    lock = restore_lock(db_path)
    try:
        free = lock.acquire()
    except OSError:
        free = False
    if not free:
        return removed          # a restore is being prepared: its files are in use
    try:
        removed += _remove_restore_leftovers(db_path)
    finally:
        lock.release()
    return removed


def restore_lock(db_path: Path) -> InstanceLock:
    """Held while a restore prepares its files beside the database."""
    return InstanceLock(db_path.with_name(db_path.name + ".恢复中"))


def _remove_restore_leftovers(db_path: Path) -> list[Path]:
    removed = []
    for suffix in RESTORE_LEFTOVERS:
        for leftover in [db_path.with_name(db_path.name + suffix)] + [
                db_path.with_name(db_path.name + suffix + side) for side in ("-wal", "-shm", "-journal")]:
            try:
                leftover.unlink()
                removed.append(leftover)
            except OSError:
                pass
    return removed


@contextlib.contextmanager
def scratch_folder(db_path: Path, prefix: str) -> Iterator[Path]:
    """A private folder for temporary copies of the data, removed afterwards (and, if the
    process is killed, at the next start or backup)."""
    try:
        root = private_folder(scratch_root(db_path))
        clean_stale_scratch(root)
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=root))      # 0700
        lock = InstanceLock(folder / IN_USE)
        lock.acquire()
    except OSError as exc:
        raise UserError(f"无法在“{Path(db_path).parent}”建立临时文件夹：{os_error_text(exc)}。"
                        "请腾出电脑硬盘空间、检查这个文件夹的写入权限后再试。数据没有改动。") from exc
    try:
        yield folder
    finally:
        lock.release()
        shutil.rmtree(folder, ignore_errors=True)


def clean_stale_scratch(root: Path) -> list[Path]:
    """Remove the scratch sub-folders whose lock nobody holds."""
    removed = []
    for sub in root.iterdir() if root.is_dir() else ():
        if sub.is_dir():
            lock = InstanceLock(sub / IN_USE)
            try:
                free = lock.acquire()
            except OSError:
                continue
            if free:
                lock.release()
                shutil.rmtree(sub, ignore_errors=True)
                removed.append(sub)
    return removed
