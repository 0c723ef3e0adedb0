"""The scans in a recruit's file (入党申请书, 谈话记录, 考察材料, 政审材料, 培训证书, 入党志愿书 …),
shrunk and stored in the data file like a meeting's attachments (core.attachments)."""

from __future__ import annotations

from dataclasses import dataclass

from dangjian_desktop.core.attachments import NewAttachment
from dangjian_desktop.core.changes import by_id, named
from dangjian_desktop.db.models import RecruitAttachment
from dangjian_desktop.errors import UserError

FILE_KINDS = ("入党申请书", "谈话记录", "考察材料", "政审材料", "培训证书", "入党志愿书", "其他")


@dataclass(frozen=True)
class RecruitFileRecord:
    id: int
    kind: str
    caption: str
    filename: str
    mime: str
    size: int


def _label(ids, recruit_id, ready, *_a, kind: str = "其他", **_k) -> str:
    return f"添加{kind}“{ready[0].filename}”" if len(ready) == 1 else f"添加 {len(ready)} 份{kind}"


@named(_label, creates=lambda ids: [(RecruitAttachment, ids)])
def store_files(recruit_id: int, ready: list[NewAttachment], *, kind: str = "其他", caption: str = "") -> list[int]:
    """Store prepared scans (core.attachments.prepare_files with kind="签到表": scan size) in the file."""
    from dangjian_desktop.core.recruits import get_recruit

    get_recruit(recruit_id)
    if kind not in FILE_KINDS:
        kind = "其他"
    return [RecruitAttachment.create(recruit=recruit_id, kind=kind, caption=caption.strip(), filename=r.filename,
                                     **r.values).id for r in ready]


def files(recruit_id: int) -> list[RecruitFileRecord]:
    rows = (RecruitAttachment.select(RecruitAttachment.id, RecruitAttachment.kind, RecruitAttachment.caption,
                                     RecruitAttachment.filename, RecruitAttachment.mime, RecruitAttachment.size)
            .where(RecruitAttachment.recruit == recruit_id).order_by(RecruitAttachment.id))
    return [RecruitFileRecord(r.id, r.kind, r.caption, r.filename, r.mime, r.size) for r in rows]


def file_data(file_id: int) -> bytes:
    row = RecruitAttachment.get_or_none(RecruitAttachment.id == file_id)
    if row is None:
        raise UserError("这份材料已经不存在了。")
    return bytes(row.data)


def thumbnail(file_id: int) -> bytes | None:
    row = RecruitAttachment.select(RecruitAttachment.thumbnail).where(RecruitAttachment.id == file_id).first()
    return bytes(row.thumbnail) if row and row.thumbnail else None


@named(lambda name, *_a, **_k: f"删除材料“{name}”", scope=lambda file_id: [by_id(RecruitAttachment, [file_id])])
def remove_file(file_id: int) -> str:
    row = RecruitAttachment.get_or_none(RecruitAttachment.id == file_id)
    if row is None:
        return ""
    name = row.filename
    row.delete_instance()
    return name
