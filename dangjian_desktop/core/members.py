"""Member roster operations: add, edit, status changes, search.

The GUI and the CLI call these; every change is one named change (core.changes): one
transaction with a Chinese name, undone with ``operation.undoable(...).undo()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import Case, fn

from dangjian_desktop.core.changes import Scope, by_id, named, rows_of
from dangjian_desktop.core.dates import age_on, iso_date
from dangjian_desktop.core.member_rules import (
    FIELD_LABELS,
    FLOW_DESTINATION_PENDING,
    hamlet_follows_address,
    known_destination,
    month_only_fields,
    validate_member,
)
from dangjian_desktop.core.membership import current_where, join_current_group
from dangjian_desktop.core.names import name_initials, name_pinyin, reading_order
from dangjian_desktop.core.vocab import (
    ACTIVE,
    FORMER_STATUSES,
    PROBATIONARY,
    STATUS_LABELS,
)
from dangjian_desktop.db.models import (
    GroupMembership,
    Member,
    PartyGroup,
    StatusChange,
    database_proxy,
)
from dangjian_desktop.errors import UserError, ValidationError

EDITABLE_FIELDS = tuple(FIELD_LABELS)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def snapshot(member: Member) -> dict[str, object]:
    """The editable fields of a member (as the form and the rules see them), with which of its
    dates are known to the month only."""
    values = {key: getattr(member, key) for key in EDITABLE_FIELDS}
    values["month_only"] = member.month_only
    return values


def _check(values: dict[str, object], *, member_id: int | None, today: dt.date | None) -> dict[str, object]:
    checked = validate_member(values, today=today)
    problems = dict(checked.problems)
    number = checked.values["id_number"]
    if number and "id_number" not in problems:
        other = check_member_id_number(number, member_id=member_id)
        if other:
            problems["id_number"] = duplicate_id_message(other)
    if problems:
        raise ValidationError(problems)
    values = dict(checked.values)
    values["name_pinyin"] = name_pinyin(values["name"])
    values["name_initials"] = name_initials(values["name"])
    return values


def duplicate_id_message(other_name: str) -> str:
    return f"这个身份证号已经登记在党员“{other_name}”名下，同一个人不能登记两次。"


def check_member_id_number(number: str, *, member_id: int | None) -> str | None:
    """The name of another member holding ``number``, if any (live check in the form)."""
    query = Member.select(Member.name).where(Member.id_number == number)
    if member_id is not None:
        query = query.where(Member.id != member_id)
    other = query.first()
    return other.name if other else None


def get_member(member_id: int) -> Member:
    """The member's record; refused in plain words when it no longer exists."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise UserError("这名党员的记录已经不存在了，请刷新后再试。")
    return member


def find_member(member_id: int | None) -> Member | None:
    return Member.get_or_none(Member.id == member_id) if member_id else None


def members_by_id(member_ids, *, active_only: bool = False) -> dict[int, Member]:
    """The records of ``member_ids`` (former members left out with ``active_only``)."""
    ids = list(dict.fromkeys(member_ids))
    found: dict[int, Member] = {}
    for start in range(0, len(ids), 500):
        query = Member.select().where(Member.id.in_(ids[start:start + 500]))
        if active_only:
            query = query.where(Member.status == ACTIVE)
        found.update((m.id, m) for m in query)
    return found


def roster_members(*, include_former: bool = False) -> list[Member]:
    """The roster in name (pinyin) order: active members, or everyone with ``include_former``."""
    query = Member.select().order_by(Member.name_pinyin, Member.id)
    if not include_former:
        query = query.where(Member.status == ACTIVE)
    return list(query)


def status_history(member_id: int) -> list[StatusChange]:
    """A member's status changes, oldest first."""
    return list(StatusChange.select().where(StatusChange.member == member_id)
                .order_by(StatusChange.on_date, StatusChange.id))


def _label_with_name(verb: str):
    return lambda member, *_args, **_kwargs: f"{verb}“{member.name}”"


