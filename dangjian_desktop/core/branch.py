"""The branch's own facts and its committee (支委); its settings are core.settings'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core import settings
from dangjian_desktop.core.changes import Scope, by_id, named, rows_of
from dangjian_desktop.core.roles import SECRETARY, committee_problem, member_facts
from dangjian_desktop.core.vocab import COMMITTEE_POSTS
from dangjian_desktop.db.models import Activity, Branch, CommitteePost, Member, Setting, database_proxy
from dangjian_desktop.errors import UserError, ValidationError


def get_branch() -> Branch | None:
    return Branch.select().order_by(Branch.id).first()


def is_empty() -> bool:
    """True for a database with no branch and no members (the demo may fill it)."""
    return get_branch() is None and not Member.select().exists()


# The longest texts the branch's facts take, in characters.
FIELD_MAX_LENGTH = {"name": 60, "parent_org": 60, "secretary_name": 30, "address": 100, "phone": 30}
FIELD_NAMES = {"name": "支部名称", "parent_org": "上级党组织", "secretary_name": "书记", "address": "地址",
               "phone": "联系电话"}


@dataclass
class BranchInfo:
    name: str
    parent_org: str = ""
    secretary_name: str = ""
    founded_on: dt.date | None = None
    address: str = ""
    phone: str = ""


@named("保存支部信息", scope=lambda info: [Scope(Branch)])
def save_branch(info: BranchInfo) -> Branch:
    problems = {}
    name = info.name.strip()
    if not name:
        problems["name"] = "请填写支部名称，例如“东坡村党支部”。"
    if info.founded_on and info.founded_on > dt.date.today():
        problems["founded_on"] = "成立日期在今天之后，请核对。"
    for key, limit in FIELD_MAX_LENGTH.items():
        length = len(getattr(info, key).strip())
        if length > limit:
            problems[key] = f"{FIELD_NAMES[key]}太长了（{length} 个字），请不超过 {limit} 个字。"
    if problems:
        raise ValidationError(problems)
    branch = get_branch() or Branch(name=name)
    branch.name = name
    branch.parent_org = info.parent_org.strip()
    branch.secretary_name = info.secretary_name.strip()
    branch.founded_on = info.founded_on
    branch.address = info.address.strip()
    branch.phone = info.phone.strip()
    branch.save()
    return branch


@named("保存支部设置", scope=lambda info, rules: [Scope(Branch), rows_of(Setting, Setting.key, list(rules))])
def save_branch_settings(info: BranchInfo, rules: dict[str, object]) -> Branch:
    """支部设置's 保存: the branch's facts and its rules (core.settings) together; nothing is
    saved when either is refused (problems are keyed by field or by setting)."""
    problems: dict[str, str] = {}
    try:
        branch = save_branch(info)
    except ValidationError as exc:
        problems.update(exc.problems)
    try:
        settings.put_many(rules)
    except ValidationError as exc:
        problems.update(exc.problems)
    if problems:
        raise ValidationError(problems)
    return branch


# --- since when the branch keeps its records here ----------------------------------------------------

STARTED_USING = "started_using_on"


def _first_day_of_data() -> dt.date | None:
    """The earliest day the data know of: a member or activity first written, or the first
    activity held (a meeting recorded afterwards for its own, earlier day)."""
    days: list[dt.date] = []
    for model in (Member, Activity):
        first = model.select(model.created_at).order_by(model.created_at).first()
        if first is not None and first.created_at is not None:
            days.append(first.created_at.date())
    held = (Activity.select(Activity.date).where(Activity.status != "planned")
            .order_by(Activity.date).first())
    if held is not None:
        days.append(held.date)
    return min(days) if days else None


def started_using_on(*, today: dt.date | None = None) -> dt.date | None:
    """The day the branch started using the program, or None when the data do not say.

    Set by the first start (:func:`begin_using`). A data file from before that setting takes
    the earliest day of its data and keeps it, so that a meeting recorded later for an earlier
    day does not move it. A day after ``today`` (a clock set back) is not trusted: None."""
    today = today or dt.date.today()
    started = settings.get(STARTED_USING)
    if started is None:
        started = _first_day_of_data()
        if started is None:
            return None
        settings.put(STARTED_USING, started)
    return started if started <= today else None


def begin_using(info: BranchInfo, *, today: dt.date | None = None) -> Branch:
    """首次使用's 开始使用: save the branch's facts; its 书记 holds the committee seat 书记 (by name
    until the roster has the member: core.roles.committee_seats links them); from today on the
    branch keeps its records here."""
    with database_proxy.atomic():
        branch = save_branch(info)
        name = branch.secretary_name
        if name and not CommitteePost.select().where(CommitteePost.post == SECRETARY).exists():
            CommitteePost.create(post=SECRETARY, person_name=name, sort_order=0)
        if settings.get(STARTED_USING) is None:
            settings.put(STARTED_USING, _first_day_of_data() or today or dt.date.today())
    return branch


def branch_info() -> BranchInfo | None:
    branch = get_branch()
    if branch is None:
        return None
    return BranchInfo(branch.name, branch.parent_org, branch.secretary_name, branch.founded_on,
                      branch.address, branch.phone)


# --- committee ---------------------------------------------------------------------------------

@dataclass
class PostInfo:
    post: str
    member_id: int | None = None
    person_name: str = ""
    term_start: dt.date | None = None
    term_end: dt.date | None = None


def committee_posts() -> list[CommitteePost]:
    order = {post: i for i, post in enumerate(COMMITTEE_POSTS)}
    posts = list(CommitteePost.select())
    return sorted(posts, key=lambda p: (order.get(p.post, 99), p.sort_order, p.id))


def get_post(post_id: int) -> CommitteePost:
    post = CommitteePost.get_or_none(CommitteePost.id == post_id)
    if post is None:
        raise UserError("这条支委记录已经不存在了。")
    return post


def holder_name(post: CommitteePost) -> str:
    return post.member.name if post.member_id else post.person_name


def _post_label(post: CommitteePost, *_args, **_kwargs) -> str:
    return f"保存支委“{post.post} {holder_name(post)}”"


@named(_post_label, scope=lambda info, post_id=None: [by_id(CommitteePost, [post_id] if post_id else []), Scope(Branch)],
       creates=lambda post: [(CommitteePost, [post.id])])
def save_post(info: PostInfo, post_id: int | None = None) -> CommitteePost:
    problems = {}
    if not info.post.strip():
        problems["post"] = "请选择职务。"
    if info.member_id is None and not info.person_name.strip():
        problems["member"] = "请选择担任这个职务的党员。"
    if info.term_start and info.term_end and info.term_end <= info.term_start:
        problems["term_end"] = "任期结束日期应在开始日期之后。"
    if info.member_id is not None:
        member = Member.get_or_none(Member.id == info.member_id)
        problem = committee_problem(member_facts(member) if member else None)
        if problem:
            problems["member"] = problem
    if problems:
        raise ValidationError(problems)
    post = CommitteePost.get_by_id(post_id) if post_id else CommitteePost()
    post.post = info.post.strip()
    post.member = info.member_id
    post.person_name = "" if info.member_id else info.person_name.strip()
    post.term_start = info.term_start
    post.term_end = info.term_end
    post.save()
    if post.post == "书记":
        branch = get_branch()
        if branch is not None:
            branch.secretary_name = holder_name(post)
            branch.save()
    return post


@named(lambda text, *_a, **_k: f"删除支委“{text}”", scope=lambda post_id: [by_id(CommitteePost, [post_id])])
def remove_post(post_id: int) -> str:
    """Remove a committee seat (the member's own record is untouched); returns what it was."""
    post = get_post(post_id)
    text = f"{post.post} {holder_name(post)}"
    post.delete_instance()
    return text
