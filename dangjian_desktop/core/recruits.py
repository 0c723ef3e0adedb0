"""发展党员: recruits' files on the database — adding an applicant, recording a step with the
rules of core.recruit_rules, what is next and when, the deadlines, and the roster records that
approval and 转正 make. Nobody is ever deleted: a stopped file stays, with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from dangjian_desktop.core import members as member_ops
from dangjian_desktop.core.changes import by_id, named, rows_of
from dangjian_desktop.core.member_rules import validate_member
from dangjian_desktop.core.names import name_initials, name_pinyin
from dangjian_desktop.core.recruit_rules import (
    ACTIVIST,
    APPLICANT,
    APPLIED,
    CANDIDATE,
    FULL,
    HOURS_PER_DAY,
    MIN_AGE,
    NEXT_ORDER,
    PROBATIONARY,
    PUBLICITY_WORKING_DAYS,
    STAGE_LABELS,
    STEP,
    STOPPED,
    TRAINING_HOURS,
    Interval,
    add_months,
    age_on,
    cn,
    deadline_day,
    earliest_day,
    probation_end,
    working_days_end,
)
from dangjian_desktop.core.vocab import ACTIVE, FULL_MEMBER, STATUS_ACTIONS
from dangjian_desktop.core.vocab import PROBATIONARY as PROBATIONARY_CATEGORY
from dangjian_desktop.db.models import (
    Activity,
    Decision,
    GroupMembership,
    Member,
    Recruit,
    RecruitEvent,
    RecruitPerson,
    StatusChange,
)
from dangjian_desktop.errors import UserError, ValidationError

DUE_WITHIN_DAYS = 30
PERSONAL_FIELDS = ("name", "id_number", "phone", "ethnicity", "education", "job", "address", "hamlet")


# --- the file as facts --------------------------------------------------------------------------

@dataclass
class History:
    """A recruit's recorded steps: event -> its rows in date order (``applied`` from the record)."""

    applied_on: dt.date
    rows: dict[str, list[RecruitEvent]] = field(default_factory=dict)

    def dates(self, event: str) -> list[dt.date]:
        if event == APPLIED:
            return [self.applied_on]
        return [r.on_date for r in self.rows.get(event, [])]

    def last(self, event: str) -> dt.date | None:
        found = self.dates(event)
        return found[-1] if found else None

    def has(self, event: str) -> bool:
        return bool(self.dates(event))

    @property
    def extended_months(self) -> int:
        return sum(r.months or 0 for r in self.rows.get("extended", []))

    @property
    def latest(self) -> dt.date:
        return max([self.applied_on] + [r.on_date for rows in self.rows.values() for r in rows])

    def probation_end(self) -> dt.date | None:
        voted = self.last("branch_vote")
        return probation_end(voted, self.extended_months) if voted and self.has("approved") else None


def history(recruit: Recruit) -> History:
    found = History(recruit.applied_on)
    for row in (RecruitEvent.select().where(RecruitEvent.recruit == recruit.id)
                .order_by(RecruitEvent.on_date, RecruitEvent.id)):
        found.rows.setdefault(row.event, []).append(row)
    return found


def stage_of(h: History) -> str:
    if h.has("stopped"):
        return STOPPED
    for event in ("full_approved", "approved", "candidate", "activist"):
        if h.has(event):
            return STEP[event].stage
    return APPLICANT


# --- what is next, and by when -----------------------------------------------------------------------

@dataclass(frozen=True)
class NextStep:
    event: str | None
    due_on: dt.date | None          # the deadline, or the first day it may be done
    overdue: bool
    text: str                       # 6月10日前要进行第二次考察


