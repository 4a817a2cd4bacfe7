"""Sessions end for real: a copied cookie is refused after logout, a new password or disabling.

The cookie is copied into a second client, as someone who stole it would; the API answers it
401 and the pages send it to the login form.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.accounts_helpers import copy_of
from tests.conftest import PASSWORD
from tests.helpers import csrf_token_from, login, logout

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def alice(make_user: Any) -> Any:
    return make_user("alice", "annotator")


@pytest.fixture
def ada_headers(make_user: Any, make_token: Any) -> dict[str, str]:
    return make_token(make_user("ada", "admin", None))


def _csrf(client: FlaskClient) -> str:
    return client.get("/api/v1/csrf-token").get_json()["csrf_token"]


def assert_signed_out(client: FlaskClient) -> None:
    """The API answers 401 and a page redirects to the login form."""
    assert client.get("/api/v1/projects").status_code == 401
    page = client.get("/")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/auth/login")


def assert_signed_in(client: FlaskClient) -> None:
    assert client.get("/api/v1/projects").status_code == 200
    assert client.get("/").status_code == 200


def test_a_copied_cookie_is_refused_after_logout(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    thief = copy_of(client)
    assert_signed_in(thief)
    logout(client)
    assert_signed_out(thief)
    assert_signed_out(client)


def test_logout_ends_the_users_other_sessions_too(client: FlaskClient, alice: Any) -> None:
    other = client.application.test_client()
    login(client, "alice")
    login(other, "alice")
    logout(client)
    assert_signed_out(other)


def test_a_password_change_ends_every_other_session_but_this_one(
    client: FlaskClient, alice: Any
) -> None:
    login(client, "alice")
    thief = copy_of(client)
    other = client.application.test_client()
    login(other, "alice")
    response = client.put(
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"X-CSRFToken": _csrf(client)},
    )
    assert response.status_code == 204, response.get_json()
    assert_signed_in(client)
    assert_signed_out(thief)
    assert_signed_out(other)
    # The new password logs in, the old one no longer does.
    fresh = client.application.test_client()
    assert login(fresh, "alice", PASSWORD).status_code == 401
    assert login(fresh, "alice", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"current_password": "not my password", "new_password": NEW_PASSWORD}, 403, "current"),
        ({"current_password": PASSWORD, "new_password": "too short"}, 422, "at least 10"),
        ({"current_password": PASSWORD, "new_password": "alice"}, 422, "user name"),
        ({"current_password": PASSWORD, "new_password": "password123"}, 422, "common"),
        ({"current_password": PASSWORD}, 400, "new_password"),
    ],
)
def test_a_refused_password_change_names_the_problem_and_ends_nothing(
    client: FlaskClient, alice: Any, body: dict[str, str], status: int, words: str
) -> None:
    login(client, "alice")
    thief = copy_of(client)
    response = client.put(
        "/api/v1/account/password", json=body, headers={"X-CSRFToken": _csrf(client)}
    )
    assert response.status_code == status
    assert words in response.get_json()["error"]["message"]
    assert_signed_in(thief)


def test_a_password_change_needs_the_csrf_token_with_a_session(
    client: FlaskClient, alice: Any
) -> None:
    login(client, "alice")
    response = client.put(
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert response.status_code in (400, 403)
    assert_signed_in(client)


def test_disabling_a_user_ends_their_sessions_and_tokens(
    client: FlaskClient, alice: Any, make_token: Any, ada_headers: dict[str, str]
) -> None:
    login(client, "alice")
    thief = copy_of(client)
    alice_token = make_token(alice)
    admin = client.application.test_client()
    response = admin.patch("/api/v1/users/alice", json={"active": False}, headers=ada_headers)
    assert response.status_code == 200
    assert response.get_json()["active"] is False
    assert_signed_out(thief)
    assert_signed_out(client)
    assert admin.get("/api/v1/projects", headers=alice_token).status_code == 401
    # A disabled user cannot log in, even with the right password.
    assert login(admin.application.test_client(), "alice").status_code == 401
    # Enabled again: the tokens and the old sessions stay ended (CONTRACT section 10: disabling
    # ends them; it only paused the tokens once), and she logs in again.
    admin.patch("/api/v1/users/alice", json={"active": True}, headers=ada_headers)
    assert admin.get("/api/v1/projects", headers=alice_token).status_code == 401
    assert_signed_out(thief)
    assert login(admin.application.test_client(), "alice").status_code == 302


def test_the_password_page_changes_the_password_and_keeps_this_session(
    client: FlaskClient, alice: Any
) -> None:
    login(client, "alice")
    thief = copy_of(client)
    page = client.get("/account/password").get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token_from(page),
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert_signed_in(client)
    assert_signed_out(thief)


def test_a_changed_password_leads_back_to_the_projects_with_the_news(
    client: FlaskClient, alice: Any
) -> None:
    # It led to the API tokens page, which an annotator changing a password never asked for.
    login(client, "alice")
    page = client.get("/account/password").get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token_from(page),
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response.location == "/"
    landed = client.get(response.location).get_data(as_text=True)
    assert "Your password is changed. Your other sessions have ended." in landed
    assert "<h1>Projects</h1>" in landed


def test_the_password_page_shows_what_is_wrong(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    page = client.get("/account/password").get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token_from(page),
            "current_password": PASSWORD,
            "new_password": "qwertyuiop",
        },
    )
    assert response.status_code == 422
    assert "one of the most common passwords" in response.get_data(as_text=True)


def test_secure_cookies_when_asked(app: Any, client: FlaskClient, alice: Any) -> None:
    app.config["SESSION_COOKIE_SECURE"] = True
    response = login(client, "alice")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "secure" in [part.strip().lower() for part in cookie.split(";")]


def test_the_session_that_changed_its_password_keeps_its_csrf_token(
    client: FlaskClient, alice: Any
) -> None:
    # The review found the next write refused ("CSRF session token is missing") until the
    # page fetched a token again: the session went on, its token died.
    login(client, "alice")
    token = _csrf(client)
    changed = client.put(
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"X-CSRFToken": token},
    )
    assert changed.status_code == 204, changed.get_json()
    again = client.put(
        "/api/v1/account/password",
        json={"current_password": NEW_PASSWORD, "new_password": PASSWORD + " again"},
        headers={"X-CSRFToken": token},
    )
    assert again.status_code == 204, again.get_json()


def test_the_password_page_leaves_the_pages_open_in_other_tabs_writing(
    client: FlaskClient, alice: Any
) -> None:
    # A page open in another tab of the same browser holds the token it was rendered with.
    login(client, "alice")
    other_tab = _csrf(client)
    page = client.get("/account/password").get_data(as_text=True)
    changed = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token_from(page),
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302
    written = client.post(
        "/api/v1/tokens", json={"name": "after the change"}, headers={"X-CSRFToken": other_tab}
    )
    assert written.status_code == 201, written.get_json()
