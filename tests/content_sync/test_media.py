"""Uploaded images are proven real, stripped of EXIF, resized and served by hash."""

from __future__ import annotations

import gc
import io
import json

import pytest
from PIL import Image

from content_sync import store
from tests.conftest import csrf_token


def image_bytes(fmt: str = "JPEG", size=(2400, 1600), exif_gps: bool = True) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    buffer = io.BytesIO()
    kwargs = {}
    if exif_gps and fmt == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (51.0, 21.0, 0.0)}  # GPS info
        kwargs["exif"] = exif
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def upload_news(client, valid_form, payload: bytes, filename: str):
    form = valid_form("news", channel="garbow") | {
        "image_alt.pl": "Droga w Garbowie",
        "csrf_token": csrf_token(client, "/editor/"),
        "image": (io.BytesIO(payload), filename),
    }
    return client.post("/editor/news/new", data=form, content_type="multipart/form-data")


def test_a_photo_is_stored_as_exif_free_renditions_for_kiosk_phone_and_thumbnail(
    login, valid_form, content_db, data_dir
):
    client = login("ed-garbow")
    original = image_bytes()
    assert b"PhoneMaker" in original
    response = upload_news(client, valid_form, original, "zdjecie.jpg")
    assert response.status_code == 302
    item_id = int(response.headers["Location"].split("/")[-2])
    media_id = store.get_item(content_db, item_id).draft["image"]
    renditions = json.loads(content_db["media"].get(media_id)["renditions"])
    assert {name: max(r["width"], r["height"]) for name, r in renditions.items()} == {
        "kiosk": 1920,
        "phone": 800,
        "thumb": 320,
    }
    for rendition in renditions.values():
        stored = (data_dir / "media" / f"{rendition['sha256']}.jpg").read_bytes()
        assert b"PhoneMaker" not in stored
        assert not Image.open(io.BytesIO(stored)).getexif()
        with client.get(f"/media/{rendition['sha256']}.jpg") as served:
            assert served.data == stored
            assert "immutable" in served.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("payload", "filename", "message"),
    [
        (b"%PDF-1.7 not an image at all", "cv.jpg", "To nie jest obraz"),
        (b"GIF89a" + b"\0" * 100, "anim.gif", "To nie jest obraz"),
        (image_bytes()[:400], "cut.jpg", "To nie jest obraz"),
        (image_bytes("GIF", (64, 64)), "real.gif", "nie jest obsługiwany"),
        (image_bytes("BMP", (64, 64)), "real.bmp", "nie jest obsługiwany"),
        (image_bytes("PNG", (8, 8)), "tiny.png", "za mały"),
    ],
)
def test_files_that_are_not_accepted_images_are_refused_and_nothing_is_stored(
    login, valid_form, content_db, payload, filename, message
):
    client = login("ed-garbow")
    before = (content_db["items"].count, content_db["media"].count)
    response = upload_news(client, valid_form, payload, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert (content_db["items"].count, content_db["media"].count) == before


def test_an_oversized_upload_is_refused_with_a_message(app, login, valid_form, content_db):
    app.config["MAX_UPLOAD_BYTES"] = 50_000
    client = login("ed-garbow")
    before = content_db["items"].count
    response = upload_news(
        client, valid_form, image_bytes(size=(1500, 1500)) + b"\0" * 60_000, "a.jpg"
    )
    assert response.status_code == 400
    assert "za duży" in response.get_data(as_text=True)
    assert content_db["items"].count == before


# Werkzeug leaves the spooled temporary file of an aborted upload for the garbage
# collector; collect it here so its ResourceWarning is not blamed on the next test.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_a_request_beyond_the_body_limit_gets_a_polish_413_page(app, login, valid_form):
    client = login("ed-garbow")
    huge = b"\0" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = upload_news(client, valid_form, huge, "huge.jpg")
    assert response.status_code == 413
    assert "za duży" in response.get_data(as_text=True)
    del response
    gc.collect()


def test_a_decompression_bomb_is_refused(login, valid_form, content_db):
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")
    response = upload_news(login("ed-garbow"), valid_form, buffer.getvalue(), "bomb.png")
    assert response.status_code == 400
    assert "megapikseli" in response.get_data(as_text=True)


def test_media_names_that_are_not_hashes_are_not_served(client):
    assert client.get("/media/..%2Fcontent.db").status_code == 404
    assert client.get("/media/secret_key").status_code == 404