def next_step(name: str, h: History, today: dt.date) -> NextStep:
    stage = stage_of(h)
    if stage in (STOPPED, FULL):
        return NextStep(None, None, False, "已终止" if stage == STOPPED else "已转为正式党员")
    review = _review_due(h)
    soon = today + dt.timedelta(days=DUE_WITHIN_DAYS)
    for event in NEXT_ORDER:
        if h.has(event):
            continue
        if not all(h.has(before) for before in STEP[event].after):
            continue
        step = STEP[event]
        due = _due_for(event, h)
        if event == "full_vote":
            due = h.probation_end()          # the year is up: the 转正 is to be discussed
        if review and review <= soon and (due is None or review < due):
            return _review_next(review, h, today)   # a 考察 falls due first
        if due is not None:
            if event == "full_vote":
                words = "已满" if due < today else "期满"
                return NextStep(event, due, due < today, f"预备期{_md(due, today)}{words}，要讨论转正")
            return NextStep(event, due, due < today, _due_words(due, today, step.label))
        earliest = _earliest_for(event, h)
        if earliest is not None and earliest > today:
            if review and review < earliest:
                return _review_next(review, h, today)
            return NextStep(event, earliest, False, f"{_md(earliest, today)}起可以{step.label}")
        return NextStep(event, None, False, f"下一步：{step.label}")
    if review:
        return _review_next(review, h, today)
    return NextStep(None, None, False, "")


def _review_next(due: dt.date, h: History, today: dt.date) -> NextStep:
    count = len(h.dates("review")) + 1
    return NextStep("review", due, due < today, _due_words(due, today, f"进行第{_cn_number(count)}次考察"))


def _due_words(due: dt.date, today: dt.date, what: str) -> str:
    """12月10日前要谈话; once past: 应在12月10日前谈话，已过期."""
    if due < today:
        return f"应在{_md(due, today)}前{what}，已过期"
    return f"{_md(due, today)}前要{what}"


def _review_due(h: History) -> dt.date | None:
    """Every 6 months while an activist or 发展对象, until the 支部大会 vote."""
    if not h.has("activist") or h.has("branch_vote") or h.has("stopped"):
        return None
    since = max(h.last("activist"), h.last("review") or h.last("activist"))
    return deadline_day(Interval(months=6), since)


def _due_for(event: str, h: History) -> dt.date | None:
    step = STEP[event]
    if step.deadline is None:
        return None
    since_event, interval = step.deadline
    since = h.last(since_event)
    return deadline_day(interval, since) if since else None


def _earliest_for(event: str, h: History) -> dt.date | None:
    if event == "full_vote":
        return h.probation_end()
    step = STEP[event]
    if step.earliest is None:
        return None
    since_event, interval = step.earliest
    since = h.last(since_event)
    return earliest_day(interval, since) if since else None


def _md(day: dt.date, today: dt.date) -> str:
    return f"{day.month}月{day.day}日" if day.year == today.year else cn(day)


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else str(n)


@dataclass(frozen=True)
class Deadline:
    recruit_id: int
    name: str
    what: str                 # in words: 张三的入党申请要在 12 月 10 日前派人谈话
    due_on: dt.date
    overdue: bool

    def as_json(self) -> dict[str, object]:
        return {"id": self.recruit_id, "name": self.name, "what": self.what, "due_on": self.due_on.isoformat(),
                "overdue": self.overdue}


def deadlines_of(recruit_id: int, name: str, h: History, today: dt.date) -> list[Deadline]:
    """Every deadline of DOMAIN.md this file has, met or not yet: the talk within a month of the
    application, a 考察 every 6 months, approvals within 3 months, the end of the probation."""
    if h.has("stopped") or h.has("full_approved"):
        return []
    found: list[tuple[dt.date, str]] = []
    if not h.has("talked"):
        found.append((deadline_day(Interval(months=1), h.applied_on), f"{name}的入党申请要在一个月内派人谈话"))
    review = _review_due(h)
    if review:
        found.append((review, f"{name}要进行第{_cn_number(len(h.dates('review')) + 1)}次考察，每半年一次"))
    if h.has("branch_vote") and not h.has("approved"):
        found.append((deadline_day(Interval(months=3), h.last("branch_vote")),
                      f"{name}的接收预备党员，上级党委要在支部大会后三个月内审批"))
    end = h.probation_end()
    if end and not h.has("full_vote"):
        found.append((end, f"{name}的预备期满，要讨论能否转为正式党员"))
    if h.has("full_vote") and not h.has("full_approved"):
        found.append((deadline_day(Interval(months=3), h.last("full_vote")),
                      f"{name}的转正，上级党委要在支部大会后三个月内审批"))
    return [Deadline(recruit_id, name, what, day, day < today) for day, what in found]


