"""The dues ledger (党费): bases, a month's sheet, payments and remittances (arrears are
core.dues_arrears, the year's ledger core.dues_year).

Money is integer fen throughout (core.money); the rules of a due are core.dues_rules. Who owes
a month: a member owes it from the month of their 入党日期 (a probationary member pays from the
支部大会 vote) or of their transfer in, until the month before their status date when they left
the roster (transferred out, deceased …). Flow members owe like everyone else.

A month is *closed* once a remittance (上缴) covers it: its payments are then never changed; a
later correction is an adjustment row with its reason, handed on with the next remittance.
Arrears are counted from the ledger's first month (setting ``dues_start_month``, else the first
month any basis applies from): months before the branch kept its dues here are on paper.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from peewee import fn

from dangjian_desktop.core import settings
from dangjian_desktop.core.changes import by_id, named, rows_of
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.dues_rules import (
    KIND_LABELS,
    add_months,
    compute_due,
    first_day,
    month_index,
    month_label,
    month_of,
    months_between,
    parse_month,
)
from dangjian_desktop.core.members import get_member
from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.core.vocab import ACTIVE, STATUS_ACTIONS
from dangjian_desktop.db.models import DuesBasis, DuesPayment, DuesRemittance, Member, Setting
from dangjian_desktop.errors import UserError

ADVANCE_MONTHS = 12        # how far ahead a payment may go
CHUNK = 500


# --- who owes which months ------------------------------------------------------------------------

def owing_from(member: Member) -> str | None:
    """The first month the member owes here (None: since before anything we know)."""
    starts = [month_of(d) for d in (member.joined_on, member.transferred_in_on) if d]
    return max(starts) if starts else None


def owing_until(member: Member) -> str | None:
    """The last month the member owes (None: still owing). A member who left without a status
    date owes nothing we can place: their last month is before any ledger."""
    if member.status == ACTIVE:
        return None
    if member.status_on is None:
        return "0000-00"
    return add_months(month_of(member.status_on), -1)


def owes(member: Member, month: str) -> bool:
    start, end = owing_from(member), owing_until(member)
    return (start is None or start <= month) and (end is None or month <= end)


def _owing_query(month: str):
    begins = first_day(month)
    following = first_day(add_months(month, 1))
    return (Member.select()
            .where((Member.joined_on.is_null() | (Member.joined_on < following))
                   & (Member.transferred_in_on.is_null() | (Member.transferred_in_on < following))
                   & ((Member.status == ACTIVE) | (Member.status_on >= following)))
            .where((Member.status == ACTIVE) | (Member.status_on >= begins)))


def _left_words(member: Member) -> str:
    """已于2026年8月15日转出 (or 已转出 when the day is not known)."""
    verb = STATUS_ACTIONS.get(member.status, "不在册")
    return f"已于{format_date_cn(member.status_on)}{verb}" if member.status_on else f"已{verb}"


def ledger_start() -> str | None:
    """The ledger's first month: the branch's setting, else the first month of any basis."""
    chosen = settings.get("dues_start_month")
    if chosen:
        try:
            return parse_month(chosen)
        except UserError:
            pass
    first = DuesBasis.select(fn.MIN(DuesBasis.from_month)).scalar()
    return first or None


def set_ledger_start(month: str) -> None:
    settings.put("dues_start_month", parse_month(month))


# --- bases ----------------------------------------------------------------------------------------

def bases_on(month: str, member_ids=None) -> dict[int, DuesBasis]:
    """Each member's basis in force in ``month`` (the latest one from that month or before)."""
    query = DuesBasis.select().where(DuesBasis.from_month <= month).order_by(DuesBasis.from_month)
    if member_ids is not None:
        ids = list(member_ids)
        if len(ids) <= CHUNK:
            query = query.where(DuesBasis.member.in_(ids))
        else:
            wanted = set(ids)
            return {b.member_id: b for b in query if b.member_id in wanted}
    return {b.member_id: b for b in query}


def _basis_label(result, member_id, *_args, **_kwargs) -> str:
    return f"核定党费基数 {result.member.name}"


