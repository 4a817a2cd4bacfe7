"""Login and logout through the real forms: cookies, CSRF, redirects, generic failures."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from annotator.views.auth import LOGIN_FAILED, safe_next
from tests.helpers import csrf_token_from, login


@pytest.fixture
def alice(make_user: Any) -> Any:
    return make_user("alice", "annotator")


def _logged_in(client: FlaskClient) -> bool:
    response = client.get("/")
    return response.status_code == 200


def test_login_page_is_public_and_has_the_contract_fields(client: FlaskClient) -> None:
    response = client.get("/auth/login")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ("username", "password", "csrf_token"):
        assert f'name="{name}"' in html
    assert re.search(r'<label[^>]* for="username"', html)
    assert re.search(r'<label[^>]* for="password"', html)


def test_login_sets_httponly_samesite_lax_session_cookie(client: FlaskClient, alice: Any) -> None:
    response = login(client, "alice")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1
    attributes = [part.strip().lower() for part in cookies[0].split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert _logged_in(client)


def test_login_replaces_the_session_it_found(client: FlaskClient, alice: Any) -> None:
    with client.session_transaction() as sess:
        sess["planted"] = "by someone else"
    login(client, "alice")
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["user_id"] == alice.id


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong password!"), ("nobody", "correct horse battery")],
    ids=["wrong-password", "unknown-user"],
)
def test_failed_login_says_the_same_generic_thing(
    client: FlaskClient, alice: Any, username: str, password: str
) -> None:
    response = login(client, username, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert LOGIN_FAILED in html
    assert not _logged_in(client)
    # The username is kept in the form, the password never echoed back.
    assert password not in html


def test_wrong_password_and_unknown_user_pages_are_identical(
    client: FlaskClient, alice: Any
) -> None:
    wrong = login(client, "alice", "wrong password!").get_data(as_text=True)
    unknown = login(client, "alicf", "wrong password!").get_data(as_text=True)

    def strip(html: str) -> str:
        return html.replace(csrf_token_from(html), "").replace("alicf", "alice")

    assert strip(wrong) == strip(unknown)


def test_empty_fields_are_refused_without_logging_in(client: FlaskClient, alice: Any) -> None:
    response = login(client, "", "")
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)
    assert not _logged_in(client)


def test_login_without_csrf_token_is_refused(client: FlaskClient, alice: Any) -> None:
    client.get("/auth/login")
    response = client.post(
        "/auth/login", data={"username": "alice", "password": "correct horse battery"}
    )
    assert response.status_code in (400, 403)
    assert not _logged_in(client)


def test_login_with_a_forged_csrf_token_is_refused(client: FlaskClient, alice: Any) -> None:
    client.get("/auth/login")
    response = client.post(
        "/auth/login",
        data={"csrf_token": "forged", "username": "alice", "password": "correct horse battery"},
    )
    assert response.status_code in (400, 403)
    assert not _logged_in(client)


def test_login_goes_to_a_local_next(client: FlaskClient, alice: Any) -> None:
    response = login(client, "alice", next="/projects/demo?tab=1")
    assert response.headers["Location"] == "/projects/demo?tab=1"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/path",
        "/\\evil.example",
        "https://evil.example/",
        "http:/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\t/evil.example",
    ],
)
def test_login_never_redirects_off_site(client: FlaskClient, alice: Any, target: str) -> None:
    response = login(client, "alice", next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_safe_next_keeps_paths_and_drops_everything_else() -> None:
    assert safe_next("/projects/x/documents/3") == "/projects/x/documents/3"
    assert safe_next("/?a=//b") == "/?a=//b"
    assert safe_next("//evil.example") is None
    assert safe_next("") is None
    assert safe_next(None) is None


def test_the_login_form_carries_next_through_the_post(client: FlaskClient) -> None:
    html = client.get("/auth/login?next=/projects/demo").get_data(as_text=True)
    assert 'action="/auth/login?next=/projects/demo"' in html


def test_logged_in_user_visiting_login_goes_on(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    response = client.get("/auth/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_logout_by_post_ends_the_session(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    page = client.get("/").get_data(as_text=True)
    assert 'action="/auth/logout"' in page
    response = client.post("/auth/logout", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert not _logged_in(client)


def test_logout_by_get_does_not_log_out(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"].split(", ")  # a 405 says what would do
    assert _logged_in(client)


def test_a_405_of_the_api_names_the_allowed_methods(client: FlaskClient) -> None:
    response = client.delete("/api/v1/health")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response.json["error"]["code"] == "method_not_allowed"


def test_logout_without_csrf_token_does_not_log_out(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    response = client.post("/auth/logout")
    assert response.status_code in (400, 403)
    assert _logged_in(client)


def test_pages_carry_security_headers(app: Flask, client: FlaskClient) -> None:
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_json_answers_get_nosniff_but_no_page_policy(client: FlaskClient) -> None:
    response = client.get("/api/v1/health")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response.headers


def test_pages_and_json_answers_are_not_kept_by_the_browser(
    client: FlaskClient, alice: Any
) -> None:
    # Found by a review: Back after Mark done showed the document as "Not started" from the
    # browser's kept copy; after logging out, Back would show someone's work the same way.
    assert client.get("/auth/login").headers.getlist("Cache-Control") == ["no-store"]
    login(client, "alice")
    for path in ("/", "/api/v1/health", "/api/v1/projects"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.getlist("Cache-Control") == ["no-store"], path
    # Scripts and styles are the same for everyone: kept, revalidated by their ETag.
    script = client.get("/static/js/workspace.js")
    script.close()
    assert script.status_code == 200
    assert "no-store" not in script.headers.get("Cache-Control", "")


def test_a_csv_answer_is_not_kept_and_one_that_says_otherwise_keeps_its_word() -> None:
    # The agreement report's CSV is a project's data; an answer setting its own
    # Cache-Control (an export's download) keeps it.
    from werkzeug.test import Client

    from annotator.web.headers import SecurityHeaders

    def answer(headers: list[tuple[str, str]]) -> Any:
        def app(_environ: dict[str, Any], start_response: Any) -> list[bytes]:
            start_response("200 OK", headers)
            return [b"a,b\n"]

        return Client(SecurityHeaders(app)).get("/").headers

    assert answer([("Content-Type", "text/csv; charset=utf-8")]).getlist("Cache-Control") == [
        "no-store"
    ]
    kept = answer([("Content-Type", "text/csv"), ("cache-control", "private, max-age=60")])
    assert kept.getlist("Cache-Control") == ["private, max-age=60"]


def test_security_headers_a_response_sets_itself_are_kept() -> None:
    # Names in any case count as set, and no second copy is added (the app's middleware,
    # around an app whose answer sets two of them itself).
    from werkzeug.test import Client

    from annotator.web.headers import SecurityHeaders

    def page(_environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("content-security-policy", "default-src 'none'"),
                ("REFERRER-POLICY", "no-referrer"),
            ],
        )
        return [b"<p>page</p>"]

    answered = Client(SecurityHeaders(page)).get("/")
    assert answered.headers.getlist("Content-Security-Policy") == ["default-src 'none'"]
    assert answered.headers.getlist("Referrer-Policy") == ["no-referrer"]
    assert answered.headers.getlist("X-Content-Type-Options") == ["nosniff"]


def test_pages_have_no_inline_script_or_style(client: FlaskClient, alice: Any) -> None:
    html = login(client, "alice", "wrong password!").get_data(as_text=True)
    assert "<script" not in html
    assert "style=" not in html and "<style" not in html
    assert 'href="/static/css/app.css"' in html
    with client.get("/static/css/app.css") as css:
        assert css.status_code == 200
        assert b"@import" not in css.data and b"http" not in css.data
