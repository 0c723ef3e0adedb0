"""The 会议记录 tab of the activity dialog: the minutes from the kind's template — agenda,
sections, speeches with dissent, the chair's summary — edited and saved as a revision (a
change on the undo history until the record is finalised).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import attendance as attendance_ops
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.ui.activity_controls import READ_ONLY_STYLE, ActivityTab, Apply, _button, set_read_only, tall_rows
from dangjian_desktop.ui.fields import NoteLabel

TALL_EDIT = "QPlainTextEdit { min-height: 4.5em; }"     # the theme's one-line minimum is too low here


class MinutesTab(ActivityTab):
    def __init__(self, apply: Apply, parent=None):
        super().__init__(apply, parent)
        self._loading = False
        self._dirty = False
        self.section_edits: list[tuple[minutes_ops.Section, QPlainTextEdit]] = []
        self.minutes_state = QLabel(self)
        self.minutes_state.setWordWrap(True)
        self.minutes_note = NoteLabel(self)
        self.minutes_area = QScrollArea(self)
        self.minutes_area.setWidgetResizable(True)
        self.minutes_body = QWidget(self.minutes_area)
        self.minutes_layout = QVBoxLayout(self.minutes_body)
        self.minutes_area.setWidget(self.minutes_body)
        self.agenda_edit = QPlainTextEdit(self.minutes_body)
        self.agenda_edit.setPlaceholderText("每行一项议程")
        self.agenda_edit.setStyleSheet(TALL_EDIT)
        self.speech_table = QTableWidget(0, 3, self.minutes_body)
        self.speech_table.setHorizontalHeaderLabels(["发言人", "发言内容", "不同意见"])
        self.speech_table.verticalHeader().hide()
        tall_rows(self.speech_table)
        self.speech_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.speech_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.speech_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.speech_table.setMinimumHeight(150)
        self.add_speech_button = _button("fa6s.plus", "添加发言…", self.minutes_body)
        self.remove_speech_button = _button("fa6s.minus", "删除发言", self.minutes_body)
        self.summary_edit = QPlainTextEdit(self.minutes_body)
        self.summary_edit.setPlaceholderText("主持人对会议的总结")
        self.summary_edit.setStyleSheet(TALL_EDIT)
        self.save_minutes_button = _button("fa6s.floppy-disk", "保存记录", self, "保存会议记录（Ctrl+S）")
        self.sections_box = QVBoxLayout()
        self.minutes_layout.addWidget(self._minutes_title("议程"))
        self.minutes_layout.addWidget(self.agenda_edit)
        self.minutes_layout.addLayout(self.sections_box)
        self.minutes_layout.addWidget(self._minutes_title("发言（包括不同意见）"))
        self.minutes_layout.addWidget(self.speech_table)
        speech_buttons = QHBoxLayout()
        speech_buttons.addWidget(self.add_speech_button)
        speech_buttons.addWidget(self.remove_speech_button)
        speech_buttons.addStretch(1)
        self.minutes_layout.addLayout(speech_buttons)
        self.minutes_layout.addWidget(self._minutes_title("主持人总结"))
        self.minutes_layout.addWidget(self.summary_edit)
        self.minutes_layout.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.minutes_state, 1)
        bottom.addWidget(self.save_minutes_button)
        self.setStyleSheet(READ_ONLY_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.minutes_note)
        layout.addWidget(self.minutes_area, 1)
        layout.addLayout(bottom)
        self.agenda_edit.textChanged.connect(self._minutes_edited)
        self.summary_edit.textChanged.connect(self._minutes_edited)
        self.speech_table.itemChanged.connect(self._minutes_edited)
        self.add_speech_button.clicked.connect(self.add_speech)
        self.remove_speech_button.clicked.connect(self.remove_speech)
        self.save_minutes_button.clicked.connect(self.save_minutes)

    def _minutes_title(self, text: str) -> QLabel:
        label = QLabel(text, self.minutes_body)
        label.setStyleSheet("font-weight: bold; margin-top: 6px;")
        return label

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _minutes_edited(self, *_args) -> None:
        if not self._loading:
            self._dirty = True

    # --- minutes ---------------------------------------------------------------------------------
    @staticmethod
    def _words(content: minutes_ops.MinutesContent) -> tuple:
        """What the user wrote (hints aside), to tell whether what is shown is what is saved."""
        return ([(s.title, s.text.strip()) for s in content.sections], [a.strip() for a in content.agenda],
                [(s.speaker, s.text, s.member_id, s.dissent) for s in content.speeches], content.summary.strip())

    def load(self, activity) -> None:
        revision, content = minutes_ops.current(activity.id)
        same_text = (self.activity is not None and self.activity.id == activity.id
                     and self._words(content) == self._words(self.minutes_content()))
        self.activity = activity
        self._loading = True
        if not same_text:    # (just saved: the boxes stay as they are, cursor and all)
            self._show_content(content)
        self._show_state(activity, revision)
        self._loading = False
        self._dirty = False

    def _show_content(self, content: minutes_ops.MinutesContent) -> None:
        while self.sections_box.count():
            item = self.sections_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.section_edits = []
        for section in content.sections:
            title = self._minutes_title(section.title)
            edit = QPlainTextEdit(self.minutes_body)
            edit.setPlaceholderText(section.hint)
            edit.setPlainText(section.text)
            edit.setStyleSheet(TALL_EDIT)
            edit.textChanged.connect(self._minutes_edited)
            self.sections_box.addWidget(title)
            self.sections_box.addWidget(edit)
            self.section_edits.append((section, edit))
        self.agenda_edit.setPlainText("\n".join(content.agenda))
        self.speech_table.setRowCount(0)
        for speech in content.speeches:
            self._add_speech_row(speech)
        self.summary_edit.setPlainText(content.summary)

    def _show_state(self, activity, revision) -> None:
        editable = activity.status == "held"
        for edit in [e for _s, e in self.section_edits] + [self.agenda_edit, self.summary_edit]:
            set_read_only(edit, not editable)
        self.speech_table.setEditTriggers(QAbstractItemView.AllEditTriggers if editable
                                          else QAbstractItemView.NoEditTriggers)
        for b in (self.add_speech_button, self.remove_speech_button, self.save_minutes_button):
            b.setVisible(editable)
        if revision is None:
            state = "还没有保存过会议记录。"
        else:
            state = revision.describe()
        self.minutes_state.setText(state)
        self.minutes_note.show_note("记录已定稿，只能查看。" if activity.status == "finalized" else None)

    def _add_speech_row(self, speech: minutes_ops.Speech) -> None:
        row = self.speech_table.rowCount()
        self.speech_table.insertRow(row)
        who = QTableWidgetItem(speech.speaker)
        who.setData(Qt.UserRole, speech.member_id)
        self.speech_table.setItem(row, 0, who)
        self.speech_table.setItem(row, 1, QTableWidgetItem(speech.text))
        dissent = QTableWidgetItem("不同意见")
        dissent.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
        dissent.setCheckState(Qt.Checked if speech.dissent else Qt.Unchecked)
        self.speech_table.setItem(row, 2, dissent)

    def add_speech(self) -> None:
        names = [(r.member_id, r.name) for r in attendance_ops.attendees(self.activity_id)
                 if r.state == attendance_ops.PRESENT]
        dialog = QInputDialog(self)
        dialog.setWindowTitle("添加发言")
        dialog.setLabelText("发言人（可从出席人员中选，也可以直接输入）：")
        dialog.setComboBoxItems([n for _m, n in names] or [""])
        dialog.setComboBoxEditable(True)
        dialog.setOkButtonText("添加")
        dialog.setCancelButtonText("取消")
        if dialog.exec() != QDialog.Accepted or not dialog.textValue().strip():
            return
        speaker = dialog.textValue().strip()
        member_id = next((m for m, n in names if n == speaker), None)
        self._add_speech_row(minutes_ops.Speech(speaker, "", member_id))
        self.speech_table.setCurrentCell(self.speech_table.rowCount() - 1, 1)
        self.speech_table.editItem(self.speech_table.item(self.speech_table.rowCount() - 1, 1))
        self._minutes_edited()

    def remove_speech(self) -> None:
        row = self.speech_table.currentRow()
        if row >= 0:
            self.speech_table.removeRow(row)
            self._minutes_edited()

    def minutes_content(self) -> minutes_ops.MinutesContent:
        speeches = []
        for row in range(self.speech_table.rowCount()):
            who = self.speech_table.item(row, 0)
            text = self.speech_table.item(row, 1)
            dissent = self.speech_table.item(row, 2)
            speeches.append(minutes_ops.Speech(
                who.text().strip() if who else "", text.text().strip() if text else "",
                who.data(Qt.UserRole) if who else None, bool(dissent and dissent.checkState() == Qt.Checked)))
        return minutes_ops.MinutesContent(
            sections=[minutes_ops.Section(s.title, e.toPlainText().strip(), s.hint) for s, e in self.section_edits],
            agenda=[line.strip() for line in self.agenda_edit.toPlainText().splitlines() if line.strip()],
            speeches=[s for s in speeches if s.speaker or s.text],
            summary=self.summary_edit.toPlainText().strip(),
        )

    def save_minutes(self) -> bool:
        activity_id, content = self.activity_id, self.minutes_content()
        self._dirty = False          # what is saved is what is shown: the reload may show it
        try:
            change = self.apply(lambda: minutes_ops.save.undoable(activity_id, content))
        except BaseException:
            self._dirty = True       # not saved: closing the dialog still asks about it
            raise
        if change is None:
            self._dirty = True
            return False
        self.minutes_state.setText(change.result.describe() + "　已保存。")
        return True
