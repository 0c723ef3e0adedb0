"""The shared page layout, fonts and page pictures, on documents made for the test."""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from pdfminer.pdftypes import resolve1
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from dangjian_desktop.reports import charsets
from dangjian_desktop.reports.fonts import bundled_fallbacks, bundled_hei, bundled_song, choose_fonts
from dangjian_desktop.reports.layout import ReportDocument
from dangjian_desktop.reports.page_images import page_count, page_sizes, render_pages
from dangjian_desktop.reports.tables import Column, Section, fit_column_widths
from dangjian_desktop.reports.text_setting import NO_LINE_END, NO_LINE_START, Keep, TextBlock, wrap_text
from tests.pdf_checks import (
    A4_LONG,
    A4_SHORT,
    assert_fonts_embedded_subsets,
    assert_inside_margins,
    open_pdf,
    page_texts,
    squeezed,
)

pytestmark = pytest.mark.usefixtures("bundled_fonts")  # page counts are for the bundled font


def measure_with(font: str, size: float = 12):
    return lambda text: stringWidth(text, font, size)


# --- column widths and line breaking -------------------------------------------------------------

def test_widths_fill_the_line_and_fixed_columns_get_their_widest_cell():
    columns = [Column("序号"), Column("姓名"), Column("地址", grow=1)]
    cells = [[10.0, 12.0], [30.0, 45.0], [50.0, 80.0]]
    widths = fit_column_widths(columns, cells, [20, 20, 20], [20, 20, 20], 300.0, pad=6)
    assert sum(widths) == pytest.approx(300.0)
    assert widths[0] == pytest.approx(20)       # header wider than its cells
    assert widths[1] == pytest.approx(51)       # widest cell + padding
    assert widths[2] == pytest.approx(229)      # everything left


def test_two_growing_columns_share_the_room_so_rows_stay_short():
    columns = [Column("住址", grow=3), Column("备注", grow=1)]
    # Forty addresses of 100 pt and one note of 150 pt: 150 pt of room in all.
    cells = [[100.0] * 40, [0.0] * 39 + [150.0]]
    widths = fit_column_widths(columns, cells, [30, 30], [30, 30], 150.0 + 6 + 6 + 17, pad=6, char=12)
    assert sum(widths) == pytest.approx(179.0)
    assert widths[0] >= 106 - 0.01              # no address wraps
    assert widths[1] >= 30                      # the note column keeps its header


def test_too_narrow_page_scales_columns_down():
    columns = [Column("甲"), Column("乙")]
    widths = fit_column_widths(columns, [[200.0], [200.0]], [20, 20], [20, 20], 100.0, pad=0)
    assert widths == [pytest.approx(50), pytest.approx(50)]


def test_wrap_text_follows_chinese_line_breaking_rules():
    font = choose_fonts([]).table
    measure = measure_with(font)
    room = 5 * 12 + 1       # five characters of 12 pt
    lines = wrap_text("流动党员，在广东省深圳市（宝安区）务工", room, measure)
    assert "".join(lines) == "流动党员，在广东省深圳市（宝安区）务工"
    assert all(measure(line) <= room + 12 for line in lines)     # one carried character at most
    assert not any(line[0] in "，）" for line in lines)
    assert not any(line[-1] == "（" for line in lines)


def test_wrap_text_keeps_numbers_whole_when_they_fit():
    measure = measure_with(choose_fonts([]).table)
    lines = wrap_text("东坡村第十二组128号", measure("东坡村第十二组12"), measure)
    assert lines == ["东坡村第十二组", "128号"]


# --- a whole document ----------------------------------------------------------------------------

def sample_document(rows: int = 30) -> ReportDocument:
    doc = ReportDocument("测试文件", author="东坡村党支部")
    doc.add_title()
    doc.add_meta_line("党组织：东坡村党支部", "日期：2026年11月26日")
    doc.add_heading("一、基本情况")
    doc.add_paragraph("我支部共有党员四十四名。" * 40)
    doc.add_fields([("时间", "2026年11月26日上午9:00"), ("地点", "村委会会议室")])
    columns = [Column("序号"), Column("姓名"), Column("签名", grow=2), Column("备注", align="LEFT", grow=1)]
    body = [Section("第一党小组")] + [[str(i), f"党员{i}", "", ""] for i in range(1, rows + 1)]
    doc.add_table(columns, body, min_row_height_mm=12)
    doc.add_signatures(["主持人（签字）", "记录人（签字）"])
    return doc


def test_document_with_every_kind_of_content_stays_inside_margins():
    report = sample_document().render()
    assert report.pages >= 3
    assert_inside_margins(report.pdf)
    assert_fonts_embedded_subsets(report.pdf)
    texts = page_texts(report.pdf)
    text = squeezed("".join(texts))
    assert ("我支部共有党员四十四名。" * 40) in text      # the long paragraph went on across pages
    assert "第一党小组" in text
    assert "主持人（签字）：" in text and "记录人（签字）：" in text
    for number, page_text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {len(texts)} 页" in page_text
    with open_pdf(report.pdf) as pdf:
        for page in pdf.pages:
            assert page.width == pytest.approx(A4_SHORT, abs=0.1)
            assert page.height == pytest.approx(A4_LONG, abs=0.1)