# --- adding an applicant ------------------------------------------------------------------------------

def _clean_person(values: dict[str, object], *, recruit_id: int | None, today: dt.date) -> dict[str, object]:
    """Name, ID number (with the birth date and gender it gives), phone … checked as the roster does."""
    checked = validate_member({k: values.get(k) for k in PERSONAL_FIELDS}, today=today)
    problems = {k: v for k, v in checked.problems.items() if k in PERSONAL_FIELDS}
    clean = {k: checked.values[k] for k in PERSONAL_FIELDS}
    if not clean["id_number"] and "id_number" not in problems:
        problems["id_number"] = "请填写身份证号（要核对申请人年满 18 岁）。"
    if problems:
        raise ValidationError(problems)
    number = clean["id_number"]
    other = Recruit.get_or_none((Recruit.id_number == number) & (Recruit.id != (recruit_id or 0)))
    if other is not None:
        raise ValidationError({"id_number": f"这个身份证号已经是发展党员档案里的{other.name}的了。"})
    member = Member.get_or_none(Member.id_number == number)
    if member is not None:
        raise ValidationError({"id_number": f"这个身份证号是本支部党员{member.name}的，已经是党员了。"})
    clean["gender"] = checked.values.get("gender") or ""
    clean["birth_date"] = checked.values.get("birth_date")
    clean["name_pinyin"] = name_pinyin(clean["name"])
    clean["name_initials"] = name_initials(clean["name"])
    return clean


@named(lambda recruit, *_a, **_k: f"新增入党申请人“{recruit.name}”", creates=lambda r: [(Recruit, [r.id])])
def add_recruit(values: dict[str, object], *, applied_on: dt.date, today: dt.date | None = None) -> Recruit:
    """A new 入党申请人 from the day of the application (any day in the past: a branch that kept
    its files on paper enters them at any stage, step by step with their own dates)."""
    today = today or dt.date.today()
    clean = _clean_person(values, recruit_id=None, today=today)
    if applied_on > today:
        raise UserError(f"申请日期 {applied_on.isoformat()} 在今天之后，请写入党申请书上的日期。")
    birth = clean["birth_date"]
    if birth and age_on(birth, applied_on) < MIN_AGE:
        adult = add_months(birth, 12 * MIN_AGE)
        if age_on(birth, adult) < MIN_AGE:          # born on 2.29: 18 on 3.1 of a common year
            adult += dt.timedelta(days=1)
        raise UserError(f"{clean['name']}递交申请书时只有 {age_on(birth, applied_on)} 岁。入党要年满 18 岁，"
                        f"{cn(adult)}以后递交的申请书才可以。")
    note = str(values.get("note") or "").strip()
    return Recruit.create(**clean, applied_on=applied_on, stage=APPLICANT, note=note)


# --- recording a step ---------------------------------------------------------------------------------

def _full_member_problem(member: Member | None, role: str, on: dt.date) -> str | None:
    if member is None:
        return f"{role}要是本支部的党员，这个人不在名册里。"
    if member.status != ACTIVE:
        return f"{member.name}{STATUS_ACTIONS.get(member.status, '不在册')}了，不能当{role}。"
    if member.category != FULL_MEMBER or (member.full_member_on and member.full_member_on > on):
        return f"{member.name}在{cn(on)}还是预备党员，{role}要由正式党员担任。"
    return None


