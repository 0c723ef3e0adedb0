"""The group suggestion itself (自动分组建议), a pure function of the roster: :func:`propose`.

- Members living in one hamlet are kept together: the member's 村民小组 field whatever its
  name (3组, 河东组, 上湾, 李家庄, 第二网格), or, where it is empty, the hamlet the home address
  names (东坡村3组48号; core.hamlets).
- Flow members (流动党员) form a group of their own when they are enough for one.
- A hamlet too small for a group (fewer members than the target minimum, or without enough full
  members) is merged with a neighbouring hamlet; a group larger than the target maximum is split.
- Each group gets a proposed leader: a full member, preferring committee members (支委), then
  members of working age, then by education. A flow member is never proposed to lead a group
  of members who stay at home.

The result is a :class:`Suggestion` the user edits (rename, move members, choose leaders);
core.group_suggest makes it from the database and writes it back.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.group_rules import (
    LEADER_FIX_SUGGESTION,
    GroupCheck,
    GroupState,
    Thresholds,
    check_arrangement,
)
from dangjian_desktop.core.groups import GROUP_KINDS, NAME_MAX, GroupView
from dangjian_desktop.core.hamlets import Place, house_number, place_of
from dangjian_desktop.core.member_rules import known_destination
from dangjian_desktop.core.names import name_pinyin
from dangjian_desktop.core.roles import MemberFacts, leader_problem
from dangjian_desktop.core.vocab import ACTIVE, FULL_MEMBER, is_full
from dangjian_desktop.errors import UserError

CN_ORDINALS = "一二三四五六七八九十"
EDUCATION_RANK = {
    "研究生": 6, "大学本科": 5, "大学专科": 4, "中等专科": 3, "中专": 3, "高中": 3, "初中": 2, "小学": 1, "未上学": 0,
}


@dataclass(frozen=True)
class Candidate:
    """An active member as the suggestion sees them."""

    id: int
    name: str
    category: str = FULL_MEMBER
    address: str = ""
    hamlet: str = ""               # the 村民小组 field as written (may be empty)
    is_flow: bool = False
    flow_destination: str = ""
    birth_date: dt.date | None = None
    education: str = ""
    committee_post: str = ""       # 书记 / 组织委员 … when on the branch committee
    name_pinyin: str = ""

    @property
    def is_full(self) -> bool:
        return is_full(self.category)

    def facts(self) -> MemberFacts:
        return MemberFacts(self.id, self.name, self.category, ACTIVE, self.is_flow)


@dataclass(frozen=True)
class SuggestSettings:
    target_min: int = 3
    target_max: int = 12
    thresholds: Thresholds = Thresholds()

    @property
    def lower(self) -> int:
        return max(1, self.target_min, self.thresholds.min_members)

    @property
    def upper(self) -> int:
        return max(self.target_max, self.lower)


@dataclass
class ProposedGroup:
    key: str                       # stable key within the suggestion ("g1", "g2" …)
    name: str
    kind: str
    member_ids: list[int]
    leader_id: int | None = None
    existing_id: int | None = None  # an existing group kept under this proposal
    places: list[str] = field(default_factory=list)
    note: str = ""
    leader_note: str = ""          # why this leader was proposed

    def state(self) -> GroupState:
        return GroupState(self.key, self.name, tuple(self.member_ids), self.leader_id, None,
                          is_new=self.existing_id is None)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name, "kind": self.kind, "existing_id": self.existing_id, "leader_id": self.leader_id,
            "member_ids": list(self.member_ids), "places": list(self.places), "note": self.note,
        }


@dataclass
class Suggestion:
    """A proposed arrangement; the preview edits it in place before it is applied."""

    groups: list[ProposedGroup]
    members: dict[int, Candidate]
    settings: SuggestSettings
    unplaced: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    member_places: dict[int, str] = field(default_factory=dict)   # member id -> 东坡村3组 / 流动党员 …
    _next_key: int = 0

    # reading
    def group(self, key: str) -> ProposedGroup:
        for proposed in self.groups:
            if proposed.key == key:
                return proposed
        raise KeyError(key)

    def group_of(self, member_id: int) -> ProposedGroup | None:
        return next((g for g in self.groups if member_id in g.member_ids), None)

    def facts(self) -> dict[int, MemberFacts]:
        return {i: c.facts() for i, c in self.members.items()}

    def check(self) -> GroupCheck:
        return check_arrangement([g.state() for g in self.groups], self.facts(), self.settings.thresholds,
                                 leader_fix=LEADER_FIX_SUGGESTION)

    # editing
    def new_key(self) -> str:
        self._next_key += 1
        return f"g{self._next_key}"

    def move(self, member_ids: list[int], key: str | None) -> None:
        """Move members to the proposed group ``key`` (None: leave them unplaced)."""
        ids = list(dict.fromkeys(member_ids))
        target = self.group(key) if key is not None else None
        for proposed in self.groups:
            if proposed is target:
                continue
            proposed.member_ids = [i for i in proposed.member_ids if i not in ids]
            if proposed.leader_id in ids:
                proposed.leader_id = None
                proposed.leader_note = ""
        self.unplaced = [i for i in self.unplaced if i not in ids]
        if target is None:
            self.unplaced.extend(ids)
        else:
            target.member_ids.extend(i for i in ids if i not in target.member_ids)

    def rename(self, key: str, name: str) -> None:
        self.group(key).name = "".join(name.split())

    def set_leader(self, key: str, member_id: int | None) -> None:
        proposed = self.group(key)
        if member_id is not None:
            if member_id not in proposed.member_ids:
                raise UserError("党小组长要从本组的党员中选。")
            problem = leader_problem(self.members[member_id].facts())
            if problem:
                raise UserError(problem)
        proposed.leader_id = member_id
        proposed.leader_note = "自己选定" if member_id is not None else ""

    def add_group(self, name: str = "") -> ProposedGroup:
        taken = {g.name for g in self.groups}
        if not name:
            number = len(self.groups) + 1
            while (name := f"新党小组{number}") in taken:
                number += 1
        proposed = ProposedGroup(self.new_key(), name, "其他", [], note="")
        self.groups.append(proposed)
        return proposed

    def remove_group(self, key: str) -> None:
        proposed = self.group(key)
        self.unplaced.extend(proposed.member_ids)
        self.groups.remove(proposed)

    def as_json(self) -> dict[str, object]:
        check = self.check()
        return {
            "groups": [g.as_json() for g in self.groups],
            "unplaced": list(self.unplaced),
            "notes": list(self.notes),
            "violations": [v.as_json() for v in check.violations],
        }


@dataclass
class _Unit:
    places: list[Place]
    members: list[Candidate]
    flow: bool = False
    pool: bool = False              # made of members whose address names no hamlet

    def full(self) -> int:
        return sum(1 for m in self.members if m.is_full)


def _ok(unit: _Unit, settings: SuggestSettings) -> bool:
    return len(unit.members) >= settings.lower and unit.full() >= settings.thresholds.min_full_members


def _place_key(place: Place) -> tuple:
    """One hamlet, however its members' records write it: 3组 in 东坡村 = 东坡村3组."""
    if place.kind in ("team", "grid") and place.number is not None:
        return (place.village, place.number, place.kind, "")      # 2网格 = 第二网格
    return (place.village, None, place.kind, place.label.removeprefix(place.village))


