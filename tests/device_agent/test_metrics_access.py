"""/metrics answers loopback scrapers without a token and everyone else only with it;
behind nginx (proxy_hops) the address judged is the forwarded client's."""

from __future__ import annotations

import pytest

from server_room import create_app


def metrics_app(data_dir, hops: int = 0, token: str = ""):
    return create_app(
        {
            "DATA_DIR": str(data_dir),
            "SYNC_KEYS_DIR": str(data_dir / "keys"),
            "SECURE_COOKIES": False,
            "TESTING": True,
            "PROXY_HOPS": hops,
            "FLEET_METRICS_TOKEN": token,
        }
    )


def scrape(app, address: str, forwarded_for: str | None = None, token: str | None = None):
    headers = {}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    if token:
        headers["Authorization"] = f"Bearer {token}"
    client = app.test_client()
    return client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.53", "::1"])
def test_without_a_token_a_loopback_scraper_gets_the_metrics(data_dir, address):
    answer = scrape(metrics_app(data_dir), address)
    assert answer.status_code == 200
    assert "infomat_device_up" in answer.get_data(as_text=True)


@pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.5", "::ffff:203.0.113.9", "junk"])
def test_without_a_token_any_other_address_is_refused(data_dir, address):
    answer = scrape(metrics_app(data_dir), address)
    assert answer.status_code == 403
    assert "infomat_device_up" not in answer.get_data(as_text=True)


def test_a_proxied_request_is_not_loopback_even_when_proxy_hops_is_unset(data_dir):
    answer = scrape(metrics_app(data_dir), "127.0.0.1", forwarded_for="203.0.113.9")
    assert answer.status_code == 403


@pytest.mark.parametrize(("forwarded_for", "status"), [("203.0.113.9", 403), ("127.0.0.1", 200)])
def test_behind_nginx_the_forwarded_address_is_judged(data_dir, forwarded_for, status):
    app = metrics_app(data_dir, hops=1)
    assert scrape(app, "127.0.0.1", forwarded_for=forwarded_for).status_code == status


def test_with_a_token_everyone_needs_it_and_it_opens_metrics_from_anywhere(data_dir):
    app = metrics_app(data_dir, token="scrape-secret")
    assert scrape(app, "127.0.0.1").status_code == 401
    assert scrape(app, "203.0.113.9", token="wrong").status_code == 401
    assert scrape(app, "203.0.113.9", token="scrape-secret").status_code == 200
