"""Dues arrears (党费): members some months in a row behind, for the 工作台 and ``dues arrears``.

党章: six months in a row unpaid without good reason is treated as leaving the party, so the
branch sees arrears from three months on (DOMAIN.md "Dues").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from dangjian_desktop.core.dues import CHUNK, _owing_query, ledger_start
from dangjian_desktop.core.dues_rules import add_months, month_index, month_label, month_of, months_between
from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.db.models import DuesBasis, Member, database_proxy

ARREARS_FROM = 3           # months in a row unpaid before the 工作台 says so


@dataclass(frozen=True)
class Arrear:
    member_id: int
    name: str
    months_unpaid: int          # months in a row with nothing paid, up to last month
    owed_fen: int               # their dues (where the basis is known)
    unknown_months: int         # of those, months whose due is not known (no basis yet)
    since: str                  # the first of those months

    @property
    def text(self) -> str:
        """What the 工作台 says: plain, never a ranking."""
        owed = f"，共 {yuan_text(self.owed_fen)} 元" if self.owed_fen else ""
        unknown = "（还没有核定基数）" if self.unknown_months == self.months_unpaid else ""
        sentence = f"{self.name}已 {self.months_unpaid} 个月未交党费（{month_label(self.since)}起）{owed}{unknown}"
        if self.months_unpaid >= 6:
            sentence += "。按党章规定，连续6个月不交党费又没有正当理由的，视为自行脱党，请尽快联系本人"
        elif self.months_unpaid == 5:
            sentence += "。再过一个月就满6个月，请尽快联系本人"
        return sentence + "。"

    def as_json(self) -> dict[str, object]:
        from dangjian_desktop.core.money import yuan

        return {"member_id": self.member_id, "name": self.name, "months_unpaid": self.months_unpaid,
                "owed": yuan(self.owed_fen)}


def arrears(on: dt.date | None = None, *, at_least: int = ARREARS_FROM) -> list[Arrear]:
    """Members with ``at_least`` months in a row unpaid, counted back from the month before
    ``on`` (the current month is still being collected), from the ledger's first month.

    A month counts as paid when what was paid for it (corrections included) is above 0; the
    run of unpaid months is what lies after the last such month (one query, any roster size).
    """
    on = on or dt.date.today()
    start = ledger_start()
    if start is None:
        return []
    last = add_months(month_of(on), -1)
    if month_index(last) - month_index(start) + 1 < at_least:
        return []
    # the last month each member paid for, read from the covering (member, month, amount) index
    # in its order ("+month" keeps the planner off the month index, which needs a sort)
    last_paid = dict(database_proxy.execute_sql(
        'SELECT member_id, MAX(month) FROM (SELECT member_id, month FROM dues_payment '
        'WHERE +month >= ? AND +month <= ? GROUP BY member_id, month HAVING SUM(amount_fen) > 0) '
        'GROUP BY member_id', (start, last)).fetchall())
    candidates = []
    owing = (_owing_query(last).select(Member.id, Member.name, Member.joined_on, Member.transferred_in_on)
             .order_by(Member.name_pinyin, Member.id))
    for member_id, name, joined, moved_in in database_proxy.execute_sql(*owing.sql()).fetchall():
        # the dates as stored ("2026-06-20"): their first seven characters are the month
        begins = max([start] + [str(d)[:7] for d in (joined, moved_in) if d])
        if member_id in last_paid:
            begins = max(begins, add_months(last_paid[member_id], 1))
        count = month_index(last) - month_index(begins) + 1
        if count >= at_least:
            candidates.append((member_id, name, begins, count))
    bases: dict[int, list[tuple[str, int]]] = defaultdict(list)
    ids = [c[0] for c in candidates]
    for begin in range(0, len(ids), CHUNK):
        for member_id, from_month, due in (DuesBasis.select(DuesBasis.member, DuesBasis.from_month, DuesBasis.due_fen)
                                           .where(DuesBasis.member.in_(ids[begin:begin + CHUNK]))
                                           .order_by(DuesBasis.from_month).tuples()):
            bases[member_id].append((from_month, due))
    found = []
    for member_id, name, begins, count in candidates:
        owed, unknown = 0, 0
        for month in months_between(begins, last):
            due = next((d for f, d in reversed(bases[member_id]) if f <= month), None)
            if due is None:
                unknown += 1
            else:
                owed += due
        found.append(Arrear(member_id, name, count, owed, unknown, begins))
    return found
