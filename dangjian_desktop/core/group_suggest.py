"""自动分组建议 from and to the database: :func:`suggest` makes the proposal of
core.group_proposal for the roster in the open database; after the user edited it,
:func:`apply_suggestion` writes it in one transaction; the returned
:class:`~dangjian_desktop.core.groups.GroupChange` undoes it.
"""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core.changes import Recorder, Scope
from dangjian_desktop.core.group_proposal import Candidate, Suggestion, SuggestSettings, propose
from dangjian_desktop.core.group_rules import current_thresholds
from dangjian_desktop.core.groups import GROUP_KINDS, NAME_MAX, GroupChange, list_groups, place_members
from dangjian_desktop.core.membership import current_group_ids
from dangjian_desktop.core.roles import leader_problem
from dangjian_desktop.core.settings import values as setting_values
from dangjian_desktop.core.vocab import ACTIVE
from dangjian_desktop.db.models import CommitteePost, GroupMembership, Member, PartyGroup, database_proxy
from dangjian_desktop.errors import UserError, ValidationError


def current_settings() -> SuggestSettings:
    found = setting_values(["group_target_min", "group_target_max"])
    return SuggestSettings(found["group_target_min"], found["group_target_max"], current_thresholds())


def load_candidates(today: dt.date) -> list[Candidate]:
    posts: dict[int, str] = {}
    for post in CommitteePost.select().where(CommitteePost.member.is_null(False)):
        if post.term_end is None or post.term_end >= today:
            posts.setdefault(post.member_id, post.post)
    query = Member.select(
        Member.id, Member.name, Member.category, Member.address, Member.hamlet, Member.is_flow,
        Member.flow_destination, Member.birth_date, Member.education, Member.name_pinyin,
    ).where(Member.status == ACTIVE).order_by(Member.name_pinyin, Member.id)
    return [
        Candidate(m.id, m.name, m.category, m.address, m.hamlet, bool(m.is_flow), m.flow_destination, m.birth_date,
                  m.education, posts.get(m.id, ""), m.name_pinyin)
        for m in query
    ]


def suggest(*, today: dt.date | None = None, settings: SuggestSettings | None = None) -> Suggestion:
    """The suggestion for the branch in the open database."""
    today = today or dt.date.today()
    candidates = load_candidates(today)
    if not candidates:
        raise UserError("还没有在册党员，无法给出分组建议。请先录入或导入党员。")
    return propose(candidates, list_groups(), settings or current_settings(), today=today)


def suggestion_problems(suggestion: Suggestion) -> list[str]:
    """What keeps the suggestion from being applied (names, leaders); rule breaks are allowed."""
    problems = []
    existing = {g.name: g.id for g in PartyGroup.select(PartyGroup.id, PartyGroup.name)}
    kept = {g.existing_id for g in suggestion.groups if g.existing_id}
    seen: set[str] = set()
    placed: set[int] = set()
    for proposed in suggestion.groups:
        if not proposed.member_ids:
            continue
        name = proposed.name
        if not name:
            problems.append("有一个党小组还没有名称，请填写。")
        elif len(name) > NAME_MAX:
            problems.append(f"“{name}”这个名称太长了，请不超过 {NAME_MAX} 个字。")
        elif name in seen:
            problems.append(f"有两个党小组都叫“{name}”，请改一个名称。")
        elif name in existing and existing[name] != proposed.existing_id and existing[name] not in kept:
            problems.append(f"已经有一个叫“{name}”的党小组了，请换一个名称。")
        seen.add(name)
        doubled = placed & set(proposed.member_ids)
        if doubled:
            problems.append(f"{suggestion.members[next(iter(doubled))].name}被编进了两个党小组。")
        placed.update(proposed.member_ids)
        if proposed.leader_id is not None:
            if proposed.leader_id not in proposed.member_ids:
                problems.append(f"{name}的组长不在本组，请重新选择。")
            else:
                problem = leader_problem(suggestion.members[proposed.leader_id].facts())
                if problem:
                    problems.append(problem)
    return problems


def apply_suggestion(suggestion: Suggestion, *, today: dt.date | None = None) -> GroupChange:
    """Write the (edited) suggestion in one transaction; the result undoes it."""
    today = today or dt.date.today()
    problems = suggestion_problems(suggestion)
    if problems:
        raise ValidationError({str(i): p for i, p in enumerate(problems)})
    with database_proxy.atomic():  # 应用自动分组建议
        active = {m.id: m for m in Member.select().where(Member.status == ACTIVE)}
        for proposed in suggestion.groups:
            gone = [i for i in proposed.member_ids if i not in active]
            if gone:
                raise UserError("建议生成之后，有党员的状态变了。请关闭后重新生成分组建议。")
        in_groups = list(current_group_ids())
        all_groups = [g.id for g in PartyGroup.select(PartyGroup.id)]
        used = sum(1 for g in suggestion.groups if g.member_ids)
        # It may touch every group and every membership: the change covers them all.
        with Recorder([Scope(GroupMembership), Scope(PartyGroup)]) as recording:
            moved = _write_suggestion(suggestion, active, in_groups, all_groups, today)
        return recording.finish(f"应用自动分组建议（{used} 个党小组）", kind=GroupChange, moved=moved)


def _write_suggestion(suggestion: Suggestion, active: dict, in_groups: list[int], all_groups: list[int],
                      today: dt.date) -> int:
    used = [g for g in suggestion.groups if g.member_ids]
    for proposed in used:
        if proposed.existing_id is not None:
            if PartyGroup.get_or_none(PartyGroup.id == proposed.existing_id) is None:
                raise UserError("建议中沿用的党小组已经不存在了。请关闭后重新生成分组建议。")
            PartyGroup.update(name=f"~临时~{proposed.existing_id}~").where(
                PartyGroup.id == proposed.existing_id).execute()
    ids: dict[str, int] = {}
    last = PartyGroup.select(PartyGroup.sort_order).order_by(PartyGroup.sort_order.desc()).first()
    next_order = (last.sort_order + 1) if last else 0
    for proposed in used:
        if proposed.existing_id is not None:
            ids[proposed.key] = proposed.existing_id
        else:
            group = PartyGroup.create(name=f"~新~{proposed.key}~", kind=proposed.kind, note=proposed.note,
                                      sort_order=next_order)
            next_order += 1
            ids[proposed.key] = group.id
    target_of = {i: ids[g.key] for g in used for i in g.member_ids}
    # a former member still listed in a group is left alone
    targets = {i: target_of.get(i) for i in dict.fromkeys([*active, *in_groups]) if i in active}
    moved = place_members(targets, today, active)
    for order, proposed in enumerate(used):
        group = PartyGroup.get_by_id(ids[proposed.key])
        group.name = proposed.name
        group.kind = proposed.kind if proposed.kind in GROUP_KINDS else "其他"
        group.leader = proposed.leader_id
        group.note = proposed.note
        if group.deputy_id is not None and group.deputy_id not in proposed.member_ids:
            group.deputy = None
        group.sort_order = order
        group.save()
    others = [g for g in all_groups if g not in ids.values()]
    for order, group_id in enumerate(others, start=len(used)):
        PartyGroup.update(sort_order=order).where(PartyGroup.id == group_id).execute()
    return moved
