"""Which column of a roster sheet holds which member field.

Sheets are typed by hand: the header row sits below a title and an info row, and the same
field goes by many names (姓名/名字, 公民身份号码/身份证号 …). :func:`detect_columns` finds the
header row and proposes a mapping; the user may correct it (GUI) before importing. A column
that is not recognised is kept: its values go into 备注 as "列名：值", never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dangjian_desktop.core.member_rules import FIELD_LABELS
from dangjian_desktop.core.roster_read import SheetRow, cell_is_blank, excel_column_letter

KEEP_AS_NOTE = "keep_as_note"   # values are added to 备注 as "列名：值"
IGNORE = "ignore"               # not imported (序号, 年龄: derived, shown to the user)

# Fields of the roster beyond the member form (status and group), with their labels.
EXTRA_LABELS = {
    "status": "党籍状态",
    "status_on": "状态日期",
    "status_reason": "状态原因",
    "transferred_to": "转往",
    "group": "党小组",
}
TARGET_LABELS: dict[str, str] = {**FIELD_LABELS, **EXTRA_LABELS}
# Everything a column can be set to, in the order the GUI offers them.
CHOICE_LABELS: dict[str, str] = {**TARGET_LABELS, KEEP_AS_NOTE: "写入备注", IGNORE: "不导入"}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "党员姓名", "姓名（党员）"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "id_number": (
        "公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号", "公民身份证号码",
        "身份证件号码", "证件号码", "居民身份证号码", "身份号码",
    ),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "出生时间", "生日", "出生年份"),
    "education": ("学历", "文化程度", "最高学历", "文化"),
    "category": ("人员类别", "党员类别", "类别", "党员身份", "党员类型", "正式/预备"),
    "joined_on": (
        "入党日期", "入党时间", "入党年月", "入党年月日", "加入党组织日期", "加入中国共产党日期",
        "入党时间（预备）",
    ),
    "full_member_on": ("转正日期", "转正时间", "转正年月", "转为正式党员日期", "转正年月日"),
    "job": (
        "工作岗位", "岗位", "职业", "工作单位及职务", "现工作单位及职务", "工作单位", "从事职业",
        "工作单位及职务（岗位）", "工作岗位及职务",
    ),
    "phone": ("手机号码", "手机号", "手机", "联系电话", "电话", "联系方式", "电话号码", "手机号码（必填）"),
    "landline": ("固定电话", "座机", "家庭电话", "座机号码"),
    "address": (
        "家庭住址", "住址", "家庭地址", "现住址", "现居住地", "居住地", "现居住地址", "居住地址",
        "通讯地址", "地址", "家庭详细住址",
    ),
    "hamlet": (
        "村民小组", "所在村民小组", "所属村民小组", "组别", "自然村", "所在自然村", "所属自然村", "所在组",
        "村组", "所在村组", "网格", "所在网格", "所属网格", "网格名称", "村小组", "所在村小组", "居民小组",
        "所在居民小组", "村民组", "所在村民组",
    ),
    "native_place": ("籍贯",),
    "work_started_on": ("参加工作时间", "参加工作日期", "参加工作年月"),
    "introducers": ("入党介绍人", "介绍人"),
    "party_post": ("党内职务", "现任党内职务"),
    "transferred_in_on": ("转入日期", "转入时间"),
    "transferred_in_from": ("转入自", "从何处转入", "由何处转入", "转入单位"),
    "is_flow": ("流动党员", "是否流动党员", "是否流动", "流动", "是否外出", "外出情况", "是否外出务工", "流动情况"),
    "flow_destination": (
        "外出流向", "流向", "流出去向", "外出地点", "外出去向", "流动去向", "去向", "外出务工地点", "务工地点",
        "流入地", "流入地点", "外出务工经商地点",
    ),
    "flow_out_on": ("流出日期", "外出时间", "外出日期", "流出时间"),
    "flow_unit": ("流入单位", "外出务工单位", "务工单位"),
    "hardship": ("困难党员", "是否困难党员"),
    "hardship_note": ("困难情况", "困难类型", "困难原因"),
    "note": ("备注", "说明"),
    "status": ("党籍状态", "状态", "党员状态"),
    "status_on": ("状态日期", "状态变更日期", "变更日期"),
    "status_reason": ("状态原因", "变更原因"),
    "transferred_to": ("转往", "转往单位", "转往党组织", "转出去向"),
    "group": ("党小组", "所在党小组", "所属党小组"),
    IGNORE: ("序号", "编号", "顺序号", "年龄", "党龄"),
}
HEADER_NAMES: dict[str, str] = {}
for _target, _names in _SYNONYMS.items():
    for _name in _names:
        HEADER_NAMES[_name] = _target

# Sub-columns of a two-row header that only mean something under their caption:
# 入党时间 over 预备 | 转正, 流动党员 over 是否 | 去向.
_CAPTIONED: dict[str, str] = {}
for _caption in ("入党时间", "入党日期", "入党年月"):
    for _sub in ("预备", "预备党员", "入党", "接收预备党员", "成为预备党员", "接收为预备党员"):
        _CAPTIONED[_caption + _sub] = "joined_on"
    for _sub in ("转正", "正式", "正式党员", "转为正式党员", "转正时间", "转正日期"):
        _CAPTIONED[_caption + _sub] = "full_member_on"
for _caption in ("流动党员", "流动党员情况", "流动情况", "外出情况", "外出", "外出务工"):
    for _sub in ("是否", "是否流动", "是/否", "是否外出"):
        _CAPTIONED[_caption + _sub] = "is_flow"
    for _sub in ("去向", "地点", "外出地点", "所在地", "流入地", "地址"):
        _CAPTIONED[_caption + _sub] = "flow_destination"
    for _sub in ("时间", "日期", "外出时间", "外出日期"):
        _CAPTIONED[_caption + _sub] = "flow_out_on"
    for _sub in ("单位", "务工单位", "工作单位"):
        _CAPTIONED[_caption + _sub] = "flow_unit"

_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_MARKS = str.maketrans("", "", "*＊※:：")
HEADER_SCAN_ROWS = 30


def normalise_header(text: object) -> str:
    """Header text without blanks, line breaks and required-field stars."""
    return "".join(str(text).split()).translate(_MARKS) if text is not None else ""


def match_header(text: object) -> str | None:
    """The target a header names (a field key or IGNORE), or None when unknown."""
    name = normalise_header(text)
    if not name:
        return None
    if name in HEADER_NAMES:
        return HEADER_NAMES[name]
    bare = _BRACKETS.sub("", name)     # 出生年月（年.月） -> 出生年月
    return HEADER_NAMES.get(bare) or _CAPTIONED.get(name) or _CAPTIONED.get(bare)


@dataclass(frozen=True)
class Column:
    index: int          # 0-based position in the row
    header: str         # as in the file (blanks removed); for a column without header: "E列"
    target: str         # a key of TARGET_LABELS, KEEP_AS_NOTE or IGNORE
    recognised: bool    # the header named a field we know

    @property
    def letter(self) -> str:
        return excel_column_letter(self.index)


@dataclass(frozen=True)
class ColumnMapping:
    header_index: int              # index of the (last) header row in the table's rows
    header_row: int                # row number the user sees (the first of a two-row header)
    columns: tuple[Column, ...]
    header_rows: int = 1           # 2: a merged caption row over sub-columns

    @property
    def header_rows_text(self) -> str:
        """第 3 行 / 第 3、4 行 (for messages)."""
        if self.header_rows == 1:
            return f"第 {self.header_row} 行"
        return f"第 {self.header_row}、{self.header_row + self.header_rows - 1} 行"

    @property
    def layout(self) -> str:
        """The sheet's layout, as the columns' positions and headers: the key under which the
        mapping the user chose is remembered."""
        return "|".join(f"{c.letter}:{c.header}" for c in self.columns)

    def with_targets(self, targets: dict[int, str]) -> ColumnMapping:
        """A copy with the columns at these positions set to these targets (unknown ones left)."""
        columns = tuple(replace(c, target=targets[c.index]) if targets.get(c.index) in CHOICE_LABELS else c
                        for c in self.columns)
        return replace(self, columns=columns)

    def choices_against(self, proposed: ColumnMapping) -> dict[int, str]:
        """Position -> target of the columns set differently from ``proposed``."""
        before = {c.index: c.target for c in proposed.columns}
        return {c.index: c.target for c in self.columns if before.get(c.index) != c.target}

    def column_for(self, target: str) -> Column | None:
        for column in self.columns:
            if column.target == target:
                return column
        return None

    def header_for(self, target: str) -> str:
        """The column name as in the file, else the field's own label (for messages)."""
        column = self.column_for(target)
        if column is not None:
            return column.header
        return TARGET_LABELS.get(target, target)

    def with_target(self, index: int, target: str) -> ColumnMapping:
        """A copy with column ``index`` (its position in the row) set to ``target``."""
        if target not in CHOICE_LABELS:
            raise ValueError(target)
        columns = tuple(replace(c, target=target) if c.index == index else c for c in self.columns)
        return replace(self, columns=columns)

    def problems(self) -> list[str]:
        """What must be corrected before importing (Chinese)."""
        out = []
        if self.column_for("name") is None:
            out.append("请指定哪一列是“姓名”。")
        seen: dict[str, Column] = {}
        for column in self.columns:
            if column.target in (KEEP_AS_NOTE, IGNORE):
                continue
            if column.target in seen:
                first = seen[column.target]
                out.append(
                    f"“{first.header}”和“{column.header}”两列都设成了“{TARGET_LABELS[column.target]}”，"
                    "请把其中一列改为别的项目，或者“写入备注”。"
                )
            else:
                seen[column.target] = column
        return out


