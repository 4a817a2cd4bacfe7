"""The document list's search (``q``) over ``document_search``, the lowercased copies of each
document's title, external id and metadata that are stored with it and deleted with it.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.limits import SEARCH_MAX
from annotator.core.search_text import search_fields
from annotator.engine import get_engine
from annotator.models import Document, DocumentSearch
from tests.helpers import counted_statements


@pytest.fixture
def world(client: Any, make_world: Any, make_project: Any) -> SimpleNamespace:
    """Two projects, ``geo`` and ``other``, run by ada, an admin."""
    made = make_world({"ada": "admin"}, slug="geo")
    projects = {"geo": made.project, "other": make_project("other")}
    return SimpleNamespace(client=client, projects=projects, headers=made.tokens["ada"])


def _import(world: SimpleNamespace, slug: str, records: list[dict[str, Any]]) -> None:
    response = world.client.post(
        f"/api/v1/projects/{slug}/documents", json=records, headers=world.headers
    )
    assert response.status_code == 201, response.get_json()


def _found(world: SimpleNamespace, q: str, slug: str = "geo") -> list[str]:
    response = world.client.get(
        f"/api/v1/projects/{slug}/documents",
        query_string={"page": 1, "q": q},
        headers=world.headers,
    )
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["total"] == len(answer["documents"])
    return [row["external_id"] for row in answer["documents"]]


GEO = [
    {"id": "zola.txt", "title": "Émile Zola à Genève", "text": "Zola wrote.", "meta": {}},
    {"id": "ZH-1", "text": "A note.", "meta": {"ville": "Zürich", "Desk": "Wire"}},
    {"id": "plain", "title": "Grain prices", "text": "Prices rose."},
]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ÉMILE", ["zola.txt"]),  # case folded beyond ASCII, in the title
        ("émile zola", ["zola.txt"]),
        ("zürich", ["ZH-1"]),  # a metadata value, non-ASCII as written
        ("ZÜRICH", ["ZH-1"]),
        ("desk", ["ZH-1"]),  # a metadata key
        ("zh-", ["ZH-1"]),  # the external id
        ("z", ["zola.txt", "ZH-1"]),  # one character
        ("ri", ["ZH-1", "plain"]),  # two
        ('"ville": "zü', ["ZH-1"]),  # the metadata's JSON text
        ("à genève", ["zola.txt"]),
        ("genève zürich", []),  # never across two fields or two documents
    ],
)
def test_q_is_a_case_insensitive_substring_of_title_id_or_metadata(
    world: SimpleNamespace, q: str, expected: list[str]
) -> None:
    _import(world, "geo", GEO)
    _import(world, "other", [{"id": "zola-2", "title": "Émile again", "text": "More."}])
    assert _found(world, q) == expected


def test_a_search_text_longer_than_a_search_takes_is_400_naming_q(
    world: SimpleNamespace, runner: Any
) -> None:
    """SQLite refuses a LIKE pattern over 50,000 bytes: ?q= of 100,000 letters was a 500."""
    _import(world, "geo", GEO)
    title = GEO[0]["title"] + " " * (SEARCH_MAX - len(GEO[0]["title"]))
    _import(world, "other", [{"id": "long", "title": title, "text": "Long title."}])
    assert _found(world, title, "other") == ["long"]  # the longest a title is: found
    for q in (title + "x", "a" * 100_000):
        response = world.client.get(
            "/api/v1/projects/geo/documents", query_string={"q": q}, headers=world.headers
        )
        assert response.status_code == 400, response.get_data(as_text=True)
        error = response.get_json()["error"]
        assert error["details"] == {"field": "q"}
        assert error["message"] == (
            f"the search text is {len(q)} characters long; a search takes at most {SEARCH_MAX}"
        )
    result = runner.invoke(args=["documents", "list", "geo", "--search", "a" * 100_000])
    assert result.exit_code == 1
    assert "a search takes at most" in result.stderr


def test_each_stored_document_gets_its_search_row_and_loses_it_when_deleted(
    world: SimpleNamespace, session: Session, runner: Any, tmp_path: Path
) -> None:
    _import(world, "geo", GEO)
    (tmp_path / "Brief Über.txt").write_text("Short heading\nThe body.\n", encoding="utf-8")
    (tmp_path / "more.jsonl").write_text(
        json.dumps({"id": "M", "text": "x.", "meta": {"k": ["Ä", 1]}}) + "\n", encoding="utf-8"
    )
    result = runner.invoke(args=["import", "geo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    session.commit()  # a fresh snapshot

    documents = session.scalars(select(Document).order_by(Document.id)).all()
    rows = {row.document_id: row for row in session.scalars(select(DocumentSearch))}
    assert len(documents) == len(rows) == 5
    for document in documents:
        row = rows[document.id]
        assert row.project_id == document.project_id
        expected = search_fields(document.title, document.external_id, document.meta)
        assert (row.title, row.external_id, row.meta) == tuple(expected)
    assert _found(world, "über") == ["Brief Über.txt"]
    assert _found(world, "short heading") == ["Brief Über.txt"]  # the title taken from it

    zola = next(d.id for d in documents if d.external_id == "zola.txt")
    deleted = world.client.delete(f"/api/v1/documents/{zola}", headers=world.headers)
    assert deleted.status_code == 204
    assert _found(world, "émile") == []
    session.commit()
    assert session.get(DocumentSearch, zola) is None


def test_deleting_a_project_takes_its_search_rows(world: SimpleNamespace, session: Session) -> None:
    _import(world, "geo", GEO)
    _import(world, "other", GEO[:1])
    assert world.client.delete("/api/v1/projects/geo", headers=world.headers).status_code == 204
    session.commit()
    assert session.scalar(select(func.count()).select_from(DocumentSearch)) == 1  # other's


def test_a_search_reads_the_search_rows_not_the_documents_columns(
    app: Flask, world: SimpleNamespace
) -> None:
    """The LIKE runs over ``document_search``; no statement lowercases a document column."""
    _import(world, "geo", GEO)
    with counted_statements(get_engine(app)) as seen:
        assert _found(world, "grain") == ["plain"]
    searches = [s for s in seen if " LIKE " in s.upper()]
    assert searches and all("document_search" in s for s in searches)
    assert not any("lower(" in s.lower() for s in seen)
