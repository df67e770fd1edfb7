"""The county admin's page for admin users: add editors, change roles, disable and
re-enable accounts, hand out a temporary password (to be changed at the next login).

The same rules as `infomat users` (backoffice.users); offices are the content
channels, which the content package lends through `app.extensions["infomat_offices"]`
(the shell never imports content code).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from backoffice.auth import county_admin_required, current_user
from backoffice.db import get_db
from backoffice.passwords import MIN_LENGTH
from backoffice.users import (
    ROLES,
    UserError,
    add_user,
    list_users,
    set_disabled,
    set_password,
    set_role,
)

bp = Blueprint("user_admin", __name__, url_prefix="/admin/users", template_folder="templates")

ROLE_LABELS = {"county-admin": "administrator powiatu", "editor": "redaktor urzędu"}


def _offices() -> dict[str, str]:
    return current_app.extensions.get("infomat_offices", dict)()


def _page(section: str | None = None, form: dict | None = None, error: str | None = None):
    """The page; a refused form (`section`: add, role or reset) keeps its values and says why."""
    return (
        render_template(
            "user_admin.html",
            users=list_users(get_db()),
            offices=_offices(),
            roles=ROLES,
            role_labels=ROLE_LABELS,
            forms={section: form or {}},
            errors={section: error} if error else {},
            min_length=MIN_LENGTH,
        ),
        400 if error else 200,
    )


@bp.get("/")
@county_admin_required
def index():
    """Every admin user, and the form to add one."""
    return _page()


@bp.post("/")
@county_admin_required
def add():
    """Create a user; an editor must belong to a known office."""
    form = request.form
    office = form.get("office") or None
    if form.get("password", "") != form.get("password2", ""):
        return _page("add", form, "Hasła się różnią.")
    if office is not None and office not in _offices():
        return _page("add", form, "Wybierz urząd z listy.")
    try:
        user = add_user(
            get_db(),
            form.get("username", "").strip().lower(),
            form.get("password", ""),
            form.get("role", ""),
            office if form.get("role") == "editor" else None,
        )
    except UserError as exc:
        return _page("add", form, f"Nie dodano: {exc}.")
    current_app.logger.info("user %s added by %s", user.username, current_user().username)
    flash(f"Dodano użytkownika {user.username}.")
    return redirect(url_for("user_admin.index"))


@bp.post("/role")
@county_admin_required
def change_role():
    """Move a user to another role or office; their sessions end, the new role starts
    at their next login."""
    form = request.form
    username = form.get("username", "")
    role = form.get("role", "")
    office = form.get("office") or None
    if username == current_user().username:
        return _page("role", form, "Nie można zmienić roli własnego konta.")
    if office is not None and office not in _offices():
        return _page("role", form, "Wybierz urząd z listy.")
    try:
        set_role(get_db(), username, role, office)
    except UserError as exc:
        return _page("role", form, f"Nie zmieniono roli: {exc}.")
    current_app.logger.info(
        "user %s: %s is now %s %s", current_user().username, username, role, office or ""
    )
    flash(f"Zmieniono rolę użytkownika {username}; zaloguje się ponownie.")
    return redirect(url_for("user_admin.index"))


@bp.post("/password")
@county_admin_required
def reset_password():
    """Give a user a temporary password; their sessions end and they must change it."""
    form = request.form
    username = form.get("username", "")
    if form.get("password", "") != form.get("password2", ""):
        return _page("reset", form, "Hasła się różnią.")
    try:
        set_password(get_db(), username, form.get("password", ""), must_change=True)
    except UserError as exc:
        return _page("reset", form, f"Nie zmieniono hasła: {exc}.")
    current_app.logger.info("user %s: reset the password of %s", current_user().username, username)
    flash(f"Nadano hasło tymczasowe użytkownikowi {username}; zmieni je przy logowaniu.")
    return redirect(url_for("user_admin.index"))


@bp.post("/<username>/disable")
@county_admin_required
def disable(username: str):
    """Disable an account; its session ends at its next click."""
    return _set_disabled(username, True)


@bp.post("/<username>/enable")
@county_admin_required
def enable(username: str):
    """Re-enable a disabled account."""
    return _set_disabled(username, False)


def _set_disabled(username: str, disabled: bool):
    if disabled and username == current_user().username:
        flash("Nie można zablokować własnego konta.")
        return redirect(url_for("user_admin.index"))
    try:
        set_disabled(get_db(), username, disabled)
    except UserError as exc:
        flash(f"{exc}.")
    else:
        action = "zablokował(a)" if disabled else "odblokował(a)"
        current_app.logger.info("user %s: %s %s", current_user().username, action, username)
        flash(f"Konto {username} {'zablokowane' if disabled else 'odblokowane'}.")
    return redirect(url_for("user_admin.index"))
