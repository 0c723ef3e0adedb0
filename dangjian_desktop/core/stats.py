"""The branch's figures (党内统计) on a day: the counts the township asks for (DOMAIN.md "The
branch's book and its figures") — members, 正式/预备, women, ethnic minorities, age bands,
education, 党龄 bands, 流动党员, 困难党员, and the recruitment counts.

Every count is of the roster on that day as core.membership says who is on it (joined or
transferred in on or before the day, not yet left). On that day:

- a member is 预备党员 when the record says so, or when their 转正日期 is after the day;
  everyone else on the roster is 正式党员;
- age and 党龄 are whole years reached on the day (core.dates.age_on); a date known to the month
  only is stored as the 1st of its month, so such a member reaches the age on the 1st, as the
  roster's 年龄 column counts it;
- 党龄 counts from the 转正日期 (党章). A probationary member has no 党龄: they have their own
  band 预备党员; a full member without a 转正日期 is 未填写. Every band set — age, education,
  党龄 — sums to ``members``: nobody is silently left out (no birth date → 未填写);
- a 流动党员 counts from the 流出日期 (or always, when that date is blank); 困难党员, sex and
  民族 are the record as it is now (no history is kept of them); a blank 民族 is not a minority;
- applicants / activists / candidates: recruitment files at that stage on the day (core.
  recruit_papers.stage_on, steps after the day not yet taken);
- recruited_this_year: members on the roster on the day whose 入党日期 falls in the day's year up
  to the day, transfers in excepted (they were recruited elsewhere). This counts members admitted
  before the program was used as well as those approved through a 发展党员 file here.

The band edges are branch settings (``stats_age_edges``, ``stats_party_age_edges``): the largest
age (or 党龄) of each band but the last, e.g. "35,45,54,60,70" gives ≤35, 36–45, 46–54, 55–60,
61–70, ≥71.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.membership import on_roster_where
from dangjian_desktop.core.recruit_papers import stage_on
from dangjian_desktop.core.recruit_rules import ACTIVIST, APPLICANT, CANDIDATE
from dangjian_desktop.core.recruits import History
from dangjian_desktop.core.vocab import EDUCATION_LEVELS, FULL_MEMBER
from dangjian_desktop.db.models import Member, Recruit, RecruitEvent
from dangjian_desktop.errors import ValidationError

AGE_EDGES_KEY = "stats_age_edges"
PARTY_AGE_EDGES_KEY = "stats_party_age_edges"
UNKNOWN = "未填写"
PROBATIONARY_BAND = "预备党员"           # the 党龄 band of members not yet full
MAJORITY = "汉族"
MAX_EDGE = 120


# --- the band edges ----------------------------------------------------------------------------

def parse_edges(text: str) -> list[int]:
    """"35,45,54,60,70" -> [35, 45, 54, 60, 70]; ValueError unless whole numbers rising from 1 to
    120 (Chinese commas, 、 and spaces separate too)."""
    cleaned = str(text).replace("，", ",").replace("、", ",").replace(" ", ",").replace("　", ",")
    parts = [p for p in cleaned.split(",") if p.strip()]
    if not parts:
        raise ValueError(text)
    edges = [int(p) for p in parts]
    if any(e < 1 or e > MAX_EDGE for e in edges) or any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(text)
    return edges


def edges_text(edges: list[int]) -> str:
    return ",".join(str(e) for e in edges)


def band_edges(key: str) -> list[int]:
    """The edges of a band set as the branch set them (the default when a stored value is wrong)."""
    try:
        return parse_edges(str(settings.get(key)))
    except ValueError:
        return parse_edges(str(settings.spec(key).default))


def check_band_edges(key: str, text: str) -> list[int]:
    """The edges typed for a band set; a ValidationError in Chinese when they are wrong."""
    spec = settings.spec(key)
    try:
        return parse_edges(text)
    except ValueError:
        raise ValidationError({key: f"“{spec.label}”要写几个从小到大的整数（1 到 {MAX_EDGE}），"
                                    f"用逗号隔开，如 {spec.default}。"}) from None


def put_band_edges(key: str, text: str) -> list[int]:
    """Check and keep the edges typed for a band set."""
    edges = check_band_edges(key, text)
    settings.put(key, edges_text(edges))
    return edges


def age_labels(edges: list[int]) -> list[str]:
    """≤35 … ≥71 as the township form writes them: 35岁及以下, 36～45岁 …, 71岁及以上."""
    return _labels(edges, "岁", first=lambda e: f"{e}岁及以下")


def party_age_labels(edges: list[int]) -> list[str]:
    """不满10年, 10～19年 …, 50年及以上 (edges 9,19,29,39,49)."""
    return _labels(edges, "年", first=lambda e: f"不满{e + 1}年")


def _labels(edges: list[int], unit: str, *, first) -> list[str]:
    labels = [first(edges[0])]
    for low, high in zip(edges, edges[1:]):
        labels.append(f"{low + 1}{unit}" if high == low + 1 else f"{low + 1}～{high}{unit}")
    labels.append(f"{edges[-1] + 1}{unit}及以上")
    return labels


def band_index(value: int, edges: list[int]) -> int:
    """The band of ``value``: the first whose edge is at least ``value`` (the last past them all)."""
    for index, edge in enumerate(edges):
        if value <= edge:
            return index
    return len(edges)


# --- the figures -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    on: dt.date
    members: int
    full: int
    probationary: int
    women: int
    minorities: int
    flow: int
    hardship: int
    age_bands: dict[str, int]
    education: dict[str, int]
    party_age_bands: dict[str, int]
    applicants: int
    activists: int
    candidates: int
    recruited_this_year: int

    def as_json(self) -> dict[str, object]:
        """The keys of DESIGN.md ``stats --json``, plus ``hardship`` (困难党员)."""
        return {
            "members": self.members, "full": self.full, "probationary": self.probationary,
            "women": self.women, "minorities": self.minorities, "flow": self.flow,
            "age_bands": dict(self.age_bands), "education": dict(self.education),
            "party_age_bands": dict(self.party_age_bands),
            "applicants": self.applicants, "activists": self.activists, "candidates": self.candidates,
            "recruited_this_year": self.recruited_this_year, "hardship": self.hardship,
        }

    def headline(self) -> list[tuple[str, int]]:
        """The single counts in the order of the township form."""
        return [("党员总数", self.members), ("正式党员", self.full), ("预备党员", self.probationary),
                ("女党员", self.women), ("少数民族党员", self.minorities), ("流动党员", self.flow),
                ("困难党员", self.hardship), ("本年发展党员", self.recruited_this_year),
                ("入党申请人", self.applicants), ("入党积极分子", self.activists), ("发展对象", self.candidates)]

    def bands(self) -> list[tuple[str, dict[str, int]]]:
        """Each band set with its caption: 年龄, 学历, 党龄."""
        return [("年龄", self.age_bands), ("学历", self.education), ("党龄", self.party_age_bands)]


def share_text(count: int, total: int) -> str:
    """A count's share of ``total`` to one decimal: 12.5%; "—" of nobody."""
    if not total:
        return "—"
    return f"{count * 100 / total:.1f}%"


