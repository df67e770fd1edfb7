"""Every admin's own account page: changing their password.

A user whose password an admin handed out (a reset) is kept here until they change it
(auth.require_password_change).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request

from backoffice import ratelimit
from backoffice.auth import ADMIN_HOME, current_user, login_required, start_session
from backoffice.db import get_db
from backoffice.passwords import MIN_LENGTH
from backoffice.users import UserError, WrongPasswordError, change_password

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")


def _page(errors: dict[str, str] | None = None, status: int = 200):
    return (
        render_template("password.html", errors=errors or {}, min_length=MIN_LENGTH),
        status,
    )


@bp.route("/password", methods=("GET", "POST"))
@login_required
def password():
    """The form to change one's own password; other browsers' sessions end with it."""
    if request.method == "GET":
        return _page()
    form = request.form
    user = current_user()
    new = form.get("new_password", "")
    if new != form.get("new_password2", ""):
        return _page({"new_password2": "Nowe hasła się różnią."}, 400)
    db = get_db()
    # Whoever finds a browser left logged in must not get unlimited guesses at the
    # password itself: counted before the check, as logins are.
    attempt = ratelimit.take_attempt(db, [ratelimit.Limit(f"passwd:{user.username}", 5, 900)])
    if attempt.retry_after:
        minutes = max(1, round(attempt.retry_after / 60))
        message = f"Zbyt wiele prób. Spróbuj ponownie za {minutes} min."
        return _page({"current_password": message}, 429)
    try:
        changed = change_password(db, user.username, form.get("current_password", ""), new)
    except WrongPasswordError:
        return _page({"current_password": "Obecne hasło jest nieprawidłowe."}, 400)
    except UserError as exc:
        ratelimit.succeeded(db, attempt)
        return _page({"new_password": f"{str(exc)[:1].upper()}{str(exc)[1:]}."}, 400)
    ratelimit.succeeded(db, attempt)
    start_session(changed)
    current_app.logger.info("user %s changed their password", user.username)
    flash("Hasło zmienione. Na innych urządzeniach trzeba zalogować się ponownie.")
    return redirect(ADMIN_HOME)
