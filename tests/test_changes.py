"""Named changes (core.changes): undo and redo put rows back exactly, refuse when the rows
changed since, never delete a row something else refers to, and keep the domain's guards."""

import datetime as dt

import pytest

from dangjian_desktop.core import activities, attendance, decisions, minutes
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.changes import Recorder, Scope, named
from dangjian_desktop.core.decisions import DecisionInfo
from dangjian_desktop.db.models import Activity, Attendance, Decision, Member, MinutesRevision, PartyGroup
from dangjian_desktop.errors import UserError
from tests.activity_branch import make_branch

TODAY = dt.date(2026, 11, 26)


def rows(model):
    return sorted(model.select().tuples())


def test_undo_and_redo_restore_the_rows_exactly(opened):
    before = rows(PartyGroup)
    with Recorder([Scope(PartyGroup)]) as rec:
        PartyGroup.create(name="一组")
        PartyGroup.create(name="二组")
    change = rec.finish("新建两个组")
    after = rows(PartyGroup)
    change.undo()
    assert rows(PartyGroup) == before == []
    change.redo()
    assert rows(PartyGroup) == after


def test_unique_names_swapped_between_rows_are_put_back(opened):
    a, b = PartyGroup.create(name="一组"), PartyGroup.create(name="二组")
    before = rows(PartyGroup)
    with Recorder([Scope(PartyGroup)]) as rec:
        PartyGroup.update(name="~").where(PartyGroup.id == a.id).execute()
        PartyGroup.update(name="一组").where(PartyGroup.id == b.id).execute()
        PartyGroup.update(name="二组").where(PartyGroup.id == a.id).execute()
    change = rec.finish("两个组换名")
    change.undo()
    assert rows(PartyGroup) == before
    change.redo()
    assert PartyGroup.get_by_id(a.id).name == "二组"


def test_a_later_change_of_the_same_rows_makes_undo_refuse_and_nothing_changes(opened):
    with Recorder([Scope(PartyGroup)]) as rec:
        group = PartyGroup.create(name="一组")
    change = rec.finish("新建一组")
    PartyGroup.update(note="后来写的").where(PartyGroup.id == group.id).execute()
    snapshot = rows(PartyGroup)
    with pytest.raises(UserError, match="撤销不了"):
        change.undo()
    assert rows(PartyGroup) == snapshot


def test_a_row_that_something_else_refers_to_is_never_deleted_by_an_undo(opened):
    made = named("新增党员", creates=lambda m: [(Member, [m.id])])(lambda: Member.create(name="王"))
    change = made.undoable()
    PartyGroup.create(name="一组", leader=change.result.id)     # not part of the change
    with pytest.raises(UserError, match="已经被其他记录用到了"):
        change.undo()
    assert PartyGroup.get().leader_id == change.result.id


def test_a_named_operation_runs_in_one_transaction_when_called_plainly(opened):
    @named("两步", scope=lambda: [Scope(PartyGroup)])
    def two_steps():
        PartyGroup.create(name="一组")
        raise UserError("第二步不行")

    with pytest.raises(UserError):
        two_steps()
    assert rows(PartyGroup) == []
    with pytest.raises(UserError):
        two_steps.undoable()
    assert rows(PartyGroup) == []


def test_an_edit_of_a_held_meeting_undoes_until_it_is_finalised(opened):
    branch = make_branch(full=4, probationary=0, flow=0, groups=0, committee=2)
    aid = activities.create(ActivityInfo(kind="party_congress", date=dt.date(2026, 10, 10),
                                         chair_id=branch.full[0], recorder_id=branch.full[1])).id
    held = activities.mark_held.undoable(aid, today=TODAY)
    assert held.label == "记录“2026年第4季度支部党员大会”已召开"
    marked = attendance.mark_attendance.undoable(aid, branch.full[:3], attendance.PRESENT)
    assert marked.label.startswith("把") and marked.label.endswith("登记为出席")
    vote = decisions.save_decision.undoable(aid, DecisionInfo("通过年度计划", 3, 0, 0))
    assert Decision.get().passed
    rest = attendance.mark_rest_present.undoable(aid)
    rest.undo()                              # back to three of four marked
    vote.undo()
    assert Decision.select().count() == 0
    marked.undo()
    assert {a.state for a in Attendance.select()} == {""}
    marked.redo()
    vote.redo()
    rest.redo()
    saved = minutes.save.undoable(aid, minutes.MinutesContent(summary="开得很好。"))
    minutes.finalize(aid, today=TODAY)
    with pytest.raises(UserError, match="定稿以前的修改不能再撤销"):
        saved.undo()
    assert MinutesRevision.get().finalized_at is not None
    assert Activity.get_by_id(aid).status == "finalized"
    with pytest.raises(UserError):
        held.undo()                          # the guard, before any row is looked at


