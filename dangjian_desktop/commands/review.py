"""``review start|tally|grade|list`` (DESIGN.md): the year's 民主评议党员 from the command line."""

from __future__ import annotations

import sys

from dangjian_desktop.commands import open_from_args, print_json


def register(tree) -> None:
    from dangjian_desktop.core.review import GRADES

    start = tree.group_command("review", "start", "开始某一年的民主评议（在册党员参加）")
    start.add_argument("year", type=int, metavar="YEAR")
    start.set_defaults(func=run_start)

    tally = tree.group_command("review", "tally", "录入一名党员的民主测评票数")
    tally.add_argument("year", type=int, metavar="YEAR")
    tally.add_argument("member_id", type=int, metavar="MEMBER_ID")
    for flag, label in (("--excellent", "优秀"), ("--qualified", "合格"), ("--basic", "基本合格"),
                        ("--unqualified", "不合格")):
        tally.add_argument(flag, type=int, default=0, metavar="N", help=f"评为{label}的票数")
    tally.set_defaults(func=run_tally)

    grade = tree.group_command("review", "grade", "评定一名党员的等次")
    grade.add_argument("year", type=int, metavar="YEAR")
    grade.add_argument("member_id", type=int, metavar="MEMBER_ID")
    grade.add_argument("grade", choices=list(GRADES), metavar="GRADE", help="、".join(GRADES))
    grade.add_argument("--reason", default="", metavar="TEXT", help="理由（评为不合格时必须写）")
    grade.set_defaults(func=run_grade)

    listing = tree.group_command("review", "list", "列出某一年民主评议的票数和等次")
    listing.add_argument("year", type=int, metavar="YEAR")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(func=run_list)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def run_start(args) -> int:
    from dangjian_desktop.core import review

    with open_from_args(args):
        review.start(args.year)
        text = review.summary(args.year).text
    _out(f"已开始{args.year}年民主评议。{text}")
    return 0


def run_tally(args) -> int:
    from dangjian_desktop.core import review

    votes = {"优秀": args.excellent, "合格": args.qualified, "基本合格": args.basic, "不合格": args.unqualified}
    with open_from_args(args):
        review.tally(args.year, args.member_id, votes)
        name = next(r.name for r in review.review_rows(args.year) if r.member_id == args.member_id)
    _out(f"已录入{name}的票数：" + "，".join(f"{g} {n}" for g, n in votes.items()) + "。")
    return 0


def run_grade(args) -> int:
    from dangjian_desktop.core import review

    with open_from_args(args):
        review.grade(args.year, args.member_id, args.grade, reason=args.reason)
        name = next(r.name for r in review.review_rows(args.year) if r.member_id == args.member_id)
        text = review.summary(args.year).text
    _out(f"已评定{name}为{args.grade}。{text}")
    return 0


def run_list(args) -> int:
    from dangjian_desktop.core import review

    with open_from_args(args):
        rows = review.review_rows(args.year)
        summary = review.summary(args.year)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        _out(f"{args.year}年的民主评议还没有开始。")
        return 0
    for r in rows:
        votes = " ".join(f"{g}{n}" for g, n in r.votes.items())
        grade = r.grade or ("不评定等次" if not r.graded else "未评定")
        _out(f"{r.member_id:>5}  {r.name}  {votes}  {grade}")
    _out(summary.text)
    return 0
