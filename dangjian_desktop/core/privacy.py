"""Masking personal numbers for lists that are posted or handed around (DOMAIN.md "Privacy").

ID numbers and phone numbers are sensitive personal information (PIPL): a printed list that
leaves the secretary's desk shows them as 370124********4943 and 136****7354.
"""

from __future__ import annotations

from dangjian_desktop.core import idnumber


def mask_id_number(number: str | None) -> str:
    """370124********4943 (first six and last four characters kept)."""
    return idnumber.mask(number) if number else ""


def mask_phone(phone: str | None) -> str:
    """136****7354: a mobile keeps its first three and last four digits.

    Shorter numbers (landlines without area code) keep only their last four digits; a number
    of four digits or fewer is hidden completely.
    """
    text = (phone or "").strip()
    if not text:
        return ""
    if len(text) >= 11:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    if len(text) > 4:
        return "*" * (len(text) - 4) + text[-4:]
    return "*" * len(text)
