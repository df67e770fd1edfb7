"""Logging in and out, and the guards every admin view uses."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from backoffice import ratelimit
from backoffice.db import get_db
from backoffice.users import User, active_user, authenticate

bp = Blueprint(
    "auth",
    __name__,
    static_folder="static",
    static_url_path="/admin-static",
    template_folder="templates",
)


def current_user() -> User | None:
    """The logged-in admin of this request, or None."""
    return g.get("user")


def load_logged_in_user() -> None:
    """Read the session; a user disabled since logging in is logged out here."""
    username = session.get("username")
    g.user = active_user(get_db(), username) if username else None
    if username and g.user is None:
        session.clear()


def _safe_next(target: str | None) -> str:
    """Only a path on this site, so the login page cannot be used to send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_required(view: Callable) -> Callable:
    """Send anonymous visitors to the login page; the view runs only for admins."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(**kwargs)

    return wrapped


def county_admin_required(view: Callable) -> Callable:
    """Like login_required, and 403 for anyone but a county admin."""

    @functools.wraps(view)
    @login_required
    def wrapped(**kwargs):
        if not current_user().is_county_admin:
            abort(403)
        return view(**kwargs)

    return wrapped


@bp.route("/login", methods=("GET", "POST"))
def login():
    """The one login form of the server room."""
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "").strip().lower()[:64]
    password = request.form.get("password", "")[:1024]
    address = request.remote_addr or "unknown"
    config = current_app.config
    window = config["LOGIN_WINDOW_MINUTES"] * 60
    db = get_db()
    wait = ratelimit.retry_after_seconds(
        db,
        username,
        address,
        config["LOGIN_MAX_FAILURES"],
        config["LOGIN_MAX_FAILURES_PER_IP"],
        window,
    )
    if wait:
        minutes = max(1, round(wait / 60))
        message = f"Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za {minutes} min."
        response = current_app.make_response(
            (render_template("login.html", error=message, next=request.form.get("next", "")), 429)
        )
        response.headers["Retry-After"] = str(wait)
        return response
    user = authenticate(db, username, password)
    if user is None:
        ratelimit.record_failure(db, username, address, window)
        current_app.logger.warning("login failed user=%s addr=%s", username, address)
        return (
            render_template(
                "login.html",
                error="Nieprawidłowy login lub hasło.",
                next=request.form.get("next", ""),
            ),
            401,
        )
    ratelimit.clear_failures(db, username, address)
    session.clear()
    session.permanent = True
    session["username"] = user.username
    current_app.logger.info("login user=%s addr=%s", username, address)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/logout", methods=("POST",))
def logout():
    """End the session (POST only, so a link on another site cannot log anyone out)."""
    session.clear()
    flash("Wylogowano.")
    return redirect(url_for("auth.login"))
