"""Roster sheets the way villages keep them, built in code: a hamlet column under its many
names, flow members said in 备注 or in a 是否流动党员 column, dates typed to the month, an
instructions sheet first, a two-row header, a footer. Used by the import, CLI and GUI tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.test_roster_sheets import csv_text, make_id


def _id(year: int, month: int, day: int, male: bool, seq: int) -> str:
    return make_id(dt.date(year, month, day), male, seq=seq)


# (name, male, ID, 出生年月, 入党时间, 转正时间, 电话, 家庭住址, 村民小组, 备注)
VILLAGERS: list[tuple] = [
    ("王德海", True, _id(1946, 3, 2, True, 21), "1946.03", "1968.07", "1969.07", "13805310001",
     "东坡村18号", "河东组", ""),
    ("李桂兰", False, _id(1972, 5, 6, False, 22), "1972年5月", "1996-7-1", "1997-7-1", "13805310002",
     "东坡村20号", "河东组", "外出务工（浙江宁波）"),
    ("张志强", True, _id(1980, 8, 9, True, 23), "1980.08", "2005.06", "2006.06", "13805310003",
     "东坡村22号", "河东组", "流动党员，外出务工（广东东莞）"),
    ("刘春生", True, _id(1958, 1, 15, True, 24), "19580115", "1985年3月", "1986年3月", "13805310004",
     "东坡村25号", "河东组", ""),
    ("陈玉梅", False, _id(1965, 11, 30, False, 25), "1965.11", "1990.07", "1991.07", "",
     "东坡村27号", "河东组", "妇女主任"),
    ("赵有才", True, _id(1950, 2, 2, True, 26), "1950.02", "1975.10", "1976.10", "13805310006",
     "东坡村29号", "河东组", ""),
    ("孙立新", True, _id(1976, 6, 18, True, 27), "1976.06", "2001.07", "2002.07", "13805310007",
     "东坡村31号", "河东组", "在外经商"),
    ("周建华", True, _id(1962, 9, 9, True, 28), "1962.09", "1988.12", "1989.12", "13805310008",
     "东坡村上湾5号", "上湾", ""),
    ("吴秀珍", False, _id(1970, 4, 4, False, 29), "1970.04", "1998.07", "1999.07", "13805310009",
     "东坡村上湾7号", "上湾", "外出浙江"),
    ("郑国庆", True, _id(1949, 10, 1, True, 30), "1949.10", "1972.05", "1973.05", "13805310010",
     "李家庄3号", "李家庄", ""),
    ("冯德胜", True, _id(1955, 12, 12, True, 31), "1955.12", "1980.07", "1981.07", "13805310011",
     "李家庄6号", "李家庄", ""),
    ("褚明", True, _id(1968, 7, 7, True, 32), "1968.07", "1994.06", "1995.06", "13805310012",
     "李家庄9号", "李家庄", ""),
    ("卫东方", True, _id(1975, 3, 3, True, 33), "1975.03", "2000.07", "2001.07", "13805310013",
     "新村小区2栋", "第二网格", ""),
    ("蒋红英", False, _id(1978, 8, 8, False, 34), "1978.08", "2003.07", "2004.07", "13805310014",
     "东坡村3组48号", "东坡村3组", ""),
    ("沈平安", True, _id(1960, 5, 5, True, 35), "1960.05", "1986.07", "1987.07", "13805310015",
     "东坡村3组12号", "", ""),
    ("韩志军", True, _id(1966, 6, 6, True, 36), "1966.06", "1992.07", "1993.07", "13805310016",
     "东坡村30号", "3组", ""),
]
RIVER_EAST = {v[0] for v in VILLAGERS if v[8] == "河东组"}
FLOW_IN_NOTES = {"李桂兰": "浙江宁波", "张志强": "广东东莞", "孙立新": None, "吴秀珍": "浙江"}

HEADER = ["序号", "姓名", "性别", "身份证号", "出生年月", "入党时间", "转正时间", "联系电话", "家庭住址",
          "所在村民小组", "备注"]
FOOTER = [["填表人：王五　　审核人：李四"], ["填表日期：2026年11月20日"]]


def village_rows(hamlet_header: str = "所在村民小组") -> list[list]:
    """Title, info line, header, the members, a blank row and the footer."""
    header = [hamlet_header if h == "所在村民小组" else h for h in HEADER]
    rows: list[list] = [["东坡村党支部党员花名册"], ["填报单位：东坡村党支部（盖章）"], header]
    for number, v in enumerate(VILLAGERS, start=1):
        name, male, number_id, birth, joined, full, phone, address, hamlet, note = v
        rows.append([number, name, "男" if male else "女", number_id, birth, joined, full, phone, address,
                     hamlet or None, note or None])
    rows.append([None] * len(header))
    rows += FOOTER
    return rows


def _sheet(ws, rows: list[list]) -> None:
    for row in rows:
        ws.append(row)
    for cell in ws["D"]:
        cell.number_format = "@"


def village_xlsx(path: Path, *, hamlet_header: str = "所在村民小组", instructions: bool = False) -> Path:
    """The village's WPS roster as .xlsx (optionally after a 填表说明 sheet, as templates have)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    if instructions:
        ws.title = "填表说明"
        ws.append(["填表说明"])
        ws.append(["1. 身份证号请设为文本格式。"])
        ws.append(["2. 日期可以只写到月份，如 1985.03。"])
        ws = wb.create_sheet("党员名单")
    else:
        ws.title = "党员花名册"
    _sheet(ws, village_rows(hamlet_header))
    ws.merge_cells("A1:K1")
    ws.merge_cells("A2:K2")
    wb.save(path)
    return path


