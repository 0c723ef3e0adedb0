"""Password protection of a backup: an Argon2id key and chunked AES-256-GCM.

The password is stretched with Argon2id (RFC 9106's second recommended setting: 3 passes,
64 MiB, 4 lanes; about 0.2 s on a current desktop, about a second on a slow laptop) with a fresh
random salt per file. The derived 64 bytes are split into the cipher key and a key check value:
a short hash of the check half is stored in the header so that a wrong password can be told
apart from a damaged file.

The content is sealed in chunks (the STREAM construction): chunk ``i`` is encrypted with AES-GCM
under the nonce ``prefix(7) || i(4, big-endian) || last(1)`` and the header's digest as associated
data. A chunk is therefore authenticated before any of its plaintext is used, chunks cannot be
reordered, dropped or swapped between files, and a file cut short is detected because its last
chunk does not carry the "last" flag.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from dangjian_desktop.errors import ValidationError

CIPHER = "AES-256-GCM"
KDF = "argon2id"
CHUNK_BYTES = 1 << 20          # plaintext bytes per sealed chunk
TAG_BYTES = 16
SALT_BYTES = 16
NONCE_PREFIX_BYTES = 7
MIN_PASSWORD_LENGTH = 6

# The key-derivation settings this program writes; a header asking for anything else is not
# one of its backups (a hostile header could otherwise ask for a gigabyte and a minute per try).
WRITTEN_KDF = ({"iterations": 3, "memory_kib": 64 * 1024, "lanes": 4},)


class SealError(Exception):
    """A chunk failed authentication (damaged, truncated, or not sealed with this key)."""


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    iterations: int = 3
    memory_kib: int = 64 * 1024
    lanes: int = 4

    @classmethod
    def fresh(cls) -> "KdfParams":
        return cls(salt=os.urandom(SALT_BYTES))

    def to_json(self) -> dict:
        return {"name": KDF, "salt": self.salt.hex(), "iterations": self.iterations,
                "memory_kib": self.memory_kib, "lanes": self.lanes}

    @classmethod
    def from_json(cls, value: object) -> "KdfParams":
        """Parse and range-check; ``ValueError`` for anything unexpected."""
        if not isinstance(value, dict) or value.get("name") != KDF:
            raise ValueError("unknown key derivation")
        salt = bytes.fromhex(value["salt"])
        if len(salt) != SALT_BYTES:
            raise ValueError("salt of another length")
        numbers = {key: value.get(key) for key in WRITTEN_KDF[0]}
        if any(isinstance(n, bool) for n in numbers.values()) or numbers not in WRITTEN_KDF:
            raise ValueError("key derivation settings this program does not write")
        return cls(salt=salt, **numbers)


@dataclass(frozen=True)
class DerivedKey:
    key: bytes
    check: bytes  # the value stored in the header (16 bytes)

    def matches(self, stored_check: bytes) -> bool:
        return hmac.compare_digest(self.check, stored_check)


def normalise_password(password: str) -> bytes:
    return unicodedata.normalize("NFC", password).encode("utf-8")


def derive_key(password: str, params: KdfParams) -> DerivedKey:
    material = Argon2id(
        salt=params.salt,
        length=64,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(normalise_password(password))
    check = hashlib.sha256(b"djbak key check" + material[32:]).digest()[:16]
    return DerivedKey(key=material[:32], check=check)


def check_new_password(first: str, second: str) -> str:
    """The password to use for a new backup, or ValidationError with what to fix."""
    if first != second:
        raise ValidationError({"password2": "两次输入的密码不一样，请重新输入。"})
    return check_password_rule(first)


def check_password_rule(first: str) -> str:
    """A new backup's password follows one rule wherever it comes from (window, command line)."""
    if len(first) < MIN_PASSWORD_LENGTH:
        raise ValidationError({"password": f"密码至少要 {MIN_PASSWORD_LENGTH} 位，请设一个长一点、自己记得住的密码。"})
    if first != first.strip():
        raise ValidationError({"password": "密码的开头或结尾有空格，请去掉空格后再输入。"})
    return first


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


class ChunkSealer:
    """Writes plaintext as sealed chunks to ``out`` (call :meth:`close` to emit the last one)."""

    def __init__(self, out: BinaryIO, key: bytes, nonce_prefix: bytes, aad: bytes):
        self._out = out
        self._aead = AESGCM(key)
        self._prefix = nonce_prefix
        self._aad = aad
        self._buffer = bytearray()
        self._index = 0

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:  # keep at least one byte back for the last chunk
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]

    def close(self) -> None:
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _emit(self, plaintext: bytes, last: bool) -> None:
        if self._index >= 2**32 - 1:
            raise OverflowError("too many chunks")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._index, last), plaintext, self._aad)
        self._out.write(sealed)
        self._index += 1


