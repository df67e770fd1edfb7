"""Offices' RSS/Atom feeds are imported once each, and a bad feed never harms stored news."""

from __future__ import annotations

from content_sync import store
from content_sync.feeds import import_feeds

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Gmina Garbów</title><link>https://garbow.example</link>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://garbow.example/{n}</link>
<guid>garbow-{n}</guid>
<description>&lt;p&gt;Opis &lt;b&gt;{n}&lt;/b&gt;&lt;/p&gt;</description></item>"""


def rss(*numbers, title="Wiadomość {n}") -> bytes:
    items = "\n".join(ITEM.format(n=n, title=title.format(n=n)) for n in numbers)
    return RSS.format(items=items).encode("utf-8")


def run(content_db, feed_server, *feeds, max_bytes=200_000):
    return import_feeds(content_db, list(feeds), max_bytes=max_bytes, timeout=5)


def feed_news(content_db, channel="garbow"):
    return [i for i in store.list_items(content_db, "news", [channel]) if i.source == "feed"]


def test_a_feed_is_imported_as_drafts_or_published_per_office_setting(content_db, feed_server):
    feed_server.documents["/garbow.xml"] = rss(1, 2)
    feed_server.documents["/niemce.xml"] = rss(7)
    reports = run(
        content_db,
        feed_server,
        {"channel": "garbow", "url": f"{feed_server.url}/garbow.xml", "publish": False},
        {"channel": "niemce", "url": f"{feed_server.url}/niemce.xml", "publish": True},
    )
    assert [r.imported for r in reports] == [2, 1]
    assert {i.status for i in feed_news(content_db)} == {"draft"}
    assert {i.status for i in feed_news(content_db, "niemce")} == {"published"}
    body = feed_news(content_db)[0].draft["body"]["pl"]
    assert "<" not in body and "Opis" in body and "garbow.example" in body


def test_importing_again_adds_only_new_entries(content_db, feed_server):
    feed = {"channel": "garbow", "url": f"{feed_server.url}/f.xml", "publish": False}
    feed_server.documents["/f.xml"] = rss(1, 2)
    run(content_db, feed_server, feed)
    feed_server.documents["/f.xml"] = rss(1, 2, 3)
    report = run(content_db, feed_server, feed)[0]
    assert (report.imported, report.duplicates) == (1, 2)
    assert len(feed_news(content_db)) == 3


def test_malformed_huge_and_misencoded_feeds_are_skipped_and_nothing_stored_is_lost(
    content_db, feed_server
):
    good = {"channel": "garbow", "url": f"{feed_server.url}/good.xml", "publish": True}
    feed_server.documents["/good.xml"] = rss(1, 2)
    run(content_db, feed_server, good)
    before = content_db.execute("SELECT id, draft, published FROM items ORDER BY id").fetchall()

    feed_server.documents["/good.xml"] = b"<rss><channel><item><title>broken"
    feed_server.documents["/huge.xml"] = rss(*range(3000))
    feed_server.documents["/latin2.xml"] = rss(9, title="Zażółć {n}").replace(
        "Zażółć".encode(), "Zażółć".encode("iso-8859-2")
    )
    feed_server.documents["/html.xml"] = b"<html><body>Not a feed</body></html>"
    feeds = [
        good,
        {"channel": "garbow", "url": f"{feed_server.url}/huge.xml"},
        {"channel": "garbow", "url": f"{feed_server.url}/latin2.xml"},
        {"channel": "garbow", "url": f"{feed_server.url}/html.xml"},
        {"channel": "garbow", "url": f"{feed_server.url}/missing.xml"},
        {"channel": "nowhere", "url": f"{feed_server.url}/good.xml"},
        {"channel": "garbow", "url": "file:///etc/passwd"},
    ]
    reports = run(content_db, feed_server, *feeds)
    assert all(r.error for r in reports), [r.line() for r in reports]
    assert "larger than" in reports[1].error
    after = content_db.execute("SELECT id, draft, published FROM items ORDER BY id").fetchall()
    assert after == before


def test_an_entry_with_markup_left_after_cleaning_is_rejected_alone(content_db, feed_server):
    feed_server.documents["/x.xml"] = rss(1, 2, title="&amp;lt;script&amp;gt; {n}")
    report = run(content_db, feed_server, {"channel": "garbow", "url": f"{feed_server.url}/x.xml"})[
        0
    ]
    assert report.error is None and report.rejected == 2
    assert feed_news(content_db) == []
