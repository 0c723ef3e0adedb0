"""Make the bundled fonts in resources/fonts/ from Debian's font packages (run by a developer
when the fonts change; the results are committed, so neither a build nor a user needs this).

    python installer/build_fonts.py [--debs DIR]

- uming-subset.ttf: AR PL UMing CN (fonts-arphic-uming; Arphic Public License), the 宋体-style
  face for running text and tables, cut to GB 2312 and the 《通用规范汉字表》 plus punctuation:
  the rarer hanzi of GBK are drawn by WenQuanYi Micro Hei, which has them all.
- hanamin-a-subset.ttf: HanaMinA (fonts-hanazono; Hanazono Font License), CJK Extension A and
  what else of GB 18030-2022 level 2 neither WenQuanYi nor the UMing subset has (CJK radicals,
  ideographic description characters, 鿍鿎鿏, a few Latin letters).
- hanamin-b-subset.ttf: HanaMinB (the same package), Extensions B to F.
- babelstone-gaps-subset.ttf: BabelStone Han (fonts-babelstone-han; Arphic Public License), the
  characters of Extensions B–F that HanaMinB (2017) does not have yet.

These are the last fonts of every chain (reports.fonts, ui.theme), so a rare name character
(䶮, 𠮷) prints instead of a blank; benchmarks/font_coverage.py measures what they cover. Needs
fontTools (pip install fonttools) and apt-get download, dpkg-deb (or --debs with the .deb files
already downloaded).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from dangjian_desktop.reports import charsets  # noqa: E402 (after the path is set)
FONTS = ROOT / "resources" / "fonts"
PACKAGES = ("fonts-arphic-uming", "fonts-hanazono", "fonts-babelstone-han")

ASCII_AND_PUNCTUATION = (
    list(range(0x20, 0x7F)) + list(range(0xA0, 0x100)) + list(range(0x2010, 0x2070))
    + list(range(0x2100, 0x2200)) + list(range(0x2460, 0x2500)) + list(range(0x25A0, 0x2600))
    + list(range(0x3000, 0x3040)) + list(range(0xFE30, 0xFE50)) + list(range(0xFF00, 0xFFF0))
)


def gb2312() -> set[int]:
    out = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes((lead, trail)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out


def subset(source: Path, codes, target: Path, index: int = 0) -> None:
    from fontTools import subset as ft

    options = ft.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.font_number = index
    font = ft.load_font(str(source), options)
    subsetter = ft.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    subsetter.subset(font)
    ft.save_font(font, str(target), options)
    print(f"{target.name}: {len(font.getBestCmap())} characters, {target.stat().st_size // 1024} KB")


def cmap(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(str(path), fontNumber=0, lazy=True).getBestCmap())


def extract(debs: Path, work: Path) -> Path:
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(work)], check=True)
    return work


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debs", type=Path, help="folder with the .deb files (default: apt-get download them)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        debs = args.debs
        if debs is None:
            debs = scratch / "debs"
            debs.mkdir()
            subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs, check=True)
        tree = extract(debs, scratch / "tree")
        uming = tree / "usr/share/fonts/truetype/arphic/uming.ttc"
        hanazono = tree / "usr/share/fonts/truetype/hanazono"
        subset(uming, set(ASCII_AND_PUNCTUATION) | gb2312() | set(charsets.tongyong_guifan()), FONTS / "uming-subset.ttf", index=0)
        drawn = cmap(FONTS / "wqy-microhei.ttc") | cmap(FONTS / "uming-subset.ttf")
        bmp_gaps = {c for c in charsets.level_2() if c < 0x10000} - drawn
        subset(hanazono / "HanaMinA.ttf", set(range(0x3400, 0x4DC0)) | bmp_gaps, FONTS / "hanamin-a-subset.ttf")
        subset(hanazono / "HanaMinB.ttf", range(0x20000, 0x2FFFF), FONTS / "hanamin-b-subset.ttf")
        b_gaps = set(charsets.level_3_extra()) - cmap(FONTS / "hanamin-b-subset.ttf")
        babelstone = tree / "usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"
        subset(babelstone, b_gaps, FONTS / "babelstone-gaps-subset.ttf")
        shutil.copyfile(tree / "usr/share/doc/fonts-arphic-uming/copyright", FONTS / "LICENSE-arphic-uming.txt")
        shutil.copyfile(tree / "usr/share/doc/fonts-hanazono/copyright", FONTS / "LICENSE-hanazono.txt")
        shutil.copyfile(tree / "usr/share/doc/fonts-babelstone-han/copyright", FONTS / "LICENSE-babelstone-han.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
