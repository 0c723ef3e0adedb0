"""The longest texts the group, activity and branch fields take: longer ones are refused in
plain words when saved (the window lets no more be typed); what the demo and the program
itself write fits."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import activities, branch, groups
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.branch import BranchInfo
from dangjian_desktop.core.groups import GroupInfo
from dangjian_desktop.db.models import Activity, Branch, PartyGroup
from dangjian_desktop.errors import ValidationError
from tests.activity_branch import make_branch
from tests.demo_cache import load_demo


def refused(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.problems


def test_a_group_name_place_or_note_too_long_is_refused(opened):
    make_branch(groups=0)
    problems = refused(lambda: groups.save_group(GroupInfo("党" * 31, meeting_place="室" * 61, note="注" * 201)))
    assert problems == {"name": "名称太长了，请不超过 30 个字。",
                        "place": "活动地点太长了，请不超过 60 个字。",
                        "note": "备注太长了，请不超过 200 个字。"}
    assert PartyGroup.select().count() == 0
    groups.save_group(GroupInfo("党" * 30, meeting_place="室" * 60, note="注" * 200))
    assert PartyGroup.get().name == "党" * 30


def test_an_activity_title_place_or_topic_too_long_is_refused(opened):
    make_branch()
    day = dt.date(2026, 12, 10)
    problems = refused(lambda: activities.create(ActivityInfo(kind="theme_day", date=day, title="题" * 61,
                                                              place="地" * 61, topic="议" * 501)))
    assert problems == {"title": "标题太长了（61 个字），请不超过 60 个字。",
                        "place": "地点太长了（61 个字），请不超过 60 个字。",
                        "topic": "主题太长了（501 个字），请不超过 500 个字。"}
    assert Activity.select().count() == 0
    created = activities.create(ActivityInfo(kind="theme_day", date=day, title="题" * 60, place="地" * 60,
                                             topic="议" * 500))
    assert (created.title, created.place) == ("题" * 60, "地" * 60)


def test_the_automatic_title_of_a_group_whose_long_name_was_stored_before_is_kept(opened):
    branch_ids = make_branch()
    group_id = branch_ids.groups[0]
    PartyGroup.update(name="东" * 55).where(PartyGroup.id == group_id).execute()   # past the check
    info = ActivityInfo(kind="group_meeting", date=dt.date(2026, 12, 10), group_id=group_id)
    created = activities.create(info)
    assert created.title == activities.default_title("group_meeting", info.date, "东" * 55)
    assert len(created.title) > activities.FIELD_MAX_LENGTH["title"]
    edited = activities.info(created.id)                 # edited as shown: the same long title
    activities.update(created.id, edited)


def test_a_branch_name_too_long_is_refused(opened):
    problems = refused(lambda: branch.save_branch(BranchInfo("支" * 61, parent_org="镇" * 61, address="址" * 101)))
    assert problems == {"name": "支部名称太长了（61 个字），请不超过 60 个字。",
                        "parent_org": "上级党组织太长了（61 个字），请不超过 60 个字。",
                        "address": "地址太长了（101 个字），请不超过 100 个字。"}
    assert Branch.select().count() == 0
    branch.save_branch(BranchInfo("支" * 60))
    assert Branch.get().name == "支" * 60


def test_what_the_demo_writes_fits_every_limit(opened):
    load_demo(46, seed=7)
    info = branch.branch_info()
    branch.save_branch(info)
    for view in groups.list_groups():
        assert groups.validate_group(GroupInfo(view.name, view.kind, view.leader_id, view.deputy_id,
                                               view.meeting_place, view.note), view.id) == {}
    for activity in Activity.select():
        activities._validate(activities.info(activity.id))     # raises when a value is too long
