"""The portal's skeleton: the home page in every language, the admin still reachable."""

import pytest


@pytest.mark.parametrize("path", ["/?lang=pl", "/en/", "/uk/"])
def test_the_home_page_renders_for_an_anonymous_visitor(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "/deklaracja-dostepnosci" in response.get_data(as_text=True)


def test_the_editors_panel_is_linked_from_every_page(client):
    assert 'href="/editor/"' in client.get("/?lang=pl").get_data(as_text=True)
