"""What a roster sheet's words said that the check read, told once for the whole sheet (dates
known to the month only, hamlets read from addresses, flow members found in notes, missing
入党日期 …) instead of on every row."""

from __future__ import annotations

from dataclasses import dataclass, field

from dangjian_desktop.core.member_rules import FLOW_DESTINATION_PENDING


@dataclass
class RowFindings:
    """What one row's words said that the check read for it (told once for the whole sheet)."""

    hamlet_from_address: str = ""
    month_only: list[str] = field(default_factory=list)     # the dates as shown: 1968.07
    flow_from_text: bool = False
    flow_pending: bool = False
    joined_missing: bool = False    # a full member without 入党日期 from a sheet without that column

    @property
    def found(self) -> bool:
        return bool(self.hamlet_from_address or self.month_only or self.flow_from_text or self.flow_pending
                    or self.joined_missing)


class SheetSummary:
    """The findings of every row, told as a few lines for the whole sheet."""

    def __init__(self):
        self.rows: dict[int, RowFindings] = {}

    def lines(self, rows: set[int]) -> list[str]:
        """The summary for the rows that are imported (or unchanged)."""
        found = [f for r, f in sorted(self.rows.items()) if r in rows]
        out = []
        months = [m for f in found for m in f.month_only]
        if months:
            out.append(f"有 {len(months)} 个日期只写到月份（如 {months[0]}），按月份保存，不会补上某一天。")
        hamlets = [f.hamlet_from_address for f in found if f.hamlet_from_address]
        if hamlets:
            examples = "、".join(list(dict.fromkeys(hamlets))[:3])
            out.append(f"{len(hamlets)} 名党员没有填村民小组，已按家庭住址填上（如 {examples}）。")
        flow = sum(f.flow_from_text for f in found)
        if flow:
            out.append(f"从备注等文字中认出流动党员 {flow} 名（见下表“提示”）。")
        pending = sum(f.flow_pending for f in found)
        if pending:
            out.append(f"{pending} 名流动党员没有写外出流向，先记为“{FLOW_DESTINATION_PENDING}”，导入后请补上。")
        joined = sum(f.joined_missing for f in found)
        if joined:
            out.append(f"表格里没有“入党日期”一栏：{joined} 名正式党员的入党日期以后请查档案补上（不影响导入）。")
        return out
