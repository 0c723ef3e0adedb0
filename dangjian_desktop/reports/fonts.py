"""The fonts of printed documents, registered with reportlab once per process.

Chinese official layout uses 黑体 for titles, 仿宋 for running text and 宋体 in tables. When the
machine has them (Windows: simhei.ttf, simfang.ttf, simsun.ttc; Linux machines with the WPS or
Windows fonts copied in; AR PL UMing as a 宋体-style font), they are used; otherwise the
bundled WenQuanYi Micro Hei serves every role. reportlab embeds a subset of each TrueType font
in the PDF, so a document never depends on the reader's machine.

Only TrueType outlines are usable (reportlab cannot embed CFF/PostScript outlines, which rules
out the Noto/Source Han .otf/.ttc files); a candidate that fails to load is skipped.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dangjian_desktop.resources_path import bundled_cjk_font

log = logging.getLogger(__name__)

# Characters every usable font must have (a font named like ours but lacking them is skipped).
_PROBE = "党员花名册第页共"

# Candidate file names per role, best first, as (file name, sub-font index of a .ttc).
HEI = (("simhei.ttf", 0), ("msyh.ttc", 0), ("msyh.ttf", 0), ("wqy-zenhei.ttc", 0), ("wqy-microhei.ttc", 0))
SONG = (("simsun.ttc", 0), ("simsun.ttf", 0), ("stsong.ttf", 0), ("uming.ttc", 0))
FANG = (("simfang.ttf", 0), ("fangsong_gb2312.ttf", 0), ("仿宋_gb2312.ttf", 0), ("stfangso.ttf", 0))

ROLE_CANDIDATES = {
    "title": HEI,                 # 黑体-style titles and table headers
    "text": FANG + SONG,          # 仿宋 (else 宋体) running text
    "table": SONG + FANG,         # 宋体 (else 仿宋) table cells: plainer at small sizes
}


@dataclass(frozen=True)
class FontSet:
    """reportlab font names for each role, and the file behind each."""

    title: str
    text: str
    table: str
    files: dict[str, str]         # role -> "path#index"

    @property
    def uses_bundled_only(self) -> bool:
        bundled = str(bundled_cjk_font())
        return all(value.startswith(bundled) for value in self.files.values())


def system_font_dirs() -> list[Path]:
    """Folders where this platform keeps installed fonts."""
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        dirs += [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            Path.home() / ".local" / "share" / "fonts",
            Path.home() / ".fonts",
            Path("/opt/kingsoft/wps-office/office6/fonts"),  # WPS for Linux (UOS, 麒麟)
        ]
    return dirs


def _index_font_files(dirs: list[Path]) -> dict[str, Path]:
    """Lower-case file name -> path, for every font file under ``dirs`` (first one wins)."""
    found: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _subdirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def _load(path: Path, index: int, reg_name: str) -> TTFont | None:
    try:
        font = TTFont(reg_name, str(path), subfontIndex=index)
    except Exception as exc:  # unreadable, CFF outlines, damaged: try the next candidate
        log.info("font %s#%d not usable: %s", path, index, exc)
        return None
    if not all(ord(ch) in font.face.charToGlyph for ch in _PROBE):
        log.info("font %s#%d lacks Chinese characters", path, index)
        return None
    return font


def choose_fonts(search_dirs: list[Path] | None = None) -> FontSet:
    """Register one font per role (system fonts from ``search_dirs`` first, else the bundled one).

    Fonts are registered under names derived from their file, so a font serving two roles is
    embedded once.
    """
    files = _index_font_files(system_font_dirs() if search_dirs is None else search_dirs)
    registered: dict[str, str] = {}     # "path#index" -> reportlab name
    chosen: dict[str, str] = {}
    names: dict[str, str] = {}

    def register(path: Path, index: int) -> str | None:
        key = f"{path}#{index}"
        if key in registered:
            return registered[key]
        reg_name = f"DJ-{path.stem}-{index}-{zlib.crc32(str(path).encode('utf-8')):08x}"
        if reg_name not in pdfmetrics.getRegisteredFontNames():
            font = _load(path, index, reg_name)
            if font is None:
                return None
            pdfmetrics.registerFont(font)
        registered[key] = reg_name
        return reg_name

    for role, candidates in ROLE_CANDIDATES.items():
        for file_name, index in candidates:
            path = files.get(file_name.lower())
            if path is None:
                continue
            reg_name = register(path, index)
            if reg_name:
                names[role], chosen[role] = reg_name, f"{path}#{index}"
                break
        else:
            bundled = bundled_cjk_font()
            reg_name = register(bundled, 0)
            if reg_name is None:
                raise RuntimeError(f"bundled font {bundled} cannot be loaded")
            names[role], chosen[role] = reg_name, f"{bundled}#0"
    return FontSet(title=names["title"], text=names["text"], table=names["table"], files=chosen)


# Where to look for installed fonts instead of the system folders (os.pathsep-separated); set
# but empty: use only the bundled font (tests pin their page counts this way; support can
# point it at a folder of fonts).
FONT_DIRS_ENV = "DANGJIAN_FONT_DIRS"

_lock = threading.Lock()
_fonts: FontSet | None = None


def _configured_dirs() -> list[Path] | None:
    value = os.environ.get(FONT_DIRS_ENV)
    if value is None:
        return None
    return [Path(part) for part in value.split(os.pathsep) if part]


def report_fonts() -> FontSet:
    """The fonts of every printed document, found and registered on first use."""
    global _fonts
    with _lock:
        if _fonts is None:
            _fonts = choose_fonts(_configured_dirs())
        return _fonts


def reset_report_fonts() -> None:
    """Look for fonts again on next use (after fonts were installed, or in tests)."""
    global _fonts
    with _lock:
        _fonts = None
