"""The demo branch's dues: this year's bases, payments up to last month (a few members behind),
and quarterly remittances (core.demo calls :func:`add_demo_dues` last)."""

from __future__ import annotations

import datetime as dt
import random

from dangjian_desktop.core import settings
from dangjian_desktop.core.dues import _owing_query, owes
from dangjian_desktop.core.dues_rules import add_months, compute_due, first_day, month_of, months_between
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import DuesBasis, DuesPayment, DuesRemittance, Member

SALARIED_JOBS = {"村干部": (3200, 5200), "教师": (4200, 7800), "个体经营": (2600, 12000), "合作社": (2400, 4200)}


def _basis(rng: random.Random, member: Member, today: dt.date) -> dict:
    age = today.year - member.birth_date.year if member.birth_date else 50
    if member.job == "退休" or age >= 70 and rng.random() < 0.3:
        kind, income = "retired", rng.randrange(2400, 6800) * 100
    elif member.job in SALARIED_JOBS:
        low, high = SALARIED_JOBS[member.job]
        kind, income = "salaried", rng.randrange(low, high) * 100 + rng.choice((0, 0, 50))
    elif member.hardship:
        kind, income = "low_income", None
    elif member.job == "外出务工":
        kind, income = "salaried", rng.randrange(3000, 6500) * 100
    else:
        kind, income = "farmer", None
    due = compute_due(kind, income_fen=income, farmer_fen=settings.get("dues_farmer_fen"))
    return {"member": member.id, "kind": kind, "income_fen": income, "amount_fen": None,
            "due_fen": due.fen, "rule": due.rule}


def add_demo_dues(rng: random.Random, today: dt.date) -> dict[str, int]:
    start = f"{today.year}-01"
    last = add_months(month_of(today), -1)
    settings.put("dues_farmer_fen", 50)
    settings.put("dues_start_month", start)
    members = list(_owing_query(month_of(today)).order_by(Member.id))
    bases = []
    for member in members:
        basis = _basis(rng, member, today)
        basis["from_month"] = max(start, month_of(member.joined_on)) if member.joined_on else start
        bases.append(basis)
    bulk_insert(DuesBasis, bases)
    behind = {m.id: rng.randrange(3, 7) for m in rng.sample(members, min(len(members), max(1, len(members) // 25)))}
    due_of = {b["member"]: b["due_fen"] for b in bases}
    payments = []
    months = months_between(start, last) if last >= start else []
    for member in members:
        skip_from = add_months(last, -behind[member.id] + 1) if member.id in behind else None
        for month in months:
            if not owes(member, month) or (skip_from and month >= skip_from):
                continue
            paid = first_day(add_months(month, 1)) - dt.timedelta(days=rng.randrange(1, 20))
            payments.append({"member": member.id, "month": month, "amount_fen": due_of[member.id],
                             "paid_on": min(paid, today), "adjustment": False, "reason": ""})
    bulk_insert(DuesPayment, payments)
    remitted = 0
    quarter_end = [m for m in months if m[5:7] in ("03", "06", "09", "12") and m <= add_months(last, -1)]
    first = start
    for end in quarter_end:
        total = sum(p["amount_fen"] for p in payments if first <= p["month"] <= end)
        remittance = DuesRemittance.create(first_month=first, last_month=end, amount_fen=total,
                                           remitted_on=first_day(add_months(end, 1)) + dt.timedelta(days=9))
        (DuesPayment.update(remittance=remittance.id)
         .where((DuesPayment.month >= first) & (DuesPayment.month <= end)).execute())
        remitted += 1
        first = add_months(end, 1)
    return {"bases": len(bases), "payments": len(payments), "remittances": remitted}
