"""The composed server-room app: health, the front page, unknown pages."""

from __future__ import annotations


def test_healthz_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_the_front_page_is_the_residents_portal_and_links_the_editors_panel(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/editor/"' in response.get_data(as_text=True)
    editors = client.get("/editor/", follow_redirects=True)
    assert "Logowanie" in editors.get_data(as_text=True)


def test_an_unknown_page_is_a_polish_404_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Nie ma takiej strony" in response.get_data(as_text=True)
