"""Sub-commands of the command line; each module has ``register(tree)``."""

from __future__ import annotations

import json
import sys


def open_from_args(args):
    """Open the database named by ``--db`` (or the default) for a command."""
    from dangjian_desktop.core.upgrade_data import bring_data_up_to_date
    from dangjian_desktop.db.connection import open_database

    opened = open_database(args.db)
    try:
        bring_data_up_to_date()
    except BaseException:
        opened.close()
        raise
    return opened


def print_json(value: object) -> None:
    """``--json`` output: UTF-8 JSON on stdout (DESIGN.md)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()
