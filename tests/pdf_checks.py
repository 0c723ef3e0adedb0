"""Reading printed PDFs back: text, margins, embedded fonts (shared by the report tests)."""

from __future__ import annotations

import re
from io import BytesIO

import pdfplumber
from pdfminer.pdftypes import resolve1

MM = 72 / 25.4
A4_LONG, A4_SHORT = 841.89, 595.28


def open_pdf(pdf: bytes):
    return pdfplumber.open(BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    with open_pdf(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def squeezed(text: str) -> str:
    """Text without any blank or line break (a wrapped cell reads as one string)."""
    return re.sub(r"\s+", "", text)


def assert_inside_margins(pdf: bytes, *, form: bool = False) -> None:
    """Every character inside the margins: a document's (GB/T 9704) or a form's."""
    from dangjian_desktop.reports.page import DOCUMENT_MARGINS, FORM_MARGINS

    m = FORM_MARGINS if form else DOCUMENT_MARGINS
    tolerance = 0.05 * MM
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            assert page.chars, f"page {page.page_number} has no text"
            for ch in page.chars:
                where = f"“{ch['text']}” on page {page.page_number}"
                assert ch["x0"] >= m.left - tolerance, where
                assert ch["x1"] <= page.width - m.right + tolerance, where
                assert ch["top"] >= m.top - tolerance, where
                assert ch["bottom"] <= page.height - m.bottom + tolerance, where


def assert_fonts_embedded_subsets(pdf: bytes) -> None:
    with open_pdf(pdf) as doc:
        for page in doc.pages:
            fonts = resolve1(page.page_obj.resources["Font"])
            assert fonts, "no fonts on the page"
            for font in fonts.values():
                font = resolve1(font)
                base = font["BaseFont"].name
                descriptor = resolve1(font["FontDescriptor"])
                assert "FontFile2" in descriptor, f"{base} is not embedded"
                assert re.fullmatch(r"[A-Z]{6}\+.+", base), f"{base} is not a subset"
