"""Earlier revisions of minutes, each shown as it was finalised."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.core.activity_record import ActivityRecord, revision_record
from dangjian_desktop.core.dates import format_date_cn


def record_html(record: ActivityRecord) -> str:
    """The record as simple HTML for reading an earlier revision on screen."""
    e = html.escape
    when = format_date_cn(record.date) + (f" {record.start_time}" if record.start_time else "")
    if record.end_time:
        when += f"—{record.end_time}"
    parts = [f"<h2>{e(record.title)}</h2>",
             f"<p>时间：{e(when)}　地点：{e(record.place or '—')}<br>"
             f"主持人：{e(record.chair_name or '—')}　记录人：{e(record.recorder_name or '—')}"
             + (f"　主讲人：{e(record.lecturer_name)}" if record.lecturer_name else "") + "</p>",
             f"<p>{e(record.counts.describe())}</p>"]
    if record.quorum:
        parts.append(f"<p>{e(record.quorum.describe())}</p>")
    if record.present:
        parts.append(f"<p>出席：{e('、'.join(a.name for a in record.present))}</p>")
    for label, rows in (("请假", record.on_leave), ("缺席", record.absent)):
        if rows:
            parts.append(f"<p>{label}：{e('、'.join(f'{a.name}（{a.reason}）' for a in rows))}</p>")
    if record.excluded:
        parts.append(f"<p>不计入应到人数：{e('、'.join(f'{a.name}（{a.excluded_reason}）' for a in record.excluded))}</p>")
    if record.guests:
        parts.append(f"<p>列席：{e('、'.join(g.name + (f'（{g.role}）' if g.role else '') for g in record.guests))}</p>")
    m = record.minutes
    if m:
        if m.agenda:
            parts.append("<h3>议程</h3><ol>" + "".join(f"<li>{e(a)}</li>" for a in m.agenda) + "</ol>")
        for s in m.sections:
            if s.text.strip():
                parts.append(f"<h3>{e(s.title)}</h3><p>{e(s.text).replace(chr(10), '<br>')}</p>")
        if m.speeches:
            parts.append("<h3>发言</h3>" + "".join(
                f"<p><b>{e(s.speaker)}</b>{'（不同意见）' if s.dissent else ''}：{e(s.text)}</p>" for s in m.speeches))
    if record.decisions:
        parts.append("<h3>表决事项</h3>" + "".join(
            f"<p>{i}. {e(d.text)}——{e(d.describe())}</p>" for i, d in enumerate(record.decisions, 1)))
    if m and m.summary.strip():
        parts.append(f"<h3>主持人总结</h3><p>{e(m.summary)}</p>")
    return "".join(parts)


class RevisionsDialog(QDialog):
    """Every revision of the minutes, each readable as it was finalised."""

    def __init__(self, activity_id: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("历次会议记录")
        self.resize(900, 600)
        self.revisions = minutes_ops.revisions(activity_id)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        for r in self.revisions:
            self.list.addItem(r.describe())
        self.view = QTextBrowser(self)
        splitter = QSplitter(Qt.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.view)
        splitter.setSizes([330, 570])
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("每一稿都按定稿时的样子保存，可以对照查看。", self))
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(self._show)
        if self.revisions:
            self.list.setCurrentRow(len(self.revisions) - 1)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.revisions):
            self.view.setHtml(record_html(revision_record(self.revisions[row].id)))
