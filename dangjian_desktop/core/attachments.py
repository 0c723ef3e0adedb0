"""Photos and scanned signed sheets of an activity, kept inside the data file (so a backup
holds them). Images are turned upright, downscaled and stored as JPEG with a small thumbnail;
PDF scans are kept as they are. Uses Pillow, not Qt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from dangjian_desktop.core import activities
from dangjian_desktop.core.changes import by_id, named
from dangjian_desktop.db.models import Attachment
from dangjian_desktop.errors import UserError, os_error_text

ATTACHMENT_KINDS = ("照片", "签到表", "其他")
PHOTO_MAX_SIDE = 1600        # a meeting photo: enough to see faces on a printed page
SCAN_MAX_SIDE = 2200         # a scanned A4 sheet: signatures stay legible (about 190 dpi)
THUMB_SIDE = 240
JPEG_QUALITY = 85
MAX_INPUT_BYTES = 40 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp")
ACCEPTED_SUFFIXES = IMAGE_SUFFIXES + (".pdf",)

MAX_IMAGE_PIXELS = 120_000_000   # refuse "decompression bomb" files, allow 100 MP cameras


def _pil():
    """Pillow, loaded when a picture is first prepared (not when the program starts)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    return Image, ImageOps, UnidentifiedImageError


@dataclass(frozen=True)
class AttachmentRecord:
    id: int
    kind: str                # 照片 / 签到表 / 其他
    caption: str
    filename: str
    mime: str
    width: int | None
    height: int | None
    size: int


@dataclass(frozen=True)
class PreparedImage:
    data: bytes
    mime: str
    width: int
    height: int
    thumbnail: bytes


def _jpeg(image, quality: int = JPEG_QUALITY) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _flatten(image):
    """RGB on white (transparent PNGs become white, not black); greyscale scans stay greyscale."""
    Image, _ops, _unidentified = _pil()
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("1", "I;16", "I"):
        return image.convert("L")
    return image.convert("RGB")


def prepare_image(data: bytes, max_side: int = PHOTO_MAX_SIDE) -> PreparedImage:
    """Upright (EXIF), at most ``max_side`` pixels on the long side, JPEG; plus a thumbnail."""
    Image, ImageOps, UnidentifiedImageError = _pil()
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise UserError("这个文件不是能识别的图片，或者已经损坏。请选择 JPG、PNG 等格式的照片或扫描件。") from exc
    image = _flatten(image)
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    stored = _jpeg(image)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return PreparedImage(stored, "image/jpeg", image.width, image.height, _jpeg(thumb, 80))


@dataclass(frozen=True)
class NewAttachment:
    """A photo or scan made ready to store (shrunk, thumbnailed): the slow part, done before the
    short transaction that stores it."""

    kind: str
    filename: str
    values: dict


def prepare_attachment(data: bytes, filename: str, *, kind: str = "照片") -> NewAttachment:
    """Check and shrink one file's contents (no database work)."""
    if kind not in ATTACHMENT_KINDS:
        kind = "其他"
    if len(data) > MAX_INPUT_BYTES:
        raise UserError("这个文件太大了（超过 40 MB），请换一张照片或用手机重新拍一张。")
    if not data:
        raise UserError("这个文件是空的，请重新选择。")
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        if len(data) > MAX_PDF_BYTES:
            raise UserError("这个 PDF 文件太大了（超过 20 MB），请扫描成图片后再添加。")
        values = {"data": data, "mime": "application/pdf", "thumbnail": None, "width": None, "height": None,
                  "size": len(data)}
    else:
        prepared = prepare_image(data, PHOTO_MAX_SIDE if kind == "照片" else SCAN_MAX_SIDE)
        values = {"data": prepared.data, "mime": prepared.mime, "thumbnail": prepared.thumbnail,
                  "width": prepared.width, "height": prepared.height, "size": len(prepared.data)}
    name = Path(filename).name
    if values["mime"] == "image/jpeg":
        name = str(Path(name).with_suffix(".jpg"))
    return NewAttachment(kind, name, values)


