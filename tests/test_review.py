"""民主评议 on a real database: the cap on 优秀 against everyone to be graded (9, 10, 11 and 30),
the reason a 不合格 needs, probationary members taking part ungraded, the tally's checks, and
the command line's keys."""

import datetime as dt
import json

import pytest

from dangjian_desktop.core import review, settings
from dangjian_desktop.core.names import name_pinyin
from dangjian_desktop.db.models import Member, ReviewEntry
from dangjian_desktop.errors import UserError
from tests.conftest import run_cli

ON = dt.date(2026, 12, 20)


def roster(full: int, probationary: int = 0) -> list[int]:
    ids = []
    for i in range(full):
        ids.append(Member.create(name=f"党员{i:02d}", name_pinyin=f"dang yuan {i:02d}", joined_on=dt.date(2000, 1, 1),
                                 full_member_on=dt.date(2001, 1, 1)).id)
    for i in range(probationary):
        ids.append(Member.create(name=f"预备{i}", name_pinyin=name_pinyin(f"预备{i}"), category="预备党员",
                                 joined_on=dt.date(2026, 3, 1)).id)
    Member.create(name="转走", name_pinyin="zhuan zou", status="transferred_out", status_on=dt.date(2026, 1, 1))
    return ids


@pytest.mark.parametrize(("graded", "cap"), [(9, 3), (10, 3), (11, 3), (30, 10)])
def test_the_cap_on_excellent_counts_everyone_to_be_graded(opened, graded, cap):
    ids = roster(graded)
    review.start(2026, on=ON)
    for member_id in ids[:cap]:
        review.grade(2026, member_id, "优秀", on=ON)
    before = list(ReviewEntry.select().dicts())
    with pytest.raises(UserError, match=f"本年参评 {graded} 人，最多评 {cap} 名优秀，已经评了 {cap} 名"):
        review.grade(2026, ids[cap], "优秀", on=ON)
    assert list(ReviewEntry.select().dicts()) == before            # nothing written
    review.grade(2026, ids[0], "合格", on=ON)                       # one 优秀 less: room for another
    review.grade(2026, ids[cap], "优秀", on=ON)
    review.grade(2026, ids[cap], "优秀", on=ON)                     # the same grade again is no new 优秀


def test_the_cap_is_a_branch_setting(opened):
    ids = roster(10)
    settings.put("review_excellent_one_in", 5)
    review.start(2026, on=ON)
    review.grade(2026, ids[0], "优秀", on=ON)
    review.grade(2026, ids[1], "优秀", on=ON)
    with pytest.raises(UserError, match="1/5.*最多评 2 名"):
        review.grade(2026, ids[2], "优秀", on=ON)


def test_unqualified_needs_its_reason_and_probationary_members_are_not_graded(opened):
    ids = roster(4, probationary=1)
    review.start(2026, on=ON)
    rows = {r.member_id: r for r in review.review_rows(2026)}
    assert len(rows) == 5 and not rows[ids[-1]].graded                      # the one who left is not in it
    with pytest.raises(UserError, match="写明党员00的问题和理由"):
        review.grade(2026, ids[0], "不合格", on=ON)
    review.grade(2026, ids[0], "不合格", reason="长期不参加组织生活", on=ON)
    with pytest.raises(UserError, match="预备党员，参加评议，按支部规定不评定等次"):
        review.grade(2026, ids[-1], "合格", on=ON)
    with pytest.raises(UserError, match="等次“良好”不对"):
        review.grade(2026, ids[1], "良好", on=ON)
    assert review.summary(2026).text == "2026年参加评议 5 人，评定等次 4 人，优秀最多 1 人；已评：不合格 1 人；还有 3 人没有评定。"
    assert review.member_grades(ids[0]) == [(2026, "不合格")]


def test_probationary_members_graded_when_the_branch_says_so(opened):
    ids = roster(2, probationary=1)
    settings.put("review_grade_probationary", True)
    review.start(2026, on=ON)
    review.grade(2026, ids[-1], "合格", on=ON)
    assert review.summary(2026).to_grade == 3


def test_the_tally_and_the_ballots(opened):
    ids = roster(3)
    with pytest.raises(UserError, match="还没有开始"):
        review.tally(2026, ids[0], {"优秀": 1})
    review.start(2026, on=ON)
    with pytest.raises(UserError, match="已经开始了"):
        review.start(2026, on=ON)
    review.link_meeting(2026, None, ballots=12)
    review.tally(2026, ids[0], {"优秀": 8, "合格": 4})
    with pytest.raises(UserError, match="13 票，比收回的测评表（12 张）还多"):
        review.tally(2026, ids[0], {"优秀": 9, "合格": 4})
    with pytest.raises(UserError, match="0 或正整数"):
        review.tally(2026, ids[1], {"优秀": -1})
    with pytest.raises(UserError, match="不在2026年民主评议的名单里"):
        review.tally(2026, 9999, {"优秀": 1})
    assert review.review_rows(2026)[0].votes == {"优秀": 8, "合格": 4, "基本合格": 0, "不合格": 0}


def test_the_command_line(tmp_path):
    from dangjian_desktop.db.connection import open_database

    db = tmp_path / "b.sqlite3"
    with open_database(db):
        ids = roster(3)
    assert run_cli("review", "start", "2026", db=db).returncode == 0
    assert run_cli("review", "tally", "2026", str(ids[0]), "--excellent", "2", "--qualified", "1", db=db).returncode == 0
    assert run_cli("review", "grade", "2026", str(ids[0]), "优秀", db=db).returncode == 0
    done = run_cli("review", "grade", "2026", str(ids[1]), "优秀", db=db)
    assert done.returncode == 1 and "最多评 1 名优秀" in done.stderr.decode()
    done = run_cli("review", "grade", "2026", str(ids[1]), "不合格", db=db)
    assert done.returncode == 1 and "理由" in done.stderr.decode()
    assert run_cli("review", "grade", "2026", str(ids[1]), "很好", db=db).returncode == 2
    listed = json.loads(run_cli("review", "list", "2026", "--json", db=db).stdout)
    assert listed[0] == {"member_id": ids[0], "name": "党员00", "votes": {"优秀": 2, "合格": 1, "基本合格": 0, "不合格": 0},
                         "grade": "优秀"}
    assert [set(r) for r in listed] == [{"member_id", "name", "votes", "grade"}] * 3


def test_the_review_lists_those_on_the_roster_on_its_day(opened):
    ids = roster(3)
    late = Member.create(name="新来", name_pinyin="xin lai", joined_on=dt.date(2027, 3, 1),
                         full_member_on=dt.date(2028, 3, 1)).id
    left = Member.create(name="走了", name_pinyin="zou le", status="transferred_out", status_on=dt.date(2027, 1, 5),
                         joined_on=dt.date(2000, 1, 1), full_member_on=dt.date(2001, 1, 1)).id
    review.start(2026, on=ON)
    listed = {r.member_id for r in review.review_rows(2026)}
    assert listed == set(ids) | {left} and late not in listed
