"""The portal's frame and its home pages: rendering in a language, caching headers, the
county home at `/` and each gmina's channel home at `/gmina/<id>`."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date
from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.http import is_resource_modified

from common.polish import LOCAL_TZ
from content_sync.db import get_db
from content_sync.hours import OfficeStatus, office_status
from content_sync.labels import LABELS, weekday_labels
from content_sync.model import DEFAULT_LANGUAGE, LANGUAGE_NAMES, WEEKDAYS, localized
from residents import listing, readers
from residents.i18n import (
    in_lang,
    negotiated_language,
    page_route,
    portal_url,
    prefixed,
    query_language,
)
from residents.texts import TEXTS

bp = Blueprint(
    "residents",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/residents-static",
)
bp.before_request(readers.lend)
bp.teardown_request(readers.take_back)

SECTION_PATHS = {
    "news": "/aktualnosci",
    "events": "/wydarzenia",
    "offices": "/urzedy",
    "procedures": "/jak-zalatwic",
}
# Where each type's item page lives; locations have none (the map shows them).
ITEM_PATHS = {
    **{
        t: SECTION_PATHS[s]
        for t, s in (
            ("news", "news"),
            ("event", "events"),
            ("office", "offices"),
            ("procedure", "procedures"),
        )
    },
    "alert": "/komunikaty",
}
HOME_NEWS = 5
HOME_EVENTS = 5
MAX_AGE_SECONDS = 60
# How finely a page depends on the clock, as strftime formats of the county's local time:
# "open now" changes at a minute, "from today on" at midnight.
MINUTE = "%Y-%m-%dT%H:%M"
DAY = "%Y-%m-%d"
RENDERED_PAGES = 256  # pages kept per process, newest used last (about 20 KB each)


def local_now() -> datetime:
    """Wall-clock time in the county (naive), as office hours and event times are written."""
    return datetime.now(LOCAL_TZ).replace(tzinfo=None)


def item_path(type_name: str, item_id: int, lang: str) -> str:
    """The portal page of an item in `lang`."""
    return prefixed(f"{ITEM_PATHS[type_name]}/{item_id}", lang)


def portal_item_url(type_name: str, item_id: int) -> str:
    """Where residents read an item: its portal page, or the QR page for types without one."""
    if type_name in ITEM_PATHS:
        return item_path(type_name, item_id, DEFAULT_LANGUAGE)
    return url_for("public.item_page", type_name=type_name, item_id=item_id)


def day_label(day: date, lang: str) -> str:
    """A day as residents read it: "wtorek, 1 grudnia"."""
    return format_date(day, "EEEE, d MMMM", locale=lang)


def status_text(status: OfficeStatus, lang: str, today: date) -> str:
    """ "open until 15:30" or "opens Mon at 7:30" in `lang`."""
    words = TEXTS[lang]
    if status.is_open:
        return words["open_until"].format(time=status.closes_at)
    if status.opens_on is None:
        return words["closed_for_now"]
    day = (
        words["today"]
        if status.opens_on == today
        else weekday_labels(lang)[WEEKDAYS[status.opens_on.weekday()]]
    )
    return words["opens_at"].format(day=day, time=status.opens_at)


def offices_with_status(offices, lang: str) -> list[dict]:
    """Each office with its "open now / opens at" line, from its published hours."""
    now = local_now()
    shown = []
    for office in offices:
        data = office.published
        status = office_status(data.get("opening_hours") or {}, data.get("holidays") or [], now)
        shown.append(
            {
                "item": office,
                "data": data,
                "status": status,
                "status_text": status_text(status, lang, now.date()),
            }
        )
    return shown


def render_page(template: str, lang: str, here: str, section: str = "", **context) -> str:
    """A portal page in `lang`; `here` is its path without the language prefix."""
    return render_template(
        template,
        lang=lang,
        here=here,
        section=section,
        t=LABELS[lang],
        w=TEXTS[lang],
        language_names=LANGUAGE_NAMES,
        section_paths=SECTION_PATHS,
        prefixed=prefixed,
        portal_url=portal_url,
        in_lang=in_lang,
        localized=localized,
        item_path=item_path,
        day_label=day_label,
        **context,
    )


def cached(html: str, last_modified: datetime | None = None, vary: str | None = None):
    """Already made `html` (the accessibility statement, the feeds) with an ETag of its bytes
    (and Last-Modified when it depends on nothing but stored content), answered 304 when
    the browser or nginx already has it; pages that can name their version before
    rendering use fresh()."""
    response = make_response(html)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    if vary:
        response.headers["Vary"] = vary
    response.add_etag()
    if last_modified is not None:
        response.last_modified = last_modified
    return response.make_conditional(request)


@cache
def render_version() -> str:
    """A digest of the portal's templates, static files and texts: a deployment that changes
    how pages look changes every ETag, though the content stayed the same."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".css", ".svg", ".py"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class RenderedPages:
    """The app's last rendered pages by ETag: a page is pure per ETag, so a second visitor
    (or nginx revalidating after a 304 it cannot use) gets it without a render."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str, render: Callable[[], str]) -> str:
        with self._lock:
            if etag in self._pages:
                self._pages.move_to_end(etag)
                return self._pages[etag]
        html = render()
        with self._lock:
            self._pages[etag] = html
            while len(self._pages) > RENDERED_PAGES:
                self._pages.popitem(last=False)
        return html


def fresh(
    render: Callable[[], str],
    clock: str | None = None,
    last_modified: bool = False,
    vary: str | None = None,
):
    """The page `render` makes, with an ETag computed before rendering from what the page
    depends on: the content's version, the URL (language, channel, page), the portal's
    templates and, when given, the local time cut to `clock` (MINUTE or DAY). A browser or
    nginx holding that ETag gets a 304 and nothing is rendered; Last-Modified is the last
    change of content when the page depends on nothing else."""
    version, changed = listing.content_version(get_db())
    moment = local_now().strftime(clock) if clock else ""
    etag = hashlib.sha256(
        f"{render_version()}\n{version}\n{request.url}\n{moment}".encode()
    ).hexdigest()[:32]
    changed = changed if last_modified else None
    if is_resource_modified(request.environ, etag=etag, last_modified=changed):
        pages = current_app.extensions.setdefault("residents_pages", RenderedPages())
        response = make_response(pages.get(etag, render))
    else:
        response = make_response("", 304)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    if vary:
        response.headers["Vary"] = vary
    response.set_etag(etag)
    if changed is not None:
        response.last_modified = changed
    return response


def channel_home(lang: str, channel: str | None, here: str):
    """The home page of the whole county (`channel` None) or of one gmina; 404 for a
    channel that is not a gmina's."""
    db = get_db()
    names = listing.channel_names(db)
    if channel is not None and (channel == listing.COUNTY_CHANNEL or channel not in names):
        abort(404)
    scope = listing.scope_of(channel)
    now = local_now()
    offices = offices_with_status(listing.visible(db, "office", scope, order_by="id"), lang)
    html = render_page(
        "residents/home.html",
        lang,
        here,
        "home",
        channel=channel,
        names=names,
        channel_name=names.get(channel) if channel else None,
        channels={cid: name for cid, name in names.items() if cid != listing.COUNTY_CHANNEL},
        alerts=listing.alerts_in_force(db, scope),
        news=listing.visible(db, "news", scope, limit=HOME_NEWS),
        events=listing.events_between(db, scope, now.date().isoformat(), limit=HOME_EVENTS),
        open_offices=[o for o in offices if o["status"].is_open],
    )
    return html


@page_route(bp, "/")
def home(lang: str):
    """The county's home; a browser preferring English or Ukrainian is sent to its own."""
    chosen = query_language()
    if lang == DEFAULT_LANGUAGE and chosen != DEFAULT_LANGUAGE:
        wanted = chosen or negotiated_language()
        if wanted != DEFAULT_LANGUAGE:
            response = redirect(prefixed("/", wanted), 302)
            response.headers["Vary"] = "Accept-Language"
            return response
    return fresh(lambda: channel_home(lang, None, "/"), MINUTE, vary="Accept-Language")


@page_route(bp, "/gmina/<channel>")
def channel(lang: str, channel: str):
    """A gmina's home: the county's items and the gmina's own, no other gmina's."""
    return fresh(lambda: channel_home(lang, channel, f"/gmina/{channel}"), MINUTE)


@bp.errorhandler(404)
def not_found(_error):
    """The portal's own "no such page", in the page's language."""
    lang = (request.view_args or {}).get("lang", DEFAULT_LANGUAGE)
    lang = lang if lang in TEXTS else DEFAULT_LANGUAGE
    return render_page("residents/not_found.html", lang, "/"), 404
