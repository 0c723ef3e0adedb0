"""党务公开: a notice the branch writes and posts (a free text), printed large on A4 with the
branch, the date and the place for its seal. Posted: ID numbers and phone numbers in the text are
masked by the printing rules whatever the 打码 choice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.privacy import mask_id_number, mask_phone
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.dues_month import organisation_text
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument

_FULLWIDTH = str.maketrans("０１２３４５６７８９Ｘｘ－　", "0123456789Xx- ")
_GAP = r"[-\s]?"
# 18 characters (6 + 8 + 4, written with or without spaces or dashes between), or an old 15-digit one
_ID = re.compile(rf"(?<![0-9])[0-9]{{6}}{_GAP}[0-9]{{8}}{_GAP}[0-9]{{3}}[0-9Xx](?![0-9])"
                 rf"|(?<![0-9])[0-9]{{6}}{_GAP}[0-9]{{6}}{_GAP}[0-9]{{3}}(?![0-9])")
_PHONE = re.compile(rf"(?<![0-9])1[3-9][0-9]{_GAP}[0-9]{{4}}{_GAP}[0-9]{{4}}(?![0-9])")


def _digits(text: str) -> str:
    return re.sub(r"[-\s]", "", text)


def masked_text(text: str) -> str:
    """The text with every ID number and mobile phone number in it masked, however written
    (full-width digits, spaces or dashes between the groups)."""
    text = text.translate(_FULLWIDTH)
    text = _ID.sub(lambda m: mask_id_number(_digits(m.group(0)).upper()), text)
    return _PHONE.sub(lambda m: mask_phone(_digits(m.group(0))), text)


def build_notice(*, title: str, body: str, mask: bool = True, today: dt.date | None = None,
                 progress: Callable[[int, int, str], None] | None = None) -> RenderedReport:
    today = today or dt.date.today()
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise UserError("公示要有标题和正文，请填写后再打印。")
    branch, _organisation = organisation_text()
    doc = ReportDocument(masked_text(title), author=branch, subject="党务公开")
    doc.add_title(masked_text(title))
    for paragraph in (p.strip() for p in body.splitlines()):
        if paragraph:
            doc.add_paragraph(masked_text(paragraph))
    doc.add_spacer(12)
    doc.add_closing([f"{branch or '党支部'}（盖章）", format_date_cn(today)])
    return doc.render(progress)