def check_step(recruit: Recruit, h: History, event: str, on: dt.date, *, member_ids=(), hours: int | None = None,
               months: int | None = None, note: str = "", activity_id: int | None = None,
               decision_id: int | None = None, today: dt.date) -> None:
    """Refuse, naming the rule in plain words, a step that breaks one; return when it may be recorded."""
    step = STEP.get(event)
    name = recruit.name
    if step is None:
        raise UserError(f"不认识“{event}”这一步，可以是：{'、'.join(STEP)}。")
    if on > today:
        raise UserError(f"{cn(on)}还没到，请写实际的日期。")
    if h.has("stopped"):
        raise UserError(f"{name}的发展工作已于{cn(h.last('stopped'))}终止，不能再记录。")
    if h.has("full_approved"):
        raise UserError(f"{name}已经转为正式党员，发展工作已经完成。")
    if h.has(event) and not step.repeatable:
        raise UserError(f"{name}的“{step.label}”已经记录过了（{cn(h.last(event))}）。记错了可以按 Ctrl+Z 撤销。")
    for before in step.after:
        if not h.has(before):
            raise UserError(f"要先记录“{STEP[before].label if before in STEP else '入党申请'}”，"
                            f"才能记录“{step.label}”（{step.number or '按发展党员工作细则的顺序'}）。")
        if h.last(before) > on:
            raise UserError(f"“{step.label}”的日期不能早于“{STEP[before].label if before in STEP else '入党申请'}”"
                            f"（{cn(h.last(before))}）。")
    if on < h.applied_on:
        raise UserError(f"日期不能早于{name}递交入党申请书的日子（{cn(h.applied_on)}）。")
    if event == "candidate":
        since = h.last("activist")
        allowed = earliest_day(Interval(months=12), since)
        if on < allowed:
            raise UserError(f"确定为发展对象须经过一年以上的培养考察，{name}{cn(since)}确定为积极分子，"
                            f"{cn(allowed)}以后才可以。")
    if event == "branch_vote":
        started = h.last("publicity")
        ends = working_days_end(started, PUBLICITY_WORKING_DAYS)
        if on <= ends:
            raise UserError(f"公示要满 {PUBLICITY_WORKING_DAYS} 个工作日：{name}的公示{cn(started)}开始，"
                            f"到{cn(ends)}才满（周六、周日不算，遇法定节假日还要顺延），"
                            f"{cn(ends + dt.timedelta(days=1))}以后才能召开支部大会讨论。")
    if event == "full_vote":
        end = h.probation_end()
        if end and on < end:
            raise UserError(f"{name}的预备期到{cn(end)}才满（一年从{cn(h.last('branch_vote'))}支部大会通过时算起），"
                            "期满以后才能讨论转正。")
    if event == "extended":
        if h.has("full_vote"):
            raise UserError("已经讨论过转正，不能再延长预备期。")
        end = h.probation_end()
        if end and on > end:
            raise UserError(f"{name}的预备期{cn(end)}已满，延长预备期要在期满时由支部大会讨论决定，"
                            "不能在期满以后再记。")
        if months is None or not 6 <= months <= 12:
            raise UserError("延长预备期要写明几个月：最短 6 个月，最长 12 个月。")
    if event == "stopped" and not note.strip():
        raise UserError("终止发展要写明原因。")
    if event == "trained":
        if hours is None:
            raise UserError("请写明集中培训的学时（或天数）。")
        if hours < TRAINING_HOURS:
            raise UserError(f"集中培训一般不少于 3 天或 {TRAINING_HOURS} 学时，这次只有 {hours} 学时，请核对。")
    low, high = step.people
    ids = list(dict.fromkeys(member_ids))
    if high == 0 and ids:
        raise UserError(f"“{step.label}”不用选人。")
    if high:
        role = step.people_role
        if len(ids) < low or len(ids) > high:
            words = {1: "一", 2: "两", 3: "三"}
            count = f"{words[low]}名" if low == high else f"{words[low]}到{words[high]}名"
            kind = "正式党员" if step.full_members_only else "党员"
            raise UserError(f"{role}要由{count}{kind}担任，现在选了 {len(ids)} 名。")
        people = member_ops.members_by_id(ids)
        for member_id in ids:
            member = people.get(member_id)
            if step.full_members_only:
                problem = _full_member_problem(member, role, on)
            elif member is None or member.status != ACTIVE:
                problem = f"{role}要是本支部在册的党员。"
            else:
                problem = None
            if problem:
                raise UserError(problem)
    if activity_id is not None:
        _check_meeting(event, on, activity_id, decision_id)


