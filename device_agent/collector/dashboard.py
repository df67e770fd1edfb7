"""The fleet dashboard: tiles, a filterable table, the county map, one page per device
with charts, its latest screenshot, command buttons and its audit trail.

County admins see and do everything; an editor reads the devices of their own gmina
(all of them for the county office) and acts on none. Filters, sort and page live in
the URL; static/fleet-live.js updates the parts marked data-live in place, and the
pages work without it.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
import uuid
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from backoffice import current_user, login_required
from captive_portal import online as wifi_online
from captive_portal.db import get_db as get_portal_db
from common.polish import LOCAL_TZ, local_timestamp, plural_form
from common.sqlite import write_transaction
from content_sync.db import get_db as get_content_db
from device_agent.collector import device_texts, registry
from device_agent.collector.alert_reach import alert_reach, shown_alerts
from device_agent.collector.db import get_db
from device_agent.collector.fleet_state import (
    STATE_LABELS,
    STATES,
    DeviceState,
    Limits,
    load_states,
)
from device_agent.collector.reports import BUCKET_SECONDS
from device_agent.collector.svg import county_map, line_chart
from device_agent.verbs import VERBS, command_error, verbs_for

bp = Blueprint(
    "fleet",
    __name__,
    url_prefix="/fleet",
    template_folder="../templates",
    static_folder="../static",
    static_url_path="/static",
)

PAGE_SIZE = 100
STATIC_CACHE_SECONDS = 365 * 86_400
COMMAND_LIFETIME_SECONDS = 600
SORT_KEYS = {
    "id": lambda d: d.id,
    "name": lambda d: d.row["name"] or "",
    "municipality": lambda d: d.row["municipality"] or "",
    "state": lambda d: (STATES.index(d.state), -len(d.problems)),
    "last_seen": lambda d: d.row["last_seen"] or 0,
}
KIND_LABELS = {"kiosk": "Infomat", "hotspot": "Punkt Wi-Fi"}


def _scope() -> tuple[str, list]:
    user = current_user()
    if user.is_county_admin or user.office in (None, "powiat"):
        return "", []
    return "municipality = ?", [user.office]


def _county_admin() -> None:
    if not current_user().is_county_admin:
        abort(403)


def _confirmed(action: str) -> bool:
    """Whether the form's „na pewno” box was ticked, as the editor asks before deleting."""
    if request.form.get("confirm") == "1":
        return True
    flash(f"Zaznacz „na pewno”, aby {action}.")
    return False


def _limits() -> Limits:
    return Limits.from_config(current_app.config)


def _device_or_404(device_id: str) -> DeviceState:
    where, params = _scope()
    clause = "id = ?" + (f" AND {where}" if where else "")
    states = load_states(get_db(), time.time(), _limits(), clause, [device_id, *params], full=True)
    if not states:
        known = registry.device(get_db(), device_id)
        abort(403 if known else 404)
    return states[0]


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "nigdy"
    seconds = max(0, int(seconds))
    if seconds < 90:
        return f"{seconds} s temu"
    if seconds < 5400:
        return f"{seconds // 60} min temu"
    if seconds < 172_800:
        return f"{seconds // 3600} h temu"
    return f"{seconds // 86_400} dni temu"


@cache
def _static_version(filename: str) -> str:
    """A digest of the file, so its URL changes whenever a release changes it."""
    data = (Path(bp.static_folder) / filename).read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


def _static_url(filename: str) -> str:
    return url_for("fleet.static", filename=filename, v=_static_version(filename))


def _query(**changes) -> str:
    """This page's query string with `changes`; a change to None drops the argument."""
    args = {k: v for k, v in request.args.items() if k not in changes}
    args |= {k: v for k, v in changes.items() if v is not None}
    return "?" + urlencode(args)


@bp.context_processor
def _page_helpers() -> dict:
    return {
        "static_url": _static_url,
        "query": _query,
        "live_seconds": current_app.config["FLEET_PAGE_UPDATE_SECONDS"],
        "as_of": datetime.now(LOCAL_TZ).strftime("%H:%M:%S"),
        "plural_form": plural_form,
    }


@bp.after_request
def _cache_static(response):
    # Static URLs carry their digest (_static_url): a browser keeps them a year.
    if request.endpoint == "fleet.static" and response.status_code in (200, 304):
        response.cache_control.public = True
        response.cache_control.max_age = STATIC_CACHE_SECONDS
        response.cache_control.no_cache = None
    return response


@bp.app_template_filter("ago")
def ago_filter(timestamp: float | None) -> str:
    """'3 min temu' for a UNIX time."""
    return _age(None if timestamp is None else time.time() - timestamp)


@bp.app_template_filter("local_timestamp")
def local_timestamp_filter(timestamp: float | None) -> str:
    """'24.11.2026 22:43' in Warsaw for a UNIX time."""
    return local_timestamp(timestamp)


