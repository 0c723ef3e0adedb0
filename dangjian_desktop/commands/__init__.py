"""Sub-commands of the command line; each module has ``register(tree)``."""

from __future__ import annotations

import argparse
import datetime as dt
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


def day_arg(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` argument (argparse ``type=``): anything else is a usage error (exit 2)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写成 2026-03-05 这样的形式") from None


def month_arg(text: str) -> str:
    """A ``YYYY-MM`` argument (argparse ``type=``)."""
    from dangjian_desktop.core.dues_rules import parse_month
    from dangjian_desktop.errors import UserError

    try:
        return parse_month(text)
    except UserError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
