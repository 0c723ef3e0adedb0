"""Removable drives (USB sticks) to offer as backup targets.

- Windows: every drive letter whose ``GetDriveTypeW`` is ``DRIVE_REMOVABLE`` (USB sticks and
  card readers; USB hard disks report "fixed" and are reached with "选择其他文件夹").
- Linux (统信UOS, 银河麒麟, other desktops): mount points under ``/media/$USER``,
  ``/run/media/$USER`` and ``/media`` as listed in ``/proc/self/mounts``.
"""

from __future__ import annotations

import getpass
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

DRIVE_REMOVABLE = 2


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str               # volume name, or the folder name on Linux
    free_bytes: int | None
    total_bytes: int | None

    @property
    def title(self) -> str:
        """What the user sees: "KINGSTON (E:)，可用 12.3 GB"."""
        if os.name == "nt":  # pragma: no cover - Windows
            letter = str(self.path)[:2]
            name = f"{self.label} ({letter})" if self.label else f"U盘 ({letter})"
        else:
            name = self.label or str(self.path)
        if self.free_bytes is None:
            return name
        return f"{name}，可用 {format_size(self.free_bytes)}"


def format_size(size: int) -> str:
    value = float(size)
    for unit in ("字节", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            if unit == "字节":
                return f"{int(value)} 字节"
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} 字节"  # pragma: no cover


_OCTAL = re.compile(r"\\([0-7]{3})")


def _unescape_mount(field: str) -> str:
    """/proc/mounts escapes space, tab, newline and backslash as octal (\\040 …)."""
    raw = _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)
    # The file is read as latin-1; mount points are UTF-8 bytes on these systems.
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def removable_mount_points(mounts_text: str, user: str) -> list[Path]:
    """Mount points of removable media in the text of ``/proc/self/mounts`` (pure)."""
    prefixes = (f"/media/{user}/", f"/run/media/{user}/", "/media/")
    found: list[Path] = []
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1])
        if not point.startswith(prefixes) or point.rstrip("/") in (f"/media/{user}", f"/run/media/{user}"):
            continue
        path = Path(point)
        if path not in found:
            found.append(path)
    return found


def _usage(path: Path) -> tuple[int | None, int | None]:
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return None, None
    return usage.free, usage.total


def _linux_drives() -> list[Drive]:
    try:
        text = Path("/proc/self/mounts").read_text(encoding="latin-1")
    except OSError:
        return []
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = os.environ.get("USER", "")
    drives = []
    for point in removable_mount_points(text, user):
        if not os.access(point, os.W_OK):
            continue
        free, total = _usage(point)
        drives.append(Drive(path=point, label=point.name, free_bytes=free, total_bytes=total))
    return drives


def _windows_drives() -> list[Drive]:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32
    # No "insert a disk" dialogs for empty card readers.
    old_mode = kernel32.SetErrorMode(0x0001 | 0x8000)  # SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX
    drives = []
    try:
        mask = kernel32.GetLogicalDrives()
        for index in range(26):
            if not mask & (1 << index):
                continue
            letter = chr(ord("A") + index)
            root = f"{letter}:\\"
            if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != DRIVE_REMOVABLE:
                continue
            if not os.path.exists(root):
                continue  # empty card reader slot
            name = ctypes.create_unicode_buffer(261)
            ok = kernel32.GetVolumeInformationW(ctypes.c_wchar_p(root), name, 261, None, None, None, None, 0)
            free, total = _usage(Path(root))
            drives.append(Drive(path=Path(root), label=name.value if ok else "", free_bytes=free, total_bytes=total))
    finally:
        kernel32.SetErrorMode(old_mode)
    return drives


def list_removable_drives() -> list[Drive]:
    """USB sticks and similar drives that are plugged in now."""
    if os.name == "nt":  # pragma: no cover - Windows
        return _windows_drives()
    return _linux_drives()
