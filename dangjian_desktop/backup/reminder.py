"""How long ago the last backup to a USB stick was, for the home page and the status bar.

:func:`record_usb_backup` keeps the time after a backup to a USB stick or a chosen folder
verified, as the local setting ``last_usb_backup_at`` (core.settings: beside the data file, so
that restoring a backup does not roll it back); the reminder threshold is the branch setting
``usb_backup_reminder_days``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import format_date
from dangjian_desktop.errors import UserError

LAST_KEY = "last_usb_backup_at"
DAYS_KEY = "usb_backup_reminder_days"


@dataclass(frozen=True)
class UsbBackupStatus:
    last_at: dt.datetime | None
    days_since: int | None          # None: never backed up to a USB stick
    reminder_days: int
    due: bool                       # never, or at least ``reminder_days`` days ago

    @property
    def short_text(self) -> str:
        """For the status bar: "上次U盘备份：3 天前"."""
        if self.days_since is None:
            return "还没有备份到U盘"
        return f"上次U盘备份：{_ago(self.days_since)}"

    @property
    def sentence(self) -> str:
        """For the home page, next to a "备份到U盘" button."""
        if self.days_since is None:
            return "还没有把数据备份到U盘。建议现在备份一次，U盘放在别处保管。"
        when = format_date(self.last_at.date())
        if self.due:
            return f"上次备份到U盘：{_ago(self.days_since)}（{when}），建议现在再备份一次。"
        return f"上次备份到U盘：{_ago(self.days_since)}（{when}）。"


def _ago(days: int) -> str:
    if days <= 0:
        return "今天"
    if days == 1:
        return "昨天"
    return f"{days} 天前"


def record_usb_backup(when: dt.datetime | None = None) -> bool:
    """Remember when the data was last backed up to a USB stick; False when that could not be
    written down (the backup itself is made and checked: only the reminder may be off)."""
    when = (when or dt.datetime.now()).replace(microsecond=0)
    try:
        settings.put(LAST_KEY, when)
    except UserError:
        return False
    return True


def usb_backup_status(today: dt.date | None = None) -> UsbBackupStatus:
    today = today or dt.date.today()
    found = settings.values([LAST_KEY, DAYS_KEY])
    last, threshold = found[LAST_KEY], found[DAYS_KEY]
    if last is None:
        return UsbBackupStatus(None, None, threshold, True)
    days = max(0, (today - last.date()).days)
    return UsbBackupStatus(last, days, threshold, days >= threshold)
