"""The figures (core.stats) against a roster counted by hand, on two days side by side: the day
before and the day of a birthday, a 转正, a flow out, a join, a transfer in and a transfer out;
bands that each sum to the members; configurable edges; ``stats --json`` end to end."""

import datetime as dt
import json

import pytest

from dangjian_desktop.core import settings, stats
from dangjian_desktop.core.names import name_pinyin
from dangjian_desktop.db.models import Member, Recruit, RecruitEvent
from dangjian_desktop.errors import ValidationError
from tests.conftest import run_cli

D = dt.date
ON1, ON2 = D(2026, 6, 30), D(2026, 7, 1)
FULL, PROB = "正式党员", "预备党员"


def member(name, gender, ethnicity, birth, education, category, joined, full, **extra):
    Member.create(name=name, name_pinyin=name_pinyin(name), gender=gender, ethnicity=ethnicity, birth_date=birth,
                  education=education, category=category, joined_on=joined, full_member_on=full, **extra)


def recruit(name, number, applied, **events):
    rid = Recruit.create(name=name, id_number=f"3701242000010{number:04d}", applied_on=applied).id
    for event, day in events.items():
        RecruitEvent.create(recruit=rid, event=event, on_date=day)


@pytest.fixture
def roster(opened):
    """Seventeen members and five recruitment files; the comments say what each counts as on ON1 | ON2."""
    # 35 on ON1 (≤35), 36 on ON2, her birthday; 党龄 12 | 13
    member("甲", "女", "汉族", D(1990, 7, 1), "大学本科", FULL, D(2012, 7, 1), D(2013, 7, 1))
    # minority; 46; 党龄 20
    member("乙", "男", "回族", D(1980, 3, 15), "高中", FULL, D(2005, 6, 1), D(2006, 6, 1))
    # born "1955.07" (month only: the 1st): 70 | 71; 党龄 49 | 50
    member("丙", "男", "汉族", D(1955, 7, 1), "小学", FULL, D(1975, 7, 1), D(1976, 7, 1), month_only="birth_date")
    # no birth date, no education; 党龄 35; 困难
    member("丁", "女", "汉族", None, "", FULL, D(1990, 1, 1), D(1991, 1, 1), hardship=True)
    # probationary since last year: 28
    member("戊", "男", "汉族", D(1998, 5, 5), "大学专科", PROB, D(2025, 9, 1), None)
    # 转正 on ON2: probationary | full with 党龄 0; 26
    member("己", "女", "汉族", D(2000, 2, 2), "研究生", FULL, D(2025, 7, 1), D(2026, 7, 1))
    # admitted this year: probationary, recruited this year; 55
    member("庚", "男", "汉族", D(1970, 12, 12), "初中", PROB, D(2026, 3, 1), None)
    # minority; flows out on ON2; 60; 党龄 29 | 30
    member("辛", "男", "蒙古族", D(1965, 8, 8), "初中", FULL, D(1995, 7, 1), D(1996, 7, 1), is_flow=True,
           flow_out_on=ON2, flow_destination="浙江宁波")
    # flow member without a date; 76; 党龄 55; 困难
    member("壬", "女", "汉族", D(1950, 1, 20), "未上学", FULL, D(1970, 5, 1), D(1971, 5, 1), is_flow=True,
           hardship=True)
    # education typed outside the list: counted as typed; 40; 党龄 15
    member("癸", "男", "汉族", D(1985, 10, 10), "大专", FULL, D(2010, 1, 1), D(2011, 1, 1))
    # full without a 转正日期: 党龄 未填写; 51
    member("子", "男", "汉族", D(1975, 4, 4), "中专", FULL, D(2000, 1, 1), None)
    # joins on ON2 (not on the roster on ON1); minority; 30; recruited this year
    member("丑", "女", "壮族", D(1996, 7, 1), "大学本科", PROB, ON2, None)
    # transferred in on ON2 (admitted elsewhere long ago: not recruited here); 66; 党龄 40
    member("寅", "男", "汉族", D(1960, 1, 1), "高中", FULL, D(1985, 1, 1), D(1986, 1, 1), transferred_in_on=ON2)
    # transferred out on ON2: on the roster on ON1 only; 38; 党龄 14
    member("卯", "男", "汉族", D(1988, 1, 1), "高中", FULL, D(2010, 7, 1), D(2011, 7, 1),
           status="transferred_out", status_on=ON2)
    # former members on both days
    member("辰", "女", "回族", D(1940, 1, 1), "小学", FULL, D(1960, 1, 1), D(1961, 1, 1), status="deceased",
           status_on=D(2024, 1, 1))
    member("巳", "男", "汉族", D(1980, 1, 1), "初中", FULL, D(2000, 1, 1), D(2001, 1, 1), status="removed",
           status_on=D(2026, 2, 1))
    member("午", "女", "汉族", D(1992, 1, 1), "高中", FULL, D(2014, 1, 1), D(2015, 1, 1), status="suspended",
           status_on=D(2025, 5, 1))
    # recruitment files: an applicant; an applicant who becomes an activist on ON2; a 发展对象;
    # one approved (a member now, counted by neither stage); one applied after both days
    recruit("申一", 1, D(2026, 5, 1))
    recruit("申二", 2, D(2025, 1, 1), talked=D(2025, 1, 20), activist=ON2)
    recruit("申三", 3, D(2024, 1, 1), talked=D(2024, 1, 15), activist=D(2024, 3, 1), candidate=D(2025, 4, 1))
    recruit("申四", 4, D(2023, 1, 1), talked=D(2023, 1, 15), activist=D(2023, 3, 1), candidate=D(2024, 4, 1),
            branch_vote=D(2025, 7, 1), approved=D(2025, 8, 1))
    recruit("申五", 5, D(2026, 7, 2))
    return opened