def _read_file(path: Path) -> bytes:
    if path.suffix.lower() not in ACCEPTED_SUFFIXES:
        raise UserError("只能添加照片（JPG、PNG 等）或 PDF 扫描件。")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{path.name}”：{os_error_text(exc)}。") from exc


def prepare_files(paths: list[Path | str], *, kind: str = "照片", progress=None,
                  ) -> tuple[list[NewAttachment], list[str]]:
    """Read and shrink several files; a file that cannot be used is left out and said why
    (returns the ready ones and one Chinese line per file left out)."""
    ready, skipped = [], []
    for index, raw in enumerate(paths):
        path = Path(raw)
        if progress is not None:
            progress(index, len(paths), f"正在缩小第 {index + 1} 张（共 {len(paths)} 张）…")
        try:
            ready.append(prepare_attachment(_read_file(path), path.name, kind=kind))
        except UserError as exc:
            skipped.append(f"“{path.name}”没有添加：{exc}")
    return ready, skipped


def _store_label(ids, activity_id, ready, *_a, **_k) -> str:
    noun = "照片" if all(r.kind == "照片" for r in ready) else "附件"
    return f"添加{noun}“{ready[0].filename}”" if len(ready) == 1 else f"添加 {len(ready)} 张{noun}"


@named(_store_label, creates=lambda ids: [(Attachment, ids)], guard=activities.editable_guard)
def store_attachments(activity_id: int, ready: list[NewAttachment], *, caption: str = "") -> list[int]:
    """Store prepared photos or scans with an activity (one change); returns their ids. A signed
    sheet scanned after 定稿 may still be added (it is then part of the record, never removed)."""
    activities.get(activity_id)
    return [Attachment.create(activity=activity_id, kind=r.kind, caption=caption.strip(), filename=r.filename,
                              **r.values).id for r in ready]


def add_attachment(activity_id: int, data: bytes, filename: str, *, kind: str = "照片", caption: str = "") -> int:
    """Check, shrink and store one photo or scan; returns the attachment id."""
    activities.get(activity_id)
    return store_attachments(activity_id, [prepare_attachment(data, filename, kind=kind)], caption=caption)[0]


def add_attachment_file(activity_id: int, path: Path | str, *, kind: str = "照片", caption: str = "") -> int:
    path = Path(path)
    return add_attachment(activity_id, _read_file(path), path.name, kind=kind, caption=caption)


def attachments(activity_id: int) -> list[AttachmentRecord]:
    """The activity's attachments (without their data), oldest first."""
    rows = (Attachment.select(Attachment.id, Attachment.kind, Attachment.caption, Attachment.filename,
                              Attachment.mime, Attachment.width, Attachment.height, Attachment.size)
            .where(Attachment.activity == activity_id).order_by(Attachment.id))
    return [AttachmentRecord(r.id, r.kind, r.caption, r.filename, r.mime, r.width, r.height, r.size) for r in rows]


def attachment_data(attachment_id: int) -> bytes:
    row = Attachment.get_or_none(Attachment.id == attachment_id)
    if row is None:
        raise UserError("这个附件已经不存在了。")
    return bytes(row.data)


def thumbnail(attachment_id: int) -> bytes | None:
    row = Attachment.select(Attachment.thumbnail).where(Attachment.id == attachment_id).first()
    return bytes(row.thumbnail) if row and row.thumbnail else None


def _activity_of(attachment_id: int) -> int | None:
    row = Attachment.select(Attachment.activity).where(Attachment.id == attachment_id).first()
    return row.activity_id if row else None


@named(lambda name, *_a, **_k: f"删除附件“{name}”", scope=lambda attachment_id: [by_id(Attachment, [attachment_id])],
       guard=lambda attachment_id: activities.editable_guard(_activity_of(attachment_id)))
def remove_attachment(attachment_id: int) -> str:
    """Remove an attachment; those of a finalised record are kept (they are part of it).
    Returns its file name."""
    row = Attachment.select(Attachment.id, Attachment.activity, Attachment.filename).where(
        Attachment.id == attachment_id).first()
    if row is None:
        return ""
    activities.check_editable(activities.get(row.activity_id))
    Attachment.delete().where(Attachment.id == attachment_id).execute()
    return row.filename
