"""peewee models of the branch's records.

Every model is bound to ``database_proxy``; :func:`dangjian_desktop.db.connection.open_database`
points the proxy at the opened file. Nothing a record refers to is hard-deleted: members leave
the roster by a status change (see :class:`StatusChange`).
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    SQL,
    BlobField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database_proxy = DatabaseProxy()


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Branch(BaseModel):
    """The one branch this database belongs to (a single row)."""

    name = CharField()
    parent_org = CharField(default="")
    founded_on = DateField(null=True)
    address = CharField(default="")
    phone = CharField(default="")
    secretary_name = CharField(default="")


class Setting(BaseModel):
    """Branch settings (thresholds, frequencies) as key -> JSON text."""

    key = CharField(primary_key=True)
    value = TextField()


class Member(BaseModel):
    name = CharField()
    name_pinyin = CharField(default="", index=True)   # for sorting: "wang jian guo"
    name_initials = CharField(default="")            # for search: "wjg"
    gender = CharField(default="")                   # 男 / 女
    ethnicity = CharField(default="")                # full form: 汉族
    id_number = CharField(null=True, unique=True)    # 18 characters, upper-case X
    birth_date = DateField(null=True)
    education = CharField(default="")
    category = CharField(default="正式党员")          # 正式党员 / 预备党员
    joined_on = DateField(null=True)                 # 入党日期 (admitted as probationary)
    full_member_on = DateField(null=True)            # 转正日期
    job = CharField(default="")                      # 工作岗位
    phone = CharField(default="")                    # digits only
    landline = CharField(default="")
    address = CharField(default="")
    native_place = CharField(default="")             # 籍贯
    work_started_on = DateField(null=True)           # 参加工作时间
    introducers = CharField(default="")              # 入党介绍人
    party_post = CharField(default="")               # 党内职务
    transferred_in_on = DateField(null=True)
    transferred_in_from = CharField(default="")
    # status: active, transferred_out, deceased, removed, suspended, lost_contact
    status = CharField(default="active", index=True)
    status_on = DateField(null=True)
    status_reason = CharField(default="")
    transferred_to = CharField(default="")
    is_flow = BooleanField(default=False)            # 流动党员 (still active)
    flow_destination = CharField(default="")         # 外出流向
    flow_out_on = DateField(null=True)               # 流出日期
    flow_unit = CharField(default="")                # 流入单位
    hardship = BooleanField(default=False)           # 困难党员
    hardship_note = CharField(default="")
    note = TextField(default="")
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)
    # schema step 4
    hamlet = CharField(default="", index=True, constraints=[SQL("DEFAULT ''")])      # 村民小组 / 自然村 / 网格
    month_only = CharField(default="", constraints=[SQL("DEFAULT ''")])  # date fields known to the month only


# Covers the roster search: active members in pinyin order, filtered by name, initials, phone,
# ID digits or hamlet, without touching the table rows (STYLE.md #2). Schema steps 3 and 4.
Member.add_index(Member.index(Member.status, Member.name_pinyin, Member.name, Member.name_initials, Member.phone,
                              Member.id_number, Member.category, Member.is_flow, Member.hamlet,
                              name="member_status_name_pinyin"))


class StatusChange(BaseModel):
    """History of a member's status: never edited, only appended."""

    member = ForeignKeyField(Member, backref="status_changes", on_delete="RESTRICT")
    status = CharField()
    on_date = DateField()
    reason = CharField(default="")
    destination = CharField(default="")
    recorded_at = DateTimeField(default=_now)


class CommitteePost(BaseModel):
    """A seat on the branch committee (支委) with its post and term."""

    post = CharField()                               # 书记 / 副书记 / 组织委员 …
    member = ForeignKeyField(Member, null=True, backref="committee_posts", on_delete="RESTRICT")
    person_name = CharField(default="")              # used when the holder is not in the roster
    term_start = DateField(null=True)
    term_end = DateField(null=True)
    sort_order = IntegerField(default=0)