def _basis_scope(member_id, *_args, **_kwargs):
    return [rows_of(DuesBasis, DuesBasis.member, [member_id])]


@named(_basis_label, scope=_basis_scope, creates=lambda basis: [(DuesBasis, [basis.id])])
def set_basis(member_id: int, kind: str, *, from_month: str, income_fen: int | None = None,
              amount_fen: int | None = None) -> DuesBasis:
    """Record a member's basis from ``from_month`` on (replacing one from the same month)."""
    from_month = parse_month(from_month)
    member = get_member(member_id)
    end = owing_until(member)
    if end is not None and from_month > end:
        raise UserError(f"{member.name}{_left_words(member)}，{month_label(from_month)}起不用再交党费。")
    closed = last_closed_month()
    if closed is not None and from_month <= closed:
        raise UserError(f"{month_label(closed)}以前的党费已经上缴结账，新的基数最早从{month_label(add_months(closed, 1))}"
                        "起执行；以前月份记错的，请记“调整”。")
    due = compute_due(kind, income_fen=income_fen, amount_fen=amount_fen,
                      farmer_fen=settings.get("dues_farmer_fen"))
    values = {"kind": kind, "income_fen": income_fen, "amount_fen": amount_fen, "due_fen": due.fen,
              "rule": due.rule, "recorded_at": dt.datetime.now().replace(microsecond=0)}
    existing = DuesBasis.get_or_none((DuesBasis.member == member_id) & (DuesBasis.from_month == from_month))
    if existing is None:
        return DuesBasis.create(member=member_id, from_month=from_month, **values)
    for key, value in values.items():
        setattr(existing, key, value)
    existing.save()
    return existing


# --- a month's sheet ------------------------------------------------------------------------------

@dataclass
class DuesLine:
    member_id: int
    name: str
    kind: str | None            # dues_rules key, None while no basis is set
    base_fen: int | None        # the income the due is computed on (None for the flat kinds)
    due_fen: int | None
    rule: str
    paid_fen: int | None        # payments of the month (None: nothing paid)
    paid_on: dt.date | None     # the last payment's day
    adjusted_fen: int = 0       # corrections recorded after the month was closed
    owes: bool = True           # False: listed only for a payment made before they left
    remitted: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "") if self.kind else ""

    @property
    def settled(self) -> bool:
        """Paid at least the due (a voluntary higher amount included)."""
        total = (self.paid_fen or 0) + self.adjusted_fen
        return self.due_fen is not None and total >= self.due_fen

    @property
    def short_fen(self) -> int:
        """What is still owed for the month (0 when paid up; the due when nothing was paid)."""
        if self.due_fen is None:
            return 0
        return max(0, self.due_fen - (self.paid_fen or 0) - self.adjusted_fen)

    def as_json(self) -> dict[str, object]:
        from dangjian_desktop.core.money import yuan

        paid = None if self.paid_fen is None and not self.adjusted_fen else (self.paid_fen or 0) + self.adjusted_fen
        return {"member_id": self.member_id, "name": self.name, "kind": self.kind,
                "base": yuan(self.base_fen), "due": yuan(self.due_fen), "paid": yuan(paid),
                "paid_on": self.paid_on.isoformat() if self.paid_on else None}


@dataclass
class MonthSheet:
    month: str
    lines: list[DuesLine]
    remittance: DuesRemittance | None
    ledger_start: str | None = None

    @property
    def closed(self) -> bool:
        return self.remittance is not None

    @property
    def due_total(self) -> int:
        return sum(line.due_fen or 0 for line in self.lines if line.owes)

    @property
    def paid_total(self) -> int:
        return sum((line.paid_fen or 0) + line.adjusted_fen for line in self.lines)

    @property
    def unpaid(self) -> list[DuesLine]:
        return [line for line in self.lines if line.owes and not line.paid_fen and not line.adjusted_fen]

    @property
    def without_basis(self) -> list[DuesLine]:
        return [line for line in self.lines if line.owes and line.due_fen is None]


