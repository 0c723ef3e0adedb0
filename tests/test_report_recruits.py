"""The 发展党员 papers (名册, 发展党员工作记录, 发展对象公示, 半年考察表, 发展党员台账): read the PDFs
back from a real demo branch and check the steps in date order with the people's names, what
masking hides and what a posted notice never shows, the publicity's working days, the year's
counts against a count by hand, closings that never stand alone, the command line, and a
name with a rare character."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dangjian_desktop.core import recruits
from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.core.privacy import mask_id_number, mask_phone
from dangjian_desktop.core.recruit_papers import secretary_name
from dangjian_desktop.db.models import Branch, Recruit, RecruitEvent
from dangjian_desktop.errors import UserError
from dangjian_desktop.reports.catalog import DOCUMENTS, generate
from dangjian_desktop.reports.recruit_notice import build_recruit_notice
from dangjian_desktop.reports.recruit_record import build_recruit_record
from dangjian_desktop.reports.recruit_review import build_recruit_review
from dangjian_desktop.reports.recruits_roster import build_recruits_roster
from dangjian_desktop.reports.recruits_year import build_recruits_year
from tests.conftest import TODAY, run_cli
from tests.demo_cache import load_demo
from tests.pdf_checks import A4_LONG, A4_SHORT, assert_inside_margins, open_pdf, page_texts, squeezed

pytestmark = pytest.mark.usefixtures("bundled_fonts")

# TODAY is 2026-11-26 (a Thursday). The demo has a file at each stage: 刘晓燕 applied, 陈浩然 an
# activist, 赵子涵 a 发展对象 with training done (no publicity yet), 周明轩 stopped, and the file of
# a 预备党员 of the roster (approved in March 2026).


def file_id(name: str) -> int:
    return Recruit.get(Recruit.name == name).id


def probationary_file() -> Recruit:
    return Recruit.get(Recruit.stage == "probationary")


def text_of(report) -> str:
    return squeezed("".join(page_texts(report.pdf)))


def dot(day: dt.date) -> str:
    return f"{day.year}.{day.month:02d}.{day.day:02d}"


def cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def fifth_working_day(start: dt.date) -> dt.date:
    """Counted by hand: Monday to Friday, the start included."""
    days = [start + dt.timedelta(days=n) for n in range(14)]
    return [day for day in days if day.weekday() < 5][4]


def page_size(report) -> tuple[float, float]:
    with open_pdf(report.pdf) as doc:
        page = doc.pages[0]
        return round(page.width, 2), round(page.height, 2)


_serial = iter(range(100, 999))
NAME_CHARS = "春夏秋冬梅兰竹菊松柏山水云海江河湖田禾丰"


def name_of(n: int) -> str:
    return "测" + NAME_CHARS[n // len(NAME_CHARS) % len(NAME_CHARS)] + NAME_CHARS[n % len(NAME_CHARS)]


def table_rows(report) -> list[list[str]]:
    """Every table row of every page, cells as text without line breaks ('' for blank)."""
    rows = []
    with open_pdf(report.pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows += [[(c or "").replace("\n", "") for c in row] for row in table]
    return rows


def new_applicant(name: str, applied_on: dt.date, *, year: int = 1990, phone: str = "") -> int:
    first17 = f"370124{year}0315{next(_serial):03d}"
    values = {"name": name, "id_number": first17 + check_char(first17), "phone": phone}
    return recruits.add_recruit(values, applied_on=applied_on, today=TODAY).id


# --- 入党积极分子、发展对象名册 ------------------------------------------------------------------------

def test_roster_lists_applicants_activists_and_candidates_by_section_with_dates_and_contacts(branch46):
    report = build_recruits_roster(today=TODAY)
    text = text_of(report)
    assert page_size(report) == (A4_LONG, A4_SHORT) and report.pages == 1
    assert text.index("一、入党申请人（1人）") < text.index("刘晓燕") < text.index("二、入党积极分子（1人）") \
        < text.index("陈浩然") < text.index("三、发展对象（1人）") < text.index("赵子涵")
    chen = Recruit.get(Recruit.name == "陈浩然")
    contacts = recruits.file_lines(chen.id)[2]
    assert contacts.event == "contacts" and len(contacts.people) == 2
    activist = RecruitEvent.get((RecruitEvent.recruit == chen.id) & (RecruitEvent.event == "activist")).on_date
    assert f"{dot(chen.applied_on)}{dot(activist)}{'、'.join(contacts.people)}" in text
    assert chen.id_number in text and chen.phone in text
    assert probationary_file().name not in text and "周明轩" not in text     # past the stages, or stopped
    assert "共3人" in text and "填表人：" in text and "党组织（盖章）：" in text and "内部资料" in text
    assert_inside_margins(report.pdf, form=True)


def test_roster_without_applicants_has_only_the_two_stages(branch46):
    text = text_of(build_recruits_roster(applicants=False, today=TODAY))
    assert "刘晓燕" not in text and "入党申请人" not in text
    assert "一、入党积极分子（1人）" in text and "二、发展对象（1人）" in text


def test_masked_roster_hides_every_id_number_and_phone(branch46):
    text = text_of(generate("recruits", mask=True, today=TODAY))
    for person in Recruit.select().where(Recruit.stage.in_(["applicant", "activist", "candidate"])):
        assert person.id_number not in text and person.phone[-8:] not in text
        assert mask_id_number(person.id_number) in text and mask_phone(person.phone) in text
    assert "内部资料" not in text


def test_roster_of_a_branch_without_files_is_refused_in_chinese(opened):
    with pytest.raises(UserError, match="现在没有入党积极分子和发展对象"):
        build_recruits_roster(today=TODAY)


# --- 发展党员工作记录 ------------------------------------------------------------------------------

def test_record_lists_every_step_in_date_order_with_the_people_and_the_steps_to_come(branch46):
    person = probationary_file()
    lines = recruits.file_lines(person.id)
    report = build_recruit_record(recruit_id=person.id, today=TODAY)
    text = text_of(report)
    assert text.startswith("内部资料注意保密发展党员工作记录")
    assert f"姓名{person.name}" in text and f"公民身份号码{person.id_number}" in text
    assert f"申请入党时间{cn(person.applied_on)}" in text and "目前阶段预备党员" in text
    vote = next(line.on_date for line in lines if line.event == "branch_vote")
    assert f"入党日期{cn(vote)}" in text
    rows = [r for r in table_rows(report) if len(r) == 6 and r[0].isdigit()]
    assert rows[0] == ["1", "递交入党申请书", dot(person.applied_on), "", "", ""]
    recorded = rows[1:len(lines) + 1]
    for number, (row, line) in enumerate(zip(recorded, lines, strict=True), start=2):
        people = f"{line.role}：{'、'.join(line.people)}" if line.people else ""
        assert row[:4] == [str(number), line.label, dot(line.on_date), people]
        assert row[5] == ""                            # the cell to sign in
    assert [line.on_date for line in lines] == sorted(line.on_date for line in lines)
    assert {"谈话人", "培养联系人", "入党介绍人"} <= {line.role for line in lines if line.people}
    facts = {row[1]: row[4] for row in recorded}
    assert facts["集中培训"] == "32 学时"
    assert [row[4] for row in recorded if row[1] == "半年考察"] == ["第一次考察", "第二次考察"]
    publicity = next(line.on_date for line in lines if line.event == "publicity")
    assert facts["公示"] == f"公示至{cn(fifth_working_day(publicity))}（5 个工作日）"
    blank = rows[len(lines) + 1:]
    assert [(r[1], squeezed(r[2])) for r in blank] == [("支部大会讨论转正", "年月日"),
                                                       ("上级党委审批（转为正式党员）", "年月日")]
    assert text.index("以下步骤尚未办理，办理后手工填写") > text.index(dot(lines[-1].on_date))
    assert text.rstrip("0123456789第页共").endswith("支部书记（签字）：日期：党组织（盖章）：")
    assert_inside_margins(report.pdf, form=True)


def test_record_of_an_applicant_leaves_every_later_step_blank_with_its_role(branch46):
    person = Recruit.get(Recruit.name == "刘晓燕")
    report = build_recruit_record(recruit_id=person.id, today=TODAY)
    rows = [r for r in table_rows(report) if len(r) == 6 and r[0].isdigit()]
    assert rows[0][:3] == ["1", "递交入党申请书", dot(person.applied_on)]
    blank = [(r[1], squeezed(r[2]), r[3]) for r in rows[1:]]
    assert blank == [("谈话", "年月日", "谈话人："), ("确定为入党积极分子", "年月日", ""),
                     ("指定培养联系人", "年月日", "培养联系人："), ("半年考察（第一次）", "年月日", ""),
                     ("确定为发展对象", "年月日", ""), ("确定入党介绍人", "年月日", "入党介绍人："),
                     ("政治审查", "年月日", ""), ("集中培训", "年月日", ""), ("公示", "年月日", ""),
                     ("支部大会讨论接收为预备党员", "年月日", ""), ("上级党委审批（接收为预备党员）", "年月日", ""),
                     ("入党宣誓", "年月日", ""), ("支部大会讨论转正", "年月日", ""),
                     ("上级党委审批（转为正式党员）", "年月日", "")]
    assert [r[0] for r in rows] == [str(n) for n in range(1, 16)]


def test_record_of_a_stopped_file_has_no_blank_steps_and_says_why(branch46):
    report = build_recruit_record(recruit_id=file_id("周明轩"), today=TODAY)
    rows = [r for r in table_rows(report) if len(r) == 6 and r[0].isdigit()]
    assert [r[1] for r in rows] == ["递交入党申请书", "谈话", "确定为入党积极分子", "终止发展（取消资格）"]
    assert rows[-1][4] == "本人申请撤回，支部同意"
    text = text_of(report)
    assert "目前阶段已终止" in text and "以下步骤尚未办理" not in text


def test_masked_record_hides_the_id_number_and_phone(branch46):
    person = probationary_file()
    text = text_of(generate("recruit-record", recruit_id=person.id, mask=True, today=TODAY))
    assert person.id_number not in text and f"公民身份号码{mask_id_number(person.id_number)}" in text
    assert person.phone not in text and mask_phone(person.phone) in text


def test_record_of_a_file_that_does_not_exist_is_refused_in_chinese(branch46):
    with pytest.raises(UserError, match="没有编号为 999 的"):
        generate("recruit-record", recruit_id=999, today=TODAY)


# --- 发展对象公示 ----------------------------------------------------------------------------------

def _ready_for_publicity() -> Recruit:
    person = Recruit.get(Recruit.name == "赵子涵")
    assert recruits.history(person).has("trained")
    return person


def test_notice_before_the_publicity_leaves_the_period_blank_and_never_shows_an_id_or_phone(branch46):
    person = _ready_for_publicity()
    report = build_recruit_notice(recruit_id=person.id, today=TODAY)
    text = text_of(report)
    h = recruits.history(person)
    assert text.startswith(f"关于拟发展{person.name}同志为中共预备党员的公示")
    assert (f"{person.name}，{person.gender}，{person.birth_date.year}年{person.birth_date.month}月出生。"
            f"{cn(person.applied_on)}递交入党申请书，{cn(h.last('activist'))}被确定为入党积极分子，"
            f"{cn(h.last('candidate'))}被确定为发展对象。") in text
    assert "公示时间：＿＿＿＿年＿＿月＿＿日至＿＿＿＿年＿＿月＿＿日（5个工作日" in text
    branch = Branch.get()
    assert f"联系人：{secretary_name(TODAY)}（党支部书记）" in text and f"联系电话：{branch.phone}" in text
    assert f"{branch.name}（盖章）" in text
    for digits in (person.id_number, person.id_number[6:14], person.phone, person.phone[-4:]):
        assert digits not in text
    assert report.pages == 1 and page_size(report) == (A4_SHORT, A4_LONG)
    assert_inside_margins(report.pdf)


@pytest.mark.parametrize(("start", "end"), [(dt.date(2026, 11, 23), dt.date(2026, 11, 27)),   # Monday → Friday
                                            (dt.date(2026, 11, 19), dt.date(2026, 11, 25))])  # Thursday → Wednesday
def test_notice_period_is_five_working_days_from_the_recorded_start(branch46, start, end):
    person = _ready_for_publicity()
    recruits.record_step(person.id, "publicity", start, today=TODAY)
    report = generate("recruit-notice", recruit_id=person.id, mask=True, today=TODAY)
    text = text_of(report)
    assert f"公示时间：{cn(start)}至{cn(end)}（5个工作日，遇法定节假日顺延）。" in text
    assert text.rstrip("0123456789第页共").endswith(f"（盖章）{cn(start)}")
    assert person.id_number not in text and person.phone not in text


def test_notice_for_someone_not_yet_a_candidate_or_stopped_is_refused(branch46):
    with pytest.raises(UserError, match="陈浩然现在是入党积极分子，还没有确定为发展对象，不能公示"):
        build_recruit_notice(recruit_id=file_id("陈浩然"), today=TODAY)
    with pytest.raises(UserError, match="发展工作已经终止"):
        build_recruit_notice(recruit_id=file_id("周明轩"), today=TODAY)


# --- 入党积极分子半年考察表 -------------------------------------------------------------------------

def test_review_form_counts_the_reviews_recorded_and_leaves_boxes_to_write_in(branch46):
    person = Recruit.get(Recruit.name == "赵子涵")
    h = recruits.history(person)
    assert len(h.dates("review")) == 2
    report = build_recruit_review(recruit_id=person.id, today=TODAY)
    text = text_of(report)
    assert text.startswith("入党积极分子半年考察表（第三次考察）")
    last = h.last("review")
    assert f"考察期{cn(last)}至{cn(last.replace(month=last.month + 6))}" in text
    contacts = next(line for line in recruits.file_lines(person.id) if line.event == "contacts").people
    assert f"培养联系人{'、'.join(contacts)}" in text
    assert f"确定为积极分子{dot(h.last('activist'))}" in text and f"上次考察{dot(last)}" in text
    with open_pdf(report.pdf) as doc:     # the boxes' labels, one character under another down the side
        side = [c for c in doc.pages[0].chars if c["x0"] < (20 + 13) * 72 / 25.4 and c["top"] > 100 * 72 / 25.4]
    assert "".join(c["text"] for c in sorted(side, key=lambda c: c["top"])) == "现实表现培养联系人意见党小组意见党支部意见"
    assert "培养联系人（签字）：年月日" in text and "党小组组长（签字）：年月日" in text
    assert "党支部书记（签字）：（盖章）年月日" in text
    assert report.pages == 1
    assert_inside_margins(report.pdf, form=True)
    with open_pdf(report.pdf) as doc:     # the 现实表现 box: at least 6 cm to write in
        words = doc.pages[0].extract_words()
        top = next(w["top"] for w in words if w["text"].startswith("（思想"))
        below = min(w["top"] for w in words if w["text"].startswith("培养联系人（签字）"))
        assert below - top > 60 * 72 / 25.4 + 30 * 72 / 25.4      # that box and most of the next


def test_review_form_after_another_review_is_the_next_one(branch46):
    person_id = file_id("陈浩然")
    assert "第二次考察" in text_of(build_recruit_review(recruit_id=person_id, today=TODAY))
    recruits.record_step(person_id, "review", TODAY, today=TODAY)
    assert text_of(build_recruit_review(recruit_id=person_id, today=TODAY)).startswith("入党积极分子半年考察表（第三次考察）")


def test_review_form_for_an_applicant_or_a_probationary_member_is_refused(branch46):
    with pytest.raises(UserError, match="不用半年考察"):
        build_recruit_review(recruit_id=probationary_file().id, today=TODAY)
    with pytest.raises(UserError, match="刘晓燕现在是申请人"):
        build_recruit_review(recruit_id=file_id("刘晓燕"), today=TODAY)


# --- 发展党员台账 ----------------------------------------------------------------------------------

def hand_count(year: int) -> dict[str, int]:
    """The year's counts straight from the tables, one query each."""
    def people(event: str) -> int:
        rows = RecruitEvent.select(RecruitEvent.recruit).where(
            (RecruitEvent.event == event) & (RecruitEvent.on_date.year == year)).distinct()
        return rows.count()

    applied = Recruit.select().where(Recruit.applied_on.year == year).count()
    return {"申请": applied, "积极分子": people("activist"), "发展对象": people("candidate"),
            "预备党员": people("approved"), "转正": people("full_approved"), "终止": people("stopped")}


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_year_ledger_counts_agree_with_a_count_by_hand(branch46, year):
    report = build_recruits_year(year=year, today=TODAY)
    text = text_of(report)
    n = hand_count(year)
    expected = (f"{year}年共递交入党申请{n['申请']}人，确定入党积极分子{n['积极分子']}人，确定发展对象{n['发展对象']}人，"
                f"接收预备党员{n['预备党员']}人，预备党员转为正式党员{n['转正']}人")
    expected += f"，终止发展{n['终止']}人。" if n["终止"] else "。"
    assert expected in text
    with_step = {e.recruit_id for e in RecruitEvent.select().where(RecruitEvent.on_date.year == year)}
    with_step |= {r.id for r in Recruit.select().where(Recruit.applied_on.year == year)}
    assert f"共{len(with_step)}人" in text
    for person in Recruit.select():
        assert (person.name in text) == (person.id in with_step), person.name
    assert page_size(report) == (A4_LONG, A4_SHORT)