def test_rows_fit_for_ink_are_at_least_as_tall_as_asked():
    report = sample_document(rows=8).render()
    with open_pdf(report.pdf) as pdf:
        page = next(p for p in pdf.pages if "党员1" in (p.extract_text() or ""))
        first = page.search("党员1")[0]
        second = page.search("党员2")[0]
        assert second["top"] - first["top"] >= 12 * 72 / 25.4 - 0.5


def test_header_row_repeats_when_a_table_continues():
    report = sample_document(rows=60).render()
    texts = page_texts(report.pdf)
    pages_with_rows = [t for t in texts if "党员" in t and "签名" in t]
    assert len(pages_with_rows) >= 3
    for text in texts:
        if any(f"党员{i}" in text for i in range(1, 61)):
            assert "签名" in text and "序号" in text


def test_a_document_renders_once_and_gives_the_same_pdf_again():
    doc = sample_document(rows=3)
    first = doc.render()
    assert doc.render() is first


# --- fonts --------------------------------------------------------------------------------------

def test_without_system_fonts_the_bundled_hei_titles_and_the_song_text():
    fonts = choose_fonts([])
    assert fonts.uses_bundled_only
    assert fonts.files["title"] == f"{bundled_hei()}#0"
    assert fonts.files["text"] == fonts.files["table"] == f"{bundled_song()}#0"
    assert fonts.text == fonts.table                       # one font, embedded once
    assert fonts.title == f"{fonts.hei}-Bold"              # WenQuanYi has no bold: it is stroked
    assert fonts.chain[-3:] == tuple(str(p) for p in bundled_fallbacks())


def test_installed_hei_font_is_preferred_for_titles(tmp_path):
    shutil.copy(bundled_hei(), tmp_path / "simhei.ttf")
    (tmp_path / "simsun.ttc").write_bytes(b"not a font at all")
    fonts = choose_fonts([tmp_path])
    assert fonts.files["title"] == f"{tmp_path / 'simhei.ttf'}#0"
    assert fonts.title == fonts.hei                        # 黑体 is heavy already: not stroked
    assert fonts.files["table"].startswith(str(bundled_song()))   # the broken one was skipped
    assert not fonts.uses_bundled_only


def test_installed_fonts_with_rarer_characters_come_before_the_bundled_ones(tmp_path):
    shutil.copy(bundled_fallbacks()[1], tmp_path / "simsunb.ttf")     # as SimSun-ExtB would be
    fonts = choose_fonts([tmp_path])
    assert fonts.chain.index(str(tmp_path / "simsunb.ttf")) < fonts.chain.index(str(bundled_fallbacks()[0]))


def test_every_character_of_gb18030_levels_2_and_3_has_a_font_in_the_chain():
    """GB 18030-2022 level 2: the two-byte part, Extension A and the whole 《通用规范汉字表》 (its
    196 characters in Extensions B–F); level 3: all of Extensions B–F (reports.charsets;
    benchmarks/font_coverage.py prints it font by font)."""
    fonts = choose_fonts([])
    head = pdfmetrics.getFont(fonts.text)
    level_2 = charsets.level_2()
    assert len([c for c in level_2 if unicodedata.category(chr(c)) == "Lo"]) > 27_500
    assert [hex(c) for c in level_2 if head.owner(c) < 0] == []
    assert len(charsets.level_2_extra()) == 196
    level_3 = charsets.level_3_extra()
    assert len(level_3) > 60_000
    assert [hex(c) for c in level_3 if head.owner(c) < 0] == []


def test_a_name_the_text_font_lacks_prints_from_the_fallback_and_a_character_none_has_as_a_box():
    doc = ReportDocument("字体")
    doc.add_paragraph("龚䶮、李𠮷、赵\U0003134A")             # Ext A, Ext B, and Ext G (no font has it)
    report = doc.render()
    assert report.missing == ("\U0003134A",)
    with open_pdf(report.pdf) as pdf:
        chars = [(c["text"], c["fontname"]) for c in pdf.pages[0].chars if c["text"].strip()]
    drawn = dict(chars)
    assert drawn["䶮"].endswith("UMingCN") or "HanaMin" in drawn["䶮"]
    assert "HanaMinB" in drawn["𠮷"]
    assert "□" in drawn and "\U0003134A" not in drawn and "\x00" not in drawn


def test_titles_and_labels_are_bold_and_running_text_is_the_song_face():
    doc = ReportDocument("会议记录")
    doc.add_title()
    doc.add_fields([("会议时间", "2026年1月10日")])
    doc.add_paragraph("正文用宋体。")
    report = doc.render()
    with open_pdf(report.pdf) as pdf:
        page = pdf.pages[0]
        streams = page.page_obj.contents if isinstance(page.page_obj.contents, list) else [page.page_obj.contents]
        content = b"".join(resolve1(s).get_data() for s in streams)
        fonts = {c["text"]: c["fontname"] for c in page.chars}
    assert b"2 Tr" in content and b"0 Tr" in content      # stroked (bold) text, then plain again
    assert "WenQuanYi" in fonts["会"] and "WenQuanYi" in fonts["时"]
    assert "UMing" in fonts["宋"]


