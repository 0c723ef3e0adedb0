"""统计: the branch's figures on a chosen day (core.stats) — the counts of the township's form with
their shares, and the bar charts of the age, education and 党龄 bands.

The charts are the printed ones (reports.stats_charts): the same reportlab drawings, made into a
small PDF and rendered by PDFium as the print preview renders a document, at a size that follows
the window's font. They are drawn off the GUI thread, so the page opens at once; the counts are
shown straight away. 打印 makes the 统计表 (report ``stats``) of the same day.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontInfo, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import settings, stats
from dangjian_desktop.core.dates import DateError, format_date_cn, parse_date
from dangjian_desktop.errors import UserError, ValidationError
from dangjian_desktop.ui import icons
from dangjian_desktop.ui.dialog_buttons import button_row
from dangjian_desktop.ui.fields import DateField, ErrorLabel
from dangjian_desktop.ui.page import Page
from dangjian_desktop.ui.theme import mark_primary
from dangjian_desktop.ui.worker import run_with_progress

COLUMNS = ("项目", "人数", "占党员总数")
PARTS = ("基本情况", "年龄", "学历", "党龄", "发展党员")
DATE_PAUSE_MS = 300          # typing a date: count once the typing pauses
CHART_LABEL_POINTS = 10.5    # reports.stats_charts.LABEL_SIZE (not imported: reportlab loads late)


def chart_dpi(font: QFont) -> float:
    """The resolution that draws the charts' labels as large as the window's text."""
    return QFontInfo(font).pixelSize() * 72.0 / CHART_LABEL_POINTS


def render_charts(found: stats.Figures, dpi: float) -> list[QImage]:
    """The charts of ``found`` as images at ``dpi`` (run in a worker thread)."""
    from dangjian_desktop.reports import page_images
    from dangjian_desktop.reports.catalog import one_at_a_time
    from dangjian_desktop.reports.stats_charts import charts_pdf, figure_charts

    with one_at_a_time():
        pdf = charts_pdf(figure_charts(found))
    return [QImage(page.data, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()
            for page in page_images.render_pages(pdf, dpi)]


class BandsDialog(QDialog):
    """年龄、党龄分段: the largest age (党龄) of each band, as the branch's rule."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("统计分段")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("年" * 34))   # a band list on one or two lines
        layout = QVBoxLayout(self)
        intro = QLabel("写出每一段的最大年龄（党龄），从小到大，用逗号隔开；最后一段是“…及以上”。"
                       "各地党内统计的分段不完全一样，请按上级的要求填写。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key in (stats.AGE_EDGES_KEY, stats.PARTY_AGE_EDGES_KEY):
            spec = settings.spec(key)
            field = QLineEdit(stats.edges_text(stats.band_edges(key)), self)
            field.setPlaceholderText(f"如 {spec.default}")
            form.addRow(f"{spec.label}：", field)
            self.fields[key] = field
        layout.addLayout(form)
        self.example = QLabel(self)
        self.example.setWordWrap(True)
        self.example.setProperty("role", "hint")
        layout.addWidget(self.example)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        row, cancel, self.save_button = button_row(self, "保存")
        self.reset_button = QPushButton("恢复常用分段", self)
        self.reset_button.setAutoDefault(False)
        row.insertWidget(0, self.reset_button)
        layout.addLayout(row)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self._reset)
        for field in self.fields.values():
            field.textChanged.connect(self._show_example)
        self._show_example()

    def _reset(self) -> None:
        for key, field in self.fields.items():
            field.setText(str(settings.spec(key).default))

    def _show_example(self) -> None:
        try:
            ages = stats.age_labels(stats.parse_edges(self.fields[stats.AGE_EDGES_KEY].text()))
            party = stats.party_age_labels(stats.parse_edges(self.fields[stats.PARTY_AGE_EDGES_KEY].text()))
        except ValueError:
            self.example.setText("")
            return
        self.example.setText(f"年龄分为：{'、'.join(ages)}\n党龄分为：{'、'.join(party)}")

    def save(self) -> None:
        """Check both band sets, then keep both."""
        self.error.show_problem(None)
        try:
            edges = {key: stats.check_band_edges(key, field.text()) for key, field in self.fields.items()}
        except ValidationError as exc:
            key, text = next(iter(exc.problems.items()))
            self.error.show_problem(text)
            self.fields[key].setFocus()
            return
        try:
            for key, value in edges.items():
                stats.put_band_edges(key, stats.edges_text(value))
        except UserError as exc:
            self.error.show_problem(str(exc))
            return
        self.accept()


