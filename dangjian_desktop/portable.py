"""Portable mode: the program and its data in one folder (the .zip variant for machines where
installing is not allowed, or a copy carried on a USB stick).

A bundled program is portable when a file named ``portable.txt`` lies beside its executable.
Its database, settings and logs then live in the ``data`` folder beside the executable, and
nothing is written to the user's profile. A program run from source or installed with pip is
never portable. ``DANGJIAN_DB`` and ``--db`` still take precedence over everything.
"""

from __future__ import annotations

import sys
from pathlib import Path

MARKER = "portable.txt"
DATA_FOLDER = "data"


def program_folder() -> Path | None:
    """The folder of the bundled executable, or None when running from source or a pip install."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def data_folder(folder: Path | None = None) -> Path | None:
    """``<program folder>/data`` when the program is portable, else None.

    ``folder`` is the program folder to look in (default: :func:`program_folder`).
    """
    folder = program_folder() if folder is None else folder
    if folder is not None and (folder / MARKER).is_file():
        return folder / DATA_FOLDER
    return None


def data_file(name: str, folder: Path | None = None) -> Path | None:
    """Where a portable program keeps ``name`` (a file or sub-folder of its data), or None.

    For example ``data_file("dangjian.sqlite3") or <user data directory>/dangjian.sqlite3``.
    """
    data = data_folder(folder)
    return data / name if data is not None else None