def _check_meeting(event: str, on: dt.date, activity_id: int, decision_id: int | None) -> None:
    from dangjian_desktop.core import attendance

    if event not in ("branch_vote", "full_vote"):
        raise UserError("只有支部大会的讨论可以关联会议。")
    meeting = Activity.get_or_none(Activity.id == activity_id)
    if meeting is None or meeting.kind != "party_congress":
        raise UserError("要关联的是一次支部党员大会。")
    if meeting.status == "planned":
        raise UserError(f"{cn(meeting.date)}的支部党员大会还没有记录为已召开。")
    if meeting.date != on:
        raise UserError(f"日期要和支部党员大会的日期一致（{cn(meeting.date)}）。")
    result = attendance.quorum(activity_id)
    if not result.met:
        raise UserError(f"这次支部党员大会{result.describe()}")
    if decision_id is not None:
        decision = Decision.get_or_none((Decision.id == decision_id) & (Decision.activity == activity_id))
        if decision is None:
            raise UserError("这项表决不是这次会议的。")
        if not decision.passed:
            raise UserError(f"表决“{decision.text}”没有通过，不能记录为通过。")


def _record_scope(recruit_id, *_args, **_kwargs):
    recruit = Recruit.get_or_none(Recruit.id == recruit_id)
    scopes = [by_id(Recruit, [recruit_id]), rows_of(RecruitEvent, RecruitEvent.recruit, [recruit_id])]
    if recruit is not None and recruit.member_id:
        member_id = recruit.member_id
        scopes += [by_id(Member, [member_id]), rows_of(StatusChange, StatusChange.member, [member_id]),
                   rows_of(GroupMembership, GroupMembership.member, [member_id])]
    return scopes


def _record_label(result, recruit_id, event, *_args, **_kwargs) -> str:
    return f"{Recruit.get_by_id(recruit_id).name}：{STEP[event].label}"


def _record_creates(result):
    made = [(RecruitPerson, [p.id for p in result.people])]
    recruit = Recruit.get_by_id(result.recruit_id)
    if result.event == "approved" and recruit.member_id:
        made.append((Member, [recruit.member_id]))
    return made


@named(_record_label, scope=_record_scope, creates=_record_creates)
def record_step(recruit_id: int, event: str, on: dt.date, *, member_ids=(), hours: int | None = None,
                months: int | None = None, note: str = "", activity_id: int | None = None,
                decision_id: int | None = None, today: dt.date | None = None) -> RecruitEvent:
    """Record one step of the file after :func:`check_step`; approval makes the roster record."""
    today = today or dt.date.today()
    recruit = get_recruit(recruit_id)
    h = history(recruit)
    check_step(recruit, h, event, on, member_ids=member_ids, hours=hours, months=months, note=note,
               activity_id=activity_id, decision_id=decision_id, today=today)
    row = RecruitEvent.create(recruit=recruit.id, event=event, on_date=on, hours=hours, months=months,
                              note=note.strip(), activity=activity_id, decision=decision_id)
    for order, member_id in enumerate(dict.fromkeys(member_ids)):
        RecruitPerson.create(event=row.id, member=member_id, sort_order=order)
    h.rows.setdefault(event, []).append(row)
    if event == "approved":
        _admit(recruit, h, today)
    elif event == "full_approved":
        member_ops.update_member(recruit.member_id, {"category": FULL_MEMBER, "full_member_on": h.probation_end()},
                                 today=today)
    elif event == "stopped" and recruit.member_id:
        member = Member.get_by_id(recruit.member_id)
        if member.status == ACTIVE:
            member_ops.change_status(member.id, "removed", on, reason=f"取消预备党员资格：{note.strip()}")
    recruit.stage = stage_of(h)
    recruit.updated_at = dt.datetime.now().replace(microsecond=0)
    recruit.save()
    return row


