"""``report roster|groups --out PDF [--mask]`` through the real command line."""

from __future__ import annotations

from io import BytesIO

import pdfplumber
import pytest

from dangjian_desktop.db.models import Member
from tests.conftest import TODAY, run_cli
from tests.demo_cache import load_demo

PINNED_FONTS = {"DANGJIAN_FONT_DIRS": ""}


@pytest.fixture
def demo_file(opened):
    load_demo(46, seed=7, today=TODAY)
    members = list(Member.select().where(Member.status == "active"))
    opened.close()
    return opened.path, members


def pdf_text(path) -> tuple[int, str]:
    with pdfplumber.open(BytesIO(path.read_bytes())) as doc:
        return len(doc.pages), "".join((p.extract_text() or "") for p in doc.pages)


def test_report_roster_writes_the_pdf_and_says_where(demo_file, tmp_path):
    db, members = demo_file
    out = tmp_path / "花名册.pdf"
    result = run_cli("report", "roster", "--out", str(out), db=db, env=PINNED_FONTS)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    pages, text = pdf_text(out)
    assert pages == 2
    assert result.stdout.decode("utf-8").strip() == f"已生成党员花名册，共 2 页：{out}"
    assert all(m.name in text for m in members)


def test_report_roster_mask_hides_numbers(demo_file, tmp_path):
    db, members = demo_file
    out = tmp_path / "roster.pdf"
    result = run_cli("report", "roster", "--out", str(out), "--mask", db=db, env=PINNED_FONTS)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    assert "已打码" in result.stdout.decode("utf-8")
    _pages, text = pdf_text(out)
    assert not any(m.id_number in text for m in members)
    assert not any(m.phone and m.phone in text for m in members)


def test_report_groups_writes_the_group_roster(demo_file, tmp_path):
    db, members = demo_file
    out = tmp_path / "groups.pdf"
    result = run_cli("report", "groups", "--out", str(out), "--mask", db=db, env=PINNED_FONTS)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    pages, text = pdf_text(out)
    assert pages == 2
    assert "党小组名册" in text and "第一党小组" in text


def test_missing_folder_is_refused_in_chinese(demo_file, tmp_path):
    db, _members = demo_file
    result = run_cli("report", "roster", "--out", str(tmp_path / "nowhere" / "x.pdf"), db=db)
    assert result.returncode == 1
    assert result.stderr.decode("utf-8").strip() == f"保存不了：文件夹“{tmp_path / 'nowhere'}”不存在，请换一个位置。"
    assert "Traceback" not in result.stderr.decode("utf-8")


def test_group_roster_without_groups_fails_with_a_reason(tmp_path):
    out = tmp_path / "groups.pdf"
    result = run_cli("report", "groups", "--out", str(out), db=tmp_path / "empty.sqlite3")
    assert result.returncode == 1
    assert "还没有设置党小组" in result.stderr.decode("utf-8")
    assert not out.exists()


def test_out_is_required(tmp_path):
    result = run_cli("report", "roster", db=tmp_path / "x.sqlite3")
    assert result.returncode == 2
    assert "--out" in result.stderr.decode("utf-8")


# --- plan, minutes, sign-in sheets ---------------------------------------------------------------

@pytest.fixture
def meetings_file(opened):
    """The demo branch with a year of activities, and the ids of a few of them."""
    from dangjian_desktop.db.models import Activity

    load_demo(46, seed=7, today=TODAY)

    def first(kind, status):
        return (Activity.select().where((Activity.kind == kind) & (Activity.status == status))
                .order_by(Activity.date).first())

    ids = {"finalized": first("party_congress", "finalized").id, "held": first("party_lecture", "held").id,
           "planned": first("theme_day", "planned")}
    ids["planned_title"] = ids["planned"].title
    ids["planned"] = ids["planned"].id
    opened.close()
    return opened.path, ids


def test_report_plan_writes_the_year(meetings_file, tmp_path):
    db, _ids = meetings_file
    out = tmp_path / "计划.pdf"
    result = run_cli("report", "plan", "2026", "--out", str(out), db=db, env=PINNED_FONTS)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    pages, text = pdf_text(out)
    assert result.stdout.decode("utf-8").strip() == f"已生成年度工作计划，共 {pages} 页：{out}"
    assert "东坡村党支部2026年度工作计划" in text and "第四季度" in text


def test_report_minutes_of_a_finalised_and_a_draft_meeting(meetings_file, tmp_path):
    db, ids = meetings_file
    out = tmp_path / "记录.pdf"
    result = run_cli("report", "minutes", str(ids["finalized"]), "--out", str(out), db=db, env=PINNED_FONTS)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    pages, text = pdf_text(out)
    assert result.stdout.decode("utf-8").strip() == f"已生成会议记录，共 {pages} 页：{out}"
    assert "会议记录" in text and "主持人（签字）：" in text

    draft = tmp_path / "草稿.pdf"
    result = run_cli("report", "minutes", str(ids["held"]), "--out", str(draft), db=db, env=PINNED_FONTS)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    pages, _text = pdf_text(draft)
    assert result.stdout.decode("utf-8").strip() == f"已生成会议记录（草稿，尚未定稿），共 {pages} 页：{draft}"


def test_report_signin_before_the_meeting(meetings_file, tmp_path):
    db, ids = meetings_file
    out = tmp_path / "签到表.pdf"
    result = run_cli("report", "signin", str(ids["planned"]), "--out", str(out), db=db, env=PINNED_FONTS)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    pages, text = pdf_text(out)
    assert result.stdout.decode("utf-8").strip() == f"已生成签到表，共 {pages} 页：{out}"
    assert ids["planned_title"] in text and "签名" in text


@pytest.mark.parametrize("args, message", [
    (("minutes", "99999"), "找不到编号为 99999 的活动，可能已被删除。可以在活动列表里查看活动的编号。"),
    (("signin", "99999"), "找不到编号为 99999 的活动，可能已被删除。可以在活动列表里查看活动的编号。"),
    (("plan", "2031"), "2031 年还没有活动计划。请先在“活动”页面点“生成年度计划…”，排好全年的活动后再打印。"),
])
def test_unknown_meeting_or_year_without_plan_fails_in_chinese(meetings_file, tmp_path, args, message):
    db, _ids = meetings_file
    out = tmp_path / "x.pdf"
    result = run_cli("report", *args, "--out", str(out), db=db, env=PINNED_FONTS)
    assert result.returncode == 1
    assert result.stderr.decode("utf-8").strip() == message
    assert result.stdout == b""
    assert not out.exists()


def test_minutes_of_a_meeting_not_yet_held_are_the_blank_sheet_to_write_by_hand(meetings_file, tmp_path):
    db, ids = meetings_file
    out = tmp_path / "x.pdf"
    result = run_cli("report", "minutes", str(ids["planned"]), "--out", str(out), db=db, env=PINNED_FONTS)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    pages, text = pdf_text(out)
    assert pages == 2
    for label in ("会议名称", "时间", "地点", "主持人", "记录人", "应到人数", "实到人数", "会议内容及发言记录",
                  "主持人（签字）", "记录人（签字）"):
        assert label in text
    assert ids["planned_title"] in text


@pytest.mark.parametrize("args", [("plan", "明年"), ("minutes",), ("signin", "abc")])
def test_wrong_arguments_are_usage_errors(tmp_path, args):
    result = run_cli("report", *args, "--out", str(tmp_path / "x.pdf"), db=tmp_path / "x.sqlite3")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode("utf-8")
