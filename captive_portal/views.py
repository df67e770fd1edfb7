"""The portal residents see: splash (terms, news, alerts, one button), consent, welcome,
and the RFC 8908 API. Pages need no JavaScript and stay far below 50 KB.

The portal never answers with a redirect to anything a request named: the page a
resident was opening is shown as a plain link, and access is granted by the
gateway's own authorization URL (an IP on the hotspot's network, never a host name).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from flask import (
    Blueprint,
    current_app,
    jsonify,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from captive_portal import accounting, fas, online, policy, vouchers
from captive_portal import db as portal_db
from captive_portal.pages import (
    NO_STORE,
    error_page,
    portal_page,
    render_portal,
    request_language,
    safe_origin,
)
from captive_portal.places import hotspot_places
from common.sqlite import write_transaction
from content_sync import store
from content_sync.db import get_db as get_content_db
from content_sync.labels import shown_language
from content_sync.model import COUNTY_CHANNEL, localized
from residents.pages import item_path

bp = Blueprint(
    "portal",
    __name__,
    url_prefix="/portal",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

NEWS_ON_SPLASH = 4
OFFICES_ON_WELCOME = 3
# How stale the splash's alerts and news may be: an urgent alert reaches the Wi-Fi
# portal within this, as it reaches kiosks within their poll interval.
CONTENT_SECONDS = 30
SESSION_COOKIE = "infomat_wifi"


def _minutes(gateway: dict | None) -> int:
    if gateway is None:
        return round(current_app.config["PORTAL_SESSION_MINUTES"])
    return round(policy.for_gateway(gateway, current_app.config).session_minutes)


def _gateway(name: str) -> dict | None:
    return portal_db.gateway(portal_db.get_db(), name)


@dataclass(frozen=True)
class SplashContent:
    """What a hotspot's pages show besides the form, in one language."""

    place: str
    alerts: list[dict]
    news: list[dict]
    offices: list[dict]


_content_cache: dict[tuple, tuple[float, SplashContent]] = {}
_content_lock = threading.Lock()


def _read_content(hotspot: str, lang: str) -> SplashContent:
    content_db = get_content_db()
    place = hotspot_places(content_db, lang).get(hotspot)
    channels = [COUNTY_CHANNEL] + ([place.channel] if place else [])
    alerts = [
        {
            "title": localized(item.published.get("title"), lang),
            "body": localized(item.published.get("body"), lang),
            "severity": item.published.get("severity", "info"),
            "lang": shown_language(item.published.get("title"), lang),
        }
        for item in store.published_items(content_db, "alert", channels)
    ]

    def links(type_name: str, title: str, count: int) -> list[dict]:
        return [
            {
                "title": localized(item.published.get(title), lang),
                "id": item.id,
                "lang": shown_language(item.published.get(title), lang),
            }
            for item in store.published_items(content_db, type_name, channels)[:count]
        ]

    return SplashContent(
        place.name if place else hotspot,
        alerts,
        links("news", "title", NEWS_ON_SPLASH),
        links("office", "name", OFFICES_ON_WELCOME),
    )


def _content(hotspot: str, lang: str) -> SplashContent:
    """The hotspot's place name, alerts and news, read at most every CONTENT_SECONDS:
    at a hundred residents a second the splash must not query content.db each time."""
    key = (current_app.config["DATA_DIR"], hotspot, lang)
    now = time.monotonic()
    with _content_lock:
        cached = _content_cache.get(key)
    if cached and now - cached[0] < CONTENT_SECONDS:
        return cached[1]
    content = _read_content(hotspot, lang)
    with _content_lock:
        _content_cache[key] = (now, content)
    return content


def _parse_fas() -> tuple[fas.FasRequest, str, dict]:
    # openNDS's base64 is not URL-encoded: the form decoder turns its '+' into ' ',
    # which fas._b64 turns back.
    raw = request.values.get("fas", "")
    iv = request.values.get("iv")
    db = portal_db.get_db()
    networks = current_app.extensions["infomat_gateway_networks"]
    parsed, faskey = fas.parse(raw, iv, portal_db.gateway_keys(db), networks)
    gateway = portal_db.gateway(db, parsed.gatewayname)
    return parsed, faskey, gateway


