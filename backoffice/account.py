"""Every admin's own account page: changing their password.

A user whose password an admin handed out (a reset) is kept here until they change it
(auth.require_password_change).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request

from backoffice.auth import current_user, login_required, start_session
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
    try:
        changed = change_password(get_db(), user.username, form.get("current_password", ""), new)
    except WrongPasswordError:
        return _page({"current_password": "Obecne hasło jest nieprawidłowe."}, 400)
    except UserError as exc:
        return _page({"new_password": f"{str(exc)[:1].upper()}{str(exc)[1:]}."}, 400)
    start_session(changed)
    current_app.logger.info("user %s changed their password", user.username)
    flash("Hasło zmienione. Na innych urządzeniach trzeba zalogować się ponownie.")
    return redirect("/")