def test_year_ledger_row_has_every_date_the_introducers_and_the_stage_at_the_year_end(branch46):
    person = probationary_file()
    h = recruits.history(person)
    introducers = "、".join(next(line for line in recruits.file_lines(person.id) if line.event == "introducers").people)
    birth = f"{person.birth_date.year}.{person.birth_date.month:02d}"
    report = build_recruits_year(year=2025, today=TODAY)
    row = next(r for r in table_rows(report) if len(r) == 14 and r[1] == person.name)
    assert row[2:] == [person.gender, birth, dot(person.applied_on), dot(h.last("activist")), dot(h.last("candidate")),
                       "", "", "", "", introducers, "发展对象", ""]          # as it was at the end of 2025
    report = build_recruits_year(year=2026, today=TODAY)
    rows = {r[1]: r for r in table_rows(report) if len(r) == 14 and r[0].isdigit()}
    dates = [dot(h.last(e)) for e in ("activist", "candidate", "branch_vote", "approved", "oath")]
    assert rows[person.name][2:] == [person.gender, birth, dot(person.applied_on), *dates, "", introducers,
                                     "预备党员", ""]
    stopped = RecruitEvent.get(RecruitEvent.event == "stopped").on_date
    assert rows["周明轩"][12:] == ["已终止", f"{cn(stopped)}终止发展：本人申请撤回，支部同意"]
    assert "统计至：2026年11月26日" in text_of(report)


