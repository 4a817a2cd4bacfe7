"""The page /account/tokens: list, create (the token shown once) and revoke, with CSRF."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.helpers import bearer, csrf_token_from, login


@pytest.fixture
def alice(make_user: Any) -> Any:
    return make_user("alice", "annotator")


def _page(client: FlaskClient) -> str:
    response = client.get("/account/tokens")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _create(client: FlaskClient, name: str, days: str = "") -> Any:
    return client.post(
        "/account/tokens",
        data={"csrf_token": csrf_token_from(_page(client)), "name": name, "expires_in_days": days},
    )


def test_the_page_needs_a_login(client: FlaskClient) -> None:
    response = client.get("/account/tokens")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_a_token_is_created_shown_once_and_works(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    html = _page(client)
    assert "You have no API tokens." in html
    for name in ("name", "expires_in_days", "csrf_token"):
        assert f'name="{name}"' in html
    response = _create(client, "laptop script", "30")
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    created = response.get_data(as_text=True)
    token = re.search(r'id="new-token">(ann_[^<]+)<', created)
    assert token, created
    assert "laptop script" in created
    assert client.get("/api/v1/projects", headers=bearer(token.group(1))).status_code == 200
    # Shown once: the list shows the token's name, never the token again.
    again = _page(client)
    assert "laptop script" in again and token.group(1) not in again


def test_a_token_is_revoked_from_the_page(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    created = _create(client, "old").get_data(as_text=True)
    token = re.search(r'id="new-token">(ann_[^<]+)<', created).group(1)
    html = _page(client)
    action = re.search(r'action="(/account/tokens/\d+/revoke)"', html).group(1)
    response = client.post(action, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 401
    assert "You have no API tokens." in _page(client)


def test_forms_without_the_csrf_token_change_nothing(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    assert client.post("/account/tokens", data={"name": "x"}).status_code in (400, 403)
    assert "You have no API tokens." in _page(client)
    _create(client, "kept")
    action = re.search(r'action="(/account/tokens/\d+/revoke)"', _page(client)).group(1)
    assert client.post(action).status_code in (400, 403)
    assert "kept" in _page(client)


def test_another_users_token_cannot_be_revoked_from_the_page(
    client: FlaskClient, alice: Any, make_user: Any
) -> None:
    login(client, "alice")
    _create(client, "alices")
    action = re.search(r'action="(/account/tokens/\d+/revoke)"', _page(client)).group(1)
    make_user("bob", "annotator")
    bob = client.application.test_client()
    login(bob, "bob")
    response = bob.post(action, data={"csrf_token": csrf_token_from(_page(bob))})
    assert response.status_code == 404
    assert "alices" in _page(client)


def test_a_bad_lifetime_is_shown_on_the_form(client: FlaskClient, alice: Any) -> None:
    login(client, "alice")
    response = _create(client, "x", "0")
    assert response.status_code == 400
    assert "field--invalid" in response.get_data(as_text=True)


def test_an_admin_lists_and_revokes_anyones_tokens_from_the_pages(
    client: FlaskClient, alice: Any, make_user: Any, session: Any
) -> None:
    from sqlalchemy import select

    from annotator.models import AuditEntry

    login(client, "alice")
    created = _create(client, "alices <b>script</b>").get_data(as_text=True)
    token = re.search(r'id="new-token">(ann_[^<]+)<', created).group(1)
    _create(client, "kept")
    make_user("ada", "admin")
    ada = client.application.test_client()
    login(ada, "ada")
    users = ada.get("/admin/users").get_data(as_text=True)
    assert 'href="/account/tokens?user=alice"' in users
    html = ada.get("/account/tokens?user=alice").get_data(as_text=True)
    assert "API tokens of alice" in html and "alices &lt;b&gt;script&lt;/b&gt;" in html
    assert "Create token" not in html  # tokens are made by their owner only
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*.*?action="(/account/tokens/\d+/revoke)"', html, re.S
    )
    action = dict(rows)["alices &lt;b&gt;script&lt;/b&gt;"]
    response = ada.post(action, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/tokens?user=alice"
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 401
    left = ada.get("/account/tokens?user=alice").get_data(as_text=True)
    assert "kept" in left and "alices &lt;b&gt;" not in left
    session.commit()  # a fresh snapshot
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "token.revoke"))
    assert entry.actor == "ada" and entry.target == "alice"
    assert entry.before["name"] == "alices <b>script</b>"


def test_only_admins_see_anothers_tokens(client: FlaskClient, alice: Any, make_user: Any) -> None:
    make_user("rita", "reviewer")
    login(client, "rita")
    assert client.get("/account/tokens?user=alice").status_code == 403
    assert client.get("/account/tokens?user=rita").status_code == 200  # their own
    assert client.get("/account/tokens?user=").status_code == 200  # nobody named: their own
    refusal = client.get("/account/tokens?user=alice").get_data(as_text=True)
    assert "only admins may list another user&#39;s tokens" in refusal  # the API's words


@pytest.mark.parametrize("name", ["   ", "\t"])
def test_a_blank_token_name_is_shown_on_the_form_and_makes_no_token(
    client: FlaskClient, alice: Any, name: str
) -> None:
    login(client, "alice")
    response = _create(client, name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "field--invalid" in html and "blank" in html
    assert "You have no API tokens." in html