def village_csv(path: Path, *, hamlet_header: str = "所在村民小组") -> Path:
    path.write_bytes(csv_text(village_rows(hamlet_header)).encode("gb18030"))
    return path


# --- the township's template: 是否流动党员 without any destination -----------------------------

TOWNSHIP_HEADER = ["序号", "姓名", "性别", "民族", "公民身份号码", "入党日期", "转正日期", "是否流动党员", "联系电话"]


def township_rows(flow: int = 8, resident: int = 4) -> list[list]:
    rows: list[list] = [["青山镇党员信息采集表"], TOWNSHIP_HEADER]
    for k in range(flow + resident):
        male = k % 3 != 0
        number_id = make_id(dt.date(1970 + k, 1 + k % 12, 1 + k), male, seq=60 + k)
        rows.append([k + 1, f"外出{'甲乙丙丁戊己庚辛壬癸子丑'[k]}", "男" if male else "女", "汉族", number_id,
                     f"{1995 + k}.07", f"{1996 + k}.07", "是" if k < flow else "否", f"1390531{k:04d}"])
    return rows


def township_xlsx(path: Path, flow: int = 8, resident: int = 4) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采集表"
    _sheet(ws, township_rows(flow, resident))
    for cell in ws["E"]:
        cell.number_format = "@"
    wb.save(path)
    return path


# --- a two-row header: merged captions over sub-columns ------------------------------------------

def two_row_header_xlsx(path: Path) -> Path:
    """序号/姓名/性别/身份证号 merged over both header rows; 入党时间 over 预备 | 转正, 联系方式 over
    手机 | 住址, 流动党员 over 是否 | 去向."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["东坡村党支部党员花名册"])
    ws.merge_cells("A1:K1")
    ws.append(["序号", "姓名", "性别", "身份证号", "入党时间", None, "联系方式", None, "流动党员", None, "村民小组"])
    ws.append([None, None, None, None, "预备", "转正", "手机", "住址", "是否", "去向", None])
    for column in "ABCDK":
        ws.merge_cells(f"{column}2:{column}3")
    for first, last in (("E", "F"), ("G", "H"), ("I", "J")):
        ws.merge_cells(f"{first}2:{last}2")
    for number, v in enumerate(VILLAGERS[:6], start=1):
        name, male, number_id, _birth, joined, full, phone, address, hamlet, _note = v
        away = name in FLOW_IN_NOTES
        ws.append([number, name, "男" if male else "女", number_id, joined, full, phone, address,
                   "是" if away else "否", FLOW_IN_NOTES.get(name) if away else None, hamlet or None])
    for cell in ws["D"]:
        cell.number_format = "@"
    wb.save(path)
    return path


def two_row_header_csv(path: Path) -> Path:
    """The same as CSV: no merged cells, the captions only over their first column."""
    rows = [
        ["序号", "姓名", "性别", "身份证号", "入党时间", "", "联系方式", "", "流动党员", "", "村民小组"],
        ["", "", "", "", "预备", "转正", "手机", "住址", "是否", "去向", ""],
    ]
    for number, v in enumerate(VILLAGERS[:6], start=1):
        name, male, number_id, _birth, joined, full, phone, address, hamlet, _note = v
        away = name in FLOW_IN_NOTES
        rows.append([number, name, "男" if male else "女", number_id, joined, full, phone, address,
                     "是" if away else "否", FLOW_IN_NOTES.get(name) or "" if away else "", hamlet])
    path.write_bytes(csv_text(rows).encode("utf-8-sig"))
    return path
