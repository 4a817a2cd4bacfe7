"""Every list of the API pages as the document list does, and refuses a bad page in its words.

The review list, ``GET /users``, a project's members and ``GET /tokens`` answered every row
at once. With ``?page=N&per_page=M`` each now answers one page with ``total``, ``page`` and
``per_page``; without ``page`` each answers exactly what it answered before. A bad ``page``
or ``per_page`` is refused by every paged list (the audit log and a document's history too)
with the document list's status, message and details. An unknown ``?status=`` is one
refusal too, on the document list and on the export.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.api_world import World, build_world

#: Path, the key of its rows, who asks, and the keys of its answer without ``page``.
LISTS = [
    ("/projects/demo/review", "documents", "rita", {"project", "documents"}),
    ("/users", "users", "ada", {"users"}),
    ("/projects/demo/members", "members", "ada", {"members"}),
    ("/tokens", "tokens", "ada", {"tokens"}),
]
LIST_IDS = ["review", "users", "members", "tokens"]
TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(
    client,
    session,
    make_user,
    make_token,
    make_project,
    make_document,
    assign,  # noqa: ANN001
) -> World:
    """Five documents alice and bob annotated, agreeing less and less; four tokens of ada's;
    five users, four of them members of demo."""
    built = build_world(client, make_user, make_token, make_project, make_document, assign)
    alice, bob = built.users["alice"], built.users["bob"]
    for n in range(5):
        doc = make_document(built.project, TEXT, external_id=f"r{n}")
        assign(doc, alice, bob)
        layers = {who: open_layer(session, who, doc, None) for who in (alice, bob)}
        add_span(session, layers[alice], "CLAIM", 15, 31)
        add_span(session, layers[bob], "CLAIM", 15 + n, 31)  # r0 agrees; r4 differs most
        set_label(session, layers[alice], 0, "stance", "AGAINST")
        set_label(session, layers[bob], 0, "stance", "AGAINST" if n < 3 else "NONE")
    session.commit()
    for name, role in [("rita", "reviewer"), ("alice", "annotator"), ("bob", "annotator")]:
        put = built.call("ada", "PUT", f"/projects/demo/members/{name}", {"role": role})
        assert put.status_code == 200, put.get_json()
    for name in ("one", "two", "three"):
        made = built.call("ada", "POST", "/tokens", {"name": name})
        assert made.status_code == 201, made.get_json()
    return built


def _get(world: World, who: str, path: str, expect: int = 200, **query: Any) -> Any:
    response = world.call(who, "GET", path, query_string=query)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(("path", "key", "who", "keys"), LISTS, ids=LIST_IDS)
def test_without_page_a_list_answers_every_row_as_before(
    world: World, path: str, key: str, who: str, keys: set[str]
) -> None:
    whole = _get(world, who, path)
    assert set(whole) == keys
    assert len(whole[key]) >= 3


@pytest.mark.parametrize(("path", "key", "who", "keys"), LISTS, ids=LIST_IDS)
def test_the_pages_of_a_list_hold_its_rows_once_each_in_order(
    world: World, path: str, key: str, who: str, keys: set[str]
) -> None:
    rows = _get(world, who, path)[key]
    last = -(-len(rows) // 2)
    pages = []
    for number in range(1, last + 2):  # one past the last page
        page = _get(world, who, path, page=number, per_page=2)
        assert set(page) == keys | {"total", "page", "per_page"}
        assert (page["total"], page["page"], page["per_page"]) == (len(rows), number, 2)
        pages.append(page[key])
    assert pages[-1] == []  # past the last page: empty, and total still says how many
    assert [len(page) for page in pages[:-2]] == [2] * (last - 1)
    assert 1 <= len(pages[-2]) <= 2
    assert [row for page in pages for row in page] == rows
    whole = _get(world, who, path, page=1, per_page=len(rows))
    assert whole[key] == rows and whole["total"] == len(rows)
    default = _get(world, who, path, page=1)
    assert default["per_page"] == 50 and default[key] == rows


def test_the_review_list_pages_most_disagreement_first(world: World) -> None:
    first = _get(world, "rita", "/projects/demo/review", page=1, per_page=2)
    # r3 and r4 differ on the label (and overlap on the span): equal, and in id order.
    assert [row["external_id"] for row in first["documents"]] == ["r3", "r4"]
    whole = _get(world, "rita", "/projects/demo/review")["documents"]
    measures = [row["disagreement"] for row in whole]
    assert measures == sorted(measures, reverse=True) and measures[0] > measures[-1]
    assert all(row["gold_status"] == "open" for row in first["documents"])
    assert first["project"] == "demo"


BAD = [
    {"page": "0"},
    {"page": "-1"},
    {"page": "x"},
    {"page": "1.5"},
    {"page": "99999999999"},
    {"page": "1", "per_page": "0"},
    {"page": "1", "per_page": "501"},
    {"per_page": "501"},
    {"page": "1", "per_page": "many"},
]


@pytest.mark.parametrize("query", BAD, ids=[str(q) for q in BAD])
def test_a_bad_page_is_refused_by_every_list_as_by_the_document_list(
    world: World, query: dict[str, str]
) -> None:
    documents = _get(world, "rita", "/projects/demo/documents", 400, **query)
    for path, _key, who, _keys in LISTS:
        assert _get(world, who, path, 400, **query) == documents, path
    # The lists always answered a page at a time take the same rule; they have no page-less
    # answer, so a per_page alone is checked as with page 1.
    history = f"/projects/demo/documents/{world.doc.id}/history"
    for path, who in (("/audit", "ada"), (history, "rita")):
        assert _get(world, who, path, 400, **query) == documents, path


def test_the_refusal_names_the_parameter(world: World) -> None:
    refusal = _get(world, "ada", "/users", 400, page=1, per_page=501)["error"]
    assert refusal["message"] == "per_page must be a whole number from 1 to 500"
    assert refusal["details"] == {"field": "per_page"}
    assert _get(world, "ada", "/users", 400, page=0)["error"]["details"] == {"field": "page"}


@pytest.mark.parametrize("page", ["0", "x", "99999999999", "2147483648"])
def test_a_page_past_what_can_be_asked_says_the_real_limit(world: World, page: str) -> None:
    """A page of eleven digits is a whole number from 1: the refusal says up to where."""
    refusal = _get(world, "rita", "/projects/demo/documents", 400, page=page)["error"]
    assert refusal["message"] == "page must be a whole number from 1 to 2147483647"
    assert refusal["details"] == {"field": "page"}
    last = _get(world, "rita", "/projects/demo/documents", page="2147483647")
    assert last["documents"] == [] and last["page"] == 2147483647


def test_who_may_not_list_learns_nothing_of_the_paging(world: World) -> None:
    """A caller refused the list is refused as before, whatever the page: 403, not 400."""
    for path, _key, _who, _keys in LISTS[:3]:
        assert world.call("alice", "GET", path + "?page=0").status_code == 403, path


def test_an_unknown_status_is_one_refusal_on_the_list_and_the_export(world: World) -> None:
    """The same words everywhere; the list's filter is malformed (400), while the export
    refuses it as every other choice it cannot take, its format included (422)."""
    listed = _get(world, "rita", "/projects/demo/documents", 400, status="bogus")
    exported = _get(world, "rita", "/projects/demo/export", 422, status="bogus")
    assert exported["error"]["code"] == "invalid" and listed["error"]["code"] == "malformed"
    assert exported["error"] | {"code": None} == listed["error"] | {"code": None}
    assert listed["error"]["message"] == (
        "status must be one of new, in_progress, done, skipped, got 'bogus'"
    )
    assert listed["error"]["details"] == {
        "field": "status",
        "allowed": ["new", "in_progress", "done", "skipped"],
    }
    # A write's status outside its list says it in the same words (as a body's value, 422).
    put = world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "bogus"})
    assert put.status_code == 422
    assert put.get_json()["error"]["message"] == (
        "status must be one of in_progress, done, skipped, got 'bogus'"
    )
