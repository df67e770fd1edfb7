"""Many writers at once, through the real HTTP paths, on every database of the server
room: never a 5xx, every acknowledged write stored, the audit log one entry per write
(issue 12, item 4: deferred transactions gave "database is locked" → 500)."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import requests

from captive_portal.db import open_portal_db
from content_sync import store
from content_sync.db import open_content_db
from device_agent.agent.credentials import enroll
from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from tests.captive_portal.conftest import GATEWAYS, fas_fields, level1
from tests.conftest import PASSWORD, USERS

N_CLIENTS, M_REQUESTS, STORM = 8, 15, 16
NEWS = {"title.pl": "Zebranie wiejskie", "body.pl": "W świetlicy o **18:00**."}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_HID = re.compile(r"hid=([0-9a-f]{64})")


@pytest.fixture
def app(make_app):
    """The whole server room (content, accounts, fleet, portal) with two test gateways."""
    return make_app(PORTAL_GATEWAYS=GATEWAYS)


@dataclass
class Answer:
    """What the server said to one write."""

    action: str
    item_id: int | None
    status: int

    @property
    def acknowledged(self) -> bool:
        return 200 <= self.status < 400


class Browser:
    """A real browser session on the live server: its cookies and its CSRF token."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.token = ""

    def get_token(self, path: str) -> str:
        page = self.session.get(self.base_url + path, timeout=30)
        self.token = _CSRF.search(page.text).group(1)
        return self.token

    def post(self, path: str, data: dict) -> requests.Response:
        return self.session.post(
            self.base_url + path,
            data=data | {"csrf_token": self.token},
            allow_redirects=False,
            timeout=60,
        )


class Editor(Browser):
    """A logged-in editor writing news in their own channel."""

    def __init__(self, base_url: str, channel: str) -> None:
        super().__init__(base_url)
        self.channel = channel

    @classmethod
    def log_in(cls, base_url: str, username: str) -> Editor:
        editor = cls(base_url, USERS[username][1] or "powiat")
        editor.get_token("/login")
        answer = editor.post("/login", {"username": username, "password": PASSWORD})
        assert answer.status_code == 302, answer.text
        editor.get_token("/editor/")  # logging in starts a new session, with a new token
        return editor

    def another_tab(self) -> Editor:
        """The same login in a browser of its own (the session cookie copied)."""
        twin = Editor(self.base_url, self.channel)
        twin.session.cookies.update(self.session.cookies)
        twin.token = self.token
        return twin

    def create(self) -> Answer:
        answer = self.post("/editor/news/new", NEWS | {"channel": self.channel})
        item_id = None
        if answer.status_code == 302:
            item_id = int(answer.headers["Location"].split("/")[-2])
        return Answer("create", item_id, answer.status_code)

    def write(self, action: str, item_id: int, data: dict | None = None) -> Answer:
        path = {"update": "edit"}.get(action, action)
        answer = self.post(f"/editor/news/{item_id}/{path}", data or {})
        return Answer(action, item_id, answer.status_code)


@pytest.fixture
def log_in_all(live_server):
    """Factory: `tabs` logged-in Editors per username, each user logged in once."""

    def make(names: list[str], tabs: int) -> list[Editor]:
        editors = [Editor.log_in(live_server, name) for name in names]
        return [editor.another_tab() for editor in editors for _ in range(tabs)]

    return make


def editor_session(editor: Editor, start: threading.Barrier) -> list[Answer]:
    """M_REQUESTS writes: three rounds of create, edit, publish, unpublish, then delete (or
    publish again in the middle round, so some items stay published)."""
    answers = []
    start.wait()
    for round_no in range(M_REQUESTS // 5):
        created = editor.create()
        answers.append(created)
        if created.item_id is None:
            continue
        edit = NEWS | {"channel": editor.channel, "revision": "1", "title.pl": f"Runda {round_no}"}
        answers.append(editor.write("update", created.item_id, edit))
        answers.append(editor.write("publish", created.item_id))
        answers.append(editor.write("unpublish", created.item_id))
        last = ("publish", {}) if round_no == 1 else ("delete", {"confirm": "1"})
        answers.append(editor.write(last[0], created.item_id, last[1]))
    return answers


def audit_since(data_dir, first_id: int) -> list[dict]:
    db = open_content_db(data_dir)
    rows = list(db["audit_log"].rows_where("id >= ?", [first_id], order_by="id"))
    db.close()
    return rows


def next_audit_id(data_dir) -> int:
    db = open_content_db(data_dir)
    last = db.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]
    db.close()
    return last + 1


