"""API tokens over HTTP: named, listed, revoked (401 after), expiring (401 after)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import ApiToken
from tests.accounts_helpers import Clock, install_clock
from tests.conftest import PASSWORD
from tests.helpers import bearer, csrf_token_from
from tests.test_api_write_queries import statements


@pytest.fixture
def clock(app: Any) -> Clock:
    return install_clock(app)


@pytest.fixture
def people(make_user: Any, make_token: Any) -> dict[str, dict[str, str]]:
    """alice and bob (annotators) and ada (admin), each with a token to start with."""
    return {
        name: make_token(make_user(name, role, None))
        for name, role in [("alice", "annotator"), ("bob", "annotator"), ("ada", "admin")]
    }


def _new_token(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post("/api/v1/tokens", json={"name": "script"} | body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _works(client: Any, token: str) -> int:
    return client.get("/api/v1/projects", headers=bearer(token)).status_code


def test_a_new_token_is_shown_once_and_listed_without_it(
    client: Any, people: dict[str, Any], clock: Clock
) -> None:
    made = _new_token(client, people["alice"], name="import script", expires_in_days=30)
    assert made["token"].startswith("ann_")
    assert made["name"] == "import script"
    assert made["expires_at"] is not None and made["last_used_at"] is None
    assert _works(client, made["token"]) == 200
    listed = client.get("/api/v1/tokens", headers=people["alice"]).get_json()["tokens"]
    assert {t["name"] for t in listed} == {"", "import script"}
    assert all("token" not in t and set(t) == set(made) - {"token"} for t in listed)
    mine = next(t for t in listed if t["id"] == made["id"])
    assert mine["last_used_at"] is not None  # it was just used
    # Bob's list does not show alice's tokens.
    bobs = client.get("/api/v1/tokens", headers=people["bob"]).get_json()["tokens"]
    assert made["id"] not in {t["id"] for t in bobs}


@pytest.mark.parametrize("given", [{}, {"expires_in_days": None}], ids=["absent", "null"])
def test_a_token_without_a_lifetime_never_expires(
    client: Any, people: dict[str, Any], given: dict[str, Any]
) -> None:
    made = _new_token(client, people["alice"], **given)
    assert made["expires_at"] is None
    assert _works(client, made["token"]) == 200


def test_a_revoked_token_gets_401(client: Any, people: dict[str, Any]) -> None:
    made = _new_token(client, people["alice"])
    response = client.delete(f"/api/v1/tokens/{made['id']}", headers=bearer(made["token"]))
    assert response.status_code == 204
    assert _works(client, made["token"]) == 401
    answer = client.get("/api/v1/tokens", headers=bearer(made["token"]))
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthenticated"


def test_another_users_token_cannot_be_revoked_by_a_non_admin(
    client: Any, people: dict[str, Any]
) -> None:
    made = _new_token(client, people["alice"])
    response = client.delete(f"/api/v1/tokens/{made['id']}", headers=people["bob"])
    assert response.status_code == 404
    assert _works(client, made["token"]) == 200
    # Nor listed by one.
    listed = client.get("/api/v1/tokens?user=alice", headers=people["bob"])
    assert listed.status_code == 403


@pytest.mark.parametrize("name", ["ada", "bob"])
def test_an_empty_user_lists_the_callers_own_tokens(
    client: Any, people: dict[str, Any], name: str
) -> None:
    """``?user=`` names nobody: the caller's own tokens, as the tokens page shows (it was a 403
    to an annotator and the 404 of a user called '' to an admin)."""
    own = _new_token(client, people[name])
    response = client.get("/api/v1/tokens?user=", headers=people[name])
    assert response.status_code == 200, response.get_json()
    assert own["id"] in {t["id"] for t in response.get_json()["tokens"]}
    others = client.get("/api/v1/tokens?user=alice", headers=people[name])
    assert others.status_code == (200 if name == "ada" else 403)
    if name == "bob":
        error = others.get_json()["error"]
        assert error["message"] == "only admins may list another user's tokens"


def test_an_admin_lists_and_revokes_anyones_token(client: Any, people: dict[str, Any]) -> None:
    made = _new_token(client, people["alice"])
    listed = client.get("/api/v1/tokens?user=alice", headers=people["ada"]).get_json()["tokens"]
    assert made["id"] in {t["id"] for t in listed}
    assert client.delete(f"/api/v1/tokens/{made['id']}", headers=people["ada"]).status_code == 204
    assert _works(client, made["token"]) == 401
    audit = client.get("/api/v1/audit", headers=people["ada"]).get_json()["entries"]
    revoked = [e for e in audit if e["action"] == "token.revoke"]
    assert [(e["actor"], e["target"], e["before"]) for e in revoked] == [
        ("ada", "alice", {"token": made["id"], "name": "script"})
    ]


def test_revoking_ones_own_token_is_not_an_administrative_change(
    client: Any, people: dict[str, Any]
) -> None:
    made = _new_token(client, people["alice"])
    assert client.delete(f"/api/v1/tokens/{made['id']}", headers=people["alice"]).status_code == 204
    audit = client.get("/api/v1/audit", headers=people["ada"]).get_json()["entries"]
    assert not [e for e in audit if e["action"] == "token.revoke"]


def test_an_expired_token_gets_401(client: Any, people: dict[str, Any], clock: Clock) -> None:
    made = _new_token(client, people["alice"], expires_in_days=1)
    clock.advance(hours=23, minutes=59)
    assert _works(client, made["token"]) == 200
    clock.advance(minutes=1)
    assert _works(client, made["token"]) == 401
    # Still listed (and revocable) by its owner, with its expiry.
    listed = client.get("/api/v1/tokens", headers=people["alice"]).get_json()["tokens"]
    assert made["id"] in {t["id"] for t in listed}


def test_last_use_is_written_at_most_once_a_minute(
    app: Any, client: Any, session: Any, people: dict[str, Any], clock: Clock
) -> None:
    made = _new_token(client, people["alice"])

    def last_used() -> Any:
        return session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == made["id"]))

    assert _works(client, made["token"]) == 200
    first = last_used()
    assert first is not None
    clock.advance(seconds=30)
    with statements(app) as seen:
        assert _works(client, made["token"]) == 200
    assert not any(s.startswith("UPDATE api_token") for s in seen), seen
    assert last_used() == first
    clock.advance(seconds=31)
    with statements(app) as seen:
        assert _works(client, made["token"]) == 200
    assert sum(s.startswith("UPDATE api_token") for s in seen) == 1, seen
    assert last_used() > first


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "name"),
        ({"name": 7}, 400, "name"),
        ({"name": "x", "expires_in_days": "soon"}, 400, "expires_in_days"),
        ({"name": "x", "expires_in_days": 0}, 422, "expires_in_days"),
        ({"name": "x" * 101}, 422, "name"),
        # What the OpenAPI document says (at most 100), before any trimming.
        ({"name": "   " + "x" * 98}, 422, "name"),
        ({"name": ""}, 422, "name"),
        ({"name": " \t\n"}, 422, "name"),
    ],
)
def test_a_bad_token_request_names_the_field(
    client: Any, people: dict[str, Any], body: dict[str, Any], status: int, field: str
) -> None:
    response = client.post("/api/v1/tokens", json=body, headers=people["alice"])
    assert response.status_code == status
    assert response.get_json()["error"]["details"]["field"] == field


def test_tokens_need_credentials(client: Any) -> None:
    assert client.get("/api/v1/tokens").status_code == 401
    assert client.post("/api/v1/tokens", json={"name": "x"}).status_code == 401
    assert client.delete("/api/v1/tokens/1").status_code == 401


def test_a_blank_token_name_is_refused_saying_so(client: Any, people: dict[str, Any]) -> None:
    response = client.post("/api/v1/tokens", json={"name": "  "}, headers=people["alice"])
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["details"] == {"field": "name"}
    assert "name" in error["message"] and "blank" in error["message"]
    listed = client.get("/api/v1/tokens", headers=people["alice"]).get_json()["tokens"]
    assert len(listed) == 1  # the one made for the test


def test_another_scheme_is_named_and_a_proxys_basic_leaves_the_login_session_alone(
    client: Any, make_user: Any
) -> None:
    """``Authorization: Basic ...`` got "the bearer token is not valid", and a browser behind a
    proxy that asks for Basic (which the browser then sends with every request) could not
    log in: the header was taken for a bad token and the login session never read."""
    make_user("carol", "annotator")
    basic = {"Authorization": "Basic Y2Fyb2w6c2VjcmV0"}
    refused = client.get("/api/v1/projects", headers=basic)
    assert refused.status_code == 401
    message = refused.get_json()["error"]["message"]
    assert "'Bearer TOKEN'" in message and "no other scheme" in message
    # A browser behind that proxy: the login form works, and so do the session's pages, API
    # reads and (with the CSRF token) writes.
    page = client.get("/auth/login", headers=basic)
    answer = client.post(
        "/auth/login",
        headers=basic,
        data={
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            "username": "carol",
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 302
    assert client.get("/api/v1/projects", headers=basic).status_code == 200
    assert client.get("/api/v1/tokens", headers=basic).get_json()["tokens"] == []
    # A session write without the CSRF token is still refused.
    assert client.post("/api/v1/tokens", json={"name": "x"}, headers=basic).status_code in (
        400,
        403,
    )
