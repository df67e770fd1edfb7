"""Fixtures for the residents' portal: an anonymous client over the demo county."""

import pytest

from server_room import create_app

STATEMENT_SETTINGS = {
    "ACCESSIBILITY_ENTITY": "Starostwo Powiatowe w Lublinie",
    "ACCESSIBILITY_CONTACT_NAME": "Anna Dostępna",
    "ACCESSIBILITY_CONTACT_EMAIL": "dostepnosc@powiat.lublin.pl",
    "ACCESSIBILITY_CONTACT_PHONE": "81 528 66 00",
    "ACCESSIBILITY_SITE_PUBLISHED": "2026-11-02",
    "ACCESSIBILITY_SITE_UPDATED": "2026-11-20",
    "ACCESSIBILITY_STATEMENT_DATE": "2026-11-03",
    "ACCESSIBILITY_REVIEWED": "2026-11-27",
    "ACCESSIBILITY_GAPS": [
        "Część zdjęć z gmin nie ma tekstu alternatywnego.",
        {"pl": "Mapa powiatu nie ma powiększenia.", "uk": "Карта повіту не масштабується."},
    ],
    "ACCESSIBILITY_ARCHITECTURE": "Wejście do Starostwa od ul. Spokojnej jest bez progów.",
}


@pytest.fixture
def statement_client(data_dir):
    """An anonymous browser of a portal whose accessibility statement is filled in."""
    app = create_app(
        {
            "DATA_DIR": str(data_dir),
            "SYNC_KEYS_DIR": str(data_dir / "keys"),
            "SECURE_COOKIES": False,
            "TESTING": True,
            "PUBLIC_URL": "https://infomat.powiat.lublin.pl",
            **STATEMENT_SETTINGS,
        }
    )
    return app.test_client()


# Pages read content.db through content_sync.db.get_db(); a connection put on `g` first
# is the one they use, so its trace callback sees every statement a page runs.
@pytest.fixture
def query_log(app):
    """The SQL statements each request of `app` ran on content.db (a fresh list per request)."""
    from flask import g

    from common.sqlite import connect
    from content_sync.db import database_path

    log: list[list[str]] = []

    @app.before_request
    def traced_connection():
        statements: list[str] = []
        log.append(statements)
        g.content_db = connect(database_path(app.config["DATA_DIR"]))
        g.content_db.conn.set_trace_callback(statements.append)

    return log


@pytest.fixture
def add_item(content_db):
    """Factory: an item of `type_name` in `channel`, published unless told otherwise;
    `window` (publish_from, publish_until) is written as stored, past or future."""
    from common.sqlite import write_transaction
    from content_sync import store

    def make(type_name, channel="powiat", data=None, published=True, window=None):
        data = data or {"title": {"pl": f"Pozycja {type_name} {channel}"}, "body": {"pl": "Treść"}}
        item = store.create_item(content_db, type_name, channel, data, "test")
        if published:
            item = store.publish_item(content_db, item, "test")
        if window is not None:
            with write_transaction(content_db):
                content_db.execute(
                    "UPDATE items SET publish_from = ?, publish_until = ? WHERE id = ?",
                    [*window, item.id],
                )
        return item

    return make
