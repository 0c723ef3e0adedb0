"""What a first-time user met: a meeting's 签到表 offered to be saved under today's date instead
of the meeting's; a 正式党员 saved without 入党日期 without a word."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from dangjian_desktop.core import activities as act
from dangjian_desktop.core import attendance as attendance_ops
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.core.member_rules import validate_member
from dangjian_desktop.db.models import Member
from dangjian_desktop.ui.member_form import MemberForm
from dangjian_desktop.ui.report_dialog import ReportDialog, print_minutes, print_signin
from dangjian_desktop.ui.reports_page import ReportsPage
from tests.activity_branch import make_branch
from tests.conftest import TODAY
from tests.ui.modal_poller import ModalPoller

pytestmark = pytest.mark.usefixtures("bundled_fonts")

MEETING_DAY = dt.date(2026, 10, 16)


class SaveDialogName(ModalPoller):
    """Reads the file name a save dialog offers, then closes it with 取消 (nothing is saved)."""

    kind = QFileDialog

    def __init__(self):
        self.names: list[str] = []
        super().__init__()

    def handle(self, widget) -> None:
        self.names.append(widget.selectedFiles()[0].rsplit("/", 1)[-1])
        widget.reject()


def _offered_name(qtbot, save_button) -> str:
    reader = SaveDialogName()
    try:
        qtbot.mouseClick(save_button, Qt.LeftButton)
    finally:
        reader.stop()
    assert len(reader.names) == 1
    return reader.names[0]


def _meeting() -> int:
    branch = make_branch(full=4, probationary=0, flow=0, groups=0, committee=1)
    aid = act.create(act.ActivityInfo(kind="party_congress", date=MEETING_DAY, title="十月党员大会",
                                      chair_id=branch.full[0], recorder_id=branch.full[1])).id
    act.mark_held(aid, today=TODAY)
    attendance_ops.mark_rest_present(aid)
    minutes_ops.save(aid, minutes_ops.MinutesContent(sections=[], agenda=["学习"], speeches=[], summary="很好。"))
    return aid


@pytest.mark.parametrize(("show", "paper"), [(print_signin, "签到表"), (print_minutes, "会议记录（草稿）")])
def test_a_meeting_s_papers_are_named_after_the_meeting(opened, qtbot, show, paper):
    aid = _meeting()
    shown: list[ReportDialog] = []
    show(None, aid, on_shown=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=60000)
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert _offered_name(qtbot, dialog.save_button) == f"十月党员大会{paper}-2026-10-16.pdf"


def test_the_roster_is_named_after_the_day_it_is_printed(opened, qtbot):
    make_branch(full=4, probationary=0, flow=0, groups=0, committee=1)
    page = ReportsPage(today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.choose("roster")
    qtbot.waitUntil(lambda: page.report is not None, timeout=60000)
    assert _offered_name(qtbot, page.save_button) == f"{page.report.title}-{TODAY.isoformat()}.pdf"


RAW = {"name": "王建国", "gender": "男", "category": "正式党员", "ethnicity": "汉族"}


NOTE = "还没有填入党日期（不影响保存），请查党员档案或入党志愿书后补上。"


def test_a_full_member_without_joining_date_gets_a_note_not_a_refusal():
    checked = validate_member(RAW, today=TODAY)
    assert "joined_on" not in checked.problems
    assert checked.notes["joined_on"] == NOTE
    with_date = validate_member({**RAW, "joined_on": "2001-07-01"}, today=TODAY)
    assert "joined_on" not in with_date.notes and "joined_on" not in with_date.problems
    unreadable = validate_member({**RAW, "joined_on": "七一"}, today=TODAY)
    assert "joined_on" in unreadable.problems and "joined_on" not in unreadable.notes     # one message


def test_a_probationary_member_without_joining_date_is_still_refused():
    checked = validate_member({**RAW, "category": "预备党员"}, today=TODAY)
    assert checked.problems["joined_on"] == "预备党员请填写入党日期，用于计算预备期。"
    assert "joined_on" not in checked.notes


def test_the_member_form_tells_of_the_missing_date_and_still_saves(opened, qtbot):
    form = MemberForm(today=TODAY)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.widgets["name"].setText("王建国")
    form.widgets["category"].setCurrentText("正式党员")
    note = form.notes["joined_on"]
    assert note.isVisible()
    assert note.text() == NOTE
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.result() == MemberForm.Accepted
    assert Member.get_by_id(form.saved_id).joined_on is None
