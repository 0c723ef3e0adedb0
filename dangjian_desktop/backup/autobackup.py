"""Automatic local backups, kept in a folder beside the database and thinned by date.

The main window calls :func:`make_auto_backup` on exit and every 30 minutes; import, restore
and schema upgrade call it before they write. A backup is only written when the data differ
from the newest automatic backup (same content SHA-256 -> that one is returned), so a timer
that fires while nothing changed costs one snapshot and no disk space. After writing, old
backups are thinned with :func:`dangjian_desktop.backup.rotation.backups_to_delete`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from dangjian_desktop.backup import crypto
from dangjian_desktop.backup.create import remove_stale_temporaries, write_backup
from dangjian_desktop.backup.package import SUFFIX, BackupError, BackupInfo, Progress, read_header
from dangjian_desktop.backup.rotation import KeepPolicy, backups_to_delete
from dangjian_desktop.backup.snapshot import take_snapshot
from dangjian_desktop.core import settings
from dangjian_desktop.db.integrity import read_only_uri
from dangjian_desktop.db.private_files import private_folder
from dangjian_desktop.errors import UserError, os_error_text

FOLDER_SUFFIX = "-自动备份"
REASONS = {
    "exit": "退出时",
    "timer": "定时",
    "import": "导入前",
    "restore": "恢复前",
    "upgrade": "升级前",
    "manual": "手动",
}


@dataclass
class AutoBackup:
    path: Path
    info: BackupInfo
    created: bool = True     # False: the data had not changed, this is the existing newest one

    @property
    def created_at(self) -> dt.datetime:
        return self.info.created_at

    @property
    def reason(self) -> str:
        return self.info.reason


def auto_backup_folder(db_path: Path) -> Path:
    """``dangjian-自动备份`` beside ``dangjian.sqlite3`` (in the user data directory by default)."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + FOLDER_SUFFIX)


def list_auto_backups(db_path: Path) -> list[AutoBackup]:
    """The readable automatic backups, newest first (only headers are read)."""
    folder = auto_backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*" + SUFFIX):
        try:
            header = read_header(path)
        except BackupError:
            continue
        if header.info is not None:
            found.append(AutoBackup(path=path, info=header.info, created=False))
    found.sort(key=lambda b: (b.created_at, b.path.name), reverse=True)
    return found


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def make_auto_backup(
    db_path: Path,
    reason: str,
    *,
    now: dt.datetime | None = None,
    policy: KeepPolicy = KeepPolicy(),
    progress: Progress | None = None,
) -> AutoBackup:
    """Back up to the automatic folder unless the newest automatic backup holds the same data."""
    label = REASONS[reason]
    now = (now or _now()).astimezone()
    folder = auto_backup_folder(db_path)
    try:
        private_folder(folder)
    except OSError as exc:
        raise UserError(
            f"无法创建自动备份文件夹“{folder}”：{os_error_text(exc)}。请检查电脑硬盘是否已满。"
        ) from exc
    existing = list_auto_backups(db_path)
    with take_snapshot(Path(db_path), progress) as snapshot:
        recipient = kept_recipient(snapshot.path)
        if (existing and existing[0].info.content_sha256 == snapshot.content_sha256
                and existing[0].info.encrypted == (recipient is not None)):
            return existing[0]
        created = write_backup(snapshot, folder, now=now, tag=label, reason=label,
                               seconds_in_name=True, progress=progress, recipient=recipient)
    thin_auto_backups(db_path, now=now, policy=policy)
    return AutoBackup(path=created.path, info=created.info, created=True)


AUTO_KEY = "auto_backup_key"


def seal_auto_backups_with(password: str) -> None:
    """From now on automatic backups are sealed so that ``password`` (the one the user just
    gave a backup) opens them; writing them needs no password (crypto.new_recipient)."""
    settings.put(AUTO_KEY, crypto.new_recipient(password))


def auto_backups_sealed() -> bool:
    return bool(settings.get(AUTO_KEY))


def kept_recipient(snapshot_path: Path) -> dict | None:
    """The key automatic backups are sealed to, as the snapshot holds it (None: not set)."""
    con = sqlite3.connect(read_only_uri(snapshot_path), uri=True)
    try:
        row = con.execute("SELECT value FROM setting WHERE key = ?", (AUTO_KEY,)).fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        con.close()
    if not row:
        return None
    try:
        return crypto.check_recipient(json.loads(row[0]))
    except (ValueError, KeyError, TypeError):
        return None          # unreadable: the backup is still written, unsealed, never lost


def thin_auto_backups(db_path: Path, *, now: dt.datetime | None = None,
                      policy: KeepPolicy = KeepPolicy()) -> list[Path]:
    """Delete the automatic backups the policy does not keep (and stale temporary files)."""
    now = (now or _now()).astimezone()
    folder = auto_backup_folder(db_path)
    remove_stale_temporaries(folder)
    doomed = backups_to_delete(list_auto_backups(db_path), lambda b: b.created_at, now, policy)
    deleted = []
    for backup in doomed:
        try:
            backup.path.unlink()
            deleted.append(backup.path)
        except OSError:
            pass  # try again next time
    return deleted
