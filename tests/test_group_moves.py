"""Creating, editing and deleting groups; moving members; membership history; undo."""

import datetime as dt

import pytest

from dangjian_desktop.core import groups as group_ops
from dangjian_desktop.core.groups import GroupInfo
from dangjian_desktop.core.membership import unassigned_member_ids
from dangjian_desktop.db.models import GroupMembership, PartyGroup
from dangjian_desktop.errors import UserError, ValidationError
from tests.conftest import TODAY
from tests.test_group_rules import add_member, make_group

LAST_MONTH = dt.date(2026, 10, 26)


def rows(member_id):
    return [
        (r.group.name, r.start_on, r.end_on)
        for r in GroupMembership.select().where(GroupMembership.member == member_id).order_by(GroupMembership.id)
    ]


@pytest.fixture
def two_groups(opened):
    people = {n: add_member(n) for n in ("甲", "乙", "丙", "丁", "戊", "己")}
    first = make_group("第一党小组", [people["甲"], people["乙"], people["丙"]], leader=people["甲"])
    second = make_group("第二党小组", [people["丁"], people["戊"], people["己"]], leader=people["丁"])
    return people, first, second


def test_move_closes_the_old_row_and_opens_a_new_one(two_groups):
    people, first, second = two_groups
    change = group_ops.move_members([people["乙"]], second, today=TODAY)
    assert rows(people["乙"]) == [("第一党小组", dt.date(2025, 1, 1), TODAY), ("第二党小组", TODAY, None)]
    assert change.moved == 1
    assert change.label == "把乙移到第二党小组"


def test_moving_on_a_past_date_records_that_date(two_groups):
    people, first, second = two_groups
    group_ops.move_members([people["乙"]], second, on_date=LAST_MONTH, today=TODAY)
    assert rows(people["乙"]) == [("第一党小组", dt.date(2025, 1, 1), LAST_MONTH), ("第二党小组", LAST_MONTH, None)]


def test_future_date_and_date_before_joining_are_refused(two_groups):
    people, first, second = two_groups
    with pytest.raises(UserError, match="日期在今天之后"):
        group_ops.move_members([people["乙"]], second, on_date=dt.date(2026, 12, 1), today=TODAY)
    with pytest.raises(UserError, match="乙是 2025-01-01 才加入第一党小组的"):
        group_ops.move_members([people["乙"]], second, on_date=dt.date(2024, 6, 1), today=TODAY)
    assert rows(people["乙"]) == [("第一党小组", dt.date(2025, 1, 1), None)]


def test_same_day_moves_leave_no_zero_length_rows(two_groups):
    people, first, second = two_groups
    third = make_group("第三党小组", [])
    group_ops.move_members([people["乙"]], second, today=TODAY)
    group_ops.move_members([people["乙"]], third, today=TODAY)
    assert rows(people["乙"]) == [("第一党小组", dt.date(2025, 1, 1), TODAY), ("第三党小组", TODAY, None)]
    group_ops.move_members([people["乙"]], first, today=TODAY)      # back where they started
    assert rows(people["乙"]) == [("第一党小组", dt.date(2025, 1, 1), None)]


def test_unassigned_member_placed_and_taken_out_the_same_day_leaves_nothing(two_groups):
    people, first, second = two_groups
    new = add_member("庚")
    group_ops.move_members([new], first, today=TODAY)
    assert rows(new) == [("第一党小组", TODAY, None)]
    group_ops.move_members([new], None, today=TODAY)
    assert rows(new) == []


def test_moving_into_the_current_group_changes_nothing(two_groups):
    people, first, second = two_groups
    change = group_ops.move_members([people["乙"]], first, today=TODAY)
    assert change.is_empty and change.moved == 0


def test_former_member_cannot_be_placed(two_groups):
    gone = add_member("辛", status="deceased")
    with pytest.raises(UserError, match="辛已不在册，不能分入党小组"):
        group_ops.move_members([gone], two_groups[1], today=TODAY)
    assert rows(gone) == []


def test_leader_who_leaves_stops_being_leader_and_undo_restores(two_groups):
    people, first, second = two_groups
    change = group_ops.move_members([people["甲"]], None, today=TODAY)
    assert PartyGroup.get_by_id(first).leader_id is None
    assert unassigned_member_ids() == [people["甲"]]
    change.undo()
    assert PartyGroup.get_by_id(first).leader_id == people["甲"]
    assert rows(people["甲"]) == [("第一党小组", dt.date(2025, 1, 1), None)]


def test_undo_of_a_move_restores_rows_exactly(two_groups):
    people, first, second = two_groups
    before = [rows(p) for p in people.values()]
    change = group_ops.move_members([people["乙"], people["丙"]], second, on_date=LAST_MONTH, today=TODAY)
    assert change.label == "把乙、丙移到第二党小组"
    change.undo()
    assert [rows(p) for p in people.values()] == before


