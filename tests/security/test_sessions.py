"""A session ends for real: at logout, when the account is blocked, when the password
changes; and a password an admin handed out must be replaced before anything else."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from backoffice.db import open_accounts_db
from server_room.cli import infomat
from tests.conftest import PASSWORD, csrf_token, log_in

COOKIE = "infomat_session"
NEW_PASSWORD = "lipowa-aleja-1987"


def saved_cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def browser_with(app, cookie: str):
    """Another browser that replays a cookie saved earlier."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie)
    return other


def change_password(client, current: str, new: str, repeat: str | None = None):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "new_password2": new if repeat is None else repeat,
            "csrf_token": csrf_token(client, "/account/password"),
        },
    )


def admin_reset(admin, username: str, password: str):
    return admin.post(
        "/admin/users/password",
        data={
            "username": username,
            "password": password,
            "password2": password,
            "csrf_token": csrf_token(admin, "/admin/users/"),
        },
    )


def test_a_cookie_saved_before_logout_no_longer_works(app, login):
    editor = login("ed-garbow")
    cookie = saved_cookie(editor)
    editor.post("/logout", data={"csrf_token": csrf_token(editor, "/editor/")})
    assert browser_with(app, cookie).get("/editor/").status_code == 302


def test_logging_out_in_one_browser_ends_the_sessions_in_the_others(login):
    phone, laptop = login("ed-garbow"), login("ed-garbow")
    phone.post("/logout", data={"csrf_token": csrf_token(phone, "/editor/")})
    assert laptop.get("/editor/").status_code == 302


def test_blocking_and_unblocking_an_account_does_not_revive_its_old_cookies(app, login):
    admin, editor = login("admin"), login("ed-garbow")
    cookie = saved_cookie(editor)
    token = csrf_token(admin, "/admin/users/")
    admin.post("/admin/users/ed-garbow/disable", data={"csrf_token": token})
    admin.post("/admin/users/ed-garbow/enable", data={"csrf_token": token})
    assert browser_with(app, cookie).get("/editor/").status_code == 302
    assert log_in(app.test_client(), "ed-garbow").status_code == 302


def test_changing_the_password_keeps_this_browser_and_ends_the_others(app, login):
    here, elsewhere = login("ed-garbow"), login("ed-garbow")
    response = change_password(here, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert here.get("/editor/").status_code == 200
    assert elsewhere.get("/editor/").status_code == 302
    assert log_in(app.test_client(), "ed-garbow").status_code == 401
    assert log_in(app.test_client(), "ed-garbow", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("wrong-password-1", NEW_PASSWORD, None, "Obecne hasło jest nieprawidłowe"),
        (PASSWORD, "krotkie", None, "co najmniej 10 znaków"),
        (PASSWORD, "qwertyuiop", None, "zbyt popularne"),
        (PASSWORD, "Password123", None, "zbyt popularne"),
        (PASSWORD, NEW_PASSWORD, "lipowa-aleja-1988", "Nowe hasła się różnią"),
        (PASSWORD, "Ed-Garbow2024!", None, "nie może być loginem"),
    ],
)
def test_a_bad_new_password_is_refused_with_a_polish_reason(
    app, login, current, new, repeat, message
):
    editor = login("ed-garbow")
    response = change_password(editor, current, new, repeat)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    assert log_in(app.test_client(), "ed-garbow").status_code == 302


def test_guessing_the_current_password_on_the_change_form_is_stopped_after_five(login):
    editor = login("ed-garbow")
    for _ in range(5):
        assert change_password(editor, "guess-guess-guess", NEW_PASSWORD).status_code == 400
    response = change_password(editor, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 429
    assert "Zbyt wiele prób" in response.get_data(as_text=True)


def test_every_user_has_a_labelled_password_form(login):
    page = login("ed-powiat").get("/account/password").get_data(as_text=True)
    for field in ("current_password", "new_password", "new_password2"):
        assert f'<label for="{field}"' in page and f'id="{field}"' in page


def test_an_admin_reset_ends_the_sessions_and_forces_a_change_at_next_login(app, login):
    admin, editor = login("admin"), login("ed-garbow")
    assert admin_reset(admin, "ed-garbow", "tymczasowe-haslo-42").status_code == 302
    assert editor.get("/editor/").status_code == 302
    user = app.test_client()
    assert log_in(user, "ed-garbow", "tymczasowe-haslo-42").status_code == 302
    for path in ("/editor/", "/admin/users/", "/fleet/"):
        response = user.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/password"
    page = user.get("/account/password").get_data(as_text=True)
    assert "Ustaw nowe hasło" in page
    assert change_password(user, "tymczasowe-haslo-42", NEW_PASSWORD).status_code == 302
    assert user.get("/editor/").status_code == 200


def test_a_forced_change_cannot_be_skipped_by_posting_elsewhere(app, login):
    admin = login("admin")
    admin_reset(admin, "ed-garbow", "tymczasowe-haslo-42")
    user = app.test_client()
    log_in(user, "ed-garbow", "tymczasowe-haslo-42")
    token = csrf_token(user, "/account/password")
    response = user.post("/editor/news/new", data={"title": "x", "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/password"


def test_the_admin_reset_refuses_a_common_password(login, data_dir):
    admin = login("admin")
    response = admin_reset(admin, "ed-garbow", "1234567890")
    assert response.status_code == 400
    assert "zbyt popularne" in response.get_data(as_text=True)


def test_the_command_line_sets_a_password_that_must_be_changed_at_next_login(app, data_dir):
    editor = app.test_client()
    log_in(editor, "ed-garbow")
    result = CliRunner().invoke(
        infomat,
        ["users", "passwd", "ed-garbow", "--data-dir", str(data_dir)],
        input="tymczasowe-haslo-42\ntymczasowe-haslo-42\n",
    )
    assert result.exit_code == 0, result.output
    assert editor.get("/editor/").status_code == 302
    user = app.test_client()
    assert log_in(user, "ed-garbow", "tymczasowe-haslo-42").status_code == 302
    assert user.get("/editor/").headers["Location"] == "/account/password"


def test_the_command_line_refuses_a_common_password_in_polish(data_dir):
    result = CliRunner().invoke(
        infomat,
        ["users", "passwd", "ed-garbow", "--data-dir", str(data_dir), "--password", "qwerty12345"],
    )
    assert result.exit_code != 0
    assert "zbyt popularne" in result.output
    with open_accounts_db(data_dir) as accounts:
        assert accounts["users"].get("ed-garbow")["password_hash"]


def change_role(admin, username: str, role: str, office: str = ""):
    return admin.post(
        "/admin/users/role",
        data={
            "username": username,
            "role": role,
            "office": office,
            "csrf_token": csrf_token(admin, "/admin/users/"),
        },
    )


def test_a_role_change_ends_the_sessions_and_the_new_role_starts_at_next_login(app, login):
    admin, editor = login("admin"), login("ed-garbow")
    assert editor.get("/admin/users/").status_code == 403
    assert change_role(admin, "ed-garbow", "county-admin").status_code == 302
    assert editor.get("/editor/").status_code == 302
    assert login("ed-garbow").get("/admin/users/").status_code == 200


def test_an_admin_cannot_change_their_own_role(login):
    admin = login("admin")
    response = change_role(admin, "admin", "editor", "garbow")
    assert response.status_code == 400
    assert "Nie można zmienić roli własnego konta" in response.get_data(as_text=True)
    assert admin.get("/admin/users/").status_code == 200
