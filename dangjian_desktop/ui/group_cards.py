"""Widgets of the 党小组 page: a member list that takes drops, and one card per group."""

from __future__ import annotations

import json

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.group_rules import RULES, Violation
from dangjian_desktop.core.groups import GroupView, MemberBrief
from dangjian_desktop.core.vocab import is_full, member_tags
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.theme import ERROR

MIME = "application/x-dangjian-member-ids"
OK_COLOUR = "#1E7B34"
ID_ROLE = Qt.ItemDataRole.UserRole


def member_text(brief: MemberBrief, role: str = "") -> str:
    tags = member_tags(brief.category, brief.is_flow)
    text = brief.name + (f"（{'、'.join(tags)}）" if tags else "")
    return f"{text} · {role}" if role else text


class MemberListModel(QAbstractListModel):
    """Rows of (member id, text, tooltip, icon name); holds ids, builds nothing per row.

    (A model rather than one QListWidgetItem per member keeps a list of thousands fast.)
    """

    def __init__(self, group_id: int | None, parent=None):
        super().__init__(parent)
        self.group_id = group_id
        self.rows: list[tuple[int, str, str, str | None]] = []
        self._icons: dict[str, object] = {}

    def set_rows(self, rows: list[tuple[int, str, str, str | None]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        member_id, text, tip, icon = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == ID_ROLE:
            return member_id
        if role == Qt.ItemDataRole.DecorationRole and icon:
            if icon not in self._icons:
                self._icons[icon] = icons.icon(icon, color="#7D6608")
            return self._icons[icon]
        return None

    def flags(self, index):
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled
        return base if index.isValid() else Qt.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        ids = list(dict.fromkeys(self.rows[i.row()][0] for i in indexes if i.isValid()))
        data.setData(MIME, json.dumps({"ids": ids, "from": self.group_id}).encode("utf-8"))
        return data

    def supportedDragActions(self):
        return Qt.MoveAction | Qt.CopyAction

    def supportedDropActions(self):
        return Qt.MoveAction | Qt.CopyAction


class MemberList(QListView):
    """Members of one group (``group_id``) or the unassigned members (``group_id`` None).

    Members can be dragged to another list; a drop emits ``members_dropped(ids, group_id)``
    and the page does the move. The context menu and Ctrl+M offer "移到…" for the keyboard.
    """

    members_dropped = Signal(list, object)
    move_requested = Signal()
    history_requested = Signal(int)
    selection_changed = Signal()

    def __init__(self, group_id: int | None, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.group_id = group_id
        self.list_model = MemberListModel(group_id, self)
        self.setModel(self.list_model)
        self.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.setAccessibleName(label)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDrop)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setUniformItemSizes(True)
        self.setContextMenuPolicy(Qt.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.setObjectName("groupMembers")          # item padding: theme's style sheet
        size = self.fontMetrics().height()
        self.setIconSize(QSize(size, size))

    # content
    def set_members(self, rows: list[tuple[int, str, str, str | None]]) -> None:
        """rows: (member id, text, tooltip, icon name (ui.icons) or None); keeps the selection."""
        selected = self.selected_ids()
        self.list_model.set_rows(rows)
        if selected:
            self.select_ids(selected)

    def count(self) -> int:
        return self.list_model.rowCount()

    def texts(self) -> list[str]:
        return [row[1] for row in self.list_model.rows]

    def member_ids(self) -> list[int]:
        return [row[0] for row in self.list_model.rows]

    def has_selection(self) -> bool:
        return self.selectionModel().hasSelection()

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.selectionModel().selectedIndexes())
        return [self.list_model.rows[r][0] for r in rows if r < len(self.list_model.rows)]

    def select_ids(self, ids: list[int]) -> None:
        wanted = set(ids)
        selection = QItemSelection()
        for row, data in enumerate(self.list_model.rows):
            if data[0] in wanted:
                index = self.list_model.index(row)
                selection.select(index, index)
        self.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)

    def drag_data(self) -> QMimeData:
        """What dragging the selected members carries."""
        return self.list_model.mimeData(self.selectionModel().selectedIndexes())

    def fit_height(self, max_rows: int = 8) -> None:
        """Tall enough for its members (up to ``max_rows``) at the font it has now."""
        self._fit_rows = max_rows
        rows = min(max(self.count(), 2), max_rows)
        line = self.fontMetrics().height() + 8          # the item's padding is 4 px above and below
        row = max(self.sizeHintForRow(0), line) if self.count() else line
        self.setFixedHeight(rows * row + 2 * self.frameWidth() + 6)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "_fit_rows"):
            size = self.fontMetrics().height()
            self.setIconSize(QSize(size, size))
            self.fit_height(self._fit_rows)     # 特大 chosen after the card was filled

    # drag and drop
    @staticmethod
    def _payload(event) -> dict | None:
        if not event.mimeData().hasFormat(MIME):
            return None
        try:
            return json.loads(bytes(event.mimeData().data(MIME)).decode("utf-8"))
        except ValueError:
            return None

    def dragEnterEvent(self, event) -> None:
        payload = self._payload(event)
        if payload and payload.get("from") != self.group_id:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        payload = self._payload(event)
        if not payload or payload.get("from") == self.group_id:
            event.ignore()
            return
        # Copy, not move: the page rebuilds both lists, the source must not delete its rows.
        event.setDropAction(Qt.CopyAction)
        event.accept()
        ids = [int(i) for i in payload.get("ids", [])]
        QTimer.singleShot(0, lambda: self.members_dropped.emit(ids, self.group_id))

    # keyboard and menu
    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_M and event.modifiers() & Qt.ControlModifier and self.has_selection():
            self.move_requested.emit()
            return
        super().keyPressEvent(event)

    def _menu(self, pos) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        member_id = index.data(ID_ROLE)
        if member_id not in self.selected_ids():
            self.select_ids([member_id])
        menu = QMenu(self)
        move = menu.addAction(icons.icon("fa6s.arrow-right-arrow-left"), "移到…\tCtrl+M")
        history = menu.addAction(icons.icon("fa6s.clock-rotate-left"), "查看这名党员的分组记录")
        chosen = menu.exec(self.viewport().mapToGlobal(pos))
        if chosen is move:
            self.move_requested.emit()
        elif chosen is history:
            self.history_requested.emit(member_id)