@bp.get("/")
@login_required
def index():
    """Tiles, map and the filtered, sorted table of devices."""
    where, params = _scope()
    now = time.time()
    states = load_states(get_db(), now, _limits(), where, params)
    reaches = alert_reach(get_content_db(), [s for s in states if s.row["kind"] == "kiosk"])
    tiles = {
        kind: (
            sum(s.up for s in states if s.row["kind"] == kind),
            sum(s.row["kind"] == kind for s in states),
        )
        for kind in KIND_LABELS
    }
    # The Wi-Fi pages' own count (captive_portal.online), over the hotspots in scope.
    in_scope = [s.id for s in states if s.row["kind"] == "hotspot"] if where else None
    wifi_users = wifi_online.people_online(get_portal_db(), hotspots=in_scope)
    with_problems = sum(bool(s.problems) or s.state == "offline" for s in states)
    args = request.args
    shown = states
    if args.get("kind") in KIND_LABELS:
        shown = [s for s in shown if s.row["kind"] == args["kind"]]
    if args.get("state") in STATES:
        shown = [s for s in shown if s.state == args["state"]]
    if args.get("municipality"):
        shown = [s for s in shown if s.row["municipality"] == args["municipality"]]
    if args.get("problems"):
        shown = [s for s in shown if s.problems or s.state == "offline"]
    query = args.get("q", "").strip().lower()[:100]
    if query:
        shown = [
            s for s in shown if query in s.id.lower() or query in (s.row["name"] or "").lower()
        ]
    sort = args.get("sort") if args.get("sort") in SORT_KEYS else "state"
    descending = args.get("dir") == "desc"
    shown = sorted(shown, key=SORT_KEYS[sort], reverse=descending)
    pages = max(1, math.ceil(len(shown) / PAGE_SIZE))
    page = max(1, min(args.get("page", 1, type=int) or 1, pages))
    return render_template(
        "fleet/index.html",
        tiles=tiles,
        reaches=reaches,
        wifi_users=wifi_users,
        wifi_users_meaning=wifi_online.MEANING,
        with_problems=with_problems,
        total=len(states),
        rows=shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        matching=len(shown),
        page=page,
        pages=pages,
        sort=sort,
        descending=descending,
        municipalities=sorted({s.row["municipality"] for s in states if s.row["municipality"]}),
        county_map=county_map(states, url_for("fleet.device", device_id="")),
        labels=STATE_LABELS,
        municipality_names=current_app.extensions["infomat_offices"](),
        kind_labels=KIND_LABELS,
    )


def _series(rows: list, at: list[int], value) -> list[tuple[int, float]]:
    """(time, value) points, leaving out what cannot be drawn: missing or not finite."""
    points = [(t, value(r)) for t, r in zip(at, rows, strict=True)]
    return [(t, v) for t, v in points if v is not None and math.isfinite(v)]


