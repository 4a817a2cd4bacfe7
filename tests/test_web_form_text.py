"""Text a form sends that no database stores (NUL) is refused, naming the field, not stored.

PostgreSQL refuses NUL in text: a project, token or login form carrying one answered 500
there and stored it on SQLite. (A lone surrogate cannot arrive through a form: the body is
decoded as UTF-8, with U+FFFD for what does not decode.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from annotator.models import ApiToken, Project
from tests.helpers import csrf_token_from, login


def _post(client: Any, page: str, data: dict[str, str], action: str | None = None) -> Any:
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action or page, data={"csrf_token": token, **data})


def test_a_nul_in_a_form_field_is_refused_naming_the_field(
    app: Any, session: Any, make_user: Any
) -> None:
    make_user("root", "admin")
    client = app.test_client()
    assert login(client, "root").status_code == 302
    made = _post(client, "/projects/new", {"slug": "nul", "name": "a\x00b"})
    assert made.status_code == 422
    assert "the field &#39;name&#39; contains a NUL character" in made.get_data(as_text=True)
    named = _post(client, "/account/tokens", {"name": "t\x00t"})
    assert named.status_code == 422
    assert session.scalar(select(func.count()).select_from(Project)) == 0
    assert session.scalar(select(func.count()).select_from(ApiToken)) == 0
    # The same forms without the NUL go through.
    assert _post(client, "/projects/new", {"slug": "nul", "name": "ab"}).status_code == 302


def test_a_nul_in_the_login_form_is_refused_before_any_lookup(app: Any, make_user: Any) -> None:
    make_user("root", "admin")
    client = app.test_client()
    refused = _post(client, "/auth/login", {"username": "ro\x00ot", "password": "x"})
    assert refused.status_code == 422
    assert "the field &#39;username&#39;" in refused.get_data(as_text=True)
