"""``report roster|groups … --out PDF [--mask]`` (DESIGN.md "Command line contract").

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
    from dangjian_desktop.reports.catalog import check_target, document_kind, generate, save_pdf

    kind = document_kind(args.document)
    check_target(args.out)
    params = {name: getattr(args, name) for name in args.document_params}
    with open_from_args(args):
        rendered = generate(args.document, mask=args.mask, **params)
    path = save_pdf(rendered.pdf, args.out)
    masked = "（身份证号、手机号已打码）" if args.mask else ""
    sys.stdout.write(f"已生成{kind.label}{masked}，共 {rendered.pages} 页：{path}\n")
    return 0
