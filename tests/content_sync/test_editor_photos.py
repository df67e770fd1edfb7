"""An editor's photo is checked at once, kept across form errors by a reference only its
uploader may use, described for blind readers, and flagged when too small for a kiosk."""

from __future__ import annotations

import io
import re

import pytest

from content_sync import store
from tests.conftest import csrf_token
from tests.content_sync.test_media import image_bytes

ALT = {"image_alt.pl": "Nowy asfalt na drodze do Garbowa"}


def post_news(client, form: dict, image: bytes | None = None):
    data = form | {"csrf_token": csrf_token(client, "/editor/")}
    if image is not None:
        data["image"] = (io.BytesIO(image), "zdjecie.jpg")
    return client.post("/editor/news/new", data=data, content_type="multipart/form-data")


def error_summary(page: str) -> str:
    return page.split('class="error"')[1].split("</div>")[0]


def pending_id(page: str) -> str:
    match = re.search(r'name="image_pending" value="(\d+)"', page)
    assert match, "the form does not carry the chosen photo"
    return match.group(1)


def created_item(content_db, response) -> store.Item:
    assert response.status_code == 302, response.get_data(as_text=True)
    return store.get_item(content_db, int(response.headers["Location"].split("/")[-2]))


def test_a_broken_image_and_a_missing_title_are_reported_together_on_the_first_post(
    login, valid_form
):
    client = login("ed-garbow")
    form = valid_form("news", channel="garbow", **{"title.pl": ""}) | ALT
    response = post_news(client, form, b"GIF89a not really an image")
    assert response.status_code == 400
    summary = error_summary(response.get_data(as_text=True))
    assert "Tytuł" in summary and "To pole jest wymagane" in summary
    assert "To nie jest obraz JPEG, PNG ani WebP" in summary


def test_a_good_photo_is_kept_when_the_form_comes_back_with_an_error(login, valid_form, content_db):
    client = login("ed-garbow")
    form = valid_form("news", channel="garbow") | ALT
    first = post_news(client, form | {"title.pl": ""}, image_bytes())
    assert first.status_code == 400
    kept = pending_id(first.get_data(as_text=True))
    second = post_news(client, form | {"image_pending": kept})
    assert created_item(content_db, second).draft["image"] == int(kept)


@pytest.mark.parametrize(
    ("uploader", "channel"),
    [("ed-konopnica", "konopnica"), ("admin", "garbow")],
    ids=["another-office", "same-office-another-user"],
)
def test_another_users_upload_cannot_be_claimed_by_its_id(
    login, valid_form, content_db, uploader, channel
):
    theirs = post_news(
        login(uploader),
        valid_form("news", channel=channel, **{"title.pl": ""}) | ALT,
        image_bytes(),
    )
    forged = pending_id(theirs.get_data(as_text=True))
    garbow = login("ed-garbow")
    before = content_db["items"].count
    response = post_news(
        garbow, valid_form("news", channel="garbow") | ALT | {"image_pending": forged}
    )
    assert response.status_code == 400
    assert "wybierz je ponownie" in error_summary(response.get_data(as_text=True))
    assert content_db["items"].count == before


def test_a_photo_without_a_description_is_refused(login, valid_form, content_db):
    client = login("ed-garbow")
    before = content_db["items"].count
    response = post_news(client, valid_form("news", channel="garbow"), image_bytes())
    assert response.status_code == 400
    assert "Opis zdjęcia" in error_summary(response.get_data(as_text=True))
    assert content_db["items"].count == before


def test_a_photo_narrower_than_the_kiosk_screen_is_saved_with_a_warning(
    login, valid_form, content_db
):
    client = login("ed-garbow")
    response = post_news(
        client, valid_form("news", channel="garbow") | ALT, image_bytes(size=(600, 400))
    )
    assert created_item(content_db, response).draft["image"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "600 px" in page and "1080 px" in page


def test_a_photo_as_wide_as_the_kiosk_screen_gets_no_warning(login, valid_form, content_db):
    client = login("ed-garbow")
    response = post_news(client, valid_form("news", channel="garbow") | ALT, image_bytes())
    created_item(content_db, response)
    assert "1080 px" not in client.get(response.headers["Location"]).get_data(as_text=True)
