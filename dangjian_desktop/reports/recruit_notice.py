"""发展对象公示: the notice posted before the 支部大会 discusses a 发展对象 (issue #17, DOMAIN.md
"Recruitment" step 12: 公示, usually 5 working days).

A 公文-style page: the title 关于拟发展XXX同志为中共预备党员的公示, a paragraph on the person
(name, gender, ethnicity, birth year and month, education, job — or the 村民小组 where there is
none), the days of the application, of the 确定为入党积极分子 and of the 确定为发展对象, the
publicity period (from the recorded 公示 day to the end of its 5th working day; blank lines for
the pen while it is not recorded), how to give opinions (the 书记 and the branch's telephone and
address), then the branch with （盖章） and the day.

It is posted: never an ID number, a phone or a house number, with or without masking.
Printed once the person is a 发展对象 (it is printed before the publicity starts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dangjian_desktop.core.branch import branch_info
from dangjian_desktop.core.dates import format_date_cn
from dangjian_desktop.core.recruit_papers import RecruitFile, recruit_file, secretary_name
from dangjian_desktop.core.recruit_rules import PUBLICITY_WORKING_DAYS, STOPPED, working_days_end
from dangjian_desktop.core.roles import has_committee
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.layout import RenderedReport, ReportDocument

TITLE = "发展对象公示"
BLANK_DAY = "＿＿＿＿年＿＿月＿＿日"
BLANK_DATE_LINE = "　　　　年　　月　　日"
RULES = "《中国共产党发展党员工作细则》"


def notice_title(name: str) -> str:
    return f"关于拟发展{name}同志为中共预备党员的公示"


def period(f: RecruitFile) -> tuple[dt.date, dt.date] | None:
    """(first, last day) of the publicity: 5 working days from the recorded 公示 day."""
    start = f.history.last("publicity")
    return (start, working_days_end(start, PUBLICITY_WORKING_DAYS)) if start else None


def period_text(f: RecruitFile) -> str:
    days = period(f)
    if days is None:
        return f"{BLANK_DAY}至{BLANK_DAY}"
    return f"{format_date_cn(days[0])}至{format_date_cn(days[1])}"


def person_text(f: RecruitFile) -> str:
    """赵子涵，女，汉族，1999年7月出生，大专学历，…；2025年4月2日递交入党申请书，…。"""
    facts = [f.name]
    facts += [part for part in (f.gender, f.ethnicity) if part]
    if f.birth_date:
        facts.append(f"{f.birth_date.year}年{f.birth_date.month}月出生")
    if f.education:
        facts.append(f"{f.education}学历")
    if f.job.strip():
        facts.append(f.job.strip())
    elif f.hamlet.strip():
        facts.append(f"{f.hamlet.strip()}村民")    # where they live, never the house number
    steps = [f"{format_date_cn(f.applied_on)}递交入党申请书",
             f"{format_date_cn(f.first('activist'))}被确定为入党积极分子",
             f"{format_date_cn(f.first('candidate'))}被确定为发展对象"]
    return "，".join(facts) + "。" + "，".join(steps) + "。"


def build_recruit_notice(
    *,
    recruit_id: int,
    mask: bool = False,            # nothing on it to hide: it never shows an ID number or a phone
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RenderedReport:
    today = today or dt.date.today()
    f = recruit_file(recruit_id, today=today)
    if f.stage == STOPPED:
        raise UserError(f"{f.name}的发展工作已经终止，不能公示。")
    if not f.history.has("candidate"):
        raise UserError(f"{f.name}现在是{f.stage_label}，还没有确定为发展对象，不能公示。"
                        "公示在确定为发展对象、完成政审和集中培训以后进行。")
    info = branch_info()
    branch = info.name if info else ""
    doc = ReportDocument(notice_title(f.name), author=branch, subject=TITLE)
    doc.add_title()
    doc.add_spacer(2)
    body = "委员会" if has_committee() else "党员大会"      # a branch without a 支委会 decides in the 支部大会
    doc.add_paragraph(f"根据{RULES}的有关规定，经{branch or '党支部'}{body}研究，拟发展{f.name}同志为中共预备党员，"
                      "现将有关情况公示如下：")
    doc.add_paragraph(person_text(f))
    doc.add_paragraph(f"公示时间：{period_text(f)}（{PUBLICITY_WORKING_DAYS}个工作日，遇法定节假日顺延）。")
    doc.add_paragraph(f"公示期间，党员和群众可以通过来电、来信、来访等方式，向党支部反映{f.name}同志在政治表现、"
                      "思想品质、工作学习、遵纪守法等方面的情况和问题。反映情况要实事求是，"
                      "请告知真实姓名和联系方式，党支部将严格保密。")
    contact = []
    secretary = secretary_name(today)
    contact.append(("联系人", f"{secretary}（党支部书记）" if secretary else ""))
    contact.append(("联系电话", info.phone if info else ""))
    if info and info.address:
        contact.append(("地址", info.address))
    doc.add_spacer(2)
    doc.add_fields(contact, hanging=True)
    doc.add_spacer(12)
    days = period(f)
    doc.add_closing([f"{branch or '党支部'}（盖章）", format_date_cn(days[0]) if days else BLANK_DATE_LINE])
    return doc.render(progress)
