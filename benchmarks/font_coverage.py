"""How much of GB 18030-2022 the printed documents can draw, measured from the font chain.

For each implementation level (1: the two-byte part and Extension A; 2: plus the 196
characters of the 《通用规范汉字表》 in Extensions B–F; 3: all of Extensions B–F) prints how many
characters some font of the documents' chain has, and which font draws how many. With
``--render`` it also prints a PDF of every level-2 character beyond the BMP and a sample of
Extension A, reads the text layer back and counts the characters that come out as written.

By default only the bundled fonts are used (as on a machine without Chinese fonts); with
``--system`` the installed fonts come first, as the program uses them.

Usage: python benchmarks/font_coverage.py [--system] [--render]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def coverage(codes, head) -> tuple[int, Counter]:
    by_font: Counter = Counter()
    for code in codes:
        index = head.owner(code)
        if index >= 0:
            by_font[Path(head.chain[index].face.filename).name] += 1
    return sum(by_font.values()), by_font


def render_check(fonts, codes: list[int]) -> tuple[int, int]:
    """Print ``codes`` in lines of 40 and count how many the text layer gives back."""
    from io import BytesIO

    import pdfplumber
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    lines = ["".join(map(chr, codes[i:i + 40])) for i in range(0, len(codes), 40)]
    y = 800
    for line in lines:
        if y < 40:
            page.showPage()
            y = 800
        page.setFont(fonts.text, 12)
        page.drawString(20, y, line)
        y -= 16
    page.save()
    with pdfplumber.open(BytesIO(buffer.getvalue())) as doc:
        text = "".join(p.extract_text() or "" for p in doc.pages)
    back = Counter(text)
    return sum(1 for c in codes if back[chr(c)]), len(codes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--system", action="store_true", help="use installed fonts first")
    parser.add_argument("--render", action="store_true", help="also print and read back a sample")
    args = parser.parse_args()
    if not args.system:
        os.environ["DANGJIAN_FONT_DIRS"] = ""

    from reportlab.pdfbase import pdfmetrics

    from dangjian_desktop.reports import charsets
    from dangjian_desktop.reports.fonts import report_fonts

    fonts = report_fonts()
    head = pdfmetrics.getFont(fonts.text)
    print("chain:", " → ".join(Path(p).name for p in fonts.chain))
    hanzi_1 = [c for c in charsets.gbk_two_byte() if 0x4E00 <= c <= 0x9FFF]
    rows = [
        ("level 1: GBK two-byte part", sorted(charsets.gbk_two_byte())),
        ("  of which hanzi (U+4E00–9FFF)", sorted(hanzi_1)),
        ("level 1: Extension A", list(charsets.EXT_A)),
        ("level 2: 通用规范汉字表 8,105", list(charsets.tongyong_guifan())),
        ("level 2: its 196 beyond the BMP", sorted(charsets.level_2_extra())),
        ("level 3: Extensions B–F", sorted(charsets.level_3_extra())),
    ]
    for label, codes in rows:
        covered, by_font = coverage(codes, head)
        print(f"{label:34} {covered:6,} / {len(codes):6,}  ({100 * covered / len(codes):6.2f} %)")
        for name, count in by_font.most_common():
            print(f"{'':36}{count:6,}  {name}")
    level_2 = charsets.level_2()
    missing_2 = [c for c in level_2 if head.owner(c) < 0]
    print(f"GB 18030-2022 level 2 in all: {len(level_2) - len(missing_2):,} / {len(level_2):,}")
    if missing_2:
        print("  missing, first ones:", " ".join(f"U+{c:04X}" for c in sorted(missing_2)[:20]))
    if args.render:
        sample = sorted(charsets.level_2_extra()) + random.Random(1).sample(list(charsets.EXT_A), 600)
        back, total = render_check(fonts, sample)
        print(f"printed and read back from the PDF text layer: {back} / {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