def name_initials() -> dict[int, str]:
    """member -> pinyin initials (wjg), for finding a member on the 党费 page."""
    return dict(Member.select(Member.id, Member.name_initials).tuples())


def paid_from(member_ids, month: str) -> tuple[int, str | None]:
    """How many of ``member_ids`` already paid for ``month`` or later, and the latest such month
    (a new basis from ``month`` would show them short or over)."""
    ids = list(member_ids)
    count, latest = 0, None
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        query = DuesPayment.select(fn.COUNT(fn.DISTINCT(DuesPayment.member)), fn.MAX(DuesPayment.month)).where(
            DuesPayment.member.in_(chunk) & (DuesPayment.month >= month) & (DuesPayment.adjustment == False))
        found, last = query.tuples().first()
        count += found or 0
        latest = max(filter(None, (latest, last)), default=None)
    return count, latest


def last_closed_month() -> str | None:
    """The latest month a remittance closed (bases and payments stop there)."""
    return DuesRemittance.select(fn.MAX(DuesRemittance.last_month)).scalar() or None


def remittance_covering(month: str) -> DuesRemittance | None:
    return (DuesRemittance.select()
            .where((DuesRemittance.first_month <= month) & (DuesRemittance.last_month >= month))
            .order_by(DuesRemittance.id).first())


def month_sheet(month: str) -> MonthSheet:
    """Every member who owes ``month`` (and anyone who paid for it), in name order."""
    month = parse_month(month)
    owing = list(_owing_query(month).select(Member.id, Member.name)
                 .order_by(Member.name_pinyin, Member.id).tuples())
    listed = {member_id for member_id, _name in owing}
    paid: dict[int, int] = defaultdict(int)
    adjusted: dict[int, int] = defaultdict(int)
    paid_on: dict[int, dt.date] = {}
    remitted: set[int] = set()
    for member_id, amount, day, adjustment, remittance in (
            DuesPayment.select(DuesPayment.member, DuesPayment.amount_fen, DuesPayment.paid_on,
                               DuesPayment.adjustment, DuesPayment.remittance)
            .where(DuesPayment.month == month).tuples()):
        (adjusted if adjustment else paid)[member_id] += amount
        if not adjustment:
            paid_on[member_id] = max(paid_on.get(member_id, day), day)
        if remittance is not None:
            remitted.add(member_id)
    extra_ids = (set(paid) | set(adjusted)) - listed
    extra = list(Member.select(Member.id, Member.name).where(Member.id.in_(list(extra_ids)))
                 .order_by(Member.name_pinyin, Member.id).tuples()) if extra_ids else []
    bases: dict[int, tuple] = {}
    for member_id, kind, income, due, rule in (
            DuesBasis.select(DuesBasis.member, DuesBasis.kind, DuesBasis.income_fen, DuesBasis.due_fen, DuesBasis.rule)
            .where(DuesBasis.from_month <= month).order_by(DuesBasis.from_month).tuples()):
        bases[member_id] = (kind, income, due, rule)
    lines = []
    for member_id, name in owing + extra:
        kind, income, due, rule = bases.get(member_id, (None, None, None, ""))
        lines.append(DuesLine(
            member_id=member_id, name=name, kind=kind, base_fen=income, due_fen=due, rule=rule,
            paid_fen=paid.get(member_id), paid_on=paid_on.get(member_id),
            adjusted_fen=adjusted.get(member_id, 0), owes=member_id in listed, remitted=member_id in remitted))
    return MonthSheet(month, lines, remittance_covering(month), ledger_start())


# --- payments -------------------------------------------------------------------------------------

def _check_payable(member: Member, month: str, paid_on: dt.date, today: dt.date) -> None:
    if paid_on > today:
        raise UserError(f"交纳日期 {paid_on.isoformat()} 还没到，请写实际交钱的那一天。")
    start, end = owing_from(member), owing_until(member)
    if start is not None and month < start:
        why = "入党" if member.joined_on and month_of(member.joined_on) == start else "转入本支部"
        raise UserError(f"{member.name}{month_label(start)}{why}，{month_label(month)}还不用交党费。")
    if end is not None and month > end:
        raise UserError(f"{member.name}{_left_words(member)}，{month_label(month)}不用再交党费。")
    if month_index(month) > month_index(month_of(paid_on)) + ADVANCE_MONTHS:
        raise UserError(f"最多预交 {ADVANCE_MONTHS} 个月，{month_label(month)}太远了。")
    closed = remittance_covering(month)
    if closed is not None:
        raise UserError(f"{month_label(month)}的党费已于{format_date_cn(closed.remitted_on)}上缴，这个月已经结账。"
                        "补交或更正请记一笔“调整”，并写明原因。")


