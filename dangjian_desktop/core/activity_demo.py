"""A year of held activities for the demo branch: the annual plan, attendance, 列席, decisions
with votes, minutes (mostly finalised, one corrected), a few practice activities, and a couple
of meetings not yet recorded so the home page has something to say.

Deterministic from the demo's random generator; fast for 20,000 members (attendance rows are
written with one executemany).
"""

from __future__ import annotations

import datetime as dt
import json
import random

from dangjian_desktop.core import activities, activity_plan, attendance, corrections
from dangjian_desktop.core import activity_kinds as kinds
from dangjian_desktop.core import minutes as minutes_ops
from dangjian_desktop.core import quorum as quorum_rules
from dangjian_desktop.core.activity_roster import Expected, Roster
from dangjian_desktop.core.attendance import ABSENT, LEAVE, PRESENT
from dangjian_desktop.core.roles import votes_on
from dangjian_desktop.db.bulk import bulk_insert
from dangjian_desktop.db.models import (
    Activity,
    ActivityGuest,
    Decision,
    Member,
    MinutesRevision,
    PartyGroup,
    database_proxy,
)

THEME_DAY_TOPICS = {
    1: "新春走访慰问老党员、困难党员", 2: "学习春节期间安全知识，开展移风易俗宣传", 3: "学雷锋志愿服务，清扫村内主干道",
    4: "清明节祭扫烈士墓，缅怀革命先烈", 5: "助力春耕生产，帮扶缺劳力农户", 6: "学习党章，重温入党誓词",
    7: "庆祝中国共产党成立纪念日，重温入党誓词", 8: "防汛安全宣传，排查村内危房", 9: "秋收互助，党员帮扶困难户",
    10: "重阳节敬老活动，走访 80 岁以上老人", 11: "冬季防火安全宣传", 12: "学习全会精神，总结全年工作",
}
COMMITTEE_TOPICS = (
    "研究本月主题党日活动安排", "研究困难党员慰问名单", "研究发展党员工作", "研究村内道路修缮方案",
    "研究人居环境整治分工", "研究党员积分管理办法", "研究秋收期间安全工作", "研究年终党员大会准备工作",
)
CONGRESS_TOPICS = {
    1: ("学习上级会议精神，审议支部年度工作计划", "审议通过《东坡村党支部{year}年工作计划》"),
    2: ("讨论村级重大事项“四议两公开”方案", "同意村内生产路硬化方案提交村民代表会议"),
    3: ("讨论确定困难党员帮扶名单", "通过{year}年困难党员结对帮扶名单"),
    4: ("总结全年工作，部署明年工作", "通过支部{year}年工作总结"),
}
GROUP_TOPICS = (
    "学习党章第一章“党员”", "学习《中国共产党农村基层组织工作条例》", "党员汇报近期思想和工作情况",
    "讨论本组人居环境整治", "学习上级有关乡村振兴的政策", "讨论如何帮助本组困难群众",
    "学习先进典型事迹", "讨论本组党员联系群众情况",
)
LECTURE_TOPICS = ("从党史中汲取奋进力量", "做新时代合格党员", "乡村振兴中的党员责任", "学习党的纪律规定")
LEAVE_REASONS = ("生病住院", "家中有事", "外出办事", "照顾病人", "农忙", "走亲戚")
ELDER_REASON = "年老体弱，行动不便"
ABSENT_REASONS = ("未请假，事后说明在外地", "联系不上", "未说明原因")
PLACES = ("村委会会议室", "党员活动室", "村委会会议室")
SPEECH_LINES = (
    "我同意支部的安排，我们组会抓好落实。",
    "建议把学习材料印成大字版，方便年纪大的党员看。",
    "我们组有两户困难群众，希望支部帮助联系一下。",
    "环境整治要常抓，建议每月检查一次。",
    "党员要带头，不能光说不做。",
    "外出党员的学习可以通过微信群跟上。",
)
DISSENT_LINES = (
    "我对道路修缮先修东头有不同意见，西头的路更难走，建议先修西头。",
    "我觉得慰问名单还应该加上第三组的一户，保留意见。",
)