@bp.errorhandler(CSRFError)
def _csrf_failed(_exc: CSRFError):
    # The resident's own page (not the back office's), in their language, never cached.
    return error_page(400, request_language())


def _refused(exc: fas.FasError, lang: str):
    current_app.logger.warning(
        "portal: refused %s from %s: %s", request.path, request.remote_addr, exc
    )
    return error_page(exc.status, lang)


@bp.get("/")
def splash():
    """openNDS's FAS entry: the terms, local news and alerts, and one button."""
    lang = request_language()
    try:
        parsed, _faskey, gateway = _parse_fas()
    except fas.FasError as exc:
        return _refused(exc, lang)
    ends = portal_db.get_db().execute(
        "SELECT consented_at + session_seconds FROM consents WHERE hid = ?", [parsed.hid]
    )
    used = ends.fetchone()
    if used:
        # The Back button after consent: this session is online, so say so.
        if used[0] > time.time():
            left = math.ceil((used[0] - time.time()) / 60)
            return _welcome_page(lang, gateway, safe_origin(parsed.originurl), left)
        return error_page(409, lang, "used")
    content = _content(gateway["hotspot"], lang)
    query = {
        "fas": request.values["fas"],
        **({"iv": request.values["iv"]} if "iv" in request.values else {}),
    }
    return portal_page(
        "portal/splash.html",
        lang,
        query=query,
        hotspot=content.place,
        gatewayname=parsed.gatewayname,
        alerts=content.alerts,
        news=content.news,
        minutes=_minutes(gateway),
        voucher_required=bool(gateway["voucher_required"]),
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="infomat-wifi-session")


@bp.post("/consent")
def consent():
    """The resident accepted: record it once, then show the landing page that hands the
    browser to the gateway's authorization URL."""
    lang = request_language()
    try:
        parsed, faskey, gateway = _parse_fas()
    except fas.FasError as exc:
        return _refused(exc, lang)
    rules = policy.for_gateway(gateway, current_app.config)
    seconds = rules.session_seconds(datetime.now())
    if seconds <= 0:
        return error_page(403, lang, "closed_hours", opens=rules.opens, closes=rules.closes)
    salt = portal_db.mac_salt(current_app.config["DATA_DIR"], current_app.config["PORTAL_MAC_SALT"])
    mac_hash = portal_db.hash_mac(parsed.clientmac, salt)
    quota_kb = policy.session_quota_kb(
        rules, policy.used_today_kb(portal_db.get_db(), gateway["name"], mac_hash)
    )
    if quota_kb is None:
        return error_page(403, lang, "daily_quota")
    db = portal_db.get_db()
    # From the checks to the consent one write transaction: a session consents once, a
    # paper code is used once, and parallel posts see each other's wrong codes.
    with write_transaction(db):
        refused = _admission_refused(db, parsed.hid, gateway, rules, mac_hash, lang)
        if refused is None:
            portal_db.record_consent(db, parsed.hid, gateway["name"], mac_hash, lang, seconds)
    if refused is not None:
        return refused
    welcome = url_for(
        "portal.welcome",
        _external=True,
        lang=lang,
        gw=gateway["name"],
        origin=safe_origin(parsed.originurl),
    )
    custom = fas.custom_policy(seconds, rules.upload_kbps, rules.download_kbps, quota_kb)
    target = fas.auth_url(parsed, faskey, welcome, custom)
    content = _content(gateway["hotspot"], lang)
    response = current_app.make_response(
        render_portal(
            "portal/landing.html",
            lang,
            hotspot=content.place,
            auth_url=target,
            alerts=content.alerts,
            news=content.news,
        )
    )
    cookie = _serializer().dumps({"hid": parsed.hid, "until": time.time() + seconds})
    # Secure whenever the phone reached us over HTTPS (ProxyFix has applied proxy_hops);
    # a captive browser on plain http must still get it.
    response.set_cookie(
        SESSION_COOKIE, cookie, max_age=seconds, httponly=True, samesite="Lax",
        secure=request.is_secure,
    )  # fmt: skip
    response.headers.update(NO_STORE)
    return response


