"""The dues of a year (党费收缴台账): per member, per month, what was paid; a member's payments."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from dangjian_desktop.core.dues import owes
from dangjian_desktop.core.vocab import ACTIVE
from dangjian_desktop.db.models import DuesBasis, DuesPayment, Member


@dataclass
class YearRow:
    member_id: int
    name: str
    kind: str | None
    due_fen: int | None                 # the due in force at the year's end (or its last month owed)
    paid: dict[str, int]                # month -> fen paid for it (adjustments included)
    owed_months: list[str]

    @property
    def total_fen(self) -> int:
        return sum(self.paid.values())


def year_ledger(year: int) -> list[YearRow]:
    """Per member, per month of ``year``: what was paid (for the 党费收缴台账)."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    first_of_year, end_of_year = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    members = list(Member.select()
                   .where((Member.joined_on.is_null() | (Member.joined_on < end_of_year))
                          & ((Member.status == ACTIVE) | (Member.status_on > first_of_year)))
                   .order_by(Member.name_pinyin, Member.id))
    paid: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in DuesPayment.select().where((DuesPayment.month >= months[0]) & (DuesPayment.month <= months[-1])):
        paid[p.member_id][p.month] += p.amount_fen
    bases: dict[int, list[DuesBasis]] = defaultdict(list)
    for basis in DuesBasis.select().where(DuesBasis.from_month <= months[-1]).order_by(DuesBasis.from_month):
        bases[basis.member_id].append(basis)
    rows = []
    for member in members:
        owed = [m for m in months if owes(member, m)]
        if not owed and member.id not in paid:
            continue
        last_owed = owed[-1] if owed else months[-1]
        basis = next((b for b in reversed(bases[member.id]) if b.from_month <= last_owed), None)
        rows.append(YearRow(member.id, member.name, basis.kind if basis else None,
                            basis.due_fen if basis else None, dict(paid.get(member.id, {})), owed))
    return rows


def payments_of(member_id: int, year: int | None = None) -> list[DuesPayment]:
    query = DuesPayment.select().where(DuesPayment.member == member_id).order_by(DuesPayment.month, DuesPayment.id)
    if year is not None:
        query = query.where((DuesPayment.month >= f"{year}-01") & (DuesPayment.month <= f"{year}-12"))
    return list(query)
