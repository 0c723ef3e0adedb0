"""支部工作手册: a year's book of the branch (DOMAIN.md "The branch's book and its figures", issue #19).

Cover (branch, year, secretary), 目录, then the parts in this order, each starting on a new
page: 基本情况, 支部委员会, 党员花名册, 党小组名册, 年度工作计划, 会议记录 (every meeting held in
the year in date order, each with its scanned 签到表 where one is attached), 党费收缴台账,
发展党员台账, 民主评议党员, 党员队伍基本情况统计 (the figures), 年度工作总结. A part with nothing to show (no recruits that
year) prints its title and one line saying so, and keeps its line in the 目录.

The parts are the program's own documents made by their own builders (花名册 is the 花名册 as it
prints alone, landscape); :mod:`dangjian_desktop.reports.book` numbers them as one book.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from dangjian_desktop.core import annual_summary
from dangjian_desktop.core.activity_lists import list_activities
from dangjian_desktop.core.attachments import attachment_data, attachments
from dangjian_desktop.core.branch import branch_info
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.groups import list_groups
from dangjian_desktop.core.members import roster_counts
from dangjian_desktop.core.roles import committee_required, committee_seats, full_member_count
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.book import Book, Piece, make_book, part_number, pdf_pages_as_images, scans_document
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument
from dangjian_desktop.reports.tables import Column

TITLE = "支部工作手册"
SIGNIN_SCAN = "签到表"            # the attachment kind printed after a meeting's minutes
ProgressFn = Callable[[int, int, str], None]

COMMITTEE_COLUMNS = (
    Column("序号"),
    Column("职务"),
    Column("姓名", grow=1),
    Column("任期", grow=1),
)
REVIEW_COLUMNS = (
    Column("序号"),
    Column("姓名", grow=1),
    Column("优秀"),
    Column("合格"),
    Column("基本合格"),
    Column("不合格"),
    Column("评定等次"),
    Column("说明", align="LEFT", grow=2),
)


# --- the pages this book makes itself ----------------------------------------------------------

class _Context:
    """What every part needs: the branch, the year, the day, the book's running header."""

    def __init__(self, year: int, today: dt.date, mask: bool):
        self.year, self.today, self.mask = year, today, mask
        self.info = branch_info()
        self.branch = self.info.name if self.info else ""
        self.book_title = f"{self.branch}{year}年{TITLE}"
        self.meeting_pages: dict[int, int] = {}      # activity id -> the page its minutes start on

    def document(self, title: str, *, form: bool = False) -> ReportDocument:
        doc = ReportDocument(f"{self.book_title}　{title}", author=self.branch, subject=TITLE, form=form,
                             running_header=(f"{self.book_title}　{title}（续）", ""))
        doc.add_title(title)
        return doc

    def empty_part(self, title: str, line: str) -> RenderedReport:
        """A part with nothing to show: its title and one line saying so."""
        doc = self.document(title)
        doc.add_spacer(6)
        doc.add_paragraph(line)
        return doc.render()


def _cover(ctx: _Context) -> RenderedReport:
    doc = ReportDocument(ctx.book_title, author=ctx.branch, subject=TITLE)
    fonts = doc.fonts

    def style(name: str, font: str, size: float, space_after: float) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.4, alignment=TA_CENTER,
                              spaceAfter=space_after, wordWrap="CJK")

    doc.add_spacer(30)
    doc.story.append(Paragraph(escape(ctx.branch or "党支部"), style("cover-branch", fonts.title, 26, 14 * mm)))
    doc.story.append(Paragraph(escape(TITLE), style("cover-title", fonts.title, 40, 8 * mm)))
    doc.story.append(Paragraph(f"（{ctx.year}年度）", style("cover-year", fonts.title, 22, 0)))
    doc.add_spacer(60)
    secretary = _secretary(ctx)
    fields = [("党组织", ctx.branch or "（未填写）")]
    if ctx.info and ctx.info.parent_org:
        fields.append(("上级党组织", ctx.info.parent_org))
    fields.append(("支部书记", secretary or "（未填写）"))
    fields.append(("编印日期", format_date_cn(ctx.today)))
    body = style("cover-field", fonts.text, 16, 3 * mm)
    for label, value in fields:
        doc.story.append(Paragraph(f"{escape(label)}：{escape(value)}", body))
    return doc.render()