def _section_text(kind_key: str, title: str, topic: str, rng: random.Random) -> str:
    texts = {
        "传达学习": f"书记传达了上级有关会议精神，组织大家学习。本次会议主题：{topic}。",
        "通报工作": "通报了支部近期工作：党员学习、环境整治、困难党员帮扶等工作按计划推进。",
        "讨论审议": "与会党员逐项讨论，大家踊跃发言，提出了意见和建议。",
        "学习传达": "学习了镇党委有关文件，传达了近期工作部署。",
        "研究事项": f"会议研究了：{topic}。委员们逐项发表意见，形成一致意见。",
        "工作安排": "明确了分工：书记负责总体安排，组织委员负责通知和签到，宣传委员负责学习材料。",
        "学习内容": f"组长带领大家学习：{topic}。",
        "党员汇报": "几名党员汇报了近期思想和工作情况，年纪大的党员谈了自己的体会。",
        "讨论交流": "大家围绕本组的实际问题进行了讨论。",
        "党课内容": f"党课题目：{topic}。主讲人结合本村实际，讲了党员在乡村振兴中的作用。",
        "学习讨论": "听课党员结合自身谈了认识。",
        "学习体会": "大家表示要把学到的用到平时的工作生活中。",
        "重温入党誓词": "全体到会党员面向党旗，重温入党誓词。",
        "集中学习": "集中学习了党章有关内容。",
        "主题活动": f"本次主题党日活动：{topic}。",
        "交流发言": "党员交流了参加活动的体会。",
        "学习": "会前组织党员集中学习了有关文件，开展了谈心谈话，征求了群众意见。",
        "对照检查": "支部班子和党员个人对照党章党规，查找了在学习、联系群众、发挥作用等方面的不足。",
        "批评与自我批评": "每名党员先作自我批评，其他党员提出批评意见，大家开诚布公，红脸出汗。",
        "整改措施": "针对查找的问题，制定了整改措施，明确了责任人和完成时限。",
        "学习动员": "学习了民主评议党员的有关规定，说明了评议的标准和程序。",
        "个人总结": "党员对照合格党员标准作了个人总结。",
        "党员互评": "党员之间开展了相互评议。",
        "民主测评": "采用无记名方式进行民主测评，当场计票。",
        "评议结果": "评议结果：优秀、合格的党员占绝大多数，没有不合格党员。",
        "谈话对象": "支部委员分工与党员逐一谈心谈话。",
        "谈话内容": "谈思想、谈工作、谈家庭困难，听取党员对支部工作的意见。",
        "意见建议": "党员建议多组织实用技术培训，多关心年纪大的党员。",
        "后续跟进": "对党员反映的困难，由支部委员分工跟进。",
        "活动内容": f"{topic}。",
        "参加情况": "党员积极参加，部分群众也一起参与。",
        "活动成效": "活动办实事、解难题，群众反映良好。",
    }
    return texts.get(title, f"{topic}。")


