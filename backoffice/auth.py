"""Logging in and out, and the guards every admin view uses."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

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
from werkzeug.wrappers import Response

from backoffice import ratelimit
from backoffice.db import get_db
from backoffice.passwords import MAX_LENGTH
from backoffice.users import User, active_user, authenticate, end_sessions

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


def start_session(user: User) -> None:
    """Make this browser's session `user`'s, stamped with their current generation."""
    session.clear()
    session.permanent = True
    session["username"] = user.username
    session["generation"] = user.session_generation


def load_logged_in_user() -> None:
    """Read the session; one of a disabled user, or from before a logout, a block or a
    password change (an older generation), is ended here."""
    username = session.get("username")
    g.user = active_user(get_db(), username, session.get("generation")) if username else None
    if username and g.user is None:
        session.clear()


# What a user who must replace a handed-out password may still open.
_ALLOWED_BEFORE_PASSWORD_CHANGE = frozenset(
    {"account.password", "auth.logout", "auth.login", "auth.static"}
)


def require_password_change() -> Response | None:
    """Keep a user with a handed-out password on the password form, whatever they ask for."""
    user = current_user()
    if (
        user is not None
        and user.must_change_password
        and request.endpoint not in _ALLOWED_BEFORE_PASSWORD_CHANGE
    ):
        return redirect(url_for("account.password"))
    return None


# Where an admin goes after logging in without a `next`: the editors' panel, linked from
# every admin page (the site's own / is the residents' portal).
ADMIN_HOME = "/editor/"


def _safe_next(target: str | None) -> str:
    """Only a path on this site, so the login page cannot be used to send people elsewhere.

    Browsers drop tabs and newlines from a Location and read a backslash as a slash, so
    `/<TAB>/evil.example` would arrive as `//evil.example`: anything with a control or
    other unprintable character or a backslash is refused outright, and what is left
    must be a bare path (no scheme, no host) that parsing gives back unchanged.
    """
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or not target.isprintable()
    ):
        return ADMIN_HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or urlunsplit(parts) != target:
        return ADMIN_HOME
    return target


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


def _login_limits(username: str, address: str) -> list[ratelimit.Limit]:
    """Per user name and address, per address, and per account (a slower lockout that
    also stops guessing spread over many addresses)."""
    config = current_app.config
    window = config["LOGIN_WINDOW_MINUTES"] * 60
    return [
        ratelimit.Limit(f"login-user:{username}|{address}", config["LOGIN_MAX_FAILURES"], window),
        ratelimit.Limit(f"login-ip:{address}", config["LOGIN_MAX_FAILURES_PER_IP"], window),
        ratelimit.Limit(
            f"login-account:{username}",
            config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
            config["LOGIN_ACCOUNT_WINDOW_MINUTES"] * 60,
        ),
    ]


def _login_page(error: str, status: int):
    # The login name stays in the form, so a mistyped password is the only thing retyped.
    page = render_template(
        "login.html",
        error=error,
        next=request.form.get("next", ""),
        username=request.form.get("username", "").strip()[:64],
    )
    return page, status


@bp.route("/login", methods=("GET", "POST"))
def login():
    """The one login form of the server room."""
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "").strip().lower()[:64]
    password = request.form.get("password", "")[:MAX_LENGTH]
    # The proxy's address unless proxy_hops says how many proxies to look behind.
    address = request.remote_addr or "unknown"
    db = get_db()
    limits = _login_limits(username, address)
    attempt = ratelimit.take_attempt(db, limits)
    if attempt.retry_after:
        current_app.logger.warning("login throttled user=%s addr=%s", username, address)
        minutes = max(1, round(attempt.retry_after / 60))
        message = f"Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za {minutes} min."
        response = current_app.make_response(_login_page(message, 429))
        response.headers["Retry-After"] = str(attempt.retry_after)
        return response
    user = authenticate(db, username, password)
    if user is None:
        current_app.logger.warning("login failed user=%s addr=%s", username, address)
        return _login_page("Nieprawidłowy login lub hasło.", 401)
    ratelimit.succeeded(db, attempt, forget=[limits[0].key])
    start_session(user)
    current_app.logger.info("login user=%s addr=%s", username, address)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/logout", methods=("POST",))
def logout():
    """End this user's sessions in every browser (POST only, so a link on another site
    cannot log anyone out)."""
    user = current_user()
    if user is not None:
        end_sessions(get_db(), user.username)
    session.clear()
    flash("Wylogowano.")
    return redirect(url_for("auth.login"))