def _member_month_scope(member_id, month, *_args, **_kwargs):
    return [rows_of(DuesPayment, DuesPayment.member, [member_id])]


def _pay_label(result, member_id, month, *_args, **_kwargs) -> str:
    return f"记录党费 {get_member(member_id).name} {month_label(parse_month(month))}"


def _paid_fen(member_id: int, month: str) -> int:
    return (DuesPayment.select(fn.COALESCE(fn.SUM(DuesPayment.amount_fen), 0))
            .where((DuesPayment.member == member_id) & (DuesPayment.month == month)).scalar())


def _record_payment(member: Member, month: str, amount_fen: int | None, paid_on: dt.date, today: dt.date) -> DuesPayment:
    _check_payable(member, month, paid_on, today)
    if amount_fen is None:
        basis = bases_on(month, [member.id]).get(member.id)
        if basis is None:
            raise UserError(f"还没有核定{member.name}的党费基数，不知道{month_label(month)}应交多少。"
                            "请先核定基数，或写明交了多少钱。")
        amount_fen = basis.due_fen - _paid_fen(member.id, month)
        if amount_fen <= 0:
            raise UserError(f"{member.name}{month_label(month)}的党费已经交齐了。")
    elif amount_fen <= 0:
        raise UserError("交纳的金额要大于 0 元。")
    return DuesPayment.create(member=member.id, month=month, amount_fen=amount_fen, paid_on=paid_on)


@named(_pay_label, scope=_member_month_scope)
def pay(member_id: int, month: str, *, paid_on: dt.date, amount_fen: int | None = None,
        today: dt.date | None = None) -> DuesPayment:
    """A member paid for a month: ``amount_fen``, or without it what is left of the month's due."""
    member = get_member(member_id)
    return _record_payment(member, parse_month(month), amount_fen, paid_on, today or dt.date.today())


@named(_pay_label, scope=_member_month_scope)
def set_paid(member_id: int, month: str, amount_fen: int, *, paid_on: dt.date,
             today: dt.date | None = None) -> DuesPayment:
    """What a member paid for an open month *in all* (a part after 全部按应交收齐, a wrong amount):
    the month's payments become this one payment."""
    member = get_member(member_id)
    month = parse_month(month)
    _check_payable(member, month, paid_on, today or dt.date.today())
    if amount_fen <= 0:
        raise UserError("一共交的金额要大于 0 元；没有交的，请去掉这个月的交纳记录。")
    (DuesPayment.delete().where((DuesPayment.member == member_id) & (DuesPayment.month == month)
                                & (DuesPayment.adjustment == False)).execute())
    return DuesPayment.create(member=member_id, month=month, amount_fen=amount_fen, paid_on=paid_on)


def _advance_label(result, member_id, months, *_args, **_kwargs) -> str:
    months = list(months)
    return f"记录党费 {get_member(member_id).name} {month_label(months[0])}至{month_label(months[-1])}"


@named(_advance_label, scope=lambda member_id, *_a, **_k: [rows_of(DuesPayment, DuesPayment.member, [member_id])])
def pay_months(member_id: int, months: list[str], *, paid_on: dt.date, today: dt.date | None = None) -> list[DuesPayment]:
    """By quarter or in advance (with the branch's consent): each month's due, one row per month."""
    member = get_member(member_id)
    today = today or dt.date.today()
    if not months:
        raise UserError("请选择要交的月份。")
    return [_record_payment(member, parse_month(m), None, paid_on, today) for m in months]