# --- page pictures ------------------------------------------------------------------------------

def test_pages_render_to_pictures_of_the_paper_size():
    report = sample_document(rows=3).render()
    assert page_count(report.pdf) == report.pages
    (width, height), *_ = page_sizes(report.pdf)
    assert (width, height) == (pytest.approx(A4_SHORT, abs=0.1), pytest.approx(A4_LONG, abs=0.1))
    image = next(render_pages(report.pdf, dpi=36))
    assert (image.width, image.height) == (round(A4_SHORT / 2), round(A4_LONG / 2))
    assert len(image.data) == image.stride * image.height
    assert min(image.data) < 80        # there is dark ink on the page
    assert image.data[:300] == b"\xff" * 300   # and a white top margin


def test_only_asked_pages_are_rendered():
    report = sample_document(rows=60).render()
    numbers = [image.number for image in render_pages(report.pdf, dpi=20, numbers=[2, 99])]
    assert numbers == [2]


# --- Chinese running text -----------------------------------------------------------------------

PUNCTUATED = ("会议认为，道路修缮要先易后难；西头的路（生产路）先修，东头的路明年再修。"
              "大家同意：账目公开、质量监督、按时完工！“党员要带头”，群众才信服。") * 3


def broken(block: TextBlock, width: float) -> list[str]:
    block.wrap(width, 10_000)
    return block.text().split("\n")


@pytest.mark.parametrize("chars", range(8, 30))
def test_text_block_never_starts_a_line_with_closing_punctuation(chars):
    font = choose_fonts([]).text
    size = 16
    width = chars * size + 3
    lines = broken(TextBlock([(PUNCTUATED, font)], size, size * 1.75), width)
    assert "".join(lines) == PUNCTUATED
    for line in lines:
        assert line[0] not in NO_LINE_START, line
        assert line[-1] not in NO_LINE_END, line
        assert stringWidth(line, font, size) <= width + 0.01      # nothing hangs past the margin


def test_names_kept_whole_and_the_label_hangs():
    font = choose_fonts([]).text
    names = [f"欧阳{'甲乙丙丁'[i % 4]}{i}" for i in range(40)]
    pieces = []
    for i, name in enumerate(names):
        pieces += (["、"] if i else []) + [Keep(name)]
    label_width = stringWidth("出席人员：", font, 16)
    block = TextBlock([("出席人员：", font), (pieces, font)], 16, 28, left_indent=label_width,
                      first_indent=-label_width)
    lines = broken(block, 300)
    assert len(lines) > 3
    assert lines[0].startswith("出席人员：")
    for line in lines:
        for part in line.removeprefix("出席人员：").strip("、").split("、"):
            assert part in names                                     # no name cut in two


def test_a_paragraph_leaves_no_single_line_at_a_page_foot_or_head():
    font = choose_fonts([]).text
    block = TextBlock([(PUNCTUATED * 2, font)], 16, 28)
    _w, height = block.wrap(440, 10_000)
    count = round(height / 28)
    assert count > 6
    assert block.split(440, 28 * 1.5) == []                           # one line would be alone
    head, tail = block.split(440, 28 * (count - 1) + 5)              # one line would go over
    assert head.text().count("\n") + 1 == count - 2 and tail.text().count("\n") + 1 == 2


# --- tables: captions and closing lines keep company ---------------------------------------------

def caption_document(before: int, closing: bool = False) -> ReportDocument:
    doc = ReportDocument("测试文件")
    doc.add_title()
    columns = [Column("序号"), Column("姓名"), Column("签名", grow=1)]
    rows = [[str(i), f"党员{i}", ""] for i in range(1, before + 1)]
    rows += [Section("第二党小组")] + [[str(i), f"组员{i}", ""] for i in range(1, 4)]

    def ending() -> None:
        doc.add_line("应到 30 人，实到 ＿＿ 人。")
        doc.add_signatures(["记录人（签字）"])

    doc.add_table(columns, rows, min_row_height_mm=10, closing=ending if closing else None)
    return doc


@pytest.mark.parametrize("before", range(12, 22))
def test_a_caption_row_never_ends_a_page(before):
    report = caption_document(before).render()
    with open_pdf(report.pdf) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                assert table[-1][0] != "第二党小组", f"{before} rows: the caption ends page {page.page_number}"


@pytest.mark.parametrize("before", range(12, 22))
def test_closing_lines_stay_with_the_last_rows(before):
    report = caption_document(before, closing=True).render()
    texts = page_texts(report.pdf)
    last = texts[-1]
    assert "记录人（签字）：" in last and "应到 30 人" in last
    assert "组员3" in last                      # never alone on the last page
    assert_inside_margins(report.pdf)


def test_a_last_line_never_holds_one_character_alone():
    font = choose_fonts([]).text
    block = TextBlock([("党" * 20 + "员。", font)], 16, 28)
    assert broken(block, 10 * 16 + 1) == ["党" * 10, "党" * 9, "党员。"]
