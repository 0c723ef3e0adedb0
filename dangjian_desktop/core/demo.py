"""A realistic demo village branch, generated deterministically from a seed.

Used by "载入演示数据" on first start, by the ``demo`` command, by tests and by benchmarks,
so it must be fast for 20,000 members: rows are built in memory and inserted in chunks.
"""

from __future__ import annotations

import datetime as dt
import random

from dangjian_desktop.core import branch as branch_ops
from dangjian_desktop.core.activity_demo import add_demo_activities
from dangjian_desktop.core.dues_demo import add_demo_dues
from dangjian_desktop.core.idnumber import check_char
from dangjian_desktop.core.names import name_initials, name_pinyin
from dangjian_desktop.core.recruit_demo import add_demo_recruits
from dangjian_desktop.core.review_demo import add_demo_review
from dangjian_desktop.core.roles import committee_required
from dangjian_desktop.core.vocab import ACTIVE, FULL_MEMBER, PROBATIONARY, is_full
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import (
    Branch,
    CommitteePost,
    GroupMembership,
    Member,
    PartyGroup,
    StatusChange,
    database_proxy,
)
from dangjian_desktop.errors import UserError

SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
)
MALE_CHARS = "建国军伟强明志勇海波华平东林德福学文庆春生振兴宝山永胜立新成忠刚军红卫洪杰鹏超磊涛"
FEMALE_CHARS = "秀英兰芳玉梅红霞桂珍丽娟敏静燕凤琴云华萍莲翠荣美婷雪娜丹晶慧佳颖"
# Region codes of one county, including codes abolished long ago that stay on older cards.
REGION_CODES = ("370124", "370124", "370124", "372423", "372901", "370181")
EDUCATION_BY_AGE = (
    (70, ("小学", "小学", "初中", "未上学")),
    (55, ("初中", "初中", "小学", "高中")),
    (40, ("初中", "高中", "中专", "大学专科")),
    (0, ("高中", "大学专科", "大学本科", "大学本科", "研究生")),
)
JOBS = ("务农", "务农", "务农", "个体经营", "村干部", "退休", "教师", "外出务工", "合作社")
FLOW_PLACES = ("广东省深圳市", "浙江省宁波市", "江苏省苏州市", "北京市朝阳区", "山东省青岛市", "上海市浦东新区")
FLOW_UNITS = ("电子厂", "建筑工地", "物流公司", "服装厂", "餐饮店")
HAMLET_NUMERALS = "一二三四五六七八九十"


def _hamlet_name(index: int) -> str:
    return f"东坡村{index + 1}组"


def _group_name(index: int) -> str:
    if index < 10:
        return f"第{HAMLET_NUMERALS[index]}党小组"
    return f"第{index + 1}党小组"


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days))


