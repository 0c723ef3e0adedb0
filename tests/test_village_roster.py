"""Importing the rosters villages really keep (tests/village_sheets.py): hamlets, flow members,
month-only dates, remembered columns, two-row headers, several sheets, .et files, cancelling."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from dangjian_desktop.core import group_suggest as gs
from dangjian_desktop.core.members import list_members_json
from dangjian_desktop.core.roster_check import check_roster, choose_sheet, load_roster
from dangjian_desktop.core.roster_columns import KEEP_AS_NOTE, detect_columns
from dangjian_desktop.core.roster_export import export_roster
from dangjian_desktop.core.roster_import import apply_roster, import_roster
from dangjian_desktop.core.roster_read import read_sheets
from dangjian_desktop.core.settings import get as get_setting
from dangjian_desktop.db.models import Member
from dangjian_desktop.errors import Cancelled, UserError
from tests.conftest import TODAY
from tests.test_roster_import import database_dump
from tests.test_roster_sheets import csv_text
from tests.village_sheets import (
    FLOW_IN_NOTES,
    RIVER_EAST,
    VILLAGERS,
    township_xlsx,
    two_row_header_csv,
    two_row_header_xlsx,
    village_csv,
    village_rows,
    village_xlsx,
)


def listed() -> dict[str, dict]:
    return {m["name"]: m for m in list_members_json()}


# --- the hamlet ---------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["所在村民小组", "组别", "自然村", "所在组", "村民小组", "网格", "所在网格"])
def test_a_hamlet_column_under_any_of_its_names_fills_the_hamlet(opened, tmp_path, header):
    report = import_roster(village_xlsx(tmp_path / "花名册.xlsx", hamlet_header=header), today=TODAY)
    assert (report.imported, report.invalid) == (len(VILLAGERS), [])
    members = listed()
    assert {n for n, m in members.items() if m["hamlet"] == "河东组"} == RIVER_EAST
    assert members["周建华"]["hamlet"] == "上湾" and members["卫东方"]["hamlet"] == "第二网格"
    assert members["韩志军"]["hamlet"] == "3组"              # as written
    assert members["沈平安"]["hamlet"] == "东坡村3组"        # the column is blank: read from the address
    assert not any(header in (m["note"] or "") for m in members.values())   # nothing pushed into 备注
    assert "1 名党员没有填村民小组，已按家庭住址填上（如 东坡村3组）。" in report.recognised


def test_flow_members_are_recognised_from_what_the_notes_say(opened, tmp_path):
    path = village_xlsx(tmp_path / "花名册.xlsx")
    preview = import_roster(path, dry_run=True, today=TODAY)
    told = {n.row: n.message for n in preview.notes if n.column == "备注"}
    row_of = {v[0]: number + 3 for number, v in enumerate(VILLAGERS, start=1)}
    assert told[row_of["李桂兰"]] == "按“外出务工（浙江宁波）”认作流动党员，外出流向：浙江宁波。"
    assert told[row_of["张志强"]] == "按“流动党员，外出务工（广东东莞）”认作流动党员，外出流向：广东东莞。"
    assert told[row_of["孙立新"]] == "按“在外经商”认作流动党员，外出流向：待补。"
    assert "从备注等文字中认出流动党员 4 名（见下表“提示”）。" in preview.recognised
    assert Member.select().count() == 0                        # what is recognised is shown first

    import_roster(path, today=TODAY)
    members = listed()
    assert {n for n, m in members.items() if m["flow"]} == set(FLOW_IN_NOTES)
    assert {n: members[n]["flow_to"] for n in FLOW_IN_NOTES} == FLOW_IN_NOTES
    assert members["陈玉梅"]["flow"] is False                  # 妇女主任 says nothing of leaving
    assert members["李桂兰"]["note"] == "外出务工（浙江宁波）"    # the note itself is kept


def test_words_that_mean_at_home_are_not_a_flow_member(opened, tmp_path):
    rows = village_rows()
    rows[4][10] = "外出务工，现已返乡"
    rows[5][10] = "在镇上打工"
    path = tmp_path / "返乡.csv"
    path.write_bytes(csv_text(rows).encode("utf-8"))
    import_roster(path, today=TODAY)
    members = listed()
    assert not members[VILLAGERS[1][0]]["flow"] and not members[VILLAGERS[2][0]]["flow"]


def test_township_template_with_a_flow_column_and_no_destination_loses_no_row(opened, tmp_path):
    report = import_roster(township_xlsx(tmp_path / "采集表.xlsx", flow=8, resident=4), today=TODAY)
    assert (report.imported, report.invalid) == (12, [])
    pending = [n for n in report.notes if n.column == "外出流向"]
    assert len(pending) == 8 and "待补" in pending[0].message
    assert "8 名流动党员没有写外出流向，先记为“待补”，导入后请补上。" in report.recognised
    members = listed()
    assert sum(m["flow"] for m in members.values()) == 8
    assert all(m["flow_to"] is None for m in members.values())     # 待补 is not a place
    assert Member.select().where(Member.flow_destination == "待补").count() == 8


def test_a_flow_column_that_cannot_be_read_is_a_problem_not_a_silent_no(opened, tmp_path):
    path = tmp_path / "流动.csv"
    rows = [["姓名", "入党日期", "流动党员"], ["王甲", "1990.07", "乱写的"], ["王乙", "1990.07", "外出务工（浙江）"],
            ["王丙", "1990.07", "否"]]
    path.write_bytes(csv_text(rows).encode("utf-8"))
    report = import_roster(path, skip_invalid=True, today=TODAY)
    assert [(p.row, p.column) for p in report.invalid] == [(2, "流动党员")]
    assert "看不懂" in report.invalid[0].message
    members = listed()
    assert (members["王乙"]["flow"], members["王乙"]["flow_to"]) == (True, "浙江")
    assert members["王丙"]["flow"] is False


# --- month-only dates -----------------------------------------------------------------------------

def test_a_month_is_kept_as_a_month(opened, tmp_path):
    report = import_roster(village_csv(tmp_path / "花名册.csv"), today=TODAY)
    assert report.invalid == []
    members = listed()
    wang = members["王德海"]
    assert (wang["joined_on"], wang["full_member_on"]) == ("1968-07", "1969-07")
    assert wang["birth_date"] == "1946-03-02"                  # the ID number gives the day
    assert members["李桂兰"]["joined_on"] == "1996-07-01"      # typed with its day: a day
    assert members["刘春生"]["joined_on"] == "1985-03"          # 1985年3月
    record = Member.get(Member.name == "王德海")
    assert record.joined_on == dt.date(1968, 7, 1) and record.month_only == "joined_on,full_member_on"
    months = sum(len([d for d in (m["joined_on"], m["full_member_on"]) if d and len(d) == 7])
                 for m in members.values())
    assert f"有 {months} 个日期只写到月份（如 1968.07），按月份保存，不会补上某一天。" in report.recognised


# --- importing again ------------------------------------------------------------------------------

def test_the_same_sheet_imported_again_changes_nothing(opened, tmp_path):
    path = village_xlsx(tmp_path / "花名册.xlsx")
    import_roster(path, today=TODAY)
    before = database_dump()
    again = import_roster(path, today=TODAY)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, len(VILLAGERS))
    assert database_dump() == before


def test_the_columns_chosen_for_a_layout_are_remembered(opened, tmp_path):
    rows = village_rows()
    rows[2][9] = "现居住小组"                     # a name the program does not know
    path = tmp_path / "花名册.csv"
    path.write_bytes(csv_text(rows).encode("utf-8"))
    loaded = load_roster(path)
    column = next(c for c in loaded.mapping.columns if c.header == "现居住小组")
    assert column.target == KEEP_AS_NOTE
    chosen = loaded.with_mapping(loaded.mapping.with_target(column.index, "hamlet"))
    apply_roster(check_roster(chosen, today=TODAY), today=TODAY)
    assert listed()["王德海"]["hamlet"] == "河东组"
    assert get_setting("import_mappings") == {loaded.proposed.layout: {str(column.index): "hamlet"}}

    again = load_roster(path)                      # the next time: as chosen
    assert again.mapping.column_for("hamlet").header == "现居住小组"
    report = apply_roster(check_roster(again, today=TODAY), today=TODAY)
    assert (report.imported, report.updated, report.unchanged) == (0, 0, len(VILLAGERS))

    # setting it back to the program's own reading forgets the choice
    back = again.with_mapping(again.mapping.with_target(column.index, KEEP_AS_NOTE))
    apply_roster(check_roster(back, today=TODAY), today=TODAY)
    assert get_setting("import_mappings") == {}


def test_a_dry_run_remembers_nothing(opened, tmp_path):
    rows = village_rows()
    rows[2][9] = "现居住小组"
    path = tmp_path / "花名册.csv"
    path.write_bytes(csv_text(rows).encode("utf-8"))
    loaded = load_roster(path)
    column = next(c for c in loaded.mapping.columns if c.header == "现居住小组")
    chosen = loaded.with_mapping(loaded.mapping.with_target(column.index, "hamlet"))
    apply_roster(check_roster(chosen, today=TODAY), dry_run=True, today=TODAY)
    assert get_setting("import_mappings") == {}


def test_a_member_who_came_home_stays_home_when_the_export_is_imported_again(opened, tmp_path):
    from dangjian_desktop.core.members import update_member

    import_roster(village_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)
    li = Member.get(Member.name == "李桂兰")
    update_member(li.id, {"is_flow": False}, today=TODAY)            # back from 浙江宁波
    exported = export_roster(tmp_path / "导出.xlsx", today=TODAY).path
    again = import_roster(exported, today=TODAY)                       # 备注 still says 外出务工（浙江宁波）
    assert (again.imported, again.updated) == (0, 0)
    assert not Member.get_by_id(li.id).is_flow


def test_the_sheets_destination_column_comes_before_the_words_in_its_notes(opened, tmp_path):
    path = tmp_path / "流向.csv"
    header = ["姓名", "入党日期", "是否流动党员", "外出流向", "备注"]
    path.write_bytes(csv_text([header, ["张三", "1990.07", "是", None, None]]).encode("utf-8"))
    import_roster(path, today=TODAY)
    assert Member.get().flow_destination == "待补"
    path.write_bytes(csv_text([header, ["张三", "1990.07", "是", "广东东莞", "外出务工（浙江宁波）"],
                               ["李四", "1991.07", "是", None, "外出务工（浙江宁波）"]]).encode("utf-8"))
    import_roster(path, today=TODAY)
    assert {m.name: m.flow_destination for m in Member.select()} == {"张三": "广东东莞", "李四": "浙江宁波"}


def test_a_hamlet_read_from_the_address_follows_a_new_address_but_a_typed_one_stays(opened, tmp_path):
    path = tmp_path / "住址.csv"
    path.write_bytes(csv_text([["姓名", "入党日期", "家庭住址", "村民小组"], ["张三", "1990.07", "东坡村3组1号", None],
                               ["李四", "1990.07", "东坡村3组2号", "河东组"]]).encode("utf-8"))
    import_roster(path, today=TODAY)
    path.write_bytes(csv_text([["姓名", "入党日期", "家庭住址"], ["张三", "1990.07", "东坡村5组9号"],
                               ["李四", "1990.07", "东坡村5组8号"]]).encode("utf-8"))
    report = import_roster(path, today=TODAY)
    assert report.updated == 2
    assert {m.name: m.hamlet for m in Member.select()} == {"张三": "东坡村5组", "李四": "河东组"}


def test_a_birth_date_on_the_first_stays_a_day_without_an_id_number_and_months_survive_excel_dates(
        opened, tmp_path):
    from dangjian_desktop.core.members import create_member

    create_member({"name": "张三", "birth_date": "1970-03-01", "joined_on": "1995.07"}, today=TODAY)
    exported = export_roster(tmp_path / "导出.xlsx", today=TODAY).path
    assert import_roster(exported, today=TODAY).updated == 0
    assert Member.get().month_only == "joined_on"
    # the same roster saved by Excel, where 1995.07 became a real date on the 1st
    import openpyxl

    wb = openpyxl.load_workbook(exported)
    ws = wb.active
    column = next(c.column for c in ws[3] if c.value == "入党日期")
    ws.cell(row=4, column=column).value = dt.date(1995, 7, 1)
    wb.save(exported)
    assert import_roster(exported, today=TODAY).updated == 0
    assert Member.get().month_only == "joined_on"


def test_month_only_dates_in_a_csv_export_are_kept_as_text_for_excel(opened, tmp_path):
    import_roster(village_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)
    text = export_roster(tmp_path / "导出.csv", today=TODAY).path.read_text(encoding="utf-8-sig")
    assert '"=""1968.07"""' in text or '="1968.07"' in text


