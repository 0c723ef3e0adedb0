"""Checks that a window shows its words whole: no label, button or table header cut off.

``clipped_texts(root)`` walks the visible widgets of a window and returns one line for each
text that does not fit: a QLabel, QPushButton, QCheckBox or QRadioButton smaller than its size
hint (for a word-wrapped label: shorter than the height its text needs at its width, or lower
than one line of its font), a widget reaching outside a parent that cannot scroll, and a table
header section narrower than its title.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabBar,
    QTableView,
    QWidget,
)

# The 1366×768 screen of a cheap laptop: the window maximised, less a taskbar of 40 pixels.
SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 728
SLACK = 1   # rounding of layouts


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") else ""
    path = []
    w = widget
    while w is not None and len(path) < 4:
        path.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return f"{type(widget).__name__} {text[:30]!r} in {'/'.join(reversed(path[1:]))}"


def _label_problem(label: QLabel) -> str | None:
    if not label.text().strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    size = label.size()
    line = label.fontMetrics().height()
    if label.contentsRect().height() + SLACK < line:
        return f"{size.height()} px high, one line of its font needs {line}"
    if label.wordWrap():
        need = label.heightForWidth(size.width()) if label.hasHeightForWidth() else label.sizeHint().height()
        if need > size.height() + SLACK:
            return f"{size.height()} px high at width {size.width()}, its text needs {need}"
        if label.minimumSizeHint().width() > size.width() + SLACK:
            return f"{size.width()} px wide, its longest word needs {label.minimumSizeHint().width()}"
        return None
    hint = label.sizeHint()
    if hint.width() > size.width() + SLACK or hint.height() > size.height() + SLACK:
        return f"size {size.width()}×{size.height()}, its text needs {hint.width()}×{hint.height()}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    if not button.text().strip():
        return None
    size = button.size()
    hint = button.minimumSizeHint()
    if not hint.isValid() or isinstance(button, QPushButton):
        hint = button.sizeHint()
    line = button.fontMetrics().height() + (4 if isinstance(button, QPushButton) else 0)
    if hint.width() > size.width() + SLACK:
        return f"{size.width()} px wide, its text needs {hint.width()}"
    if size.height() + SLACK < line:
        return f"{size.height()} px high, its text needs {line}"
    return None


def _field_problem(field: QWidget) -> str | None:
    """A combo box or spin box too narrow for the text it shows now (the arrow takes some room)."""
    if isinstance(field, QComboBox):
        text = field.currentText()
        if field.isEditable():
            return None
        extra = 34 + (field.iconSize().width() + 4 if field.itemIcon(field.currentIndex()).availableSizes() else 0)
    else:
        text = field.text()
        extra = 30
    if not text or field.width() + SLACK >= field.sizeHint().width():
        return None      # as wide as Qt makes it for its longest choice or value
    need = field.fontMetrics().horizontalAdvance(text) + extra
    if field.width() + SLACK < need:
        return f"{field.width()} px wide, its text {text!r} needs {need}"
    return None


def _header_problems(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Horizontal or header.isHidden():
        return []
    font = QFont(header.font())
    font.setBold(True)                 # theme: QHeaderView::section { font-weight: bold }
    metrics = QFontMetrics(font)
    problems = []
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        text = model.headerData(logical, Qt.Horizontal, Qt.DisplayRole)
        if not text:
            continue
        lines = str(text).split("\n")
        need = max(metrics.horizontalAdvance(t) for t in lines) + 12     # padding 6 px each side
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == logical:
            need += 12
        have = header.sectionSize(logical)
        if have + SLACK < need:
            problems.append(f"table header {str(text)!r} in {_name(header.parentWidget())}: "
                            f"column {have} px wide, its title needs {need}")
    return problems


def _cell_problems(view: QAbstractItemView, max_rows: int = 60) -> list[str]:
    """Cells of a table or list whose text is cut off (elided) in the visible rows."""
    model = view.model()
    if model is None or view.isHidden():
        return []
    metrics = view.fontMetrics()
    wraps = isinstance(view, QTableView) and view.wordWrap()
    problems = []
    for row in range(min(model.rowCount(QModelIndex()), max_rows)):
        for column in range(model.columnCount(QModelIndex()) if isinstance(view, QTableView) else 1):
            if isinstance(view, QTableView) and view.isColumnHidden(column):
                continue
            index = model.index(row, column)
            text = model.data(index, Qt.DisplayRole)
            if not text or not isinstance(text, str):
                continue
            rect = view.visualRect(index)
            if isinstance(view, QListView):
                rect.setWidth(min(rect.width(), view.viewport().width() - rect.x()))
            decoration = model.data(index, Qt.DecorationRole)
            icon = (view.iconSize().width() if view.iconSize().isValid() else 16) + 6 if decoration else 0
            widest = max(metrics.horizontalAdvance(t) for t in text.split("\n"))
            need = widest + icon + 6         # the style's text margins (PM_FocusFrameHMargin + 1 each side)
            if wraps and rect.height() >= 2 * metrics.height():
                continue
            if rect.width() + SLACK < need:
                problems.append(f"cell {text[:20]!r} (row {row}, column {column}) in {_name(view)}: "
                                f"{rect.width()} px wide, its text needs {need}")
    return problems


def _outside_parent(widget: QWidget, root: QWidget) -> str | None:
    """The widget reaches outside a parent that does not scroll (so part of it is never seen)."""
    rect = QRect(QPoint(0, 0), widget.size())
    child = widget
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            if isinstance(area, QScrollArea) and area.widget() is child \
                    and area.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff \
                    and child.width() > parent.width() + SLACK:
                return f"in a scroll area that cannot scroll sideways, {child.width()} px wide in {parent.width()}"
            return None          # inside a scroll area: the user can scroll to it
        if isinstance(parent, QTabBar):
            return None
        rect = QRect(child.mapTo(parent, rect.topLeft()), rect.size())
        if not parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            return f"reaches outside {type(parent).__name__} {parent.objectName()!r} " \
                   f"({rect.x()},{rect.y()} {rect.width()}×{rect.height()} in {parent.width()}×{parent.height()})"
        if parent is root:
            return None
        child = parent
        parent = parent.parentWidget()
    return None


def settle(root: QWidget, timeout_s: float = 30.0) -> None:
    """Let work a page of ``root`` started in the background (the 统计 charts, a report) finish
    and its results be laid out, so that what is checked is what the user sees when it is done."""
    import time

    import shiboken6

    from dangjian_desktop.ui import worker

    def mine() -> list:
        return [op for op in worker._RUNNING if shiboken6.isValid(op._parent)
                and (op._parent is root or root.isAncestorOf(op._parent))]

    deadline = time.monotonic() + timeout_s
    while mine() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    for _ in range(2):          # the results, then the layout they ask for
        QApplication.processEvents()


def clipped_texts(root: QWidget, *, cells: bool = True) -> list[str]:
    settle(root)
    problems: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.window() is not root.window():
            continue
        if isinstance(widget, QHeaderView):
            problems += _header_problems(widget)
            continue
        if isinstance(widget, (QTableView, QListView)) and cells:
            problems += _cell_problems(widget)
            continue
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, (QPushButton, QCheckBox, QRadioButton)):
            problem = _button_problem(widget)
        elif isinstance(widget, (QComboBox, QAbstractSpinBox)) and not isinstance(widget, QDateEdit):
            problem = _field_problem(widget)
        else:
            continue
        problem = problem or _outside_parent(widget, root)
        if problem:
            problems.append(f"{_name(widget)}: {problem}")
    return problems
