"""Masking personal numbers for lists that are posted or handed around (DOMAIN.md "Privacy").

ID numbers and phone numbers are sensitive personal information (PIPL). Masking must protect:
a masked list leaves at least 1,000 possible numbers for every member given everything printed
beside it. A roster prints 出生年月 and 性别, which are the ID number's middle digits: keeping
its last four (370124********4943) would leave the birth day and the check digit to guess,
about three candidates. So a masked ID number keeps only the six digits of the place
(370124************: 28–31 days × 500 sequence numbers of that sex ≥ 14,000 candidates),
and a phone hides four digits (136****7354: 10,000).
"""

from __future__ import annotations

ID_KEPT = 6            # the place code; the birth date, sequence and check digit are hidden


def mask_id_number(number: str | None) -> str:
    """370124************ (the place kept; nothing a printed 出生年月 or 性别 could complete)."""
    if not number:
        return ""
    return number[:ID_KEPT] + "*" * max(len(number) - ID_KEPT, 0)


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
