"""After login the browser goes only to a path on this site, whatever `next` says."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, csrf_token


def log_in_with_next(client, target: str):
    return client.post(
        "/login",
        data={
            "username": "admin",
            "password": PASSWORD,
            "next": target,
            "csrf_token": csrf_token(client),
        },
    )


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\nSet-Cookie: x=1",
        "\t//evil.example",
        " //evil.example",
        "/\x00/evil.example",
        "/\x7f/evil.example",
        "///evil.example",
        "javascript:alert(1)",
        "/%0a/x\n",
        "evil.example",
        "",
    ],
)
def test_next_that_is_not_a_plain_path_on_this_site_sends_the_admin_home(client, target):
    response = log_in_with_next(client, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/"


@pytest.mark.parametrize(
    "target",
    ["/editor/", "/editor/news/?status=draft", "/fleet/devices/kiosk-04", "/admin/users/#x"],
)
def test_next_that_is_a_path_on_this_site_is_followed(client, target):
    response = log_in_with_next(client, target)
    assert response.headers["Location"] == target


def test_the_login_page_sends_anonymous_visitors_back_where_they_were(client):
    response = client.get("/editor/news/?status=draft")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert log_in_with_next(client, "/editor/news/?status=draft").headers["Location"] == (
        "/editor/news/?status=draft"
    )
