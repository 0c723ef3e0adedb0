"""Photos and scans stored with an activity: upright, downscaled, in the data file."""

import datetime as dt
import io

import pytest
from PIL import Image

from dangjian_desktop.core import activities, attachments, attendance, minutes
from dangjian_desktop.core.activities import ActivityInfo
from dangjian_desktop.core.activity_record import activity_record
from dangjian_desktop.core.attendance import LEAVE
from dangjian_desktop.db.models import Attachment
from dangjian_desktop.errors import UserError
from tests.activity_branch import make_branch

TODAY = dt.date(2026, 11, 26)


def _image(size, mode="RGB", color=(200, 30, 30), fmt="JPEG", exif_orientation=None) -> bytes:
    image = Image.new(mode, size, color)
    out = io.BytesIO()
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def _activity():
    make_branch()
    return activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 10, 10))).id


def test_big_photo_is_downscaled_to_jpeg_with_a_thumbnail(opened):
    aid = _activity()
    att_id = attachments.add_attachment(aid, _image((4000, 3000)), "IMG_0001.PNG", caption="重温入党誓词")
    row = Attachment.get_by_id(att_id)
    assert (row.width, row.height, row.mime, row.filename) == (1600, 1200, "image/jpeg", "IMG_0001.jpg")
    stored = Image.open(io.BytesIO(attachments.attachment_data(att_id)))
    assert stored.format == "JPEG" and stored.size == (1600, 1200)
    thumb = Image.open(io.BytesIO(attachments.thumbnail(att_id)))
    assert max(thumb.size) == 240
    assert row.size == len(row.data) < 400_000
    record = activity_record(aid)
    assert [(a.caption, a.width) for a in record.attachments] == [("重温入党誓词", 1600)]


def test_scanned_sheet_keeps_more_pixels_and_stays_greyscale(opened):
    aid = _activity()
    att_id = attachments.add_attachment(aid, _image((3508, 2480), "L", 230), "签到表.png", kind="签到表")
    row = Attachment.get_by_id(att_id)
    assert (row.width, row.height) == (2200, 1555)
    assert Image.open(io.BytesIO(bytes(row.data))).mode == "L"


def test_photo_taken_sideways_is_turned_upright(opened):
    aid = _activity()
    att_id = attachments.add_attachment(aid, _image((800, 600), exif_orientation=6), "phone.jpg")
    row = Attachment.get_by_id(att_id)
    assert (row.width, row.height) == (600, 800)


def test_transparent_png_gets_a_white_background(opened):
    aid = _activity()
    att_id = attachments.add_attachment(aid, _image((50, 50), "RGBA", (0, 0, 0, 0), fmt="PNG"), "logo.png")
    pixel = Image.open(io.BytesIO(attachments.attachment_data(att_id))).convert("RGB").getpixel((25, 25))
    assert min(pixel) > 245


def test_pdf_scan_is_kept_as_it_is(opened):
    aid = _activity()
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    att_id = attachments.add_attachment(aid, pdf, "签到表.pdf", kind="签到表")
    assert attachments.attachment_data(att_id) == pdf
    assert Attachment.get_by_id(att_id).mime == "application/pdf"


def test_not_an_image_is_refused_in_plain_words(opened, tmp_path):
    aid = _activity()
    with pytest.raises(UserError, match="不是能识别的图片"):
        attachments.add_attachment(aid, b"hello", "note.jpg")
    text = tmp_path / "note.txt"
    text.write_text("hello")
    with pytest.raises(UserError, match="只能添加照片"):
        attachments.add_attachment_file(aid, text)
    assert Attachment.select().count() == 0


def test_attachments_of_a_finalised_record_are_kept(opened):
    branch = make_branch()
    a = activities.create(ActivityInfo(kind="theme_day", date=dt.date(2026, 10, 10), chair_id=branch.full[0],
                                       recorder_id=branch.full[1]))
    activities.mark_held(a.id, today=TODAY)
    attendance.mark_rest_present(a.id)
    attendance.set_attendance(a.id, branch.full[2], LEAVE, "生病")
    content = minutes.template("theme_day")
    content.summary = "好"
    minutes.save(a.id, content)
    att_id = attachments.add_attachment(a.id, _image((100, 100)), "a.jpg")
    minutes.finalize(a.id, today=TODAY)
    with pytest.raises(UserError, match="已经定稿"):
        attachments.remove_attachment(att_id)
    # A signed sheet scanned later can still be added.
    attachments.add_attachment(a.id, _image((100, 100)), "b.jpg", kind="签到表")
    assert len(attachments.attachments(a.id)) == 2
