"""Find bundled resources (fonts, icons) in a source tree, an installed wheel or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding fonts/ and icons/, wherever the program runs from."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidate = Path(bundle) / "dangjian_desktop" / "resources"
        if candidate.is_dir():
            return candidate
    installed = Path(__file__).resolve().parent / "resources"
    if (installed / "fonts").is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def bundled_cjk_font() -> Path:
    """The CJK font shipped with the program (WenQuanYi Micro Hei, Apache-2.0)."""
    return resource("fonts", "wqy-microhei.ttc")


# The last fonts of every chain, on screen and on paper (installer/build_fonts.py makes them):
# CJK Extension A with the few GB 18030 symbols the other bundled fonts lack (HanaMinA),
# Extensions B–F (HanaMinB), and the B–F characters HanaMinB lacks (BabelStone Han).
BUNDLED_FALLBACK_FILES = ("hanamin-a-subset.ttf", "hanamin-b-subset.ttf", "babelstone-gaps-subset.ttf")


def bundled_fallback_fonts() -> tuple[Path, ...]:
    return tuple(resource("fonts", name) for name in BUNDLED_FALLBACK_FILES)
