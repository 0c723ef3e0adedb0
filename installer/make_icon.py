"""Draw the program icon: a red rounded square with a white 党, from the bundled font.

Writes resources/icons/app.svg (the glyph as an outline, no font needed), app.png (256 px)
and app.ico (16–256 px, for Windows). Run it again only when the design changes; the files are
kept in the repository::

    python installer/make_icon.py

build.sh also calls it to draw the freedesktop icon theme sizes for the .deb::

    python installer/make_icon.py --hicolor DIR --name APPID   # DIR/hicolor/NxN/apps/APPID.png
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath, QPen, QTransform,
)

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"

RED = "#C0392B"           # theme.ACCENT
CANVAS = 256.0            # the design grid; everything below is in these units
RADIUS = 44.0
GLYPH = "党"
GLYPH_BOX = 168.0         # the glyph's bounding box is scaled to fit this square
STROKE = 8.0              # the font is light: an outline stroke makes it read at 16 px
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
HICOLOR_SIZES = (16, 24, 32, 48, 64, 96, 128, 256, 512)


def glyph_path() -> QPainterPath:
    """The outline of 党, scaled and centred on the 256-unit canvas."""
    font_id = QFontDatabase.addApplicationFont(str(FONT))
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        raise SystemExit(f"cannot load {FONT}")
    font = QFont(families[0])
    font.setPixelSize(200)
    path = QPainterPath()
    path.addText(0, 0, font, GLYPH)
    box = path.boundingRect()
    scale = GLYPH_BOX / max(box.width(), box.height())
    transform = QTransform()
    transform.translate(CANVAS / 2, CANVAS / 2)
    transform.scale(scale, scale)
    transform.translate(-box.center().x(), -box.center().y())
    return transform.map(path)


def svg_path_data(path: QPainterPath) -> str:
    """SVG ``d`` text of a QPainterPath (move, line and cubic segments)."""
    parts: list[str] = []
    i = 0
    count = path.elementCount()
    while i < count:
        e = path.elementAt(i)
        if e.type == QPainterPath.ElementType.MoveToElement:
            parts.append(f"M{e.x:.2f} {e.y:.2f}")
            i += 1
        elif e.type == QPainterPath.ElementType.LineToElement:
            parts.append(f"L{e.x:.2f} {e.y:.2f}")
            i += 1
        else:  # CurveToElement followed by two CurveToDataElement
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            parts.append(f"C{e.x:.2f} {e.y:.2f} {c2.x:.2f} {c2.y:.2f} {end.x:.2f} {end.y:.2f}")
            i += 3
    return " ".join(parts) + " Z"


def render(size: int, glyph: QPainterPath) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / CANVAS, size / CANVAS)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(RED))
    painter.drawRoundedRect(QRectF(0, 0, CANVAS, CANVAS), RADIUS, RADIUS)
    pen = QPen(QColor("white"), STROKE)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(QColor("white"))
    painter.drawPath(glyph)
    painter.end()
    return image


def to_pil(image: QImage) -> Image.Image:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def write_hicolor(target: Path, name: str, glyph: QPainterPath) -> None:
    """``target/hicolor/NxN/apps/name.png`` for each size, and the SVG as ``scalable``."""
    for size in HICOLOR_SIZES:
        folder = target / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not render(size, glyph).save(str(folder / f"{name}.png")):
            raise SystemExit(f"cannot write {folder / name}.png")
    scalable = target / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / "app.svg", scalable / f"{name}.svg")


def write_app_icons(glyph: QPainterPath) -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">\n'
        f'  <rect width="256" height="256" rx="{RADIUS:g}" ry="{RADIUS:g}" fill="{RED}"/>\n'
        f'  <path fill="#FFFFFF" fill-rule="nonzero" stroke="#FFFFFF" stroke-width="{STROKE:g}" '
        f'stroke-linejoin="round" d="{svg_path_data(glyph)}"/>\n'
        "</svg>\n"
    )
    (ICONS / "app.svg").write_text(svg, encoding="utf-8")
    if not render(256, glyph).save(str(ICONS / "app.png")):
        raise SystemExit("cannot write app.png")
    # Each ICO size rendered from the outline (sharper than scaling the 256 px picture down).
    frames = [to_pil(render(s, glyph)) for s in ICO_SIZES]
    frames[-1].save(ICONS / "app.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                    append_images=frames[:-1])
    print(f"wrote {ICONS / 'app.svg'}, app.png, app.ico")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw the program icon.")
    parser.add_argument("--hicolor", type=Path, metavar="DIR", help="write the icon theme sizes under DIR/hicolor")
    parser.add_argument("--name", default="dangjian-desktop", help="icon file name (without suffix) for --hicolor")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt alive)
    glyph = glyph_path()
    glyph.setFillRule(Qt.FillRule.WindingFill)
    if args.hicolor:
        write_hicolor(args.hicolor, args.name, glyph)
    else:
        write_app_icons(glyph)
    return 0


if __name__ == "__main__":
    sys.exit(main())
