"""peewee models of the branch's records.

Every model is bound to ``database_proxy``; :func:`dangjian_desktop.db.connection.open_database`
points the proxy at the opened file. Nothing a record refers to is hard-deleted: members leave
the roster by a status change (see :class:`StatusChange`).
"""

from __future__ import annotations

import datetime as dt

from peewee import (
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


ALL_MODELS = [Branch, Setting, Member, StatusChange, CommitteePost, PartyGroup, GroupMembership]
