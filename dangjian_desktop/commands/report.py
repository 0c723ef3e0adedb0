"""``report roster|groups|plan YEAR|minutes ID|signin ID --out PDF [--mask]`` (DESIGN.md).

Each document is one sub-command of ``report``; its own arguments (``plan YEAR``,
``minutes ID``, ``signin ID``) come first, then the options every document shares. A new
document adds one :func:`_document` call and changes none of the others.
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


def _document(tree, key: str, help: str, *positionals: tuple[str, dict]):
    """Add ``report KEY [POSITIONALS…] --out PDF [--mask]``; each positional is (name, add_argument kwargs)."""
    parser = tree.group_command("report", key, help)
    for name, options in positionals:
        parser.add_argument(name, **options)
    parser.add_argument("--out", required=True, metavar="PDF", help="PDF 文件保存的位置")
    parser.add_argument("--mask", action="store_true",
                        help="身份证号、手机号只显示部分数字（用于张贴或分发的名单）")
    parser.set_defaults(func=run_report, document=key, document_params=tuple(name for name, _ in positionals))
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