def test_deleting_an_activity_undoes_with_everything_recorded_for_it(opened):
    branch = make_branch(full=3, probationary=0, flow=0, groups=0, committee=1)
    first = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 3, 10))).id
    second = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 4, 10))).id
    activities.mark_held(second, today=TODAY)
    attendance.set_attendance(second, branch.full[0], attendance.LEAVE, "生病")
    snapshot = (rows(Activity), rows(Attendance))
    gone = activities.delete.undoable(first)
    assert Activity.get_by_id(second).sequence == 1      # renumbered
    gone.undo()
    assert (rows(Activity), rows(Attendance)) == snapshot


def test_a_correction_does_not_reopen_the_undo_of_edits_made_before_the_record_was_finalised(opened):
    from dangjian_desktop.core import corrections

    branch = make_branch(full=3, probationary=0, flow=0, groups=0, committee=2)
    aid = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 10, 10),
                                         chair_id=branch.full[0], recorder_id=branch.full[1])).id
    activities.mark_held(aid, today=TODAY)
    marked = attendance.mark_attendance.undoable(aid, branch.full, attendance.PRESENT)
    minutes.save(aid, minutes.MinutesContent(summary="好。"))
    minutes.finalize(aid, today=TODAY)
    corrections.begin_correction(aid, "补记一名党员请假")
    with pytest.raises(UserError, match="定稿以前的修改不能再撤销"):
        marked.undo()
    assert {a.state for a in Attendance.select()} == {attendance.PRESENT}
    during = attendance.mark_attendance.undoable(aid, branch.full[:1], attendance.LEAVE, "生病")
    during.undo()                                   # an edit of the correction itself is undone
    assert {a.state for a in Attendance.select()} == {attendance.PRESENT}


def test_a_photo_added_before_the_record_was_finalised_is_not_taken_away_by_an_undo(opened):
    import io

    from PIL import Image

    from dangjian_desktop.core import attachments
    from dangjian_desktop.db.models import Attachment

    branch = make_branch(full=3, probationary=0, flow=0, groups=0, committee=2)
    aid = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 10, 10),
                                         chair_id=branch.full[0], recorder_id=branch.full[1])).id
    activities.mark_held(aid, today=TODAY)
    attendance.mark_rest_present(aid)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 0, 0)).save(buffer, "PNG")
    ready = [attachments.prepare_attachment(buffer.getvalue(), "会场.png")]
    added = attachments.store_attachments.undoable(aid, ready)
    minutes.save(aid, minutes.MinutesContent(summary="好。"))
    minutes.finalize(aid, today=TODAY)
    with pytest.raises(UserError, match="定稿以前的修改不能再撤销"):
        added.undo()
    assert Attachment.select().count() == 1


def test_a_new_activity_s_undo_puts_the_numbering_of_the_others_back(opened):
    make_branch(full=3, probationary=0, flow=0, groups=1, committee=1)
    later = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 5, 10))).id
    group = PartyGroup.get().id
    earlier = activities.create.undoable(ActivityInfo(kind="theme_day", date=dt.date(2026, 4, 10), group_id=group))
    assert Activity.get_by_id(later).sequence == 2
    earlier.undo()
    assert Activity.get_by_id(later).sequence == 1


def test_a_redo_whose_parent_is_gone_is_refused_in_words(opened):
    """Undo the payment, the basis and the member; redoing the payment alone has no member to
    point at: refused with the plain message, nothing written."""
    import datetime as dt

    from dangjian_desktop.core import dues, members
    from dangjian_desktop.db.models import DuesPayment, Member

    made = members.create_member.undoable({"name": "王建国", "gender": "男", "joined_on": dt.date(2000, 1, 1)})
    member_id = made.result.id
    basis = dues.set_basis.undoable(member_id, "farmer", from_month="2026-10")
    paid = dues.pay.undoable(member_id, "2026-10", paid_on=dt.date(2026, 10, 5), today=dt.date(2026, 12, 2))
    paid.undo()
    basis.undo()
    made.undo()
    with pytest.raises(UserError, match="重做不了|撤销不了|已经"):
        paid.redo()
    assert DuesPayment.select().count() == 0 and Member.select().count() == 0