def _topic(kind_key: str, day: dt.date, rng: random.Random) -> str:
    if kind_key == "theme_day":
        return THEME_DAY_TOPICS[day.month]
    if kind_key == "committee":
        return COMMITTEE_TOPICS[(day.month - 1) % len(COMMITTEE_TOPICS)]
    if kind_key == "party_congress":
        return CONGRESS_TOPICS[(day.month - 1) // 3 + 1][0]
    if kind_key == "group_meeting":
        return rng.choice(GROUP_TOPICS)
    if kind_key == "party_lecture":
        return LECTURE_TOPICS[(day.month - 1) // 3]
    return {"life_meeting": "召开年度组织生活会，开展批评与自我批评", "member_review": "开展年度民主评议党员",
            "talk": "支部委员与党员谈心谈话"}.get(kind_key, "")


def _practice(year: int) -> list[tuple[dt.date, str]]:
    return [
        (dt.date(year, 1, 20), "春节前走访慰问老党员、困难党员"),
        (dt.date(year, 3, 5), "学雷锋志愿服务"),
        (dt.date(year, 6, 18), "环境整治党员志愿服务"),
        (dt.date(year, 9, 20), "结对帮扶困难户秋收"),
    ]


ATTENDANCE_ROW_BUDGET = 150_000     # a year of a 46-member branch needs about 3,000


def add_demo_activities(rng: random.Random, today: dt.date) -> dict[str, int]:
    """Called inside generate_demo's transaction, after members, groups and committee exist."""
    years = [today.year - 1, today.year] if today.month <= 6 else [today.year]
    roster = Roster()
    for year in years:
        activity_plan.apply_plan(year, roster=roster)
        for day, title in _practice(year):
            Activity.create(kind="practice", title=title, date=day, status="planned", place="东坡村",
                            topic=title)
        activities.renumber(year, "practice", None)

    birth_year = {m: b.year for m, b in Member.select(Member.id, Member.birth_date).tuples() if b}
    committee = [m for m, _s, _e in roster.posts]
    leaders = dict(PartyGroup.select(PartyGroup.id, PartyGroup.leader).tuples())
    places = dict(PartyGroup.select(PartyGroup.id, PartyGroup.meeting_place).tuples())
    past = list(Activity.select().where(Activity.date < today).order_by(Activity.date, Activity.id))

    # Leave one group meeting of last month unrecorded, and keep this month's records as drafts.
    month_start = dt.date(today.year, today.month, 1)
    last_month = (month_start - dt.timedelta(days=1)).replace(day=1)
    skipped = [a.id for a in past if a.kind == "group_meeting" and last_month <= a.date < month_start]
    skip = {rng.choice(skipped)} if skipped else set()
    # A stress-test roster of thousands (no real branch is that big) records its most recent
    # months only, so that the demo stays quick; the earlier activities stay planned.
    budget = ATTENDANCE_ROW_BUDGET
    sizes = {kinds.AUDIENCE_MEMBERS: sum(1 for p in roster.people.values() if p.on_roster(today)),
             kinds.AUDIENCE_COMMITTEE: len(roster.posts), kinds.AUDIENCE_CHOSEN: 12}
    for a in reversed(past):
        if a.id in skip:
            continue
        audience = kinds.kind(a.kind).audience
        budget -= len(roster.by_group.get(a.group_id, ())) if audience == kinds.AUDIENCE_GROUP else sizes[audience]
        if budget < 0:
            skip.add(a.id)

    attendance_rows: list[tuple] = []
    guest_rows: list[dict] = []
    decision_rows: list[dict] = []
    revision_rows: list[dict] = []
    status_updates: dict[str, list[int]] = {"held": [], "finalized": []}
    corrected: int | None = None
    for a in past:
        if a.id in skip:
            continue
        expected = roster.expected(a.kind, a.date, a.group_id)
        if a.kind == "talk":
            chosen = committee + rng.sample(sorted(roster.people), min(8, len(roster.people)))
            seen: set[int] = set()
            expected = []
            for mid in chosen:
                p = roster.people[mid]
                if mid not in seen and p.on_roster(a.date):
                    seen.add(mid)
                    expected.append(Expected(mid, p.name, p.category, votes_on(p, a.date)))
        states = []
        elder_year = a.date.year - 82            # born in or before this year: 82 or older
        home_for_new_year = a.date.month in (1, 2)
        random_ = rng.random
        add_row = attendance_rows.append
        add_state = states.append
        for order, e in enumerate(expected):
            r = random_()
            if e.excluded:
                state, reason = (PRESENT, "") if home_for_new_year and r < 0.5 else ("", "")
            elif birth_year.get(e.member_id, 9999) <= elder_year and r < 0.6:
                state, reason = LEAVE, ELDER_REASON
            elif r < 0.88 or (r >= 0.6 and birth_year.get(e.member_id, 9999) <= elder_year):
                state, reason = PRESENT, ""
            elif r < 0.97:
                state, reason = LEAVE, LEAVE_REASONS[int(r * 1000) % len(LEAVE_REASONS)]
            else:
                state, reason = ABSENT, ABSENT_REASONS[int(r * 1000) % len(ABSENT_REASONS)]
            add_state((state, e.voting, e.excluded))
            add_row((e.member_id, a.id, state, reason, int(e.voting), int(e.excluded), e.excluded_reason, order))
        counts = attendance.count_attendance(states)
        present_ids = [e.member_id for e, (s, _v, _x) in zip(expected, states) if s == attendance.PRESENT]
        voting_present = [e.member_id for e, (s, _v, _x) in zip(expected, states) if s == attendance.PRESENT and e.voting]

        # Who chaired and who wrote it down.
        if a.kind == "group_meeting":
            chair = leaders.get(a.group_id) if leaders.get(a.group_id) in present_ids else (
                voting_present[0] if voting_present else None)
            others = [m for m in voting_present if m != chair]
            recorder = others[0] if others else chair
            place = places.get(a.group_id) or "村委会会议室"
        else:
            chair = committee[0] if committee else (voting_present[0] if voting_present else None)
            recorder = committee[1] if len(committee) > 1 else chair
            place = "东坡村" if a.kind == "practice" else rng.choice(PLACES)
        topic = a.topic or _topic(a.kind, a.date, rng)
        lecturer = None
        lecturer_name = ""
        if a.kind == "party_lecture":
            if (a.date.month - 1) // 3 == 1 or not committee:
                lecturer_name = "青山镇党委宣传委员 李明"
            else:
                lecturer = committee[((a.date.month - 1) // 3) % len(committee)]
        start = "19:30" if a.date.month in (5, 6, 9, 10) else rng.choice(("09:00", "14:30"))
        end = {"09:00": "11:00", "14:30": "16:30", "19:30": "21:00"}[start]
        Activity.update(chair=chair, recorder=recorder, place=place, topic=topic, start_time=start, end_time=end,
                        lecturer=lecturer, lecturer_name=lecturer_name).where(Activity.id == a.id).execute()

        if a.kind in ("party_congress", "life_meeting"):
            guest_rows.append({"activity": a.id, "name": "王海涛", "role": "青山镇党委组织委员（包村干部）",
                               "sort_order": 1})

        if a.kind == "party_congress":
            text = CONGRESS_TOPICS[(a.date.month - 1) // 3 + 1][1].format(year=a.date.year)
            against = 1 if rng.random() < 0.3 and len(voting_present) > 5 else 0
            abstain = 1 if rng.random() < 0.3 and len(voting_present) > 5 else 0
            votes_for = len(voting_present) - against - abstain
            decision_rows.append({"activity": a.id, "text": text, "method": "举手表决", "votes_for": votes_for,
                                  "votes_against": against, "votes_abstain": abstain, "sort_order": 1,
                                  "passed": quorum_rules.decision_passes(votes_for, counts.voting_expected,
                                                                         counts.voting_present)})
        elif a.kind == "committee":
            decision_rows.append({"activity": a.id, "text": f"同意{topic.removeprefix('研究')}的安排", "method": "举手表决",
                                  "votes_for": len(voting_present), "votes_against": 0, "votes_abstain": 0,
                                  "sort_order": 1,
                                  "passed": quorum_rules.decision_passes(len(voting_present), counts.voting_expected,
                                                                         counts.voting_present)})

        content = minutes_ops.template(a.kind)
        for section in content.sections:
            section.text = _section_text(a.kind, section.title, topic, rng)
        content.agenda = [topic] + (["表决事项"] if a.kind in ("party_congress", "committee") else [])
        speakers = rng.sample(present_ids, min(len(present_ids), rng.randint(1, 3))) if present_ids else []
        for mid in speakers:
            content.speeches.append(minutes_ops.Speech(roster.people[mid].name, rng.choice(SPEECH_LINES), mid))
        if a.kind in ("party_congress", "committee") and len(speakers) > 1 and rng.random() < 0.25:
            mid = speakers[-1]
            content.speeches.append(minutes_ops.Speech(roster.people[mid].name, rng.choice(DISSENT_LINES), mid, True))
        content.summary = "主持人对会议作了总结，要求大家会后抓好落实，按时参加支部活动。"
        finalized = a.date < month_start
        revision_rows.append({"activity": a.id, "number": 1, "reason": "",
                              "content": json.dumps(content.to_dict(), ensure_ascii=False),
                              "finalized_at": dt.datetime.combine(a.date + dt.timedelta(days=2), dt.time(10, 0))
                              if finalized else None})
        status_updates["finalized" if finalized else "held"].append(a.id)
        if finalized and corrected is None and a.kind == "committee" and chair is not None:
            corrected = a.id

    if attendance_rows:
        # Member-major order keeps both attendance indexes' inserts near the end of their pages.
        attendance_rows.sort()
        database_proxy.cursor().executemany(
            'INSERT INTO "attendance" ("member_id", "activity_id", "state", "reason", "voting", "excluded", '
            '"excluded_reason", "sort_order") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            attendance_rows,
        )
    bulk_insert(ActivityGuest, guest_rows)
    bulk_insert(Decision, decision_rows)
    bulk_insert(MinutesRevision, revision_rows)
    for status, ids in status_updates.items():
        for start in range(0, len(ids), 500):
            Activity.update(status=status).where(Activity.id.in_(ids[start:start + 500])).execute()
    if corrected is not None:
        # One correction, as a secretary would make it: a reason and a second revision.
        corrections.begin_correction(corrected, "补充记录一项委员的意见")
        revision, content = minutes_ops.current(corrected)
        content.sections[-1].text += "会后补充：宣传委员提出要同时做好群众宣传工作。"
        minutes_ops.save(corrected, content)
        minutes_ops.finalize(corrected, today=today)
        day = Activity.get_by_id(corrected).date
        MinutesRevision.update(finalized_at=dt.datetime.combine(day + dt.timedelta(days=9), dt.time(16, 0))).where(
            MinutesRevision.id == revision.id).execute()
    return {
        "activities": Activity.select().count(),
        "held": len(status_updates["held"]) + len(status_updates["finalized"]),
        "attendance": len(attendance_rows),
    }