_COLUMNS = (Member.id, Member.gender, Member.ethnicity, Member.birth_date, Member.education, Member.category,
            Member.joined_on, Member.full_member_on, Member.transferred_in_on, Member.is_flow, Member.flow_out_on,
            Member.hardship)


def is_probationary_on(category: str, full_member_on: dt.date | None, day: dt.date) -> bool:
    return category != FULL_MEMBER or (full_member_on is not None and full_member_on > day)


def figures(on: dt.date) -> Figures:
    """The figures of the roster on ``on``."""
    age_edges = band_edges(AGE_EDGES_KEY)
    party_edges = band_edges(PARTY_AGE_EDGES_KEY)
    ages = dict.fromkeys(age_labels(age_edges) + [UNKNOWN], 0)
    party_names = party_age_labels(party_edges)
    party_ages = dict.fromkeys(party_names + [PROBATIONARY_BAND, UNKNOWN], 0)
    education = dict.fromkeys(list(EDUCATION_LEVELS), 0)
    other_education: dict[str, int] = {}
    age_names = list(ages)
    members = full = probationary = women = minorities = flow = hardship = recruited = 0
    for (_id, gender, ethnicity, birth, school, category, joined, full_on, moved_in, is_flow, flow_out,
         poor) in Member.select(*_COLUMNS).where(on_roster_where(on)).tuples():
        members += 1
        if is_probationary_on(category, full_on, on):
            probationary += 1
            party_ages[PROBATIONARY_BAND] += 1
        else:
            full += 1
            years = age_on(full_on, on) if full_on else None
            party_ages[UNKNOWN if years is None else party_names[band_index(years, party_edges)]] += 1
        women += gender == "女"
        minorities += bool(ethnicity) and ethnicity != MAJORITY
        flow += bool(is_flow) and (flow_out is None or flow_out <= on)
        hardship += bool(poor)
        age = age_on(birth, on)
        ages[UNKNOWN if age is None else age_names[band_index(age, age_edges)]] += 1
        school = (school or "").strip()
        if not school:
            other_education[UNKNOWN] = other_education.get(UNKNOWN, 0) + 1
        elif school in education:
            education[school] += 1
        else:                                  # a level typed some other way: shown as typed
            other_education[school] = other_education.get(school, 0) + 1
        recruited += bool(joined and joined.year == on.year and moved_in is None)
    unknown = other_education.pop(UNKNOWN, 0)
    education.update(sorted(other_education.items()))
    education[UNKNOWN] = unknown
    counts = recruit_stage_counts(on)
    return Figures(on, members, full, probationary, women, minorities, flow, hardship, ages, education,
                   party_ages, counts[APPLICANT], counts[ACTIVIST], counts[CANDIDATE], recruited)


def recruit_stage_counts(on: dt.date) -> dict[str, int]:
    """How many recruitment files were at each stage on ``on`` (files applied for after it left out)."""
    recruits = {rid: History(applied) for rid, applied in
                Recruit.select(Recruit.id, Recruit.applied_on).where(Recruit.applied_on <= on).tuples()}
    for row in RecruitEvent.select().where(RecruitEvent.on_date <= on).order_by(RecruitEvent.on_date, RecruitEvent.id):
        if row.recruit_id in recruits:
            recruits[row.recruit_id].rows.setdefault(row.event, []).append(row)
    counts = {APPLICANT: 0, ACTIVIST: 0, CANDIDATE: 0}
    for h in recruits.values():
        stage = stage_on(h, on)
        if stage in counts:
            counts[stage] += 1
    return counts