def _admission_refused(db, hid: str, gateway: dict, rules: policy.Policy, mac_hash: str, lang: str):
    """None when this openNDS session may go online now; else the page to answer."""
    if db.execute("SELECT 1 FROM consents WHERE hid = ?", [hid]).fetchone():
        return error_page(409, lang, "used")
    # A phone coming back takes the place it already has.
    if rules.max_clients and (
        online.people_online(db, gateways=[gateway["name"]], excluding=mac_hash)
        >= rules.max_clients
    ):
        return error_page(503, lang, "full")
    if gateway["voucher_required"]:
        return _voucher_refused(db, gateway["name"], mac_hash, lang)
    return None


def _voucher_refused(db, gateway: str, mac_hash: str, lang: str):
    """None when the code is good (it is then used); a device that must wait after
    wrong codes is not even checked (see vouchers)."""
    retry = url_for("portal.splash", **{k: v for k, v in request.form.items()
                                          if k in ("fas", "iv", "lang")})  # fmt: skip
    wait = vouchers.wait_seconds(db, gateway, mac_hash)
    if wait:
        return error_page(429, lang, "voucher_wait", retry, minutes=math.ceil(wait / 60))
    if not vouchers.redeem(db, gateway, request.form.get("voucher", "")):
        vouchers.record_failure(db, gateway, mac_hash)
        return error_page(403, lang, "voucher_wrong", retry)
    return None


def _welcome_page(
    lang: str, gateway: dict | None, origin: str | None, minutes_left: int | None = None
):
    """You are online: for how long (or how much longer), the page they were opening,
    and where to go next (the hotspot's news and offices, the residents' portal)."""
    content = _content(gateway["hotspot"], lang) if gateway else None
    # the news and offices open on the residents' portal, wherever the setting puts it
    residents_url = current_app.config["PORTAL_RESIDENTS_URL"]
    return portal_page(
        "portal/welcome.html",
        lang,
        origin=origin,
        minutes=_minutes(gateway),
        minutes_left=minutes_left,
        news=content.news if content else [],
        offices=content.offices if content else [],
        residents_url=residents_url,
        item_url=lambda type_name, item_id: (
            residents_url.rstrip("/") + item_path(type_name, item_id, lang)
        ),
    )


@bp.get("/welcome")
def welcome():
    """Where the gateway sends the browser once access is granted."""
    return _welcome_page(
        request_language(),
        _gateway(request.args.get("gw", "")),
        safe_origin(request.args.get("origin", "")),
    )


@bp.get("/api")
def captive_api():
    """RFC 8908: whether this browser is still behind the portal, and for how long not."""
    about_page = url_for("portal.about", _external=True)
    body = {"captive": True, "user-portal-url": about_page, "venue-info-url": about_page}
    try:
        session = _serializer().loads(request.cookies.get(SESSION_COOKIE, ""), max_age=86_400)
        remaining = int(session["until"] - time.time())
    except (BadSignature, KeyError, TypeError):
        remaining = 0
    if remaining > 0:
        body.update({"captive": False, "seconds-remaining": remaining, "can-extend-session": False})
    response = jsonify(body)
    response.mimetype = "application/captive+json"
    response.headers.update(NO_STORE)
    return response


@bp.get("/about")
def about():
    """The portal's page without a gateway: what the network is, terms and privacy."""
    lang = request_language()
    return render_portal("portal/about.html", lang, minutes=_minutes(None))


@bp.post("/accounting")
def accounting_report():
    """A gateway's signed report of an ended session (from its BinAuth script)."""
    db = portal_db.get_db()
    try:
        report = accounting.check(request.form, portal_db.gateway_keys(db))
    except accounting.AccountingError as exc:
        current_app.logger.warning(
            "portal: refused accounting from %s: %s", request.remote_addr, exc
        )
        return jsonify({"error": str(exc)}), exc.status
    salt = portal_db.mac_salt(current_app.config["DATA_DIR"], current_app.config["PORTAL_MAC_SALT"])
    accounting.record(db, report, portal_db.hash_mac(report["clientmac"], salt))
    portal_db.purge_older_than(db, current_app.config["PORTAL_RETENTION_DAYS"])
    return "", 204
