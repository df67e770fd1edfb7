"""Importing news from the offices' own RSS/Atom feeds (`infomat import-feeds`).

A feed that is too big, malformed or wrongly encoded is logged and skipped as a
whole; entries are stored per feed in one transaction, deduplicated by GUID, so a
bad feed never half-imports and never touches what is already stored.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import feedparser
import nh3
import requests
import sqlite_utils

from common.sqlite import write_transaction
from content_sync import store
from content_sync.validation import FieldError, clean_text

log = logging.getLogger(__name__)

USER_AGENT = "Infomat-feed-import/1 (+Powiat Lubelski)"
_BLOCK_END = re.compile(r"</(p|div|li|h\d)>|<br\s*/?>", re.IGNORECASE)


class FeedError(RuntimeError):
    """A feed that is skipped as a whole; the message says why."""


@dataclass
class FeedReport:
    """What one feed's import did."""

    channel: str
    url: str
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    error: str | None = None

    def line(self) -> str:
        """One log line for the command's output."""
        if self.error:
            return f"SKIPPED {self.channel} {self.url}: {self.error}"
        return (
            f"ok {self.channel} {self.url}: {self.imported} new, "
            f"{self.duplicates} already known, {self.rejected} rejected"
        )


def fetch_feed(session: requests.Session, url: str, max_bytes: int, timeout: float) -> bytes:
    """Download at most `max_bytes` of a feed, or raise FeedError."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError("only http(s) feed URLs are fetched")
    try:
        with session.get(url, timeout=timeout, stream=True) as response:
            response.raise_for_status()
            chunks, size = [], 0
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FeedError(f"feed larger than {max_bytes} bytes")
                chunks.append(chunk)
    except requests.RequestException as exc:
        raise FeedError(f"cannot fetch: {exc.__class__.__name__}: {exc}") from exc
    return b"".join(chunks)


def parse_feed(payload: bytes) -> list:
    """The entries of a well-formed, correctly encoded feed, or raise FeedError."""
    parsed = feedparser.parse(payload)
    if parsed.bozo:
        raise FeedError(f"malformed or wrongly encoded feed: {parsed.bozo_exception!r}")
    if not parsed.get("version"):
        raise FeedError("not an RSS or Atom feed")
    return list(parsed.entries)


def _plain(fragment: str) -> str:
    """HTML from a feed → plain text with paragraph breaks."""
    text = _BLOCK_END.sub("\n\n", fragment or "")
    text = html.unescape(nh3.clean(text, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def entry_to_news(entry) -> tuple[str, dict]:
    """(guid, news data) for one feed entry; raises FieldError if it cannot be shown."""
    title = clean_text(_plain(entry.get("title", "")), 200)
    if not title:
        raise FieldError("entry without a title")
    summary = _plain(entry.get("summary", ""))
    link = entry.get("link", "")
    body = clean_text(summary[:19000] or title, 19500)
    if urlsplit(link).scheme in ("http", "https"):
        body += f"\n\n[Więcej na stronie urzędu]({link})"
    guid = entry.get("id") or link or hashlib.sha256(title.encode()).hexdigest()
    data = {"title": {"pl": title}, "body": {"pl": body}}
    if summary:
        data["summary"] = {
            "pl": clean_text(summary[:397] + "…" if len(summary) > 400 else summary, 400)
        }
    return guid[:500], data


def _known(db: sqlite_utils.Database, channel: str, guid: str) -> bool:
    return db["items"].count_where("channel = ? AND guid = ?", [channel, guid]) > 0


def import_one(db: sqlite_utils.Database, feed: dict, entries: list, report: FeedReport) -> None:
    """Store a parsed feed's new entries in one transaction.

    The GUID check runs inside it, so two imports at once never store an entry twice.
    """
    actor = f"rss:{report.channel}"
    with write_transaction(db):
        for entry in entries:
            try:
                guid, data = entry_to_news(entry)
            except FieldError as exc:
                report.rejected += 1
                log.warning("feed %s: entry rejected: %s", report.url, exc)
                continue
            if _known(db, report.channel, guid):
                report.duplicates += 1
                continue
            item = store.create_item(db, "news", report.channel, data, actor, "feed", guid)
            if feed.get("publish"):
                store.publish_item(db, item, actor)
            report.imported += 1


def import_feeds(
    db: sqlite_utils.Database,
    feeds: list[dict],
    max_bytes: int,
    timeout: float,
    session: requests.Session | None = None,
) -> list[FeedReport]:
    """Import every configured feed; one feed's failure never stops the others."""
    session = session or requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    reports = []
    for feed in feeds:
        report = FeedReport(str(feed.get("channel")), str(feed.get("url")))
        reports.append(report)
        try:
            if not isinstance(feed.get("channel"), str) or not store.channel_exists(
                db, feed["channel"]
            ):
                raise FeedError("unknown channel in the feeds setting")
            entries = parse_feed(fetch_feed(session, report.url, max_bytes, timeout))
            import_one(db, feed, entries, report)
        except FeedError as exc:
            report.error = str(exc)
            log.warning("feed %s skipped: %s", report.url, exc)
        else:
            log.info("%s", report.line())
    return reports
