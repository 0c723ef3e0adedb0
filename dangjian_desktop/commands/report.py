"""``report roster|groups|plan YEAR|minutes ID|signin ID|dues YYYY-MM|dues-year YEAR|
dues-notice YEAR|dues-receipts YYYY-MM|recruits|recruit-record RID|recruit-notice RID|
recruit-review RID|recruits-year YEAR|review-ballot YEAR|review-result YEAR|stats|handbook YEAR
--out PDF [--mask]``
(DESIGN.md).

Each document is one sub-command of ``report``; its own arguments (``plan YEAR``,
``minutes ID``, ``dues 2026-11`` …) come first, then the options every document shares. A new
document adds one :func:`_document` call and changes none of the others. An argument with a
``check`` is checked before the database is opened, and refused in Chinese with exit 1 (a
month such as ``2026-13`` is a mistake the user can put right, not a usage error).
"""

from __future__ import annotations

import sys

from dangjian_desktop.commands import open_from_args


def register(tree) -> None:
    _document(tree, "roster", "生成党员花名册（PDF，横向 A4）")
    _document(tree, "groups", "生成党小组名册（PDF）")
    _document(tree, "plan", "生成某一年的年度工作计划（PDF）",
              ("year", {"type": int, "metavar": "YEAR", "help": "年份，例如 2026"}))
    _document(tree, "minutes", "生成一次会议的会议记录（PDF；还没开的会：开会时手写用的空白会议记录）",
              ("activity_id", {"type": int, "metavar": "ID", "help": "活动编号（见 activities list）"}))
    _document(tree, "signin", "生成一次会议的签到表（PDF）",
              ("activity_id", {"type": int, "metavar": "ID", "help": "活动编号（见 activities list）"}))
    _document(tree, "dues", "生成一个月的党费收缴登记表（PDF；收党费前打印，实交、签名栏留空手填）", _month())
    _document(tree, "dues-year", "生成一年的党费收缴台账（PDF，横向 A4）", _year())
    _document(tree, "dues-notice", "生成党费收缴情况公示（PDF；年初到上个月，只有应交、实交，不含收入）", _year())
    _document(tree, "dues-receipts", "生成一个月交了党费的党员的党费收据（PDF，每页 8 张）", _month())
    _document(tree, "recruits", "生成入党积极分子、发展对象名册（PDF，横向 A4；含入党申请人）")
    _document(tree, "recruit-record", "生成一个人的发展党员工作记录（PDF；未办的步骤留空手填）", _recruit())
    _document(tree, "recruit-notice", "生成发展对象公示（PDF，用于张贴；不含身份证号和电话）", _recruit())
    _document(tree, "recruit-review", "生成入党积极分子半年考察表（PDF，手填）", _recruit())
    _document(tree, "recruits-year", "生成一年的发展党员台账（PDF，横向 A4）", _year())
    _document(tree, "review-ballot", "生成一年的民主评议党员测评表（PDF，一人一张，不记名）", _year())
    _document(tree, "review-result", "生成一年的民主评议党员结果公示（PDF，用于张贴）", _year())
    _document(tree, "stats", "生成今天的党员队伍基本情况统计表（PDF，附统计图）")
    _document(tree, "handbook", "生成一年的支部工作手册（PDF：封面、目录和全年各部分，连续页码）", _year())


def _month() -> tuple[str, dict]:
    return ("month", {"metavar": "YYYY-MM", "help": "月份，例如 2026-11", "check": _parse_month})


def _parse_month(text: str) -> str:
    from dangjian_desktop.core.dues_rules import parse_month

    return parse_month(text)


def _recruit() -> tuple[str, dict]:
    return ("recruit_id", {"type": int, "metavar": "RID", "help": "发展党员档案编号（见 recruits list）"})


def _year() -> tuple[str, dict]:
    return ("year", {"type": int, "metavar": "YEAR", "help": "年份，例如 2026"})


def _document(tree, key: str, help: str, *positionals: tuple[str, dict]):
    """Add ``report KEY [POSITIONALS…] --out PDF [--mask]``; each positional is (name, add_argument kwargs)."""
    parser = tree.group_command("report", key, help)
    checks = {}
    for name, options in positionals:
        options = dict(options)
        if "check" in options:
            checks[name] = options.pop("check")
        parser.add_argument(name, **options)
    parser.add_argument("--out", required=True, metavar="PDF", help="PDF 文件保存的位置")
    parser.add_argument("--mask", action="store_true",
                        help="身份证号、手机号只显示部分数字（用于张贴或分发的名单）")
    parser.set_defaults(func=run_report, document=key, document_params=tuple(name for name, _ in positionals),
                        document_checks=checks)
    return parser


def run_report(args) -> int:
    from dangjian_desktop.reports.catalog import (
        check_target,
        document_kind,
        generate,
        missing_characters_note,
        save_pdf,
    )

    kind = document_kind(args.document)
    check_target(args.out)
    params = {name: getattr(args, name) for name in args.document_params}
    for name, check in args.document_checks.items():      # UserError: exit 1, nothing opened
        params[name] = check(params[name])
    with open_from_args(args):
        rendered = generate(args.document, mask=args.mask, **params)
        note = missing_characters_note(rendered)
    if note:
        sys.stderr.write(note + "\n")
    path = save_pdf(rendered.pdf, args.out)
    masked = "（身份证号、手机号已打码）" if args.mask and kind.maskable else ""
    draft = "（草稿，尚未定稿）" if rendered.draft else ""
    sys.stdout.write(f"已生成{kind.label}{draft}{masked}，共 {rendered.pages} 页：{path}\n")
    return 0