def test_year_ledger_of_a_year_without_files_or_in_the_future_is_refused(branch46):
    with pytest.raises(UserError, match="2019年没有发展党员的记录"):
        build_recruits_year(year=2019, today=TODAY)
    with pytest.raises(UserError, match="2027年不对"):
        build_recruits_year(year=2027, today=TODAY)


# --- closings kept with rows, at several sizes ------------------------------------------------------

ROW = re.compile(r"^\d{1,3} \S", re.MULTILINE)


def _add_activists(count: int) -> None:
    """``count`` more files, every other one made an activist (applied in 2026)."""
    for n in range(count):
        rid = new_applicant(name_of(n), dt.date(2026, 1, 5) + dt.timedelta(days=n % 60), phone="13900000000")
        if n % 2:
            recruits.record_step(rid, "talked", dt.date(2026, 3, 10), today=TODAY)
            recruits.record_step(rid, "activist", dt.date(2026, 4, 1), today=TODAY)


@pytest.mark.parametrize("extra", [0, 17, 26, 41, 63])
def test_closing_of_the_roster_and_the_ledger_never_stands_alone_on_a_page(branch46, extra):
    _add_activists(extra)
    for report, closing in ((build_recruits_roster(today=TODAY), "填表人："),
                            (build_recruits_year(year=2026, today=TODAY), "填表人：")):
        texts = page_texts(report.pdf)
        last = texts[-1]
        assert closing in last and "党组织（盖章）：" in last, report.title
        before = last.split(closing)[0]
        assert ROW.search(before.split("\n", 1)[-1] if len(texts) > 1 else before), \
            f"{report.title}, {extra} more files: the last of {len(texts)} pages holds only the closing"
        assert_inside_margins(report.pdf, form=True)
    roster = text_of(build_recruits_roster(today=TODAY))
    assert f"入党申请人（{1 + extra - extra // 2}人）" in roster and f"入党积极分子（{1 + extra // 2}人）" in roster


