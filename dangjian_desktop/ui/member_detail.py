"""The panel right of the 党员 table: the selected member's facts, attendance and actions.

Nothing in it has a fixed height: the facts scroll inside their tab when the panel is short
(a 768-pixel screen at 特大), so no line is ever squeezed below the height of its font.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import members as member_ops
from dangjian_desktop.core import review as review_ops
from dangjian_desktop.core.dates import format_date
from dangjian_desktop.core.member_rules import flow_words, month_only_fields
from dangjian_desktop.core.membership import current_group_name
from dangjian_desktop.core.vocab import ACTIVE, STATUS_LABELS
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.member_attendance import MemberAttendanceWidget

# The widest line the panel is made wide enough for, at every font size.
WIDTH_SAMPLE = "身份证号：370124197005221234"


class MemberDetail(QFrame):
    """Right-hand panel: the selected member's main facts and actions."""

    edit_requested = Signal()
    status_requested = Signal()

    FIELDS = (
        ("身份证号", "id_number"), ("出生日期", "birth_date"), ("民族", "ethnicity"), ("学历", "education"),
        ("入党日期", "joined_on"), ("转正日期", "full_member_on"), ("手机", "phone"), ("住址", "address"),
        ("村民小组", "hamlet"), ("工作岗位", "job"), ("党内职务", "party_post"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = QLabel("", self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.subtitle = QLabel("", self)
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        facts = QWidget()
        facts_layout = QVBoxLayout(facts)
        facts_layout.setContentsMargins(4, 8, 4, 4)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)      # a long address goes under its label
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for label, key in self.FIELDS:
            name = QLabel(label + "：", facts)
            value = QLabel("", facts)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.labels[key] = name
            self.values[key] = value
            form.addRow(name, value)
        facts_layout.addLayout(form)
        self.history = QLabel("", facts)
        self.history.setWordWrap(True)
        self.history.setProperty("role", "hint")
        facts_layout.addWidget(self.history)
        facts_layout.addStretch(1)
        self.facts_scroll = QScrollArea(self.tabs)
        self.facts_scroll.setWidgetResizable(True)
        self.facts_scroll.setFrameShape(QFrame.NoFrame)
        self.facts_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.facts_scroll.setWidget(facts)
        self.tabs.addTab(self.facts_scroll, "基本信息")
        self.attendance = MemberAttendanceWidget(None, self.tabs, show_title=False)
        self.tabs.addTab(self.attendance, "参加活动情况")
        layout.addWidget(self.tabs, 1)

        buttons = QHBoxLayout()
        self.edit_button = QPushButton(icons.icon("fa6s.pen"), "修改", self)
        self.status_button = QPushButton(icons.icon("fa6s.right-from-bracket"), "变更状态…", self)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.status_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.edit_button.clicked.connect(self.edit_requested)
        self.status_button.clicked.connect(self.status_requested)
        self.show_member(None)

    def minimumSizeHint(self) -> QSize:
        """Wide enough for an ID number beside its label at the current font size."""
        hint = super().minimumSizeHint()
        width = self.fontMetrics().horizontalAdvance(WIDTH_SAMPLE) + 64
        return QSize(max(hint.width(), width), hint.height())

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self.updateGeometry()
        super().changeEvent(event)

    def show_member(self, member_id: int | None) -> None:
        member = member_ops.find_member(member_id)
        for widget in (self.edit_button, self.status_button):
            widget.setEnabled(member is not None)
        self.tabs.setVisible(member is not None)
        if member is None:
            self.title.setText("")
            self.title.hide()
            self.subtitle.setText("在左边的表格中点选一名党员，这里显示详细信息。")
            for value in self.values.values():
                value.setText("")
            self.history.setText("")
            self.attendance.set_member(None)
            return
        self.title.show()
        self.title.setText(member.name)
        parts = [member.gender, member.category, current_group_name(member.id) or "未分组"]
        if member.status != ACTIVE:
            parts.append(STATUS_LABELS[member.status])
        elif member.is_flow:
            parts.append(flow_words(member.flow_destination))
        self.subtitle.setText(" · ".join(p for p in parts if p))
        month_only = month_only_fields(member.month_only)
        for key, value in self.values.items():
            raw = getattr(member, key)
            value.setText(format_date(raw, key in month_only) if isinstance(raw, dt.date) else (raw or "—"))
        self.attendance.set_member(member.id)
        changes = member_ops.status_history(member.id)
        if changes:
            lines = [
                f"{format_date(c.on_date)} {STATUS_LABELS.get(c.status, c.status)}"
                + (f"，转往{c.destination}" if c.destination else "")
                + (f"（{c.reason}）" if c.reason else "")
                for c in changes
            ]
            history = "状态记录：\n" + "\n".join(lines)
        else:
            history = ""
        grades = review_ops.member_grades(member.id)
        if grades:
            history += ("\n\n" if history else "") + "民主评议：" + "，".join(f"{year}年 {g}" for year, g in grades)
        self.history.setText(history)
