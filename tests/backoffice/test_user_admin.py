"""The county admin manages editors in the browser; nobody else can."""

from __future__ import annotations

import pytest

from backoffice.db import open_accounts_db
from common.sqlite import write_transaction
from tests.conftest import csrf_token, log_in


def add(client, **fields):
    form = {
        "username": "ola.nowak",
        "role": "editor",
        "office": "niemce",
        "password": "long-enough-pw",
        "password2": "long-enough-pw",
    } | fields
    form["csrf_token"] = csrf_token(client, "/admin/users/")
    return client.post("/admin/users/", data=form)


def test_the_county_admin_adds_an_editor_who_can_then_log_in(login, app):
    admin = login("admin")
    response = add(admin)
    assert response.status_code == 302
    page = admin.get("/admin/users/").get_data(as_text=True)
    assert "ola.nowak" in page and "Gmina Niemce" in page
    assert log_in(app.test_client(), "ola.nowak", "long-enough-pw").status_code == 302


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password2": "something-else"}, "Hasła się różnią"),
        ({"office": "atlantis"}, "Wybierz urząd z listy"),
        ({"password": "short", "password2": "short"}, "co najmniej 10 znaków"),
        ({"username": "ed-garbow"}, "już istnieje"),
        ({"office": ""}, "przypisany urząd"),
        ({"username": "Zła Nazwa"}, "login: 2–40"),
    ],
)
def test_bad_user_forms_get_a_polish_message_and_add_nobody(login, data_dir, fields, message):
    admin = login("admin")
    before = open_accounts_db(data_dir)["users"].count
    response = add(admin, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert open_accounts_db(data_dir)["users"].count == before


def test_editors_cannot_see_or_change_users(login):
    editor = login("ed-powiat")
    assert editor.get("/admin/users/").status_code == 403
    token = csrf_token(editor, "/editor/")
    form = {
        "username": "x1",
        "role": "county-admin",
        "password": "long-enough-pw",
        "password2": "long-enough-pw",
        "csrf_token": token,
    }
    assert editor.post("/admin/users/", data=form).status_code == 403
    assert (
        editor.post("/admin/users/ed-garbow/disable", data={"csrf_token": token}).status_code == 403
    )
    assert "Użytkownicy" not in editor.get("/editor/").get_data(as_text=True)


def test_disabling_ends_a_session_and_enabling_restores_the_account(login, app):
    admin = login("admin")
    editor = login("ed-garbow")
    token = csrf_token(admin, "/admin/users/")
    admin.post("/admin/users/ed-garbow/disable", data={"csrf_token": token})
    assert editor.get("/editor/").status_code == 302
    admin.post("/admin/users/ed-garbow/enable", data={"csrf_token": token})
    assert log_in(app.test_client(), "ed-garbow").status_code == 302


def test_an_admin_cannot_lock_themselves_out(login):
    admin = login("admin")
    token = csrf_token(admin, "/admin/users/")
    response = admin.post(
        "/admin/users/admin/disable", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Nie można zablokować własnego konta" in response.get_data(as_text=True)
    assert admin.get("/editor/").status_code == 200


def test_the_users_page_shows_the_last_login_in_warsaw_time(login, data_dir):
    admin = login("admin")
    accounts = open_accounts_db(data_dir)
    with write_transaction(accounts):
        accounts["users"].update("ed-garbow", {"last_login_at": "2026-07-01T10:30:00+00:00"})
    accounts.close()
    page = admin.get("/admin/users/").get_data(as_text=True)
    assert "01.07.2026 12:30" in page
    assert "UTC" not in page
