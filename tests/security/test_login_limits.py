"""Password guessing is capped per user and address, per address and per account,
even when the guesses arrive all at once, and proxies cannot be used to dodge or abuse it."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.conftest import PASSWORD, csrf_token

GUESS = "guess-guess-guess"


def guess(client, username: str = "admin", password: str = GUESS, forwarded_for: str = ""):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
        headers=headers,
    )


def test_forty_simultaneous_guesses_get_at_most_five_password_checks_and_no_errors(
    live_server,
):
    browser = requests.Session()
    page = browser.get(f"{live_server}/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    start = threading.Barrier(40)

    def attempt(_):
        start.wait(10)
        return browser.post(
            f"{live_server}/login",
            data={"username": "admin", "password": GUESS, "csrf_token": token},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(40) as pool:
        statuses = list(pool.map(attempt, range(40)))
    assert [s for s in statuses if s >= 500] == []
    assert statuses.count(401) <= 5, statuses
    assert statuses.count(401) + statuses.count(429) == 40, statuses


def test_guesses_from_many_addresses_lock_the_account_for_a_while_not_for_ever(make_app):
    app = make_app(PROXY_HOPS=1, LOGIN_MAX_FAILURES_PER_ACCOUNT=8)
    client = app.test_client()
    for n in range(8):
        assert guess(client, forwarded_for=f"198.51.100.{n}").status_code == 401
    locked = guess(client, password=PASSWORD, forwarded_for="203.0.113.5")
    assert locked.status_code == 429
    wait = int(locked.headers["Retry-After"])
    assert 15 * 60 < wait <= app.config["LOGIN_ACCOUNT_WINDOW_MINUTES"] * 60
    assert guess(client, "ed-garbow", PASSWORD, "203.0.113.5").status_code == 302


def test_behind_nginx_one_stranger_cannot_lock_out_the_other_admins(make_app):
    client = make_app(PROXY_HOPS=1).test_client()
    stranger = "198.51.100.7"
    for n in range(30):
        assert guess(client, f"user{n}", forwarded_for=stranger).status_code == 401
    assert guess(client, "nobody", forwarded_for=stranger).status_code == 429
    assert guess(client, "admin", PASSWORD, forwarded_for="203.0.113.5").status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_does_not_buy_more_guesses(make_app):
    client = make_app(PROXY_HOPS=0).test_client()
    for n in range(5):
        assert guess(client, forwarded_for=f"198.51.100.{n}").status_code == 401
    assert guess(client, password=PASSWORD, forwarded_for="203.0.113.5").status_code == 429


def test_a_successful_login_clears_the_failures_of_that_user_from_that_address(client):
    for _ in range(4):
        assert guess(client).status_code == 401
    assert guess(client, password=PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/editor/")})
    for _ in range(5):
        assert guess(client).status_code == 401
    assert guess(client, password=PASSWORD).status_code == 429


def enroll(client, address: str):
    return client.post(
        "/api/v1/enroll",
        json={"code": "wrong-code", "hostname": "x"},
        headers={"X-Forwarded-For": address},
    )


def test_failed_logins_and_failed_enrollments_are_counted_apart(make_app):
    client = make_app(PROXY_HOPS=1).test_client()
    address = "198.51.100.9"
    for n in range(20):
        assert guess(client, f"user{n}", forwarded_for=address).status_code == 401
    assert guess(client, "enroll", forwarded_for=address).status_code == 401
    for _ in range(10):
        assert enroll(client, address).status_code == 403
    assert enroll(client, address).status_code == 429
    assert guess(client, password=PASSWORD, forwarded_for=address).status_code == 302