def _unknown_place(c: Candidate) -> str:
    if c.address:
        return f"没有填村民小组，住址“{c.address}”中也看不出"
    return "没有填村民小组，也没有住址"


def _place_order(place: Place) -> tuple:
    return (name_pinyin(place.village), place.village, place.number is None, place.number or 0,
            name_pinyin(place.label), place.label)


def _merge_small(units: list[_Unit], settings: SuggestSettings, notes: list[str]) -> list[_Unit]:
    """Merge each unit that cannot be a group on its own with a neighbour, smallest first."""
    units = list(units)
    while len(units) > 1:
        bad = [i for i, u in enumerate(units) if not _ok(u, settings)]
        if not bad:
            break
        i = min(bad, key=lambda k: (len(units[k].members), units[k].full(), k))
        options = [j for j in (i - 1, i + 1) if 0 <= j < len(units)]

        def cost(j: int) -> tuple:
            size = len(units[i].members) + len(units[j].members)
            other_village = bool(units[i].places and units[j].places
                                 and units[i].places[0].village != units[j].places[0].village)
            return (other_village, size > settings.upper, size, j)

        j = min(options, key=cost)
        small, neighbour = units[i], units[j]
        why = (f"只有 {len(small.members)} 名党员" if len(small.members) < settings.lower
               else "没有足够的正式党员")
        if small.places and neighbour.places:
            notes.append(f"{_places_text(small.places)}{why}，已与{_places_text(neighbour.places)}合并。")
        first, second = (small, neighbour) if i < j else (neighbour, small)
        merged = _Unit(first.places + second.places, first.members + second.members, pool=first.pool and second.pool)
        lo = min(i, j)
        units[lo:lo + 2] = [merged]
    return units


