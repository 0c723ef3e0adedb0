"""``members list``."""

from __future__ import annotations

import sys

from dangjian_desktop.commands import open_from_args, print_json


def register(tree) -> None:
    listing = tree.group_command("members", "list", "列出全部党员（含已不在册的）")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(func=run_list)


def run_list(args) -> int:
    from dangjian_desktop.core.members import list_members_json
    from dangjian_desktop.core.vocab import STATUS_LABELS

    with open_from_args(args):
        members = list_members_json()
    if args.json:
        print_json(members)
        return 0
    for m in members:
        group = m["group"] or "未分组"
        sys.stdout.write(
            f"{m['id']:>6}  {m['name']:<6}\t{m['gender'] or '':<2}{m['category']}\t{group}\t{STATUS_LABELS[m['status']]}\n"
        )
    sys.stdout.write(f"共 {len(members)} 条。\n")
    return 0