def _month_scope(month, *_args, **_kwargs):
    return [rows_of(DuesPayment, DuesPayment.month, [parse_month(month)])]


@named(lambda result, month, *_a, **_k: f"{month_label(parse_month(month))}党费全部按应交收齐", scope=_month_scope)
def pay_all(month: str, *, paid_on: dt.date, member_ids=None, today: dt.date | None = None) -> list[DuesPayment]:
    """Everyone who owes the month, has a basis and has paid nothing yet pays the due (the
    common case; the page then unticks who did not). ``member_ids`` limits it to those."""
    month = parse_month(month)
    today = today or dt.date.today()
    sheet = month_sheet(month)
    if sheet.closed:
        raise UserError(f"{month_label(month)}的党费已于{format_date_cn(sheet.remittance.remitted_on)}上缴，"
                        "这个月已经结账。补交或更正请记一笔“调整”，并写明原因。")
    wanted = set(member_ids) if member_ids is not None else None
    made = []
    members = {m.id: m for m in _owing_query(month)}
    for line in sheet.lines:
        if not line.owes or line.paid_fen or line.due_fen is None:
            continue
        if wanted is not None and line.member_id not in wanted:
            continue
        made.append(_record_payment(members[line.member_id], month, line.due_fen, paid_on, today))
    return made


@named(lambda result, member_id, month, *_a, **_k: f"取消党费记录 {get_member(member_id).name} "
       f"{month_label(parse_month(month))}", scope=_member_month_scope)
def unpay(member_id: int, month: str) -> int:
    """Take back the payments of an open month (a wrong tick); returns how many were removed."""
    month = parse_month(month)
    member = get_member(member_id)
    closed = remittance_covering(month)
    if closed is not None:
        raise UserError(f"{month_label(month)}的党费已经上缴结账，{member.name}的记录不能再取消。"
                        "确实记错了，请记一笔“调整”并写明原因。")
    return (DuesPayment.delete()
            .where((DuesPayment.member == member_id) & (DuesPayment.month == month)
                   & (DuesPayment.adjustment == False)).execute())


@named(lambda result, member_id, month, *_a, **_k: f"党费调整 {get_member(member_id).name} "
       f"{month_label(parse_month(month))}", scope=_member_month_scope)
def adjust(member_id: int, month: str, amount_fen: int, *, reason: str, on: dt.date,
           today: dt.date | None = None) -> DuesPayment:
    """A correction of a closed month (补交 after remittance, a wrong amount): never a silent
    change of what was handed on; it goes with the next remittance."""
    month = parse_month(month)
    member = get_member(member_id)
    today = today or dt.date.today()
    if on > today:
        raise UserError(f"调整日期 {on.isoformat()} 还没到。")
    if remittance_covering(month) is None:
        raise UserError(f"{month_label(month)}还没有上缴结账，直接修改这个月的交纳记录就可以，不用记调整。")
    if not reason.strip():
        raise UserError("请写明调整的原因（例如“上缴后补交”“金额记错”）。")
    if amount_fen == 0:
        raise UserError("调整的金额不能是 0。")
    if amount_fen < 0 and _paid_fen(member_id, month) + amount_fen < 0:
        raise UserError(f"{member.name}{month_label(month)}一共只交了 {yuan_text(_paid_fen(member_id, month))} 元，"
                        "减少的金额不能比这还多。")
    return DuesPayment.create(member=member_id, month=month, amount_fen=amount_fen, paid_on=on,
                              adjustment=True, reason=reason.strip())


# --- remittance -----------------------------------------------------------------------------------

@dataclass
class RemittancePreview:
    first_month: str
    last_month: str
    amount_fen: int
    payment_ids: list[int]
    adjustments_fen: int
    unpaid_names: list[str] = field(default_factory=list)


