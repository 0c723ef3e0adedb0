"""``dues import FILE --from YYYY-MM``: the yearly bases from an income sheet (core.dues_import).

Shares the ``dues`` group with commands/dues.py (registered before this module: alphabetical).
A sheet with any invalid row is refused whole (exit 1, nothing written), like ``members import``.
"""

from __future__ import annotations

import sys

from dangjian_desktop.commands import month_arg, open_from_args, print_json


def register(tree) -> None:
    imp = tree.group_command("dues", "import", "从表格（.xlsx .xls .et .csv）导入每名党员的税后月收入或养老金，核定党费基数")
    imp.add_argument("file", metavar="FILE", help="党费基数表格（可先在程序里导出“党费基数核定表”模板填写）")
    imp.add_argument("--from", dest="from_month", required=True, type=month_arg, metavar="YYYY-MM",
                     help="新基数从哪个月起执行")
    imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不保存")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    imp.set_defaults(func=run_import)


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")


def run_import(args) -> int:
    from dangjian_desktop.core.dues_import import import_income_sheet, problem_text, summary_text

    with open_from_args(args):
        sheet, change = import_income_sheet(args.file, args.from_month, dry_run=args.dry_run)
    if args.json:
        print_json(sheet.to_json())
    else:
        _write(f"{sheet.source}，表头在第 {sheet.header_row} 行。")
        for problem in sheet.invalid:
            _write(problem_text(problem))
        for ignored in sheet.ignored:
            _write(f"第 {ignored.row} 行已跳过：{ignored.reason}")
        for note in sheet.notes:
            _write(f"第 {note.row} 行“{note.column}”提示：{note.message}")
        if sheet.ready and not sheet.refused:
            _write(summary_text(sheet, args.from_month, done=change is not None)
                   + ("（只做了检查，没有保存。）" if args.dry_run else ""))
    if sheet.refused:
        sys.stderr.write(f"表格中有 {sheet.problem_rows} 行有问题，没有导入任何党费基数。"
                         "请按清单改好表格后再导入。\n")
        return 1
    if not sheet.ready:
        sys.stderr.write("表格里没有可以导入的党员，没有任何改动。\n")
        return 1
    return 0