def test_undo_is_refused_after_a_later_change(two_groups):
    people, first, second = two_groups
    change = group_ops.move_members([people["乙"]], second, today=TODAY)
    group_ops.move_members([people["乙"]], None, today=TODAY)
    with pytest.raises(UserError, match="撤销不了"):
        change.undo()


def test_create_group_moves_the_chosen_leader_in(two_groups):
    people, first, second = two_groups
    assert group_ops.leader_moves(GroupInfo("新组", leader_id=people["乙"]), None) == [(people["乙"], "第一党小组")]
    change = group_ops.save_group(
        GroupInfo(" 第三党 小组 ", kind="按工作单位", leader_id=people["乙"], meeting_place="合作社", note="合作社党员"),
        today=TODAY,
    )
    group = PartyGroup.get_by_id(change.group_id)
    assert (group.name, group.kind, group.leader_id, group.meeting_place, group.sort_order) == (
        "第三党小组", "按工作单位", people["乙"], "合作社", 1)
    assert rows(people["乙"])[-1] == ("第三党小组", TODAY, None)
    change.undo()
    assert PartyGroup.get_or_none(PartyGroup.id == change.group_id) is None
    assert rows(people["乙"]) == [("第一党小组", dt.date(2025, 1, 1), None)]


def test_edit_group_and_undo(two_groups):
    people, first, second = two_groups
    change = group_ops.save_group(
        GroupInfo("东坡一组", kind="其他", leader_id=people["乙"], deputy_id=people["丙"]), first, today=TODAY
    )
    group = PartyGroup.get_by_id(first)
    assert (group.name, group.kind, group.leader_id, group.deputy_id) == ("东坡一组", "其他", people["乙"], people["丙"])
    assert change.moved == 0
    change.undo()
    group = PartyGroup.get_by_id(first)
    assert (group.name, group.kind, group.leader_id, group.deputy_id) == ("第一党小组", "按居住地", people["甲"], None)


def test_group_names_are_checked(two_groups):
    people, first, second = two_groups
    with pytest.raises(ValidationError) as caught:
        group_ops.save_group(GroupInfo("第二党小组"), first, today=TODAY)
    assert caught.value.problems == {"name": "已经有一个叫“第二党小组”的党小组了，请换一个名称。"}
    with pytest.raises(ValidationError) as caught:
        group_ops.save_group(GroupInfo("  ", leader_id=people["甲"], deputy_id=people["甲"]), today=TODAY)
    assert set(caught.value.problems) == {"name", "deputy"}
    assert caught.value.problems["deputy"] == "副组长和党小组长不能是同一个人。"


def test_delete_only_an_empty_group_that_nothing_refers_to(two_groups):
    people, first, second = two_groups
    assert group_ops.can_delete(first) == "第一党小组还有 3 名党员，请先把他们移到其他党小组。"
    group_ops.move_members([people["甲"], people["乙"], people["丙"]], second, on_date=LAST_MONTH, today=TODAY)
    assert group_ops.can_delete(first) == "第一党小组有过成员或活动记录，为了保留历史，不能删除。"
    with pytest.raises(UserError):
        group_ops.delete_group(first)
    empty = group_ops.save_group(GroupInfo("试用组"), today=TODAY).group_id
    assert group_ops.can_delete(empty) is None
    change = group_ops.delete_group(empty)
    assert PartyGroup.get_or_none(PartyGroup.id == empty) is None
    change.undo()
    assert PartyGroup.get_by_id(empty).name == "试用组"


def test_group_added_and_removed_the_same_day_can_be_deleted(two_groups):
    people, first, second = two_groups
    empty = group_ops.save_group(GroupInfo("试用组"), today=TODAY).group_id
    group_ops.move_members([people["乙"]], empty, today=TODAY)
    group_ops.move_members([people["乙"]], first, today=TODAY)
    assert group_ops.can_delete(empty) is None


def test_membership_history_of_member_and_group(two_groups):
    people, first, second = two_groups
    group_ops.move_members([people["乙"]], second, on_date=LAST_MONTH, today=TODAY)
    history = group_ops.membership_history(member_id=people["乙"])
    assert [(h.group_name, h.start_on, h.end_on) for h in history] == [
        ("第一党小组", dt.date(2025, 1, 1), LAST_MONTH), ("第二党小组", LAST_MONTH, None)]
    history = group_ops.membership_history(group_id=second)
    assert [(h.member_name, h.start_on, h.end_on) for h in history] == [
        ("丁", dt.date(2025, 1, 1), None), ("己", dt.date(2025, 1, 1), None), ("戊", dt.date(2025, 1, 1), None),
        ("乙", LAST_MONTH, None)]


def test_list_groups_and_json(two_groups):
    people, first, second = two_groups
    listed = [g.as_json() for g in group_ops.list_groups()]
    assert listed[0] == {"id": first, "name": "第一党小组", "kind": "按居住地", "leader_id": people["甲"],
                         "member_ids": sorted([people["甲"], people["乙"], people["丙"]],
                                              key=lambda i: group_ops.member_briefs()[i].name_pinyin)}
    assert [g["name"] for g in listed] == ["第一党小组", "第二党小组"]
