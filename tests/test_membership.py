"""The roster and group rule of core.membership: its Python form and its SQL form agree."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian_desktop.core import membership
from dangjian_desktop.core.vocab import ACTIVE, FORMER_STATUSES
from dangjian_desktop.db.models import GroupMembership, Member, PartyGroup, database_proxy

DAYS = st.dates(min_value=dt.date(2019, 12, 25), max_value=dt.date(2020, 1, 10))
MAYBE_DAY = st.none() | DAYS
PERSON = st.tuples(MAYBE_DAY, MAYBE_DAY, st.sampled_from((ACTIVE,) + FORMER_STATUSES), MAYBE_DAY)
ROW = st.tuples(DAYS, MAYBE_DAY)

ONCE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@ONCE
@given(people=st.lists(PERSON, min_size=1, max_size=12), day=DAYS)
def test_on_roster_in_python_and_in_sql_agree(opened, people, day):
    with database_proxy.atomic() as txn:
        ids = []
        for joined, transferred_in, status, status_on in people:
            ids.append(Member.create(name="某", joined_on=joined, transferred_in_on=transferred_in, status=status,
                                     status_on=status_on).id)
        by_python = {
            member_id for member_id, (joined, transferred_in, status, status_on) in zip(ids, people)
            if membership.on_roster(membership.roster_span(joined, transferred_in, status, status_on), day)
        }
        by_sql = {m.id for m in Member.select(Member.id).where(membership.on_roster_where(day))}
        txn.rollback()
    assert by_python == by_sql


@ONCE
@given(rows=st.lists(ROW, min_size=1, max_size=12), day=DAYS)
def test_in_group_in_python_and_in_sql_agree(opened, rows, day):
    with database_proxy.atomic() as txn:
        group = PartyGroup.create(name="第一党小组")
        member = Member.create(name="某")
        ids = [GroupMembership.create(member=member, group=group, start_on=start, end_on=end).id
               for start, end in rows]
        by_python = {i for i, (start, end) in zip(ids, rows) if membership.in_group(start, end, day)}
        by_sql = {r.id for r in GroupMembership.select(GroupMembership.id).where(membership.in_group_where(day))}
        txn.rollback()
    assert by_python == by_sql


def test_a_member_who_moved_on_a_day_is_in_the_new_group_that_day(opened):
    first, second = PartyGroup.create(name="一组"), PartyGroup.create(name="二组")
    member = Member.create(name="王")
    moved = dt.date(2026, 3, 1)
    GroupMembership.create(member=member, group=first, start_on=dt.date(2025, 1, 1), end_on=moved)
    GroupMembership.create(member=member, group=second, start_on=moved)
    assert membership.groups_on([member.id], moved - dt.timedelta(days=1)) == {member.id: (0, "一组")}
    assert membership.groups_on([member.id], moved) == {member.id: (1, "二组")}
    assert membership.current_group_ids() == {member.id: second.id}
    assert membership.current_group_name(member.id) == "二组"
    assert membership.current_members_by_group() == {second.id: [member.id]}
    assert membership.unassigned_member_ids() == []
