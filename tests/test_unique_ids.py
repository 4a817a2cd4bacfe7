"""Pages with several forms give no two elements one id: every form's hidden ``csrf_token``
input had the id ``csrf_token`` (the header's "Log out" form has one on every page). The
forms still post: the token goes by its name."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest

from annotator.services.accounts.membership import set_member
from tests.helpers import csrf_token_from, login


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1


def _repeated_ids(html: str) -> dict[str, int]:
    parser = _Ids()
    parser.feed(html)
    return {name: n for name, n in parser.ids.items() if n > 1}


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users",
        "/projects/new",
        "/projects/demo",
        "/projects/demo/settings",
        "/projects/demo/people",
        "/projects/demo/assignments",
        "/account/tokens",
        "/account/password",
    ],
)
def test_a_page_with_several_forms_has_no_repeated_id(
    client: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    session: Any,
    path: str,
) -> None:
    make_user("ada", "admin")
    project = make_project("demo")
    alice, bob = make_user("alice", "annotator"), make_user("bob", "annotator")
    set_member(session, project, alice, "annotator")
    set_member(session, project, bob, "annotator")
    session.commit()
    for text in ("The talks failed.", "Moscow denied it."):
        assign(make_document(project, text), alice, bob)
    login(client, "ada")
    answer = client.get(path)
    assert answer.status_code == 200, path
    page = answer.get_data(as_text=True)
    assert page.count("<form") >= 2, path
    assert _repeated_ids(page) == {}


def test_forms_without_ids_on_their_tokens_still_post(client: Any, make_user: Any) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    page = client.get("/admin/users").get_data(as_text=True)
    token = csrf_token_from(page)
    answer = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "username": "carl",
            "password": "a long enough password",
            "role": "annotator",
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert 'id="csrf_token"' not in page