def remittance_preview(first_month: str, last_month: str) -> RemittancePreview:
    """What remitting these months hands on: their payments and every correction not yet handed on."""
    first_month, last_month = parse_month(first_month), parse_month(last_month)
    if last_month < first_month:
        raise UserError("上缴的起止月份颠倒了。")
    for month in months_between(first_month, last_month):
        closed = remittance_covering(month)
        if closed is not None:
            raise UserError(f"{month_label(month)}的党费已于{format_date_cn(closed.remitted_on)}上缴过了。")
    rows = list(DuesPayment.select().where(
        DuesPayment.remittance.is_null()
        & (((DuesPayment.adjustment == False) & (DuesPayment.month >= first_month)
            & (DuesPayment.month <= last_month))
           | ((DuesPayment.adjustment == True) & (DuesPayment.month < first_month)))))
    unpaid = []
    for month in months_between(first_month, last_month):
        unpaid.extend(line.name for line in month_sheet(month).unpaid)
    return RemittancePreview(first_month, last_month, sum(r.amount_fen for r in rows), [r.id for r in rows],
                             sum(r.amount_fen for r in rows if r.adjustment), list(dict.fromkeys(unpaid)))


@named(lambda result, *_a, **_k: f"上缴党费 {month_label(result.first_month)}"
       + (f"至{month_label(result.last_month)}" if result.last_month != result.first_month else ""),
       scope=lambda first_month, last_month, *_a, **_k:
       [by_id(DuesPayment, remittance_preview(first_month, last_month).payment_ids)],
       creates=lambda r: [(DuesRemittance, [r.id])])
def remit(first_month: str, last_month: str, *, on: dt.date, note: str = "",
          today: dt.date | None = None) -> DuesRemittance:
    """Hand the months' dues on to the 上级党委; the months are closed from then on."""
    today = today or dt.date.today()
    if on > today:
        raise UserError(f"上缴日期 {on.isoformat()} 还没到，请写实际上缴的那一天。")
    preview = remittance_preview(first_month, last_month)
    if month_of(on) < preview.first_month:
        raise UserError(f"{month_label(preview.first_month)}的党费还没到收的时候，不能在{format_date_cn(on)}上缴。")
    remittance = DuesRemittance.create(first_month=preview.first_month, last_month=preview.last_month,
                                       amount_fen=preview.amount_fen, remitted_on=on, note=note.strip())
    for start in range(0, len(preview.payment_ids), CHUNK):
        (DuesPayment.update(remittance=remittance.id)
         .where(DuesPayment.id.in_(preview.payment_ids[start:start + CHUNK])).execute())
    return remittance


def remittances(year: int | None = None) -> list[DuesRemittance]:
    query = DuesRemittance.select().order_by(DuesRemittance.first_month, DuesRemittance.id)
    if year is not None:
        query = query.where((DuesRemittance.first_month <= f"{year}-12") & (DuesRemittance.last_month >= f"{year}-01"))
    return list(query)


# --- the yearly 核定 for many members at once ----------------------------------------------------

@dataclass(frozen=True)
class BasisEntry:
    member_id: int
    kind: str
    income_fen: int | None = None
    amount_fen: int | None = None


def _bases_scope(entries, *_args, **_kwargs):
    return [rows_of(DuesBasis, DuesBasis.member, [e.member_id for e in entries]),
            rows_of(Setting, Setting.key, ["dues_farmer_fen"])]


@named(lambda result, entries, *_a, **_k: f"核定党费基数（{len(list(entries))} 人）", scope=_bases_scope)
def set_bases(entries: list[BasisEntry], *, from_month: str, farmer_fen: int | None = None) -> list[DuesBasis]:
    """The yearly 核定 of several members in one change (one undo, the branch's farmer amount
    ``farmer_fen`` with it); refused as a whole, naming the member, when any entry breaks a rule."""
    if farmer_fen is not None and farmer_fen != settings.get("dues_farmer_fen"):
        settings.put("dues_farmer_fen", farmer_fen)
    made = []
    for entry in entries:
        try:
            made.append(set_basis(entry.member_id, entry.kind, from_month=from_month,
                                  income_fen=entry.income_fen, amount_fen=entry.amount_fen))
        except UserError as exc:
            name = Member.get_or_none(Member.id == entry.member_id)
            who = f"{name.name}：" if name is not None and not str(exc).startswith(name.name) else ""
            raise UserError(f"{who}{exc}") from None
    return made
