import datetime as dt

import pytest

from dangjian_desktop.core import members as m
from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.db.models import GroupMembership, Member, PartyGroup, StatusChange
from dangjian_desktop.errors import UserError, ValidationError

TODAY = dt.date(2026, 11, 26)


def idn(first17):
    return first17 + check_char(first17)


def add(name, first17, **extra):
    return m.create_member({"name": name, "id_number": idn(first17), "joined_on": "1990-07-01", **extra},
                           today=TODAY)


def test_create_stores_normalised_values(opened):
    member = add("王建国", "37012419650304493", phone="136-1234-7354")
    stored = Member.get_by_id(member.id)
    assert stored.phone == "13612347354"
    assert stored.name_initials == "wjg"
    assert stored.birth_date == dt.date(1965, 3, 4)


def test_same_id_number_twice_is_refused(opened):
    add("王建国", "37012419650304493")
    with pytest.raises(ValidationError) as err:
        add("王建", "37012419650304493")
    assert "已经登记在党员“王建国”名下" in err.value.problems["id_number"]
    assert Member.select().count() == 1


def test_invalid_member_saves_nothing(opened):
    with pytest.raises(ValidationError):
        m.create_member({"name": "", "id_number": "370124196503044930"}, today=TODAY)
    assert Member.select().count() == 0


def test_an_edit_is_a_named_change_that_undoes_and_redoes(opened):
    member = add("王建国", "37012419650304493", address="东坡村1组")
    change = m.update_member.undoable(member.id, {"address": "东坡村3组5号", "name": "王建华"}, today=TODAY)
    assert change.label == "修改党员“王建华”"
    assert Member.get_by_id(member.id).address == "东坡村3组5号"
    assert Member.get_by_id(member.id).name_initials == "wjh"
    change.undo()
    restored = Member.get_by_id(member.id)
    assert (restored.address, restored.name, restored.name_initials) == ("东坡村1组", "王建国", "wjg")
    change.redo()
    assert Member.get_by_id(member.id).name == "王建华"


def test_leaving_changes_status_keeps_history_and_ends_group(opened):
    member = add("王建国", "37012419650304493")
    group = PartyGroup.create(name="第一党小组")
    GroupMembership.create(member=member, group=group, start_on=dt.date(2020, 1, 1))
    change = m.change_status.undoable(member.id, "transferred_out", dt.date(2026, 10, 1), reason="工作调动",
                           destination="青山镇中心小学党支部", today=TODAY)
    stored = Member.get_by_id(member.id)
    assert stored.status == "transferred_out"
    assert stored.transferred_to == "青山镇中心小学党支部"
    assert StatusChange.select().count() == 1
    assert GroupMembership.get().end_on == dt.date(2026, 10, 1)
    assert m.search_member_ids(m.MemberFilter()) == []
    assert m.search_member_ids(m.MemberFilter(include_former=True)) == [member.id]
    assert change.label == "变更状态 王建国：已转出"
    change.undo()
    assert Member.get_by_id(member.id).status == "active"
    assert GroupMembership.get().end_on is None
    assert StatusChange.select().count() == 0


def test_transfer_needs_destination(opened):
    member = add("王建国", "37012419650304493")
    with pytest.raises(UserError, match="转往"):
        m.change_status(member.id, "transferred_out", dt.date(2026, 10, 1), today=TODAY)


def test_members_are_never_deleted_once_referenced(opened):
    added = m.create_member.undoable({"name": "王建国", "id_number": idn("37012419650304493")}, today=TODAY)
    assert added.label == "新增党员“王建国”"
    m.change_status(added.result.id, "deceased", dt.date(2026, 10, 1), today=TODAY)
    with pytest.raises(UserError, match="撤销不了"):
        added.undo()
    assert Member.select().count() == 1


def test_undoing_an_addition_removes_the_member_while_nothing_refers_to_it(opened):
    added = m.create_member.undoable({"name": "王建国", "id_number": idn("37012419650304493")}, today=TODAY)
    added.undo()
    assert Member.select().count() == 0
    added.redo()
    assert Member.get().name == "王建国"


def test_search_by_initials_phone_id_suffix_and_pinyin_order(opened):
    a = add("王建国", "37012419650304493", phone="13612347354")
    b = add("曾小明", "37012419700101123", joined_on="1995-07-01")
    c = add("安平", "37012419800202234", joined_on="2005-07-01")
    search = m.search_member_ids
    assert search(m.MemberFilter(text="wjg")) == [a.id]
    assert search(m.MemberFilter(text="7354")) == [a.id]
    assert search(m.MemberFilter(text=idn("37012419700101123")[-4:])) == [b.id]
    assert search(m.MemberFilter(text="王")) == [a.id]
    # pinyin order: an < wang < zeng (曾 read as a surname)
    assert search(m.MemberFilter()) == [c.id, a.id, b.id]
    assert search(m.MemberFilter(descending=True)) == [b.id, a.id, c.id]