class PartyGroup(BaseModel):
    """A party group (党小组)."""

    name = CharField(unique=True)
    kind = CharField(default="按居住地")              # 按居住地 / 按工作单位 / 流动党员 / 其他
    leader = ForeignKeyField(Member, null=True, backref="+", on_delete="SET NULL")
    deputy = ForeignKeyField(Member, null=True, backref="+", on_delete="SET NULL")
    meeting_place = CharField(default="")
    note = TextField(default="")
    sort_order = IntegerField(default=0)


class GroupMembership(BaseModel):
    """Who was in which group from when to when; ``end_on`` null means current."""

    member = ForeignKeyField(Member, backref="group_memberships", on_delete="RESTRICT")
    group = ForeignKeyField(PartyGroup, backref="memberships", on_delete="RESTRICT")
    start_on = DateField()
    end_on = DateField(null=True, index=True)



# --- activities (schema step 2) -----------------------------------------------------------------

class Activity(BaseModel):
    """A meeting or activity of the branch: planned, held, or held with finalised minutes."""

    kind = CharField(index=True)                     # core.activity_kinds key: theme_day …
    title = CharField()
    date = DateField(index=True)
    start_time = CharField(default="")               # "09:00"
    end_time = CharField(default="")
    place = CharField(default="")
    topic = TextField(default="")
    chair = ForeignKeyField(Member, null=True, backref="+", on_delete="RESTRICT")      # 主持人
    recorder = ForeignKeyField(Member, null=True, backref="+", on_delete="RESTRICT")   # 记录人
    lecturer = ForeignKeyField(Member, null=True, backref="+", on_delete="RESTRICT")   # 党课主讲人
    lecturer_name = CharField(default="")            # a lecturer from outside the branch
    status = CharField(default="planned", index=True)  # planned / held / finalized
    group = ForeignKeyField(PartyGroup, null=True, backref="activities", on_delete="RESTRICT")
    plan_key = CharField(null=True, unique=True)     # the plan rule slot it came from, e.g. "2026/theme_day/2026-03/1"
    sequence = IntegerField(null=True)               # 第 n 次 of its kind (and group) in the year
    note = TextField(default="")
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)


class Attendance(BaseModel):
    """One expected attendee of a held activity; rows are made when it is recorded as held."""

    # indexed by the unique (activity, member) index below
    activity = ForeignKeyField(Activity, backref="attendance", on_delete="RESTRICT", index=False)
    member = ForeignKeyField(Member, backref="attendance", on_delete="RESTRICT")
    state = CharField(default="")                    # "" (not marked yet) / 出席 / 请假 / 缺席
    reason = CharField(default="")                   # why on leave or absent
    voting = BooleanField(default=True)              # a full member on the activity's date
    excluded = BooleanField(default=False)           # not counted as expected (应到) unless present
    excluded_reason = CharField(default="")
    sort_order = IntegerField(default=0)

    class Meta:
        indexes = ((("activity", "member"), True),)


class ActivityGuest(BaseModel):
    """A guest attending without being an expected member (列席)."""

    activity = ForeignKeyField(Activity, backref="guests", on_delete="RESTRICT")
    name = CharField()
    role = CharField(default="")                     # unit or post: 镇党委组织委员
    sort_order = IntegerField(default=0)


class Decision(BaseModel):
    """A matter voted on at an activity, with the votes and whether it passed."""

    activity = ForeignKeyField(Activity, backref="decisions", on_delete="RESTRICT")
    text = TextField()
    method = CharField(default="举手表决")             # 举手表决 / 无记名投票
    votes_for = IntegerField(default=0)              # 赞成
    votes_against = IntegerField(default=0)          # 反对
    votes_abstain = IntegerField(default=0)          # 弃权
    passed = BooleanField(default=False)
    sort_order = IntegerField(default=0)