def _places_text(places: list[Place]) -> str:
    return "、".join(p.label for p in places) or "住址不详的党员"


def _split(unit: _Unit, settings: SuggestSettings, order: dict[int, tuple], labels: dict[int, str]) -> list[_Unit]:
    """Split a unit larger than the target maximum into parts that each keep the rules."""
    n = len(unit.members)
    if n <= settings.upper:
        return [unit]
    need_full = settings.thresholds.min_full_members
    k = math.ceil(n / settings.upper)
    while k > 1 and (n // k < settings.lower or unit.full() < k * need_full):
        k -= 1
    if k <= 1:
        return [unit]
    members = sorted(unit.members, key=lambda m: order[m.id])
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
    chunks, start = [], 0
    for size in sizes:
        chunks.append(members[start:start + size])
        start += size
    for chunk in chunks:                      # give every part its full members
        while sum(m.is_full for m in chunk) < need_full:
            donor = max(chunks, key=lambda c: sum(m.is_full for m in c))
            giver = next(m for m in reversed(donor) if m.is_full)
            taker = next(m for m in reversed(chunk) if not m.is_full)
            donor[donor.index(giver)] = taker
            chunk[chunk.index(taker)] = giver
    parts = []
    for chunk in chunks:
        ids = {m.id for m in chunk}
        places = [p for p in unit.places if any(labels.get(m.id) == p.label for m in chunk)]
        parts.append(_Unit(places or list(unit.places), [m for m in members if m.id in ids], unit.flow, unit.pool))
    return parts


def _leader_key(member: Candidate, today: dt.date, *, flow_group: bool, current_leader: int | None) -> tuple:
    age = age_on(member.birth_date, today)
    band = 1 if age is None else 0 if 25 <= age <= 65 else 1 if age <= 72 else 2
    return (
        member.id != current_leader,
        not member.committee_post,
        member.is_flow and not flow_group,
        band,
        -EDUCATION_RANK.get(member.education, 2),
        abs((age or 50) - 50),
        member.name_pinyin,
        member.id,
    )


def _leader_note(member: Candidate, today: dt.date, current_leader: int | None) -> str:
    parts = []
    if member.id == current_leader:
        parts.append("现任组长")
    if member.committee_post:
        parts.append(f"支部{member.committee_post}" if member.committee_post != "书记" else "支部书记")
    age = age_on(member.birth_date, today)
    if age is not None:
        parts.append(f"{age} 岁")
    if member.education:
        parts.append(member.education)
    return "，".join([FULL_MEMBER, *parts])


def _ordinal(number: int) -> str:
    return CN_ORDINALS[number - 1] if 1 <= number <= len(CN_ORDINALS) else str(number)


def _largest_first(places: list[Place], sizes: dict[str, int]) -> list[Place]:
    """A group's hamlets as its name lists them: numbered 组 in order (东坡村1、2组), other
    hamlets the largest first (河东组、第二网格)."""
    if all(p.kind == "team" for p in places):
        return list(places)
    return sorted(places, key=lambda p: -sizes.get(p.label, 0))


def _title(places: list[Place]) -> str:
    if not places:
        return ""
    if len(places) == 1:
        return places[0].label
    villages = {p.village for p in places}
    if len(villages) == 1 and all(p.kind == "team" for p in places) and places[0].village:
        village = places[0].village
        numbers = [p.number for p in places]
        if len(numbers) <= 3:
            return village + "、".join(str(n) for n in numbers) + "组"
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"{village}{numbers[0]}至{numbers[-1]}组"
        return f"{village}{numbers[0]}组等 {len(numbers)} 个组"
    if len(places) <= 3:
        return "、".join(p.label for p in places)
    return f"{places[0].label}等 {len(places)} 处"


def propose(
    candidates: list[Candidate],
    existing: list[GroupView],
    settings: SuggestSettings,
    *,
    today: dt.date,
) -> Suggestion:
    """The suggestion for ``candidates`` (active members); a pure function of its inputs."""
    notes: list[str] = []
    member_places: dict[int, str] = {}
    lower, min_full = settings.lower, settings.thresholds.min_full_members
    candidates = sorted(candidates, key=lambda c: (c.name_pinyin, c.id))
    by_id = {c.id: c for c in candidates}

    flow = [c for c in candidates if c.is_flow]
    flow_units: list[_Unit] = []
    if flow and len(flow) >= lower and sum(c.is_full for c in flow) >= min_full:
        flow_units = [_Unit([], flow, flow=True)]
        residents = [c for c in candidates if not c.is_flow]
        for c in flow:
            known = known_destination(c.flow_destination)
            member_places[c.id] = f"流动党员（{known}）" if known else "流动党员（外出流向待补）"
    else:
        residents = candidates
        if flow:
            notes.append(f"流动党员只有 {len(flow)} 名，不够单独成立一个党小组，仍按家庭住址分组。")

    places = {c.id: place_of(c.hamlet, c.address) for c in residents}
    detailed_villages = {p.village for p in places.values() if p and p.is_hamlet}
    # A hamlet written without its village (河东组) is the same as that hamlet in the one village
    # that has it (东坡村河东组 read from another member's address).
    keys = {c.id: _place_key(p) for c, p in ((c, places[c.id]) for c in residents) if p and p.is_hamlet}
    villages_of: dict[tuple, set[str]] = {}
    for village, number, kind, bare in keys.values():
        villages_of.setdefault((number, kind, bare), set()).add(village)
    for member_id, (village, number, kind, bare) in list(keys.items()):
        others = villages_of[(number, kind, bare)] - {""}
        if not village and len(others) == 1:
            keys[member_id] = (next(iter(others)), number, kind, bare)
    units_by_label: dict[tuple, _Unit] = {}
    written: set[tuple] = set()
    pool: list[Candidate] = []
    for c in residents:
        place = places[c.id]
        if place is None or (not place.is_hamlet and place.village in detailed_villages):
            pool.append(c)
            member_places[c.id] = _unknown_place(c)
            continue
        key = keys.get(c.id) or _place_key(place)
        unit = units_by_label.setdefault(key, _Unit([place], []))
        if c.hamlet and key not in written:      # the hamlet as the branch writes it names the group
            written.add(key)
            unit.places[0] = Place(place.label, key[0], place.number, place.kind)
        unit.members.append(c)
    for unit in units_by_label.values():
        for c in unit.members:
            member_places[c.id] = unit.places[0].label
    units = sorted(units_by_label.values(), key=lambda u: _place_order(u.places[0]))
    if not units and pool:
        units, pool = [_Unit([], pool, pool=True)], []
    units = _merge_small(units, settings, notes)
    if pool:
        for c in pool:
            target = min(units, key=lambda u: (len(u.members), units.index(u)))
            target.members.append(c)
        notes.append(f"有 {len(pool)} 名党员没有填村民小组、住址中也看不出，已放入人数较少的党小组，请核对。")

    # A lone resident unit that still breaks the rules borrows from (or joins) the flow group.
    if flow_units and units and not _ok(units[0], settings):
        lone, donor = units[0], flow_units[0]
        full_needed = max(0, min_full - lone.full())
        count = max(full_needed, lower - len(lone.members))
        donor_full = [m for m in donor.members if m.is_full]
        donor_other = [m for m in donor.members if not m.is_full]
        moving = donor_full[:full_needed]
        moving += (donor_other + donor_full[full_needed:])[:count - len(moving)]
        moving_full = sum(m.is_full for m in moving)
        if len(donor.members) - len(moving) >= lower and donor.full() - moving_full >= min_full:
            for m in moving:
                donor.members.remove(m)
                lone.members.append(m)
                member_places[m.id] = "流动党员，编入本地党小组以凑足人数"
            notes.append(f"留在本地的党员不够组成党小组，已从流动党员中调入 {len(moving)} 人。")
        else:
            lone.members.extend(donor.members)
            flow_units = []
            notes.append("留在本地的党员太少，流动党员和本地党员编为同一个党小组。")

    order: dict[int, tuple] = {}
    for unit in units:
        index_of = {p.label: k for k, p in enumerate(unit.places)}
        for c in unit.members:
            index = index_of.get(member_places.get(c.id, ""), len(unit.places))
            order[c.id] = (index, house_number(c.address), c.name_pinyin, c.id)
    for unit in flow_units:
        for c in unit.members:
            order[c.id] = (0, name_pinyin(c.flow_destination), c.name_pinyin, c.id)
    final: list[tuple[_Unit, _Unit, int, int]] = []
    for unit in units + flow_units:
        unit.members.sort(key=lambda c: order[c.id])
        parts = _split(unit, settings, order, member_places)
        if len(parts) > 1:
            notes.append(f"{_title(unit.places) or ('流动党员' if unit.flow else '这些党员')}共有 "
                         f"{len(unit.members)} 名党员，超过每组 {settings.upper} 人，已分成 {len(parts)} 个党小组。")
        final.extend((unit, part, k, len(parts)) for k, part in enumerate(parts))

    total = len(candidates)
    total_full = sum(c.is_full for c in candidates)
    if total and (total < settings.thresholds.min_members or total_full < min_full):
        notes.append(f"全支部在册党员 {total} 名、正式党员 {total_full} 名，不够组成一个符合规定的党小组。")

    suggestion = Suggestion([], by_id, settings, notes=notes, member_places=member_places)
    pool_count = 0
    for whole, part, k, parts in final:
        if whole.flow:
            base, kind = "流动党员", "流动党员"
            note = "外出务工、经商的党员，平时可通过微信群联系"
        elif whole.places:
            named = _largest_first(part.places, Counter(member_places.get(m.id, "") for m in part.members))
            base, kind = _title(named), "按居住地"
            note = f"{_places_text(named)}的党员"
        else:
            pool_count += 1
            base, kind = "", "其他"
            note = "按人数编排的党员"
        if base:
            name = f"{base}党小组" + (f"（{_ordinal(k + 1)}）" if parts > 1 else "")
        else:
            name = f"第{_ordinal(pool_count)}党小组"
        suggestion.groups.append(ProposedGroup(
            suggestion.new_key(), name[:NAME_MAX], kind, [m.id for m in part.members],
            places=[p.label for p in part.places], note=note,
        ))
    _match_existing(suggestion, existing)
    _unique_names(suggestion, existing)
    current_leaders = {g.id: g.leader_id for g in existing}
    for proposed in suggestion.groups:
        current = current_leaders.get(proposed.existing_id)
        flow_group = proposed.kind == "流动党员"
        full = [by_id[i] for i in proposed.member_ids if by_id[i].is_full and (flow_group or not by_id[i].is_flow)]
        if not full:
            if any(by_id[i].is_full for i in proposed.member_ids):
                notes.append(f"{proposed.name}的正式党员都外出流动了，没有建议组长，请自己选定。")
            continue
        best = min(full, key=lambda m: _leader_key(m, today, flow_group=flow_group, current_leader=current))
        proposed.leader_id = best.id
        proposed.leader_note = _leader_note(best, today, current)
    return suggestion


def _match_existing(suggestion: Suggestion, existing: list[GroupView]) -> None:
    """Keep an existing group (its name, its history) where it holds mostly the same people."""
    pairs = []
    for proposed in suggestion.groups:
        members = set(proposed.member_ids)
        for group in existing:
            overlap = len(members & set(group.member_ids))
            if overlap * 2 > len(members) and overlap * 2 > len(group.member_ids):
                pairs.append((overlap, proposed.key, group.id))
    matched_keys, matched_groups = set(), set()
    groups = {g.id: g for g in existing}
    for _overlap, key, group_id in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if key in matched_keys or group_id in matched_groups:
            continue
        proposed = suggestion.group(key)
        proposed.existing_id = group_id
        proposed.name = groups[group_id].name
        if groups[group_id].note and not groups[group_id].note.endswith("的党员"):
            proposed.note = groups[group_id].note     # the branch's own words are kept
        if groups[group_id].kind in GROUP_KINDS and proposed.kind == "其他":
            proposed.kind = groups[group_id].kind
        matched_keys.add(key)
        matched_groups.add(group_id)


def _unique_names(suggestion: Suggestion, existing: list[GroupView]) -> None:
    kept = {g.existing_id for g in suggestion.groups if g.existing_id}
    by_name = {g.name: g for g in existing}
    taken: set[str] = set()
    for proposed in suggestion.groups:
        if proposed.existing_id is None and proposed.name in by_name:
            other = by_name[proposed.name]
            if other.id not in kept and not other.member_ids:
                proposed.existing_id = other.id     # an old, empty group of that name: use it again
                kept.add(other.id)
        name, number = proposed.name, 2
        while name in taken or (name in by_name and by_name[name].id != proposed.existing_id):
            name = f"{proposed.name}{number}"
            number += 1
        proposed.name = name
        taken.add(name)
