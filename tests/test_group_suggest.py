"""自动分组建议 on rosters of different shapes; editing, applying and undoing it."""

import datetime as dt
import random

import pytest

from dangjian_desktop.core import group_suggest as gs
from dangjian_desktop.core.groups import check_saved_groups, list_groups, membership_history
from dangjian_desktop.core.hamlets import address_with_hamlet, hamlet_from_address, parse_place, place_of
from dangjian_desktop.core.settings import put as set_setting
from dangjian_desktop.db.models import CommitteePost, GroupMembership, PartyGroup
from dangjian_desktop.errors import UserError, ValidationError
from tests.conftest import TODAY
from tests.test_group_rules import add_member, make_group


def assert_sound(suggestion):
    check = suggestion.check()
    assert check.violations == [], [v.message for v in check.violations]
    assert check.unassigned == []
    sizes = [len(g.member_ids) for g in suggestion.groups]
    assert all(size >= suggestion.settings.lower for size in sizes)
    for proposed in suggestion.groups:
        leader = suggestion.members[proposed.leader_id]
        assert leader.is_full and proposed.leader_id in proposed.member_ids


def member_sets(suggestion):
    return sorted(sorted(suggestion.members[i].name for i in g.member_ids) for g in suggestion.groups)


# --- reading hamlets -------------------------------------------------------------------------

@pytest.mark.parametrize("address, label", [
    ("东坡村3组12号", "东坡村3组"),
    ("青山镇东坡村第三村民小组", "东坡村3组"),
    ("山东省济南市历城区青山镇东坡村十二组", "东坡村12组"),
    ("东坡村二十一社5号", "东坡村21组"),
    ("青山镇东坡村王家庄12号", "王家庄"),
    ("李家湾村8号", "李家湾村"),
    ("东坡社区2组", "东坡社区2组"),
    ("３组１５号", "3组"),
])
def test_hamlet_is_read_from_the_address(address, label):
    assert parse_place(address).label == label


@pytest.mark.parametrize("address", ["", "  ", "济南市", "12号", "村民小组", "党小组", "老街"])
def test_address_without_hamlet(address):
    assert parse_place(address) is None


@pytest.mark.parametrize("text, label, kind", [
    ("东坡村河东组12号", "东坡村河东组", "named"),
    ("河东组", "河东组", "named"),
    ("下湾组5号", "下湾组", "named"),
    ("上湾", "上湾", "natural"),
    ("李家庄", "李家庄", "natural"),
    ("第二网格", "第二网格", "grid"),
    ("东坡村第2网格5号", "东坡村第二网格", "grid"),
    ("2网格", "第二网格", "grid"),
    ("二网格", "第二网格", "grid"),
])
def test_named_hamlets_and_grids_are_read(text, label, kind):
    place = parse_place(text)
    assert (place.label, place.kind) == (label, kind)


@pytest.mark.parametrize("address, hamlet", [
    ("东坡村3组48号", "东坡村3组"), ("东坡村河东组5号", "东坡村河东组"), ("李家湾村8号", None),
    ("东坡村18号", None), ("", None), ("东坡村王家庄12号", "王家庄"), ("王家庄", "王家庄"),
    ("东坡村商店旁", None), ("东坡村小卖铺旁边", None),           # a landmark on the way is no hamlet
])
def test_hamlet_from_address(address, hamlet):
    assert hamlet_from_address(address) == hamlet


@pytest.mark.parametrize("hamlet, address, label", [
    ("3组", "东坡村30号", "东坡村3组"),      # a numbered 组 of the village the address names
    ("河东组", "东坡村18号", "河东组"),
    ("第二网格", "新村小区2栋", "第二网格"),
    ("老街", "", "老街"),                   # a name the rules do not know is a hamlet as written
    ("", "东坡村3组12号", "东坡村3组"),
])
def test_the_hamlet_field_comes_before_the_address(hamlet, address, label):
    assert place_of(hamlet, address).label == label


@pytest.mark.parametrize("address, hamlet, printed", [
    ("东坡村18号", "河东组", "东坡村18号（河东组）"),
    ("东坡村3组48号", "东坡村3组", "东坡村3组48号"),
    ("东坡村3组48号", "3组", "东坡村3组48号"),
    ("", "上湾", "上湾"),
    ("东坡村18号", "", "东坡村18号"),
])
def test_a_printed_address_says_the_hamlet_once(address, hamlet, printed):
    assert address_with_hamlet(address, hamlet) == printed