@named(_label_with_name("新增党员"), creates=lambda member: [(Member, [member.id])])
def create_member(values: dict[str, object], *, today: dt.date | None = None) -> Member:
    """Validate and add a member; raises :class:`ValidationError` with a message per field.
    Undoing it is refused once anything refers to the member (a group, a status change …)."""
    clean = _check(values, member_id=None, today=today)
    return Member.create(**clean)


def _one_member(member_id: int, *_args, **_kwargs) -> list[Scope]:
    return [by_id(Member, [member_id])]


@named(_label_with_name("修改党员"), scope=_one_member)
def update_member(member_id: int, values: dict[str, object], *, today: dt.date | None = None) -> Member:
    """Validate and save edits of the fields in ``values``; returns the saved member."""
    member = Member.get_by_id(member_id)
    merged = {**snapshot(member), **values}
    if "address" in values and "hamlet" not in values and hamlet_follows_address(member.hamlet, member.address):
        merged["hamlet"] = ""          # read from the old address: read it from the new one
    clean = _check(merged, member_id=member_id, today=today)
    for key, value in clean.items():
        setattr(member, key, value)
    member.updated_at = _now()
    member.save()
    return member


def _status_scope(member_id: int, *_args, **_kwargs) -> list[Scope]:
    return [by_id(Member, [member_id]), rows_of(StatusChange, StatusChange.member, [member_id]),
            rows_of(GroupMembership, GroupMembership.member, [member_id])]


def _status_label(member: Member, *_args, **_kwargs) -> str:
    return f"变更状态 {member.name}：{STATUS_LABELS[member.status]}"


@named(_status_label, scope=_status_scope)
def change_status(
    member_id: int,
    status: str,
    on_date: dt.date,
    *,
    reason: str = "",
    destination: str = "",
    today: dt.date | None = None,
) -> Member:
    """Move a member off (or back onto) the active roster; the history row is kept forever
    (only undoing a change made by mistake takes it back). Returns the member.

    Leaving the roster ends the member's group membership on the same date.
    """
    today = today or dt.date.today()
    if status not in STATUS_LABELS:
        raise UserError("请选择一种党籍状态。")
    member = Member.get_by_id(member_id)
    if status == member.status:
        raise UserError(f"“{member.name}”的状态已经是“{STATUS_LABELS[status]}”。")
    if on_date is None:
        raise UserError("请填写日期。")
    if on_date > today:
        raise UserError("日期在今天之后，请核对。")
    if member.joined_on and on_date < member.joined_on:
        raise UserError("日期早于入党日期，请核对。")
    if status == "transferred_out" and not destination.strip():
        raise UserError("转出请填写转往的党组织。")
    StatusChange.create(member=member, status=status, on_date=on_date, reason=reason.strip(),
                        destination=destination.strip())
    if status in FORMER_STATUSES:
        for membership in GroupMembership.select().where((GroupMembership.member == member) & current_where()):
            membership.end_on = max(on_date, membership.start_on)
            membership.save()
    member.status = status
    member.status_on = on_date
    member.status_reason = reason.strip()
    member.transferred_to = destination.strip() if status == "transferred_out" else ""
    member.updated_at = _now()
    member.save()
    return member


# --- searching and listing -------------------------------------------------------------------

# sort key -> columns; a column is (expression, reversed): age ascending = birth date descending.
SORT_KEYS = {
    "name": ((Member.name_pinyin, False), (Member.name, False)),
    "gender": ((Member.gender, False), (Member.name_pinyin, False)),
    "age": ((Member.birth_date, True), (Member.name_pinyin, False)),
    "category": ((Member.category, False), (Member.name_pinyin, False)),
    "joined_on": ((Member.joined_on, False), (Member.name_pinyin, False)),
    "phone": ((Member.phone, False), (Member.name_pinyin, False)),
    "address": ((Member.address, False), (Member.name_pinyin, False)),
    "hamlet": ((Member.hamlet == "", False), (Member.hamlet, False), (Member.name_pinyin, False)),
    "status": ((Member.status, False), (Member.is_flow, False), (Member.name_pinyin, False)),
    "group": ((PartyGroup.sort_order.is_null(), False), (PartyGroup.sort_order, False),
              (PartyGroup.name, False), (Member.name_pinyin, False)),
}


