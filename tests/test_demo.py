import datetime as dt

import pytest

from dangjian_desktop.core import idnumber
from dangjian_desktop.core.demo import generate_demo
from dangjian_desktop.core.member_rules import validate_member
from dangjian_desktop.db.models import CommitteePost, GroupMembership, Member, PartyGroup
from dangjian_desktop.errors import UserError


def test_demo_branch_is_realistic(opened):
    result = generate_demo(200, seed=3, today=dt.date(2026, 11, 26))
    assert result["members"] == 200
    members = list(Member.select())
    assert len(members) == 200
    for m in members:
        parsed = idnumber.parse(m.id_number)
        assert parsed.birth_date == m.birth_date and parsed.gender == m.gender
        age = 2026 - m.birth_date.year
        assert 19 <= age <= 91
    active = [m for m in members if m.status == "active"]
    probationary = [m for m in active if m.category == "预备党员"]
    assert 0.08 <= len(probationary) / len(active) <= 0.13
    assert any(m.is_flow and m.flow_destination for m in active)
    assert sum(m.status != "active" for m in members) == result["former"] > 0
    assert all(m.status_changes.count() == 1 for m in members if m.status != "active")
    assert CommitteePost.select().count() == 4
    assert PartyGroup.select().count() == result["groups"]
    current = GroupMembership.select().where(GroupMembership.end_on.is_null())
    assert current.count() == len(active)  # every active member in exactly one group


def test_demo_members_pass_the_member_rules(opened):
    generate_demo(100, seed=5, today=dt.date(2026, 11, 26))
    from dangjian_desktop.core.members import snapshot

    for m in Member.select():
        checked = validate_member(snapshot(m), today=dt.date(2026, 11, 26))
        assert checked.ok, (m.name, checked.problems)


def test_same_seed_same_branch(tmp_path):
    from dangjian_desktop.db.connection import open_database

    names = []
    for n in range(2):
        with open_database(tmp_path / f"d{n}.sqlite3"):
            generate_demo(60, seed=11, today=dt.date(2026, 11, 26))
            names.append([(m.name, m.id_number, m.status) for m in Member.select().order_by(Member.id)])
    assert names[0] == names[1]


def test_demo_refuses_non_empty_database(opened):
    generate_demo(10, seed=1)
    with pytest.raises(UserError, match="空白"):
        generate_demo(10, seed=1)
    assert Member.select().count() == 10