class StatsPage(Page):
    key = "stats"
    nav_label = "统计"
    nav_icon = "fa6s.chart-column"

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.figures: stats.Figures | None = None
        self._counted_for = None     # (day, data stamp) the figures were counted for
        self._request = 0
        self.operation = None
        self.chart_images: list[QImage] = []

        layout = self.vbox(self)
        self.title = QLabel("统计", self)
        self.bands_button = QPushButton(icons.icon("fa6s.sliders"), "分段…", self)
        self.bands_button.setToolTip("修改年龄、党龄的分段（各地党内统计的分段不完全一样）")
        self.print_button = QPushButton(icons.icon("fa6s.print", color="white"), "打印统计表…", self)
        self.print_button.setToolTip("打印这一天的党员队伍基本情况统计表和统计图（Ctrl+P）")
        mark_primary(self.print_button)
        layout.addLayout(self.header(self.title, self.bands_button, self.print_button))

        row = QHBoxLayout()
        row.addWidget(QLabel("统计日期：", self))
        self.date_field = DateField(self)
        self.date_field.set_date(self.today)
        self.date_field.setMinimumWidth(self.fontMetrics().horizontalAdvance("2026-11-23") + 80)
        self.date_field.setMaximumWidth(300)
        row.addWidget(self.date_field)
        self.today_button = QPushButton("今天", self)
        row.addWidget(self.today_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)

        body = QHBoxLayout()
        body.setSpacing(14)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setFocusPolicy(Qt.NoFocus)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        body.addWidget(self.table)

        self.charts = QWidget(self)
        self.charts_layout = QGridLayout(self.charts)
        self.charts_layout.setContentsMargins(10, 10, 10, 10)
        self.charts_layout.setHorizontalSpacing(28)
        self.charts_layout.setVerticalSpacing(18)
        self.chart_labels = [QLabel(self.charts) for _ in PARTS[1:4]]      # 年龄, 学历, 党龄
        for label, name in zip(self.chart_labels, PARTS[1:4]):
            label.setAlignment(Qt.AlignLeft | Qt.AlignTop)
            label.setAccessibleName(f"{name}统计图")
        self.charts_waiting = QLabel("正在画统计图…", self.charts)
        self.charts_waiting.setProperty("role", "hint")
        self._columns = 0
        self._arrange(1)
        self.charts.setStyleSheet("background: white;")
        self.chart_area = QScrollArea(self)
        self.chart_area.setWidget(self.charts)
        self.chart_area.setWidgetResizable(True)
        body.addWidget(self.chart_area, 1)
        layout.addLayout(body, 1)

        self.hint = QLabel("统计的是这一天在册的党员；年龄、党龄按这一天的周岁算，党龄从转正之日算起，"
                           "预备党员的党龄单列。", self)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(DATE_PAUSE_MS)
        self._date_timer.timeout.connect(self._date_typed)
        self.date_field.changed.connect(self._date_timer.start)
        self.today_button.clicked.connect(lambda: self.date_field.set_date(self.today))
        self.print_button.clicked.connect(self.print_stats)
        self.bands_button.clicked.connect(self.edit_bands)
        QShortcut(QKeySequence.Print, self, self.print_stats)
        self._fit_icons()

    # -- public ----------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    @property
    def day(self) -> dt.date | None:
        """The day counted (None while the typed date is not a date)."""
        return self.figures.on if self.figures else None

    def refresh(self) -> None:
        day = self._typed_day()
        self.show_day(day or self.today)

    def show_day(self, day: dt.date) -> None:
        """Count the roster of ``day``: the table at once, the charts when drawn."""
        from dangjian_desktop.db.connection import data_stamp

        self.error.show_problem(None)
        counted_for = (day, data_stamp())
        if counted_for == self._counted_for and self.figures is not None:
            found = self.figures            # nothing written since: the same figures
        else:
            found = stats.figures(day)
        self._counted_for = counted_for
        same = found == self.figures and len(self.chart_images) == len(self.chart_labels)
        self.figures = found
        self._fill_table(self.figures)
        self.title.setText(f"统计（{format_date_cn(day)}在册党员 {self.figures.members} 人）")
        f = self.figures
        self.summary.setText(f"其中正式党员 {f.full} 人、预备党员 {f.probationary} 人，"
                             f"女党员 {f.women} 人，流动党员 {f.flow} 人。")
        if not same:            # coming back to the page with nothing changed: the charts stand
            self._draw_charts()

    def print_stats(self) -> None:
        if self.figures is None:
            return
        from dangjian_desktop.ui.reports_page import print_document

        print_document(self, "stats", on=self.figures.on)

    def edit_bands(self) -> None:
        dialog = BandsDialog(self)
        if dialog.exec() == QDialog.Accepted:
            self.status_message.emit("已保存统计分段")
            self.refresh()

    # -- internals -------------------------------------------------------------------------

    def _typed_day(self) -> dt.date | None:
        try:
            parsed = parse_date(self.date_field.text())
        except DateError:
            return None
        return parsed[0] if parsed else None

    def _date_typed(self) -> None:
        text = self.date_field.text()
        try:
            parsed = parse_date(text)
        except DateError as exc:
            self.error.show_problem(str(exc))
            return
        if parsed is None:
            self.error.show_problem("请写上统计哪一天，如 2026-12-31。")
            return
        if self.figures is None or parsed[0] != self.figures.on:
            self.show_day(parsed[0])
        else:
            self.error.show_problem(None)

    def _fill_table(self, f: stats.Figures) -> None:
        rows: list[tuple[str, str, str] | str] = []
        headline = f.headline()
        parts = [(PARTS[0], headline[:7], True), (PARTS[1], list(f.age_bands.items()), True),
                 (PARTS[2], list(f.education.items()), True), (PARTS[3], list(f.party_age_bands.items()), True),
                 (PARTS[4], headline[7:], False)]
        for caption, items, shares in parts:
            rows.append(caption)
            for label, count in items:
                rows.append((label, str(count), stats.share_text(count, f.members) if shares else ""))
        table = self.table
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Fixed)   # else every cell set measures its column anew
        table.setUpdatesEnabled(False)
        table.clearSpans()
        table.setRowCount(len(rows))
        bold = QFont(table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            if isinstance(row, str):
                item = QTableWidgetItem(row)
                item.setFont(bold)
                item.setBackground(Qt.GlobalColor.transparent)
                table.setItem(r, 0, item)
                for c in (1, 2):
                    table.setItem(r, c, QTableWidgetItem(""))
                table.setSpan(r, 0, 1, len(COLUMNS))
                continue
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                table.setItem(r, c, item)
        table.setUpdatesEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        width = table.horizontalHeader().length() + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        table.setFixedWidth(width)

    def _draw_charts(self) -> None:
        self._request += 1
        request = self._request
        found = self.figures
        dpi = chart_dpi(self.font()) * self.devicePixelRatioF()
        self.charts_waiting.show()

        def done(images: list[QImage]) -> None:
            if request == self._request:
                self._show_charts(images)

        self.operation = run_with_progress(self, "正在画统计图…", lambda _progress: render_charts(found, dpi), done)

    def _show_charts(self, images: list[QImage]) -> None:
        self.chart_images = images
        ratio = self.devicePixelRatioF()
        for label, image in zip(self.chart_labels, images):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setMinimumSize(QSize(round(image.width() / ratio), round(image.height() / ratio)))
        self.charts_waiting.hide()
        self._fit_columns()
        self.charts.layout().activate()
        self.charts.updateGeometry()

    def _arrange(self, columns: int) -> None:
        """The charts as on paper: 年龄 beside 党龄 and 学历 under them (one under another when
        the page is too narrow for two)."""
        if columns == self._columns:
            return
        self._columns = columns
        grid = self.charts_layout
        for widget in (*self.chart_labels, self.charts_waiting):
            grid.removeWidget(widget)
        age, education, party = self.chart_labels
        places = [(age, 0, 0), (party, 0, 1), (education, 1, 0)] if columns == 2 else \
            [(age, 0, 0), (education, 1, 0), (party, 2, 0)]
        for widget, row, column in places:
            grid.addWidget(widget, row, column)
        grid.addWidget(self.charts_waiting, 3, 0)
        for column in range(3):
            grid.setColumnStretch(column, 0)
        for row in range(5):
            grid.setRowStretch(row, 0)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(4, 1)

    def _fit_columns(self) -> None:
        if len(self.chart_images) < 3:
            return
        margins = self.charts_layout.contentsMargins()
        need = (self.chart_images[0].width() + self.chart_images[2].width()) / self.devicePixelRatioF() \
            + self.charts_layout.horizontalSpacing() + margins.left() + margins.right()
        self._arrange(2 if self.chart_area.viewport().width() >= need else 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_columns()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_icons()
            if self.figures is not None:
                self._fill_table(self.figures)
                self._draw_charts()

    def _fit_icons(self) -> None:
        side = max(16, round(self.fontMetrics().height() * 0.9))
        for button in (self.bands_button, self.print_button):
            button.setIconSize(QSize(side, side))
