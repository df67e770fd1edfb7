"""Fixtures for the content hub: valid forms per type, items in given channels."""

from __future__ import annotations

import pytest

from content_sync import store

VALID_FORMS = {
    "news": {"title.pl": "Nowa droga w Garbowie", "body.pl": "Otwarcie **w piątek**."},
    "event": {"title.pl": "Koncert kolęd", "starts_at": "2026-12-20T18:00"},
    "procedure": {"title.pl": "Wymiana dowodu", "documents.pl": "Wniosek\nZdjęcie"},
    "alert": {
        "title.pl": "Burza",
        "body.pl": "Nie wychodź z domu.",
        "severity": "critical",
        "publish_until": "2030-01-01T12:00",
    },
    "office": {"name.pl": "Urząd testowy", "address": "ul. Testowa 1", "opening_hours.mon": "8-16"},
    "location": {
        "name.pl": "Infomat testowy",
        "kind": "kiosk",
        "address": "Garbów",
        "lat": "51.35",
        "lon": "22.34",
    },
}


@pytest.fixture
def valid_form():
    """Factory: a complete, valid editor form for a type, with overrides."""

    def make(type_name: str, **overrides: str) -> dict:
        return VALID_FORMS[type_name] | overrides

    return make


@pytest.fixture
def make_item(content_db):
    """Factory: a stored draft of `type_name` in `channel`."""

    def make(type_name: str, channel: str, published: bool = False) -> store.Item:
        data = {"title": {"pl": f"Pozycja {channel}"}, "body": {"pl": "Treść"}}
        if type_name in ("office", "location"):
            data = {"name": {"pl": f"Pozycja {channel}"}, "address": "x"}
        item = store.create_item(content_db, type_name, channel, data, "test")
        return store.publish_item(content_db, item, "test") if published else item

    return make


@pytest.fixture
def feed_server():
    """A real HTTP server on 127.0.0.1 serving whatever bytes the test puts at a path."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    documents: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            body = documents.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    server.documents = documents
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)
