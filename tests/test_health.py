"""GET /api/v1/health: ok once the database answers (CONTRACT section 7), an error otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator import create_app


def test_the_health_check_answers_ok(client: Any) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_the_health_check_fails_when_the_database_does_not_answer(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a SQLite database" * 100)
    app = create_app({"DATABASE_URL": f"sqlite:///{broken}", "TESTING": True})
    response = app.test_client().get("/api/v1/health")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"


def test_an_answer_without_a_session_varies_by_cookie_and_sets_none(client: Any) -> None:
    # No cookie, no token: the caller's look-up read the empty session, so the answer
    # depends on the cookie; there is nothing to set.
    response = client.get("/api/v1/health")
    assert response.headers.getlist("Vary") == ["Cookie"]
    assert "Set-Cookie" not in response.headers


def test_an_answer_to_a_token_neither_varies_by_cookie_nor_sets_one(
    client: Any, make_user: Any, make_token: Any
) -> None:
    headers = make_token(make_user("alice"))
    response = client.get("/api/v1/projects", headers=headers)
    assert response.status_code == 200
    assert "Vary" not in response.headers
    assert "Set-Cookie" not in response.headers


def test_an_answer_with_its_own_vary_gets_cookie_added_once(app: Any) -> None:
    from flask import Response, session

    with app.test_request_context("/api/v1/health"):
        session.get("user_id")  # read, as the caller's look-up reads it
        answer = Response("{}", mimetype="application/json")
        answer.headers["Vary"] = "Accept-Encoding, cookie"
        app.session_interface.save_session(app, session, answer)
        assert answer.headers.getlist("Vary") == ["Accept-Encoding, cookie"]
        other = Response("{}", mimetype="application/json")
        other.headers["Vary"] = "Accept-Encoding"
        app.session_interface.save_session(app, session, other)
        assert other.headers.getlist("Vary") == ["Accept-Encoding, Cookie"]


def _set_revision(app: Any, revision: str) -> None:
    from sqlalchemy import update

    from annotator.engine import get_engine
    from annotator.tables import ALEMBIC_VERSION

    with get_engine(app).begin() as connection:
        connection.execute(update(ALEMBIC_VERSION).values(version_num=revision))


def test_the_health_check_is_503_on_a_database_behind_the_code(app: Any, client: Any) -> None:
    from annotator.db import SCHEMA_HEAD

    _set_revision(app, "0015")
    try:
        response = client.get("/api/v1/health")
    finally:
        _set_revision(app, SCHEMA_HEAD)
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "schema_mismatch"
    assert error["details"] == {"database_revision": "0015", "code_revision": SCHEMA_HEAD}
    assert "annotator db upgrade" in error["message"]
    assert client.get("/api/v1/health").status_code == 200  # read again on every check


def test_the_health_check_is_503_on_a_database_never_upgraded(tmp_path: Path) -> None:
    import os

    from annotator.db import SCHEMA_HEAD
    from annotator.engine import get_engine
    from tests.databases import fresh_database

    with fresh_database(os.environ.get("ANNOTATOR_TEST_DATABASE_URL"), tmp_path) as url:
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url})
        try:
            response = app.test_client().get("/api/v1/health")
        finally:
            get_engine(app).dispose()
    assert response.status_code == 503
    assert response.get_json()["error"]["details"] == {
        "database_revision": None,
        "code_revision": SCHEMA_HEAD,
    }


def test_the_openapi_document_describes_the_503(client: Any) -> None:
    health = client.get("/api/v1/openapi.json").get_json()["paths"]["/health"]["get"]
    assert "schema_mismatch" in health["responses"]["503"]["description"]
    assert "annotator db upgrade" in health["responses"]["503"]["description"]
