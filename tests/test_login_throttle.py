"""Login throttling: 10 failures for a name within 15 minutes close it (429 + Retry-After).

Failures are counted in the database, so the limit holds across gunicorn's worker processes
(test_login_throttle_server runs two real server processes on one database). Time moves by
the app's clock.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from annotator.engine import get_engine
from annotator.services.accounts import throttle
from annotator.views.auth import LOGIN_FAILED
from tests.accounts_helpers import Clock, install_clock
from tests.conftest import PASSWORD
from tests.helpers import csrf_token_from, login

WRONG = "not the password"


@pytest.fixture
def clock(app: Any) -> Clock:
    return install_clock(app)


@pytest.fixture
def alice(make_user: Any) -> Any:
    return make_user("alice", "annotator")


def _fail(client: FlaskClient, times: int, username: str = "alice") -> None:
    for _ in range(times):
        assert login(client, username, WRONG).status_code == 401


def test_the_tenth_failure_closes_the_name_whatever_the_password(
    client: FlaskClient, alice: Any, clock: Clock
) -> None:
    _fail(client, 9)
    clock.advance(minutes=1)
    _fail(client, 1)
    refused = login(client, "alice", PASSWORD)
    assert refused.status_code == 429
    # The first failure leaves the window 15 minutes after it: 14 minutes from now.
    assert int(refused.headers["Retry-After"]) == 14 * 60
    assert "Too many failed logins" in refused.get_data(as_text=True)
    assert login(client, "alice", WRONG).status_code == 429
    # Refused attempts are not counted: the wait does not grow.
    clock.advance(minutes=13, seconds=59)
    assert int(login(client, "alice", PASSWORD).headers["Retry-After"]) == 1
    clock.advance(seconds=1)
    assert login(client, "alice", PASSWORD).status_code == 302


def test_the_name_is_closed_however_it_is_typed(
    client: FlaskClient, alice: Any, clock: Clock
) -> None:
    _fail(client, 5, "alice")
    _fail(client, 5, "ALICE")
    assert login(client, "alice", PASSWORD).status_code == 429


def test_other_names_are_not_closed(
    client: FlaskClient, alice: Any, make_user: Any, clock: Clock
) -> None:
    make_user("bob", "annotator")
    _fail(client, 10, "alice")
    assert login(client, "bob", PASSWORD).status_code == 302


def test_failures_for_names_that_do_not_exist_are_throttled_alike(
    client: FlaskClient, clock: Clock
) -> None:
    _fail(client, 10, "nobody")
    assert login(client, "nobody", WRONG).status_code == 429


def test_one_address_failing_for_many_names_is_closed(
    app: Any, client: FlaskClient, alice: Any, clock: Clock
) -> None:
    for number in range(throttle.PER_ADDRESS):
        assert login(client, f"guess{number % 40}", WRONG).status_code == 401
    refused = login(client, "alice", PASSWORD)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    # Another address (through a trusted proxy) is not.
    proxied = _proxied_app(app)
    try:
        other = proxied.test_client()
        page = other.get("/auth/login", headers={"X-Forwarded-For": "203.0.113.7"})
        answer = other.post(
            "/auth/login",
            data={
                "csrf_token": csrf_token_from(page.get_data(as_text=True)),
                "username": "alice",
                "password": PASSWORD,
            },
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
        assert answer.status_code == 302
    finally:
        get_engine(proxied).dispose()


def _proxied_app(app: Any) -> Any:
    """The same app behind Werkzeug's ProxyFix, as ANNOTATOR_TRUST_PROXY=1 builds it."""
    from annotator import create_app

    proxied = create_app(app.config | {"TRUST_PROXY": True})
    proxied.test_client_class = app.test_client_class
    return proxied


def test_a_failed_login_still_says_the_same_generic_thing(
    client: FlaskClient, alice: Any, clock: Clock
) -> None:
    html = login(client, "alice", WRONG).get_data(as_text=True)
    assert LOGIN_FAILED in html


def test_wrong_current_passwords_count_as_failed_logins(
    client: FlaskClient, alice: Any, clock: Clock
) -> None:
    """A stolen session cannot guess the password through the password change either."""
    login(client, "alice")
    csrf = client.get("/api/v1/csrf-token").get_json()["csrf_token"]
    body = {"current_password": WRONG, "new_password": "a brand new passphrase"}
    for _ in range(throttle.PER_USERNAME):
        response = client.put("/api/v1/account/password", json=body, headers={"X-CSRFToken": csrf})
        assert response.status_code == 403
    body["current_password"] = PASSWORD
    refused = client.put("/api/v1/account/password", json=body, headers={"X-CSRFToken": csrf})
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) == 15 * 60
    assert login(client.application.test_client(), "alice").status_code == 429
    clock.advance(minutes=15)
    done = client.put("/api/v1/account/password", json=body, headers={"X-CSRFToken": csrf})
    assert done.status_code == 204


@pytest.mark.parametrize(
    ("raw", "expected"), [("", False), ("0", False), ("off", False), ("1", True), ("yes", True)]
)
def test_the_flag_settings_read_one_or_zero(monkeypatch: Any, raw: str, expected: bool) -> None:
    from annotator.config import _flag_env

    monkeypatch.setenv("ANNOTATOR_TRUST_PROXY", raw)
    assert _flag_env("ANNOTATOR_TRUST_PROXY") is expected


def test_a_flag_setting_that_is_neither_is_refused(monkeypatch: Any) -> None:
    from annotator.config import _flag_env
    from annotator.core.errors import SettingsError

    monkeypatch.setenv("ANNOTATOR_SECURE_COOKIES", "maybe")
    with pytest.raises(SettingsError, match="ANNOTATOR_SECURE_COOKIES must be 1 or 0"):
        _flag_env("ANNOTATOR_SECURE_COOKIES")
