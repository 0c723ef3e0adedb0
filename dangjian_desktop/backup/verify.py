"""Checking a backup completely, without touching any database.

A backup is sound when its header and password check out, the content decompresses to exactly
the bytes described (size and SHA-256), and that content is a healthy database of ours: it
passes ``integrity_check`` and ``foreign_key_check``, its data version is one this program
knows, and every table holds the number of rows the backup recorded.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from dangjian_desktop.backup.crypto import DerivedKey
from dangjian_desktop.backup.package import (
    BackupInfo,
    BackupTooNew,
    DamagedBackup,
    Progress,
    ReadResult,
    read_backup,
)
from dangjian_desktop.backup.rebuild import schema_problem
from dangjian_desktop.backup.snapshot import describe_database
from dangjian_desktop.db import schema
from dangjian_desktop.db.connection import default_db_path
from dangjian_desktop.db.integrity import check_file
from dangjian_desktop.db.private_files import scratch_folder
from dangjian_desktop.errors import UserError, os_error_text


def extract_to(
    backup_path: Path,
    target: Path,
    *,
    password: str | None = None,
    key: DerivedKey | None = None,
    progress: Progress | None = None,
) -> ReadResult:
    """Write the database held by a backup to the new file ``target`` (synced to disk)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise UserError(
            f"无法在“{target.parent}”中写入临时文件：{os_error_text(exc)}。"
            "请检查电脑硬盘是否已满、文件夹是否允许写入。"
        ) from exc

    def sink(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]

    try:
        try:
            result = read_backup(backup_path, sink, password=password, key=key, progress=progress,
                                 progress_text="正在读取并核对备份…")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise UserError(
            f"写入临时文件时出错：{os_error_text(exc)}。请检查电脑硬盘是否已满。现在的数据没有受影响。"
        ) from exc
    return result


def check_content(db_file: Path, backup_path: Path, info: BackupInfo) -> None:
    """The extracted database must be healthy, ours, not too new, and match the recorded counts."""
    try:
        problem = check_file(db_file)
        description = describe_database(db_file)
    except sqlite3.DatabaseError as exc:
        raise DamagedBackup(backup_path, "里面的数据无法打开") from exc
    if problem != "ok":
        raise DamagedBackup(backup_path, f"里面的数据检查不通过：{problem}")
    if description.application_id != schema.APPLICATION_ID:
        raise DamagedBackup(backup_path, "里面不是党支部工作台的数据")
    if description.schema_version > schema.LATEST_VERSION:
        raise BackupTooNew(backup_path, info.program_version)
    if description.schema_version != info.schema_version or description.schema_version < 1:
        raise DamagedBackup(backup_path, "数据版本和备份说明不一致")
    if description.tables != info.tables:
        raise DamagedBackup(backup_path, "各类记录的条数和备份说明不一致")
    problem = schema_problem(db_file, description.schema_version)
    if problem is not None:
        raise DamagedBackup(backup_path, problem + "，不是本程序做的备份")


def verify_backup(path: Path, *, password: str | None = None, progress: Progress | None = None,
                  near: Path | None = None) -> BackupInfo:
    """Check a backup file completely; returns what it holds or raises a BackupError.

    The content is checked in the private scratch folder beside the database ``near`` (the
    default database when None), never in the system's temporary folder."""
    path = Path(path)
    with scratch_folder(near or default_db_path(), "核对-") as folder:
        db_file = folder / "check.sqlite3"
        result = extract_to(path, db_file, password=password, progress=progress)
        if progress:
            progress(0, 0, "正在检查备份里的数据…")
        check_content(db_file, path, result.info)
    return result.info