def _row_targets(cells: list) -> dict[int, str]:
    out = {}
    for index, value in enumerate(cells):
        if isinstance(value, str):
            target = match_header(value)
            if target is not None:
                out[index] = target
    return out


def find_header_row(rows: list[SheetRow]) -> int | None:
    """Index of the header row: among the first rows, the one naming the most known fields
    (姓名 among them). Title and info rows above it do not match any field name."""
    best, best_score = None, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        targets = _row_targets(row.cells)
        if "name" not in targets.values():
            continue
        score = len(set(targets.values()) - {IGNORE})
        if score > best_score:
            best, best_score = index, score
    return best


def _text(value: object) -> str:
    return "".join(str(value).split()) if isinstance(value, str) else ""


def _cell(cells: list, index: int) -> object:
    return cells[index] if index < len(cells) else None


def _label_row(cells: list) -> bool:
    """Short words only (no digits, no "填报单位：…"): what a caption or sub-header row holds."""
    filled = [c for c in cells if not cell_is_blank(c)]
    return bool(filled) and all(
        isinstance(c, str) and len(_text(c)) <= 12 and not any(ch.isdigit() for ch in c)
        and "：" not in c and ":" not in c
        for c in filled
    )


def _second_header_row(rows: list[SheetRow], index: int) -> tuple[int, int] | None:
    """(top, bottom) when the header row at ``index`` is half of a two-row header: a sub-header
    row below it (its 姓名 cell blank, or the same where a merged cell was filled down), or a
    caption row above it (its 姓名 cell the same: 姓名 merged over both rows). The other row must
    name a field of its own (手机; 转正 under 入党时间): a section line (第一党小组) or a first
    member without name and digits is no header."""
    cells = rows[index].cells
    name_at = next(i for i, target in _row_targets(cells).items() if target == "name")
    name = _text(cells[name_at])

    def names_a_field(upper: list, lower: list) -> bool:
        caption = ""
        for i in range(max(len(upper), len(lower))):
            t, b = _text(_cell(upper, i)), _text(_cell(lower, i))
            caption = t or caption
            if b and b != t and (match_header(b) or _CAPTIONED.get(caption + b)):
                return True
        return False

    if index + 1 < len(rows):
        below = rows[index + 1].cells
        if (_label_row(below) and _text(_cell(below, name_at)) in ("", name) and names_a_field(cells, below)):
            return index, index + 1
    if index > 0:
        above = rows[index - 1].cells
        if _label_row(above) and _text(_cell(above, name_at)) == name and names_a_field(above, cells):
            return index - 1, index
    return None


