"""The rules a party group arrangement must keep (DOMAIN.md "Party groups").

- a group has at least ``group_min_members`` members, at least ``group_min_full_members`` of
  them full members (branch settings, defaults 3 and 1);
- a group has a leader (党小组长) who is a full member of the group; a deputy, when there is
  one, is a full member of the group too: probationary members may not lead (core.roles);
- each active member belongs to exactly one group; former members belong to none.

The rules work on plain values (:class:`GroupState`, :class:`MemberFacts`) so that the same
check runs on the saved groups, on a suggestion the user is still editing, and in tests.
A saved group without any current member is not checked (it is kept only for its history);
a new group without members is (it is no party group yet).

Where the user fixes a missing leader depends on the screen: the 党小组 page's “修改” button,
the suggestion's “党小组长” field (``leader_fix``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from dangjian_desktop.core.roles import MemberFacts
from dangjian_desktop.core.settings import values as setting_values
from dangjian_desktop.core.vocab import status_words

# rule key -> short Chinese name of the rule (shown beside the reason).
RULES = {
    "min_members": "人数不足",
    "min_full_members": "正式党员不足",
    "no_leader": "没有党小组长",
    "leader_not_in_group": "组长不在本组",
    "leader_probationary": "预备党员不能任组长",
    "deputy_not_in_group": "副组长不在本组",
    "deputy_probationary": "预备党员不能任副组长",
    "in_several_groups": "同时在几个党小组",
    "former_member": "已不在册的党员仍在组内",
}


@dataclass(frozen=True)
class GroupState:
    """A group as the rules see it; ``key`` is the group id or a suggestion's own key."""

    key: Hashable
    name: str
    member_ids: tuple[int, ...]
    leader_id: int | None = None
    deputy_id: int | None = None
    is_new: bool = False           # not saved yet (a suggestion's new group)


# How to name a leader, said where the rule break is shown.
LEADER_FIX_SAVED = "请点“修改”指定一名正式党员。"
LEADER_FIX_SUGGESTION = "请在“党小组长”一栏选一名正式党员。"


@dataclass(frozen=True)
class Thresholds:
    min_members: int = 3
    min_full_members: int = 1


@dataclass(frozen=True)
class Violation:
    group_key: Hashable
    group: str             # the group's name
    rule: str              # a key of RULES
    message: str           # the reason in Chinese, naming people and numbers

    def as_json(self) -> dict[str, str]:
        return {"group": self.group, "rule": self.rule, "message": self.message}


def current_thresholds() -> Thresholds:
    """The branch's thresholds from its settings (needs an open database)."""
    found = setting_values(["group_min_members", "group_min_full_members"])
    return Thresholds(found["group_min_members"], found["group_min_full_members"])


def check_group(group: GroupState, members: Mapping[int, MemberFacts], thresholds: Thresholds, *,
                leader_fix: str = LEADER_FIX_SAVED) -> list[Violation]:
    """The rule breaks of one group (without the cross-group rule "in several groups")."""
    if not group.member_ids and not group.is_new:
        return []
    found: list[Violation] = []

    def add(rule: str, message: str) -> None:
        found.append(Violation(group.key, group.name, rule, message))

    if not group.member_ids:
        add("min_members", f"{group.name}还没有党员，至少要有 {thresholds.min_members} 人。"
                           "请把党员移到这个组；不要这个组，可以把它去掉。")
        if group.leader_id is None:
            add("no_leader", f"{group.name}还没有党小组长。")
        return found
    present = [members[i] for i in group.member_ids if i in members]
    for member in present:
        if not member.is_active:
            add("former_member", f"{member.name}已{status_words(member.status)}，应移出{group.name}。")
    active = [m for m in present if m.is_active]
    full = [m for m in active if m.is_full]
    if len(active) < thresholds.min_members:
        add("min_members", f"{group.name}只有 {len(active)} 名党员，少于规定的 {thresholds.min_members} 人。"
                           "请移入党员，或与相邻的党小组合并。")
    if len(full) < thresholds.min_full_members:
        add("min_full_members", f"{group.name}的正式党员只有 {len(full)} 名，至少要有 "
                                f"{thresholds.min_full_members} 名。请移入正式党员。")
    for role_id, deputy in ((group.leader_id, False), (group.deputy_id, True)):
        role = "副组长" if deputy else "党小组长"
        prefix = "deputy" if deputy else "leader"
        if role_id is None:
            if not deputy:
                add("no_leader", f"{group.name}还没有党小组长，{leader_fix}")
            continue
        person = members.get(role_id)
        if person is None or role_id not in group.member_ids or not person.is_active:
            name = person.name if person else "原定人员"
            if person is not None and not person.is_active:
                reason = f"{role}{name}已{status_words(person.status)}，请重新指定{role}。"
            else:
                reason = f"{role}{name}不在{group.name}里，请把{name}移入本组，或重新指定{role}。"
            add(f"{prefix}_not_in_group", reason)
        elif not person.is_full:
            add(f"{prefix}_probationary", f"{role}{person.name}是预备党员，预备党员不能担任{role}。")
    return found


def check_groups(
    groups: Iterable[GroupState], members: Mapping[int, MemberFacts], thresholds: Thresholds, *,
    leader_fix: str = LEADER_FIX_SAVED,
) -> list[Violation]:
    """Every rule break of an arrangement, group by group, in the order of ``groups``."""
    groups = list(groups)
    where: dict[int, list[GroupState]] = {}
    for group in groups:
        for member_id in dict.fromkeys(group.member_ids):
            where.setdefault(member_id, []).append(group)
    found: list[Violation] = []
    for group in groups:
        found.extend(check_group(group, members, thresholds, leader_fix=leader_fix))
        for member_id in dict.fromkeys(group.member_ids):
            others = [g for g in where[member_id] if g.key != group.key]
            member = members.get(member_id)
            if others and member is not None and member.is_active:
                names = "、".join(g.name for g in others)
                found.append(Violation(
                    group.key, group.name, "in_several_groups",
                    f"{member.name}同时在{group.name}和{names}，每名党员只能在一个党小组。",
                ))
    return found


def unassigned(groups: Iterable[GroupState], members: Mapping[int, MemberFacts]) -> list[int]:
    """Active members in no group, in the order of ``members``."""
    placed = {i for g in groups for i in g.member_ids}
    return [m.id for m in members.values() if m.is_active and m.id not in placed]


@dataclass(frozen=True)
class GroupCheck:
    violations: list[Violation]
    unassigned: list[int]

    @property
    def sound(self) -> bool:
        return not self.violations and not self.unassigned

    def for_group(self, key: Hashable) -> list[Violation]:
        return [v for v in self.violations if v.group_key == key]

    def as_json(self) -> dict[str, object]:
        return {"violations": [v.as_json() for v in self.violations], "unassigned": list(self.unassigned)}


def check_arrangement(
    groups: Iterable[GroupState], members: Mapping[int, MemberFacts], thresholds: Thresholds, *,
    leader_fix: str = LEADER_FIX_SAVED,
) -> GroupCheck:
    groups = list(groups)
    return GroupCheck(check_groups(groups, members, thresholds, leader_fix=leader_fix), unassigned(groups, members))