class StatusLine(QWidget):
    """An icon and a sentence: a rule break (red, warning icon) or "符合规定" (green, check)."""

    def __init__(self, text: str, *, problem: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.problem = problem
        icon = QLabel(self)
        name, colour = ("fa6s.triangle-exclamation", ERROR) if problem else ("fa6s.circle-check", OK_COLOUR)
        size = max(16, self.fontMetrics().height() - 2)
        icon.setPixmap(icons.icon(name, color=colour).pixmap(size, size))
        icon.setAlignment(Qt.AlignTop)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setProperty("role", "rulebroken" if problem else "ruleok")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(icon, 0, Qt.AlignTop)
        layout.addWidget(self.label, 1)

    def text(self) -> str:
        return self.label.text()


def violation_text(violation: Violation) -> str:
    return f"{RULES.get(violation.rule, '不符合规定')}：{violation.message}"


class GroupCard(QFrame):
    """One group: its name, kind and leader, its rule breaks, its members and actions."""

    def __init__(self, group_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.group_id = group_id
        self.setObjectName("groupCard")
        self.setFrameShape(QFrame.StyledPanel)
        self.title = QLabel(self)
        self.title.setProperty("role", "cardtitle")
        self.title.setWordWrap(True)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setProperty("role", "hint")
        self.status_box = QVBoxLayout()
        self.status_box.setSpacing(4)
        self.members = MemberList(group_id, "党小组成员", self)
        self.empty_hint = QLabel("这个党小组现在没有成员，不参加规则检查；保留它是为了留下历史记录。", self)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setProperty("role", "hint")
        self.move_button = QPushButton(icons.icon("fa6s.arrow-right-arrow-left"), "移到…", self)
        self.move_button.setToolTip("把选中的党员移到其他党小组（Ctrl+M）")
        self.edit_button = QPushButton(icons.icon("fa6s.pen"), "修改", self)
        self.history_button = QPushButton(icons.icon("fa6s.clock-rotate-left"), "成员记录", self)
        self.delete_button = QPushButton(icons.icon("fa6s.trash-can"), "删除", self)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in (self.move_button, self.edit_button, self.history_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addLayout(self.status_box)
        layout.addWidget(self.members)
        layout.addWidget(self.empty_hint)
        layout.addLayout(buttons)
        self.members.selection_changed.connect(self._selection_changed)
        self.status_lines: list[StatusLine] = []
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.move_button.setEnabled(self.members.has_selection())

    def update_view(self, view: GroupView, briefs: dict[int, MemberBrief], violations: list[Violation],
                    deletable: bool) -> None:
        self.view = view
        count = len(view.member_ids)
        full = sum(1 for i in view.member_ids if i in briefs and is_full(briefs[i].category))
        self.title.setText(f"{view.name}（{count} 人）")
        self.members.setAccessibleName(f"{view.name}的成员")
        leader = briefs[view.leader_id].name if view.leader_id in briefs else "未指定"
        parts = [view.kind, f"组长：{leader}"]
        if view.deputy_id in briefs:
            parts.append(f"副组长：{briefs[view.deputy_id].name}")
        if count:
            parts.append(f"正式党员 {full} 人")
        if view.meeting_place:
            parts.append(f"活动地点：{view.meeting_place}")
        self.info.setText(" · ".join(parts))
        for line in self.status_lines:
            self.status_box.removeWidget(line)
            line.hide()
            line.deleteLater()
        self.status_lines = []
        if count:
            texts = [violation_text(v) for v in violations] if violations else []
            for text in texts or ["符合规定"]:
                line = StatusLine(text, problem=bool(texts), parent=self)
                self.status_box.addWidget(line)
                self.status_lines.append(line)
        broken = bool(violations) and count > 0
        if self.property("broken") != broken:
            self.setProperty("broken", broken)          # the border: theme's style sheet
            self.style().unpolish(self)
            self.style().polish(self)
        rows = []
        heads = [i for i in (view.leader_id, view.deputy_id) if i in view.member_ids]
        for member_id in heads + [i for i in view.member_ids if i not in heads]:
            brief = briefs.get(member_id)
            if brief is None:
                continue
            role = "组长" if member_id == view.leader_id else "副组长" if member_id == view.deputy_id else ""
            icon = "fa6s.star" if role else None
            tip = f"{brief.name}，{brief.category}" + ("，流动党员" if brief.is_flow else "") + (
                f"，住址：{brief.address}" if brief.address else "")
            rows.append((member_id, member_text(brief, role), tip, icon))
        self.members.set_members(rows)
        self.members.fit_height()
        self.empty_hint.setVisible(count == 0)
        self.history_button.setEnabled(True)
        self.delete_button.setVisible(count == 0)
        self.delete_button.setEnabled(deletable)
        self.delete_button.setToolTip("" if deletable else "这个党小组有过成员或活动记录，为了保留历史，不能删除。")

    def problem_texts(self) -> list[str]:
        return [line.text() for line in self.status_lines if line.problem]
