"""发展党员: what the window recording a step offers — the steps possible now and those not yet
(with what must come first), the rule of a step in one sentence with the person's dates, the
members who may take part, the 支部党员大会 meetings and votes a step may be linked to."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from dangjian_desktop.core.recruit_rules import (
    NEXT_ORDER,
    PUBLICITY_WORKING_DAYS,
    STEP,
    Interval,
    add_months,
    cn,
    earliest_day,
    working_days_end,
)
from dangjian_desktop.core.recruits import STAGE_ORDER, _review_due, get_recruit, history
from dangjian_desktop.core.vocab import ACTIVE, FULL_MEMBER
from dangjian_desktop.db.models import Activity, Decision, Member, Recruit


def allowed_steps(recruit_id: int) -> list[str]:
    """The steps that may be recorded now, in the order of the 细则 (their dates are checked then)."""
    h = history(get_recruit(recruit_id))
    if h.has("stopped") or h.has("full_approved"):
        return []
    found = [event for event in NEXT_ORDER + ("review",)
             if (STEP[event].repeatable or not h.has(event)) and all(h.has(b) for b in STEP[event].after)]
    if h.has("approved") and not h.has("full_vote") and not h.has("extended"):
        found.append("extended")
    found.append("stopped")
    return list(dict.fromkeys(found))


def step_hint(recruit_id: int, event: str, today: dt.date | None = None) -> str:
    """The rule of a step in one plain sentence, with this person's dates."""
    today = today or dt.date.today()
    recruit = get_recruit(recruit_id)
    h = history(recruit)
    step = STEP[event]
    parts = []
    if event == "candidate" and h.last("activist"):
        allowed = earliest_day(Interval(months=12), h.last("activist"))
        parts.append(f"确定为发展对象须经过一年以上的培养考察：{recruit.name}{cn(h.last('activist'))}确定为积极分子，"
                     f"{cn(allowed)}以后才可以。")
    elif event == "branch_vote" and h.last("publicity"):
        ends = working_days_end(h.last("publicity"), PUBLICITY_WORKING_DAYS)
        parts.append(f"公示要满 5 个工作日：到{cn(ends)}才满（遇法定节假日顺延），{cn(ends + dt.timedelta(days=1))}"
                     "以后才能召开支部大会。召开的支部党员大会要有过半数有表决权的党员到会。")
    elif event == "full_vote" and h.probation_end():
        parts.append(f"预备期一年，到{cn(h.probation_end())}期满，期满以后支部大会讨论转正。")
    elif event == "trained":
        parts.append("集中培训一般不少于 3 天或 24 学时。")
    elif event == "extended":
        parts.append("预备期只能延长一次，最短 6 个月，最长 12 个月。")
    elif event == "stopped":
        parts.append("终止发展要写明原因；已是预备党员的，同时取消预备党员资格（名册里保留记录）。")
    elif event == "approved" and h.last("branch_vote"):
        parts.append(f"上级党委一般在支部大会后三个月内审批（{cn(add_months(h.last('branch_vote'), 3))}前）。"
                     "审批后自动加入党员名册，入党日期为支部大会通过的日子。")
    elif event == "talked":
        parts.append(f"收到入党申请书后一个月内要派人谈话（{cn(add_months(h.applied_on, 1))}前）。")
    elif event == "review":
        due_on = _review_due(h)
        if due_on:
            parts.append(f"每半年考察一次，这一次在{cn(due_on)}前。")
    if step.people[1]:
        low, high = step.people
        kind = "正式党员" if step.full_members_only else "党员"
        parts.append(f"{step.people_role}：{low}{'' if low == high else f'到{high}'}名本支部{kind}。")
    return "".join(parts)


def full_members() -> list[tuple[int, str]]:
    """Active full members (who may be 培养联系人 or 入党介绍人), in name order."""
    return list(Member.select(Member.id, Member.name)
                .where((Member.status == ACTIVE) & (Member.category == FULL_MEMBER))
                .order_by(Member.name_pinyin, Member.id).tuples())


def active_members() -> list[tuple[int, str]]:
    return list(Member.select(Member.id, Member.name).where(Member.status == ACTIVE)
                .order_by(Member.name_pinyin, Member.id).tuples())


def congress_meetings() -> list[tuple[int, dt.date, str]]:
    """Held 支部党员大会 meetings, newest first (a vote on a recruit is linked to one)."""
    return list(Activity.select(Activity.id, Activity.date, Activity.title)
                .where((Activity.kind == "party_congress") & (Activity.status != "planned"))
                .order_by(Activity.date.desc()).tuples())


def meeting_decisions(activity_id: int) -> list[tuple[int, str, bool]]:
    return list(Decision.select(Decision.id, Decision.text, Decision.passed)
                .where(Decision.activity == activity_id).order_by(Decision.sort_order, Decision.id).tuples())


def recruit_counts() -> dict[str, int]:
    """How many files are at each stage."""
    found = dict.fromkeys(STAGE_ORDER, 0)
    for stage, count in Recruit.select(Recruit.stage, fn.COUNT(Recruit.id)).group_by(Recruit.stage).tuples():
        found[stage] = count
    return found


def steps_not_yet(recruit_id: int) -> list[tuple[str, str]]:
    """The steps of the usual order that cannot be recorded yet, each with what must come first
    (the step window shows them greyed, with the reason, instead of leaving them out)."""
    h = history(get_recruit(recruit_id))
    if h.has("stopped") or h.has("full_approved"):
        return []
    found = []
    for event in NEXT_ORDER:
        if h.has(event):
            continue
        missing = [STEP[b].label for b in STEP[event].after if b in STEP and not h.has(b)]
        if missing:
            found.append((event, f"要先记：{'、'.join(missing)}"))
    return found


def member_initials() -> dict[int, str]:
    """member -> pinyin initials, to find a 培养联系人 or 入党介绍人 by typing wjg."""
    return dict(Member.select(Member.id, Member.name_initials).where(Member.status == ACTIVE).tuples())