def test_closing_of_a_record_stays_with_its_last_rows(branch46):
    person = probationary_file()
    report = build_recruit_record(recruit_id=person.id, today=TODAY)
    last = page_texts(report.pdf)[-1]
    before = last.split("支部书记（签字）")[0]
    assert ROW.search(before.split("\n", 1)[-1] if report.pages > 1 else before)


# --- a rare character in a name -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["龚䶮", "李𠮷祥"])
def test_a_name_with_a_rare_character_prints_on_every_paper(branch46, name):
    rid = new_applicant(name, dt.date(2026, 2, 3))
    recruits.record_step(rid, "talked", dt.date(2026, 2, 20), member_ids=[], today=TODAY)
    recruits.record_step(rid, "activist", dt.date(2026, 3, 2), today=TODAY)
    for report in (build_recruits_roster(today=TODAY), build_recruit_record(recruit_id=rid, today=TODAY),
                   build_recruit_review(recruit_id=rid, today=TODAY), build_recruits_year(year=2026, today=TODAY)):
        assert report.missing == ()
        assert name in text_of(report), report.title
        with open_pdf(report.pdf) as doc:
            drawn = {c["text"] for page in doc.pages for c in page.chars}
        assert "□" not in drawn


# --- catalogue and command line ---------------------------------------------------------------------

