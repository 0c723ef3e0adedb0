"""The window settings of this computer (font size, window geometry, …), kept in QSettings.

Which settings exist, their types and defaults are in the one registry, core.settings (store
``WINDOW``); this class only reads and writes them. The branch's own rules live in the data
file (core.settings, store ``BRANCH``).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from dangjian_desktop import APP_ID, portable
from dangjian_desktop.core.settings import WINDOW, spec


class UiSettings:
    def __init__(self, settings: QSettings | None = None):
        if settings is None:
            ini = portable.data_file("settings.ini")
            settings = QSettings(str(ini), QSettings.IniFormat) if ini else QSettings(APP_ID, APP_ID)
        self._s = settings

    def value(self, key: str) -> object:
        s = spec(key)
        if s.store != WINDOW:
            raise ValueError(f"{key} is not a window setting")
        raw = self._s.value(key)
        if raw is None:
            return s.default
        if s.type is bytes:
            return raw if isinstance(raw, QByteArray) else s.default
        return s.coerce(raw)

    def set_value(self, key: str, value: object) -> None:
        s = spec(key)
        if s.store != WINDOW:
            raise ValueError(f"{key} is not a window setting")
        if s.type is bool:
            value = "true" if s.check(value) else "false"
        elif s.type is not bytes:
            value = s.check(value)
        self._s.setValue(key, value)

    @property
    def font_size(self) -> str:
        return self.value("ui/font_size")

    @font_size.setter
    def font_size(self, value: str) -> None:
        self.set_value("ui/font_size", value)

    @property
    def geometry(self) -> QByteArray | None:
        return self.value("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.set_value("window/geometry", value)

    @property
    def show_former(self) -> bool:
        return self.value("members/show_former")

    @show_former.setter
    def show_former(self, value: bool) -> None:
        self.set_value("members/show_former", value)

    def sync(self) -> None:
        self._s.sync()