def test_eight_editors_writing_at_once_never_get_a_500_and_every_write_is_kept_and_audited(
    log_in_all, data_dir
):
    writers = log_in_all(list(USERS), N_CLIENTS // len(USERS))
    first_audit = next_audit_id(data_dir)
    start = threading.Barrier(len(writers))
    with ThreadPoolExecutor(len(writers)) as pool:
        sessions = list(pool.map(lambda e: editor_session(e, start), writers))
    answers = [a for session in sessions for a in session]

    assert [a for a in answers if a.status >= 500] == []
    assert len(answers) == N_CLIENTS * M_REQUESTS
    assert {a.status for a in answers} == {302}, Counter(a.status for a in answers)
    db = open_content_db(data_dir)
    deleted = {a.item_id for a in answers if a.action == "delete"}
    for created in (a for a in answers if a.action == "create"):
        kept = store.get_item(db, created.item_id)
        assert (kept is None) == (created.item_id in deleted), created
    db.close()
    written = Counter((a.action, a.item_id) for a in answers if a.acknowledged)
    audited = Counter((e["action"], e["item_id"]) for e in audit_since(data_dir, first_audit))
    assert audited == written


def test_sixteen_publish_unpublish_and_delete_of_one_item_at_once_end_with_it_deleted_once(
    log_in_all, data_dir
):
    county = log_in_all(["admin", "ed-powiat"], STORM // 2)
    db = open_content_db(data_dir)
    item = store.create_item(db, "news", "powiat", {"title": {"pl": "Jedna"}}, "test")
    store.publish_item(db, item, "test")
    db.close()
    first_audit = next_audit_id(data_dir)
    actions = ["publish", "unpublish", "delete"]
    start = threading.Barrier(STORM)

    def act(number: int) -> tuple[Answer, str]:
        action = actions[number % len(actions)]
        start.wait()
        answer = county[number].post(f"/editor/news/{item.id}/{action}", {"confirm": "1"})
        return Answer(action, item.id, answer.status_code), answer.text

    with ThreadPoolExecutor(STORM) as pool:
        results = list(pool.map(act, range(STORM)))
    answers = [answer for answer, _text in results]

    assert [a for a in answers if a.status >= 500] == []
    assert {a.status for a in answers} <= {302, 404}, Counter(a.status for a in answers)
    assert all("Nie ma takiej strony" in text for a, text in results if a.status == 404)
    assert [a.action for a in answers if a.action == "delete" and a.acknowledged] == ["delete"]
    db = open_content_db(data_dir)
    assert store.get_item(db, item.id) is None
    db.close()
    audited = audit_since(data_dir, first_audit)
    assert Counter(e["action"] for e in audited) == Counter(
        a.action for a in answers if a.acknowledged
    )
    assert audited[-1]["action"] == "delete"  # nothing was written after it: no resurrection


def test_eight_devices_reporting_at_once_never_get_a_500_and_every_acknowledged_report_is_stored(
    live_server, data_dir
):
    fleet = open_fleet_db(data_dir)
    codes = {
        f"hotspot-{n:02d}": registry.create_enrollment_code(fleet, f"hotspot-{n:02d}", "admin")
        for n in range(1, N_CLIENTS + 1)
    }
    fleet.close()
    tokens = {device: enroll(live_server, code).token for device, code in codes.items()}
    start = threading.Barrier(N_CLIENTS)

    def report(device: str) -> list[tuple[int, int]]:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {tokens[device]}"
        start.wait()
        answers = []
        for seq in range(1, M_REQUESTS + 1):
            batch = {
                "device_id": device,
                "sent_at": time.time(),
                "reports": [{"boot_id": "boot-a", "seq": seq, "sampled_at": time.time()}],
            }
            answer = session.post(live_server + "/api/v1/reports", json=batch, timeout=60)
            answers.append((seq, answer.status_code))
        return answers

    with ThreadPoolExecutor(N_CLIENTS) as pool:
        answers = dict(zip(tokens, pool.map(report, tokens), strict=True))

    statuses = Counter(status for device in answers.values() for _seq, status in device)
    assert not [s for s in statuses if s >= 500], statuses
    fleet = open_fleet_db(data_dir)
    stored = {(r["device_id"], r["seq"]) for r in fleet["reports"].rows}
    fleet.close()
    acknowledged = {
        (device, seq) for device, sent in answers.items() for seq, status in sent if status == 200
    }
    assert acknowledged <= stored
    assert statuses == {200: N_CLIENTS * M_REQUESTS}


def test_eight_phones_consenting_at_once_never_get_a_500_and_every_acknowledged_consent_is_stored(
    live_server, data_dir
):
    start = threading.Barrier(N_CLIENTS)

    def consent(_phone: int) -> list[tuple[str, int]]:
        phone = Browser(live_server)
        phone.get_token("/login")  # any page of the session carries the same token
        start.wait()
        answers = []
        for _ in range(M_REQUESTS):
            fields = fas_fields(gatewayaddress="192.168.4.1:2050", clientip="192.168.4.20")
            answer = phone.post("/portal/consent", level1(fields) | {"lang": "pl"})
            answers.append((_HID.search(fields).group(1), answer.status_code))
        return answers

    with ThreadPoolExecutor(N_CLIENTS) as pool:
        answers = [a for phone in pool.map(consent, range(N_CLIENTS)) for a in phone]

    statuses = Counter(status for _hid, status in answers)
    assert not [s for s in statuses if s >= 500], statuses
    portal = open_portal_db(data_dir)
    stored = {row["hid"] for row in portal["consents"].rows}
    portal.close()
    assert {hid for hid, status in answers if status == 200} <= stored
    assert statuses == {200: N_CLIENTS * M_REQUESTS}


@pytest.mark.parametrize(
    ("action", "call"),
    [
        ("publish", lambda db, item: store.publish_item(db, item, "late")),
        ("unpublish", lambda db, item: store.unpublish_item(db, item, "late")),
        ("delete", lambda db, item: store.delete_item(db, item, "late")),
        ("update", lambda db, item: store.update_item(db, item, item.draft, "late", 1)),
    ],
)
def test_a_write_to_an_item_deleted_a_moment_earlier_is_refused_and_writes_nothing(
    content_db, action, call
):
    opened = store.create_item(content_db, "news", "garbow", {"title": {"pl": "Stara"}}, "a")
    store.delete_item(content_db, opened, "b")
    first_audit = content_db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0] + 1

    with pytest.raises(store.ItemGoneError, match="ktoś usunął ją w międzyczasie"):
        call(content_db, opened)

    assert store.get_item(content_db, opened.id) is None
    assert list(content_db["audit_log"].rows_where("id >= ?", [first_audit])) == []
