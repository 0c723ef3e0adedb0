"""The 使用说明 window (F1): the common tasks step by step, readable offline at every font size."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from dangjian_desktop.ui import help_text


class HelpWindow(QDialog):
    """Not modal: the user can keep it open beside the window while doing what it says."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.setWindowFlag(Qt.WindowContextHelpButtonHint, False)
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)      # offline: nothing leaves the program
        # Line spacing ≥1.3 for reading (UI.md); Qt applies it per block, not from <body>.
        self.browser.document().setDefaultStyleSheet("p, li, td { line-height: 145%; } li { margin-bottom: 4px; }")
        self.browser.setHtml(help_text.html())
        layout.addWidget(self.browser, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton("关闭", self)
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.close_button)
        layout.addLayout(row)

    def show_section(self, key: str) -> None:
        self.browser.scrollToAnchor(key)

    def section_titles(self) -> list[str]:
        return [title for _key, title in help_text.SECTIONS]


def show_manual(parent: QWidget) -> HelpWindow:
    """Show the parent's help window (one per window), brought to the front if already open."""
    window = getattr(parent, "_help_window", None)
    if window is None:
        window = HelpWindow(parent)
        parent._help_window = window
    em = window.browser.fontMetrics().horizontalAdvance("说")      # the size follows the chosen font
    width, height = 40 * em, 30 * window.browser.fontMetrics().height()
    screen = parent.screen().availableGeometry() if parent.screen() else None
    if screen is not None:
        width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
    window.resize(width, height)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
