"""A county with things Garbów's editor must never see: other channels' drafts, edits and
deletions, their editors, their devices and the commands sent to them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from backoffice.db import open_accounts_db
from backoffice.users import list_users
from content_sync import store
from content_sync.model import CONTENT_TYPES
from device_agent.collector.db import open_fleet_db
from tests.conftest import csrf_token

OWN = "garbow"
OTHER = "konopnica"


@dataclass(frozen=True)
class County:
    """Real ids to fill URLs with, and what of other gminas must not show."""

    own_items: dict[str, int]  # type → a Garbów draft
    other_items: dict[str, int]  # type → a Konopnica draft
    own_device: str
    other_device: str
    own_hotspot: str
    other_hotspot: str
    own_titles: frozenset[str]
    secret_titles: frozenset[str]  # other channels' unpublished titles
    other_editors: frozenset[str]  # usernames of other offices' editors
    secret_devices: frozenset[str]  # other gminas' device ids

    @property
    def secrets(self) -> frozenset[str]:
        """Everything of other gminas no page may show Garbów's editor."""
        return self.secret_titles | self.other_editors | self.secret_devices


def _draft(db, type_name: str, channel: str, title: str, actor: str) -> store.Item:
    field = CONTENT_TYPES[type_name].title_field
    data = {field: {"pl": title}, "body": {"pl": "Tresc"}, "address": "x"}
    return store.create_item(db, type_name, channel, data, actor)


def _secret_titles(db) -> set[str]:
    """Other channels' unpublished titles: drafts, unpublished edits, deleted drafts."""
    published = set()
    titles = set()
    for row in db["items"].rows:
        item = store.Item.from_row(row)
        if item.published is not None:
            field = CONTENT_TYPES[item.type].title_field
            published.add(str(item.published[field]["pl"]))
        if item.channel != OWN:
            titles.add(item.title)
    for entry in db["audit_log"].rows_where("channel != ?", [OWN]):
        titles.add(entry["summary"].partition(": ")[2])
    return titles - published


@pytest.fixture
def county(app, content_db, data_dir, login) -> County:
    """The demo county plus drafts of every type in Garbów, Konopnica and the county
    channel, an unpublished edit and a deleted draft in Konopnica, and commands the
    county admin sent to Konopnica's infomat."""
    own, other = {}, {}
    for type_name in CONTENT_TYPES:
        own[type_name] = _draft(
            content_db, type_name, OWN, f"Szkic Garbowa {type_name}", "ed-garbow"
        ).id
        other[type_name] = _draft(
            content_db, type_name, OTHER, f"Szkic Konopnicy {type_name}", "ed-konopnica"
        ).id
        _draft(content_db, type_name, "powiat", f"Szkic powiatu {type_name}", "ed-powiat")
    published = store.publish_item(
        content_db, _draft(content_db, "news", OTHER, "Wydane w Konopnicy", "ed-konopnica"), "x"
    )
    data = published.draft | {"title": {"pl": "Poprawka Konopnicy przed wydaniem"}}
    store.update_item(content_db, published, data, "ed-konopnica", published.revision)
    store.delete_item(
        content_db,
        _draft(content_db, "news", OTHER, "Skasowany szkic Konopnicy", "ed-konopnica"),
        "x",
    )

    fleet = open_fleet_db(data_dir)
    devices = list(fleet["devices"].rows)
    fleet.close()
    other_devices = {d["id"] for d in devices if d["municipality"] != OWN}

    def first(kind: str, municipality: str) -> str:
        return min(
            d["id"] for d in devices if d["kind"] == kind and d["municipality"] == municipality
        )

    admin = login("admin")
    token = csrf_token(admin, "/editor/")
    other_kiosk = first("kiosk", OTHER)
    sent = admin.post(
        f"/fleet/devices/{other_kiosk}/commands",
        data={"verb": "identify", "seconds": "60", "csrf_token": token},
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)
    made = admin.post(f"/fleet/devices/{other_kiosk}/enrollment-code", data={"csrf_token": token})
    assert made.status_code == 200

    accounts = open_accounts_db(data_dir)
    others = {u["username"] for u in list_users(accounts) if u["office"] not in (OWN, None)}
    accounts.close()
    return County(
        own_items=own,
        other_items=other,
        own_device=first("kiosk", OWN),
        other_device=other_kiosk,
        own_hotspot=first("hotspot", OWN),
        other_hotspot=first("hotspot", OTHER),
        own_titles=frozenset(f"Szkic Garbowa {t}" for t in CONTENT_TYPES),
        secret_titles=frozenset(_secret_titles(content_db)),
        other_editors=frozenset(others),
        secret_devices=frozenset(other_devices),
    )