class MinutesRevision(BaseModel):
    """A version of an activity's minutes (会议记录); finalised revisions are never changed.

    ``content`` is JSON (see core.minutes): sections, agenda, speeches, summary, and once
    finalised a snapshot of the whole record (attendance, guests, decisions, details).
    """

    activity = ForeignKeyField(Activity, backref="minutes_revisions", on_delete="RESTRICT", index=False)
    number = IntegerField()                          # 1, 2, …
    content = TextField(default="{}")
    reason = CharField(default="")                   # why a correction was made (number > 1)
    finalized_at = DateTimeField(null=True)
    created_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("activity", "number"), True),)


class Attachment(BaseModel):
    """A photo or scanned signed sheet of an activity, stored in the data file itself."""

    activity = ForeignKeyField(Activity, backref="attachments", on_delete="RESTRICT")
    kind = CharField(default="照片")                   # 照片 / 签到表 / 其他
    caption = CharField(default="")
    filename = CharField(default="")
    mime = CharField(default="image/jpeg")
    data = BlobField()
    thumbnail = BlobField(null=True)                 # small JPEG for lists
    width = IntegerField(null=True)
    height = IntegerField(null=True)
    size = IntegerField(default=0)
    created_at = DateTimeField(default=_now)




# --- dues (schema step 5) -------------------------------------------------------------------------

class DuesBasis(BaseModel):
    """A member's dues basis from a month on (the yearly 核定): kind, income, and the due it gave.

    ``due_fen`` and ``rule`` are fixed when the basis is recorded, so a later change of the
    branch's farmer amount never changes a past month.
    """

    member = ForeignKeyField(Member, backref="dues_bases", on_delete="RESTRICT", index=False)
    from_month = CharField()                         # "2026-01"
    kind = CharField()                               # core.dues_rules.KIND_LABELS key
    income_fen = IntegerField(null=True)             # after-tax income or pension, in fen
    amount_fen = IntegerField(null=True)             # a fixed amount, or a voluntary higher one
    due_fen = IntegerField()                         # the monthly due this basis gives
    rule = CharField(default="")                     # how: 税后 4,200.00 元，3000–5000 元档，1%
    recorded_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("member", "from_month"), True),)


class DuesRemittance(BaseModel):
    """Dues handed on to the 上级党委 (上缴) for a run of months; those months are then closed."""

    first_month = CharField()
    last_month = CharField()
    amount_fen = IntegerField()
    remitted_on = DateField()
    note = CharField(default="")
    recorded_at = DateTimeField(default=_now)


class DuesPayment(BaseModel):
    """Money a member paid for one month (a payment), or a correction of a closed month
    (``adjustment``, with its reason; may be negative). ``remittance`` is set once handed on."""

    member = ForeignKeyField(Member, backref="dues_payments", on_delete="RESTRICT", index=False)
    month = CharField(index=True)                    # the month paid for: "2026-03"
    amount_fen = IntegerField()
    paid_on = DateField()
    adjustment = BooleanField(default=False)
    reason = CharField(default="")
    remittance = ForeignKeyField(DuesRemittance, null=True, backref="payments", on_delete="RESTRICT")
    recorded_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("member", "month", "amount_fen"), False),)   # covers core.dues_arrears




# --- recruitment (schema step 6) -------------------------------------------------------------------

class Recruit(BaseModel):
    """A person on the way into the party (发展党员): from the application to 转正, or stopped.

    Their record in the roster (``member``) is made when the 上级党委 approves them as a
    probationary member; before that they are not a member and appear on no member list.
    """

    name = CharField()
    name_pinyin = CharField(default="")
    name_initials = CharField(default="")
    gender = CharField(default="")
    ethnicity = CharField(default="")
    id_number = CharField(unique=True)
    birth_date = DateField(null=True)
    education = CharField(default="")
    job = CharField(default="")
    phone = CharField(default="")
    address = CharField(default="")
    hamlet = CharField(default="")
    applied_on = DateField()                          # 入党申请书的日期
    stage = CharField(default="applicant", index=True)  # core.recruit_rules stage, kept with the events
    member = ForeignKeyField(Member, null=True, backref="+", on_delete="RESTRICT")
    note = TextField(default="")
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)