def test_export_then_import_of_a_village_roster_gives_back_the_same_members(opened, tmp_path):
    import_roster(village_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)
    import_roster(township_xlsx(tmp_path / "采集表.xlsx"), today=TODAY)
    before = list_members_json()
    for suffix in (".xlsx", ".csv"):
        exported = export_roster(tmp_path / f"导出{suffix}", today=TODAY).path
        again = import_roster(exported, today=TODAY)
        assert (again.imported, again.updated, again.invalid) == (0, 0, []), suffix
    assert list_members_json() == before

    Member.delete().execute()
    import_roster(tmp_path / "导出.xlsx", today=TODAY)
    strip = sorted(({k: v for k, v in m.items() if k not in ("id", "group")} for m in before),
                   key=lambda m: m["id_number"])
    assert sorted(({k: v for k, v in m.items() if k not in ("id", "group")} for m in list_members_json()),
                  key=lambda m: m["id_number"]) == strip


# --- two-row headers, several sheets, .et ---------------------------------------------------------

@pytest.mark.parametrize("build", [two_row_header_xlsx, two_row_header_csv])
def test_a_two_row_header_is_read_as_one(opened, tmp_path, build):
    path = build(tmp_path / f"两行表头{'.csv' if build is two_row_header_csv else '.xlsx'}")
    loaded = load_roster(path)
    mapping = loaded.mapping
    assert mapping.header_rows == 2
    targets = {c.header: c.target for c in mapping.columns}
    assert targets == {
        "序号": "ignore", "姓名": "name", "性别": "gender", "身份证号": "id_number",
        "入党时间预备": "joined_on", "入党时间转正": "full_member_on", "手机": "phone", "住址": "address",
        "流动党员是否": "is_flow", "流动党员去向": "flow_destination", "村民小组": "hamlet",
    }
    report = import_roster(path, today=TODAY)
    assert (report.imported, report.invalid, report.ignored) == (6, [], [])
    assert report.header_rows == f"第 {mapping.header_row}、{mapping.header_row + 1} 行"
    members = listed()
    assert members["王德海"]["joined_on"] == "1968-07" and members["王德海"]["address"] == "东坡村18号"
    assert (members["李桂兰"]["flow"], members["李桂兰"]["flow_to"]) == (True, "浙江宁波")


