"""What the server's log says about failures: a 500 names its request and caller, refused
logins and lockouts are warnings naming the name typed and the address; no password, token
or cookie ever appears in a line.

gunicorn's access log (README, "Production") has a line for every answer, 401, 403 and 429
included; these are the lines the app adds for what an access line cannot say.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from annotator import create_app
from annotator.config import TestingConfig
from annotator.engine import get_engine
from tests.accounts_helpers import install_clock
from tests.conftest import PASSWORD, SessionAwareClient
from tests.helpers import login

WRONG = "not-the-password-8w1x"


def _all_log_text(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured line as a handler would write it, tracebacks included."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


@pytest.fixture
def raising_app(database_url: str, app: Flask) -> Iterator[Flask]:
    """An app of its own on the run's database with two routes that fail, an API one and a
    page (routes can only be added before an app's first request, and the shared one has
    served many). ``app`` empties the tables after the test."""
    settings = {key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()}
    own = create_app(settings | {"DATABASE_URL": database_url})
    own.test_client_class = SessionAwareClient

    def fails() -> Any:
        raise RuntimeError("the disk went away")

    own.add_url_rule("/api/v1/test-fails", "test_fails_api", fails, methods=["GET", "POST"])
    own.add_url_rule("/test-fails", "test_fails_page", fails)
    yield own
    get_engine(own).dispose()


def _unhandled(caplog: pytest.LogCaptureFixture) -> logging.LogRecord:
    records = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(records) == 1, [r.getMessage() for r in caplog.records]
    return records[0]


def test_a_500_names_method_path_user_and_request_id_but_never_the_token(
    raising_app: Flask, make_user: Any, make_token: Any, caplog: pytest.LogCaptureFixture
) -> None:
    alice = make_user("alice")
    headers = make_token(alice)
    caplog.set_level(logging.INFO)
    response = raising_app.test_client().post(
        "/api/v1/test-fails?access_token=in-the-query",
        headers=headers | {"X-Request-Id": "req-42"},
        json={"password": PASSWORD},
    )
    assert response.status_code == 500
    record = _unhandled(caplog)
    message = record.getMessage()
    assert "POST /api/v1/test-fails" in message
    assert f"user {alice.id}" in message
    assert "request id 'req-42'" in message
    assert record.exc_info is not None and "the disk went away" in _all_log_text(caplog)
    text = _all_log_text(caplog)
    token = headers["Authorization"].split()[1]
    for secret in (token, PASSWORD, "in-the-query"):
        assert secret not in text


def test_a_500_of_a_page_names_the_session_user_but_not_the_cookie(
    raising_app: Flask, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    bob = make_user("bob")
    client = raising_app.test_client()
    assert login(client, "bob").status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None
    caplog.set_level(logging.INFO)
    assert client.get("/test-fails").status_code == 500
    message = _unhandled(caplog).getMessage()
    assert "GET /test-fails" in message
    assert f"user {bob.id}" in message
    assert "request id -" in message
    text = _all_log_text(caplog)
    assert cookie.value not in text and PASSWORD not in text


def test_a_500_of_an_anonymous_caller_says_so_and_escapes_the_path(
    raising_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = raising_app.test_client().get(
        "/api/v1/test-fails", headers={"X-Request-Id": "a\x1b[2J-cleared"}
    )
    assert response.status_code == 500
    message = _unhandled(caplog).getMessage()
    assert "GET /api/v1/test-fails" in message and "user -" in message
    # A header from the client cannot write control characters (a terminal's escapes) into
    # the log: they come out escaped.
    assert "\x1b" not in message and "'a\\x1b[2J-cleared'" in message


def test_each_500_answers_an_error_id_of_its_own_that_its_log_line_names(
    raising_app: Flask, make_user: Any, make_token: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # A user can only report "it failed"; the id in the answer finds the one line (and its
    # traceback) in the server's log, with or without a proxy's request id.
    headers = make_token(make_user("alice"))
    client = raising_app.test_client()
    caplog.set_level(logging.INFO)
    ids = []
    for extra in ({}, {"X-Request-Id": "req-42"}):
        caplog.clear()
        response = client.get("/api/v1/test-fails", headers=headers | extra)
        assert response.status_code == 500
        error = response.get_json()["error"]
        assert error["code"] == "internal_error"
        error_id = error["details"]["error_id"]
        assert error_id in error["message"]
        assert f"error {error_id} " in _unhandled(caplog).getMessage()
        ids.append(error_id)
    assert ids[0] != ids[1]
    assert "request id 'req-42'" in _unhandled(caplog).getMessage()


def test_a_page_s_500_shows_its_error_id(
    raising_app: Flask, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    make_user("bob")
    client = raising_app.test_client()
    assert login(client, "bob").status_code == 302
    caplog.set_level(logging.INFO)
    response = client.get("/test-fails")
    assert response.status_code == 500
    logged = _unhandled(caplog).getMessage()
    error_id = logged.split("error ", 1)[1].split(" ", 1)[0]
    assert len(error_id) >= 8
    assert f"<code>{error_id}</code>" in response.get_data(as_text=True)


def test_a_refused_login_is_a_warning_naming_the_name_and_address(
    client: Any, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    make_user("alice")
    caplog.set_level(logging.INFO)
    assert login(client, "alice", WRONG).status_code == 401
    assert login(client, "nobody-here", WRONG).status_code == 401
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "login refused: user name 'alice' from 127.0.0.1",
        "login refused: user name 'nobody-here' from 127.0.0.1",
    ]
    assert WRONG not in _all_log_text(caplog)


def test_a_lockout_is_a_warning_and_the_right_password_never_logged(
    app: Flask, client: Any, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    install_clock(app)
    make_user("alice")
    for _ in range(10):
        assert login(client, "alice", WRONG).status_code == 401
    caplog.set_level(logging.INFO)
    caplog.clear()
    refused = login(client, "alice", PASSWORD)
    assert refused.status_code == 429
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    wait = refused.headers["Retry-After"]
    assert warnings == [f"login locked out: user name 'alice' from 127.0.0.1, {wait} s to wait"]
    text = _all_log_text(caplog)
    assert PASSWORD not in text and WRONG not in text


def test_a_successful_login_logs_no_warning(
    client: Any, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    make_user("alice")
    caplog.set_level(logging.INFO)
    assert login(client, "alice").status_code == 302
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert PASSWORD not in _all_log_text(caplog)


def test_wrong_current_passwords_and_their_lockout_are_warnings_without_the_passwords(
    app: Flask, client: Any, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    install_clock(app)
    make_user("alice")
    assert login(client, "alice").status_code == 302
    csrf = client.get("/api/v1/csrf-token").get_json()["csrf_token"]
    new = "a brand new passphrase 5k"
    body = {"current_password": WRONG, "new_password": new}
    caplog.set_level(logging.INFO)
    for _ in range(10):
        response = client.put("/api/v1/account/password", json=body, headers={"X-CSRFToken": csrf})
        assert response.status_code == 403
    body["current_password"] = PASSWORD
    refused = client.put("/api/v1/account/password", json=body, headers={"X-CSRFToken": csrf})
    assert refused.status_code == 429
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    wait = refused.headers["Retry-After"]
    assert warnings == 10 * [
        "password change refused, wrong current password: user name 'alice' from 127.0.0.1"
    ] + [f"password change locked out: user name 'alice' from 127.0.0.1, {wait} s to wait"]
    text = _all_log_text(caplog)
    for secret in (PASSWORD, WRONG, new, csrf):
        assert secret not in text


def test_the_apps_warnings_come_out_with_time_and_level_from_the_first(tmp_path: Any) -> None:
    """Flask gives the "annotator" logger its handler when ``app.logger`` is first read; a
    refused login's warning before any 500 must not come out bare, as Python's last-resort
    handler writes it (no time, no level), under gunicorn as here."""
    import subprocess
    import sys

    script = (
        "import logging\n"
        "from annotator import create_app\n"
        f"create_app({{'DATABASE_URL': 'sqlite:///{tmp_path}/x.sqlite', 'TESTING': True}})\n"
        "logging.getLogger('annotator.services.accounts.users').warning('login refused: x')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stderr.startswith("[20"), done.stderr
    assert "] WARNING in " in done.stderr and done.stderr.endswith(": login refused: x\n")