def _charts(device_id: str) -> list:
    since = int((time.time() - 48 * 3600) // BUCKET_SECONDS)
    rows = (
        get_db()
        .execute(
            "SELECT bucket, samples, cpu_sum, memory_sum, temperature_max, clients_max "
            "FROM aggregates WHERE device_id = ? AND bucket >= ? AND samples > 0 ORDER BY bucket",
            [device_id, since],
        )
        .fetchall()
    )
    at = [(r[0] * BUCKET_SECONDS) for r in rows]
    charts = [
        line_chart(_series(rows, at, lambda r: r[2] / r[1]), "Procesor", "%"),
        line_chart(_series(rows, at, lambda r: r[3] / r[1]), "Pamięć", "%"),
    ]
    temperatures = [(t, v) for t, v in _series(rows, at, lambda r: r[4]) if v > -273]
    if temperatures:
        charts.append(line_chart(temperatures, "Temperatura", "°C"))
    clients = _series(rows, at, lambda r: r[5])
    if clients and any(c for _t, c in clients):
        charts.append(line_chart(clients, "Użytkownicy Wi-Fi", ""))
    return charts


@bp.get("/devices/<device_id>")
@login_required
def device(device_id: str):
    """Everything about one device."""
    state = _device_or_404(device_id)
    db = get_db()
    commands = list(
        db["commands"].rows_where(
            "device_id = ?", [device_id], order_by="created_at DESC", limit=20
        )
    )
    audit = list(db["audit"].rows_where("device_id = ?", [device_id], order_by="at DESC", limit=50))
    shot = db.execute(
        "SELECT taken_at FROM screenshots WHERE device_id = ?", [device_id]
    ).fetchone()
    boots = db.execute(
        "SELECT COUNT(*), MAX(first_at) FROM boots WHERE device_id = ?", [device_id]
    ).fetchone()
    dropped = db.execute(
        "SELECT COALESCE(SUM(json_extract(body, '$.dropped')), 0) FROM reports"
        " WHERE device_id = ? AND json_valid(body)",
        [device_id],
    ).fetchone()[0]
    verbs = verbs_for(state.row["kind"]) if current_user().is_county_admin else []
    offices = current_app.extensions["infomat_offices"]()
    log = [
        {
            "at": entry["at"],
            "actor": device_texts.actor(entry["actor"]),
            "text": device_texts.sentence(entry, offices),
        }
        for entry in audit
    ]
    return render_template(
        "fleet/device.html",
        d=state,
        r=state.report,
        labels=STATE_LABELS,
        kind_labels=KIND_LABELS,
        municipality_names=offices,
        charts=_charts(device_id),
        commands=commands,
        log=log,
        shown_alerts=shown_alerts(get_content_db(), state),
        screen_names=device_texts.SCREEN_NAMES,
        screenshot_at=shot[0] if shot else None,
        boots=boots,
        dropped=dropped,
        verbs=verbs,
        verb_labels={name: verb.label for name, verb in VERBS.items()},
        now=time.time(),
    )


@bp.post("/devices/<device_id>/commands")
@login_required
def send_command(device_id: str):
    """Queue an allowed command; the device picks it up with its next report."""
    _county_admin()
    state = _device_or_404(device_id)
    verb_name = request.form.get("verb", "")
    arguments = {}
    if verb_name == "identify":
        seconds = request.form.get("seconds", "60")
        if not seconds.isdigit():
            flash("Czas banera musi być liczbą sekund (5–600).")
            return redirect(url_for("fleet.device", device_id=device_id))
        arguments = {"seconds": int(seconds)}
    error = command_error(verb_name, arguments, state.row["kind"])
    if error:
        flash(f"Tego polecenia nie można wysłać: {error}.")
        return redirect(url_for("fleet.device", device_id=device_id))
    # The verbs only the county may send interrupt a service: they are confirmed first.
    if VERBS[verb_name].county_admin_only and not _confirmed("wysłać to polecenie"):
        return redirect(url_for("fleet.device", device_id=device_id))
    now = time.time()
    db = get_db()
    with write_transaction(db):
        command_id = uuid.uuid4().hex
        db["commands"].insert(
            {
                "id": command_id,
                "device_id": device_id,
                "verb": verb_name,
                "arguments": json.dumps(arguments),
                "created_by": current_user().username,
                "created_at": now,
                "expires_at": now + COMMAND_LIFETIME_SECONDS,
            }
        )
        registry.audit(
            db,
            current_user().username,
            "command",
            device_id,
            {"id": command_id, "verb": verb_name, "arguments": arguments},
        )
    flash(f"Wysłano: {VERBS[verb_name].label}. Urządzenie odbierze je z najbliższym raportem.")
    return redirect(url_for("fleet.device", device_id=device_id))


@bp.get("/devices/<device_id>/screenshot.png")
@login_required
def screenshot(device_id: str):
    """The device's latest screenshot."""
    _device_or_404(device_id)
    row = (
        get_db().execute("SELECT png FROM screenshots WHERE device_id = ?", [device_id]).fetchone()
    )
    if not row:
        abort(404)
    response = current_app.response_class(row[0], mimetype="image/png")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/devices/<device_id>/enrollment-code")
@login_required
def enrollment_code(device_id: str):
    """A new single-use code, shown once on the page."""
    _county_admin()
    _device_or_404(device_id)
    code = registry.create_enrollment_code(get_db(), device_id, current_user().username)
    return render_template("fleet/enrollment_code.html", device_id=device_id, code=code)


@bp.post("/devices/<device_id>/revoke")
@login_required
def revoke(device_id: str):
    """Stop accepting the device's token (a stolen device, a replaced one)."""
    _county_admin()
    _device_or_404(device_id)
    if not _confirmed("cofnąć dostęp urządzenia"):
        return redirect(url_for("fleet.device", device_id=device_id))
    registry.revoke_token(get_db(), device_id, current_user().username)
    flash(f"Cofnięto dostęp urządzenia {device_id}; zgłosi się znowu dopiero z nowym kodem.")
    return redirect(url_for("fleet.device", device_id=device_id))


@bp.post("/devices/<device_id>/municipality")
@login_required
def move(device_id: str):
    """Give the device to another gmina: the only way a device changes gmina."""
    _county_admin()
    _device_or_404(device_id)
    municipality = request.form.get("municipality", "")
    offices = current_app.extensions["infomat_offices"]()
    if municipality not in offices:
        flash("Wybierz gminę z listy.")
    else:
        registry.move_device(get_db(), device_id, municipality, current_user().username)
        flash(f"Urządzenie {device_id} należy teraz do: {offices[municipality]}.")
    return redirect(url_for("fleet.device", device_id=device_id))
