"""Portable mode: a marker file beside the program puts the data beside the program."""

import sys
from pathlib import Path

from dangjian_desktop import portable
from dangjian_desktop.db.connection import DB_FILENAME, open_database


def test_marker_puts_data_beside_the_program(tmp_path: Path):
    (tmp_path / "portable.txt").write_text("便携版\n", encoding="utf-8")
    assert portable.data_folder(tmp_path) == tmp_path / "data"
    assert portable.data_file(DB_FILENAME, tmp_path) == tmp_path / "data" / DB_FILENAME
    assert portable.data_file("logs", tmp_path) == tmp_path / "data" / "logs"


def test_no_marker_means_installed(tmp_path: Path):
    (tmp_path / "data").mkdir()                     # a data folder alone is not enough
    assert portable.data_folder(tmp_path) is None
    assert portable.data_file(DB_FILENAME, tmp_path) is None


def test_marker_must_be_a_file(tmp_path: Path):
    (tmp_path / "portable.txt").mkdir()
    assert portable.data_folder(tmp_path) is None


def test_source_run_is_never_portable():
    assert not getattr(sys, "frozen", False)
    assert portable.program_folder() is None
    assert portable.data_folder() is None
    assert portable.data_file(DB_FILENAME) is None


def test_portable_database_opens_in_the_data_folder(tmp_path: Path):
    (tmp_path / "portable.txt").write_text("", encoding="utf-8")
    path = portable.data_file(DB_FILENAME, tmp_path)
    opened = open_database(path)                    # creates the data folder on first start
    try:
        assert opened.created
        assert opened.path == tmp_path / "data" / DB_FILENAME
    finally:
        opened.close()
    assert (tmp_path / "data" / DB_FILENAME).stat().st_size > 0