@dataclass(frozen=True)
class MemberFilter:
    text: str = ""
    category: str | None = None          # 正式党员 / 预备党员
    group_id: int | None = None          # 0 = not in any group
    include_former: bool = False
    status: str | None = None            # one status key; "flow": flow members; "flow_pending": their 外出流向 待补
    hamlet: str | None = None            # one 村民小组 as written; "" = not filled in
    sort: str = "name"
    descending: bool = False


def search_member_ids(flt: MemberFilter) -> list[int]:
    """Ordered member ids matching the filter: one SQL query (STYLE.md #2)."""
    query = Member.select(Member.id)
    needs_group = flt.group_id is not None or flt.sort == "group"
    if needs_group:  # the join costs time on every keystroke: only when asked for
        query = join_current_group(query)
    conditions = []
    text = "".join(flt.text.split())
    if text:
        lowered = text.lower()
        term = Member.name.contains(text)
        term = term | (Member.name_initials.startswith(lowered))
        if lowered.isascii() and lowered.isalpha():
            # Full pinyin ("wangj"): it starts with the first initial, so the cheap test on the
            # initials runs first and the costly replace() only for the few rows that pass it.
            full = fn.replace(Member.name_pinyin, " ", "").startswith(lowered)
            term = term | (Member.name_initials.startswith(lowered[0]) & full)
        if any(ch.isdigit() for ch in text):
            upper = text.upper()
            term = term | (Member.phone.contains(text)) | (Member.id_number.endswith(upper))
        if not lowered.isascii():
            term = term | Member.hamlet.contains(text)     # 河东组, 3组
        conditions.append(term)
    if not flt.include_former and flt.status is None:
        conditions.append(Member.status == ACTIVE)
    if flt.status == "flow":
        conditions.append((Member.status == ACTIVE) & (Member.is_flow == True))  # noqa: E712
    elif flt.status == "flow_pending":
        conditions.append((Member.status == ACTIVE) & (Member.is_flow == True)  # noqa: E712
                          & (Member.flow_destination == FLOW_DESTINATION_PENDING))
    elif flt.status == "former":
        conditions.append(Member.status != ACTIVE)
    elif flt.status:
        conditions.append(Member.status == flt.status)
    if flt.category:
        conditions.append(Member.category == flt.category)
    if flt.hamlet is not None:
        conditions.append(Member.hamlet == flt.hamlet)
    if flt.group_id == 0:
        conditions.append(PartyGroup.id.is_null())
    elif flt.group_id is not None:
        conditions.append(PartyGroup.id == flt.group_id)
    for condition in conditions:
        query = query.where(condition)
    columns = SORT_KEYS.get(flt.sort, SORT_KEYS["name"]) + ((Member.id, False),)
    order = [expr.desc() if (reverse != flt.descending) else expr.asc() for expr, reverse in columns]
    sql, params = query.order_by(*order).sql()
    # plain cursor: peewee's row wrappers cost more than the query itself for 20,000 ids
    return [row[0] for row in database_proxy.execute_sql(sql, params).fetchall()]


ROW_FIELDS = (
    "id", "name", "gender", "birth_date", "category", "joined_on", "full_member_on", "phone",
    "address", "status", "is_flow", "flow_destination", "id_number", "education", "ethnicity", "hamlet",
    "month_only",
)


@dataclass(frozen=True)
class MemberRow:
    """What the roster table shows of one member."""

    id: int
    name: str
    gender: str
    age: int | None
    category: str
    joined_on: dt.date | None
    full_member_on: dt.date | None
    phone: str
    address: str
    status: str
    is_flow: bool
    flow_destination: str
    id_number: str | None
    education: str
    ethnicity: str
    group: str | None
    hamlet: str = ""
    month_only: frozenset[str] = frozenset()     # which of the dates are known to the month only


