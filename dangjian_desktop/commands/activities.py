"""``activities plan|list|check``."""

from __future__ import annotations

import datetime as dt
import sys

from dangjian_desktop.commands import open_from_args, print_json


def register(tree) -> None:
    plan = tree.group_command("activities", "plan", "按频次规则生成某一年的活动计划（先预览，加 --apply 才保存）")
    plan.add_argument("year", type=int, metavar="YEAR", help="年份，例如 2026")
    plan.add_argument("--apply", action="store_true", help="保存计划（已有的活动不会重复添加）")
    plan.add_argument("--json", action="store_true", help="以 JSON 输出")
    plan.set_defaults(func=run_plan)

    listing = tree.group_command("activities", "list", "列出活动")
    listing.add_argument("--year", type=int, metavar="Y", help="只列出这一年的活动")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(func=run_list)

    check = tree.group_command("activities", "check", "检查三会一课等活动是否按规定召开")
    check.add_argument("--year", type=int, metavar="Y", help="年份，默认今年")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.set_defaults(func=run_check)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def run_plan(args) -> int:
    from dangjian_desktop.core.activity_plan import apply_plan, preview_plan

    with open_from_args(args):
        preview = preview_plan(args.year)
        created = apply_plan(args.year, preview.items) if args.apply else []
    new_items = preview.new_items
    if args.json:
        print_json({
            "year": args.year,
            "applied": bool(args.apply),
            "created": len(created),
            "items": [i.as_json() for i in preview.items],
            "notes": preview.notes,
        })
        return 0
    for note in preview.notes:
        _out(note)
    for item in new_items:
        _out(f"{item.date:%Y-%m-%d}  {item.title}")
    existing = len(preview.existing_items)
    if args.apply:
        _out(f"已生成 {args.year} 年计划：新增 {len(created)} 项活动" + (f"，已有的 {existing} 项没有重复添加。" if existing else "。"))
    else:
        _out(f"共 {len(new_items)} 项活动待添加" + (f"（另有 {existing} 项已经有了）" if existing else "")
             + "。确认无误后加 --apply 保存。")
    return 0


def run_list(args) -> int:
    from dangjian_desktop.core.activities import STATUS_LABELS
    from dangjian_desktop.core.activity_lists import list_activities

    with open_from_args(args):
        rows = list_activities(args.year)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        counts = f"应到 {r.expected} 人，实到 {r.present} 人" if r.status != "planned" else f"应到 {r.expected} 人"
        _out(f"{r.id:>5}  {r.date:%Y-%m-%d}  {STATUS_LABELS[r.status]}  {r.title}  （{counts}）")
    _out(f"共 {len(rows)} 项。")
    return 0


def run_check(args) -> int:
    from dangjian_desktop.core.activity_check import check_year

    year = args.year or dt.date.today().year
    with open_from_args(args):
        checks = check_year(year)
    if args.json:
        print_json([c.as_json() for c in checks])
        return 0
    done = sum(1 for c in checks if c.state == "done")
    for c in checks:
        if c.state in ("overdue", "due"):
            label = "还没有召开" if c.state == "overdue" else "本期还需召开"
            _out(f"{c.period.label} {c.subject}：应开 {c.required} 次，已开 {c.held} 次，{label} {c.missing} 次。")
    _out(f"{year} 年共 {len(checks)} 项要求，已完成 {done} 项。")
    return 0
