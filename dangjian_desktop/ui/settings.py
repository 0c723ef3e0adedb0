"""Typed program settings over QSettings, in one place (STYLE.md #9).

These are the user's preferences on this computer (font size, window geometry); the branch's
own rules live in the database (core/branch.py settings).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from dangjian_desktop import APP_ID, portable


class UiSettings:
    def __init__(self, settings: QSettings | None = None):
        if settings is None:
            ini = portable.data_file("settings.ini")
            settings = QSettings(str(ini), QSettings.IniFormat) if ini else QSettings(APP_ID, APP_ID)
        self._s = settings

    def _get(self, key: str, default, kind):
        value = self._s.value(key, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def font_size(self) -> str:
        value = self._get("ui/font_size", "normal", str)
        return value if value in ("normal", "large", "xlarge") else "normal"

    @font_size.setter
    def font_size(self, value: str) -> None:
        self._s.setValue("ui/font_size", value)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def show_former(self) -> bool:
        return self._get("members/show_former", "false", str) in ("true", "True", "1")

    @show_former.setter
    def show_former(self, value: bool) -> None:
        self._s.setValue("members/show_former", "true" if value else "false")

    def sync(self) -> None:
        self._s.sync()