def _admit(recruit: Recruit, h: History, today: dt.date) -> None:
    """上级党委审批: the person is a 预备党员 of the roster, 入党日期 the day of the 支部大会 vote."""
    introducers = [p.member.name for r in h.rows.get("introducers", []) for p in
                   RecruitPerson.select().where(RecruitPerson.event == r.id).order_by(RecruitPerson.sort_order)]
    values = {k: getattr(recruit, k) for k in PERSONAL_FIELDS}
    values.update(gender=recruit.gender, birth_date=recruit.birth_date, category=PROBATIONARY_CATEGORY,
                  joined_on=h.last("branch_vote"), introducers="、".join(introducers))
    try:
        member = member_ops.create_member(values, today=today)
    except ValidationError as exc:
        raise UserError(f"把{recruit.name}加入党员名册时出了问题：{exc}") from None
    recruit.member = member.id


# --- reading ----------------------------------------------------------------------------------------

def get_recruit(recruit_id: int) -> Recruit:
    recruit = Recruit.get_or_none(Recruit.id == recruit_id)
    if recruit is None:
        raise UserError(f"没有编号为 {recruit_id} 的发展党员档案，请用 recruits list 查看。")
    return recruit


@dataclass(frozen=True)
class RecruitSummary:
    id: int
    name: str
    stage: str
    applied_on: dt.date
    next: NextStep
    member_id: int | None

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "stage": self.stage, "applied_on": self.applied_on.isoformat(),
                "next": self.next.event, "due_on": self.next.due_on.isoformat() if self.next.due_on else None,
                "overdue": self.next.overdue, "member_id": self.member_id}


def _histories(recruits: list[Recruit]) -> dict[int, History]:
    found = {r.id: History(r.applied_on) for r in recruits}
    for row in RecruitEvent.select().order_by(RecruitEvent.on_date, RecruitEvent.id):
        if row.recruit_id in found:
            found[row.recruit_id].rows.setdefault(row.event, []).append(row)
    return found


STAGE_ORDER = (APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY, FULL, STOPPED)


def list_recruits(*, today: dt.date | None = None) -> list[RecruitSummary]:
    """Everyone in the files, by stage (申请人 first) then name."""
    today = today or dt.date.today()
    recruits = list(Recruit.select().order_by(Recruit.name_pinyin, Recruit.id))
    histories = _histories(recruits)
    rows = [RecruitSummary(r.id, r.name, stage_of(histories[r.id]), r.applied_on,
                           next_step(r.name, histories[r.id], today), r.member_id) for r in recruits]
    return sorted(rows, key=lambda s: STAGE_ORDER.index(s.stage))


def due(on: dt.date | None = None) -> list[Deadline]:
    """Every deadline due within 30 days of ``on`` or already past, earliest first."""
    on = on or dt.date.today()
    recruits = list(Recruit.select().where(Recruit.stage.not_in([STOPPED, FULL])))
    histories = _histories(recruits)
    found = [d for r in recruits for d in deadlines_of(r.id, r.name, histories[r.id], on)
             if d.due_on <= on + dt.timedelta(days=DUE_WITHIN_DAYS)]
    return sorted(found, key=lambda d: (d.due_on, d.name))


@dataclass(frozen=True)
class FileLine:
    event: str
    label: str
    on_date: dt.date
    people: list[str]
    role: str
    note: str
    hours: int | None
    months: int | None
    activity_id: int | None
    row_id: int


def file_lines(recruit_id: int) -> list[FileLine]:
    """The recorded steps, oldest first, with the names of the members taking part."""
    recruit = get_recruit(recruit_id)
    h = history(recruit)
    rows = sorted((r for rs in h.rows.values() for r in rs), key=lambda r: (r.on_date, r.id))
    people: dict[int, list[str]] = defaultdict(list)
    for person in (RecruitPerson.select(RecruitPerson, Member).join(Member)
                   .where(RecruitPerson.event.in_([r.id for r in rows])).order_by(RecruitPerson.sort_order)):
        people[person.event_id].append(person.member.name)
    return [FileLine(r.event, STEP[r.event].label, r.on_date, people.get(r.id, []), STEP[r.event].people_role,
                     r.note, r.hours, r.months, r.activity_id, r.id) for r in rows]


def training_hours(days: int | None = None, hours: int | None = None) -> int | None:
    """学时 from what the user gave: hours, or days of 8 class hours."""
    if hours is not None:
        return hours
    return days * HOURS_PER_DAY if days is not None else None