def _secretary(ctx: _Context) -> str:
    """Who holds the 书记 seat (at the year's end, else any), or the branch's 书记 as typed."""
    day = min(dt.date(ctx.year, 12, 31), ctx.today)
    seats = [s for s in committee_seats() if s.post == "书记"]
    current = [s for s in seats if (s.term_start is None or s.term_start <= day)
               and (s.term_end is None or s.term_end >= day)]
    chosen = current or seats
    if chosen and chosen[0].name:
        return chosen[0].name
    return ctx.info.secretary_name if ctx.info else ""


def _basic_facts(ctx: _Context) -> RenderedReport:
    doc = ctx.document("基本情况")
    info = ctx.info
    counts = roster_counts()
    groups = list_groups()
    held = [a for a in list_activities(ctx.year) if a.status != "planned"]
    fields = [
        ("支部名称", ctx.branch or "（未填写）"),
        ("上级党组织", (info.parent_org if info else "") or "（未填写）"),
        ("成立日期", format_date_cn(info.founded_on) if info and info.founded_on else "（未填写）"),
        ("支部书记", _secretary(ctx) or "（未填写）"),
        ("地址", (info.address if info else "") or "（未填写）"),
        ("联系电话", (info.phone if info else "") or "（未填写）"),
    ]
    doc.add_fields(fields, hanging=True)
    doc.add_heading("党员和党小组", keep_mm=30)
    members = (f"在册党员 {counts.active} 人，其中正式党员 {counts.active - counts.probationary} 人，"
               f"预备党员 {counts.probationary} 人")
    if counts.flow:
        members += f"，流动党员 {counts.flow} 人"
    doc.add_paragraph(members + f"（统计日期：{format_date_cn(ctx.today)}）。")
    doc.add_paragraph(f"设党小组 {len(groups)} 个。" if groups else "没有设党小组。")
    doc.add_heading("本年度组织生活", keep_mm=30)
    if held:
        doc.add_paragraph(f"{ctx.year}年召开会议、开展活动 {len(held)} 次，会议记录见本手册“会议记录”部分。")
    else:
        doc.add_paragraph(f"{ctx.year}年还没有在程序中记录召开的会议。")
    return doc.render()


def _committee(ctx: _Context) -> RenderedReport:
    seats = committee_seats()
    if not seats:
        full = full_member_count()
        why = "本支部正式党员满 7 人，应当设立支部委员会。" if committee_required(full) else ""
        return ctx.empty_part("支部委员会", f"本支部还没有在程序中登记支部委员。{why}")
    doc = ctx.document("支部委员会")

    def term(seat) -> str:
        if seat.term_start and seat.term_end:
            return f"{format_date_cn(seat.term_start)}—{format_date_cn(seat.term_end)}"
        if seat.term_start:
            return f"{format_date_cn(seat.term_start)}起"
        return ""

    rows = [[str(n), s.post, s.name, term(s)] for n, s in enumerate(seats, start=1)]
    doc.add_line(f"共 {len(seats)} 名委员。")
    doc.add_table(COMMITTEE_COLUMNS, rows)
    return doc.render()


def _summary(ctx: _Context) -> RenderedReport:
    text = annual_summary.get(ctx.year)
    doc = ctx.document(f"{ctx.year}年度工作总结")
    if text.strip():
        doc.add_paragraph(text)
    else:
        doc.add_paragraph("（本年度的工作总结还没有在程序中填写。）")
    doc.add_spacer(10)
    with doc.ending():
        doc.add_closing([ctx.branch or "党支部", format_date_cn(ctx.today)])
    return doc.render()


