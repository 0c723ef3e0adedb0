"""The fonts of printed documents, registered with reportlab once per process.

Chinese official layout uses 黑体 for titles, 仿宋 for running text and 宋体 in tables. When the
machine has them (Windows: simhei.ttf, simfang.ttf, simsun.ttc; Linux machines with the WPS or
Windows fonts copied in), they are used; otherwise the bundled fonts: WenQuanYi Micro Hei for
titles (made bold by stroking its outline), AR PL UMing for text and tables. reportlab embeds a
subset of each TrueType font in the PDF, so a document never depends on the reader's machine.

**Every character is drawn by the first font that has it** (:class:`ChainedFont`): the role's
font, the other document fonts, the bundled WenQuanYi and UMing, the system fonts that carry
the rarer extensions (SimSun-ExtB and the like), and last the bundled HanaMin subsets with CJK
Extension A and Extensions B–F. A character no font has is drawn as □ and recorded
(:func:`collecting_missing`), never left as a blank.

Only TrueType outlines are usable (reportlab cannot embed CFF/PostScript outlines, which rules
out the Noto/Source Han .otf/.ttc files); a candidate that fails to load is skipped.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from dangjian_desktop.core.member_rules import drop_invisible
from dangjian_desktop.resources_path import bundled_fallback_fonts, resource

log = logging.getLogger(__name__)

# Characters every usable role font must have (a font named like ours but lacking them is skipped).
_PROBE = "党员花名册第页共"
MISSING_MARK = "□"           # drawn for a character that no font has

# Candidate file names per role, best first, as (file name, sub-font index of a .ttc).
HEI = (("simhei.ttf", 0), ("msyh.ttc", 0), ("msyh.ttf", 0), ("wqy-zenhei.ttc", 0))
SONG = (("simsun.ttc", 0), ("simsun.ttf", 0), ("stsong.ttf", 0), ("uming.ttc", 0))
FANG = (("simfang.ttf", 0), ("fangsong_gb2312.ttf", 0), ("仿宋_gb2312.ttf", 0), ("stfangso.ttf", 0))
# 黑体 faces that are heavy already; any other title font is drawn bold by stroking it.
TRULY_BOLD = ("simhei.ttf",)

ROLE_CANDIDATES = {
    "title": HEI,                 # 黑体-style titles and table headers
    "text": FANG + SONG,          # 仿宋 (else 宋体) running text
    "table": SONG + FANG,         # 宋体 (else 仿宋) table cells: plainer at small sizes
}
# System fonts that carry characters beyond GBK, tried before the bundled HanaMin subsets.
SYSTEM_FALLBACKS = (
    ("simsun.ttc", 0), ("simsunb.ttf", 0), ("simsun-extb.ttf", 0), ("simsunextg.ttf", 0), ("mingliub.ttc", 0),
    ("sun-exta.ttf", 0), ("sun-extb.ttf", 0), ("hanamina.ttf", 0), ("hanaminb.ttf", 0), ("babelstonehan.ttf", 0),
)


def bundled_hei() -> Path:
    return resource("fonts", "wqy-microhei.ttc")


def bundled_song() -> Path:
    return resource("fonts", "uming-subset.ttf")


def bundled_fallbacks() -> tuple[Path, ...]:
    """The last fonts of every chain: CJK Extension A, then Extensions B–F."""
    return bundled_fallback_fonts()


BUNDLED_ROLE = {"title": bundled_hei, "text": bundled_song, "table": bundled_song}


@dataclass(frozen=True)
class FontSet:
    """reportlab font names for each role, and the file behind each.

    ``title`` is the bold face of headings, labels and table headers; ``hei`` the same 黑体
    unstroked (a draft's watermark)."""

    title: str
    text: str
    table: str
    hei: str
    files: dict[str, str]         # role -> "path#index"
    chain: tuple[str, ...] = ()   # every font a character may come from, in order ("path#index")

    @property
    def uses_bundled_only(self) -> bool:
        bundled = str(resource("fonts"))
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


# --- the text layer of characters beyond the BMP -------------------------------------------------

def _to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF (𠮷 U+20BB7) written as the
    UTF-16 surrogate pair the PDF format asks for: reportlab writes "<20BB7>", which readers
    take as U+20BB, so the name could not be searched or copied from the PDF."""
    def utf16(code: int) -> str:
        if code <= 0xFFFF:
            return f"{code:04X}"
        code -= 0x10000
        return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap      # used by TTFont.addObjects for every subset


# --- what is missing ----------------------------------------------------------------------------

_collecting = threading.local()


@contextmanager
def collecting_missing():
    """Within the block, every character drawn as □ (in no font) on this thread is added to
    the yielded set (ReportDocument.render tells its caller which)."""
    previous = getattr(_collecting, "found", None)
    found: set[str] = set()
    _collecting.found = found
    try:
        yield found
    finally:
        _collecting.found = previous


def _record_missing(character: str) -> None:
    found = getattr(_collecting, "found", None)
    if found is not None:
        found.add(character)


# --- characters that print as nothing -----------------------------------------------------------

def without_invisible(text: str) -> str:
    """``text`` without control and format characters (Unicode Cc and Cf: direction marks such
    as U+200F, zero-width spaces and joiners, a BOM) and variation selectors, as printed.

    They come with names pasted from chats and web pages stored before entry dropped them
    (core.member_rules.drop_invisible). Printed, a direction mark would reorder nothing here
    (no bidi shaping) yet stay in the PDF's text layer, and one no font has would print as □
    beside a name that looks complete: so they are dropped at print time, width and all."""
    return drop_invisible(text, variation_selectors=True)


# --- fonts that fall back character by character -----------------------------------------------

class ChainedFont(TTFont):
    """A TrueType font that draws each character it lacks with the first font of its chain that
    has it, and □ for one that none has.

    reportlab asks a dynamic font to split text into (subset, bytes) pieces and to name each
    subset's PDF font; a piece drawn by a member of the chain is named as that member's subset,
    so the PDF switches fonts inside one line and embeds each font once.
    """

    def __init__(self, name: str, filename: str, subfontIndex: int = 0):
        super().__init__(name, filename, subfontIndex=subfontIndex)
        self.shapable = False
        self.chain: list[TTFont] = [self]
        self._owners: dict[int, int] = {}
        self._own = frozenset(self.face.charToGlyph)

    def set_chain(self, members: list[TTFont]) -> None:
        self.chain = [self] + [m for m in members if m is not self]
        self._owners.clear()

    def owner(self, code: int) -> int:
        """Index in the chain of the font that draws ``code``; -1: none has it."""
        found = self._owners.get(code)
        if found is None:
            found = -1
            for index, font in enumerate(self.chain):
                if code in font.face.charToGlyph:
                    found = index
                    break
            self._owners[code] = found
        return found

    def _pieces(self, text: str) -> list[tuple[int, str]]:
        """Runs of ``text`` by the chain member that draws them (□ for what none has)."""
        runs: list[tuple[int, str]] = []
        for ch in text:
            code = ord(ch)
            index = 0 if code in self._own or code < 0x80 else self.owner(code)
            if index < 0:
                _record_missing(ch)
                ch = MISSING_MARK
                index = max(self.owner(ord(MISSING_MARK)), 0)
            if runs and runs[-1][0] == index:
                runs[-1] = (index, runs[-1][1] + ch)
            else:
                runs.append((index, ch))
        return runs

    def _covered(self, text: str) -> bool:
        return text.isascii() or all(map(self._own.__contains__, map(ord, text)))

    def stringWidth(self, text, size, encoding="utf8"):
        if isinstance(text, bytes):
            text = text.decode(encoding)
        text = without_invisible(text)
        if self._covered(text):
            return super().stringWidth(text, size, encoding)
        total = 0.0
        for index, run in self._pieces(text):
            face = self.chain[index].face
            total += sum(face.getCharWidth(ord(ch)) for ch in run)
        return total * 0.001 * size

    def splitString(self, text, doc, encoding="utf-8"):
        if isinstance(text, bytes):
            text = text.decode(encoding)
        text = without_invisible(text)
        if self._covered(text):
            return super().splitString(text, doc, encoding)
        out = []
        for index, run in self._pieces(text):
            member = self.chain[index]
            for subset, data in TTFont.splitString(member, run, doc, encoding):
                out.append((subset if index == 0 else (index, subset), data))
        return out

    def getSubsetInternalName(self, subset, doc):
        if isinstance(subset, tuple):
            index, number = subset
            return TTFont.getSubsetInternalName(self.chain[index], number, doc)
        return super().getSubsetInternalName(subset, doc)


class _RenamedFace:
    """A font face seen under another name (reportlab keys dynamic fonts by face name)."""

    def __init__(self, face, suffix: bytes):
        self._face = face
        self.name = face.name + suffix

    def __getattr__(self, attribute):
        return getattr(self._face, attribute)


class StrokedBold:
    """The bold face of a font that has none: the same glyphs, filled and stroked
    (text render mode 2) by the canvas (layout's text object). Shares its font's embedding."""

    _dynamicFont = 1
    _multiByte = 1
    synthetic_bold = True
    shapable = False
    STROKE = 0.032        # outline width, as a fraction of the type size

    def __init__(self, name: str, regular: ChainedFont):
        self.fontName = name
        self.regular = regular
        self.face = _RenamedFace(regular.face, b"-StrokedBold")
        self.encoding = regular.encoding

    def stringWidth(self, text, size, encoding="utf8"):
        return self.regular.stringWidth(text, size, encoding)

    def splitString(self, text, doc, encoding="utf-8"):
        return self.regular.splitString(text, doc, encoding)

    def getSubsetInternalName(self, subset, doc):
        return self.regular.getSubsetInternalName(subset, doc)


def _load(path: Path, index: int, reg_name: str, *, probe: bool = True) -> ChainedFont | None:
    try:
        font = ChainedFont(reg_name, str(path), subfontIndex=index)
    except Exception as exc:  # noqa: BLE001 (unreadable, CFF outlines, damaged: try the next one)
        log.info("font %s#%d not usable: %s", path, index, exc)
        return None
    if probe and not all(ord(ch) in font.face.charToGlyph for ch in _PROBE):
        log.info("font %s#%d lacks Chinese characters", path, index)
        return None
    return font


def choose_fonts(search_dirs: list[Path] | None = None) -> FontSet:
    """Register one font per role (system fonts from ``search_dirs`` first, else the bundled
    ones), each the head of the same fallback chain.

    Fonts are registered under names derived from their file, so a font serving two roles is
    embedded once.
    """
    files = _index_font_files(system_font_dirs() if search_dirs is None else search_dirs)
    loaded: dict[str, ChainedFont] = {}      # "path#index" -> font

    def get(path: Path, index: int, *, probe: bool = True) -> ChainedFont | None:
        key = f"{path}#{index}"
        if key not in loaded:
            reg_name = f"DJ-{path.stem}-{index}-{zlib.crc32(str(path).encode('utf-8')):08x}"
            existing = pdfmetrics._fonts.get(reg_name)      # registered before (another FontSet)
            font = existing if isinstance(existing, ChainedFont) else _load(path, index, reg_name, probe=probe)
            if font is None:
                return None
            if existing is None:
                pdfmetrics.registerFont(font)
            loaded[key] = font
        return loaded[key]

    chosen: dict[str, str] = {}
    heads: dict[str, ChainedFont] = {}
    for role, candidates in ROLE_CANDIDATES.items():
        for file_name, index in candidates:
            path = files.get(file_name.lower())
            font = get(path, index) if path is not None else None
            if font is not None:
                heads[role], chosen[role] = font, f"{path}#{index}"
                break
        else:
            bundled = BUNDLED_ROLE[role]()
            font = get(bundled, 0)
            if font is None:
                raise RuntimeError(f"bundled font {bundled} cannot be loaded")
            heads[role], chosen[role] = font, f"{bundled}#0"

    chain_keys: list[str] = list(dict.fromkeys(chosen.values()))
    for path in (bundled_hei(), bundled_song()):
        chain_keys.append(f"{path}#0")
    for file_name, index in SYSTEM_FALLBACKS:
        path = files.get(file_name)
        if path is not None:
            chain_keys.append(f"{path}#{index}")
    chain_keys += [f"{path}#0" for path in bundled_fallbacks()]
    members: list[ChainedFont] = []
    for key in dict.fromkeys(chain_keys):
        path_text, index = key.rsplit("#", 1)
        font = get(Path(path_text), int(index), probe=False)
        if font is not None:
            members.append(font)
    for font in {id(f): f for f in heads.values()}.values():
        font.set_chain(members)

    title = heads["title"]
    bold = title.fontName
    if Path(chosen["title"].rsplit("#", 1)[0]).name.lower() not in TRULY_BOLD:
        bold = f"{title.fontName}-Bold"
        if bold not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(StrokedBold(bold, title))
    return FontSet(title=bold, text=heads["text"].fontName, table=heads["table"].fontName, hei=title.fontName,
                   files=chosen, chain=tuple(dict.fromkeys(f"{Path(m.face.filename)}" for m in members)))


# Where to look for installed fonts instead of the system folders (os.pathsep-separated); set
# but empty: use only the bundled fonts (tests pin their page counts this way; support can
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


def undrawable(text: str) -> set[str]:
    """The characters of ``text`` no font of the documents' chain has (they print as □)."""
    fonts = report_fonts()
    head = pdfmetrics.getFont(fonts.text)
    if not isinstance(head, ChainedFont):
        return set()
    return {ch for ch in without_invisible(text) if ord(ch) >= 0x80 and head.owner(ord(ch)) < 0}