def test_members_of_one_named_hamlet_stay_together_and_a_small_one_is_merged_by_the_rules(opened):
    for k in range(7):
        add_member(f"河东{k}", hamlet="河东组", address=f"东坡村{k + 10}号")
    for k in range(4):
        add_member(f"李家{k}", hamlet="李家庄")
    add_member("上湾甲", hamlet="上湾")
    add_member("上湾乙", "预备党员", hamlet="上湾")
    suggestion = gs.suggest(today=TODAY)
    assert_sound(suggestion)
    assert sorted(member_sets(suggestion)) == sorted([
        [f"河东{k}" for k in range(7)], sorted(["上湾甲", "上湾乙"] + [f"李家{k}" for k in range(4)]),
    ])
    assert "上湾只有 2 名党员，已与李家庄合并。" in suggestion.notes
    names = {c.id: c.name for c in suggestion.members.values()}
    assert {names[i]: p for i, p in suggestion.member_places.items()}["上湾乙"] == "上湾"
    assert [g.name for g in suggestion.groups] == ["河东组党小组", "李家庄、上湾党小组"]


# --- shapes of rosters -----------------------------------------------------------------------

def test_one_hamlet_gives_one_group(opened):
    for k in range(8):
        add_member(f"党员{k}", address=f"东坡村3组{k + 1}号")
    suggestion = gs.suggest(today=TODAY)
    assert [(g.name, g.kind, len(g.member_ids)) for g in suggestion.groups] == [("东坡村3组党小组", "按居住地", 8)]
    assert suggestion.groups[0].note == "东坡村3组的党员"
    assert_sound(suggestion)


def test_one_big_hamlet_is_split_by_the_target_maximum(opened):
    for k in range(30):
        add_member(f"党员{k:02d}", "预备党员" if k % 10 else "正式党员", address=f"东坡村3组{k + 1}号")
    suggestion = gs.suggest(today=TODAY)
    assert [(g.name, len(g.member_ids)) for g in suggestion.groups] == [
        ("东坡村3组党小组（一）", 10), ("东坡村3组党小组（二）", 10), ("东坡村3组党小组（三）", 10)]
    assert_sound(suggestion)
    set_setting("group_target_max", 15)
    suggestion = gs.suggest(today=TODAY)
    assert [len(g.member_ids) for g in suggestion.groups] == [15, 15]
    assert_sound(suggestion)


def test_many_tiny_hamlets_are_merged_with_neighbours(opened):
    sizes = [1, 2, 1, 1, 2, 1, 1, 1, 2, 1]
    for hamlet, size in enumerate(sizes, start=1):
        for k in range(size):
            add_member(f"{hamlet}组党员{k}", address=f"东坡村{hamlet}组{k + 1}号")
    suggestion = gs.suggest(today=TODAY)
    assert_sound(suggestion)
    assert sum(len(g.member_ids) for g in suggestion.groups) == 13
    # merged hamlets are neighbours: each group holds consecutive 组 numbers
    for proposed in suggestion.groups:
        numbers = [parse_place(p).number for p in proposed.places]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    assert any("已与" in note and "合并" in note for note in suggestion.notes)


def test_many_flow_members_get_their_own_groups(opened):
    places = ["广东省深圳市", "浙江省宁波市", "江苏省苏州市"]
    for k in range(26):
        add_member(f"流动{k:02d}", "预备党员" if k % 5 == 1 else "正式党员", address="东坡村1组",
                   is_flow=True)
    from dangjian_desktop.db.models import Member
    for k, member in enumerate(Member.select().order_by(Member.id)):
        member.flow_destination = places[k % 3]
        member.save()
    for k in range(5):
        add_member(f"本地{k}", address="东坡村1组")
    suggestion = gs.suggest(today=TODAY)
    assert_sound(suggestion)
    kinds = [(g.kind, len(g.member_ids)) for g in suggestion.groups]
    assert kinds == [("按居住地", 5), ("流动党员", 9), ("流动党员", 9), ("流动党员", 8)]
    assert [g.name for g in suggestion.groups][1:] == [
        "流动党员党小组（一）", "流动党员党小组（二）", "流动党员党小组（三）"]