def test_catalogue_offers_the_lists_on_the_reports_page_and_the_personal_papers_from_the_file():
    assert DOCUMENTS["recruits"].params == () and DOCUMENTS["recruits"].maskable and DOCUMENTS["recruits"].landscape
    assert DOCUMENTS["recruits-year"].params == ("year",) and DOCUMENTS["recruits-year"].landscape
    for key in ("recruit-record", "recruit-notice", "recruit-review"):
        assert DOCUMENTS[key].params == ("recruit_id",) and not DOCUMENTS[key].on_reports_page
    assert DOCUMENTS["recruit-record"].maskable and not DOCUMENTS["recruit-notice"].maskable
    assert DOCUMENTS["recruits"].on_reports_page and DOCUMENTS["recruits-year"].on_reports_page


@pytest.fixture
def demo_file(opened):
    load_demo(46, seed=7, today=TODAY)
    opened.close()
    return opened.path


def test_cli_prints_the_roster_and_a_record_and_refuses_a_bad_id(demo_file, tmp_path):
    out = tmp_path / "名册.pdf"
    result = run_cli("report", "recruits", "--out", str(out), "--mask", db=demo_file, env={"DANGJIAN_FONT_DIRS": ""})
    assert result.returncode == 0, result.stderr.decode("utf-8")
    assert result.stdout.decode("utf-8").strip() == f"已生成发展党员名册（身份证号、手机号已打码），共 1 页：{out}"
    assert "入党积极分子、发展对象名册" in "".join(page_texts(out.read_bytes()))
    record = tmp_path / "记录.pdf"
    result = run_cli("report", "recruit-record", "3", "--out", str(record), db=demo_file)
    assert result.returncode == 0 and result.stdout.decode("utf-8").startswith("已生成发展党员工作记录，共 ")
    bad = run_cli("report", "recruit-record", "999", "--out", str(tmp_path / "x.pdf"), db=demo_file)
    assert bad.returncode == 1
    assert bad.stderr.decode("utf-8").strip() == "没有编号为 999 的发展党员档案，请用 recruits list 查看。"
    assert not (tmp_path / "x.pdf").exists()
    usage = run_cli("report", "recruit-notice", "abc", "--out", str(tmp_path / "x.pdf"), db=demo_file)
    assert usage.returncode == 2


def test_cli_prints_the_notice_review_and_ledger(demo_file, tmp_path):
    for args, label in ((("recruit-notice", "3"), "发展对象公示"), (("recruit-review", "2"), "入党积极分子半年考察表"),
                        (("recruits-year", "2026"), "发展党员台账")):
        out = tmp_path / f"{args[0]}.pdf"
        result = run_cli("report", *args, "--out", str(out), "--mask", db=demo_file)
        assert result.returncode == 0, result.stderr.decode("utf-8")
        said = result.stdout.decode("utf-8")
        assert said.startswith(f"已生成{label}，共 1 页") and "打码" not in said
    refused = run_cli("report", "recruit-notice", "2", "--out", str(tmp_path / "n.pdf"), db=demo_file)
    assert refused.returncode == 1 and "还没有确定为发展对象" in refused.stderr.decode("utf-8")
