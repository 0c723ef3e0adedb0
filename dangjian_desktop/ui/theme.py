"""Fonts, font sizes and the few colours of the program (UI.md "Text and reading")."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from dangjian_desktop.resources_path import bundled_cjk_font, bundled_fallback_fonts

ACCENT = "#C0392B"        # restrained party red: title and primary buttons only
ERROR = "#B03A2E"
MUTED = "#5D6D7E"

# 标准 / 大 / 特大, in points.
FONT_SIZES = {"normal": 11, "large": 14, "xlarge": 17}
FONT_SIZE_LABELS = {"normal": "标准", "large": "大", "xlarge": "特大"}

# System CJK families preferred when present (Windows: Microsoft YaHei; UOS/Kylin: Noto/WenQuanYi).
_SYSTEM_FAMILIES = ("Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
# Fonts with the rarer characters of names (Extensions A–F), after the UI font: installed ones
# first (Windows has SimSun-ExtB), then the bundled HanaMin subsets, the same as printed pages
# (reports.fonts) fall back to.
_SYSTEM_FALLBACKS = ("SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "Sun-ExtA", "Sun-ExtB")
_family: str | None = None
_fallbacks: list[str] | None = None


def ui_families() -> list[str]:
    """The UI font and, after it, the fonts a character it lacks is drawn with (䶮, 𠮷)."""
    global _fallbacks
    if _fallbacks is None:
        installed = set(QFontDatabase.families())
        chain = [name for name in _SYSTEM_FALLBACKS if name in installed]
        for path in bundled_fallback_fonts():
            font_id = QFontDatabase.addApplicationFont(str(path))
            chain += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _fallbacks = chain
    return [ui_family(), *_fallbacks]


def ui_font(points: float) -> QFont:
    font = QFont(ui_family(), points)
    font.setFamilies(ui_families())
    return font


def ui_family() -> str:
    """Register the bundled font once and return the family the whole UI uses."""
    global _family
    if _family is None:
        families = set(QFontDatabase.families())
        for name in _SYSTEM_FAMILIES[:-1]:
            if name in families:
                _family = name
                break
        else:
            font_id = QFontDatabase.addApplicationFont(str(bundled_cjk_font()))
            loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            _family = loaded[0] if loaded else QFont().defaultFamily()
    return _family


def apply_font_size(app: QApplication, size_key: str) -> None:
    """Set the application font (family + size) and the style sheet that depends on it."""
    points = FONT_SIZES.get(size_key, FONT_SIZES["normal"])
    font = ui_font(points)
    app.setFont(font)
    row = max(28, int(points * 2.6))
    app.setStyleSheet(stylesheet(points, row, sidebar_width(font)))


SIDEBAR_ICON = 22          # the side bar's icon size (main_window)
LONGEST_PAGE_NAME = "支部设置"


def sidebar_width(font: QFont) -> int:
    """The side bar's width at a font: its longest page name beside its icon, never squeezed by a
    page that wants more room (the page scrolls or wraps instead)."""
    bold = QFont(font)
    bold.setBold(True)
    text = QFontMetrics(bold).horizontalAdvance(LONGEST_PAGE_NAME)
    # item padding 12 + 12, selection border 4, icon and its gap, the list's frame, some air
    return text + SIDEBAR_ICON + 8 + 24 + 4 + 2 + 24


def stylesheet(points: int, row_height: int, sidebar: int = 160) -> str:
    return f"""
    QWidget {{ font-size: {points}pt; }}
    QPushButton {{ padding: 6px 14px; min-height: {row_height - 6}px; }}
    QPushButton[primary="true"] {{
        background: {ACCENT}; color: white; border: 1px solid #A93226; border-radius: 4px;
        font-weight: bold;
    }}
    QPushButton[primary="true"]:hover {{ background: #A93226; }}
    QPushButton[primary="true"]:disabled {{ background: #D5A6A1; border-color: #D5A6A1; }}
    QLabel[role="title"] {{ font-size: {points + 5}pt; font-weight: bold; color: #222; }}
    QLabel[role="apptitle"] {{ font-size: {points + 3}pt; font-weight: bold; color: {ACCENT}; }}
    QLabel[role="hint"] {{ color: {MUTED}; }}
    QLabel[role="error"] {{ color: {ERROR}; }}
    QLineEdit, QComboBox, QDateEdit, QPlainTextEdit, QSpinBox {{ min-height: {row_height - 6}px; }}
    QCheckBox::indicator, QTableView::indicator {{ width: {points + 6}px; height: {points + 6}px; }}
    QToolButton#calendarButton {{ min-width: {row_height - 6}px; min-height: {row_height - 6}px; }}
    QListWidget#sidebar {{
        background: #F4F1EE; border: none; border-right: 1px solid #DDD;
        min-width: {sidebar}px; max-width: {sidebar}px;
        outline: none;  /* no focus frame: around the selected page's name it looked like a text field */
        /* the names fit: a few pixels of item padding must not bring up a scroll bar under them */
        qproperty-horizontalScrollBarPolicy: ScrollBarAlwaysOff;
    }}
    QListWidget#sidebar::item {{ padding: 10px 12px; border: none; }}
    QListWidget#sidebar::item:selected {{ background: #FBE9E7; color: #222; border-left: 4px solid {ACCENT}; }}
    QTableView {{ gridline-color: #E5E5E5; }}
    /* 党小组 cards: one rule here instead of a style sheet on each of their many widgets */
    QFrame#groupCard {{ border: 1px solid #CCCCCC; border-radius: 6px; background: white; }}
    QFrame#groupCard[broken="true"] {{ border: 2px solid {ERROR}; }}
    QLabel[role="cardtitle"] {{ font-weight: bold; }}
    QLabel[role="rulebroken"] {{ color: {ERROR}; }}
    QLabel[role="ruleok"] {{ color: #1E5631; }}
    QListView#groupMembers::item {{ padding: 4px 4px; }}
    QHeaderView::section {{ padding: 4px 6px; font-weight: bold; }}
    /* One order of buttons in every dialog and question: 取消 first, the action on the right
       (GnomeLayout; dialog_buttons.button_row builds the same row by hand). */
    QDialogButtonBox, QMessageBox {{ button-layout: 3; }}
    """


def mark_primary(button) -> None:
    """Style a button as the page's main action."""
    button.setProperty("primary", True)
    button.style().unpolish(button)
    button.style().polish(button)
