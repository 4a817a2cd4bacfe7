"""An admin ends a user's sessions (and, when asked, revokes their API tokens) without
disabling them or setting a new password; Disable asks first, as the app's other changes
that end what a user holds do.

A user whose laptop is stolen needs to be signed out everywhere at once. Before, an admin
could do that only by disabling the user (who then could not work) or by setting a password
the user did not know.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import ApiToken, AuditEntry, User
from tests.helpers import csrf_token_from, login


@pytest.fixture
def cat(make_user: Any, make_token: Any) -> dict[str, Any]:
    """An admin, ada, and an annotator, cat, signed in with a browser and holding a token."""
    make_user("ada", "admin")
    user = make_user("cat", "annotator")
    return {"user": user, "token": make_token(user)}


def _as(app: Any, name: str) -> Any:
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _token(client: Any, page: str = "/admin/users") -> str:
    return csrf_token_from(client.get(page).get_data(as_text=True))


def _signed_in(client: Any) -> bool:
    return client.get("/").status_code == 200


def _works(client: Any, headers: dict[str, str]) -> bool:
    return client.get("/api/v1/projects", headers=headers).status_code == 200


def _audit(session: Any) -> list[tuple[str, str, Any, Any]]:
    session.expire_all()
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(e.action, e.target, e.before, e.after) for e in rows]


def test_the_users_page_asks_before_ending_sessions_and_says_what_of_tokens(
    app: Any, cat: Any
) -> None:
    ada = _as(app, "ada")
    page = ada.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/users?confirm=end-sessions&amp;user=cat#confirm-change"' in page
    asked = ada.get("/admin/users?confirm=end-sessions&user=cat").get_data(as_text=True)
    assert 'id="confirm-change"' in asked and "End the sessions of cat?" in asked
    # Tokens are a separate credential (CONTRACT section 10): said, and offered by a tick box.
    assert "Their API tokens keep working unless you tick" in asked
    assert 'name="tokens" value="revoke"' in asked and "Also revoke their 1 API token" in asked


def test_ending_sessions_signs_the_user_out_everywhere_and_keeps_their_tokens(
    app: Any, session: Any, cat: Any
) -> None:
    ada, browser, other = _as(app, "ada"), _as(app, "cat"), _as(app, "cat")
    answer = ada.post(
        "/admin/users/cat/sessions/end", data={"csrf_token": _token(ada), "confirm": "1"}
    )
    assert answer.status_code == 302
    assert not _signed_in(browser) and not _signed_in(other)
    assert _works(app.test_client(), cat["token"])  # not ticked: the token still works
    assert _signed_in(_as(app, "cat"))  # the password is unchanged: cat logs in again
    assert _signed_in(ada)
    assert _audit(session) == [("user.sessions_end", "cat", None, None)]
    session.expire_all()
    assert session.scalar(select(User.active).where(User.username == "cat")) is True


def test_ticking_the_box_also_revokes_every_token(app: Any, session: Any, cat: Any) -> None:
    ada, browser = _as(app, "ada"), _as(app, "cat")
    data = {"csrf_token": _token(ada), "confirm": "1", "tokens": "revoke"}
    assert ada.post("/admin/users/cat/sessions/end", data=data).status_code == 302
    assert not _signed_in(browser)
    assert not _works(app.test_client(), cat["token"])
    assert session.scalars(select(ApiToken)).all() == []
    actions = [(action, target) for action, target, _, _ in _audit(session)]
    assert actions == [("user.sessions_end", "cat"), ("token.revoke", "cat")]
    flashed = ada.get("/admin/users").get_data(as_text=True)
    assert "cat: signed out everywhere; 1 API token revoked." in flashed


def test_a_post_that_does_not_confirm_ends_nothing_and_asks(
    app: Any, session: Any, cat: Any
) -> None:
    ada, browser = _as(app, "ada"), _as(app, "cat")
    answer = ada.post("/admin/users/cat/sessions/end", data={"csrf_token": _token(ada)})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(
        "/admin/users?confirm=end-sessions&user=cat#confirm-change"
    )
    assert _signed_in(browser) and _audit(session) == []


def test_without_the_csrf_token_nothing_ends(app: Any, session: Any, cat: Any) -> None:
    ada, browser = _as(app, "ada"), _as(app, "cat")
    answer = ada.post("/admin/users/cat/sessions/end", data={"confirm": "1", "tokens": "revoke"})
    assert answer.status_code in (400, 403)
    assert _signed_in(browser) and _works(app.test_client(), cat["token"])
    assert _audit(session) == []


def test_an_admin_ending_their_own_sessions_stays_signed_in_here(
    app: Any, session: Any, cat: Any
) -> None:
    """As a changed password does: every other session ends, not the one asking."""
    ada, elsewhere = _as(app, "ada"), _as(app, "ada")
    ada.post("/admin/users/ada/sessions/end", data={"csrf_token": _token(ada), "confirm": "1"})
    assert _signed_in(ada) and not _signed_in(elsewhere)


def test_disable_asks_first_and_a_post_that_does_not_confirm_disables_nobody(
    app: Any, session: Any, cat: Any
) -> None:
    ada = _as(app, "ada")
    page = ada.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/users?confirm=disable&amp;user=cat#confirm-change"' in page
    asked = ada.get("/admin/users?confirm=disable&user=cat").get_data(as_text=True)
    assert "Disable cat?" in asked and 'name="confirm" value="1"' in asked
    answer = ada.post("/admin/users/cat/disable", data={"csrf_token": _token(ada)})
    assert answer.headers["Location"].endswith(
        "/admin/users?confirm=disable&user=cat#confirm-change"
    )
    session.expire_all()
    assert session.scalar(select(User.active).where(User.username == "cat")) is True
    confirmed = {"csrf_token": _token(ada), "confirm": "1"}
    assert ada.post("/admin/users/cat/disable", data=confirmed).status_code == 302
    session.expire_all()
    assert session.scalar(select(User.active).where(User.username == "cat")) is False


def test_a_question_about_nobody_is_not_asked(app: Any, cat: Any) -> None:
    ada = _as(app, "ada")
    for query in ("confirm=end-sessions&user=nobody", "confirm=drop-tables&user=cat"):
        page = ada.get(f"/admin/users?{query}").get_data(as_text=True)
        assert 'id="confirm-change"' not in page


def test_the_api_ends_sessions_and_revokes_tokens_apart(
    app: Any, session: Any, cat: Any, make_token: Any
) -> None:
    heads = make_token(session.scalar(select(User).where(User.username == "ada")))
    client, browser = app.test_client(), _as(app, "cat")
    assert client.delete("/api/v1/users/cat/sessions", headers=heads).status_code == 204
    assert not _signed_in(browser) and _works(client, cat["token"])
    revoked = client.delete("/api/v1/users/cat/tokens", headers=heads)
    assert revoked.status_code == 200 and revoked.get_json() == {"revoked": 1}
    assert not _works(client, cat["token"])
    assert [a for a, *_ in _audit(session)] == ["user.sessions_end", "token.revoke"]
    nobody = client.delete("/api/v1/users/nobody/sessions", headers=heads)
    assert nobody.status_code == 404


def test_only_admins_end_sessions_over_the_api(app: Any, cat: Any, make_user: Any) -> None:
    client = app.test_client()
    for path in ("/api/v1/users/ada/sessions", "/api/v1/users/ada/tokens"):
        assert client.delete(path, headers=cat["token"]).status_code in (403, 404)
