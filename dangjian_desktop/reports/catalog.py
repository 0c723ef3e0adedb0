"""The documents the program prints, for the ``report`` command and the 报表 page.

A document kind names its builder and the parameters it needs besides ``mask`` (a year for
the annual plan, an activity for minutes and sign-in sheets). Adding a document is one entry
here, one sub-command in :mod:`dangjian_desktop.commands.report`, and its own module.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dangjian_desktop.errors import UserError
from dangjian_desktop.file_modes import give_user_mode

if TYPE_CHECKING:  # reportlab is imported only when a document is made, not at start-up
    from dangjian_desktop.reports.layout import RenderedReport

ProgressFn = Callable[[int, int, str], None]

# reportlab keeps module-level state (fonts, caches): documents are made one at a time, even
# when the window starts a new one before the last has finished.
_build_lock = threading.Lock()


def one_at_a_time() -> threading.Lock:
    """The lock documents are made under, for other reportlab work off the GUI thread (the
    统计 page's charts)."""
    return _build_lock


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str                        # what the 报表 page lists: 党员花名册
    description: str                  # one plain sentence under it
    build: Callable[..., RenderedReport]
    params: tuple[str, ...] = ()      # required keyword parameters besides mask/today/progress
    landscape: bool = False
    maskable: bool = False            # carries ID numbers or phones that --mask hides
    on_reports_page: bool = True      # listed on the 报表 page (else printed from its meeting)



def _roster(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.roster import build_roster

    return build_roster(**kwargs)


def _groups(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.group_roster import build_group_roster

    return build_group_roster(**kwargs)


def _plan(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.annual_plan import build_annual_plan

    return build_annual_plan(**kwargs)


def _minutes(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.minutes import build_minutes

    return build_minutes(**kwargs)


def _signin(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.signin import build_signin

    return build_signin(**kwargs)


def _dues_month(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.dues_month import build_dues_month

    return build_dues_month(**kwargs)


def _dues_year(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.dues_year import build_dues_year

    return build_dues_year(**kwargs)


def _dues_notice(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.dues_notice import build_dues_notice

    return build_dues_notice(**kwargs)


def _dues_receipts(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.dues_receipts import build_dues_receipts

    return build_dues_receipts(**kwargs)


def _review_ballot(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.review_papers import build_review_ballot

    return build_review_ballot(**kwargs)


def _review_result(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.review_papers import build_review_result

    return build_review_result(**kwargs)


def _stats(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.stats import build_stats

    return build_stats(**kwargs)


def _handbook(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.handbook import build_handbook

    return build_handbook(**kwargs)


def _notice(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.notice import build_notice

    return build_notice(**kwargs)


def _recruits(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.recruits_roster import build_recruits_roster

    return build_recruits_roster(**kwargs)


def _recruit_record(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.recruit_record import build_recruit_record

    return build_recruit_record(**kwargs)


def _recruit_notice(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.recruit_notice import build_recruit_notice

    return build_recruit_notice(**kwargs)


def _recruit_review(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.recruit_review import build_recruit_review

    return build_recruit_review(**kwargs)


def _recruits_year(**kwargs) -> RenderedReport:
    from dangjian_desktop.reports.recruits_year import build_recruits_year

    return build_recruits_year(**kwargs)


DOCUMENTS: dict[str, DocumentKind] = {
    kind.key: kind
    for kind in (
        DocumentKind("roster", "党员花名册", "全部在册党员，横向 A4，每页有表头和页码。", _roster, landscape=True,
                     maskable=True),
        DocumentKind("groups", "党小组名册", "每个党小组的组长和党员名单。", _groups, maskable=True),
        DocumentKind("plan", "年度工作计划", "一年的“三会一课”等活动，按季度、月份排列。", _plan, params=("year",)),
        DocumentKind("minutes", "会议记录", "一次会议的会议记录，主持人、记录人签字。", _minutes,
                     params=("activity_id",), on_reports_page=False),
        DocumentKind("signin", "签到表", "一次会议的签到表，开会前打印，到会党员签名。", _signin,
                     params=("activity_id",), on_reports_page=False),
        # The 报表 page chooses a year but not yet a month: the month's papers print from the command line.
        DocumentKind("dues", "党费收缴登记表", "一个月每名党员的交纳基数、应交、实交，本人签名，收款人签字。",
                     _dues_month, params=("month",), on_reports_page=False),
        DocumentKind("dues-year", "党费收缴台账", "一年里每名党员每月交纳的党费和上缴情况，横向 A4。", _dues_year,
                     params=("year",), landscape=True),
        DocumentKind("dues-notice", "党费收缴情况公示", "年初到上个月每名党员应交、实交的党费，用于张贴公示，不含收入。",
                     _dues_notice, params=("year",)),
        DocumentKind("dues-receipts", "党费收据", "一个月交了党费的党员每人一张收据，每页 8 张，沿虚线剪开。",
                     _dues_receipts, params=("month",), on_reports_page=False),
        DocumentKind("recruits", "发展党员名册", "入党申请人、入党积极分子和发展对象的名单，横向 A4。",
                     _recruits, landscape=True, maskable=True),
        # A person's papers are printed from their file (发展党员), not from the 报表 page.
        DocumentKind("recruit-record", "发展党员工作记录", "一个人发展工作的每一步、日期和经办人，未办的步骤留空手填。",
                     _recruit_record, params=("recruit_id",), maskable=True, on_reports_page=False),
        DocumentKind("recruit-notice", "发展对象公示", "拟发展为预备党员的公示，用于张贴，不含身份证号和电话。",
                     _recruit_notice, params=("recruit_id",), on_reports_page=False),
        DocumentKind("recruit-review", "入党积极分子半年考察表", "每半年一次的考察表，现实表现和各方意见手填。",
                     _recruit_review, params=("recruit_id",), on_reports_page=False),
        DocumentKind("recruits-year", "发展党员台账", "一年里递交申请或办理过发展步骤的每个人和各步日期，横向 A4。",
                     _recruits_year, params=("year",), landscape=True),
        DocumentKind("review-ballot", "民主评议党员测评表", "每名参评党员四个等次画“√”，不记名，一人一张。",
                     _review_ballot, params=("year",), on_reports_page=False),
        DocumentKind("review-result", "民主评议结果公示", "评定的等次，用于张贴公示，不含评议理由。",
                     _review_result, params=("year",), on_reports_page=False),
        # the day counted: ``on=`` (the 统计 page's date), else today
        DocumentKind("stats", "党员统计表", "在册党员的人数、性别、民族、年龄、学历、党龄、流动、困难和发展党员，"
                     "附统计图。", _stats),
        # made from its own window (ui.handbook_dialog: the year's 年度总结 is written there)
        DocumentKind("handbook", "支部工作手册", "一年的基本情况、委员会、花名册、党小组、年度计划、每次会议记录、党费、"
                     "发展党员、民主评议、统计表和年度总结，一本书，有目录和连续页码。", _handbook, params=("year",),
                     maskable=True, on_reports_page=False),
        DocumentKind("notice", "党务公开公示", "支部自己写的公示，大字印在 A4 上，留盖章处。",
                     _notice, params=("title", "body"), on_reports_page=False),
    )
}


def document_kind(key: str) -> DocumentKind:
    try:
        return DOCUMENTS[key]
    except KeyError:
        raise UserError(f"没有名为“{key}”的报表。") from None


def generate(
    key: str,
    *,
    mask: bool = False,
    today: dt.date | None = None,
    progress: ProgressFn | None = None,
    **params,
) -> RenderedReport:
    """Make one document from the open database."""
    kind = document_kind(key)
    missing = [name for name in kind.params if params.get(name) is None]
    if missing:
        raise UserError(f"生成“{kind.label}”还缺少：{'、'.join(missing)}。")
    with _build_lock:
        return kind.build(mask=mask, today=today, progress=progress, **params)


def check_target(path: Path | str) -> Path:
    """The path a PDF will be saved to; refuses a folder that does not exist (before any work)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"“{target}”是一个文件夹，请给出 PDF 文件的名字，例如 {target / '花名册.pdf'}。")
    if not target.parent.is_dir():
        raise UserError(f"保存不了：文件夹“{target.parent}”不存在，请换一个位置。")
    return target


def save_pdf(pdf: bytes, path: Path | str) -> Path:
    """Write a PDF next to its final name first, then move it in place (never half a file)."""
    target = check_target(path)
    folder = target.parent
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~", suffix=".pdf", dir=folder)
        give_user_mode(handle)                  # handed on: not the temporary file's 0600
        with os.fdopen(handle, "wb") as fh:
            fh.write(pdf)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp_name, target)
    except PermissionError:
        _discard(locals().get("temp_name"))
        raise UserError(
            f"保存不了“{target.name}”：文件可能正在被其他程序（如 PDF 阅读器、WPS）打开，"
            "或者这个位置不允许写入。请关闭它或换一个位置后再试。"
        ) from None
    except OSError as exc:  # disk full, stick pulled out …
        _discard(locals().get("temp_name"))
        raise UserError(
            f"保存不了“{target}”，写入时出错。请检查磁盘或U盘是否已满、是否已拔出，或换一个位置再试。"
        ) from exc
    return target


def _discard(name: str | None) -> None:
    if name:
        try:
            os.unlink(name)
        except OSError:
            pass


def missing_characters_note(report: RenderedReport) -> str | None:
    """What to tell before printing when characters print as □ (in no font): which, in whose
    names, and what to do; None when every character has a font."""
    if not report.missing:
        return None
    from dangjian_desktop.core.members import names_with_characters
    from dangjian_desktop.core.recruit_papers import recruit_names_with

    chars = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in report.missing)
    names = list(dict.fromkeys(names_with_characters(report.missing) + recruit_names_with(report.missing)))
    whose = f"，在{'、'.join(names[:8])}{'等' if len(names) > 8 else ''}的姓名里" if names else ""
    return (f"注意：{chars}这几个字本机所有字体里都没有{whose}，打印出来是“□”。"
            "请把含这些字的字体（如 Windows 的 SimSun-ExtB）装到电脑上，再重新生成；"
            "或者打印后用笔在“□”处写上。")
