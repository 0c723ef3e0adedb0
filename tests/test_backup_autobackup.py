"""Automatic local backups, USB drive listing and the last-USB-backup reminder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dangjian_desktop.backup.autobackup import (
    auto_backup_folder,
    list_auto_backups,
    make_auto_backup,
    thin_auto_backups,
)
from dangjian_desktop.backup.drives import format_size, removable_mount_points
from dangjian_desktop.backup.reminder import record_usb_backup, usb_backup_status
from dangjian_desktop.backup.rotation import KeepPolicy
from dangjian_desktop.backup.verify import verify_backup
from dangjian_desktop.core.settings import put as set_setting
from dangjian_desktop.db.models import Member
from tests.conftest import TODAY
from tests.test_backup_fixtures import dump_tables

T0 = dt.datetime(2026, 11, 26, 9, 0).astimezone()


def test_auto_backup_goes_beside_the_database_and_is_sound(demo_db):
    made = make_auto_backup(demo_db.path, "exit", now=T0)
    assert made.created
    assert made.path.parent == auto_backup_folder(demo_db.path) == demo_db.path.parent / "branch-自动备份"
    assert made.path.name == "东坡村党支部_2026-11-26_090000_退出时.djbak"
    assert made.reason == "退出时"
    assert verify_backup(made.path).member_records == Member.select().count()


def test_unchanged_data_writes_no_second_backup(demo_db):
    first = make_auto_backup(demo_db.path, "timer", now=T0)
    again = make_auto_backup(demo_db.path, "timer", now=T0 + dt.timedelta(minutes=30))
    assert not again.created and again.path == first.path
    Member.update(note="改了一点").where(Member.id == 1).execute()
    third = make_auto_backup(demo_db.path, "timer", now=T0 + dt.timedelta(minutes=60))
    assert third.created and third.path != first.path
    assert [b.path for b in list_auto_backups(demo_db.path)] == [third.path, first.path]


def test_auto_backups_are_thinned_by_date(demo_db):
    policy = KeepPolicy(recent=2, daily=3, weekly=0, monthly=0)
    made = []
    for n in range(6):  # one backup a day for six days, each with different data
        Member.update(note=f"第{n}天").where(Member.id == 1).execute()
        made.append(make_auto_backup(demo_db.path, "exit", now=T0 + dt.timedelta(days=n), policy=policy))
    remaining = [b.path for b in list_auto_backups(demo_db.path)]
    assert remaining == [made[5].path, made[4].path, made[3].path]
    assert not made[0].path.exists()


def test_thinning_removes_stale_temporary_files(demo_db):
    make_auto_backup(demo_db.path, "exit", now=T0)
    stale = auto_backup_folder(demo_db.path) / "东坡村党支部_2026-11-25_090000_退出时.djbak.tmp"
    stale.write_bytes(b"half written")
    thin_auto_backups(demo_db.path, now=T0)
    assert not stale.exists()


def test_auto_backup_content_equals_the_database(demo_db, tmp_path):
    from dangjian_desktop.backup.package import read_backup

    made = make_auto_backup(demo_db.path, "import", now=T0)
    out = tmp_path / "x.sqlite3"
    with open(out, "wb") as fh:
        read_backup(made.path, fh.write)
    assert dump_tables(out) == dump_tables(demo_db.path)


def test_removable_mount_points_from_proc_mounts():
    text = "\n".join([
        "/dev/sda1 / ext4 rw,relatime 0 0",
        "/dev/sdb1 /media/lisi/KINGSTON vfat rw,nosuid,nodev 0 0",
        r"/dev/sdc1 /media/lisi/U\040盘 vfat rw 0 0".replace("盘", "\\347\\233\\230"),
        "/dev/sdd1 /run/media/lisi/DATA exfat rw 0 0",
        "/dev/sde1 /media/usb0 vfat rw 0 0",
        "tmpfs /run/user/1000 tmpfs rw 0 0",
        "/dev/sdb1 /media/lisi/KINGSTON vfat rw 0 0",
        "/dev/sdf1 /media/lisi ext4 rw 0 0",
        "/dev/sdg1 /mnt/backup ext4 rw 0 0",
    ])
    assert removable_mount_points(text, "lisi") == [
        Path("/media/lisi/KINGSTON"),
        Path("/media/lisi/U 盘"),
        Path("/run/media/lisi/DATA"),
        Path("/media/usb0"),
    ]


def test_format_size():
    assert format_size(512) == "512 字节"
    assert format_size(13_594) == "13.3 KB"
    assert format_size(8 * 1024**3) == "8.0 GB"


def test_reminder_when_never_backed_up(opened):
    status = usb_backup_status(TODAY)
    assert status.days_since is None and status.due
    assert status.short_text == "还没有备份到U盘"
    assert "还没有把数据备份到U盘" in status.sentence


def test_reminder_counts_days_and_uses_the_threshold_setting(opened):
    record_usb_backup(dt.datetime(2026, 11, 23, 15, 30))
    status = usb_backup_status(TODAY)
    assert (status.days_since, status.reminder_days, status.due) == (3, 30, False)
    assert status.short_text == "上次U盘备份：3 天前"
    assert status.sentence == "上次备份到U盘：3 天前（2026-11-23）。"
    set_setting("usb_backup_reminder_days", 3)
    status = usb_backup_status(TODAY)
    assert status.due
    assert status.sentence == "上次备份到U盘：3 天前（2026-11-23），建议现在再备份一次。"
    record_usb_backup(dt.datetime(2026, 11, 26, 8, 0))
    assert usb_backup_status(TODAY).short_text == "上次U盘备份：今天"


@pytest.mark.parametrize("reason", ["exit", "timer", "import", "restore", "upgrade"])
def test_every_reason_has_a_label(demo_db, reason):
    assert make_auto_backup(demo_db.path, reason, now=T0).reason
