"""党小组 page: the groups with their members, the unassigned members, the rules checked live."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import groups as group_ops
from dangjian_desktop.core.group_rules import GroupCheck, check_arrangement, current_thresholds
from dangjian_desktop.core.groups import GroupChange, GroupView, MemberBrief
from dangjian_desktop.core.vocab import ACTIVE
from dangjian_desktop.errors import UserError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.group_cards import GroupCard, MemberList, StatusLine, member_text
from dangjian_desktop.ui.group_dialog import GroupDialog
from dangjian_desktop.ui.group_history import HistoryDialog
from dangjian_desktop.ui.group_move_dialog import MoveDialog
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.questions import confirm
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.undo import push_change
from dangjian_desktop.ui.worker import run_with_progress, show_error

if TYPE_CHECKING:
    from dangjian_desktop.core.group_proposal import Suggestion

def _suggest():
    """core.group_suggest, imported when the user asks for a suggestion (not at start-up)."""
    from dangjian_desktop.core import group_suggest

    return group_suggest


class GroupsPage(Page):
    key = "groups"
    nav_label = "党小组"
    nav_icon = "fa6s.people-group"

    def __init__(self, parent: QWidget | None = None, *, undo_stack: QUndoStack | None = None,
                 today: dt.date | None = None):
        """With ``undo_stack`` (the main window's) changes go onto it and Ctrl+Z / Ctrl+N belong
        to the window; without it (the page on its own) it has a stack and the shortcuts itself."""
        super().__init__(parent)
        self._today = today
        self.own_stack = undo_stack is None
        self.undo_stack = QUndoStack(self) if undo_stack is None else undo_stack
        self.cards: dict[int, GroupCard] = {}
        self.views: list[GroupView] = []
        self.briefs: dict[int, MemberBrief] = {}
        self.check = GroupCheck([], [])
        self.dialog: QDialog | None = None
        self.operation = None
        self._columns = 0
        self._order: list[int] = []
        self._shown: dict[int | None, object] = {}     # what each card / the unassigned list shows

        layout = self.vbox(self)
        self.title = QLabel("党小组", self)
        self.undo_button = QPushButton(icons.icon("fa6s.rotate-left"), "撤销", self)
        self.suggest_button = QPushButton(icons.icon("fa6s.wand-magic-sparkles"), "自动分组建议…", self)
        self.add_button = QPushButton(icons.icon("fa6s.plus", color="white"), "新建党小组", self)
        self.add_button.setToolTip("新建一个党小组（Ctrl+N）")
        mark_primary(self.add_button)
        layout.addLayout(self.header(self.title, self.undo_button, self.suggest_button, self.add_button))
        self.summary_box = QVBoxLayout()
        layout.addLayout(self.summary_box)
        self.summary_line: StatusLine | None = None

        self.empty_state = QWidget(self)
        empty_layout = QVBoxLayout(self.empty_state)
        self.empty_text = QLabel(self.empty_state)
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignCenter)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_buttons = QHBoxLayout()
        empty_buttons.addStretch(1)
        self.empty_suggest = QPushButton(icons.icon("fa6s.wand-magic-sparkles"), "按住址自动分组", self.empty_state)
        self.empty_add = QPushButton(icons.icon("fa6s.plus"), "自己新建党小组", self.empty_state)
        empty_buttons.addWidget(self.empty_suggest)
        empty_buttons.addWidget(self.empty_add)
        empty_buttons.addStretch(1)
        empty_layout.addLayout(empty_buttons)
        empty_layout.addStretch(2)
        layout.addWidget(self.empty_state, 1)

        self.splitter = QSplitter(Qt.Horizontal, self)
        left = QWidget(self.splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        self.unassigned_title = QLabel(left)
        self.unassigned_title.setStyleSheet("font-weight: bold;")
        left_layout.addWidget(self.unassigned_title)
        self.unassigned_warning = StatusLine(
            "每名在册党员都应分到一个党小组。把党员拖到右边的党小组，或选中后点“分到…”。", problem=True, parent=left)
        left_layout.addWidget(self.unassigned_warning)
        self.unassigned_done = QLabel("所有在册党员都已分组。把党员拖到这里，就是暂时不把这名党员分到任何党小组。", left)
        self.unassigned_done.setWordWrap(True)
        self.unassigned_done.setProperty("role", "hint")
        left_layout.addWidget(self.unassigned_done)
        self.unassigned = MemberList(None, "未分组的党员", left)
        left_layout.addWidget(self.unassigned, 1)
        self.assign_button = QPushButton(icons.icon("fa6s.arrow-right-arrow-left"), "分到…", left)
        self.assign_button.setToolTip("把选中的党员分到一个党小组（Ctrl+M）")
        assign_row = QHBoxLayout()
        assign_row.addWidget(self.assign_button)
        assign_row.addStretch(1)
        left_layout.addLayout(assign_row)

        self.scroll = QScrollArea(self.splitter)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setContentsMargins(4, 0, 4, 4)
        self.grid.setSpacing(12)
        self.grid.setAlignment(Qt.AlignTop)
        self.scroll.setWidget(self.grid_holder)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.scroll)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self._left = left
        self._size_left()
        layout.addWidget(self.splitter, 1)

        self.undo_button.clicked.connect(self.undo)
        self.suggest_button.clicked.connect(self.open_suggestion)
        self.add_button.clicked.connect(self.new_group)
        self.empty_suggest.clicked.connect(self.open_suggestion)
        self.empty_add.clicked.connect(self.new_group)
        self.assign_button.clicked.connect(lambda: self.open_move_dialog(self.unassigned))
        self._wire_list(self.unassigned)
        self.unassigned.selection_changed.connect(self._update_buttons)
        keys_and_slots = [(QKeySequence("Ctrl+M"), self._move_focused)]
        if self.own_stack:
            keys_and_slots += [(QKeySequence.Undo, self.undo), (QKeySequence.New, self.new_group)]
        self.undo_stack.indexChanged.connect(self._undo_index_changed)
        for keys, slot in keys_and_slots:
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()

    # --- data --------------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def refresh(self) -> None:
        """Reload everything (the main window calls this when the page is shown); a card whose
        group, members and findings are as shown is not built again."""
        self._reload()

    def _reload(self) -> None:
        """Reload from the database; cards whose content did not change are left as they are."""
        self.views = group_ops.list_groups()
        self.briefs = group_ops.member_briefs()
        facts = {i: b.facts() for i, b in self.briefs.items()}
        self.check = check_arrangement([v.state() for v in self.views], facts, current_thresholds())
        active = sum(1 for b in self.briefs.values() if b.status == ACTIVE)
        has_groups = bool(self.views)
        self.empty_state.setVisible(not has_groups)
        self.splitter.setVisible(has_groups)
        if not active:
            self.empty_text.setText("还没有党员信息。请先到“党员”页录入或导入党员，再来分党小组。")
            self.empty_suggest.setVisible(False)
        else:
            self.empty_text.setText(f"还没有党小组。可以按家庭住址自动生成分组建议（{active} 名党员），"
                                    "看过、改好以后再应用；也可以自己新建党小组。")
            self.empty_suggest.setVisible(True)
        self.suggest_button.setEnabled(active > 0)
        in_groups = active - len(self.check.unassigned)
        self.title.setText(f"党小组（共 {len(self.views)} 个，已分组 {in_groups} 人）")
        self._fill_unassigned()
        self._fill_cards()
        self._show_summary()
        self._update_buttons()

    def _fill_unassigned(self) -> None:
        ids = self.check.unassigned
        self.unassigned_title.setText(f"未分组的党员（{len(ids)} 人）")
        self.unassigned_warning.setVisible(bool(ids))
        self.unassigned_done.setVisible(not ids)
        signature = tuple((i, self.briefs[i]) for i in ids)
        if self._shown.get(None) == signature:
            return
        self._shown[None] = signature
        rows = []
        for member_id in sorted(ids, key=lambda i: (self.briefs[i].name_pinyin, i)):
            brief = self.briefs[member_id]
            tip = f"{brief.name}，{brief.category}" + (f"，住址：{brief.address}" if brief.address else "")
            rows.append((member_id, member_text(brief), tip, None))
        self.unassigned.set_members(rows)

    def _fill_cards(self) -> None:
        seen = set()
        for view in self.views:
            card = self.cards.get(view.id)
            if card is None:
                card = GroupCard(view.id, self.grid_holder)
                self.cards[view.id] = card
                self._wire_card(card)
            deletable = not view.member_ids and group_ops.can_delete(view.id) is None
            violations = self.check.for_group(view.id)
            signature = (view, tuple(violations), deletable, tuple(self.briefs.get(i) for i in view.member_ids))
            if self._shown.get(view.id) != signature:
                card.update_view(view, self.briefs, violations, deletable)
                self._shown[view.id] = signature
            seen.add(view.id)
        for group_id in [g for g in self.cards if g not in seen]:
            self._shown.pop(group_id, None)
            card = self.cards.pop(group_id)
            self.grid.removeWidget(card)
            card.hide()
            card.deleteLater()
        self._layout_cards()

    def ordered_cards(self) -> list[GroupCard]:
        """Groups with members first (in their order), then the empty ones kept for history."""
        with_members = [self.cards[v.id] for v in self.views if v.member_ids]
        empty = [self.cards[v.id] for v in self.views if not v.member_ids]
        return with_members + empty

    def _layout_cards(self, force: bool = False) -> None:
        width = self.scroll.viewport().width()
        card_width = self.fontMetrics().horizontalAdvance("汉") * 20 + 60
        columns = max(1, min(3, width // max(card_width, 1)))
        order = [card.group_id for card in self.ordered_cards()]
        if columns == self._columns and order == self._order and not force:
            return
        self._columns = columns
        self._order = order
        for card in self.cards.values():
            self.grid.removeWidget(card)
        for index, card in enumerate(self.ordered_cards()):
            self.grid.addWidget(card, index // columns, index % columns, Qt.AlignTop)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def _size_left(self) -> None:
        em = self.fontMetrics().horizontalAdvance("汉")
        self._left.setMinimumWidth(em * 10)
        self._left.setMaximumWidth(em * 24)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_left()
        if self.cards:
            self._layout_cards()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        em = self.fontMetrics().horizontalAdvance("汉")
        total = max(1, self.splitter.width())
        left = min(em * 16, total // 3)
        self.splitter.setSizes([left, total - left])
        if self.cards:
            self._layout_cards(force=True)

    def _show_summary(self) -> None:
        if self.summary_line is not None:
            self.summary_box.removeWidget(self.summary_line)
            self.summary_line.hide()
            self.summary_line.deleteLater()
            self.summary_line = None
        if not self.views:
            return
        broken_groups = {v.group_key for v in self.check.violations}
        parts = []
        if broken_groups:
            parts.append(f"有 {len(broken_groups)} 个党小组不符合规定（共 {len(self.check.violations)} 处），"
                         "已在下面用红框和文字标出")
        if self.check.unassigned:
            parts.append(f"还有 {len(self.check.unassigned)} 名党员没有分组")
        text = "；".join(parts) + "。" if parts else "所有党小组都符合规定，每名党员都已分组。"
        self.summary_line = StatusLine(text, problem=bool(parts), parent=self)
        self.summary_box.addWidget(self.summary_line)

    def summary_text(self) -> str:
        return self.summary_line.text() if self.summary_line else ""

    def _undo_index_changed(self, _index: int) -> None:
        # The shared stack is deleted before the page when the window closes, and says so.
        if shiboken6.isValid(self.undo_stack):
            self._update_buttons()

    def _update_buttons(self) -> None:
        self.assign_button.setEnabled(self.unassigned.has_selection())
        label = self.undo_stack.undoText() if self.undo_stack.canUndo() else ""
        self.undo_button.setEnabled(bool(label))
        self.undo_button.setToolTip(f"撤销：{label}（Ctrl+Z）" if label else "没有可以撤销的调整")

    # --- wiring --------------------------------------------------------------------------------

    def _wire_list(self, member_list: MemberList) -> None:
        member_list.members_dropped.connect(self.move)
        member_list.move_requested.connect(lambda: self.open_move_dialog(member_list))
        member_list.history_requested.connect(lambda member_id: self.show_history(member_id=member_id))

    def _wire_card(self, card: GroupCard) -> None:
        self._wire_list(card.members)
        group_id = card.group_id
        card.move_button.clicked.connect(lambda: self.open_move_dialog(card.members))
        card.edit_button.clicked.connect(lambda: self.edit_group(group_id))
        card.history_button.clicked.connect(lambda: self.show_history(group_id=group_id))
        card.delete_button.clicked.connect(lambda: self.delete_group(group_id))

    def _move_focused(self) -> None:
        widget = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, MemberList):
            widget = widget.parentWidget()
        if widget is not None and widget.has_selection():
            self.open_move_dialog(widget)

    # --- actions -------------------------------------------------------------------------------

    def _record(self, change: GroupChange, message: str) -> None:
        if push_change(self.undo_stack, change, self._undone):
            self.data_changed.emit()
        self._reload()
        self.status_message.emit(message)

    def _undone(self, change, verb: str) -> None:
        """After Ctrl+Z (or redo) of a change on the stack: show the groups as they are now."""
        if shiboken6.isValid(self):
            self.data_changed.emit()
            self._reload()
            self.status_message.emit(f"已{verb}：{change.label}。")

    def _leader_warning(self, ids: list[int], target: int | None) -> str | None:
        lines = []
        for view in self.views:
            if view.id == target:
                continue
            for member_id, role in ((view.leader_id, "党小组长"), (view.deputy_id, "副组长")):
                if member_id in ids and member_id in view.member_ids:
                    name = self.briefs[member_id].name
                    lines.append(f"{name}是{view.name}的{role}，移走后{view.name}将没有{role}，需要另选。")
        return "\n".join(lines) or None

    def move(self, ids: list[int], target: int | None, on_date: dt.date | None = None) -> bool:
        """Move members (from a drop or "移到…"); asks first when a group would lose its leader."""
        ids = [i for i in ids if i in self.briefs]
        if not ids:
            return False
        warning = self._leader_warning(ids, target)
        if warning and not confirm(self, "移动党小组长", f"{warning}\n\n确定移动吗？", "移动"):
            return False
        try:
            change = group_ops.move_members(ids, target, on_date=on_date, today=self.today())
        except UserError as exc:
            show_error(self, exc, "没有移动")
            return False
        self._record(change, f"已{change.label}。可按 Ctrl+Z 撤销。" if change.moved else "党员已经在这个党小组里了。")
        return True

    def open_move_dialog(self, source: MemberList) -> None:
        ids = source.selected_ids()
        if not ids:
            return
        targets = [(v.id, f"{v.name}（{len(v.member_ids)} 人）") for v in self.views if v.id != source.group_id]
        if not targets and source.group_id is None:
            show_error(self, UserError("还没有党小组。请先新建党小组，或用“自动分组建议”。"), "没有党小组")
            return
        names = [self.briefs[i].name for i in ids]
        dialog = MoveDialog(self, names, targets, allow_unassigned=source.group_id is not None, today=self.today())
        dialog.accepted.connect(lambda: self.move(ids, dialog.target, dialog.on_date))
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()

    def _current_group_names(self) -> dict[int, str]:
        return {i: v.name for v in self.views for i in v.member_ids}

    def new_group(self) -> None:
        dialog = GroupDialog(self, group=None, briefs=self.briefs, current_group_names=self._current_group_names(),
                             today=self.today())
        dialog.accepted.connect(lambda: self._record(dialog.change, f"已{dialog.change.label}。"))
        self._open(dialog)

    def edit_group(self, group_id: int) -> None:
        view = next((v for v in self.views if v.id == group_id), None)
        if view is None:
            return
        dialog = GroupDialog(self, group=view, briefs=self.briefs, current_group_names=self._current_group_names(),
                             today=self.today())
        dialog.accepted.connect(lambda: self._record(dialog.change, f"已{dialog.change.label}。"))
        self._open(dialog)

    def delete_group(self, group_id: int) -> None:
        view = next((v for v in self.views if v.id == group_id), None)
        if view is None:
            return
        reason = group_ops.can_delete(group_id)
        if reason:
            show_error(self, UserError(reason), "不能删除")
            return
        if not confirm(self, "删除党小组", f"将删除“{view.name}”。这个党小组没有成员，也没有任何记录。确定删除吗？", "删除"):
            return
        try:
            change = group_ops.delete_group(group_id)
        except UserError as exc:
            show_error(self, exc, "不能删除")
            return
        self._record(change, f"已{change.label}。可按 Ctrl+Z 撤销。")

    def show_history(self, *, member_id: int | None = None, group_id: int | None = None) -> None:
        self._open(HistoryDialog(self, member_id=member_id, group_id=group_id))

    def undo(self) -> None:
        """Take back the last change (the window's last change when the stack is shared)."""
        if not self.undo_stack.canUndo():
            self.status_message.emit("没有可以撤销的调整。")
            return
        self.undo_stack.undo()

    # --- 自动分组建议 ------------------------------------------------------------------------------

    def open_suggestion(self) -> None:
        today = self.today()
        self.operation = run_with_progress(
            self, "正在生成分组建议…", lambda _p: _suggest().suggest(today=today), self._show_suggestion)

    def _show_suggestion(self, suggestion: Suggestion) -> None:
        from dangjian_desktop.ui.group_suggest_dialog import SuggestDialog

        dialog = SuggestDialog(self, suggestion, today=self.today())
        dialog.accepted.connect(lambda: self._apply_suggestion(dialog.suggestion))
        self._open(dialog)

    def _apply_suggestion(self, suggestion: Suggestion) -> None:
        today = self.today()
        self.operation = run_with_progress(
            self, "正在按建议调整党小组…", lambda _p: _suggest().apply_suggestion(suggestion, today=today),
            lambda change: self._record(change, f"已{change.label}，{change.moved} 名党员换了党小组。可按 Ctrl+Z 撤销。"),
        )
