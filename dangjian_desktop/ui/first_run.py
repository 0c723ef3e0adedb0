"""First start: ask for the branch's basic facts, or load the demo branch to look around."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from dangjian_desktop.core import branch as branch_ops
from dangjian_desktop.core.demo import generate_demo
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui.fields import ErrorLabel, limit_length
from dangjian_desktop.ui.theme import mark_primary


class FirstRunDialog(QDialog):
    """``choice`` is "branch" or "demo" after acceptance."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle("欢迎使用党支部工作台")
        layout = QVBoxLayout(self)
        title = QLabel("欢迎使用党支部工作台", self)
        title.setProperty("role", "apptitle")
        intro = QLabel("先填写本支部的基本情况（以后可以在“支部设置”里修改）。\n"
                       "想先看看程序怎么用，可以点“载入演示数据”。", self)
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("如 东坡村党支部")
        self.parent_org = QLineEdit(self)
        self.parent_org.setPlaceholderText("如 青山镇党委")
        self.secretary = QLineEdit(self)
        self.secretary.setPlaceholderText("书记姓名")
        for key, widget in (("name", self.name), ("parent_org", self.parent_org), ("secretary_name", self.secretary)):
            limit_length(widget, branch_ops.FIELD_MAX_LENGTH[key])
        form.addRow("支部名称（必填）", self.name)
        form.addRow("上级党组织", self.parent_org)
        form.addRow("书记", self.secretary)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.demo_button = QPushButton("载入演示数据", self)
        self.start_button = QPushButton("开始使用", self)
        mark_primary(self.start_button)
        self.start_button.setDefault(True)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(self.save_branch)
        self.demo_button.clicked.connect(self.load_demo)
        self.resize(560, 320)

    def save_branch(self) -> None:
        try:
            branch_ops.begin_using(branch_ops.BranchInfo(
                name=self.name.text(), parent_org=self.parent_org.text(), secretary_name=self.secretary.text()))
        except ValidationError as exc:
            self.error.show_problem(exc.message)
            self.name.setFocus()
            return
        self.choice = "branch"
        self.accept()

    def load_demo(self) -> None:
        try:
            generate_demo(46, seed=1)
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.choice = "demo"
        self.accept()