EXPECTED = {
    ON1: {
        # 甲乙丙丁戊己庚辛壬癸子卯
        "members": 12, "full": 9, "probationary": 3, "women": 4, "minorities": 2, "flow": 1, "hardship": 2,
        "age_bands": {"35岁及以下": 3, "36～45岁": 2, "46～54岁": 2, "55～60岁": 2, "61～70岁": 1,
                      "71岁及以上": 1, "未填写": 1},
        "education": {"研究生": 1, "大学本科": 1, "大学专科": 1, "中等专科": 0, "高中": 2, "中专": 1, "初中": 2,
                      "小学": 1, "未上学": 1, "大专": 1, "未填写": 1},
        "party_age_bands": {"不满10年": 0, "10～19年": 3, "20～29年": 2, "30～39年": 1, "40～49年": 1,
                            "50年及以上": 1, "预备党员": 3, "未填写": 1},
        "applicants": 2, "activists": 0, "candidates": 1, "recruited_this_year": 1,
    },
    ON2: {
        # 甲乙丙丁戊己庚辛壬癸子丑寅 (卯 left, 丑 and 寅 came)
        "members": 13, "full": 10, "probationary": 3, "women": 5, "minorities": 3, "flow": 2, "hardship": 2,
        "age_bands": {"35岁及以下": 3, "36～45岁": 2, "46～54岁": 2, "55～60岁": 2, "61～70岁": 1,
                      "71岁及以上": 2, "未填写": 1},
        "education": {"研究生": 1, "大学本科": 2, "大学专科": 1, "中等专科": 0, "高中": 2, "中专": 1, "初中": 2,
                      "小学": 1, "未上学": 1, "大专": 1, "未填写": 1},
        "party_age_bands": {"不满10年": 1, "10～19年": 2, "20～29年": 1, "30～39年": 2, "40～49年": 1,
                            "50年及以上": 2, "预备党员": 3, "未填写": 1},
        "applicants": 1, "activists": 1, "candidates": 1, "recruited_this_year": 2,
    },
}