def fetch_rows(ids: list[int], *, today: dt.date | None = None) -> dict[int, MemberRow]:
    """Table rows for the given ids (the table model asks for a page at a time)."""
    if not ids:
        return {}
    today = today or dt.date.today()
    fields = [getattr(Member, name) for name in ROW_FIELDS]
    query = (join_current_group(Member.select(*fields, PartyGroup.name.alias("group_name")))
             .where(Member.id.in_(ids)).dicts())
    rows = {}
    for rec in query:
        rows[rec["id"]] = MemberRow(
            id=rec["id"], name=rec["name"], gender=rec["gender"], age=age_on(rec["birth_date"], today),
            category=rec["category"], joined_on=rec["joined_on"], full_member_on=rec["full_member_on"],
            phone=rec["phone"], address=rec["address"], status=rec["status"], is_flow=bool(rec["is_flow"]),
            flow_destination=rec["flow_destination"], id_number=rec["id_number"], education=rec["education"],
            ethnicity=rec["ethnicity"], group=rec["group_name"], hamlet=rec["hamlet"],
            month_only=frozenset(month_only_fields(rec["month_only"])),
        )
    return rows


@dataclass(frozen=True)
class RosterCounts:
    active: int
    probationary: int
    flow: int
    former: int
    flow_pending: int = 0      # flow members whose 外出流向 is still 待补


def roster_counts() -> RosterCounts:
    """The roster's counts, in one pass over the members (the window asks after every change)."""
    active = Member.status == ACTIVE
    flow = active & (Member.is_flow == True)  # noqa: E712

    def count(condition):
        return fn.COALESCE(fn.SUM(Case(None, [(condition, 1)], 0)), 0)

    row = Member.select(
        count(active), count(active & (Member.category == PROBATIONARY)), count(flow), count(~active),
        count(flow & (Member.flow_destination == FLOW_DESTINATION_PENDING)),
    ).tuples().get()
    return RosterCounts(active=row[0], probationary=row[1], flow=row[2], former=row[3], flow_pending=row[4])


def member_as_json(member: Member, group: str | None) -> dict[str, object]:
    """The object of ``members list --json`` (keys fixed by DESIGN.md): dates 2026-11-23, or
    1968-07 where only the month is known."""
    month_only = month_only_fields(member.month_only)

    def iso(key: str):
        return iso_date(getattr(member, key), key in month_only)

    return {
        "id": member.id,
        "name": member.name,
        "gender": member.gender or None,
        "ethnicity": member.ethnicity or None,
        "id_number": member.id_number,
        "birth_date": iso("birth_date"),
        "education": member.education or None,
        "joined_on": iso("joined_on"),
        "full_member_on": iso("full_member_on"),
        "category": member.category,
        "status": member.status,
        "phone": member.phone or None,
        "address": member.address or None,
        "note": member.note or None,
        "group": group,
        "hamlet": member.hamlet or None,
        "flow": bool(member.is_flow),
        "flow_to": (known_destination(member.flow_destination) or None) if member.is_flow else None,
    }


def names_with_characters(characters) -> list[str]:
    """Names of members (former ones too) that contain any of ``characters``, in pinyin order."""
    chars = [ch for ch in characters if ch]
    if not chars:
        return []
    condition = Member.name.contains(chars[0])
    for ch in chars[1:]:
        condition = condition | Member.name.contains(ch)
    return [name for (name,) in Member.select(Member.name).where(condition)
            .order_by(Member.name_pinyin, Member.id).tuples()]


def hamlet_names() -> list[tuple[str, int]]:
    """The 村民小组 of active members as written, with how many live there, in reading order
    (for the roster's filter; names.reading_order: no pinyin dictionary to load)."""
    counts = (Member.select(Member.hamlet, fn.COUNT(Member.id))
              .where((Member.status == ACTIVE) & (Member.hamlet != "")).group_by(Member.hamlet).tuples())
    return sorted(counts, key=lambda pair: (reading_order(pair[0]), pair[0]))


def list_members_json() -> list[dict[str, object]]:
    query = (join_current_group(Member.select(Member, PartyGroup.name.alias("group_name")))
             .order_by(Member.name_pinyin, Member.id).objects())
    return [member_as_json(m, m.group_name) for m in query]
