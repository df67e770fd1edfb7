"""portal.db under concurrent writers (real SQLite, real threads): what a request checks
before it writes still holds when it writes, so a paper code is used once, a session
consents once, and parallel guesses cannot outrun a device's back-off."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from captive_portal import db as portal_db
from captive_portal import vouchers
from captive_portal.db import open_portal_db
from tests.captive_portal.conftest import fas_fields, level1
from tests.captive_portal.test_vouchers import make_codes, require_vouchers
from tests.conftest import csrf_token

THREADS = 12
WRITER_HOLDS_SECONDS = 1.5


def all_at_once(work, count: int = THREADS, writer=None) -> list:
    """`work(n)` in `count` threads released together; the results, or the exceptions.

    With `writer` (a connection to the same file), another writer holds the write lock
    while the threads start, so each gets as far as it can before it must wait: a check
    made outside the write transaction is then made by all of them before any writes.
    """
    start = threading.Barrier(count + 1)

    def run(n):
        start.wait()
        try:
            return work(n)
        except Exception as exc:  # noqa: BLE001 - the test asserts there are none
            return exc

    with ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(run, n) for n in range(count)]
        if writer is not None:
            writer.execute("BEGIN IMMEDIATE")
        start.wait()
        if writer is not None:
            time.sleep(WRITER_HOLDS_SECONDS)
            writer.conn.commit()
        return [future.result() for future in futures]


def phones(portal_app, count: int = THREADS) -> list:
    """Browsers with their own session and CSRF token each."""
    clients = [portal_app.test_client() for _ in range(count)]
    return [(client, csrf_token(client)) for client in clients]


def post_consent(phone_and_token, fields: str, code: str):
    client, token = phone_and_token
    data = level1(fields) | {"voucher": code, "lang": "pl", "csrf_token": token}
    return client.post("/portal/consent", data=data).status_code


def test_a_code_redeemed_by_many_connections_at_once_is_redeemed_once(portal_app, data_dir):
    db = open_portal_db(data_dir)
    _batch, (code,) = vouchers.create_batch(db, "hotspot-04", 1, 1, "admin")
    db.close()

    def redeem(_n):
        own = open_portal_db(data_dir)
        try:
            return vouchers.redeem(own, "hotspot-04", code)
        finally:
            own.close()

    results = all_at_once(redeem)
    assert sorted(results, key=str) == [False] * (THREADS - 1) + [True], results


def test_one_session_consenting_in_parallel_with_several_codes_uses_one_code(
    portal_app, admin, portal_db
):
    require_vouchers(admin)
    codes = make_codes(admin, THREADS)
    fields = fas_fields()  # one openNDS session (hid), its page submitted many times
    browsers = phones(portal_app)
    statuses = all_at_once(lambda n: post_consent(browsers[n], fields, codes[n]), writer=portal_db)
    assert sorted(statuses) == [200] + [409] * (THREADS - 1), statuses
    assert portal_db["consents"].count == 1
    assert portal_db.execute("SELECT COUNT(*) FROM vouchers WHERE used_at").fetchone()[0] == 1


def test_parallel_wrong_codes_from_one_device_get_no_more_checks_than_its_free_tries(
    portal_app, admin, portal_db
):
    require_vouchers(admin)
    make_codes(admin, 1)
    browsers = phones(portal_app)
    statuses = all_at_once(
        lambda n: post_consent(browsers[n], fas_fields(), "AAAA-AAAA"), writer=portal_db
    )
    assert statuses.count(403) == vouchers.FREE_TRIES, statuses
    assert statuses.count(429) == THREADS - vouchers.FREE_TRIES, statuses


def test_the_first_requests_at_once_all_hash_macs_with_one_salt(tmp_path):
    for attempt in range(20):
        data_dir = tmp_path / str(attempt)
        data_dir.mkdir()
        salts = all_at_once(lambda _n, d=data_dir: portal_db.mac_salt(d, ""))
        assert len(set(salts)) == 1 and len(salts[0]) == 64, salts
