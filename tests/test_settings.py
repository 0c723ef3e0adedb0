"""The settings registry: typed values, defaults, bounds, where each is kept."""

import datetime as dt
import json
import sqlite3

import pytest

from dangjian_desktop.backup.create import create_backup
from dangjian_desktop.backup.reminder import record_usb_backup, usb_backup_status
from dangjian_desktop.backup.restore import restore_database
from dangjian_desktop.core import settings
from dangjian_desktop.core.group_rules import current_thresholds
from dangjian_desktop.db.connection import open_database
from dangjian_desktop.db.models import Setting
from dangjian_desktop.errors import ValidationError

NOW = dt.datetime(2026, 11, 26, 10, 0)


def test_every_setting_has_a_type_a_default_of_that_type_and_a_place():
    for key, spec in settings.SPECS.items():
        assert spec.key == key
        assert spec.store in (settings.BRANCH, settings.LOCAL, settings.WINDOW)
        assert spec.label
        if spec.default is not None:
            assert spec.check(spec.default) == spec.default
        if spec.type is int:
            assert spec.minimum is not None and spec.maximum is not None
            assert spec.minimum <= spec.default <= spec.maximum


def test_a_branch_setting_defaults_until_set_and_the_default_removes_its_row(opened):
    assert settings.get("group_min_members") == 3
    settings.put("group_min_members", 5)
    assert settings.get("group_min_members") == 5
    assert current_thresholds().min_members == 5
    settings.put("group_min_members", 3)
    assert Setting.select().where(Setting.key == "group_min_members").count() == 0


def test_out_of_range_is_refused_in_chinese_and_a_bad_stored_value_reads_as_the_default(opened):
    with pytest.raises(ValidationError) as caught:
        settings.put("group_min_members", 0)
    assert caught.value.problems == {"group_min_members": "“每个党小组至少”应在 1 到 50 之间。"}
    with pytest.raises(ValidationError):
        settings.put("usb_backup_reminder_days", "很多")
    Setting.create(key="group_target_max", value="-4")
    Setting.create(key="activity_exclude_flow", value="not json")
    assert settings.get("group_target_max") == 12
    assert settings.get("activity_exclude_flow") is True


def test_window_settings_are_not_read_by_core(opened):
    with pytest.raises(ValueError):
        settings.get("ui/font_size")


def test_the_last_usb_backup_is_kept_beside_the_data_file_not_in_it(opened, db_path):
    assert usb_backup_status(dt.date(2026, 11, 26)).last_at is None
    assert record_usb_backup(NOW)
    local = db_path.with_name(db_path.name + ".local.json")
    assert json.loads(local.read_text(encoding="utf-8")) == {"last_usb_backup_at": "2026-11-26T10:00:00"}
    assert Setting.select().count() == 0
    assert usb_backup_status(dt.date(2026, 11, 29)).days_since == 3


def test_an_older_program_s_stored_time_is_still_read_and_moved_out_when_written(opened, db_path):
    Setting.create(key="last_usb_backup_at", value=json.dumps("2026-10-01T09:00:00"))
    assert settings.get("last_usb_backup_at") == dt.datetime(2026, 10, 1, 9, 0)
    record_usb_backup(NOW)
    assert settings.get("last_usb_backup_at") == NOW
    assert Setting.select().where(Setting.key == "last_usb_backup_at").count() == 0


def test_restoring_an_older_backup_does_not_roll_back_the_last_usb_backup(tmp_path):
    db = tmp_path / "dangjian.sqlite3"
    usb = tmp_path / "usb"
    usb.mkdir()
    with open_database(db):
        settings.put("group_min_members", 4)
    backup = create_backup(db, usb, now=dt.datetime(2026, 11, 1, 9, 0)).path
    with open_database(db):
        settings.put("group_min_members", 6)          # changed after that backup
        record_usb_backup(NOW)                       # and a later backup to a stick
    restore_database(db, backup)
    with open_database(db):
        assert settings.get("group_min_members") == 4          # the branch's rules come back
        assert settings.get("last_usb_backup_at") == NOW       # the stick's date does not go back
        assert usb_backup_status(dt.date(2026, 11, 26)).short_text == "上次U盘备份：今天"
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM setting WHERE key = 'last_usb_backup_at'").fetchone()[0] == 0
    con.close()
