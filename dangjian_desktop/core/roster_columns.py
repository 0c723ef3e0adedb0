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
    "native_place": ("籍贯",),
    "work_started_on": ("参加工作时间", "参加工作日期", "参加工作年月"),
    "introducers": ("入党介绍人", "介绍人"),
    "party_post": ("党内职务", "现任党内职务"),
    "transferred_in_on": ("转入日期", "转入时间"),
    "transferred_in_from": ("转入自", "从何处转入", "由何处转入", "转入单位"),
    "is_flow": ("流动党员", "是否流动党员"),
    "flow_destination": ("外出流向", "流向", "流出去向", "外出地点"),
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
    return HEADER_NAMES.get(bare)


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
    header_index: int              # index of the header row in the table's rows
    header_row: int                # row number the user sees
    columns: tuple[Column, ...]

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

    def with_target(self, index: int, target: str) -> "ColumnMapping":
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


def detect_columns(rows: list[SheetRow]) -> ColumnMapping | None:
    """Find the header row and map each used column; None when no header row is found."""
    header_index = find_header_row(rows)
    if header_index is None:
        return None
    header_cells = rows[header_index].cells
    data = rows[header_index + 1:]
    width = max([len(header_cells)] + [len(r.cells) for r in data])
    used = [False] * width
    for row in data:
        for i, value in enumerate(row.cells):
            if not used[i] and not cell_is_blank(value):
                used[i] = True
    columns: list[Column] = []
    taken: set[str] = set()
    for index in range(width):
        raw = header_cells[index] if index < len(header_cells) else None
        header = normalise_header(raw) if not cell_is_blank(raw) else ""
        if not header and not used[index]:
            continue   # an empty column: nothing to import, nothing to lose
        if not header:
            columns.append(Column(index, f"{excel_column_letter(index)}列", KEEP_AS_NOTE, False))
            continue
        header = "".join(str(raw).split())
        target = match_header(raw)
        if target is None:
            columns.append(Column(index, header, KEEP_AS_NOTE, False))
            continue
        if target != IGNORE and target in taken:
            # A second phone column is usually the landline; other repeats keep their values in 备注.
            target = "landline" if target == "phone" and "landline" not in taken else KEEP_AS_NOTE
        taken.add(target)
        columns.append(Column(index, header, target, True))
    return ColumnMapping(header_index, rows[header_index].number, tuple(columns))


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
