"""The party group rules (DOMAIN.md): each rule, each threshold setting."""

import datetime as dt

import pytest

from dangjian_desktop.core import members as member_ops
from dangjian_desktop.core.group_rules import GroupState, Thresholds, check_arrangement, current_thresholds
from dangjian_desktop.core.groups import GroupInfo, check_saved_groups, move_members, save_group
from dangjian_desktop.core.names import name_initials, name_pinyin
from dangjian_desktop.core.roles import MemberFacts
from dangjian_desktop.core.settings import put as set_setting
from dangjian_desktop.db.models import GroupMembership, Member, PartyGroup
from dangjian_desktop.errors import ValidationError
from tests.conftest import TODAY


def add_member(name, category="正式党员", *, address="", is_flow=False, birth=None, education="", status="active",
               hamlet=""):
    """A member row in the real database (the roster module's own rules are tested elsewhere)."""
    return Member.create(
        name=name, name_pinyin=name_pinyin(name), name_initials=name_initials(name), category=category,
        address=address, hamlet=hamlet, is_flow=is_flow, birth_date=birth, education=education, status=status,
        joined_on=dt.date(2000, 1, 1), full_member_on=dt.date(2001, 1, 1) if category == "正式党员" else None,
    ).id


def make_group(name, member_ids, leader=None, deputy=None, start=dt.date(2025, 1, 1)):
    group = PartyGroup.create(name=name, kind="按居住地", leader=leader, deputy=deputy)
    for member_id in member_ids:
        GroupMembership.create(member=member_id, group=group, start_on=start)
    return group.id


def rules_of(result, group_name):
    return sorted(v.rule for v in result.violations if v.group == group_name)


FACTS = {
    1: MemberFacts(1, "张三", "正式党员"),
    2: MemberFacts(2, "李四", "正式党员"),
    3: MemberFacts(3, "王五", "预备党员"),
    4: MemberFacts(4, "赵六", "预备党员"),
    5: MemberFacts(5, "钱七", "正式党员", "transferred_out"),
}


def test_a_sound_group_has_no_violation():
    result = check_arrangement([GroupState(1, "第一党小组", (1, 2, 3), leader_id=1)], FACTS, Thresholds())
    assert result.violations == []
    assert result.unassigned == [4]


def test_too_few_members_names_the_count_and_the_threshold():
    result = check_arrangement([GroupState(1, "第一党小组", (1, 3), leader_id=1)], FACTS, Thresholds())
    assert [v.rule for v in result.violations] == ["min_members"]
    assert result.violations[0].message.startswith("第一党小组只有 2 名党员，少于规定的 3 人。")


def test_without_a_full_member_the_group_breaks_the_full_member_rule():
    facts = {**FACTS, 6: MemberFacts(6, "孙八", "预备党员")}
    result = check_arrangement([GroupState(1, "乙组", (3, 4, 6))], facts, Thresholds())
    assert [v.rule for v in result.violations] == ["min_full_members", "no_leader"]
    assert result.violations[0].message == "乙组的正式党员只有 0 名，至少要有 1 名。请移入正式党员。"


def test_thresholds_are_the_branch_settings(opened):
    assert current_thresholds() == Thresholds(3, 1)
    set_setting("group_min_members", 5)
    set_setting("group_min_full_members", 2)
    assert current_thresholds() == Thresholds(5, 2)
    a, b, c, d = (add_member(n) for n in ("甲", "乙", "丙", "丁"))
    make_group("第一党小组", [a, b, c, d], leader=a)
    result = check_saved_groups()
    assert rules_of(result, "第一党小组") == ["min_members"]
    assert "少于规定的 5 人" in result.violations[0].message
    set_setting("group_min_members", 4)
    assert check_saved_groups().violations == []


def test_min_full_members_setting_counts_full_members(opened):
    set_setting("group_min_full_members", 2)
    a = add_member("甲")
    b, c = add_member("乙", "预备党员"), add_member("丙", "预备党员")
    make_group("第一党小组", [a, b, c], leader=a)
    result = check_saved_groups()
    assert rules_of(result, "第一党小组") == ["min_full_members"]
    assert result.violations[0].message.startswith("第一党小组的正式党员只有 1 名，至少要有 2 名。")


