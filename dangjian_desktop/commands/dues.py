"""``dues basis|month|pay|arrears`` (DESIGN.md), and ``dues remit`` to record a 上缴.

Money on the command line and in JSON is a string of yuan with two decimals; dates are
``YYYY-MM-DD``, months ``YYYY-MM``.
"""

from __future__ import annotations

import datetime as dt
import sys

from dangjian_desktop.commands import day_arg, month_arg, open_from_args, print_json


def register(tree) -> None:
    from dangjian_desktop.core.dues_rules import KIND_LABELS

    kinds = "、".join(f"{key}（{label}）" for key, label in KIND_LABELS.items())
    basis = tree.group_command("dues", "basis", "核定一名党员的党费基数（每年一次）")
    basis.add_argument("member_id", type=int, metavar="MEMBER_ID", help="党员编号（见 members list）")
    basis.add_argument("kind", choices=list(KIND_LABELS), metavar="KIND", help=f"类别：{kinds}")
    basis.add_argument("--income", metavar="YUAN", help="在职党员的税后月收入，或离退休党员的每月养老金（元）")
    basis.add_argument("--amount", metavar="YUAN", help="固定类别每月交的金额；其他类别填了就是自愿多交的金额（元）")
    basis.add_argument("--from", dest="from_month", type=month_arg, metavar="YYYY-MM", help="从哪个月起执行，默认本月")
    basis.set_defaults(func=run_basis)

    month = tree.group_command("dues", "month", "列出一个月每名党员的应交、实交党费")
    month.add_argument("month", type=month_arg, metavar="YYYY-MM")
    month.add_argument("--json", action="store_true", help="以 JSON 输出")
    month.set_defaults(func=run_month)

    pay = tree.group_command("dues", "pay", "记录一名党员交了某个月的党费")
    pay.add_argument("member_id", type=int, metavar="MEMBER_ID")
    pay.add_argument("month", type=month_arg, metavar="YYYY-MM", help="交的是哪个月的党费")
    pay.add_argument("--amount", metavar="YUAN", help="交了多少元；不写就是这个月应交（还差）的金额")
    pay.add_argument("--on", required=True, type=day_arg, metavar="DATE", help="交纳日期")
    pay.set_defaults(func=run_pay)

    arrears = tree.group_command("dues", "arrears", "列出连续 3 个月以上没交党费的党员")
    arrears.add_argument("--on", type=day_arg, metavar="DATE", help="按哪一天算，默认今天")
    arrears.add_argument("--json", action="store_true", help="以 JSON 输出")
    arrears.set_defaults(func=run_arrears)

    remit = tree.group_command("dues", "remit", "记录把党费上缴上级党委（这些月份随即结账）")
    remit.add_argument("first_month", type=month_arg, metavar="YYYY-MM", help="上缴的第一个月")
    remit.add_argument("last_month", type=month_arg, nargs="?", metavar="YYYY-MM", help="最后一个月（按季度上缴时），默认同第一个月")
    remit.add_argument("--on", required=True, type=day_arg, metavar="DATE", help="上缴日期")
    remit.add_argument("--note", default="", help="备注，例如收款单位或票据号")
    remit.add_argument("--json", action="store_true", help="以 JSON 输出")
    remit.set_defaults(func=run_remit)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _fen(text: str | None, what: str) -> int | None:
    from dangjian_desktop.core.money import MoneyError, parse_yuan
    from dangjian_desktop.errors import UserError

    if text is None:
        return None
    try:
        return parse_yuan(text, what=what)
    except MoneyError as exc:
        raise UserError(str(exc)) from None


def run_basis(args) -> int:
    from dangjian_desktop.core import dues
    from dangjian_desktop.core.dues_rules import month_label, month_of
    from dangjian_desktop.core.money import yuan_text

    income = _fen(args.income, "收入")
    amount = _fen(args.amount, "金额")
    with open_from_args(args):
        basis = dues.set_basis(args.member_id, args.kind, from_month=args.from_month or month_of(dt.date.today()),
                               income_fen=income, amount_fen=amount)
        name = basis.member.name
    _out(f"已核定{name}的党费：{month_label(basis.from_month)}起每月 {yuan_text(basis.due_fen)} 元（{basis.rule}）。")
    return 0


def run_month(args) -> int:
    from dangjian_desktop.core import dues
    from dangjian_desktop.core.dues_rules import month_label
    from dangjian_desktop.core.money import yuan_text

    with open_from_args(args):
        sheet = dues.month_sheet(args.month)
    if args.json:
        print_json([line.as_json() for line in sheet.lines if line.owes])
        return 0
    if not sheet.lines:
        _out(f"{month_label(sheet.month)}没有应交党费的党员。")
        return 0
    for line in sheet.lines:
        due = f"应交 {yuan_text(line.due_fen)}" if line.due_fen is not None else "未核定基数"
        day = f"（{line.paid_on.isoformat()}）" if line.paid_on else ""
        adjusted = "，含上缴后调整" if line.adjusted_fen else ""
        paid = (f"实交 {yuan_text((line.paid_fen or 0) + line.adjusted_fen)}{day}{adjusted}"
                if line.paid_fen or line.adjusted_fen else "未交")
        _out(f"{line.member_id:>5}  {line.name}  {line.kind_label or '—'}  {due}  {paid}")
    state = f"，已于 {sheet.remittance.remitted_on.isoformat()} 上缴" if sheet.closed else ""
    _out(f"{month_label(sheet.month)}：{len(sheet.lines)} 人，应交合计 {yuan_text(sheet.due_total)} 元，"
         f"实交合计 {yuan_text(sheet.paid_total)} 元，未交 {len(sheet.unpaid)} 人{state}。")
    return 0


def run_pay(args) -> int:
    from dangjian_desktop.core import dues
    from dangjian_desktop.core.dues_rules import month_label
    from dangjian_desktop.core.money import yuan_text

    amount = _fen(args.amount, "金额")
    with open_from_args(args):
        payment = dues.pay(args.member_id, args.month, paid_on=args.on, amount_fen=amount)
        name = payment.member.name
    _out(f"已记录：{name}于 {args.on.isoformat()} 交纳{month_label(args.month)}党费 {yuan_text(payment.amount_fen)} 元。")
    return 0


def run_arrears(args) -> int:
    from dangjian_desktop.core import dues_arrears as dues

    with open_from_args(args):
        found = dues.arrears(args.on)
    if args.json:
        print_json([a.as_json() for a in found])
        return 0
    for arrear in found:
        _out(arrear.text)
    if not found:
        _out("没有连续 3 个月以上未交党费的党员。")
    return 0


def run_remit(args) -> int:
    from dangjian_desktop.core import dues
    from dangjian_desktop.core.dues_rules import month_label
    from dangjian_desktop.core.money import yuan, yuan_text

    with open_from_args(args):
        remittance = dues.remit(args.first_month, args.last_month or args.first_month, on=args.on, note=args.note)
    if args.json:
        print_json({"id": remittance.id, "first_month": remittance.first_month, "last_month": remittance.last_month,
                    "amount": yuan(remittance.amount_fen), "remitted_on": remittance.remitted_on.isoformat()})
        return 0
    span = month_label(remittance.first_month)
    if remittance.last_month != remittance.first_month:
        span += f"至{month_label(remittance.last_month)}"
    _out(f"已记录上缴{span}党费 {yuan_text(remittance.amount_fen)} 元，这些月份已结账。")
    return 0
