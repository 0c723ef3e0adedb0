"""The .djbak file: round trip, password, and every kind of damage rejected."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
from pathlib import Path

import pytest

from dangjian_desktop import __version__
from dangjian_desktop.backup import crypto, package
from dangjian_desktop.backup.create import create_backup
from dangjian_desktop.backup.package import (
    BackupTooNew,
    DamagedBackup,
    IncompleteBackup,
    NotABackup,
    PasswordRequired,
    WrongPassword,
    read_backup,
    read_header,
)
from dangjian_desktop.backup.verify import verify_backup
from dangjian_desktop.db import schema
from dangjian_desktop.errors import UserError
from tests.test_backup_fixtures import dump_tables, fill_every_table, flip, spread_offsets

NOW = dt.datetime(2026, 11, 23, 15, 30, 12).astimezone()
PASSWORD = "东坡村2026党建"


@pytest.fixture
def full_db(demo_db):
    """The demo branch with a row in every table, attachments with binary data included."""
    path = demo_db.path
    demo_db.close()
    fill_every_table(path)
    return path


@pytest.fixture
def usb(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


def restored_dump(backup: Path, tmp_path: Path, password=None) -> dict:
    out = tmp_path / "extracted.sqlite3"
    with open(out, "wb") as fh:
        read_backup(backup, fh.write, password=password)
    return dump_tables(out)


def test_round_trip_is_exact_for_every_table(full_db, usb, tmp_path):
    before = dump_tables(full_db)
    created = create_backup(full_db, usb, now=NOW)
    assert created.path == usb / "东坡村党支部_2026-11-23_1530.djbak"
    assert created.path.stat().st_size == created.bytes
    assert restored_dump(created.path, tmp_path) == before
    attachments = before.get("attachment")
    if attachments is not None:  # binary attachment data survived byte for byte
        assert any(isinstance(v, bytes) and len(v) >= 2000 for row in attachments for v in row)


def test_round_trip_with_password_is_exact(full_db, usb, tmp_path):
    before = dump_tables(full_db)
    created = create_backup(full_db, usb, password=PASSWORD, now=NOW)
    assert restored_dump(created.path, tmp_path, password=PASSWORD) == before


def test_header_describes_the_backup(full_db, usb):
    created = create_backup(full_db, usb, now=NOW)
    info = read_header(created.path).info
    assert info.branch == "东坡村党支部"
    assert info.created_at == NOW
    assert info.program_version == __version__
    assert info.schema_version == schema.LATEST_VERSION
    assert info.application_id == schema.APPLICATION_ID
    dump = dump_tables(full_db)
    assert info.member_records == len(dump["member"])
    assert info.members == sum(1 for row in dump["member"] if "active" in row)
    assert info.activities == len(dump.get("activity", []))
    assert info.tables == {k: len(v) for k, v in dump.items() if not k.startswith("~")}
    assert not info.encrypted


def test_file_sha256_in_result_matches_file(full_db, usb):
    created = create_backup(full_db, usb, now=NOW)
    assert created.sha256 == hashlib.sha256(created.path.read_bytes()).hexdigest()
    assert created.to_json() == {"path": str(created.path), "bytes": created.bytes, "sha256": created.sha256}


def test_password_backup_reveals_nothing_without_it(full_db, usb):
    created = create_backup(full_db, usb, password=PASSWORD, now=NOW)
    data = created.path.read_bytes()
    dump = dump_tables(full_db)
    some_name = dump["member"][0][1]
    some_id_number = next(row[6] for row in dump["member"] if row[6])
    for secret in ("东坡村党支部", some_name, some_id_number, "SQLite format 3", "member"):
        assert secret.encode("utf-8") not in data
    header = read_header(created.path)
    assert header.info is None and header.encrypted
    assert header.encryption["kdf"]["name"] == "argon2id"
    assert header.encryption["kdf"]["memory_kib"] >= 19 * 1024  # at least OWASP's minimum
    with pytest.raises(PasswordRequired):
        read_backup(created.path)


def test_each_password_backup_has_a_fresh_salt_and_nonce(full_db, usb):
    a = read_header(create_backup(full_db, usb, password=PASSWORD, now=NOW).path).encryption
    b = read_header(create_backup(full_db, usb, password=PASSWORD, now=NOW).path).encryption
    assert a["kdf"]["salt"] != b["kdf"]["salt"]
    assert a["nonce_prefix"] != b["nonce_prefix"]


def test_wrong_password_is_refused_with_a_clear_message(full_db, usb):
    created = create_backup(full_db, usb, password=PASSWORD, now=NOW)
    with pytest.raises(WrongPassword) as err:
        verify_backup(created.path, password="东坡村2026党建 ")
    assert "密码不对" in str(err.value)


def test_an_earlier_backup_is_never_overwritten(full_db, usb):
    first = create_backup(full_db, usb, now=NOW)
    first_bytes = first.path.read_bytes()
    second = create_backup(full_db, usb, now=NOW)
    third = create_backup(full_db, usb, now=NOW)
    assert second.path.name == "东坡村党支部_2026-11-23_1530_2.djbak"
    assert third.path.name == "东坡村党支部_2026-11-23_1530_3.djbak"
    assert first.path.read_bytes() == first_bytes
    assert sorted(p.name for p in usb.iterdir()) == sorted([first.path.name, second.path.name, third.path.name])


def test_every_flipped_header_byte_and_many_body_bytes_are_rejected(full_db, usb, tmp_path):
    created = create_backup(full_db, usb, now=NOW)
    data = created.path.read_bytes()
    header = read_header(created.path)
    bad = tmp_path / "bad.djbak"
    offsets = spread_offsets(len(data), 400, head=header.body_offset)
    assert len(offsets) > header.body_offset + 300
    for offset in offsets:
        bad.write_bytes(flip(data, offset))
        with pytest.raises((DamagedBackup, NotABackup, IncompleteBackup)):
            verify_backup(bad)


def test_flipped_bytes_in_a_password_backup_are_rejected(full_db, usb, tmp_path):
    created = create_backup(full_db, usb, password=PASSWORD, now=NOW)
    data = created.path.read_bytes()
    header = read_header(created.path)
    key = crypto.derive_key(PASSWORD, header.kdf)
    bad = tmp_path / "bad.djbak"
    for offset in spread_offsets(len(data), 300, head=header.body_offset):
        bad.write_bytes(flip(data, offset))
        with pytest.raises((DamagedBackup, NotABackup, IncompleteBackup)):
            # The key is passed in so that 500 tries do not each spend a second on Argon2id;
            # it is checked against the header's key check all the same.
            read_backup(bad, key=key)


def test_truncated_files_are_rejected(full_db, usb, tmp_path):
    created = create_backup(full_db, usb, now=NOW)
    data = created.path.read_bytes()
    bad = tmp_path / "cut.djbak"
    for length in spread_offsets(len(data), 300, head=80):
        bad.write_bytes(data[:length])
        with pytest.raises((IncompleteBackup, DamagedBackup, NotABackup)):
            verify_backup(bad)
    bad.write_bytes(data + b"\x00")
    with pytest.raises(DamagedBackup):
        verify_backup(bad)


def test_truncated_password_files_are_rejected(full_db, usb, tmp_path):
    created = create_backup(full_db, usb, password=PASSWORD, now=NOW)
    data = created.path.read_bytes()
    header = read_header(created.path)
    key = crypto.derive_key(PASSWORD, header.kdf)
    bad = tmp_path / "cut.djbak"
    for length in spread_offsets(len(data), 200, head=0)[::3]:
        bad.write_bytes(data[:length])
        with pytest.raises((IncompleteBackup, DamagedBackup, NotABackup)):
            read_backup(bad, key=key)


def test_a_file_that_is_not_a_backup_is_named_as_such(tmp_path, full_db):
    for content in (b"", b"PK\x03\x04 an xlsx file", full_db.read_bytes()[:5000], "党员名单".encode()):
        other = tmp_path / "名单.djbak"
        other.write_bytes(content)
        with pytest.raises(NotABackup) as err:
            verify_backup(other)
        assert "不是党支部工作台的备份文件" in str(err.value)


def test_missing_file_gives_a_chinese_message(tmp_path):
    with pytest.raises(UserError) as err:
        verify_backup(tmp_path / "没有这个.djbak")
    assert "找不到备份文件" in str(err.value)


def _rewrite_header(source: Path, target: Path, change) -> None:
    """Write a copy whose header is changed and re-sealed with a correct digest (a newer program)."""
    data = source.read_bytes()
    header = read_header(source)
    (length,) = struct.unpack(">I", data[len(package.MAGIC):len(package.MAGIC) + 4])
    value = json.loads(data[len(package.MAGIC) + 4:len(package.MAGIC) + 4 + length])
    change(value)
    head, _digest = package.encode_header(value)
    content = head + data[header.body_offset:-package.TRAILER_BYTES]
    target.write_bytes(content + hashlib.sha256(content).digest())


def test_backup_from_a_newer_program_is_refused(full_db, usb, tmp_path):
    created = create_backup(full_db, usb, now=NOW)
    newer = tmp_path / "newer.djbak"

    def newer_program(value):
        value["info"]["program_version"] = "9.0.0"

    _rewrite_header(created.path, newer, newer_program)
    with pytest.raises(BackupTooNew) as err:
        verify_backup(newer)
    assert "较新版本" in str(err.value) and "9.0.0" in str(err.value)

    def newer_schema(value):
        value["info"]["schema_version"] = schema.LATEST_VERSION + 1

    _rewrite_header(created.path, newer, newer_schema)
    with pytest.raises(BackupTooNew):
        verify_backup(newer)

    def newer_format(value):
        value["format"] = package.READABLE_FORMAT + 1

    _rewrite_header(created.path, newer, newer_format)
    with pytest.raises(BackupTooNew):
        verify_backup(newer)


def test_header_digest_is_checked_even_without_password(full_db, usb, tmp_path):
    created = create_backup(full_db, usb, now=NOW)
    data = created.path.read_bytes()
    changed = data.replace("东坡村党支部".encode(), "西坡村党支部".encode(), 1)
    assert changed != data
    bad = tmp_path / "bad.djbak"
    bad.write_bytes(changed)
    with pytest.raises(DamagedBackup):
        read_header(bad)


def test_counts_must_match_the_content(full_db, usb, tmp_path):
    created = create_backup(full_db, usb, now=NOW)
    other = tmp_path / "other.djbak"

    def one_member_less(value):
        value["info"]["tables"]["member"] -= 1

    _rewrite_header(created.path, other, one_member_less)
    with pytest.raises(DamagedBackup) as err:
        verify_backup(other)
    assert "条数" in str(err.value)


def test_kdf_parameters_from_a_file_are_range_checked():
    good = crypto.KdfParams.fresh().to_json()
    assert crypto.KdfParams.from_json(good).memory_kib == 64 * 1024
    for key, value in (("memory_kib", 1 << 30), ("iterations", 1000), ("lanes", 0), ("iterations", True),
                       ("memory_kib", 1024 * 1024), ("iterations", 16), ("lanes", 16), ("salt", "00" * 8)):
        with pytest.raises(ValueError):
            crypto.KdfParams.from_json({**good, key: value})


def test_new_password_rules():
    from dangjian_desktop.errors import ValidationError

    assert crypto.check_new_password("dongpo2026", "dongpo2026") == "dongpo2026"
    with pytest.raises(ValidationError) as err:
        crypto.check_new_password("dongpo2026", "dongpo2025")
    assert "两次输入的密码不一样" in err.value.problems["password2"]
    with pytest.raises(ValidationError):
        crypto.check_new_password("12345", "12345")


def test_version_comparison():
    assert package.is_newer_program("9.0.0")
    assert package.is_newer_program(__version__ + ".1")
    assert not package.is_newer_program(__version__)
    assert not package.is_newer_program("0.0.9")
