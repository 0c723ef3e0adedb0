"""打印签到表 / 打印会议记录 from a meeting: made off the GUI thread, shown in their own window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dangjian_desktop.db.models import Activity
from dangjian_desktop.ui.report_dialog import ReportDialog, print_minutes, print_signin, show_document
from dangjian_desktop.ui.theme import apply_font_size
from tests.conftest import TODAY
from tests.demo_cache import load_demo

pytestmark = pytest.mark.usefixtures("bundled_fonts")  # page counts are for the bundled font


@pytest.fixture
def demo(opened):
    load_demo(46, seed=7, today=TODAY)
    return opened


@pytest.fixture
def parent(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    return widget


def first(kind: str, status: str) -> Activity:
    return (Activity.select().where((Activity.kind == kind) & (Activity.status == status))
            .order_by(Activity.date).first())


def shown_dialog(qtbot, start) -> ReportDialog:
    shown: list[ReportDialog] = []
    start(shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=60000)
    return shown[0]          # owned by its parent; deletes itself when closed


def test_print_signin_shows_the_sheet_of_a_planned_meeting(qtbot, demo, parent):
    activity = first("theme_day", "planned")
    dialog = shown_dialog(qtbot, lambda on_shown: print_signin(parent, activity.id, on_shown=on_shown))
    assert dialog.isVisible() and dialog.windowModality() != Qt.WindowModality.NonModal
    assert dialog.report.title == f"{activity.title}签到表"
    assert dialog.preview.page_count() == dialog.report.pages
    assert dialog.info_label.text() == f"{activity.title}签到表：共 {dialog.report.pages} 页，A4 纵向"
    assert dialog.print_button.isDefault()
    dialog.close()


def test_print_minutes_of_a_draft_says_so(qtbot, demo, parent):
    activity = first("party_lecture", "held")
    dialog = shown_dialog(qtbot, lambda on_shown: print_minutes(parent, activity.id, on_shown=on_shown))
    assert dialog.report.draft
    assert dialog.info_label.text().endswith("，草稿（未定稿）")
    dialog.close()


def test_saving_from_the_dialog_writes_the_pdf(qtbot, demo, parent, tmp_path):
    activity = first("party_congress", "finalized")
    dialog = shown_dialog(qtbot, lambda on_shown: print_minutes(parent, activity.id, on_shown=on_shown))
    from dangjian_desktop.ui.report_dialog import save_report

    target = tmp_path / "记录.pdf"
    assert save_report(dialog, dialog.report, target) == target
    assert target.read_bytes() == dialog.report.pdf
    dialog.close()


def test_minutes_of_a_meeting_not_held_are_the_sheet_to_write_them_by_hand(qtbot, demo, parent):
    activity = first("theme_day", "planned")
    dialog = shown_dialog(qtbot, lambda on_shown: print_minutes(parent, activity.id, on_shown=on_shown))
    assert dialog.report.title == f"{activity.title}会议记录（手写）"
    assert dialog.preview.page_count() == dialog.report.pages == 2
    assert not dialog.missing_label.isVisible()


def test_characters_no_font_has_are_named_before_printing(qtbot, demo, parent):
    from dangjian_desktop.core.members import update_member
    from dangjian_desktop.db.models import Member

    member = Member.select().where(Member.status == "active").order_by(Member.name_pinyin).first()
    update_member(member.id, {"name": "赵\U0003134A"})                # Extension G: in no bundled font
    dialog = shown_dialog(qtbot, lambda on_shown: show_document(parent, "roster", on_shown=on_shown))
    assert dialog.report.missing == ("\U0003134A",)
    assert dialog.missing_label.isVisible()
    text = dialog.missing_label.text()
    assert "“\U0003134A”（U+3134A）" in text and "赵\U0003134A" in text and "□" in text


@pytest.mark.parametrize("size", ["normal", "xlarge"])
def test_dialog_fits_a_small_laptop_screen(qtbot, demo, parent, size):
    apply_font_size(QApplication.instance(), size)
    try:
        activity = first("committee", "planned")
        dialog = shown_dialog(qtbot, lambda on_shown: print_signin(parent, activity.id, on_shown=on_shown))
        dialog.resize(1000, 700)
        qtbot.waitExposed(dialog)
        for button in (dialog.save_button, dialog.print_button, dialog.close_button):
            assert button.isVisible()
            assert button.geometry().right() <= dialog.width()
            assert button.width() >= button.sizeHint().width() - 1      # the label is not cut
        dialog.grab().save(f"/tmp/report_dialog_{size}.png")
        dialog.close()
    finally:
        apply_font_size(QApplication.instance(), "normal")


def test_buttons_on_a_meeting_print_its_papers(qtbot, demo):
    """The wiring the main window does: 打印签到表 / 打印会议记录 on the meeting's own window."""
    from PySide6.QtCore import Qt as QtNs

    from dangjian_desktop.ui.activity_editor import ActivityEditor

    activity = first("theme_day", "held")
    editor = ActivityEditor(activity.id, today=TODAY)
    qtbot.addWidget(editor)
    editor.show()
    shown: list[ReportDialog] = []
    signin = editor.add_action("打印签到表", lambda aid: editor.save_pending()
                               and print_signin(editor, aid, on_shown=shown.append), icon="fa6s.clipboard-list")
    record = editor.add_action("打印会议记录", lambda aid: editor.save_pending()
                               and print_minutes(editor, aid, on_shown=shown.append))
    qtbot.mouseClick(signin, QtNs.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=60000)
    assert shown[0].report.title == f"{activity.title}签到表"
    shown[0].close()
    qtbot.mouseClick(record, QtNs.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=60000)
    assert shown[1].report.title == f"{activity.title}会议记录（草稿）"
    assert shown[1].parent() is editor
    shown[1].close()
