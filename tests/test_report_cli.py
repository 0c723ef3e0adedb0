"""``report roster|groups --out PDF [--mask]`` through the real command line."""

from __future__ import annotations

from io import BytesIO

import pdfplumber
import pytest

from dangjian_desktop.core.demo import generate_demo
from dangjian_desktop.db.models import Member
from tests.conftest import TODAY, run_cli

PINNED_FONTS = {"DANGJIAN_FONT_DIRS": ""}


@pytest.fixture
def demo_file(opened):
    generate_demo(46, seed=7, today=TODAY)
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
    assert pages == 4
    assert result.stdout.decode("utf-8").strip() == f"已生成党员花名册，共 4 页：{out}"
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
    assert pages == 3
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
