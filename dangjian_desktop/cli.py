"""Command line front end (DESIGN.md "Command line contract").

Each module in :mod:`dangjian_desktop.commands` adds its sub-commands through
:class:`CommandTree`; this module only parses, dispatches and turns failures into short
Chinese messages with the exit codes of the contract (0 done, 1 refused/failed, 2 usage).
"""

from __future__ import annotations

import argparse
import sys

from dangjian_desktop import APP_NAME, __version__
from dangjian_desktop.error_log import report_unexpected
from dangjian_desktop.errors import UserError


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with the usage error in Chinese (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"用法不对：{message}\n请用 --help 查看可用的命令和选项。\n")
        raise SystemExit(2)


class CommandTree:
    """Sub-command groups shared by the command modules (``members list``, ``members import`` …)."""

    def __init__(self, root: argparse._SubParsersAction):
        self.root = root
        self._groups: dict[str, argparse._SubParsersAction] = {}

    def command(self, name: str, help: str) -> argparse.ArgumentParser:
        return self.root.add_parser(name, help=help, description=help)

    def group_command(self, group: str, name: str, help: str) -> argparse.ArgumentParser:
        if group not in self._groups:
            parent = self.root.add_parser(group, help=f"{group} 相关命令")
            self._groups[group] = parent.add_subparsers(dest=f"{group}_command", metavar="命令", required=True)
        return self._groups[group].add_parser(name, help=help, description=help)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="dangjian-desktop",
        description=f"{APP_NAME}：党支部党员名册、党小组、活动记录与打印。不带命令时打开窗口。",
    )
    parser.add_argument("--db", metavar="PATH", help="数据文件的位置（默认在用户数据目录，也可用环境变量 DANGJIAN_DB）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    tree = CommandTree(sub)
    import importlib
    import pkgutil

    import dangjian_desktop.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        module.register(tree)
    return parser


GUI_OPTIONS = {"--page": "page", "--screenshot": "screenshot"}


def gui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a start of the window (no command, or ``gui`` with its options), read
    without building the whole parser: building it imports every command module and, with them,
    the data layer, about 90 ms before the window could show. Anything else (a misspelt option, a
    page that does not exist, ``--help``) is None, for the whole parser to read and answer."""
    from dangjian_desktop.commands.general import PAGES

    values = {"db": None, "command": None, "page": None, "screenshot": None}
    tokens = list(argv)
    while tokens:
        token = tokens.pop(0)
        name, equals, value = token.partition("=")
        if token == "gui" and values["command"] is None:
            values["command"] = "gui"
            continue
        known = {"--db": "db"} if values["command"] is None else GUI_OPTIONS   # as argparse: --db before gui
        if name not in known or values[known[name]] is not None:
            return None
        if not equals:
            if not tokens or tokens[0].startswith("-"):
                return None
            value = tokens.pop(0)
        if not value:
            return None
        values[known[name]] = value
    if values["page"] is not None and values["page"] not in PAGES:
        return None
    return argparse.Namespace(**values)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    args = gui_arguments(sys.argv[1:] if argv is None else argv)
    if args is not None:       # opening the window: no need to load every command to know that
        from dangjian_desktop.commands.general import run_gui

        handler = run_gui
    else:
        args = build_parser().parse_args(argv)
        handler = args.func
    try:
        return int(handler(args) or 0)
    except UserError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    except BrokenPipeError:  # output piped into a program that stopped reading
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("已中断，没有完成的操作不会保存。\n")
        return 1
    except Exception as exc:  # last resort: never a traceback in front of the user
        sys.stderr.write(report_unexpected(exc) + "\n")
        return 1
