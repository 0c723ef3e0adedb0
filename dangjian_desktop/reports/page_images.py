"""Pictures of a PDF's pages, for the preview on screen and for the printer.

The preview and the paper come from the same PDF rendered by PDFium, so what the secretary
sees is what gets printed. PDFium is not thread-safe: every call goes through one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass


def _pdfium():
    """pypdfium2, imported on first use (it loads a native library; not needed at start-up)."""
    import pypdfium2

    return pypdfium2


_lock = threading.Lock()


@dataclass(frozen=True)
class PageImage:
    """One rendered page: 8-bit RGB rows of ``stride`` bytes."""

    number: int                 # 1-based
    width: int
    height: int
    stride: int
    data: bytes
    width_pt: float             # the page's own size, in points
    height_pt: float


def page_count(pdf: bytes) -> int:
    with _lock:
        document = _pdfium().PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    with _lock:
        document = _pdfium().PdfDocument(pdf)
        try:
            return [tuple(document[i].get_size()) for i in range(len(document))]
        finally:
            document.close()


def render_pages(pdf: bytes, dpi: float, numbers: list[int] | None = None) -> Iterator[PageImage]:
    """Render the pages ``numbers`` (1-based; default all) at ``dpi``, one at a time."""
    with _lock:
        document = _pdfium().PdfDocument(pdf)
        total = len(document)
    try:
        for number in numbers or range(1, total + 1):
            if not 1 <= number <= total:
                continue
            with _lock:
                page = document[number - 1]
                width_pt, height_pt = page.get_size()
                bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
                image = PageImage(number, bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer),
                                  width_pt, height_pt)
                bitmap.close()
                page.close()
            yield image
    finally:
        with _lock:
            document.close()
