"""What the printed 发展党员 papers read (reports.recruit_*): a person's file as plain values —
their facts, the recorded steps with the names of the people taking part, what is next — the
files of a stage or of a year, the stage a file was in on a day, and the 书记 who signs.

Read only: nothing here changes a record (core.recruits records the steps).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core.branch import branch_info
from dangjian_desktop.core.members import find_member
from dangjian_desktop.core.recruit_rules import APPLICANT, APPLIED, STAGE_LABELS
from dangjian_desktop.core.recruits import (
    STAGE_ORDER,
    FileLine,
    History,
    NextStep,
    file_lines,
    get_recruit,
    history,
    next_step,
    stage_of,
)
from dangjian_desktop.core.roles import secretary_id
from dangjian_desktop.db.models import Recruit, RecruitEvent


@dataclass(frozen=True)
class RecruitFile:
    """One person's file for a paper (unmasked: the paper masks what it prints)."""

    id: int
    name: str
    gender: str
    ethnicity: str
    id_number: str
    birth_date: dt.date | None
    education: str
    job: str
    phone: str
    address: str
    hamlet: str
    applied_on: dt.date
    note: str
    stage: str
    history: History
    lines: tuple[FileLine, ...]
    next: NextStep

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    def first(self, event: str) -> dt.date | None:
        """The day of the first ``event`` recorded (the application's day for ``applied``)."""
        if event == APPLIED:
            return self.applied_on
        dates = self.history.dates(event)
        return dates[0] if dates else None

    def people(self, event: str) -> list[str]:
        """The names of the members taking part in the last ``event`` recorded (培养联系人 …)."""
        found = [line for line in self.lines if line.event == event]
        return list(found[-1].people) if found else []

    def count(self, event: str) -> int:
        return len(self.history.dates(event))


def _file_of(recruit: Recruit, today: dt.date) -> RecruitFile:
    h = history(recruit)
    return RecruitFile(
        recruit.id, recruit.name, recruit.gender or "", recruit.ethnicity or "", recruit.id_number or "",
        recruit.birth_date, recruit.education or "", recruit.job or "", recruit.phone or "", recruit.address or "",
        recruit.hamlet or "", recruit.applied_on, (recruit.note or "").strip(), stage_of(h), h,
        tuple(file_lines(recruit.id)), next_step(recruit.name, h, today))


def recruit_file(recruit_id: int, *, today: dt.date | None = None) -> RecruitFile:
    """One file; a UserError in Chinese when there is no such file."""
    return _file_of(get_recruit(recruit_id), today or dt.date.today())


def _in_order(recruits: list[Recruit], today: dt.date) -> list[RecruitFile]:
    files = [_file_of(r, today) for r in recruits]
    return sorted(files, key=lambda f: STAGE_ORDER.index(f.stage))     # stable: name order inside a stage


def files_at(stages: tuple[str, ...], *, today: dt.date | None = None) -> list[RecruitFile]:
    """The files now at one of ``stages``, by stage (in ``STAGE_ORDER``) then name (pinyin)."""
    today = today or dt.date.today()
    recruits = list(Recruit.select().order_by(Recruit.name_pinyin, Recruit.id))
    return [f for f in _in_order(recruits, today) if f.stage in stages]


def files_of_year(year: int, *, today: dt.date | None = None) -> list[RecruitFile]:
    """Everyone with a step (the application included) in ``year``, by stage then name."""
    today = today or dt.date.today()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with_step = RecruitEvent.select(RecruitEvent.recruit).where(RecruitEvent.on_date.between(first, last))
    recruits = list(Recruit.select().where(Recruit.applied_on.between(first, last) | Recruit.id.in_(with_step))
                    .order_by(Recruit.name_pinyin, Recruit.id))
    return _in_order(recruits, today)


def stage_on(h: History, day: dt.date) -> str:
    """The stage of the file on ``day`` (its steps after that day not yet taken)."""
    if h.applied_on > day:
        return APPLICANT
    earlier = History(h.applied_on, {event: [r for r in rows if r.on_date <= day] for event, rows in h.rows.items()})
    earlier.rows = {event: rows for event, rows in earlier.rows.items() if rows}
    return stage_of(earlier)


def secretary_name(day: dt.date | None = None) -> str:
    """The 书记 who signs: the roster member in the 书记 seat, else the name in the branch's facts."""
    member = find_member(secretary_id(day))
    if member is not None:
        return member.name
    info = branch_info()
    return info.secretary_name.strip() if info else ""


def recruit_names_with(characters) -> list[str]:
    """Names in the files that contain any of ``characters`` (to say whose names print as □)."""
    chars = [ch for ch in characters if ch]
    if not chars:
        return []
    condition = Recruit.name.contains(chars[0])
    for ch in chars[1:]:
        condition = condition | Recruit.name.contains(ch)
    return [name for (name,) in Recruit.select(Recruit.name).where(condition)
            .order_by(Recruit.name_pinyin, Recruit.id).tuples()]
