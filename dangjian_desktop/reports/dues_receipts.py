"""党费收据: a receipt slip for every member who paid a month's dues (issue #18).

Eight slips to a portrait A4 page, two across and four down, with dashed cut lines between
them and round them. A slip says who paid (交款人), for which month, the amount in figures
(¥42.00) and in capital numerals (肆拾贰元整, :func:`core.money_words.amount_in_words`), the
day it was paid, and leaves 收款人 to sign, under the branch's name for its stamp (盖章). The
amount is what was received for the month, corrections after its remittance included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak

from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.dues import month_sheet
from dangjian_desktop.core.dues_rules import month_label, parse_month
from dangjian_desktop.core.money import yuan_text
from dangjian_desktop.core.money_words import amount_in_words
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.dues_month import organisation_text
from dangjian_desktop.reports.flowables import fit_line
from dangjian_desktop.reports.fonts import FontSet
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.page import SMALL_TABLE_SIZE, TABLE_SIZE

TITLE = "党费收据"
ACROSS, DOWN = 2, 4
PER_PAGE = ACROSS * DOWN
GAP = 3 * mm                 # between a cut line and the slip's frame
PAD = 3.5 * mm               # inside the frame
TITLE_SIZE = 16
SIGN_BLANK = 22 * mm


@dataclass(frozen=True)
class Receipt:
    number: str               # 202611-001
    name: str
    month: str
    amount_fen: int
    paid_on: dt.date | None

    @property
    def words(self) -> str:
        return amount_in_words(self.amount_fen)


def receipts_of(month: str) -> list[Receipt]:
    """One receipt per member who paid for ``month`` (a net amount above 0), in name order."""
    out = []
    for line in month_sheet(month).lines:
        amount = (line.paid_fen or 0) + line.adjusted_fen
        if amount <= 0:
            continue
        out.append(Receipt(f"{month[:4]}{month[5:7]}-{len(out) + 1:03d}", line.name, month, amount, line.paid_on))
    return out


class ReceiptPage(Flowable):
    """One page of slips (up to :data:`PER_PAGE`), drawn into the whole frame."""

    def __init__(self, receipts: list[Receipt], fonts: FontSet, branch: str, height: float):
        super().__init__()
        self.receipts, self.fonts, self.branch, self.page_height = receipts, fonts, branch, height

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = min(self.page_height, availHeight) - 1
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        cell_w, cell_h = self.width / ACROSS, self.height / DOWN
        c.saveState()
        c.setDash(4, 3)
        c.setLineWidth(0.5)
        c.setStrokeColor(colors.HexColor("#777777"))
        rows = -(-len(self.receipts) // ACROSS)       # a last page's cut lines end with its slips
        bottom = self.height - rows * cell_h
        for i in range(ACROSS + 1):
            c.line(i * cell_w, bottom, i * cell_w, self.height)
        for j in range(rows + 1):
            c.line(0, self.height - j * cell_h, self.width, self.height - j * cell_h)
        c.restoreState()
        for index, receipt in enumerate(self.receipts):
            column, row = index % ACROSS, index // ACROSS
            self._slip(receipt, column * cell_w + GAP, self.height - (row + 1) * cell_h + GAP,
                       cell_w - 2 * GAP, cell_h - 2 * GAP)

    def _fit(self, text: str, font: str, size: float, room: float) -> tuple[str, float]:
        """A line at ``size``, smaller down to 五号 if it must, shortened with … past that."""
        while size > SMALL_TABLE_SIZE and stringWidth(text, font, size) > room:
            size = max(SMALL_TABLE_SIZE, size - 0.5)
        return fit_line(text, room, font, size), size

    def _slip(self, r: Receipt, x: float, y: float, w: float, h: float) -> None:
        c, f = self.canv, self.fonts
        c.saveState()
        c.setLineWidth(0.8)
        c.rect(x, y, w, h)
        room = w - 2 * PAD
        top = y + h - PAD
        c.setFont(f.title, TITLE_SIZE)
        c.drawCentredString(x + w / 2, top - TITLE_SIZE, TITLE)
        c.setFont(f.table, SMALL_TABLE_SIZE)
        c.drawRightString(x + w - PAD, top - TITLE_SIZE - SMALL_TABLE_SIZE - 1, f"No. {r.number}")
        lines = [
            ("交款人：", r.name),
            ("所属月份：", month_label(r.month)),
            ("金额（小写）：", f"¥{yuan_text(r.amount_fen)}"),
            ("金额（大写）：", r.words),
            ("交纳日期：", format_date_cn(r.paid_on) if r.paid_on else ""),
        ]
        pitch = (h - 2 * PAD - TITLE_SIZE - SMALL_TABLE_SIZE - 4 - TABLE_SIZE) / (len(lines) + 1.6)
        baseline = top - TITLE_SIZE - SMALL_TABLE_SIZE - 4 - pitch
        for label, value in lines:
            label_width = stringWidth(label, f.title, TABLE_SIZE)
            c.setFont(f.title, TABLE_SIZE)
            c.drawString(x + PAD, baseline, label)
            text, size = self._fit(value, f.table, TABLE_SIZE, room - label_width)
            c.setFont(f.table, size)
            c.drawString(x + PAD + label_width, baseline, text)
            baseline -= pitch
        # 收款人 to sign; under it, at the right, the branch for its stamp
        label = "收款人（签字）："
        c.setFont(f.title, TABLE_SIZE)
        c.drawString(x + PAD, baseline, label)
        start = x + PAD + stringWidth(label, f.title, TABLE_SIZE)
        c.setLineWidth(0.6)
        c.line(start, baseline - 2, min(start + SIGN_BLANK * 1.6, x + w - PAD), baseline - 2)
        stamp, size = self._fit(f"{self.branch}（盖章）" if self.branch else "党组织（盖章）", f.table, TABLE_SIZE,
                                room)
        c.setFont(f.table, size)
        c.drawRightString(x + w - PAD, y + PAD + 1, stamp)
        c.restoreState()


def build_dues_receipts(
    *,
    month: str,
    mask: bool = False,            # a receipt carries a name and an amount only
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    month = parse_month(month)
    receipts = receipts_of(month)
    if not receipts:
        raise UserError(f"{month_label(month)}还没有党员交党费，没有可以打印的{TITLE}。"
                        "请先在党费页记下谁交了党费。")
    branch, _organisation = organisation_text()
    doc = ReportDocument(f"{branch}{month_label(month)}{TITLE}", author=branch, subject=TITLE, form=True)
    height = doc.geometry.body_height
    for start in range(0, len(receipts), PER_PAGE):
        if start:
            doc.story.append(PageBreak())
        doc.story.append(ReceiptPage(receipts[start:start + PER_PAGE], doc.fonts, branch, height))
    return doc.render(progress)