def _review(ctx: _Context) -> RenderedReport:
    title = f"{ctx.year}年民主评议党员"
    try:
        from dangjian_desktop.core import review
    except ImportError:
        return ctx.empty_part(title, "本年度没有在程序中记录民主评议。")
    held = review.review_of(ctx.year)
    rows = review.review_rows(ctx.year) if held is not None else []
    if held is None or not rows:
        return ctx.empty_part(title, "本年度没有在程序中记录民主评议。")
    doc = ctx.document(title, form=True)
    meeting = getattr(held, "activity_id", None)
    if meeting is not None:
        found = [a for a in list_activities(ctx.year) if a.id == meeting]
        if found:
            where = ctx.meeting_pages.get(meeting)
            see = f"（会议记录见第 {where} 页）" if where else ""
            doc.add_line(f"评议会议：{format_date_cn(found[0].date)}　{found[0].title}{see}")
    summary = review.summary(ctx.year)
    if summary is not None:
        doc.add_line(summary.text)
    table = [[str(n), r.name, *(str(r.votes.get(g, 0)) for g in review.GRADES),
              (r.grade or "") if getattr(r, "graded", True) else "不评定等次", r.reason]
             for n, r in enumerate(rows, start=1)]
    doc.add_spacer(2)

    def closing() -> None:
        doc.add_spacer(2)
        doc.add_signatures(["支部书记（签字）", "党组织（盖章）"], line_mm=30)

    doc.add_table(REVIEW_COLUMNS, table, closing=closing)
    return doc.render()


# --- the parts made by the program's own documents ----------------------------------------------

def _or_empty(ctx: _Context, title: str, line: str, build: Callable[[], RenderedReport]) -> RenderedReport:
    """A builder's document, or — where it has nothing to print (it refuses) — the empty part."""
    try:
        return build()
    except UserError:
        return ctx.empty_part(title, line)


def _roster(ctx: _Context, progress: ProgressFn | None) -> RenderedReport:
    from dangjian_desktop.reports.roster import build_roster

    return _or_empty(ctx, "党员花名册", "本支部还没有在册党员。",
                     lambda: build_roster(mask=ctx.mask, today=ctx.today, progress=progress))


def _groups(ctx: _Context, progress: ProgressFn | None) -> RenderedReport:
    from dangjian_desktop.reports.group_roster import build_group_roster

    return _or_empty(ctx, "党小组名册", "本支部没有设党小组。",
                     lambda: build_group_roster(mask=ctx.mask, today=ctx.today, progress=progress))


def _plan(ctx: _Context, progress: ProgressFn | None) -> RenderedReport:
    from dangjian_desktop.reports.annual_plan import build_annual_plan

    return _or_empty(ctx, f"{ctx.year}年度工作计划", "本年度没有在程序中制订活动计划。",
                     lambda: build_annual_plan(year=ctx.year, today=ctx.today, progress=progress))


def _dues(ctx: _Context, progress: ProgressFn | None) -> RenderedReport:
    from dangjian_desktop.reports.dues_year import build_dues_year

    return _or_empty(ctx, f"{ctx.year}年党费收缴台账", "本年度没有应交党费的党员，没有党费收缴记录。",
                     lambda: build_dues_year(year=ctx.year, today=ctx.today, progress=progress))


def _recruits(ctx: _Context, progress: ProgressFn | None) -> RenderedReport:
    title = f"{ctx.year}年发展党员台账"
    try:
        from dangjian_desktop.reports.recruits_year import build_recruits_year
    except ImportError:
        return ctx.empty_part(title, "本年度没有发展党员的记录。")
    return _or_empty(ctx, title, "本年度没有发展党员的记录（没有人递交入党申请，也没有办理发展步骤）。",
                     lambda: build_recruits_year(year=ctx.year, today=ctx.today, progress=progress))


def _figures(ctx: _Context, progress: ProgressFn | None) -> RenderedReport:
    title = "党员队伍基本情况统计表"
    try:
        from dangjian_desktop.reports.stats import build_stats
    except ImportError:
        return ctx.empty_part(title, "本程序还不能生成党内统计表。")
    on = min(dt.date(ctx.year, 12, 31), ctx.today)
    return _or_empty(ctx, title, "没有可统计的党员。",
                     lambda: build_stats(on=on, mask=ctx.mask, today=ctx.today, progress=progress))


def _minutes(activity_id: int, progress: ProgressFn | None) -> RenderedReport:
    from dangjian_desktop.reports.minutes import build_minutes

    return build_minutes(activity_id=activity_id, progress=progress)