def _joined_header(top: str, bottom: str) -> str:
    if not bottom:
        return top
    if not top or top == bottom:
        return bottom
    if _CAPTIONED.get(top + bottom) or match_header(bottom) is None:
        return top + bottom         # 入党时间 + 转正; 联系方式 + 备用 (kept as such in 备注)
    return bottom                   # 联系方式 + 手机: the sub-header says it


def _header_cells(rows: list[SheetRow], top: int, bottom: int, width: int) -> list[str]:
    """One header text per column of a two-row header: a caption spans the blank cells to its
    right (a merged cell) as long as there are sub-headers under it."""
    upper, lower = rows[top].cells, rows[bottom].cells
    out, caption = [], ""
    for index in range(width):
        t, b = _text(_cell(upper, index)), _text(_cell(lower, index))
        if t:
            caption = t if b and b != t else ""
        elif caption and b:
            t = caption
        else:
            caption = ""
        out.append(_joined_header(t, b))
    return out


def detect_columns(rows: list[SheetRow]) -> ColumnMapping | None:
    """Find the header row (or two-row header) and map each used column; None when no header
    row is found."""
    header_index = find_header_row(rows)
    if header_index is None:
        return None
    pair = _second_header_row(rows, header_index)
    top, bottom = pair or (header_index, header_index)
    data = rows[bottom + 1:]
    width = max([len(rows[top].cells), len(rows[bottom].cells)] + [len(r.cells) for r in data])
    if pair:
        headers = _header_cells(rows, top, bottom, width)
    else:
        cells = rows[top].cells
        headers = ["" if cell_is_blank(_cell(cells, i)) else "".join(str(cells[i]).split()) for i in range(width)]
    used = [False] * width
    for row in data:
        for i, value in enumerate(row.cells):
            if not used[i] and not cell_is_blank(value):
                used[i] = True
    columns: list[Column] = []
    taken: set[str] = set()
    for index in range(width):
        header = headers[index]
        if not header and not used[index]:
            continue   # an empty column: nothing to import, nothing to lose
        if not header:
            columns.append(Column(index, f"{excel_column_letter(index)}列", KEEP_AS_NOTE, False))
            continue
        target = match_header(header)
        if target is None:
            columns.append(Column(index, header, KEEP_AS_NOTE, False))
            continue
        if target != IGNORE and target in taken:
            # A second phone column is usually the landline; other repeats keep their values in 备注.
            target = "landline" if target == "phone" and "landline" not in taken else KEEP_AS_NOTE
        taken.add(target)
        columns.append(Column(index, header, target, True))
    return ColumnMapping(bottom, rows[top].number, tuple(columns), header_rows=bottom - top + 1)


def looks_like_header(cells: list, mapping: ColumnMapping) -> bool:
    """A header repeated further down (a second table, or a header printed on every page)."""
    recognised = [c for c in mapping.columns if c.recognised]
    if not recognised:
        return False
    hits = 0
    for column in recognised:
        value = cells[column.index] if column.index < len(cells) else None
        if isinstance(value, str) and "".join(value.split()) == column.header:
            hits += 1
    return hits * 2 >= len(recognised) and hits >= 2
