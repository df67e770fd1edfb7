"""Helpers for the sync tests: a man-in-the-middle proxy and content changes on the hub."""

from __future__ import annotations

import hashlib
import threading
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from content_sync import store
from content_sync.localstore import Snapshot, read_current

Mutator = Callable[[str, int, bytes], bytes | None]


class ManInTheMiddle:
    """An HTTP proxy in front of the hub that can rewrite or cut any response body."""

    def __init__(self, upstream: str):
        self.upstream = upstream
        self.mutate: Mutator = lambda path, status, body: body
        self.requests: list[tuple[str, int, int]] = []  # path, status, body bytes
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length", 0))
                self.do_GET(self.rfile.read(length))

            def do_GET(self, body=None):  # noqa: N802 - the name http.server calls
                request = urllib.request.Request(proxy.upstream + self.path, data=body)
                if body is not None:
                    request.add_header("Content-Type", self.headers["Content-Type"])
                for name in ("If-None-Match", "Range", "User-Agent"):
                    if self.headers.get(name):
                        request.add_header(name, self.headers[name])
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                        status, body, headers = response.status, response.read(), response.headers
                except urllib.error.HTTPError as error:
                    status, body, headers = error.code, error.read(), error.headers
                mutated = proxy.mutate(self.path, status, body)
                proxy.requests.append((self.path, status, len(body)))
                self.send_response(status)
                for name in ("Content-Type", "ETag", "Content-Range", "Cache-Control"):
                    if headers.get(name):
                        self.send_header(name, headers[name])
                if mutated is None:  # cut the connection half-way through the body
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(mutated)))
                self.end_headers()
                self.wfile.write(mutated)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def publish_news(hub, db, channel: str, title: str, image: int | None = None) -> store.Item:
    """Publish a news item on the hub the way the editor UI does, and sign it."""
    data = {"title": {"pl": title}, "body": {"pl": f"Treść: {title}"}}
    if image is not None:
        data["image"] = image
    item = store.publish_item(db, store.create_item(db, "news", channel, data, "test"), "test")
    hub.publish(db)
    return item


def assert_intact(data_dir) -> Snapshot:
    """The current snapshot is complete: every document and image matches its hash."""
    snapshot = read_current(data_dir)
    for document in snapshot.items:
        for renditions in document["media"].values():
            for ref in renditions.values():
                path = snapshot.media_path(ref["sha256"])
                if path.exists():
                    assert hashlib.sha256(path.read_bytes()).hexdigest() == ref["sha256"]
    for digest in snapshot.content["objects"]:
        assert (snapshot.path / "media" / digest).exists() or any(
            d["sha256"] == digest for d in snapshot.items
        )
    return snapshot


def titles(snapshot: Snapshot) -> set[str]:
    """The Polish titles (or names) of every item in a snapshot."""
    return {(d["data"].get("title") or d["data"]["name"])["pl"] for d in snapshot.items}
