"""Users over HTTP, for admins: list, create, change role, state and password."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def heads(make_user: Any, make_token: Any) -> dict[str, dict[str, str]]:
    ada = make_user("ada", "admin")
    alice = make_user("alice", "annotator")
    return {"ada": make_token(ada), "alice": make_token(alice)}


def test_an_admin_lists_users_without_their_passwords(client: Any, heads: Any) -> None:
    response = client.get("/api/v1/users", headers=heads["ada"])
    assert response.status_code == 200
    users = response.get_json()["users"]
    assert [u["username"] for u in users] == ["ada", "alice"]
    shown = {"username", "role", "active", "last_login", "has_password"}
    assert all(set(u) == shown for u in users)
    assert all(u["active"] is True and u["last_login"] is None for u in users)


def test_last_login_is_recorded(client: Any, heads: Any) -> None:
    from tests.helpers import login

    login(client.application.test_client(), "alice", PASSWORD)
    users = client.get("/api/v1/users", headers=heads["ada"]).get_json()["users"]
    alice = next(u for u in users if u["username"] == "alice")
    assert alice["last_login"] is not None and alice["last_login"].endswith("+00:00")


def test_an_admin_creates_a_user_who_can_log_in(client: Any, heads: Any) -> None:
    from tests.helpers import login

    response = client.post(
        "/api/v1/users",
        json={"username": "carol", "role": "reviewer", "password": "carols own passphrase"},
        headers=heads["ada"],
    )
    assert response.status_code == 201
    assert response.get_json() == {
        "username": "carol",
        "role": "reviewer",
        "active": True,
        "last_login": None,
        "has_password": True,
    }
    fresh = client.application.test_client()
    assert login(fresh, "carol", "carols own passphrase").status_code == 302


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"username": "carol", "role": "reviewer", "password": "short"}, 422, "at least 10"),
        ({"username": "carol", "role": "reviewer", "password": "carol"}, 422, "at least 10"),
        ({"username": "carolcarol", "role": "annotator", "password": "CarolCarol"}, 422, "name"),
        ({"username": "carol", "role": "reviewer", "password": "qwertyuiop"}, 422, "common"),
        ({"username": "carol", "role": "boss", "password": PASSWORD}, 422, "role"),
        ({"username": "alice", "role": "reviewer", "password": PASSWORD}, 409, "exists"),
        ({"username": "Alice", "role": "annotator", "password": PASSWORD}, 409, "only in case"),
        ({"username": "ALICE", "role": "annotator", "password": PASSWORD}, 409, "only in case"),
        # Full-width letters (and other compatibility forms) read as the plain ones.
        (
            {
                "username": "\uff41\uff4c\uff49\uff43\uff45",
                "role": "annotator",
                "password": PASSWORD,
            },
            409,
            "'alice'",
        ),
        ({"username": "\uff21lice", "role": "annotator", "password": PASSWORD}, 409, "width"),
        ({"username": "carol", "role": "reviewer"}, 400, "password"),
    ],
)
def test_a_refused_user_names_the_problem(
    client: Any, heads: Any, body: dict[str, Any], status: int, words: str
) -> None:
    response = client.post("/api/v1/users", json=body, headers=heads["ada"])
    assert response.status_code == status
    assert words in response.get_json()["error"]["message"]


def test_an_admin_changes_role_and_password(client: Any, heads: Any) -> None:
    from tests.helpers import login

    response = client.patch(
        "/api/v1/users/alice",
        json={"role": "reviewer", "password": "a fresh passphrase"},
        headers=heads["ada"],
    )
    assert response.status_code == 200
    assert response.get_json()["role"] == "reviewer"
    fresh = client.application.test_client()
    assert login(fresh, "alice", PASSWORD).status_code == 401
    assert login(fresh, "alice", "a fresh passphrase").status_code == 302


def test_disabling_ends_a_users_tokens_for_good(client: Any, heads: Any) -> None:
    """CONTRACT section 10: ``active: false`` ends the tokens; enabling brings none back."""
    assert client.get("/api/v1/projects", headers=heads["alice"]).status_code == 200
    for active in (False, True):
        answer = client.patch("/api/v1/users/alice", json={"active": active}, headers=heads["ada"])
        assert answer.status_code == 200, answer.get_json()
    stale = client.get("/api/v1/projects", headers=heads["alice"])
    assert stale.status_code == 401, stale.get_json()
    audit = client.get("/api/v1/audit", headers=heads["ada"]).get_json()["entries"]
    assert [e["action"] for e in audit if e["target"] == "alice"][:3] == [
        "user.update",
        "token.revoke",
        "user.update",
    ]


def test_an_admins_password_reset_ends_a_users_tokens_and_sessions(client: Any, heads: Any) -> None:
    from tests.helpers import login

    signed_in = client.application.test_client()
    assert login(signed_in, "alice").status_code == 302
    assert signed_in.get("/account/tokens").status_code == 200
    answer = client.patch(
        "/api/v1/users/alice", json={"password": "a fresh passphrase"}, headers=heads["ada"]
    )
    assert answer.status_code == 200, answer.get_json()
    assert client.get("/api/v1/projects", headers=heads["alice"]).status_code == 401
    assert signed_in.get("/account/tokens").status_code == 302  # to the login form


def test_an_admins_own_new_password_keeps_their_tokens(client: Any, heads: Any) -> None:
    """Setting one's own password is the password page's change, which keeps one's tokens (a
    script's token went with it, mid-run); a reset of somebody else's ends theirs (above)."""
    answer = client.patch(
        "/api/v1/users/ada", json={"password": "ada's fresh passphrase"}, headers=heads["ada"]
    )
    assert answer.status_code == 200, answer.get_json()
    assert client.get("/api/v1/projects", headers=heads["ada"]).status_code == 200


def test_the_last_active_admin_stays(client: Any, heads: Any) -> None:
    for body in ({"active": False}, {"role": "annotator"}):
        response = client.patch("/api/v1/users/ada", json=body, headers=heads["ada"])
        assert response.status_code == 409
        assert response.get_json()["error"]["message"] == (
            "'ada' is the last active admin; make another user an admin (or enable one) first"
        )


@pytest.mark.parametrize(
    ("body", "status"),
    [({}, 400), ({"active": "no"}, 400), ({"role": 3}, 400), ({"role": "boss"}, 422)],
)
def test_a_bad_patch_is_refused(client: Any, heads: Any, body: Any, status: int) -> None:
    response = client.patch("/api/v1/users/alice", json=body, headers=heads["ada"])
    assert response.status_code == status


def test_only_admins_manage_users(client: Any, heads: Any) -> None:
    alice = heads["alice"]
    assert client.get("/api/v1/users", headers=alice).status_code == 403
    body = {"username": "eve", "role": "admin", "password": PASSWORD}
    assert client.post("/api/v1/users", json=body, headers=alice).status_code == 403
    patch = client.patch("/api/v1/users/alice", json={"role": "admin"}, headers=alice)
    assert patch.status_code == 403
    assert client.get("/api/v1/users").status_code == 401


def test_an_unknown_user_is_404(client: Any, heads: Any) -> None:
    response = client.patch("/api/v1/users/nobody", json={"active": False}, headers=heads["ada"])
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["gold", "suggestions"])
def test_a_layers_name_is_not_a_username(client: Any, heads: Any, name: str) -> None:
    answer = client.post(
        "/api/v1/users",
        json={"username": name, "role": "annotator", "password": "a long enough passphrase"},
        headers=heads["ada"],
    )
    assert answer.status_code == 422
    assert "is the name of a layer" in answer.get_json()["error"]["message"]


@pytest.mark.parametrize("name", ["a/b", ".", "..", "nul\x00", "tab\x07bell", "lone\ud800"])
def test_a_name_no_address_can_hold_is_not_a_username(client: Any, heads: Any, name: str) -> None:
    """Every page and endpoint of a user has the name in its path: a name with '/', or one
    that is only dots, reaches none of them; control characters and lone surrogates cannot
    be stored everywhere (PostgreSQL, UTF-8) or read in a list of names."""
    answer = client.post(
        "/api/v1/users",
        json={"username": name, "role": "annotator", "password": "a long enough passphrase"},
        headers=heads["ada"],
    )
    assert answer.status_code == 422, answer.get_json()
    assert "username" in answer.get_json()["error"]["message"]
    listed = client.get("/api/v1/users", headers=heads["ada"]).get_json()["users"]
    assert [user["username"] for user in listed] == ["ada", "alice"]


@pytest.mark.parametrize("name", ["x?y", "#h", "é", "o'brien", "a.b"])
def test_a_name_with_other_marks_reaches_its_own_address(
    client: Any, heads: Any, name: str
) -> None:
    made = client.post(
        "/api/v1/users",
        json={"username": name, "role": "annotator", "password": "a long enough passphrase"},
        headers=heads["ada"],
    )
    assert made.status_code == 201, made.get_json()
    quoted = quote(name, safe="")
    changed = client.patch(
        f"/api/v1/users/{quoted}", json={"role": "reviewer"}, headers=heads["ada"]
    )
    assert changed.status_code == 200 and changed.get_json()["role"] == "reviewer"


def test_a_full_width_name_beside_a_plain_one_is_refused_and_signs_nobody_in(
    client: Any, heads: Any
) -> None:
    """Login compares names exactly: the look-alike is no one, never alice under another name."""
    from tests.helpers import login

    full_width = "\uff41\uff4c\uff49\uff43\uff45"
    body = {"username": full_width, "role": "annotator", "password": "a look-alike passphrase"}
    response = client.post("/api/v1/users", json=body, headers=heads["ada"])
    assert response.status_code == 409
    message = response.get_json()["error"]["message"]
    assert "'alice' only in case or character width" in message
    names = [
        u["username"] for u in client.get("/api/v1/users", headers=heads["ada"]).get_json()["users"]
    ]
    assert full_width not in names
    assert login(client.application.test_client(), full_width, PASSWORD).status_code == 401
