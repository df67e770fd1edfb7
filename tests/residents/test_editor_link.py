"""Editors open a published item's portal page straight from the editor."""

from __future__ import annotations

from content_sync import store


def published_in(content_db, type_name, channel):
    return next(
        i for i in store.list_items(content_db, type_name, [channel]) if i.published is not None
    )


def test_a_published_item_links_to_its_portal_page_from_the_form_and_the_list(login, content_db):
    editor = login("ed-garbow")
    news = published_in(content_db, "news", "garbow")
    form = editor.get(f"/editor/news/{news.id}/edit").get_data(as_text=True)
    assert f'href="/aktualnosci/{news.id}">Zobacz na portalu' in form
    assert f'href="/aktualnosci/{news.id}">na portalu' in editor.get("/editor/news/").get_data(
        as_text=True
    )
    assert editor.get(f"/aktualnosci/{news.id}").status_code == 200


def test_a_draft_has_no_portal_link(login, add_item):
    draft = add_item("news", "garbow", published=False)
    form = login("ed-garbow").get(f"/editor/news/{draft.id}/edit").get_data(as_text=True)
    assert "Zobacz na portalu" not in form


def test_a_location_links_to_its_qr_page_which_has_no_portal_page_of_its_own(login, content_db):
    location = published_in(content_db, "location", "garbow")
    form = login("ed-garbow").get(f"/editor/location/{location.id}/edit").get_data(as_text=True)
    assert f'href="/p/location/{location.id}">Zobacz na portalu' in form