def generate_demo(members: int = 46, seed: int = 1, *, today: dt.date | None = None) -> dict[str, int]:
    """Fill an empty database with a demo branch of ``members`` member records in all."""
    if members < 3:
        raise UserError("演示党员人数至少为 3 人。")
    if not branch_ops.is_empty():
        raise UserError("这份数据里已经有内容，演示数据只能载入到空白的数据中。")
    today = today or dt.date.today()
    rng = random.Random(seed)
    hamlet_count = max(3, min(60, members // 10))
    former_count = max(1, members // 20) if members >= 10 else 0
    rows: list[dict] = []
    used_ids: set[str] = set()
    for index in range(members):
        rows.append(_demo_member(rng, index, today, hamlet_count, used_ids))

    # Roles: some former members, ~10% probationary, ~8% flow members.
    former = set(rng.sample(range(members), former_count))
    young = [i for i, row in enumerate(rows)
             if i not in former and 19 <= today.year - row["birth_date"].year <= 45]
    probationary = set(rng.sample(young, min(len(young), max(1, members // 10))))
    for index in sorted(probationary):
        row = rows[index]
        joined = _random_date(rng, today - dt.timedelta(days=330), today - dt.timedelta(days=10))
        row.update(category=PROBATIONARY, joined_on=joined, full_member_on=None)
    working = [i for i, row in enumerate(rows) if i not in former and i not in probationary
               and 20 <= today.year - row["birth_date"].year <= 55]
    flow = set(rng.sample(working, min(len(working), max(1, members * 8 // 100))))
    for index in sorted(flow):
        rows[index].update(
            is_flow=True,
            flow_destination=rng.choice(FLOW_PLACES),
            flow_out_on=_random_date(rng, today - dt.timedelta(days=2000), today - dt.timedelta(days=30)),
            flow_unit=rng.choice(FLOW_UNITS),
            job="外出务工",
        )
    with database_proxy.atomic():  # 载入演示数据
        Branch.create(
            name="东坡村党支部",
            parent_org="青山镇党委",
            founded_on=dt.date(1956, 7, 1),
            address="青山镇东坡村村委会",
            phone="0531-87451234",
        )
        bulk_insert(Member, rows)
        ids = [m.id for m in Member.select(Member.id).order_by(Member.id)]
        _record_former(rng, ids, former, rows, today)
        groups = _make_groups(rng, ids, rows, former, hamlet_count, today)
        posts = _make_committee(rng, ids, rows, former, today)
        held = add_demo_activities(rng, today)
        add_demo_recruits(rng, today)
        add_demo_dues(rng, today)
        add_demo_review(rng, today)
    return {"members": members, "former": len(former), "groups": groups, "committee": posts,
            "activities": held["activities"], "held": held["held"]}


def _demo_member(rng: random.Random, index: int, today: dt.date, hamlets: int, used: set[str]) -> dict:
    male = rng.random() < 0.72
    surname = rng.choice(SURNAMES)
    chars = MALE_CHARS if male else FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
    name = surname + given
    age = min(90, max(20, int(rng.triangular(20, 90, 62))))
    birth = _random_date(rng, dt.date(today.year - age - 1, today.month, 1), dt.date(today.year - age, today.month, 1))
    while True:
        region = rng.choice(REGION_CODES)
        seq = rng.randrange(0, 100)
        gender_digit = rng.choice("13579" if male else "02468")
        first17 = f"{region}{birth:%Y%m%d}{seq:02d}{gender_digit}"
        number = first17 + check_char(first17)
        if number not in used:
            used.add(number)
            break
    joined_from = dt.date(birth.year + 19, birth.month, 1) if birth.month != 2 else dt.date(birth.year + 19, 3, 1)
    joined = _random_date(rng, joined_from, min(today - dt.timedelta(days=400), dt.date(birth.year + 55, 1, 1)))
    full = joined + dt.timedelta(days=365 + rng.choice((0, 0, 0, 7, 14, 30)))
    for limit, levels in EDUCATION_BY_AGE:
        if age >= limit:
            education = rng.choice(levels)
            break
    hamlet = rng.randrange(hamlets)
    phone = "" if age > 80 and rng.random() < 0.5 else f"1{rng.choice('35789')}{rng.randrange(10 ** 9):09d}"
    return {
        "name": name,
        "name_pinyin": name_pinyin(name),
        "name_initials": name_initials(name),
        "gender": "男" if male else "女",
        "ethnicity": "汉族" if rng.random() < 0.97 else "回族",
        "id_number": number,
        "birth_date": birth,
        "education": education,
        "category": FULL_MEMBER,
        "joined_on": joined,
        "full_member_on": full,
        "job": "退休" if age >= 65 and rng.random() < 0.3 else rng.choice(JOBS),
        "phone": phone,
        "landline": "",
        "address": f"{_hamlet_name(hamlet)}{rng.randrange(1, 80)}号",
        "hamlet": _hamlet_name(hamlet),
        "month_only": "",
        "native_place": "山东济南",
        "work_started_on": None,
        "introducers": "",
        "party_post": "",
        "transferred_in_on": None,
        "transferred_in_from": "",
        "status": ACTIVE,
        "status_on": None,
        "status_reason": "",
        "transferred_to": "",
        "is_flow": False,
        "flow_destination": "",
        "flow_out_on": None,
        "flow_unit": "",
        "hardship": age >= 75 and rng.random() < 0.2,
        "hardship_note": "",
        "note": "",
    }


def _record_former(rng, ids, former, rows, today) -> None:
    choices = (
        ("transferred_out", "工作调动", "青山镇中心小学党支部"),
        ("deceased", "因病去世", ""),
        ("transferred_out", "随子女迁居", "青山镇社区党支部"),
        ("lost_contact", "外出多年联系不上", ""),
    )
    for index in sorted(former):
        status, reason, destination = rng.choice(choices)
        if rows[index]["birth_date"].year < today.year - 80:
            status, reason, destination = "deceased", "因病去世", ""
        on = _random_date(rng, max(rows[index]["joined_on"], today - dt.timedelta(days=1500)), today)
        StatusChange.create(member=ids[index], status=status, on_date=on, reason=reason, destination=destination)
        Member.update(status=status, status_on=on, status_reason=reason, transferred_to=destination).where(
            Member.id == ids[index]
        ).execute()


def _make_groups(rng, ids, rows, former, hamlet_count, today) -> int:
    start = dt.date(today.year - 2, 1, 1)
    by_hamlet: dict[int, list[int]] = {}
    flow: list[int] = []
    for index, row in enumerate(rows):
        if index in former:
            continue
        if row["is_flow"]:
            flow.append(index)
        else:
            hamlet = int(row["address"].split("村")[1].split("组")[0]) - 1
            by_hamlet.setdefault(hamlet, []).append(index)
    memberships = []
    groups = 0
    # Hamlets are joined pairwise into groups: group k holds hamlets 2k and 2k+1.
    buckets: dict[int, list[int]] = {}
    for hamlet, members in by_hamlet.items():
        buckets.setdefault(hamlet // 2, []).extend(members)
    for order, key in enumerate(sorted(buckets)):
        members = buckets[key]
        full = [i for i in members if is_full(rows[i]["category"]) and rows[i]["birth_date"].year > today.year - 75]
        leader = ids[rng.choice(full)] if full else None
        hamlets = "、".join(_hamlet_name(h) for h in (2 * key, 2 * key + 1) if h < hamlet_count)
        group = PartyGroup.create(
            name=_group_name(order), kind="按居住地", leader=leader, meeting_place="村委会会议室",
            note=f"{hamlets}的党员", sort_order=order,
        )
        groups += 1
        memberships.extend({"member": ids[i], "group": group.id, "start_on": start} for i in members)
    if flow:
        full = [i for i in flow if is_full(rows[i]["category"])]
        group = PartyGroup.create(
            name="流动党员党小组", kind="流动党员", leader=ids[rng.choice(full)] if full else None,
            meeting_place="微信群", note="外出务工党员，平时通过微信群联系", sort_order=len(buckets),
        )
        groups += 1
        memberships.extend({"member": ids[i], "group": group.id, "start_on": start} for i in flow)
    bulk_insert(GroupMembership, memberships)
    return groups


def _make_committee(rng, ids, rows, former, today) -> int:
    full = [
        i for i, row in enumerate(rows)
        if i not in former and is_full(row["category"]) and not row["is_flow"]
        and 30 <= today.year - row["birth_date"].year <= 65
    ]
    if len(full) < 3:
        return 0
    posts = ("书记", "组织委员", "宣传委员", "纪检委员") if committee_required(len(full)) else ("书记",)
    chosen = rng.sample(full, min(len(posts), len(full)))
    term_start = dt.date(2026 if today.year >= 2026 else today.year, 1, 15)
    if term_start > today:
        term_start = dt.date(today.year - 1, 1, 15)
    for order, (post, index) in enumerate(zip(posts, chosen)):
        CommitteePost.create(
            post=post, member=ids[index], term_start=term_start,
            term_end=dt.date(term_start.year + 5, term_start.month, term_start.day), sort_order=order,
        )
        Member.update(party_post=f"支部{post}" if post != "书记" else "支部书记").where(Member.id == ids[index]).execute()
        if post == "书记":
            Branch.update(secretary_name=rows[index]["name"]).execute()
    return len(chosen)
