"""The demo branch's 发展党员 files: one person at each stage, with dates that keep the rules
(core.demo calls :func:`add_demo_recruits` before the dues, so the new 预备党员 owes dues)."""

from __future__ import annotations

import datetime as dt
import random

from dangjian_desktop.core import recruits
from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.core.recruit_rules import PROBATIONARY, add_months, age_on
from dangjian_desktop.core.vocab import ACTIVE, FULL_MEMBER
from dangjian_desktop.db.models import Member, Recruit, RecruitEvent, RecruitPerson

PEOPLE = (("刘晓燕", "女", 1996), ("陈浩然", "男", 1993), ("赵子涵", "女", 1999), ("周明轩", "男", 1995))


def _id_number(rng: random.Random, year: int, gender: str, used: set[str]) -> str:
    while True:
        digit = rng.choice("13579" if gender == "男" else "02468")
        first17 = f"370124{year}{rng.randrange(1, 13):02d}{rng.randrange(1, 28):02d}{rng.randrange(10, 99)}{digit}"
        number = first17 + check_char(first17)
        if number not in used and not Member.get_or_none(Member.id_number == number):
            used.add(number)
            return number


def add_demo_recruits(rng: random.Random, today: dt.date) -> int:
    settled = add_months(today, -60)        # full members since before any date of these files
    full = [m.id for m in Member.select().where((Member.status == ACTIVE) & (Member.category == FULL_MEMBER)
                                                & (Member.full_member_on.is_null() | (Member.full_member_on < settled)))
            .order_by(Member.name_pinyin).limit(6)]
    if len(full) < 3:
        return 0
    used: set[str] = set()
    back = lambda months, days=0: add_months(today, -months) - dt.timedelta(days=days)
    plans = (
        [("applied", back(0, 20))],                                                   # not yet talked to
        [("applied", back(9)), ("talked", back(9, -10)), ("activist", back(8)), ("contacts", back(8, -5)),
         ("review", back(2))],
        [("applied", back(20)), ("talked", back(20, -12)), ("activist", back(18)), ("contacts", back(18, -3)),
         ("review", back(12)), ("review", back(6)), ("candidate", back(5)), ("introducers", back(5, -2)),
         ("political_review", back(4)), ("trained", back(3))],
        [("applied", back(14)), ("talked", back(14, -20)), ("activist", back(12)), ("stopped", back(6))],
    )
    made = 0
    for (name, gender, year), plan in zip(PEOPLE, plans, strict=True):
        applied = plan[0][1]
        recruit = recruits.add_recruit({"name": name, "id_number": _id_number(rng, year, gender, used),
                                        "phone": f"13{rng.randrange(10 ** 9):09d}"}, applied_on=applied, today=today)
        for event, day in plan[1:]:
            people = {"talked": full[:1], "contacts": full[1:3], "introducers": full[2:4]}.get(event, [])
            recruits.record_step(recruit.id, event, day, member_ids=people, today=today,
                                 hours=32 if event == "trained" else None,
                                 note="本人申请撤回，支部同意" if event == "stopped" else "")
        made += 1
    return made + _file_of_a_probationary_member(full, today)


def _file_of_a_probationary_member(full: list[int], today: dt.date) -> int:
    """The file behind one of the demo's 预备党员, its dates counted back from the 入党日期 (the
    vote); written directly, as the member is already in the roster."""
    probationary = (Member.select().where((Member.status == ACTIVE) & (Member.category != FULL_MEMBER)
                                          & Member.joined_on.is_null(False) & Member.id_number.is_null(False))
                    .order_by(Member.joined_on))
    # one who was 18 when the application was written, 21 months before the vote
    member = next((m for m in probationary if m.birth_date
                   and age_on(m.birth_date, add_months(m.joined_on, -21)) >= 18), None)
    if member is None:
        return 0
    vote = member.joined_on
    approved = min(vote + dt.timedelta(days=40), today)
    oath = min(approved + dt.timedelta(days=7), today)
    candidate = add_months(vote, -4)
    activist = add_months(candidate, -14)
    plan = [("talked", add_months(activist, -2)), ("activist", activist), ("contacts", activist + dt.timedelta(days=3)),
            ("review", add_months(activist, 6)), ("review", add_months(activist, 12)), ("candidate", candidate),
            ("introducers", candidate + dt.timedelta(days=5)), ("political_review", add_months(candidate, 1)),
            ("trained", add_months(candidate, 2)), ("publicity", vote - dt.timedelta(days=14)),
            ("branch_vote", vote), ("approved", approved), ("oath", oath)]
    recruit = Recruit.create(name=member.name, name_pinyin=member.name_pinyin, name_initials=member.name_initials,
                             gender=member.gender, ethnicity=member.ethnicity, id_number=member.id_number,
                             birth_date=member.birth_date, phone=member.phone, address=member.address,
                             hamlet=member.hamlet, applied_on=add_months(activist, -3), stage=PROBATIONARY,
                             member=member.id)
    for event, day in plan:
        row = RecruitEvent.create(recruit=recruit.id, event=event, on_date=day, hours=32 if event == "trained" else None)
        people = {"talked": full[:1], "contacts": full[1:3], "introducers": full[2:4]}.get(event, [])
        for order, member_id in enumerate(people):
            RecruitPerson.create(event=row.id, member=member_id, sort_order=order)
    return 1
