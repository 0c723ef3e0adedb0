"""``groups list``, ``groups check``, ``groups suggest``."""

from __future__ import annotations

import sys

from dangjian_desktop.commands import open_from_args, print_json


def register(tree) -> None:
    listing = tree.group_command("groups", "list", "列出党小组和各组党员")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(func=run_list)

    check = tree.group_command("groups", "check", "检查党小组是否符合规定（人数、组长、每名党员只在一个组）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.set_defaults(func=run_check)

    suggest = tree.group_command("groups", "suggest", "按住址和流动情况给出自动分组建议")
    suggest.add_argument("--apply", action="store_true", help="直接按建议调整党小组（可在窗口中撤销）")
    suggest.add_argument("--json", action="store_true", help="以 JSON 输出")
    suggest.set_defaults(func=run_suggest)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def run_list(args) -> int:
    from dangjian_desktop.core.groups import list_groups, member_briefs

    with open_from_args(args):
        groups = list_groups()
        briefs = member_briefs()
    if args.json:
        print_json([g.as_json() for g in groups])
        return 0
    if not groups:
        _out("还没有党小组。")
        return 0
    for group in groups:
        leader = briefs[group.leader_id].name if group.leader_id in briefs else "未指定"
        _out(f"{group.id:>4}  {group.name}（{group.kind}）  组长：{leader}  共 {len(group.member_ids)} 人")
        names = "、".join(briefs[i].name for i in group.member_ids)
        if names:
            _out(f"      {names}")
    _out(f"共 {len(groups)} 个党小组。")
    return 0


def run_check(args) -> int:
    """Exit 0 when every rule is kept and every active member has a group, else 1."""
    from dangjian_desktop.core.groups import check_saved_groups, member_briefs

    with open_from_args(args):
        result = check_saved_groups()
        briefs = member_briefs()
    if args.json:
        print_json(result.as_json())
    else:
        for violation in result.violations:
            _out(f"{violation.group}：{violation.message}")
        if result.unassigned:
            names = "、".join(briefs[i].name for i in result.unassigned)
            _out(f"还有 {len(result.unassigned)} 名党员没有分到党小组：{names}")
        if result.sound:
            _out("党小组都符合规定，每名党员都已分组。")
    return 0 if result.sound else 1


def run_suggest(args) -> int:
    from dangjian_desktop.core.group_suggest import apply_suggestion, suggest

    with open_from_args(args):
        suggestion = suggest()
        result = suggestion.as_json()
        applied = None
        if args.apply:
            applied = apply_suggestion(suggestion)
        result["applied"] = applied is not None
    if args.json:
        print_json(result)
        return 0
    members = suggestion.members
    for group in suggestion.groups:
        leader = members[group.leader_id].name if group.leader_id else "暂无合适人选"
        kept = "（沿用现有党小组）" if group.existing_id else ""
        _out(f"{group.name}{kept}：{len(group.member_ids)} 人，建议组长 {leader}")
        _out("      " + "、".join(members[i].name for i in group.member_ids))
    for note in suggestion.notes:
        _out(f"说明：{note}")
    for violation in result["violations"]:
        _out(f"注意：{violation['message']}")
    if applied is not None:
        _out(f"已按建议调整，{applied.moved} 名党员换了党小组。")
    else:
        _out("这只是建议，还没有改动。确认后可加 --apply 应用，或在窗口的“党小组”页中编辑后应用。")
    return 0