def _scans(ctx: _Context, meeting, scans) -> RenderedReport:
    images: list[tuple[bytes, int, int, str]] = []
    for number, scan in enumerate(scans, start=1):
        data = attachment_data(scan.id)
        caption = scan.caption or f"第 {number} 张"
        if scan.mime == "application/pdf":
            pages = pdf_pages_as_images(data) or [(b"", 1, 1)]
            images.extend((d, w, h, f"{caption}（第 {i} 页）" if len(pages) > 1 else caption)
                          for i, (d, w, h) in enumerate(pages, start=1))
        else:
            images.append((data, scan.width or 1, scan.height or 1, caption))
    title = "签到表（扫描件）"
    return scans_document(title, meeting.title, f"{ctx.book_title}　{meeting.title}　{title}（续）", images).render()


def _meeting_pieces(ctx: _Context) -> list[Piece]:
    held = [a for a in list_activities(ctx.year) if a.status != "planned"]
    if not held:
        return [Piece("会议记录", lambda _p: ctx.empty_part("会议记录", f"{ctx.year}年还没有在程序中记录召开的会议。"),
                      what="正在排版：会议记录…")]
    pieces = [Piece("会议记录", None)]
    for number, meeting in enumerate(held, start=1):
        what = f"正在排版会议记录（{number}/{len(held)}）：{meeting.title}…"
        label = f"{meeting.date.month}月{meeting.date.day}日　{meeting.title}"

        piece = Piece(label, None, level=1, what=what)

        def make(progress, meeting=meeting, piece=piece):
            ctx.meeting_pages[meeting.id] = piece.first_page      # the 民主评议 part names it
            return _minutes(meeting.id, progress)

        piece.make = make
        pieces.append(piece)
        scans = [s for s in attachments(meeting.id) if s.kind == SIGNIN_SCAN]
        if scans:
            pieces.append(Piece(None, lambda _p, meeting=meeting, scans=scans: _scans(ctx, meeting, scans),
                                what=f"正在排版签到表扫描件：{meeting.title}…"))
    return pieces


# --- the book --------------------------------------------------------------------------------

def make_handbook(*, year: int, mask: bool = False, today: dt.date | None = None,
                  progress: ProgressFn | None = None) -> Book:
    """The year's book with its 目录's entries (label, level, the page each starts on)."""
    today = today or dt.date.today()
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise UserError(f"年份“{year}”不对，请写成 2026 这样的四位数字。") from None
    if not 1949 <= year <= today.year + 1:
        raise UserError(f"年份“{year}”不对：工作手册只能是 1949 年到明年（{today.year + 1}年）之间的某一年。")
    ctx = _Context(year, today, mask)
    if ctx.info is None:
        raise UserError("还没有填写支部信息，无法生成工作手册。请先在“设置”页面填写支部名称和书记。")

    def part(index: int, label: str, make) -> Piece:
        return Piece(f"{part_number(index)}、{label}", make, what=f"正在排版：{label}…")

    pieces: list[Piece] = [
        part(1, "基本情况", lambda _p: _basic_facts(ctx)),
        part(2, "支部委员会", lambda _p: _committee(ctx)),
        part(3, "党员花名册", lambda p: _roster(ctx, p)),
        part(4, "党小组名册", lambda p: _groups(ctx, p)),
        part(5, "年度工作计划", lambda p: _plan(ctx, p)),
    ]
    meetings = _meeting_pieces(ctx)
    meetings[0] = Piece(f"{part_number(6)}、会议记录", meetings[0].make, what=meetings[0].what)
    pieces.extend(meetings)
    pieces += [
        part(7, "党费收缴台账", lambda p: _dues(ctx, p)),
        part(8, "发展党员台账", lambda p: _recruits(ctx, p)),
        part(9, "民主评议党员", lambda _p: _review(ctx)),
        part(10, "党员队伍基本情况统计", lambda p: _figures(ctx, p)),
        part(11, "年度工作总结", lambda _p: _summary(ctx)),
    ]
    return make_book(ctx.book_title, lambda: _cover(ctx), f"{ctx.book_title}　目录（续）", pieces,
                     progress=progress)


def build_handbook(*, year: int, mask: bool = False, today: dt.date | None = None,
                   progress: ProgressFn | None = None) -> RenderedReport:
    return make_handbook(year=year, mask=mask, today=today, progress=progress).report