def open_chunks(source: BinaryIO, key: bytes, nonce_prefix: bytes, aad: bytes) -> Iterator[bytes]:
    """Yield the authenticated plaintext chunks of ``source``; :class:`SealError` on any damage."""
    aead = AESGCM(key)
    size = CHUNK_BYTES + TAG_BYTES
    pending = source.read(size)
    index = 0
    while True:
        following = source.read(size) if len(pending) == size else b""
        last = not following
        if len(pending) < TAG_BYTES:
            raise SealError("chunk too short")
        try:
            yield aead.decrypt(_nonce(nonce_prefix, index, last), pending, aad)
        except InvalidTag as exc:
            raise SealError(f"chunk {index} failed authentication") from exc
        if last:
            return
        pending = following
        index += 1


# --- sealed to the branch's key: automatic backups written without asking for the password ----
#
# When the user makes a password-protected backup, the program makes a key pair (X25519) and
# keeps the public key and the private key sealed with that password (Argon2id as above, then
# AES-GCM) among the branch's settings. An automatic backup is sealed to the public key: a fresh
# key pair per file, its Diffie-Hellman secret with the kept public key stretched by HKDF into
# the content key. Writing needs no password; reading needs it, to open the private key.

RECIPIENT_AAD = b"djbak auto-backup private key"


def _content_key(shared: bytes, ephemeral_public: bytes) -> DerivedKey:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"djbak sealed to key" + ephemeral_public).derive(shared)
    return DerivedKey(key=key, check=hashlib.sha256(b"djbak content check" + key).digest()[:16])


def _raw(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    if hasattr(key, "private_bytes"):
        return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def new_recipient(password: str) -> dict:
    """A key pair for automatic backups, its private half sealed with ``password``."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    params = KdfParams.fresh()
    unlock_key = derive_key(password, params)
    private = X25519PrivateKey.generate()
    nonce = os.urandom(12)
    wrapped = AESGCM(unlock_key.key).encrypt(nonce, _raw(private), RECIPIENT_AAD)
    return {"kdf": params.to_json(), "key_check": unlock_key.check.hex(), "public": _raw(private.public_key()).hex(),
            "nonce": nonce.hex(), "wrapped": wrapped.hex()}


def check_recipient(value: object) -> dict:
    """A kept or read recipient, checked field by field; ``ValueError`` otherwise."""
    if not isinstance(value, dict):
        raise ValueError("recipient")
    KdfParams.from_json(value["kdf"])
    lengths = {"key_check": 16, "public": 32, "nonce": 12, "wrapped": 48}
    if "ephemeral" in value:
        lengths.update(ephemeral=32, content_check=16)
    for name, length in lengths.items():
        if not isinstance(value[name], str) or len(bytes.fromhex(value[name])) != length:
            raise ValueError(name)
    return {name: value[name] for name in ("kdf", *lengths)}


def seal_to(recipient: dict) -> tuple[DerivedKey, dict]:
    """The content key of a new file sealed to ``recipient`` and what its header must carry."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    recipient = check_recipient(recipient)
    ephemeral = X25519PrivateKey.generate()
    public = _raw(ephemeral.public_key())
    content = _content_key(ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(recipient["public"]))),
                           public)
    return content, {**recipient, "ephemeral": public.hex(), "content_check": content.check.hex()}


def open_sealed_to(password: str, part: dict) -> DerivedKey | None:
    """The content key of a file sealed to a recipient; None for a wrong password. Raises
    ``SealError`` when the password is right but the key does not open (a changed file)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    unlock_key = derive_key(password, KdfParams.from_json(part["kdf"]))
    if not unlock_key.matches(bytes.fromhex(part["key_check"])):
        return None
    try:
        private = AESGCM(unlock_key.key).decrypt(bytes.fromhex(part["nonce"]), bytes.fromhex(part["wrapped"]),
                                                 RECIPIENT_AAD)
    except InvalidTag as exc:
        raise SealError("private key") from exc
    ephemeral = bytes.fromhex(part["ephemeral"])
    content = _content_key(X25519PrivateKey.from_private_bytes(private).exchange(
        X25519PublicKey.from_public_bytes(ephemeral)), ephemeral)
    if not hmac.compare_digest(content.check, bytes.fromhex(part["content_check"])):
        raise SealError("content key")
    return content