def test_a_title_row_above_the_header_is_not_taken_for_a_caption(tmp_path):
    table = read_sheets(village_xlsx(tmp_path / "花名册.xlsx"))[0]
    mapping = detect_columns(table.rows)
    assert (mapping.header_rows, mapping.header_row) == (1, 3)


@pytest.mark.parametrize("second", [["第一党小组", None, None, None], [None, None, "男", "汉族"]])
def test_a_section_line_or_a_member_without_name_under_the_header_is_no_sub_header(second):
    from dangjian_desktop.core.roster_read import SheetRow

    rows = [SheetRow(1, ["序号", "姓名", "性别", "民族"]), SheetRow(2, second), SheetRow(3, [1, "王", "男", "汉族"])]
    mapping = detect_columns(rows)
    assert mapping.header_rows == 1 and [c.header for c in mapping.columns] == ["序号", "姓名", "性别", "民族"]


def test_an_instructions_sheet_before_the_data_is_passed_over_and_the_sheet_can_be_chosen(opened, tmp_path):
    path = village_xlsx(tmp_path / "模板.xlsx", instructions=True)
    loaded = load_roster(path)
    assert loaded.table.sheet == "党员名单" and loaded.sheet_names == ["填表说明", "党员名单"]
    with pytest.raises(UserError, match="工作表“填表说明”的前 30 行中没有找到表头"):
        choose_sheet(loaded, "填表说明")
    assert choose_sheet(loaded, "党员名单").mapping == loaded.mapping
    with pytest.raises(UserError, match="没有名为“别的”的工作表"):
        load_roster(path, sheet="别的")


