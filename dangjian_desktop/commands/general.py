"""``gui``, ``demo`` and ``check``."""

from __future__ import annotations

import sys

from dangjian_desktop.commands import open_from_args, print_json

PAGES = ("home", "members", "groups", "activities", "recruits", "dues", "review", "stats", "reports", "backup", "settings")


def register(tree) -> None:
    gui = tree.command("gui", "打开程序窗口")
    gui.add_argument("--page", choices=PAGES, help="打开时显示的页面")
    gui.add_argument("--screenshot", metavar="PNG", help="不显示窗口，把页面保存成图片后退出")
    gui.set_defaults(func=run_gui)

    demo = tree.command("demo", "在空白数据中载入演示支部")
    demo.add_argument("--members", type=int, default=46, metavar="N", help="党员记录总数（含已转出等），默认 46")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子，相同种子得到相同数据")
    demo.set_defaults(func=run_demo)

    check = tree.command("check", "检查数据是否完好")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.set_defaults(func=run_check)


def run_gui(args) -> int:
    from dangjian_desktop.ui.app import run

    return run(db_path=args.db, page=args.page, screenshot=args.screenshot)


def run_demo(args) -> int:
    from dangjian_desktop.core.demo import generate_demo

    with open_from_args(args):
        result = generate_demo(args.members, args.seed)
    sys.stdout.write(
        f"已载入演示支部：党员记录 {result['members']} 条（其中已不在册 {result['former']} 条），"
        f"党小组 {result['groups']} 个，支委 {result['committee']} 人，"
        f"活动 {result['activities']} 项（已召开 {result['held']} 项）。\n"
    )
    return 0


def run_check(args) -> int:
    from dangjian_desktop.db.connection import integrity_check, schema_version

    with open_from_args(args) as opened:
        integrity = integrity_check(opened.db)
        version = schema_version(opened.db)
    ok = integrity == "ok"
    if args.json:
        print_json({"ok": ok, "schema_version": version, "integrity": integrity})
    elif ok:
        sys.stdout.write(f"数据完好（数据版本 {version}）。\n")
    else:
        count = len([part for part in integrity.split("; ") if part])
        sys.stderr.write(f"数据检查发现 {count} 处问题，数据文件可能已经损坏（详细结果可用 check --json 查看，"
                         "请交给技术支持）。请先不要继续录入，联系技术支持；也可以从最近的备份恢复。\n")
    return 0 if ok else 1