def test_group_without_leader():
    result = check_arrangement([GroupState(1, "第一党小组", (1, 2, 3))], FACTS, Thresholds())
    assert [(v.rule, v.message) for v in result.violations] == [
        ("no_leader", "第一党小组还没有党小组长，请点“修改”指定一名正式党员。")
    ]


def test_leader_must_be_in_the_group():
    result = check_arrangement([GroupState(1, "第一党小组", (1, 2, 3), leader_id=4)], FACTS, Thresholds())
    assert [v.rule for v in result.violations] == ["leader_not_in_group"]
    assert "赵六不在第一党小组里" in result.violations[0].message


def test_probationary_member_may_not_lead_nor_deputise():
    result = check_arrangement(
        [GroupState(1, "第一党小组", (1, 2, 3, 4), leader_id=3, deputy_id=4)], FACTS, Thresholds()
    )
    assert [v.rule for v in result.violations] == ["leader_probationary", "deputy_probationary"]
    assert result.violations[0].message == "党小组长王五是预备党员，预备党员不能担任党小组长。"


def test_each_active_member_in_exactly_one_group():
    groups = [GroupState(1, "甲组", (1, 2, 3), leader_id=1), GroupState(2, "乙组", (2, 3, 4), leader_id=2)]
    result = check_arrangement(groups, FACTS, Thresholds(min_members=1))
    several = [v for v in result.violations if v.rule == "in_several_groups"]
    assert [(v.group, v.message) for v in several] == [
        ("甲组", "李四同时在甲组和乙组，每名党员只能在一个党小组。"),
        ("甲组", "王五同时在甲组和乙组，每名党员只能在一个党小组。"),
        ("乙组", "李四同时在乙组和甲组，每名党员只能在一个党小组。"),
        ("乙组", "王五同时在乙组和甲组，每名党员只能在一个党小组。"),
    ]
    assert result.unassigned == []


def test_former_member_left_in_a_group_is_reported_and_not_counted():
    result = check_arrangement([GroupState(1, "甲组", (1, 2, 5), leader_id=1)], FACTS, Thresholds())
    assert [v.rule for v in result.violations] == ["former_member", "min_members"]
    assert result.violations[0].message == "钱七已转出，应移出甲组。"


def test_group_without_members_is_not_checked():
    result = check_arrangement([GroupState(1, "旧组", ())], FACTS, Thresholds())
    assert result.violations == []


def test_leaving_member_drops_out_and_the_group_shows_the_break(opened):
    a, b, c = add_member("甲"), add_member("乙"), add_member("丙")
    make_group("第一党小组", [a, b, c], leader=a)
    assert check_saved_groups().sound
    member_ops.change_status(a, "transferred_out", TODAY, destination="镇机关党支部", today=TODAY)
    result = check_saved_groups()
    assert rules_of(result, "第一党小组") == ["leader_not_in_group", "min_members"]
    leader_break = next(v for v in result.violations if v.rule == "leader_not_in_group")
    assert leader_break.message == "党小组长甲已转出，请重新指定党小组长。"


def test_unassigned_lists_active_members_without_group(opened):
    a, b, c = add_member("甲"), add_member("乙"), add_member("丙")
    d = add_member("丁")
    add_member("戊", status="deceased")
    make_group("第一党小组", [a, b, c], leader=a)
    assert check_saved_groups().unassigned == [d]
    move_members([d], None, today=TODAY)
    assert check_saved_groups().as_json() == {"violations": [], "unassigned": [d]}


def test_save_group_refuses_a_probationary_leader(opened):
    a = add_member("甲", "预备党员")
    with pytest.raises(ValidationError) as caught:
        save_group(GroupInfo("第一党小组", leader_id=a), today=TODAY)
    assert caught.value.problems == {"leader": "甲是预备党员，预备党员不能担任党小组长。"}
    assert PartyGroup.select().count() == 0


def test_a_new_group_without_members_breaks_the_rules_a_saved_one_is_history():
    new = GroupState("g9", "新党小组3", (), is_new=True)
    result = check_arrangement([new], {}, Thresholds())
    assert [v.rule for v in result.violations] == ["min_members", "no_leader"]
    assert not result.sound
    assert check_arrangement([GroupState(5, "旧组", ())], {}, Thresholds()).violations == []
