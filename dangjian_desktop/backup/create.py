"""Writing a backup file safely, then reading it back.

1. snapshot + check + describe the database (:mod:`.snapshot`);
2. write header and compressed (optionally sealed) content to a temporary name in the target
   folder, flush and fsync it;
3. rename it to its final name (an existing file is never overwritten: a suffix is added),
   fsync the folder where the system allows it;
4. drop the file from the system's cache where possible and read it back completely, checking
   the header, the password, the content's size and SHA-256.

Any failure removes the temporary file and raises a :class:`UserError` that says what happened
(stick full, read only, removed …); the database is only ever read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from dangjian_desktop import __version__
from dangjian_desktop.backup import crypto
from dangjian_desktop.backup.package import (
    COMPRESS_LEVEL,
    FORMAT_VERSION,
    SEALED_TO_KEY_FORMAT,
    SUFFIX,
    BackupError,
    BackupInfo,
    Progress,
    encode_header,
    encryption_json,
    read_backup,
    sealed_to_key_json,
)
from dangjian_desktop.backup.snapshot import Snapshot, take_snapshot
from dangjian_desktop.db.lock import file_in_use, mark_in_use
from dangjian_desktop.errors import UserError, os_error_text

WRITE_BYTES = 1 << 20
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class CreatedBackup:
    path: Path
    bytes: int
    sha256: str          # SHA-256 of the whole file (what ``sha256sum`` prints)
    info: BackupInfo

    def to_json(self) -> dict:
        return {"path": str(self.path), "bytes": self.bytes, "sha256": self.sha256}


def _no_progress(done: int, total: int, text: str = "") -> None:
    pass


def safe_name(text: str) -> str:
    """A file-name part that every system (FAT32 sticks included) accepts."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned[:60] or "党支部"


def backup_file_name(branch: str, when: dt.datetime, *, tag: str = "", seconds: bool = False) -> str:
    stamp = when.strftime("%Y-%m-%d_%H%M%S" if seconds else "%Y-%m-%d_%H%M")
    parts = [safe_name(branch), stamp] + ([safe_name(tag)] if tag else [])
    return "_".join(parts) + SUFFIX


def _unique(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem = name[: -len(SUFFIX)]
    number = 2
    while candidate.exists() or candidate.with_name(candidate.name + ".tmp").exists():
        candidate = folder / f"{stem}_{number}{SUFFIX}"
        number += 1
    return candidate


def _folder_problem(folder: Path) -> UserError | None:
    if not folder.exists():
        return UserError(f"找不到文件夹“{folder}”。U盘可能没有插好或已经拔出，请插好后重新选择。")
    if not folder.is_dir():
        return UserError(f"“{folder}”不是文件夹，请选择一个文件夹来存放备份。")
    return None


def write_error(folder: Path, exc: OSError) -> UserError:
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        text = (f"“{folder}”的空间不够，备份没有完成。请删除U盘上不需要的文件，或换一个U盘再试。")
    elif code == errno.EROFS:      # the stick (or its file system) is read only: a write-protect switch
        text = (f"无法写入“{folder}”：U盘是只读的，可能打开了写保护开关。"
                "请检查U盘侧面的小开关，或换一个U盘或文件夹。")
    elif code in (errno.EACCES, errno.EPERM):   # a permission of the folder or file, not the stick
        text = (f"无法写入“{folder}”：这个文件夹不允许写入（没有权限）。"
                "请换一个文件夹，例如U盘里的其他文件夹或“文档”，或请懂电脑的人看一下文件夹的权限。")
    elif code in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO, getattr(errno, "ESTALE", -1)):
        text = (f"写入“{folder}”时出错，U盘可能被拔出了或接触不好。请插好U盘后重新备份。")
    else:
        text = f"写入“{folder}”时出错：{os_error_text(exc)}。请换一个U盘或文件夹再试。"
    return UserError(text + "现在的数据没有受影响。")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class _FileOut:
    """Unbuffered output that hashes what it writes and reports progress."""

    def __init__(self, fd: int):
        self.fd = fd
        self.sha = hashlib.sha256()
        self.bytes = 0
        self._pending = bytearray()

    def write(self, data: bytes) -> None:
        self._pending += data
        if len(self._pending) >= WRITE_BYTES:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            data = bytes(self._pending)
            self._pending.clear()
            _write_all(self.fd, data)
            self.sha.update(data)
            self.bytes += len(data)


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows has no directory handles for this)."""
    if os.name == "nt":  # pragma: no cover - Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (e.g. FAT on some kernels) refuse; the file itself is synced
    finally:
        os.close(fd)


def _drop_cache(path: Path) -> None:
    """Ask the OS to forget the file's pages so the read-back really reads the stick."""
    if not hasattr(os, "posix_fadvise"):
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    except OSError:
        pass
    finally:
        os.close(fd)


def _info_for(snapshot: Snapshot, now: dt.datetime, reason: str) -> BackupInfo:
    d = snapshot.description
    return BackupInfo(
        program_version=__version__,
        schema_version=d.schema_version,
        application_id=d.application_id,
        created_at=now,
        branch=d.branch,
        members=d.members,
        member_records=d.member_records,
        activities=d.activities,
        tables=d.tables,
        content_bytes=snapshot.content_bytes,
        content_sha256=snapshot.content_sha256,
        reason=reason,
    )