class RecruitEvent(BaseModel):
    """One recorded step of a recruit's file (core.recruit_rules.STEPS), never edited silently."""

    recruit = ForeignKeyField(Recruit, backref="events", on_delete="RESTRICT")
    event = CharField()
    on_date = DateField()
    hours = IntegerField(null=True)                  # 集中培训 class hours
    months = IntegerField(null=True)                 # 延长预备期 months
    note = TextField(default="")
    activity = ForeignKeyField(Activity, null=True, backref="+", on_delete="RESTRICT")   # the 支部大会
    decision = ForeignKeyField(Decision, null=True, backref="+", on_delete="RESTRICT")   # its vote
    recorded_at = DateTimeField(default=_now)


class RecruitPerson(BaseModel):
    """A member of the roster taking part in a step: 谈话人, 培养联系人, 入党介绍人."""

    event = ForeignKeyField(RecruitEvent, backref="people", on_delete="RESTRICT")
    member = ForeignKeyField(Member, backref="+", on_delete="RESTRICT")
    sort_order = IntegerField(default=0)


class RecruitAttachment(BaseModel):
    """A scan in the person's file (申请书, 谈话记录, 考察 records, 政审, 志愿书 …), kept in the data file."""

    recruit = ForeignKeyField(Recruit, backref="attachments", on_delete="RESTRICT")
    event = ForeignKeyField(RecruitEvent, null=True, backref="attachments", on_delete="RESTRICT")
    kind = CharField(default="其他")
    caption = CharField(default="")
    filename = CharField(default="")
    mime = CharField(default="image/jpeg")
    data = BlobField()
    thumbnail = BlobField(null=True)
    width = IntegerField(null=True)
    height = IntegerField(null=True)
    size = IntegerField(default=0)
    created_at = DateTimeField(default=_now)


# --- 民主评议党员 (schema step 7) -----------------------------------------------------------------

class Review(BaseModel):
    """A year's 民主评议党员: who takes part is fixed when it is opened (its entries)."""

    year = IntegerField(unique=True)
    opened_on = DateField()
    activity = ForeignKeyField(Activity, null=True, backref="+", on_delete="RESTRICT")   # the 民主评议 meeting
    ballots = IntegerField(null=True)                # 收回的测评表张数
    note = TextField(default="")


class ReviewEntry(BaseModel):
    """One member in a year's review: the ballots' tally per grade, and the grade decided."""

    review = ForeignKeyField(Review, backref="entries", on_delete="RESTRICT", index=False)
    member = ForeignKeyField(Member, backref="reviews", on_delete="RESTRICT")
    graded = BooleanField(default=True)              # False: takes part, not graded (a probationary member)
    excellent = IntegerField(default=0)              # 优秀
    qualified = IntegerField(default=0)              # 合格
    basic = IntegerField(default=0)                  # 基本合格
    unqualified = IntegerField(default=0)            # 不合格
    grade = CharField(null=True)                     # 优秀 / 合格 / 基本合格 / 不合格
    reason = TextField(default="")                   # why 不合格 (or 基本合格)
    graded_on = DateField(null=True)
    sort_order = IntegerField(default=0)

    class Meta:
        indexes = ((("review", "member"), True),)


ALL_MODELS = [
    Branch, Setting, Member, StatusChange, CommitteePost, PartyGroup, GroupMembership,
    Activity, Attendance, ActivityGuest, Decision, MinutesRevision, Attachment,
    DuesBasis, DuesRemittance, DuesPayment,
    Recruit, RecruitEvent, RecruitPerson, RecruitAttachment,
    Review, ReviewEntry,
]
