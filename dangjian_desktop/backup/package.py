"""The ``.djbak`` file: one self-describing backup of the branch database.

Layout::

    magic        10 bytes  b"\\x89DJBAK\\r\\n\\x1a\\n"  (catches text-mode copies, like PNG's)
    header_len    4 bytes  big-endian
    header        header_len bytes of UTF-8 JSON
    digest       32 bytes  SHA-256 of magic + header_len + header
    body         the rest

The header always has ``format`` and ``encryption``. Without a password the header also
carries ``info`` (branch, created-at, versions, counts, size and SHA-256 of the database), the
body is the zlib-compressed database, and the file ends with a 32-byte SHA-256 of everything
before it (so that even a changed bit that deflate would ignore is noticed). With a password the header only names the cipher and the
key derivation (salt, parameters, key check); the body is sealed with
:mod:`dangjian_desktop.backup.crypto` and its plaintext is ``info_len (4) + info JSON +
compressed database``, with the header digest as associated data — so the file reveals nothing
but its size without the password, and the header is authenticated too.

Reading (:func:`read_backup`) checks, in order: magic, header digest, format version, password,
info, versions (a newer program's backup is refused), then streams the body through
decompression into a sink while hashing it, and compares size and SHA-256 with ``info``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from dangjian_desktop import __version__
from dangjian_desktop.backup import crypto
from dangjian_desktop.db import schema
from dangjian_desktop.errors import UserError, os_error_text

MAGIC = b"\x89DJBAK\r\n\x1a\n"
FORMAT_VERSION = 1          # what a backup with or without a password is written as
SEALED_TO_KEY_FORMAT = 2    # an automatic backup sealed to the branch's key (crypto.seal_to)
READABLE_FORMAT = 2
SUFFIX = ".djbak"
COMPRESSION = "zlib"
COMPRESS_LEVEL = 1          # fast; a branch database still shrinks to about a third
MAX_HEADER_BYTES = 1 << 16
MAX_INFO_BYTES = 1 << 20
READ_BYTES = 1 << 20
TRAILER_BYTES = 32          # plain files: SHA-256 of all bytes before it

Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, text: str = "") -> None:
    pass


# --- errors ------------------------------------------------------------------------------------

class BackupError(UserError):
    """A backup file cannot be used; the message says why and what to do."""


class NotABackup(BackupError):
    def __init__(self, path: Path):
        super().__init__(
            f"“{path.name}”不是党支部工作台的备份文件。请选择备份时生成的、名字以 {SUFFIX} 结尾的文件。"
        )


class DamagedBackup(BackupError):
    def __init__(self, path: Path, where: str):
        super().__init__(
            f"备份文件“{path.name}”已经损坏（{where}），不能用来恢复。"
            "请换一份备份，例如另一个U盘上的或本机的自动备份。"
        )


class IncompleteBackup(BackupError):
    def __init__(self, path: Path):
        super().__init__(
            f"备份文件“{path.name}”不完整，可能是写入时U盘被拔出或空间不够。"
            "这份备份不能用来恢复，请换一份备份。"
        )


class PasswordRequired(BackupError):
    def __init__(self, path: Path):
        super().__init__(f"备份文件“{path.name}”设置了密码，请输入备份时设的密码。")


class WrongPassword(BackupError):
    def __init__(self, path: Path):
        super().__init__(
            f"密码不对，打不开备份文件“{path.name}”。"
            "请注意大小写、数字和字母有没有输错，输入法是否处在全角状态，然后再试一次。"
        )


class BackupTooNew(BackupError):
    def __init__(self, path: Path, version: str):
        super().__init__(
            f"备份文件“{path.name}”是较新版本的党支部工作台（{version}）做的，"
            f"本程序（{__version__}）不能使用它。请先安装新版本的程序再恢复。备份和现在的数据都没有改动。"
        )


def read_error(path: Path, exc: OSError) -> BackupError:
    if isinstance(exc, FileNotFoundError):
        return BackupError(f"找不到备份文件“{path}”。如果文件在U盘上，请检查U盘是否插好，然后重新选择文件。")
    if isinstance(exc, IsADirectoryError):
        return BackupError(f"“{path}”是一个文件夹，请选择文件夹里名字以 {SUFFIX} 结尾的备份文件。")
    if isinstance(exc, PermissionError):
        return BackupError(f"没有权限读取备份文件“{path}”。请先把文件复制到电脑上再试。")
    return BackupError(
        f"读取备份文件“{path}”时出错：{os_error_text(exc)}。"
        "如果文件在U盘上，请检查U盘是否插好，或先把文件复制到电脑上再试。"
    )


# --- what a backup holds -----------------------------------------------------------------------

@dataclass
class BackupInfo:
    """What the header (or, with a password, the sealed info block) says about the backup."""

    program_version: str
    schema_version: int
    application_id: int
    created_at: dt.datetime
    branch: str
    members: int                     # members on the active roster
    member_records: int              # every member record, former members included
    activities: int
    tables: dict[str, int]           # rows per table: checked again after a restore
    content_bytes: int
    content_sha256: str
    compression: str = COMPRESSION
    encrypted: bool = False
    reason: str = ""                 # automatic backups: why it was made ("退出时" …)

    def to_json(self) -> dict:
        return {
            "program": "党支部工作台",
            "program_version": self.program_version,
            "schema_version": self.schema_version,
            "application_id": self.application_id,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "branch": self.branch,
            "counts": {"members": self.members, "member_records": self.member_records,
                       "activities": self.activities},
            "tables": dict(sorted(self.tables.items())),
            "content": {"bytes": self.content_bytes, "sha256": self.content_sha256,
                        "compression": self.compression},
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, value: dict, *, encrypted: bool) -> "BackupInfo":
        """``ValueError``/``KeyError``/``TypeError`` on anything malformed."""
        counts = value["counts"]
        content = value["content"]
        tables = {str(k): _int(v) for k, v in dict(value["tables"]).items()}
        sha = str(content["sha256"])
        if len(sha) != 64:
            raise ValueError("bad sha256")
        bytes.fromhex(sha)
        return cls(
            program_version=str(value["program_version"]),
            schema_version=_int(value["schema_version"]),
            application_id=_int(value["application_id"]),
            created_at=dt.datetime.fromisoformat(value["created_at"]),
            branch=str(value["branch"]),
            members=_int(counts["members"]),
            member_records=_int(counts["member_records"]),
            activities=_int(counts["activities"]),
            tables=tables,
            content_bytes=_int(content["bytes"]),
            content_sha256=sha,
            compression=str(content["compression"]),
            encrypted=encrypted,
            reason=str(value.get("reason", "")),
        )


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("not a count")
    return value


def version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        parts.append(int(digits) if digits else 0)
        if len(digits) != len(piece):
            break
    return tuple(parts)


def is_newer_program(version: str) -> bool:
    ours = version_tuple(__version__)
    theirs = version_tuple(version)
    width = max(len(ours), len(theirs))
    return theirs + (0,) * (width - len(theirs)) > ours + (0,) * (width - len(ours))


# --- header ------------------------------------------------------------------------------------

@dataclass
class Header:
    format: int
    encryption: dict | None
    info: BackupInfo | None          # None when encrypted (it is inside the sealed body)
    digest: bytes                    # SHA-256 of magic + length + header: AAD for the body
    body_offset: int
    file_bytes: int
    kdf: crypto.KdfParams | None = None
    key_check: bytes = b""
    nonce_prefix: bytes = b""
    recipient: dict | None = None    # sealed to the branch's key: what opens the content key

    @property
    def encrypted(self) -> bool:
        return self.encryption is not None


def encode_header(header_json: dict) -> tuple[bytes, bytes]:
    """(bytes to write before the body, digest of the header)."""
    text = json.dumps(header_json, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    if len(text) > MAX_HEADER_BYTES:
        raise ValueError("header too large")
    head = MAGIC + struct.pack(">I", len(text)) + text
    digest = hashlib.sha256(head).digest()
    return head + digest, digest


def encryption_json(params: crypto.KdfParams, key: crypto.DerivedKey, nonce_prefix: bytes) -> dict:
    return {
        "cipher": crypto.CIPHER,
        "chunk_bytes": crypto.CHUNK_BYTES,
        "nonce_prefix": nonce_prefix.hex(),
        "kdf": params.to_json(),
        "key_check": key.check.hex(),
    }


def sealed_to_key_json(part: dict, nonce_prefix: bytes) -> dict:
    """The header's ``encryption`` of a file sealed to the branch's key (``part`` from
    crypto.seal_to: the password's key derivation and check, the sealed private key, the
    file's own public key)."""
    return {"cipher": crypto.CIPHER, "chunk_bytes": crypto.CHUNK_BYTES, "nonce_prefix": nonce_prefix.hex(),
            "kdf": part["kdf"], "key_check": part["key_check"], "recipient": part}


def read_header(path: Path, fh: BinaryIO | None = None) -> Header:
    """Parse and check the header (cheap: the body is not read)."""
    own = fh is None
    try:
        if own:
            fh = open(path, "rb")
        try:
            size = os.fstat(fh.fileno()).st_size
            magic = fh.read(len(MAGIC))
            if magic != MAGIC:
                if len(magic) < len(MAGIC) and MAGIC.startswith(magic) and magic:
                    raise IncompleteBackup(path)
                raise NotABackup(path)
            raw_len = fh.read(4)
            if len(raw_len) < 4:
                raise IncompleteBackup(path)
            (length,) = struct.unpack(">I", raw_len)
            if length > MAX_HEADER_BYTES:
                raise DamagedBackup(path, "文件开头的说明部分长度不对")
            text = fh.read(length)
            digest = fh.read(32)
            if len(text) < length or len(digest) < 32:
                raise IncompleteBackup(path)
        finally:
            if own:
                fh.close()
    except OSError as exc:
        raise read_error(path, exc) from exc
    expected = hashlib.sha256(magic + raw_len + text).digest()
    if expected != digest:
        raise DamagedBackup(path, "文件开头的说明部分对不上")
    try:
        value = json.loads(text.decode("utf-8"))
        fmt = value["format"]
        if not isinstance(fmt, int):
            raise ValueError("format")
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedBackup(path, "文件开头的说明部分无法读取") from exc
    if fmt > READABLE_FORMAT:
        raise BackupTooNew(path, str(value.get("program_version") or f"备份格式 {fmt}"))
    header = Header(format=fmt, encryption=value.get("encryption"), info=None, digest=digest,
                    body_offset=len(MAGIC) + 4 + length + 32, file_bytes=size)
    try:
        if header.encryption is None:
            header.info = BackupInfo.from_json(value["info"], encrypted=False)
        else:
            enc = header.encryption
            if enc["cipher"] != crypto.CIPHER or enc["chunk_bytes"] != crypto.CHUNK_BYTES:
                raise ValueError("cipher")
            header.kdf = crypto.KdfParams.from_json(enc["kdf"])
            header.key_check = bytes.fromhex(enc["key_check"])
            header.nonce_prefix = bytes.fromhex(enc["nonce_prefix"])
            if len(header.nonce_prefix) != crypto.NONCE_PREFIX_BYTES:
                raise ValueError("nonce")
            if (fmt == SEALED_TO_KEY_FORMAT) != ("recipient" in enc):
                raise ValueError("recipient")
            if fmt == SEALED_TO_KEY_FORMAT:
                header.recipient = crypto.check_recipient(enc["recipient"])
                if "ephemeral" not in header.recipient or enc["kdf"] != header.recipient["kdf"]:
                    raise ValueError("recipient")
                # Listed without the password (when, why, how many): the members' data stay sealed.
                header.info = BackupInfo.from_json(value["info"], encrypted=True)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DamagedBackup(path, "文件开头的说明部分内容不对") from exc
    return header


def check_versions(path: Path, info: BackupInfo) -> None:
    """Refuse a backup made by a newer program (or with a newer data version)."""
    if info.schema_version > schema.LATEST_VERSION or is_newer_program(info.program_version):
        raise BackupTooNew(path, info.program_version)
    if info.compression != COMPRESSION:
        raise BackupTooNew(path, info.program_version)


# --- reading the body --------------------------------------------------------------------------

@dataclass
class ReadResult:
    info: BackupInfo
    header: Header
    key: crypto.DerivedKey | None = None
    file_sha256: str = ""
    extra: dict = field(default_factory=dict)


def unlock(path: Path, header: Header, password: str | None,
           key: crypto.DerivedKey | None = None) -> crypto.DerivedKey | None:
    """The key of an encrypted backup (checking the password), or None for a plain one."""
    if not header.encrypted:
        return None
    if header.recipient is not None:
        if key is not None:                 # the content key the writer used (its read-back)
            if not key.matches(bytes.fromhex(header.recipient["content_check"])):
                raise WrongPassword(path)
            return key
        if not password:
            raise PasswordRequired(path)
        try:
            key = crypto.open_sealed_to(password, header.recipient)
        except crypto.SealError as exc:
            raise DamagedBackup(path, "加密的钥匙对不上，文件有改动") from exc
        if key is None:
            raise WrongPassword(path)
        return key
    if key is None:
        if not password:
            raise PasswordRequired(path)
        key = crypto.derive_key(password, header.kdf)
    if not key.matches(header.key_check):
        raise WrongPassword(path)
    return key


class _HashingReader:
    """File reader that hashes what it reads (the whole file's SHA-256) and reports progress."""

    def __init__(self, fh: BinaryIO, total: int, progress: Progress, text: str):
        self._fh = fh
        self.sha = hashlib.sha256()
        self.done = 0
        self.total = total
        self._progress = progress
        self._text = text

    def read(self, size: int) -> bytes:
        data = self._fh.read(size)
        self.sha.update(data)
        self.done += len(data)
        self._progress(self.done, self.total, self._text)
        return data


def read_backup(
    path: Path,
    sink: Callable[[bytes], object] | None = None,
    *,
    password: str | None = None,
    key: crypto.DerivedKey | None = None,
    progress: Progress | None = None,
    progress_text: str = "正在读取备份…",
) -> ReadResult:
    """Read and check a whole backup, passing the database bytes to ``sink`` as they come.

    Raises a :class:`BackupError` subclass for every way a file can be unusable; ``sink`` may
    already have received data by then, so write it somewhere temporary.
    """
    progress = progress or _no_progress
    target = sink or (lambda data: None)

    def sink(data: bytes) -> None:
        try:
            target(data)
        except OSError as exc:            # writing where the content goes, not reading the backup
            raise _SinkFailed(exc) from exc

    path = Path(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise read_error(path, exc) from exc
    with fh:
        header = read_header(path, fh)
        key = unlock(path, header, password, key)
        reader = _HashingReader(fh, header.file_bytes, progress, progress_text)
        # The header bytes count for the file's SHA-256 too.
        fh.seek(0)
        reader.read(header.body_offset)
        try:
            if header.encrypted:
                info = _read_sealed(path, header, key, reader, sink)
            else:
                info = header.info
                check_versions(path, info)
                body_bytes = header.file_bytes - header.body_offset - TRAILER_BYTES
                if body_bytes <= 0:
                    raise IncompleteBackup(path)
                _inflate(path, info, _plain_chunks(reader, body_bytes), sink)
                expected = reader.sha.copy().digest()
                if reader.read(TRAILER_BYTES) != expected:
                    raise DamagedBackup(path, "整个文件的校验值对不上")
        except _SinkFailed as failed:
            raise failed.error from None
        except OSError as exc:
            raise read_error(path, exc) from exc
    return ReadResult(info=info, header=header, key=key, file_sha256=reader.sha.hexdigest())


class _SinkFailed(Exception):
    """The content's destination failed (a full local disk): told apart from reading the backup."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def _plain_chunks(reader: _HashingReader, remaining: int):
    while remaining > 0:
        data = reader.read(min(READ_BYTES, remaining))
        if not data:
            return
        remaining -= len(data)
        yield data


def _read_sealed(path: Path, header: Header, key: crypto.DerivedKey, reader: _HashingReader,
                 sink: Callable[[bytes], object]) -> BackupInfo:
    chunks = crypto.open_chunks(reader, key.key, header.nonce_prefix, header.digest)

    def guarded():
        try:
            yield from chunks
        except crypto.SealError as exc:
            # The key check passed, so this is damage or a cut-off file, not a wrong password.
            raise DamagedBackup(path, "加密的内容对不上，文件有改动或不完整") from exc

    stream = guarded()
    buffer = b""
    for chunk in stream:
        buffer += chunk
        if len(buffer) >= 4:
            (length,) = struct.unpack(">I", buffer[:4])
            if length > MAX_INFO_BYTES:
                raise DamagedBackup(path, "备份说明部分长度不对")
            if len(buffer) >= 4 + length:
                break
    else:
        raise IncompleteBackup(path)
    try:
        info = BackupInfo.from_json(json.loads(buffer[4:4 + length].decode("utf-8")), encrypted=True)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DamagedBackup(path, "备份说明部分无法读取") from exc
    if header.info is not None and header.info.to_json() != info.to_json():
        raise DamagedBackup(path, "文件开头的说明和加密的内容不一致")
    check_versions(path, info)
    rest = buffer[4 + length:]

    def body():
        if rest:
            yield rest
        yield from stream

    _inflate(path, info, body(), sink)
    return info


def _inflate(path: Path, info: BackupInfo, chunks, sink: Callable[[bytes], object]) -> None:
    inflater = zlib.decompressobj()
    sha = hashlib.sha256()
    total = 0
    try:
        for data in chunks:
            if inflater.eof:
                raise DamagedBackup(path, "文件末尾有多余的内容")
            # Bounded output per call: a damaged stream cannot blow up memory.
            while data:
                out = inflater.decompress(data, READ_BYTES * 4)
                data = inflater.unconsumed_tail
                if out:
                    total += len(out)
                    if total > info.content_bytes:
                        raise DamagedBackup(path, "内容比说明的多")
                    sha.update(out)
                    sink(out)
                if inflater.eof:
                    if inflater.unused_data or data:
                        raise DamagedBackup(path, "文件末尾有多余的内容")
                    break
    except zlib.error as exc:
        raise DamagedBackup(path, "压缩的内容无法解开") from exc
    if not inflater.eof:
        raise IncompleteBackup(path)
    if total != info.content_bytes or sha.hexdigest() != info.content_sha256:
        raise DamagedBackup(path, "内容的校验值对不上")
