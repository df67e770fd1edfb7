"""/metrics answers loopback scrapers without a token and everyone else only with it;
behind nginx (proxy_hops) the address judged is the forwarded client's."""

from __future__ import annotations

import pytest


@pytest.fixture
def metrics_app(make_app):
    """Factory: the server room behind `hops` proxies, /metrics guarded by `token` if any."""

    def make(hops: int = 0, token: str = ""):
        return make_app(PROXY_HOPS=hops, FLEET_METRICS_TOKEN=token)

    return make


def scrape(app, address: str, forwarded_for: str | None = None, token: str | None = None):
    headers = {}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    if token:
        headers["Authorization"] = f"Bearer {token}"
    client = app.test_client()
    return client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.53", "::1"])
def test_without_a_token_a_loopback_scraper_gets_the_metrics(metrics_app, address):
    answer = scrape(metrics_app(), address)
    assert answer.status_code == 200
    assert "infomat_device_up" in answer.get_data(as_text=True)


@pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.5", "::ffff:203.0.113.9", "junk"])
def test_without_a_token_any_other_address_is_refused(metrics_app, address):
    answer = scrape(metrics_app(), address)
    assert answer.status_code == 403
    assert "infomat_device_up" not in answer.get_data(as_text=True)


def test_a_proxied_request_is_not_loopback_even_when_proxy_hops_is_unset(metrics_app):
    answer = scrape(metrics_app(), "127.0.0.1", forwarded_for="203.0.113.9")
    assert answer.status_code == 403


@pytest.mark.parametrize(("forwarded_for", "status"), [("203.0.113.9", 403), ("127.0.0.1", 200)])
def test_behind_nginx_the_forwarded_address_is_judged(metrics_app, forwarded_for, status):
    app = metrics_app(hops=1)
    assert scrape(app, "127.0.0.1", forwarded_for=forwarded_for).status_code == status


def test_with_a_token_everyone_needs_it_and_it_opens_metrics_from_anywhere(metrics_app):
    app = metrics_app(token="scrape-secret")
    assert scrape(app, "127.0.0.1").status_code == 401
    assert scrape(app, "203.0.113.9", token="wrong").status_code == 401
    assert scrape(app, "203.0.113.9", token="scrape-secret").status_code == 200
