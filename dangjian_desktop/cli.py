"""Command line front end (DESIGN.md "Command line contract").

Each module in :mod:`dangjian_desktop.commands` adds its sub-commands through
:class:`CommandTree`; this module only parses, dispatches and turns failures into short
Chinese messages with the exit codes of the contract (0 done, 1 refused/failed, 2 usage).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
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
    import dangjian_desktop.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        module.register(tree)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from dangjian_desktop.commands.general import run_gui

        args.page = None
        args.screenshot = None
        handler = run_gui
    else:
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
