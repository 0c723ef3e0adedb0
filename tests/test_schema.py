"""The schema steps against the models, and upgrades from a stored file of every released
schema version (tests/fixtures/schema-vN.sqlite3, written by the program of that version)."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from dangjian_desktop.core.activity_lists import list_activities
from dangjian_desktop.core.groups import check_saved_groups
from dangjian_desktop.core.members import list_members_json
from dangjian_desktop.db import schema
from dangjian_desktop.db.connection import integrity_check, open_database, schema_version
from dangjian_desktop.db.models import ALL_MODELS, database_proxy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RELEASED = range(1, schema.LATEST_VERSION + 1)


def schema_of(con) -> dict[str, str]:
    """Every table and index, as SQL text with the blanks normalised."""
    rows = con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")
    return {name: " ".join(sql.split()) for name, sql in rows}


def test_the_steps_create_exactly_what_every_model_describes(db_path, tmp_path):
    open_database(db_path).close()
    from_steps = sqlite3.connect(db_path)
    models_db = SqliteDatabase(str(tmp_path / "models.sqlite3"))
    previous = database_proxy.obj
    database_proxy.initialize(models_db)
    try:
        models_db.create_tables(ALL_MODELS)
        from_models = schema_of(models_db.connection())
    finally:
        models_db.close()
        database_proxy.initialize(previous)
    tables = {m._meta.table_name for m in ALL_MODELS}
    assert tables <= set(from_models)
    assert schema_of(from_steps) == from_models
    from_steps.close()


def test_every_released_schema_version_has_a_stored_file():
    """A new schema step comes with a file written by the program before it (the fixture of
    the previous version) — add tests/fixtures/schema-vN.sqlite3 for each new release."""
    for version in RELEASED:
        path = FIXTURES / f"schema-v{version}.sqlite3"
        assert path.is_file(), path
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            assert con.execute("PRAGMA user_version").fetchone()[0] == version
            assert con.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        finally:
            con.close()


@pytest.mark.parametrize("version", RELEASED)
def test_upgrade_from_a_stored_file_of_each_version(version, tmp_path):
    path = tmp_path / "dangjian.sqlite3"
    shutil.copyfile(FIXTURES / f"schema-v{version}.sqlite3", path)
    old = sqlite3.connect(path)
    members_before = old.execute("SELECT id, name, id_number, status FROM member ORDER BY id").fetchall()
    old.close()
    with open_database(path) as opened:
        if version < schema.LATEST_VERSION:
            assert opened.upgraded_from == version
            copy = opened.pre_upgrade_copy
            assert copy is not None and copy.is_file()
            kept = sqlite3.connect(copy)
            assert kept.execute("PRAGMA user_version").fetchone()[0] == version
            kept.close()
        else:
            assert opened.upgraded_from is None and opened.pre_upgrade_copy is None
        assert schema_version(opened.db) == schema.LATEST_VERSION
        assert integrity_check(opened.db) == "ok"
        listed = sorted((m["id"], m["name"], m["id_number"], m["status"]) for m in list_members_json())
        assert listed == members_before
        assert len(listed) == 24
        assert check_saved_groups().unassigned == []
        list_activities()
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).close()
    upgraded, new = sqlite3.connect(path), sqlite3.connect(fresh)
    try:
        assert schema_of(upgraded) == schema_of(new)
    finally:
        upgraded.close()
        new.close()


def test_members_of_an_older_file_get_the_hamlet_their_address_names_after_the_upgrade(tmp_path):
    """Step 4 adds the hamlet and the month-only marks; core.upgrade_data fills the hamlet from
    the address once (the command line, the window and a restore run it after opening; a program
    stopped in between does it the next time), nothing else changes."""
    from dangjian_desktop.core.hamlets import hamlet_from_address
    from dangjian_desktop.core.settings import get as get_setting
    from dangjian_desktop.core.upgrade_data import bring_data_up_to_date

    path = tmp_path / "dangjian.sqlite3"
    shutil.copyfile(FIXTURES / "schema-v3.sqlite3", path)
    old = sqlite3.connect(path)
    before = old.execute("SELECT id, name, address, joined_on, full_member_on FROM member ORDER BY id").fetchall()
    old.close()
    with open_database(path):
        assert all(m["hamlet"] is None for m in list_members_json())
        assert get_setting("data_steps_pending") == 4          # left by the schema step
    with open_database(path):                                  # a program stopped before the data step
        changed = bring_data_up_to_date()
        assert changed == sum(1 for row in before if hamlet_from_address(row[2] or "")) > 0
        assert get_setting("data_steps_pending") == 0
        listed = {m["id"]: m for m in list_members_json()}
        for member_id, name, address, joined, full in before:
            item = listed[member_id]
            assert (item["name"], item["address"], item["joined_on"], item["full_member_on"]) == (
                name, address or None, joined, full)
            assert item["hamlet"] == hamlet_from_address(address or "")
        assert bring_data_up_to_date() == 0                    # done once


def test_the_command_line_fills_the_hamlets_of_an_upgraded_file(tmp_path):
    from tests.conftest import run_cli

    path = tmp_path / "dangjian.sqlite3"
    shutil.copyfile(FIXTURES / "schema-v3.sqlite3", path)
    result = run_cli("members", "list", "--json", db=path)
    assert result.returncode == 0, result.stderr.decode()
    items = json.loads(result.stdout.decode("utf-8"))
    assert items and all(item["hamlet"] for item in items if item["address"] and "组" in item["address"])