def test_flow_members_lend_to_a_lone_local_group_that_is_too_small(opened):
    for k in range(8):
        add_member(f"流动{k}", address="东坡村1组", is_flow=True)
    add_member("本地甲", "预备党员", address="东坡村1组")
    suggestion = gs.suggest(today=TODAY)
    assert [len(g.member_ids) for g in suggestion.groups] == [3, 6]
    assert any("已从流动党员中调入 2 人" in note for note in suggestion.notes)
    # the local group's only full members are away: none of them is proposed to lead it
    local, flow = suggestion.groups
    assert local.leader_id is None and flow.leader_id is not None
    assert "东坡村1组党小组的正式党员都外出流动了，没有建议组长，请自己选定。" in suggestion.notes
    assert [v.rule for v in suggestion.check().violations] == ["no_leader"]


def test_few_flow_members_stay_with_their_hamlet(opened):
    add_member("流动甲", address="东坡村1组", is_flow=True)
    for k in range(4):
        add_member(f"本地{k}", address="东坡村1组")
    suggestion = gs.suggest(today=TODAY)
    assert [(g.kind, len(g.member_ids)) for g in suggestion.groups] == [("按居住地", 5)]
    assert suggestion.notes[0] == "流动党员只有 1 名，不够单独成立一个党小组，仍按家庭住址分组。"


def test_hamlet_without_a_full_member_is_merged(opened):
    for k in range(5):
        add_member(f"一组{k}", address="东坡村1组")
    for k in range(4):
        add_member(f"二组{k}", "预备党员", address="东坡村2组")
    for k in range(6):
        add_member(f"三组{k}", address="东坡村3组")
    suggestion = gs.suggest(today=TODAY)
    assert_sound(suggestion)
    assert [(g.places, len(g.member_ids)) for g in suggestion.groups] == [
        (["东坡村1组", "东坡村2组"], 9), (["东坡村3组"], 6)]
    assert suggestion.groups[0].name == "东坡村1、2组党小组"
    assert "东坡村2组没有足够的正式党员，已与东坡村1组合并。" in suggestion.notes


def test_members_without_hamlet_fill_the_smallest_group(opened):
    for k in range(3):
        add_member(f"一组{k}", address="东坡村1组")
    for k in range(6):
        add_member(f"二组{k}", address="东坡村2组")
    unknown = add_member("无址", address="东坡村")
    suggestion = gs.suggest(today=TODAY)
    assert_sound(suggestion)
    assert unknown in suggestion.groups[0].member_ids
    assert suggestion.member_places[unknown] == "没有填村民小组，住址“东坡村”中也看不出"


@pytest.mark.parametrize("seed", range(12))
def test_random_rosters_always_keep_the_rules(opened, seed):
    rng = random.Random(seed)
    hamlets = rng.randint(1, 12)
    count = rng.randint(6, 90)
    for k in range(count):
        category = "预备党员" if rng.random() < 0.25 else "正式党员"
        flow = rng.random() < 0.2
        address = rng.choice([f"东坡村{rng.randint(1, hamlets)}组{k}号", f"东坡村{rng.randint(1, hamlets)}组",
                              "东坡村", "王家庄3号", ""])
        add_member(f"党员{k:03d}", category, address=address, is_flow=flow,
                   birth=dt.date(rng.randint(1940, 2000), 1, 1))
    add_member("保底", address="东坡村1组")           # at least one full member in the branch
    set_setting("group_target_max", rng.choice([6, 8, 12, 20]))
    suggestion = gs.suggest(today=TODAY)
    assert_sound(suggestion)
    assert all(len(g.member_ids) <= max(20, 2 * suggestion.settings.upper) for g in suggestion.groups)


# --- leaders ---------------------------------------------------------------------------------

def test_leader_prefers_committee_members_then_age_and_education(opened):
    old = add_member("老党员", address="东坡村1组", birth=dt.date(1940, 1, 1), education="大学本科")
    young = add_member("中年党员", address="东坡村1组", birth=dt.date(1976, 1, 1), education="高中")
    add_member("中年初中", address="东坡村1组", birth=dt.date(1976, 1, 1), education="初中")
    add_member("预备", "预备党员", address="东坡村1组", birth=dt.date(1990, 1, 1), education="研究生")
    suggestion = gs.suggest(today=TODAY)
    assert suggestion.groups[0].leader_id == young
    assert suggestion.groups[0].leader_note == "正式党员，50 岁，高中"
    CommitteePost.create(post="组织委员", member=old, term_start=dt.date(2026, 1, 15))
    suggestion = gs.suggest(today=TODAY)
    assert suggestion.groups[0].leader_id == old
    assert suggestion.groups[0].leader_note.startswith("正式党员，支部组织委员")