def _write_body(out: _FileOut, snapshot: Snapshot, info: BackupInfo, sealer, progress: Progress) -> None:
    deflater = zlib.compressobj(COMPRESS_LEVEL)
    sink = sealer.write if sealer is not None else out.write
    if sealer is not None:
        text = _json_bytes(info.to_json())
        sink(struct.pack(">I", len(text)) + text)
    total = max(1, snapshot.content_bytes)
    done = 0
    with open(snapshot.path, "rb") as fh:
        while True:
            data = fh.read(WRITE_BYTES)
            if not data:
                break
            sink(deflater.compress(data))
            done += len(data)
            progress(done, total, "正在写入备份文件…")
    sink(deflater.flush())
    if sealer is not None:
        sealer.close()
        out.flush()
    else:
        out.flush()
        out.write(out.sha.digest())  # trailer: SHA-256 of everything before it
        out.flush()


def _json_bytes(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_backup(
    snapshot: Snapshot,
    folder: Path,
    *,
    password: str | None = None,
    now: dt.datetime | None = None,
    tag: str = "",
    reason: str = "",
    seconds_in_name: bool = False,
    progress: Progress | None = None,
    recipient: dict | None = None,
) -> CreatedBackup:
    """Write ``snapshot`` as a new backup file in ``folder`` and verify it by reading it back.

    With ``password`` the file is sealed with it; else with ``recipient`` (the branch's kept
    key, crypto.new_recipient) it is sealed to that key: the password opens it, writing needs none."""
    try:
        return _write_backup(snapshot, Path(folder), password=password, now=now, tag=tag, reason=reason,
                             seconds_in_name=seconds_in_name, progress=progress or _no_progress,
                             recipient=recipient)
    except OSError as exc:      # wherever a pulled stick shows (a listing, a close, a rename)
        raise write_error(Path(folder), exc) from exc


def _write_backup(snapshot: Snapshot, folder: Path, *, password, now, tag, reason, seconds_in_name,
                  progress: Progress, recipient: dict | None) -> CreatedBackup:
    problem = _folder_problem(folder)
    if problem is not None:
        raise problem
    now = (now or dt.datetime.now()).astimezone().replace(microsecond=0)
    info = dataclasses.replace(_info_for(snapshot, now, reason), encrypted=bool(password) or recipient is not None)

    key = None
    if password is not None:
        crypto.check_password_rule(password)
    if password:
        progress(0, 0, "正在根据密码生成密钥…")
        params = crypto.KdfParams.fresh()
        key = crypto.derive_key(password, params)
        nonce_prefix = os.urandom(crypto.NONCE_PREFIX_BYTES)
        head, digest = encode_header({"format": FORMAT_VERSION,
                                      "encryption": encryption_json(params, key, nonce_prefix)})
    elif recipient is not None:
        key, part = crypto.seal_to(recipient)
        nonce_prefix = os.urandom(crypto.NONCE_PREFIX_BYTES)
        head, digest = encode_header({"format": SEALED_TO_KEY_FORMAT, "encryption": sealed_to_key_json(part, nonce_prefix),
                                      "info": info.to_json()})
    else:
        head, digest = encode_header({"format": FORMAT_VERSION, "encryption": None, "info": info.to_json()})

    remove_stale_temporaries(folder)
    final = _unique(folder, backup_file_name(info.branch, now, tag=tag, seconds=seconds_in_name))
    temp = final.with_name(final.name + ".tmp")
    snapshot.start_check()
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise write_error(folder, exc) from exc
    mark_in_use(fd)
    try:
        try:
            out = _FileOut(fd)
            out.write(head)
            sealer = crypto.ChunkSealer(out, key.key, nonce_prefix, digest) if key else None
            _write_body(out, snapshot, info, sealer, progress)
            progress(0, 0, "正在确认文件已经写好…")
            os.fsync(fd)
        finally:
            os.close(fd)
        progress(0, 0, "正在检查数据…")
        snapshot.confirm_sound()  # only a sound snapshot gets a backup's name
        if final.exists():  # appeared meanwhile: never overwrite an earlier backup
            final = _unique(folder, final.name)
        os.replace(temp, final)
        fsync_folder(folder)
    except OSError as exc:
        _remove_quietly(temp)
        raise write_error(folder, exc) from exc
    except BaseException:
        _remove_quietly(temp)
        raise

    created = CreatedBackup(path=final, bytes=out.bytes, sha256=out.sha.hexdigest(), info=info)
    verify_written(created, key, progress)
    return created


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the half-written backups (``….djbak.tmp``) a pulled stick or a killed program left
    in ``folder``; one another window is still writing is locked (and kept)."""
    removed = []
    try:
        candidates = list(folder.glob("*" + SUFFIX + ".tmp"))
    except OSError:
        return removed
    for stale in candidates:
        try:
            if not file_in_use(stale):
                stale.unlink()
                removed.append(stale)
        except OSError:
            pass
    return removed


def verify_written(created: CreatedBackup, key: crypto.DerivedKey | None, progress: Progress) -> None:
    """Read the new file back completely; remove it and fail if it is not exactly right."""
    _drop_cache(created.path)
    try:
        result = read_backup(created.path, key=key, progress=progress, progress_text="正在读回核对备份…")
        ok = (result.file_sha256 == created.sha256
              and result.info.content_sha256 == created.info.content_sha256)
        reason = "读回的内容和写入的不一样"
    except BackupError as exc:
        ok, reason = False, str(exc)
    if not ok:
        _remove_quietly(created.path)
        raise UserError(
            f"备份写入后读回核对没有通过（{reason}），这份备份已删除。"
            "U盘可能有问题，请换一个U盘再试。现在的数据没有受影响。"
        )


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def create_backup(
    db_path: Path,
    folder: Path,
    *,
    password: str | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> CreatedBackup:
    """Back up the database at ``db_path`` into ``folder`` (a USB stick or any folder)."""
    folder = Path(folder)
    problem = _folder_problem(folder)
    if problem is not None:  # say so before the snapshot work
        raise problem
    with take_snapshot(Path(db_path), progress) as snapshot:
        return write_backup(snapshot, folder, password=password, now=now, progress=progress)
