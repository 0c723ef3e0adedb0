"""pytest-qt: every page and the main dialogs work at 特大 on a 1366×768 screen: no label, button,
check box, choice, table header or cell has its words cut off (tests/ui/layout_checks), the side
bar keeps its names whole, and the roster keeps all its columns (scrolling sideways)."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.layout_checks import SCREEN_HEIGHT, SCREEN_WIDTH, clipped_texts

PAGES = ("home", "members", "groups", "activities", "recruits", "dues", "review", "stats", "reports", "backup", "settings")
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def font_size():
    from dangjian_desktop.ui.theme import apply_font_size

    def use(size_key: str) -> None:
        apply_font_size(QApplication.instance(), size_key)
        QApplication.processEvents()

    yield use
    apply_font_size(QApplication.instance(), "normal")


@pytest.fixture
def xlarge_window(window, branch46, font_size):
    font_size("xlarge")
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    return window


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_its_words_whole_at_extra_large(xlarge_window, page):
    xlarge_window.show_page(page)
    QApplication.processEvents()
    if page == "members":
        xlarge_window.pages["members"].table.selectRow(3)
        QApplication.processEvents()
    assert xlarge_window.size().width() <= SCREEN_WIDTH
    assert xlarge_window.minimumSizeHint().width() <= SCREEN_WIDTH
    assert clipped_texts(xlarge_window) == []


def test_roster_keeps_every_column_and_scrolls_sideways(xlarge_window):
    xlarge_window.show_page("members")
    table = xlarge_window.pages["members"].table
    QApplication.processEvents()
    columns = table.model().columnCount()
    assert not any(table.isColumnHidden(c) for c in range(columns))
    assert table.horizontalScrollBarPolicy() != Qt.ScrollBarAlwaysOff
    header = table.horizontalHeader()
    assert header.length() > table.viewport().width()          # more than fits: …
    assert table.horizontalScrollBar().maximum() > 0           # … so it scrolls to the rest


def _fit_to_screen(dialog) -> None:
    """A dialog as it opens on the laptop: its own size, at most the screen."""
    dialog.show()
    hint = dialog.sizeHint()
    dialog.resize(min(max(hint.width(), dialog.width()), SCREEN_WIDTH),
                  min(max(hint.height(), dialog.height()), SCREEN_HEIGHT))
    QApplication.processEvents()
    assert dialog.minimumSizeHint().width() <= SCREEN_WIDTH
    assert dialog.minimumSizeHint().height() <= SCREEN_HEIGHT


def test_member_form_at_extra_large(qtbot, branch46, font_size):
    from dangjian_desktop.db.models import Member
    from dangjian_desktop.ui.member_form import MemberForm

    font_size("xlarge")
    member_id = Member.select().where(Member.status == "active").first().id
    form = MemberForm(None, member_id, today=TODAY)
    qtbot.addWidget(form)
    _fit_to_screen(form)
    assert clipped_texts(form) == []
    form._dirty = False


def test_meeting_dialog_at_extra_large(qtbot, branch46, font_size):
    from dangjian_desktop.core import attendance as attendance_ops
    from dangjian_desktop.db.models import Activity
    from dangjian_desktop.ui.activity_editor import ActivityEditor

    font_size("xlarge")
    held = Activity.select().where(Activity.status != "planned", Activity.kind == "party_congress").first()
    assert held is not None
    assert any(r.reason for r in attendance_ops.attendees(held.id))     # the reason column has words
    editor = ActivityEditor(held.id, today=TODAY)
    qtbot.addWidget(editor)
    _fit_to_screen(editor)
    for tab in range(editor.tabs.count()):
        if not editor.tabs.isTabEnabled(tab):
            continue
        editor.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert clipped_texts(editor) == [], editor.tabs.tabText(tab)


def test_group_dialog_at_extra_large(qtbot, branch46, font_size):
    from dangjian_desktop.core import groups as group_ops
    from dangjian_desktop.ui.group_dialog import GroupDialog

    font_size("xlarge")
    briefs = group_ops.member_briefs()
    view = max(group_ops.list_groups(), key=lambda v: len(v.member_ids))
    names = {m: v.name for v in group_ops.list_groups() for m in v.member_ids}
    dialog = GroupDialog(None, group=view, briefs=briefs, current_group_names=names, today=TODAY)
    qtbot.addWidget(dialog)
    _fit_to_screen(dialog)
    assert clipped_texts(dialog) == []


def test_backup_dialog_at_extra_large(qtbot, branch46, font_size, tmp_path):
    from dangjian_desktop.backup.drives import Drive
    from dangjian_desktop.ui.backup_dialogs import BackupTargetDialog

    font_size("xlarge")
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    dialog = BackupTargetDialog(None, drives=[Drive(path=stick, label="KINGSTON", free_bytes=7 << 30,
                                                    total_bytes=8 << 30)])
    qtbot.addWidget(dialog)
    _fit_to_screen(dialog)
    assert clipped_texts(dialog) == []


def test_dues_dialogs_at_extra_large(qtbot, branch46, font_size):
    from dangjian_desktop.core import dues
    from dangjian_desktop.ui.dues_basis_dialog import BasisDialog
    from dangjian_desktop.ui.dues_dialogs import PaymentDialog, RemitDialog

    font_size("xlarge")
    sheet = dues.month_sheet("2026-11")
    payment = PaymentDialog(sheet.lines[0], sheet, today=TODAY, paid_on=TODAY)
    payment.advance.setChecked(True)        # the longest state: the advance note shown
    closed = dues.month_sheet("2026-09")
    adjustment = PaymentDialog(closed.lines[0], closed, today=TODAY, paid_on=TODAY)
    for dialog in (payment, adjustment, RemitDialog("2026-11", today=TODAY), BasisDialog("2026-11", today=TODAY)):
        qtbot.addWidget(dialog)
        _fit_to_screen(dialog)
        assert clipped_texts(dialog) == [], dialog.windowTitle()


def test_recruit_dialogs_at_extra_large(qtbot, branch46, font_size):
    from dangjian_desktop.core import recruits
    from dangjian_desktop.ui.recruit_dialogs import AddRecruitDialog, StepDialog

    font_size("xlarge")
    files = {s.stage: s.id for s in recruits.list_recruits(today=TODAY)}
    dialogs = [AddRecruitDialog(today=TODAY), StepDialog(files["activist"], today=TODAY, event="contacts"),
               StepDialog(files["candidate"], today=TODAY, event="trained"),
               StepDialog(files["candidate"], today=TODAY, event="introducers")]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        _fit_to_screen(dialog)
        assert clipped_texts(dialog) == [], dialog.windowTitle()
