"""One program instance per database file (STYLE.md #7).

A small lock file beside the database is held with an OS file lock for as long as the
database is open. The OS releases the lock when the process ends, even after a crash, so a
stale lock file never blocks the next start.
"""

from __future__ import annotations

import os
from pathlib import Path

from dangjian_desktop.errors import DatabaseInUse, UserError, os_error_text

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """Holds the lock file of one database; ``acquire`` returns False when taken."""

    def __init__(self, db_path: Path):
        self.path = lock_path_for(db_path)
        self._fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


IN_USE_ADVICE = "请切换到已经打开的窗口，或先关闭它再打开。"


def in_use_text(db_path: Path, advice: str = IN_USE_ADVICE) -> str:
    return f"数据文件“{db_path}”正被另一个党支部工作台窗口使用。{advice}"


def hold_lock(db_path: Path, advice: str = IN_USE_ADVICE) -> InstanceLock:
    """The lock of ``db_path``, held; refused with a Chinese message when another window holds
    it (``advice`` says what to do then) or when the lock file cannot be made."""
    lock = InstanceLock(db_path)
    try:
        acquired = lock.acquire()
    except OSError as exc:
        raise UserError(
            f"无法在“{db_path.parent}”中创建锁文件：{os_error_text(exc)}。请检查该文件夹的写入权限。"
        ) from exc
    if not acquired:
        raise DatabaseInUse(in_use_text(db_path, advice))
    return lock


def mark_in_use(fd: int) -> None:
    """Lock a file this process is writing, so that :func:`file_in_use` sees it (POSIX; on
    Windows an open file cannot be deleted anyway)."""
    if os.name != "nt":
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass


def file_in_use(path: Path) -> bool:
    """Whether another process is still writing ``path`` (see :func:`mark_in_use`)."""
    if os.name == "nt":  # pragma: no cover - deleting it fails while it is open
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)       # closing drops the lock taken here
    return False


def held_elsewhere(db_path: Path) -> bool:
    """Whether another window holds the lock of ``db_path`` now. Nothing is created: a lock file
    that does not exist is held by nobody. (Asked before the window shows, so that a second start
    brings the first window forward without flashing a window of its own.)"""
    try:
        fd = os.open(lock_path_for(db_path), os.O_RDWR)
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)
