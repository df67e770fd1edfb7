"""The portal running alone on a Linux hotspot with the nftables driver
(`infomat portal --config FILE`).

Residents' port-80 traffic is redirected here; the Host header still names the site
they wanted, shown after consent as a plain link. Consent authorizes the client's MAC
(looked up from the gateway's ARP table) in the kernel for the session length.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from flask import Blueprint, Flask, current_app, jsonify, request, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from captive_portal import db as portal_db
from captive_portal.nftables import GatewayLayout, NftablesGateway, NftError, mac_of
from captive_portal.pages import NO_STORE, error_page, portal_page, request_language, safe_origin

bp = Blueprint(
    "portal",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/portal/static",
)


def _gateway() -> NftablesGateway:
    return current_app.extensions["infomat_nftables"]


def _session_seconds() -> int:
    return round(current_app.config["PORTAL_SESSION_MINUTES"] * 60)


@bp.get("/", defaults={"anything": ""})
@bp.get("/<path:anything>")
def splash(anything: str):
    """Whatever a resident opened before consent: the splash."""
    lang = request_language()
    query = {"origin": request.values.get("origin") or request.url}
    return portal_page(
        "portal/splash.html",
        lang,
        query=query,
        hotspot=current_app.config["PORTAL_HOTSPOT_NAME"],
        alerts=[],
        news=[],
        minutes=round(_session_seconds() / 60),
    )


@bp.post("/portal/consent")
def consent():
    """Authorize this client's MAC in the kernel for the session length."""
    lang = request_language()
    mac = mac_of(request.remote_addr or "")
    if mac is None:
        return error_page(400, lang)
    try:
        _gateway().authorize(mac, _session_seconds())
    except NftError as exc:
        current_app.logger.error("portal: cannot authorize %s: %s", request.remote_addr, exc)
        return error_page(503, lang)
    salt = portal_db.mac_salt(current_app.config["DATA_DIR"], current_app.config["PORTAL_MAC_SALT"])
    db = portal_db.open_portal_db(current_app.config["DATA_DIR"])
    try:
        portal_db.record_consent(
            db, f"nft-{secrets.token_hex(16)}", "local", portal_db.hash_mac(mac, salt), lang,
            _session_seconds(),
        )  # fmt: skip
    finally:
        db.close()
    return _welcome(lang, safe_origin(request.form.get("origin", "")))


def _portal_base() -> str:
    # Absolute: once online, the phone's port-80 traffic no longer comes to the gateway.
    return f"http://{current_app.config['PORTAL_LAN_ADDRESS']}:{current_app.config['PORTAL_PORT']}"


def _welcome(lang: str, origin: str | None, extended: bool = False):
    return portal_page(
        "portal/welcome.html",
        lang,
        origin=origin,
        minutes=round(_session_seconds() / 60),
        extended=extended,
        extend_url=_portal_base() + url_for("portal.extend"),
    )


@bp.post("/portal/extend")
def extend():
    """Restart the session clock of a client that is online (RFC 8908 can-extend-session).

    Without a CSRF token: the form is posted across origins (the splash was served under
    the site the phone opened), and all it can do is lengthen the caller's own session.
    """
    lang = request_language()
    mac = mac_of(request.remote_addr or "")
    if mac is None or not any(c.mac == mac for c in _gateway().clients()):
        return error_page(403, lang)
    _gateway().authorize(mac, _session_seconds())
    return _welcome(lang, None, extended=True)


@bp.get("/portal/welcome")
def welcome():
    """Reached again after consent (bookmarks, reloads)."""
    return _welcome(request_language(), None)


@bp.get("/portal/api")
def captive_api():
    """RFC 8908, answered from the kernel's own state for this client."""
    mac = mac_of(request.remote_addr or "")
    client = next((c for c in _gateway().clients() if c.mac == mac), None) if mac else None
    body = {
        "captive": client is None,
        "user-portal-url": _portal_base() + url_for("portal.welcome"),
    }
    if client is not None:
        body |= {"seconds-remaining": int(client.expires_in or 0), "can-extend-session": True}
    response = jsonify(body)
    response.mimetype = "application/captive+json"
    response.headers.update(NO_STORE)
    return response


def _secret(data_dir: Path) -> str:
    path = data_dir / "portal_secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def create_local_app(config: dict, gateway: NftablesGateway | None = None) -> Flask:
    """The gateway's portal app (settings as the server's, upper-cased)."""
    app = Flask(__name__)
    app.config.update(config)
    app.secret_key = _secret(Path(config["DATA_DIR"]))
    app.extensions["infomat_nftables"] = gateway or NftablesGateway(
        GatewayLayout(
            config["PORTAL_LAN_INTERFACE"],
            config["PORTAL_LAN_ADDRESS"],
            config["PORTAL_PORT"],
            tuple(config["PORTAL_WALLED_GARDEN"]),
        )
    )
    portal_db.open_portal_db(config["DATA_DIR"]).close()
    csrf = CSRFProtect(app)
    csrf.exempt(extend)
    app.register_blueprint(bp)

    @app.errorhandler(CSRFError)
    def csrf_failed(_exc):
        return error_page(400, request_language())

    started = time.time()

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok", "up_seconds": round(time.time() - started)})

    return app