def test_a_group_mostly_unchanged_keeps_its_name_and_leader(opened):
    people = [add_member(f"一组{k}", address="东坡村1组") for k in range(5)]
    group = make_group("第一党小组", people, leader=people[3])
    suggestion = gs.suggest(today=TODAY)
    assert [(g.name, g.existing_id, g.leader_id) for g in suggestion.groups] == [("第一党小组", group, people[3])]


# --- editing the preview, applying, undoing --------------------------------------------------

@pytest.fixture
def branch(opened):
    people = {}
    for hamlet in (1, 2, 3):
        for k in range(4):
            people[f"{hamlet}-{k}"] = add_member(f"{hamlet}组{k}", "预备党员" if k == 3 else "正式党员",
                                                 address=f"东坡村{hamlet}组{k + 1}号")
    old = make_group("老一组", [people["1-0"], people["1-1"], people["2-0"]], leader=people["1-0"],
                     start=dt.date(2024, 3, 1))
    return people, old


def test_preview_edits_are_checked_before_applying(branch):
    people, old = branch
    suggestion = gs.suggest(today=TODAY)
    first, second, third = suggestion.groups
    with pytest.raises(UserError, match="预备党员不能担任党小组长"):
        suggestion.set_leader(first.key, people["1-3"])
    suggestion.move([first.leader_id], second.key)
    assert first.leader_id is None
    assert [v.rule for v in suggestion.check().violations] == ["no_leader"]
    suggestion.set_leader(first.key, people["1-1"])
    suggestion.rename(second.key, "第二党小组")
    suggestion.rename(third.key, "第二党小组")
    with pytest.raises(ValidationError, match="有两个党小组都叫“第二党小组”"):
        gs.apply_suggestion(suggestion, today=TODAY)
    suggestion.rename(third.key, "第三党小组")
    change = gs.apply_suggestion(suggestion, today=TODAY)
    assert check_saved_groups().sound
    names = [(g.name, len(g.member_ids)) for g in list_groups() if g.member_ids]
    assert names == [("东坡村1组党小组", 3), ("第二党小组", 5), ("第三党小组", 4)]
    assert change.label == "应用自动分组建议（3 个党小组）"


def test_apply_is_one_change_and_undo_restores_everything(branch):
    people, old = branch
    rows_before = sorted(GroupMembership.select(GroupMembership.id, GroupMembership.member, GroupMembership.group,
                                                GroupMembership.start_on, GroupMembership.end_on).tuples())
    groups_before = sorted(PartyGroup.select().tuples())
    suggestion = gs.suggest(today=TODAY)
    change = gs.apply_suggestion(suggestion, today=TODAY)
    assert check_saved_groups().sound
    assert len(list_groups()) == 4        # the old group stays (it has history), now without members
    history = membership_history(member_id=people["2-0"])
    assert [(h.group_name, h.start_on, h.end_on) for h in history] == [
        ("老一组", dt.date(2024, 3, 1), TODAY), ("东坡村2组党小组", TODAY, None)]
    change.undo()
    assert sorted(GroupMembership.select(GroupMembership.id, GroupMembership.member, GroupMembership.group,
                                         GroupMembership.start_on, GroupMembership.end_on).tuples()) == rows_before
    assert sorted(PartyGroup.select().tuples()) == groups_before


def test_apply_refuses_when_a_member_left_meanwhile(branch):
    from dangjian_desktop.core import members as member_ops

    people, old = branch
    suggestion = gs.suggest(today=TODAY)
    member_ops.change_status(people["3-0"], "deceased", TODAY, today=TODAY)
    with pytest.raises(UserError, match="有党员的状态变了"):
        gs.apply_suggestion(suggestion, today=TODAY)
    assert [g.name for g in list_groups()] == ["老一组"]


def test_suggestion_on_an_empty_roster_is_refused(opened):
    with pytest.raises(UserError, match="还没有在册党员"):
        gs.suggest(today=TODAY)


def test_suggestion_on_the_demo_branch_keeps_the_rules(demo_db):
    suggestion = gs.suggest(today=TODAY)
    assert_sound(suggestion)
    gs.apply_suggestion(suggestion, today=TODAY)
    assert check_saved_groups().sound