def test_a_wps_et_file_is_read(opened, tmp_path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("花名册")
    for r, row in enumerate(village_rows()):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    wb.save(str(tmp_path / "花名册.xls"))
    shutil.copy(tmp_path / "花名册.xls", tmp_path / "花名册.et")     # WPS's .et is this format inside
    report = import_roster(tmp_path / "花名册.et", today=TODAY)
    assert (report.imported, report.invalid) == (len(VILLAGERS), [])


def test_an_et_file_that_cannot_be_read_says_how_to_save_it_as_xlsx(opened, tmp_path):
    (tmp_path / "坏.et").write_bytes(b"not a workbook at all")
    with pytest.raises(UserError) as caught:
        import_roster(tmp_path / "坏.et", today=TODAY)
    assert "“文件”→“另存为”" in str(caught.value) and "xlsx" in str(caught.value)


# --- cancelling -----------------------------------------------------------------------------------

def test_an_import_cancelled_at_its_last_moment_leaves_the_database_and_the_choices_as_they_were(opened, tmp_path):
    import_roster(village_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)
    before = database_dump()
    path = tmp_path / "采集表.xlsx"
    loaded = load_roster(township_xlsx(path))
    phone = loaded.mapping.column_for("phone")
    chosen = loaded.with_mapping(loaded.mapping.with_target(phone.index, KEEP_AS_NOTE))
    seen = []

    def progress(done, total, text):
        seen.append(text)
        if text == "正在完成…":                # every row is written by now, and the choice kept
            assert Member.select().count() == len(VILLAGERS) + 12
            assert get_setting("import_mappings")
            raise Cancelled()

    with pytest.raises(Cancelled):
        apply_roster(check_roster(chosen, today=TODAY), progress=progress, today=TODAY)
    assert "正在完成…" in seen
    assert database_dump() == before
    assert get_setting("import_mappings") == {}


# --- the group suggestion on the village roster -----------------------------------------------------

def test_flow_members_living_in_a_hamlet_are_not_proposed_to_lead_it(opened, tmp_path):
    rows = village_rows()
    for row in rows[3:3 + len(VILLAGERS)]:
        if row[1] != "李桂兰":
            row[10] = None                          # only two flow members: too few for a group of their own
        if row[1] == "王德海":
            row[10] = "党小组长，外出务工（江苏苏州）"    # the most senior: would be the natural choice
    path = tmp_path / "花名册.csv"
    path.write_bytes(csv_text(rows).encode("utf-8"))
    import_roster(path, today=TODAY)
    from dangjian_desktop.db.models import CommitteePost

    away = Member.get(Member.name == "李桂兰")        # a committee member would come first, were she at home
    CommitteePost.create(post="组织委员", member=away.id, term_start=dt.date(2026, 1, 15))
    suggestion = gs.suggest(today=TODAY)
    flow_ids = {i for i, c in suggestion.members.items() if c.is_flow}
    assert away.id in flow_ids and len(flow_ids) == 2 and not any(g.kind == "流动党员" for g in suggestion.groups)
    river = next(g for g in suggestion.groups if flow_ids & set(g.member_ids))
    assert river.leader_id is not None and river.leader_id not in flow_ids
    assert all(g.leader_id not in flow_ids for g in suggestion.groups)


def test_the_suggestion_groups_by_the_hamlet_field_and_proposes_no_flow_leader(opened, tmp_path):
    import_roster(village_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)
    suggestion = gs.suggest(today=TODAY)
    names = {i: suggestion.members[i].name for i in suggestion.members}
    by_group = {g.name: {names[i] for i in g.member_ids} for g in suggestion.groups}
    river = next(members for members in by_group.values() if "王德海" in members)
    assert RIVER_EAST - set(FLOW_IN_NOTES) <= river          # the hamlet stays together
    flow_ids = {i for i, c in suggestion.members.items() if c.is_flow}
    for proposed in suggestion.groups:
        if proposed.kind != "流动党员":
            assert proposed.leader_id not in flow_ids
    places = {names[i]: place for i, place in suggestion.member_places.items()}
    assert places["周建华"] == "上湾" and places["卫东方"] == "第二网格" and places["郑国庆"] == "李家庄"
    assert places["沈平安"] == places["蒋红英"] == places["韩志军"] == "东坡村3组"   # one hamlet, three spellings
    assert not any("看不出" in p for p in places.values())
    assert "河东组、第二网格党小组" in by_group          # named after its larger hamlet first
    merged = [n for n in suggestion.notes if "合并" in n]
    assert merged and all("只有" in n or "没有足够的正式党员" in n for n in merged)
