"""Wiring the admin shell into the Flask app: keys, cookies, CSRF, headers, error pages."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from backoffice import account, auth, db, user_admin
from backoffice.nav import in_admin_area, nav_links
from common import polish

csrf = CSRFProtect()

ERROR_MESSAGES = {
    400: "Nieprawidłowe żądanie.",
    403: "Nie masz uprawnień do tej strony.",
    404: "Nie ma takiej strony.",
    405: "Ta operacja nie jest tu dozwolona.",
    413: "Przesłany plik jest za duży.",
    429: "Zbyt wiele żądań — spróbuj za chwilę.",
    500: "Wystąpił błąd serwera. Spróbuj ponownie za chwilę.",
}
CSRF_MESSAGE = "Formularz wygasł albo nie pochodzi z tej strony. Odśwież stronę i spróbuj ponownie."

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Admin pages may run the app's own script files (the fleet's live updates), never inline
# code nor anyone else's; public and portal pages stay without scripts.
ADMIN_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'none'", "script-src 'self'"
)


def _secret_key(data_dir: Path) -> str:
    """Read the key from data_dir, creating it (0600) on first start."""
    path = data_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _machine_path() -> bool:
    """Device traffic: every byte counts on a rural link, and nobody reads the page."""
    return request.path.startswith("/sync/")


def _error_response(status: int, message: str):
    if _machine_path():
        return current_app.response_class(f"{status}\n", status=status, mimetype="text/plain")
    if _wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def _handle_http_error(exc: HTTPException):
    status = exc.code or 500
    message = ERROR_MESSAGES.get(status, exc.name)
    if _wants_json() and exc.description and status == 400:
        message = exc.description
    response = current_app.make_response(_error_response(status, message))
    # The error's own headers stay: Allow on a 405 is required (RFC 9110), Retry-After helps.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _handle_csrf_error(_exc: CSRFError):
    return _error_response(400, CSRF_MESSAGE)


def _handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return _handle_http_error(exc)
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return _error_response(500, ERROR_MESSAGES[500])


def _security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    # Only pages need the rest; sync and API responses stay small for rural links.
    if response.mimetype == "text/html":
        policy = ADMIN_CONTENT_SECURITY_POLICY if in_admin_area() else CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def init_app(app: Flask) -> None:
    """Register login, sessions, CSRF, security headers and friendly error pages."""
    data_dir = Path(app.config["DATA_DIR"])
    db.open_accounts_db(data_dir).close()
    app.secret_key = app.config["SECRET_KEY"] or _secret_key(data_dir)
    app.config.update(
        SESSION_COOKIE_NAME="infomat_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["SECURE_COOKIES"],
        PERMANENT_SESSION_LIFETIME=timedelta(hours=app.config["SESSION_HOURS"]),
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=app.config["SECURE_COOKIES"],
    )
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    csrf.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(user_admin.bp)
    app.register_blueprint(account.bp)
    app.jinja_env.globals["backoffice_nav"] = nav_links
    app.jinja_env.globals["admin_home"] = auth.ADMIN_HOME
    # every page of the back office writes times and counts the same way
    app.jinja_env.filters["local_time"] = polish.local_time
    app.jinja_env.globals["plural"] = polish.plural
    app.jinja_env.globals["plural_form"] = polish.plural_form
    app.before_request(auth.load_logged_in_user)
    app.before_request(auth.require_password_change)
    app.teardown_appcontext(db.close_db)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(Exception, _handle_unexpected)
