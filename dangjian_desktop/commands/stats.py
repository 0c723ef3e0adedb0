"""``stats [--on DATE] [--json]`` (DESIGN.md): the branch's figures (党内统计) on a day."""

from __future__ import annotations

import datetime as dt
import sys

from dangjian_desktop.commands import day_arg, open_from_args, print_json


def register(tree) -> None:
    stats = tree.command("stats", "党员队伍基本情况统计：人数、性别、民族、年龄、学历、党龄、流动、困难党员和发展党员")
    stats.add_argument("--on", type=day_arg, metavar="DATE", help="统计哪一天在册的党员，默认今天")
    stats.add_argument("--json", action="store_true", help="以 JSON 输出")
    stats.set_defaults(func=run_stats)


def text_lines(figures) -> list[str]:
    """The figures as Chinese lines: the counts, then each band set with its shares."""
    from dangjian_desktop.core.dates import format_date_cn
    from dangjian_desktop.core.stats import share_text

    total = figures.members
    lines = [f"{format_date_cn(figures.on)}在册党员统计"]
    lines += [f"{label}：{count} 人" for label, count in figures.headline()]
    for caption, bands in figures.bands():
        lines.append(f"{caption}：")
        lines += [f"  {label}：{count} 人（{share_text(count, total)}）" for label, count in bands.items()]
    return lines


def run_stats(args) -> int:
    from dangjian_desktop.core.stats import figures

    with open_from_args(args):
        found = figures(args.on or dt.date.today())
    if args.json:
        print_json(found.as_json())
    else:
        sys.stdout.write("\n".join(text_lines(found)) + "\n")
    return 0
