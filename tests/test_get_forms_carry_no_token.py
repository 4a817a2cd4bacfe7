"""A form sent with GET carries no CSRF token: it would land in the URL, the history and logs.

A GET changes nothing, so no GET handler checks a token (Flask-WTF's CSRFProtect skips
GET); a token in such a form only leaks. The export form keeps one for its POST (a split
file), disabled until the page's script sends the form that way.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from tests.helpers import login

TEXT = "Officials said the border was closed. The ministry denied it."


class _GetFormTokens(HTMLParser):
    """Collect the enabled ``csrf_token`` inputs inside ``<form method="get">``."""

    def __init__(self) -> None:
        super().__init__()
        self.get_forms = 0
        self.inside = False
        self.tokens: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self.inside = (named.get("method") or "get").lower() == "get"
            self.get_forms += self.inside
        elif (
            tag == "input"
            and self.inside
            and named.get("name") == "csrf_token"
            and "disabled" not in named
        ):
            self.tokens.append(named)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


@pytest.mark.parametrize(
    "path",
    [
        "/projects/demo/export",
        "/projects/demo",
        "/projects/demo/agreement",
        "/projects/demo/people",
        "/admin/users",
        "/admin/audit",
    ],
)
def test_no_get_form_sends_a_csrf_token(client: Any, make_world: Any, path: str) -> None:
    make_world({"ada": "admin", "alice": "annotator"}, doc=(TEXT, "a.txt"))
    login(client, "ada")
    page = client.get(path)
    assert page.status_code == 200, path
    found = _GetFormTokens()
    found.feed(page.get_data(as_text=True))
    assert found.get_forms, f"{path} has no GET form any more: take it off this list"
    assert found.tokens == [], path


def test_the_export_download_by_get_needs_no_token(client: Any, make_world: Any) -> None:
    make_world({"ada": "admin", "alice": "annotator"}, doc=(TEXT, "a.txt"))
    login(client, "ada")
    answer = client.get("/projects/demo/export", query_string={"format": "jsonl", "layer": "all"})
    assert answer.status_code == 200
    assert answer.mimetype != "text/html"