@pytest.mark.parametrize("day", [ON1, ON2])
def test_the_figures_are_the_hand_count(roster, day):
    assert stats.figures(day).as_json() == EXPECTED[day]


def test_every_band_set_sums_to_the_members_and_keeps_its_order(roster):
    for day in (ON1, ON2, D(2000, 1, 1), D(2030, 1, 1)):
        found = stats.figures(day)
        for _caption, bands in found.bands():
            assert sum(bands.values()) == found.members
        assert found.full + found.probationary == found.members
        assert list(found.age_bands)[-1] == "未填写" and list(found.education)[-1] == "未填写"
        assert list(found.party_age_bands)[-2:] == ["预备党员", "未填写"]


def test_the_birthday_is_the_boundary_and_a_month_only_birth_counts_from_the_1st(roster):
    one, two = stats.figures(ON1), stats.figures(ON2)
    # 甲 35 on ON1 (≤35), 36 on ON2; 丑 joins ≤35 on ON2: the band keeps 3
    assert one.age_bands["35岁及以下"] == two.age_bands["35岁及以下"] == 3
    assert one.age_bands["71岁及以上"] == 1 and two.age_bands["71岁及以上"] == 2   # 丙 "1955.07": 71 from 1 July
    assert stats.figures(D(2026, 7, 31)).age_bands["71岁及以上"] == 2


def test_band_edges_are_a_setting(roster):
    settings.put(stats.AGE_EDGES_KEY, "40,60")
    found = stats.figures(ON1)
    assert found.age_bands == {"40岁及以下": 5, "41～60岁": 4, "61岁及以上": 2, "未填写": 1}
    stats.put_band_edges(stats.PARTY_AGE_EDGES_KEY, "29，49")          # a Chinese comma is fine
    assert stats.figures(ON1).party_age_bands == {"不满30年": 5, "30～49年": 2, "50年及以上": 1,
                                                  "预备党员": 3, "未填写": 1}
    with pytest.raises(ValidationError) as caught:
        stats.put_band_edges(stats.AGE_EDGES_KEY, "45,35")
    assert "从小到大" in str(caught.value)
    assert stats.band_edges(stats.AGE_EDGES_KEY) == [40, 60]
    settings.put(stats.AGE_EDGES_KEY, "很多")                           # stored wrong: the default
    assert stats.band_edges(stats.AGE_EDGES_KEY) == [35, 45, 54, 60, 70]


def test_labels_of_the_default_and_of_one_year_bands():
    assert stats.age_labels([35, 45, 54, 60, 70]) == ["35岁及以下", "36～45岁", "46～54岁", "55～60岁",
                                                      "61～70岁", "71岁及以上"]
    assert stats.party_age_labels([9, 10]) == ["不满10年", "10年", "11年及以上"]
    assert stats.share_text(1, 3) == "33.3%" and stats.share_text(0, 0) == "—"


def test_stats_json_on_the_command_line(roster, opened):
    path = opened.path
    opened.close()
    result = run_cli("stats", "--on", ON2.isoformat(), "--json", db=path)
    assert result.returncode == 0, result.stderr.decode()
    found = json.loads(result.stdout.decode("utf-8"))
    design_keys = {"members", "full", "probationary", "women", "minorities", "flow", "age_bands", "education",
                   "party_age_bands", "applicants", "activists", "candidates", "recruited_this_year"}
    assert set(found) == design_keys | {"hardship"}
    assert found == EXPECTED[ON2]
    text = run_cli("stats", "--on", ON1.isoformat(), db=path)
    assert text.returncode == 0
    lines = text.stdout.decode("utf-8").splitlines()
    assert lines[0] == "2026年6月30日在册党员统计"
    assert "党员总数：12 人" in lines and "  35岁及以下：3 人（25.0%）" in lines
    wrong = run_cli("stats", "--on", "6月30日", db=path)
    assert wrong.returncode == 2 and "不是日期" in wrong.stderr.decode("utf-8")