def test_filters_by_category_and_group(opened):
    a = add("王建国", "37012419650304493")
    b = add("李红", "37012419900101122", category="预备党员", joined_on="2026-03-01")
    group = PartyGroup.create(name="第一党小组")
    GroupMembership.create(member=a, group=group, start_on=dt.date(2020, 1, 1))
    assert m.search_member_ids(m.MemberFilter(category="预备党员")) == [b.id]
    assert m.search_member_ids(m.MemberFilter(group_id=group.id)) == [a.id]
    assert m.search_member_ids(m.MemberFilter(group_id=0)) == [b.id]
    rows = m.fetch_rows([a.id, b.id], today=TODAY)
    assert rows[a.id].group == "第一党小组" and rows[a.id].age == 61
    assert rows[b.id].group is None


CONTRACT_ORDER = ("id", "name", "gender", "ethnicity", "id_number", "birth_date", "education", "joined_on",
                  "full_member_on", "category", "status", "phone", "address", "note", "group", "hamlet", "flow",
                  "flow_to")


def test_members_json_has_contract_keys(demo_db):
    items = m.list_members_json()
    assert len(items) == 46
    keys = {"id", "name", "gender", "ethnicity", "id_number", "birth_date", "education", "joined_on",
            "full_member_on", "category", "status", "phone", "address", "note", "group", "hamlet", "flow",
            "flow_to"}
    assert all(tuple(item) == CONTRACT_ORDER for item in items)
    assert set(CONTRACT_ORDER) == keys
    assert {item["status"] for item in items} <= {"active", "transferred_out", "deceased", "removed",
                                                   "suspended", "lost_contact"}


# --- hamlets, month-only dates, flow members ---------------------------------------------------

def test_hamlet_is_searched_filtered_and_listed(opened):
    a = add("王建国", "37012419650304493", hamlet="河东组")
    b = add("李秀英", "37012419700101222", address="东坡村3组48号")
    c = add("赵强", "37012419600309411")
    assert Member.get_by_id(b.id).hamlet == "东坡村3组"           # read from the address
    assert m.search_member_ids(m.MemberFilter(text="河东")) == [a.id]
    assert m.search_member_ids(m.MemberFilter(hamlet="河东组")) == [a.id]
    assert m.search_member_ids(m.MemberFilter(hamlet="")) == [c.id]
    assert m.hamlet_names() == [("东坡村3组", 1), ("河东组", 1)]
    ordered = m.search_member_ids(m.MemberFilter(sort="hamlet"))
    assert ordered[-1] == c.id                                      # no hamlet: last
    assert m.fetch_rows([a.id])[a.id].hamlet == "河东组"


def test_a_month_only_date_survives_an_edit_of_another_field(opened):
    member = add("王建国", "37012419650304493", joined_on="1990.07", full_member_on="1991.07")
    m.update_member(member.id, {"phone": "13612347354"}, today=TODAY)
    stored = Member.get_by_id(member.id)
    assert stored.month_only == "joined_on,full_member_on"
    item = next(i for i in m.list_members_json() if i["id"] == member.id)
    assert (item["joined_on"], item["full_member_on"], item["birth_date"]) == ("1990-07", "1991-07", "1965-03-04")
    m.update_member(member.id, {"joined_on": "1990-07-01"}, today=TODAY)
    assert Member.get_by_id(member.id).month_only == "full_member_on"
    assert m.fetch_rows([member.id])[member.id].month_only == frozenset({"full_member_on"})


def test_flow_members_with_destination_still_to_be_filled_in(opened):
    away = add("王建国", "37012419650304493", is_flow=True)
    known = add("李秀英", "37012419700101222", is_flow=True, flow_destination="广东东莞")
    assert Member.get_by_id(away.id).flow_destination == "待补"
    assert m.roster_counts().flow_pending == 1
    assert m.search_member_ids(m.MemberFilter(status="flow_pending")) == [away.id]
    listed = {i["id"]: i for i in m.list_members_json()}
    assert (listed[away.id]["flow"], listed[away.id]["flow_to"]) == (True, None)
    assert (listed[known.id]["flow"], listed[known.id]["flow_to"]) == (True, "广东东莞")


def test_hamlets_are_listed_in_reading_order_without_the_pinyin_dictionary():
    import subprocess
    import sys

    from dangjian_desktop.core.names import reading_order

    names = ["下湾组", "上湾组", "东坡村10组", "东坡村2组", "阿里组", "张庄", "北岗"]
    assert sorted(names, key=reading_order) == ["阿里组", "北岗", "东坡村2组", "东坡村10组", "上湾组", "下湾组", "张庄"]
    code = ("import sys; from dangjian_desktop.core.names import reading_order; "
            "sorted(['上湾组', '下湾组'], key=reading_order); print('pypinyin' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False"
