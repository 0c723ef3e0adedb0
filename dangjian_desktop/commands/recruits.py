"""``recruits add|record|list|due`` (DESIGN.md): the 发展党员 files from the command line."""

from __future__ import annotations

import argparse
import sys

from dangjian_desktop.commands import day_arg, open_from_args, print_json


def _ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”要写成用逗号隔开的党员编号，例如 12,31") from None


def register(tree) -> None:
    from dangjian_desktop.core.recruit_rules import STEP

    add = tree.group_command("recruits", "add", "新增一名入党申请人（从递交入党申请书那天起）")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--id-number", required=True, metavar="ID", help="公民身份号码")
    add.add_argument("--applied-on", required=True, type=day_arg, metavar="DATE", help="入党申请书的日期")
    add.add_argument("--phone", default="", metavar="P", help="联系电话")
    add.add_argument("--json", action="store_true", help="以 JSON 输出")
    add.set_defaults(func=run_add)

    events = "、".join(f"{key}（{step.label}）" for key, step in STEP.items())
    record = tree.group_command("recruits", "record", "记录发展党员的一个步骤（按规定检查，不符合的不记录）")
    record.add_argument("recruit_id", type=int, metavar="RID", help="档案编号（见 recruits list）")
    record.add_argument("event", choices=list(STEP), metavar="EVENT", help=f"步骤：{events}")
    record.add_argument("--on", required=True, type=day_arg, metavar="DATE", help="日期")
    record.add_argument("--members", type=_ids, default=[], metavar="ID,ID",
                        help="谈话人、培养联系人或入党介绍人的党员编号")
    record.add_argument("--hours", type=int, metavar="H", help="集中培训的学时")
    record.add_argument("--note", default="", metavar="TEXT", help="说明；延长预备期写月数，终止写原因")
    record.set_defaults(func=run_record)

    listing = tree.group_command("recruits", "list", "列出发展党员档案：所处阶段、下一步和日期")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(func=run_list)

    due = tree.group_command("recruits", "due", "列出 30 天内到期或已经过期的发展党员工作")
    due.add_argument("--on", type=day_arg, metavar="DATE", help="按哪一天算，默认今天")
    due.add_argument("--json", action="store_true", help="以 JSON 输出")
    due.set_defaults(func=run_due)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def run_add(args) -> int:
    from dangjian_desktop.core import recruits

    with open_from_args(args):
        recruit = recruits.add_recruit({"name": args.name, "id_number": args.id_number, "phone": args.phone},
                                       applied_on=args.applied_on)
    if args.json:
        print_json({"id": recruit.id})
    else:
        _out(f"已新增入党申请人{recruit.name}，档案编号 {recruit.id}。")
    return 0


def run_record(args) -> int:
    from dangjian_desktop.core import recruits
    from dangjian_desktop.core.recruit_rules import STEP
    from dangjian_desktop.errors import UserError

    months = None
    note = args.note
    if args.event == "extended":
        digits = "".join(ch for ch in note if ch.isdigit())
        if not digits:
            raise UserError("延长预备期要在 --note 写明几个月（6 到 12），例如 --note 6。")
        months = int(digits)
    with open_from_args(args):
        recruits.record_step(args.recruit_id, args.event, args.on, member_ids=args.members, hours=args.hours,
                             months=months, note=note)
        recruit = recruits.get_recruit(args.recruit_id)
        name, member_id = recruit.name, recruit.member_id
    _out(f"已记录：{name} {args.on.isoformat()} {STEP[args.event].label}。")
    if args.event == "approved":
        _out(f"{name}已作为预备党员加入党员名册（党员编号 {member_id}），入党日期为支部大会通过的日子。")
    return 0


def run_list(args) -> int:
    from dangjian_desktop.core import recruits

    with open_from_args(args):
        rows = recruits.list_recruits()
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        _out("还没有发展党员档案。")
    for r in rows:
        late = "（已过期）" if r.next.overdue else ""
        _out(f"{r.id:>4}  {r.name}  {r.stage_label}  {r.next.text}{late}")
    return 0


def run_due(args) -> int:
    from dangjian_desktop.core import recruits

    with open_from_args(args):
        found = recruits.due(args.on)
    if args.json:
        print_json([d.as_json() for d in found])
        return 0
    if not found:
        _out("30 天内没有到期的发展党员工作。")
    for d in found:
        _out(f"{d.due_on.isoformat()}  {d.what}{'（已过期）' if d.overdue else ''}")
    return 0
