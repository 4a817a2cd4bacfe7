"""The paged document list: ``GET /projects/<slug>/documents?page=&per_page=&q=&status=&...``.

Totals and page boundaries, what ``q`` matches, the status and annotator filters, what an
annotator may see, and that no list statement reads a document's text.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update
from sqlalchemy.orm import Session

from annotator.engine import get_engine
from annotator.models import Assignment
from tests.helpers import counted_statements, login


@pytest.fixture
def world(client: Any, session: Session, make_world: Any, assign: Any) -> SimpleNamespace:
    """25 documents; alice has 1-10 (3 done), bob 6-15, carol none; paula reviews the project."""
    people = dict.fromkeys(("alice", "bob", "carol", "paula"), "annotator") | {"rita": "reviewer"}
    docs = {}
    for n in range(1, 26):
        meta = {"source": "Le Monde" if n == 7 else "wire", "n": n}
        title = "Grain prices 100% up" if n == 12 else f"Story number {n}"
        docs[f"d{n}"] = (
            f"Text {n}. Said somebody.",
            f"ext-{n:02d}",
            {"title": title, "meta": meta},
        )
    members = {"paula": "reviewer", "carol": "annotator"}
    made = make_world(people, members=members, **docs)
    documents = [getattr(made, key) for key in docs]
    for doc in documents[:10]:
        assign(doc, made.alice)
    for doc in documents[5:15]:
        assign(doc, made.bob)
    for doc in documents[:3]:
        session.execute(
            update(Assignment)
            .where(Assignment.document_id == doc.id, Assignment.user_id == made.alice.id)
            .values(status="done")
        )
    session.commit()
    return SimpleNamespace(client=client, project=made.project, docs=documents, headers=made.tokens)


def _list(world: SimpleNamespace, who: str, expect: int = 200, **params: Any) -> Any:
    response = world.client.get(
        "/api/v1/projects/demo/documents", query_string=params, headers=world.headers[who]
    )
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def _ids(answer: dict[str, Any]) -> list[str]:
    return [row["external_id"] for row in answer["documents"]]


def test_pages_split_the_list_and_give_the_total(world: SimpleNamespace) -> None:
    first = _list(world, "rita", page=1, per_page=10)
    assert (first["total"], first["page"], first["per_page"]) == (25, 1, 10)
    assert _ids(first) == [f"ext-{n:02d}" for n in range(1, 11)]
    last = _list(world, "rita", page=3, per_page=10)
    assert _ids(last) == [f"ext-{n:02d}" for n in range(21, 26)]
    beyond = _list(world, "rita", page=4, per_page=10)
    assert beyond["documents"] == [] and beyond["total"] == 25
    searched = _list(world, "rita", page=2, per_page=20, q="story")
    assert _ids(searched) == ["ext-22", "ext-23", "ext-24", "ext-25"]  # matches 21 to 24
    assert searched["total"] == 24  # all but the grain prices
    past = _list(world, "rita", page=3, per_page=20, q="story")
    assert past["documents"] == [] and past["total"] == 24


def test_without_page_the_answer_keeps_its_old_shape(world: SimpleNamespace) -> None:
    answer = _list(world, "rita")
    assert set(answer) == {"documents"}
    assert len(answer["documents"]) == 25
    row = answer["documents"][6]
    # The old keys, the document's number in the project, and for a reviewer the model's
    # uncertainty (none before a model suggested).
    old = {"id", "external_id", "title", "status", "sentences", "progress"}
    assert set(row) == old | {"number", "uncertainty"} and row["uncertainty"] is None
    assert row["number"] == 7
    assert row["sentences"] == 2
    assert row["progress"] == {"done": 0, "assigned": 2}  # alice and bob


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("NUMBER 2", ["ext-02", "ext-20", "ext-21", "ext-22", "ext-23", "ext-24", "ext-25"]),
        ("ext-1", [f"ext-{n}" for n in range(10, 20)]),  # the external id
        ("le monde", ["ext-07"]),  # the metadata
        ("100%", ["ext-12"]),  # % is a character, not a wildcard
        ("nothing like it", []),
    ],
)
def test_q_searches_titles_external_ids_and_metadata(
    world: SimpleNamespace, q: str, expected: list[str]
) -> None:
    answer = _list(world, "rita", page=1, per_page=50, q=q)
    assert _ids(answer) == expected
    assert answer["total"] == len(expected)


def test_an_annotator_sees_only_their_own_documents_and_status(world: SimpleNamespace) -> None:
    answer = _list(world, "bob", page=1, per_page=4)
    assert answer["total"] == 10
    assert _ids(answer) == ["ext-06", "ext-07", "ext-08", "ext-09"]
    for row in answer["documents"]:
        # alice's assignments to these documents are not bob's to see.
        assert row["status"] == "new"
        assert row["progress"] == {"done": 0, "assigned": 1}
    assert _list(world, "carol", page=1)["total"] == 0


def test_an_annotator_filters_their_own_status_and_may_not_name_others(
    world: SimpleNamespace,
) -> None:
    done = _list(world, "alice", page=1, status="done")
    assert _ids(done) == ["ext-01", "ext-02", "ext-03"]
    assert _list(world, "bob", page=1, status="done")["total"] == 0
    assert _list(world, "bob", page=1, annotator="bob")["total"] == 10
    _list(world, "bob", 403, page=1, annotator="alice")


def test_reviewers_filter_by_annotator_and_status(world: SimpleNamespace) -> None:
    for who in ("rita", "paula"):  # a global reviewer, and the project's reviewer
        bobs = _list(world, who, page=1, per_page=50, annotator="bob")
        assert _ids(bobs) == [f"ext-{n:02d}" for n in range(6, 16)]
        done = _list(world, who, page=1, status="done")
        assert _ids(done) == ["ext-01", "ext-02", "ext-03"]
        assert _list(world, who, page=1, status="done", annotator="bob")["total"] == 0
        both = _list(world, who, page=1, per_page=50, status="new", annotator="alice")
        assert _ids(both) == [f"ext-{n:02d}" for n in range(4, 11)]
        # A name nobody has is a 404, as wherever a user is named (test_api_typo_answers.py).
        _list(world, who, 404, page=1, annotator="nobody")
    rows = {row["external_id"]: row for row in _list(world, "paula")["documents"]}
    assert rows["ext-01"]["progress"] == {"done": 1, "assigned": 1}
    assert rows["ext-08"]["progress"] == {"done": 0, "assigned": 2}


@pytest.mark.parametrize(
    "params",
    [{"page": "0"}, {"page": "x"}, {"page": "1", "per_page": "0"}, {"page": "1", "per_page": "501"},
     {"page": "1", "status": "finished"}, {"page": "-1"}],
)  # fmt: skip
def test_bad_parameters_are_400(world: SimpleNamespace, params: dict[str, str]) -> None:
    _list(world, "rita", 400, **params)


# ``document.text`` as a selected column; only the preview's bounded substr may name it.
_TEXT_COLUMN = re.compile(r"\bdocument\.text\b", re.I)
_PREVIEW = re.compile(r"substr\(document\.text, [^,]+, [^)]+\)", re.I)


@pytest.mark.parametrize(
    ("who", "params"),
    [("rita", {}), ("rita", {"page": "2", "per_page": "5", "q": "story"}), ("bob", {"page": "1"}),
     ("paula", {"page": "1", "status": "new", "annotator": "bob"})],
)  # fmt: skip
def test_no_list_statement_selects_the_text(
    app: Flask, world: SimpleNamespace, who: str, params: dict[str, str]
) -> None:
    with counted_statements(get_engine(app)) as seen:
        answer = _list(world, who, **params)
    assert answer["documents"]
    reads = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert any("FROM document" in s for s in reads)
    for statement in reads:
        assert not _TEXT_COLUMN.search(_PREVIEW.sub("", statement)), statement


def test_the_project_page_pages_and_selects_no_text(app: Flask, world: SimpleNamespace) -> None:
    login(world.client, "rita")
    with counted_statements(get_engine(app)) as seen:
        page = world.client.get("/projects/demo?page=2&per_page=10&q=story")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Story number 11" in html and "Story number 10<" not in html
    assert "Page 2 of 3" in html
    assert 'href="/projects/demo?page=3&amp;per_page=10&amp;q=story"' in html
    for statement in seen:
        assert not _TEXT_COLUMN.search(_PREVIEW.sub("", statement)), statement


def test_the_project_page_shows_an_annotator_their_own_queue(world: SimpleNamespace) -> None:
    login(world.client, "bob")
    html = world.client.get("/projects/demo?status=new").get_data(as_text=True)
    assert "Story number 6" in html and "Story number 15" in html
    assert "Story number 5<" not in html and "Story number 16" not in html
    assert "alice" not in html


@pytest.mark.parametrize(("who", "code"), [("rita", 200), ("bob", 403)])
def test_an_unknown_annotator_filter_is_said_by_page_and_api(
    world: SimpleNamespace, who: str, code: int
) -> None:
    """A reviewer is told that nobody has that name (the API: the 404 of every endpoint
    naming a user; the page: no match, among the names there are); an annotator may name
    only themself."""
    answer = _list(world, who, 404 if code == 200 else code, page=1, annotator="nobody")
    login(world.client, who)
    page = world.client.get("/projects/demo?annotator=nobody")
    assert page.status_code == code
    html = page.get_data(as_text=True)
    if code == 200:
        assert answer["error"]["message"] == "no user called 'nobody'"
        assert "No documents match." in html
    else:
        said = "only the project's reviewers may list another annotator's documents"
        assert answer["error"]["message"] == said
        assert said.replace("'", "&#39;") in html


def test_figures_are_the_same_when_read_in_chunks(
    world: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.services.datasets import listing

    whole = _list(world, "rita")
    monkeypatch.setattr(listing, "CHUNK", 4)
    assert _list(world, "rita") == whole
    assert _list(world, "bob") == _list(world, "bob")
