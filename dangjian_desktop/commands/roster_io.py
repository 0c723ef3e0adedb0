"""``members import`` and ``members export``."""

from __future__ import annotations

import sys

from dangjian_desktop.commands import open_from_args, print_json


def register(tree) -> None:
    imp = tree.group_command("members", "import", "从 Excel/WPS 花名册（.xlsx .xls .et .csv）导入党员")
    imp.add_argument("file", metavar="FILE", help="花名册文件")
    imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不保存")
    imp.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，导入其余的行")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    imp.set_defaults(func=run_import)

    exp = tree.group_command("members", "export", "把党员花名册导出为 .xlsx 或 .csv")
    exp.add_argument("--out", required=True, metavar="FILE", help="导出的文件（以 .xlsx 或 .csv 结尾）")
    exp.set_defaults(func=run_export)


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")


def run_import(args) -> int:
    from dangjian_desktop.backup.autobackup import make_auto_backup
    from dangjian_desktop.core.roster_import import import_roster

    with open_from_args(args) as opened:
        report = import_roster(args.file, dry_run=args.dry_run, skip_invalid=args.skip_invalid,
                               safety_backup=lambda: make_auto_backup(opened.path, "import"))
    if report.backup_note:
        sys.stderr.write(report.backup_note + "\n")
    if args.json:
        print_json(report.to_json())
    else:
        _print_report(report)
    if report.refused:
        rows = len({p.row for p in report.invalid})
        sys.stderr.write(
            f"表格中有 {rows} 行有问题，没有导入任何党员。"
            "请按上面的清单改好表格后再导入，或加 --skip-invalid 只导入没有问题的行。\n"
        )
        return 1
    return 0


def _print_report(report) -> None:
    _write(f"{report.source}，表头在{report.header_rows or f'第 {report.header_row} 行'}。")
    for line in report.recognised:
        _write(line)
    for p in report.invalid:
        _write(f"第 {p.row} 行【{p.column}】{p.message}")
    for i in report.ignored:
        _write(f"第 {i.row} 行已跳过：{i.reason}")
    for n in report.notes:
        _write(f"第 {n.row} 行【{n.column}】提示：{n.message}")
    for change in report.changes:
        details = "；".join(f"{c.label} {c.old} → {c.new}" for c in change.changes)
        _write(f"第 {change.row} 行 {change.name}：{details}")
    if report.refused:
        return
    verb = "可以" if report.dry_run else "已"
    summary = (
        f"{verb}新增 {report.imported} 名党员，{verb}更新 {report.updated} 名，无变化 {report.unchanged} 名"
    )
    if report.invalid:
        summary += f"，跳过有问题的 {len({p.row for p in report.invalid})} 行"
    if report.groups_created:
        summary += f"；{verb}新建党小组：{'、'.join(report.groups_created)}"
    _write(summary + "。" + ("（只做了检查，没有保存。）" if report.dry_run else ""))


def run_export(args) -> int:
    from dangjian_desktop.core.roster_export import export_roster

    with open_from_args(args):
        result = export_roster(args.out)
    extra = f"（其中已不在册 {result.former} 名）" if result.former else ""
    _write(f"已导出 {result.members} 名党员{extra}到“{result.path}”。")
    return 0
