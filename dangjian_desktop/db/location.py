"""Where the branch database lives, without loading the data layer.

The window asks this before anything else (to see whether another window has the file open),
so it imports neither peewee nor the models: the window's frame is on screen before they load.
"""

from __future__ import annotations

import os
from pathlib import Path

from dangjian_desktop import APP_ID, portable

DB_FILENAME = "dangjian.sqlite3"


def default_db_path() -> Path:
    """``DANGJIAN_DB`` if set, else ``dangjian.sqlite3`` in the portable data folder or the
    user data directory."""
    env = os.environ.get("DANGJIAN_DB")
    if env:
        return Path(env).expanduser()
    data = portable.data_file(DB_FILENAME)
    if data is not None:
        return data
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / DB_FILENAME


def real_db_path(path: Path | str | None) -> Path:
    """The real file behind ``path`` (default: :func:`default_db_path`): a link to it must lock,
    write and be replaced where the data are."""
    path = Path(path) if path is not None else default_db_path()
    return Path(os.path.realpath(path.expanduser()))
