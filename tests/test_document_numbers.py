"""A document's number is its place in its project (#1, #2, ...), not a database id.

The project page's ``#`` column showed the instance-wide row id: the documents of a project
of 20 were #4,312 to #4,331. Each document now has a number in its project, given when it
is stored and never given again (a deleted document's number stays unused, so that ``#5``
never comes to name another document), and every place that takes ``#12`` reads it so.
Links keep the id.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment, Document
from annotator.services.datasets.document_names import named_document_ids
from annotator.services.datasets.imports import import_paths
from tests.helpers import login


@pytest.fixture
def projects(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any):
    """Project ``first`` with three documents, then ``p`` with three: p's ids are 4 to 6 or
    more, its numbers 1 to 3."""
    alice = make_user("alice", "annotator")
    make_user("rita", "reviewer")
    first = make_project("first")
    for n in range(3):
        make_document(first, f"Earlier text {n}.", f"e{n}")
    project = make_project("p")
    docs = [make_document(project, f"Officials said {n} things.", f"d{n}") for n in range(3)]
    for document in docs:
        assign(document, alice)
    return {"project": project, "docs": docs, "alice": alice}


def test_documents_are_numbered_within_their_project(session: Any, projects: Any) -> None:
    assert [d.number for d in projects["docs"]] == [1, 2, 3]
    assert [d.id for d in projects["docs"]] != [1, 2, 3]


def test_the_project_page_shows_numbers_and_links_by_id(client: Any, projects: Any) -> None:
    login(client, "rita")
    html = client.get("/projects/p").get_data(as_text=True)
    assert re.findall(r'data-label="#">([^<]*)<', html) == ["1", "2", "3"]
    for document in projects["docs"]:
        assert f'href="/projects/p/documents/{document.id}"' in html


def test_the_take_off_page_and_the_delete_buttons_say_numbers(
    client: Any, projects: Any, make_user: Any
) -> None:
    make_user("root", "admin")
    login(client, "root")
    html = client.get("/projects/p").get_data(as_text=True)
    assert re.findall(r'aria-label="Delete document ([^"]*)"', html) == ["#1", "#2", "#3"]
    page = client.get("/projects/p/assignments/take-off", query_string={"annotator": "alice"})
    assert page.status_code == 200
    assert re.findall(r'data-label="#" class="num">([^<]*)<', page.get_data(as_text=True)) == [
        "1",
        "2",
        "3",
    ]


def test_a_number_names_the_projects_document_by_its_place(session: Any, projects: Any) -> None:
    docs = projects["docs"]
    found = named_document_ids(session, projects["project"], ["#3", "1", "d1"])
    assert found == [docs[2].id, docs[0].id, docs[1].id]


def test_a_deleted_documents_number_is_never_given_again(
    session: Any, runner: Any, projects: Any, make_document: Any
) -> None:
    result = runner.invoke(args=["documents", "delete", "p", "#3", "--yes"])
    assert result.exit_code == 0, result.output
    later = make_document(projects["project"], "A later text.", "d9")
    assert later.number == 4
    refused = runner.invoke(args=["documents", "status", "p", "#3", "done", "--annotator", "alice"])
    assert refused.exit_code != 0 and "#3" in refused.output


def test_the_command_line_reads_a_number_as_the_pages(
    session: Any, runner: Any, projects: Any
) -> None:
    result = runner.invoke(args=["documents", "status", "p", "#2", "done", "--annotator", "alice"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "d1\talice\tdone\n"
    session.expire_all()
    statuses = session.scalars(
        select(Assignment.status).where(Assignment.document_id == projects["docs"][1].id)
    ).all()
    assert statuses == ["done"]


def test_the_api_lists_each_documents_number(client: Any, projects: Any, make_token: Any) -> None:
    headers = make_token(projects["alice"])  # her own queue: all three
    listed = client.get("/api/v1/projects/p/documents", headers=headers).get_json()
    assert [(d["external_id"], d["number"]) for d in listed["documents"]] == [
        ("d0", 1),
        ("d1", 2),
        ("d2", 3),
    ]
    assert [d["id"] for d in listed["documents"]] == [d.id for d in projects["docs"]]


def test_an_import_numbers_on_after_the_last_number(
    session: Any, projects: Any, tmp_path: Path
) -> None:
    path = tmp_path / "more.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": f"m{n}", "text": f"More text {n}."}) for n in range(2)),
        "utf-8",
    )
    import_paths(session, projects["project"], [path])
    session.commit()
    numbers = session.execute(
        select(Document.external_id, Document.number)
        .where(Document.project_id == projects["project"].id)
        .order_by(Document.number)
    ).all()
    assert [tuple(row) for row in numbers][-2:] == [("m0", 4), ("m1", 5)]
