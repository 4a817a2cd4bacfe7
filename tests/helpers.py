"""Helpers for tests: log in through the real login form, count the SQL a block runs, the
reviewed team of alice, bob and rita."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from werkzeug.test import TestResponse

from annotator.core.wording import CountedPhrase
from tests.conftest import PASSWORD

_CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    """Return the value of the first ``csrf_token`` hidden input in ``html``."""
    match = _CSRF_INPUT.search(html)
    assert match, "no csrf_token input in the page"
    return match.group(1)


def bearer(token: str) -> dict[str, str]:
    """Return the ``Authorization`` header of an API token."""
    return {"Authorization": f"Bearer {token}"}


def login(
    client: FlaskClient, username: str, password: str = PASSWORD, next: str | None = None
) -> TestResponse:
    """Fetch the login form, then post it with its CSRF token; return the answer."""
    query = {"next": next} if next is not None else {}
    page = client.get("/auth/login", query_string=query)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(
        "/auth/login",
        query_string=query,
        data={"csrf_token": token, "username": username, "password": password},
    )


def logout(client: FlaskClient) -> TestResponse:
    """Press the logout button of the projects page."""
    page = client.get("/")
    return client.post("/auth/logout", data={"csrf_token": csrf_token_from(page.get_data(True))})


def review_team(make_user: Any, assign: Any, *documents: Any) -> dict[str, Any]:
    """Make the annotators alice and bob and the reviewer rita; give alice and bob each of
    ``documents``; return the three users by name.

    The people of the review, unanimous and export tests: two annotators whose layers can
    differ, and somebody to decide between them.
    """
    users = {name: make_user(name, "annotator") for name in ("alice", "bob")}
    users["rita"] = make_user("rita", "reviewer")
    for document in documents:
        assign(document, users["alice"], users["bob"])
    return users


def said(warnings: Mapping[CountedPhrase, int]) -> list[str]:
    """Return counted warnings as a person reads them, sorted."""
    return sorted(what.said(count) for what, count in warnings.items())


@contextmanager
def counted_statements(engine: Engine) -> Iterator[list[str]]:
    """Collect the SQL statements run on ``engine`` while the block runs, by this thread.

    The test client runs requests on the test's thread. Another thread's statements are left
    out: the suggestion trainer's, which looks up after a gold write whether its project
    trains by itself, fell into a count now and then and made it one too many.
    """
    seen: list[str] = []
    mine = threading.get_ident()

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.get_ident() == mine:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)
