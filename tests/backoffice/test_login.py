"""One login for the server room: sessions, rate limits, CSRF and safe redirects."""

from __future__ import annotations

from backoffice.db import open_accounts_db
from backoffice.users import set_disabled
from tests.conftest import PASSWORD, csrf_token, log_in


def test_a_user_logs_in_and_out(client):
    response = log_in(client, "admin")
    # the editors' panel: the site's / is the residents' portal
    assert response.status_code == 302 and response.headers["Location"] == "/editor/"
    assert "admin" in client.get("/editor/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/editor/")})
    assert client.get("/editor/").status_code == 302


def test_a_wrong_password_gets_a_message_that_does_not_say_which_part_was_wrong(client):
    wrong_password = log_in(client, "admin", "nope-nope-nope")
    no_such_user = log_in(client, "nobody", PASSWORD)
    for response in (wrong_password, no_such_user):
        assert response.status_code == 401
        assert "Nieprawidłowy login lub hasło" in response.get_data(as_text=True)


def test_password_guessing_is_stopped_after_five_failures_even_with_the_right_password(client):
    for _ in range(5):
        assert log_in(client, "admin", "guess-guess-guess").status_code == 401
    response = log_in(client, "admin", PASSWORD)
    assert response.status_code == 429
    assert "Zbyt wiele nieudanych prób" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


def test_the_rate_limit_for_one_user_does_not_lock_out_another(client):
    for _ in range(5):
        log_in(client, "admin", "guess-guess-guess")
    assert log_in(client, "ed-garbow").status_code == 302


def test_a_disabled_user_is_logged_out_at_the_next_request(login, data_dir):
    client = login("ed-garbow")
    assert client.get("/editor/").status_code == 200
    set_disabled(open_accounts_db(data_dir), "ed-garbow")
    assert client.get("/editor/").status_code == 302
    assert log_in(client, "ed-garbow").status_code == 401


def test_login_refuses_a_forged_csrf_token(client):
    response = client.post(
        "/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "x"}
    )
    assert response.status_code == 400
    assert "Formularz wygasł" in response.get_data(as_text=True)


def test_logout_is_post_only_so_a_link_cannot_log_anyone_out(login):
    client = login("admin")
    assert client.get("/logout").status_code == 405
    assert client.get("/editor/").status_code == 200


def test_the_session_cookie_is_http_only_same_site_and_secure_in_production(data_dir):
    from server_room import create_app

    app = create_app({"DATA_DIR": str(data_dir), "SYNC_KEYS_DIR": str(data_dir / "keys")})
    client = app.test_client()
    response = log_in(client, "admin")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_pages_forbid_framing_and_scripts(client):
    headers = client.get("/login").headers
    assert "script-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_a_wrong_password_keeps_the_login_name_and_the_cursor_goes_to_the_password(client):
    page = log_in(client, "ed-garbow", "nope-nope-nope").get_data(as_text=True)
    assert 'id="username" name="username" value="ed-garbow"' in page
    password_field = page[page.index('id="password"') :].split(">")[0]
    assert "autofocus" in password_field


def test_a_changed_password_lands_on_the_editors_panel_with_its_confirmation(login):
    client = login("ed-garbow")
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
            "csrf_token": csrf_token(client, "/account/password"),
        },
    )
    assert response.headers["Location"] == "/editor/"
    assert "Hasło zmienione" in client.get("/editor/").get_data(as_text=True)
