"""A small real branch for the activity tests: members, groups and committee written to the
test's SQLite database (no mocks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangjian_desktop.db.models import Branch, CommitteePost, GroupMembership, Member, PartyGroup

NAMES = ("王建国", "李秀英", "张伟", "刘洋", "陈明", "杨芳", "赵强", "黄丽", "周杰", "吴敏", "徐涛", "孙静",
         "胡军", "朱红", "高山", "林海", "何平", "郭峰", "马超", "罗兰")


@dataclass
class TestBranch:
    full: list[int] = field(default_factory=list)
    probationary: list[int] = field(default_factory=list)
    flow: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    committee: list[int] = field(default_factory=list)

    @property
    def members(self) -> list[int]:
        return self.full + self.probationary + self.flow


def add_member(name: str, *, category: str = "正式党员", joined: dt.date = dt.date(2010, 7, 1),
               full_on: dt.date | None = None, flow: bool = False, **extra) -> int:
    if category == "正式党员" and full_on is None:
        full_on = joined + dt.timedelta(days=365)
    return Member.create(name=name, name_pinyin=name, category=category, joined_on=joined,
                         full_member_on=full_on if category == "正式党员" else None, is_flow=flow,
                         flow_destination="广东省深圳市" if flow else "", **extra).id


def make_branch(*, full: int = 8, probationary: int = 2, flow: int = 1, groups: int = 2,
                committee: int = 3) -> TestBranch:
    Branch.create(name="东坡村党支部")
    branch = TestBranch()
    names = iter(NAMES)
    for _ in range(full):
        branch.full.append(add_member(next(names)))
    for _ in range(probationary):
        branch.probationary.append(add_member(next(names), category="预备党员", joined=dt.date(2026, 1, 20)))
    for _ in range(flow):
        branch.flow.append(add_member(next(names), flow=True, flow_out_on=dt.date(2020, 3, 1)))
    for order, member_id in enumerate(branch.full[:committee]):
        CommitteePost.create(post=("书记", "组织委员", "宣传委员", "纪检委员", "委员")[order], member=member_id,
                             sort_order=order)
        branch.committee.append(member_id)
    if groups:
        resident = branch.full + branch.probationary
        for index in range(groups):
            group = PartyGroup.create(name=f"第{'一二三四五'[index]}党小组", sort_order=index)
            branch.groups.append(group.id)
        for index, member_id in enumerate(resident):
            GroupMembership.create(member=member_id, group=branch.groups[index % groups], start_on=dt.date(2020, 1, 1))
        for member_id in branch.flow:
            GroupMembership.create(member=member_id, group=branch.groups[-1], start_on=dt.date(2020, 1, 1))
    return branch
