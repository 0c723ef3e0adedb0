"""工作台: what is due this month, what is overdue, what was held — plain sentences, each with
the one button that deals with it. No scores, no rankings, no red counters.

Hooks for the main window:
- ``add_notice(key, text, button_text, callback)`` / ``remove_notice(key)``: extra lines at the
  top (e.g. the USB backup reminder);
- ``add_activity_action(text, callback, icon=...)``: an extra button next to every line about one
  activity (e.g. "打印签到表"), called with the activity id;
- ``navigate(str)`` asks the window to show another page ("activities").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import activity_check, activity_lists, recruits
from dangjian_desktop.core import members as member_ops
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.worker import show_error

ACTION_LABELS = {"record": "记录会议", "arrange": "安排", "open": "查看", "finalize": "去定稿"}
ACTION_ICONS = {"record": "fa6s.clipboard-check", "arrange": "fa6s.calendar-plus", "open": "fa6s.eye",
                "finalize": "fa6s.stamp"}
SHOWN_PER_SECTION = 6
DUES_DELAY_MS = 300


class HomeLine(QWidget):
    """One sentence and its buttons."""

    def __init__(self, text: str, icon: str, parent=None):
        super().__init__(parent)
        self.icon = QLabel(self)
        self.icon.setPixmap(icons.icon(icon, color="#5D6D7E").pixmap(18, 18))
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 2, 4, 2)
        self.row.addWidget(self.icon, 0, Qt.AlignTop)
        self.row.addWidget(self.label, 1)

    def add_button(self, text: str, icon: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(icons.icon(icon), text, self)
        button.clicked.connect(slot)
        self.row.addWidget(button, 0, Qt.AlignTop)
        self.buttons.append(button)
        return button


class HomePage(Page):
    key = "home"
    nav_label = "工作台"
    nav_icon = "fa6s.house"

    navigate = Signal(str)
    editor_opened = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None,
                 undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self._today = today
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.editor = None          # the meeting window opened from here (ui.activity_editor)
        self._notices: dict[str, tuple[str, str, Callable[[], None]]] = {}
        self._activity_actions: list[tuple[str, str, Callable[[int], None]]] = []
        self._expanded: set[str] = set()
        self.lines: dict[str, list[HomeLine]] = {}
        self._generation = 0        # a refresh's number: a late dues section of an older one is dropped
        outer = self.vbox(self)
        self.title = QLabel("工作台", self)
        self.plan_button = QPushButton(icons.icon("fa6s.calendar-plus"), "生成年度计划…", self)
        self.activities_button = QPushButton(icons.icon("fa6s.calendar-days"), "查看全部活动", self)
        outer.addLayout(self.header(self.title, self.plan_button, self.activities_button))
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.content = QWidget(self.scroll)
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.scroll.setWidget(self.content)
        outer.addWidget(self.scroll, 1)
        self.plan_button.clicked.connect(self.show_plan)
        self.activities_button.clicked.connect(lambda: self.navigate.emit("activities"))

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # --- hooks for the main window --------------------------------------------------------------
    def add_notice(self, key: str, text: str, button_text: str, callback: Callable[[], None], *,
                   refresh: bool = True) -> None:
        """A line at the top of the page (replaces an earlier one with the same key); ``refresh``
        False when the caller refreshes the page itself next."""
        self._notices[key] = (text, button_text, callback)
        if refresh and self.isVisible():   # a hidden page is refreshed when it is shown
            self.refresh()

    def remove_notice(self, key: str, *, refresh: bool = True) -> None:
        if self._notices.pop(key, None) is not None and refresh and self.isVisible():
            self.refresh()

    def add_activity_action(self, text: str, callback: Callable[[int], None], icon: str = "fa6s.print") -> None:
        """A button shown next to every line about one activity, called with its id."""
        self._activity_actions.append((text, icon, callback))
        if self.isVisible():   # a hidden page is refreshed when it is shown
            self.refresh()

    # --- building -------------------------------------------------------------------------------
    def _clear(self) -> None:
        while self.content_layout.count():
            item = self.content_layout.takeAt(0)
            if item.widget():
                item.widget().hide()   # at once: deleteLater() waits for the event loop
                item.widget().deleteLater()
        self.lines = {}

    def _section(self, key: str, title: str, items: list[activity_check.OverviewItem], icon: str,
                 empty: str | None = None) -> None:
        if not items and empty is None:
            return
        label = QLabel(title, self.content)
        label.setStyleSheet("font-weight: bold; margin-top: 10px;")
        self.content_layout.addWidget(label)
        self.lines[key] = []
        if not items:
            line = HomeLine(empty, "fa6s.circle-check", self.content)
            self.content_layout.addWidget(line)
            self.lines[key].append(line)
            return
        shown = items if key in self._expanded else items[:SHOWN_PER_SECTION]
        for item in shown:
            line = HomeLine(item.text, icon, self.content)
            line.add_button(ACTION_LABELS[item.action] if not (key == "overdue" and item.action != "open") else "补记",
                            ACTION_ICONS[item.action], lambda _c=False, i=item: self.act_on(i))
            if item.activity_id is not None and item.action != "open":
                for text, action_icon, callback in self._activity_actions:
                    line.add_button(text, action_icon, lambda _c=False, a=item.activity_id, cb=callback: cb(a))
            self.content_layout.addWidget(line)
            self.lines[key].append(line)
        if len(items) > len(shown):
            more = QPushButton(icons.icon("fa6s.angles-down"), f"还有 {len(items) - len(shown)} 项，全部列出", self.content)
            more.clicked.connect(lambda _c=False, k=key: self._expand(k))
            self.content_layout.addWidget(more, 0, Qt.AlignLeft)

    def _before_start_line(self, text: str) -> None:
        """Periods before the branch used the program: one line instead of a list of overdue ones."""
        if "overdue" not in self.lines:
            label = QLabel("过了时间还没有记录的", self.content)
            label.setStyleSheet("font-weight: bold; margin-top: 10px;")
            self.content_layout.addWidget(label)
        line = HomeLine(text, "fa6s.clock-rotate-left", self.content)
        line.add_button("去补记", "fa6s.calendar-days", lambda: self.navigate.emit("activities"))
        self.content_layout.addWidget(line)
        self.lines["before_start"] = [line]

    def _expand(self, key: str) -> None:
        self._expanded.add(key)
        self.refresh()

    def refresh(self) -> None:
        try:
            overview = activity_check.overview(today=self.today)
        except UserError as exc:
            show_error(self, exc)
            return
        self.overview = overview
        self._clear()
        self.title.setText(f"工作台 · {overview.month_label}")
        for text, button_text, callback in self._notices.values():
            line = HomeLine(text, "fa6s.circle-info", self.content)
            line.add_button(button_text, "fa6s.arrow-right", callback)
            self.content_layout.addWidget(line)
            self.lines.setdefault("notices", []).append(line)
        if not member_ops.roster_counts().active:
            first = HomeLine("第一步：先把党员名单录进来。已经有 Excel/WPS 花名册的，在“党员”页点“导入花名册”，"
                             "程序会认出各列；没有的，可以一个一个新增。", "fa6s.user-plus", self.content)
            first.add_button("去导入花名册", "fa6s.file-import", lambda: self.navigate.emit("members"))
            self.content_layout.addWidget(first)
            self.lines["first_step"] = [first]
        if not activity_lists.has_activities():
            intro = HomeLine("还没有活动安排。按本支部的频次规则，可以一次排好全年的三会一课，"
                             "以后每月在这里看到要开的会。", "fa6s.calendar-plus", self.content)
            intro.add_button("生成年度计划", "fa6s.calendar-plus", self.show_plan)
            self.content_layout.addWidget(intro)
            self.lines["intro"] = [intro]
        self._section("due", "本月要做的事", overview.due, "fa6s.calendar-day", "本月要开的会都已经记录了。")
        self._section("overdue", "过了时间还没有记录的", overview.overdue, "fa6s.clock")
        if overview.before_start_text:
            self._before_start_line(overview.before_start_text)
        self._dues_at = self.content_layout.count()   # arrears go here: above what is already done
        self._section("held", "本月已经开过的", overview.held, "fa6s.circle-check")
        self._section("unfinished", "开过了、会议记录还没定稿的", overview.unfinished, "fa6s.file-pen")
        self._recruit_lines()
        self.content_layout.addStretch(1)
        self._generation += 1
        # the dues lines come a moment after the page has painted (a few ms for a village branch,
        # a quarter of a second on a 20,000-member roster): the window shows first
        QTimer.singleShot(DUES_DELAY_MS, lambda g=self._generation: self._add_dues_lines(g))

    def _recruit_lines(self) -> None:
        """发展党员: deadlines within 30 days or past, each a sentence with its date."""
        try:
            found = recruits.due(self.today)
        except UserError as exc:
            show_error(self, exc)
            return
        if not found:
            return
        label = QLabel("发展党员", self.content)
        label.setStyleSheet("font-weight: bold; margin-top: 10px;")
        self.content_layout.addWidget(label)
        self.lines["recruits"] = []
        for deadline in found:
            day = f"{deadline.due_on.month}月{deadline.due_on.day}日"
            if deadline.due_on.year != self.today.year:
                day = f"{deadline.due_on.year}年{day}"
            if deadline.overdue:
                when = f"（已过期，应在{day}前）"
            elif deadline.due_on == self.today:
                when = "（今天到期）"
            else:
                when = f"（{day}前）"
            line = HomeLine(f"{deadline.what}{when}。", "fa6s.user-plus", self.content)
            line.add_button("去办理", "fa6s.arrow-right", lambda: self.navigate.emit("recruits"))
            self.content_layout.addWidget(line)
            self.lines["recruits"].append(line)

    def _add_dues_lines(self, generation: int) -> None:
        """党费: members three months or more behind, one plain sentence each (never a ranking)."""
        if generation != self._generation or not shiboken6.isValid(self):
            return
        from dangjian_desktop.core import dues_arrears  # with the lines, after the page has painted

        try:
            found = dues_arrears.arrears(self.today)
        except UserError as exc:
            show_error(self, exc)
            return
        if not found:
            return
        at = min(self._dues_at, self.content_layout.count() - 1)    # above what is already done
        label = QLabel("党费", self.content)
        label.setStyleSheet("font-weight: bold; margin-top: 10px;")
        self.content_layout.insertWidget(at, label)
        self.lines["dues"] = []
        shown = found if "dues" in self._expanded else found[:SHOWN_PER_SECTION]
        for index, arrear in enumerate(shown, start=1):
            line = HomeLine(arrear.text, "fa6s.yen-sign", self.content)
            line.add_button("去记党费", "fa6s.arrow-right", lambda: self.navigate.emit("dues"))
            self.content_layout.insertWidget(at + index, line)
            self.lines["dues"].append(line)
        if len(found) > len(shown):
            more = QPushButton(icons.icon("fa6s.angles-down"), f"还有 {len(found) - len(shown)} 人，全部列出", self.content)
            more.clicked.connect(lambda _c=False: self._expand("dues"))
            self.content_layout.insertWidget(at + len(shown) + 1, more, 0, Qt.AlignLeft)
        # the scroll area gives the page its new height on the layout request: now, not a frame later
        QApplication.sendPostedEvents(self.content, QEvent.Type.LayoutRequest)

    def texts(self, key: str) -> list[str]:
        """The sentences of a section (for tests and screen readers)."""
        return [line.label.text() for line in self.lines.get(key, [])]

    # --- actions --------------------------------------------------------------------------------
    def act_on(self, item: activity_check.OverviewItem) -> None:
        try:
            if item.action == "arrange":
                activity_id = activity_check.arrange(item.kind, item.date or self.today, item.group_id)
                self.data_changed.emit()
            else:
                activity_id = item.activity_id
        except UserError as exc:
            show_error(self, exc)
            return
        self.open_activity(activity_id)

    def open_activity(self, activity_id: int) -> None:
        from dangjian_desktop.ui.activity_editor import ActivityEditor  # not on the start-up path

        self.editor = ActivityEditor(activity_id, self, today=self._today, undo_stack=self.undo_stack)
        self.editor.changed.connect(self.data_changed)
        self.editor_opened.emit(self.editor)
        self.editor.exec()
        self.editor = None
        self.refresh()

    def show_plan(self) -> None:
        from dangjian_desktop.ui.activity_plan_dialog import PlanDialog  # not on the start-up path

        dialog = PlanDialog(None, self, undo_stack=self.undo_stack, today=self._today)
        if dialog.exec() and dialog.created:
            self.data_changed.emit()
            self.status_message.emit(f"已生成年度计划，新增 {len(dialog.created)} 项活动")
        self.refresh()
