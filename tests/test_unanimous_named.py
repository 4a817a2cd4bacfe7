"""An accept of named documents (``adjudicate unanimous --documents``, the API's
``documents``) leaves out by default those someone assigned has not finished, and names each
with who has not finished it, pointing at the way to take them; on PostgreSQL a project's
accept holds its documents' rows in one statement a batch, not one a document."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.unanimous_scope import UnanimousScope
from annotator.engine import get_engine
from annotator.models import LabelValue, Layer
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.review import unanimous
from tests.helpers import counted_statements, csrf_token_from, login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    """alice and bob give d1, d2, d3 (#1, #2, #3) the stance AGAINST; both marked d1 done,
    neither d2, and of d3 alice only."""
    project = make_project("demo")
    docs = {name: make_document(project, TEXT, external_id=name) for name in ("d1", "d2", "d3")}
    users = review_team(make_user, assign, *docs.values())
    for doc in docs.values():
        for name in ("alice", "bob"):
            set_label(session, open_layer(session, users[name], doc, None), 0, "stance", "AGAINST")
    for user, doc in (("alice", "d1"), ("bob", "d1"), ("alice", "d3")):
        set_status(session, users[user], docs[doc], "done")
    session.commit()
    return {"project": project, "docs": docs, "users": users}


def _gold_stances(session, world) -> dict[str, list[str]]:
    session.expire_all()
    found: dict[str, list[str]] = {}
    for name, doc in world["docs"].items():
        query = (
            select(LabelValue.value)
            .join(Layer, Layer.id == LabelValue.layer_id)
            .where(Layer.document_id == doc.id, Layer.user_id.is_(None))
        )
        found[name] = list(session.scalars(query))
    return found


def test_the_cli_names_the_unfinished_documents_it_left_out(runner, session, world) -> None:
    named = ["adjudicate", "unanimous", "demo", "--documents", "#3,d1,#2", "--as", "rita"]
    result = runner.invoke(args=named)
    assert result.exit_code == 0, result.output
    assert "into the gold of 1 document." in result.output
    assert "2 documents left out: someone assigned has not finished them" in result.output
    # In the order named, each with who has not finished it, and the way to take them.
    assert "#3: not finished by bob\n" in result.output
    assert "#2: not finished by alice, bob\n" in result.output
    assert result.output.index("#3:") < result.output.index("#2:")
    assert "--include-unfinished takes them" in result.output
    assert _gold_stances(session, world) == {"d1": ["AGAINST"], "d2": [], "d3": []}

    taken = runner.invoke(args=[*named, "--include-unfinished"])
    assert taken.exit_code == 0, taken.output
    assert "not finished by" not in taken.output
    assert _gold_stances(session, world) == {
        "d1": ["AGAINST"],
        "d2": ["AGAINST"],
        "d3": ["AGAINST"],
    }


def test_the_cli_names_none_for_a_whole_projects_accept(runner, session, world) -> None:
    result = runner.invoke(args=["adjudicate", "unanimous", "demo", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert "2 documents left out" in result.output and "not finished by" not in result.output


def test_the_api_names_the_unfinished_documents_it_left_out(client, session, world, make_token):
    rita = make_token(world["users"]["rita"])
    path = "/api/v1/projects/demo/review/unanimous"
    answer = client.post(path, json={"documents": ["#2", "d1"]}, headers=rita)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["documents"], body["skipped_unfinished"]) == (1, 1)
    assert body["unfinished_named"] == [
        {"number": 2, "external_id": "d2", "not_finished_by": ["alice", "bob"]}
    ]
    assert body["warnings"] == [
        "1 document left out: someone assigned has not finished it (not started or in "
        "progress), so its layers may still change; include_unfinished takes it: "
        "#2: not finished by alice, bob"
    ]
    assert _gold_stances(session, world) == {"d1": ["AGAINST"], "d2": [], "d3": []}

    hidden = client.post(f"{path}?anonymous=1", json={"documents": ["d3"]}, headers=rita)
    assert hidden.get_json()["unfinished_named"][0]["not_finished_by"] == ["Annotator 2"]
    assert hidden.get_json()["warnings"][0].endswith("#3: not finished by Annotator 2")

    taken = client.post(
        path, json={"documents": ["#2", "#3"], "include_unfinished": True}, headers=rita
    )
    assert taken.status_code == 200
    assert (taken.get_json()["unfinished_named"], taken.get_json()["warnings"]) == ([], [])
    assert _gold_stances(session, world) == {
        "d1": ["AGAINST"],
        "d2": ["AGAINST"],
        "d3": ["AGAINST"],
    }


def test_the_api_refuses_a_document_the_project_lacks(client, session, world, make_token):
    rita = make_token(world["users"]["rita"])
    path = "/api/v1/projects/demo/review/unanimous"
    answer = client.post(path, json={"documents": ["d1", "nope"]}, headers=rita)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["details"]["field"] == "documents"
    assert "nope" in answer.get_json()["error"]["message"]
    wrong = client.post(path, json={"documents": "d1"}, headers=rita)
    assert wrong.status_code == 400
    # Named documents with the list's filter are no refusal: tests/test_unanimous_scope.py.
    assert _gold_stances(session, world) == {"d1": [], "d2": [], "d3": []}


def test_the_page_counts_and_accepts_named_documents_naming_the_unfinished(
    client, session, world
) -> None:
    login(client, "rita")
    listed = client.get("/projects/demo/review?unanimous=check").get_data(as_text=True)
    assert 'id="unanimous-documents"' in listed  # where to name the documents to take
    asked = client.get("/projects/demo/review?unanimous=check&documents=%233,+d1,+%232")
    page = asked.get_data(as_text=True)
    assert "Accepting writes 1 item into gold in 1 document" in page
    assert "2 documents left out: someone assigned has not finished them" in page
    assert "#3: not finished by bob" in page and "#2: not finished by alice, bob" in page
    assert 'name="documents" value="#3, d1, #2"' in page  # posted with the form, and shown
    hidden = client.get("/projects/demo/review?unanimous=check&documents=%233&anonymous=1")
    assert "#3: not finished by Annotator 2" in hidden.get_data(as_text=True)

    token = csrf_token_from(page)
    posted = client.post(
        "/projects/demo/review/unanimous",
        data={"csrf_token": token, "confirm": "1", "quorum": "unanimous", "documents": "#2, d1"},
    )
    assert posted.status_code == 302
    flashed = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert "in 1 document." in flashed
    assert "#2: not finished by alice, bob" in flashed
    assert "Include them" in flashed
    assert _gold_stances(session, world) == {"d1": ["AGAINST"], "d2": [], "d3": []}

    included = client.get(
        "/projects/demo/review?unanimous=check&documents=%232&include_unfinished=1"
    ).get_data(as_text=True)
    assert "Accepting writes 1 item into gold in 1 document" in included
    assert "not finished by" not in included


def test_the_page_says_which_named_document_it_does_not_know(client, session, world) -> None:
    login(client, "rita")
    asked = client.get("/projects/demo/review?unanimous=check&documents=nope")
    assert asked.status_code == 200
    assert "nope" in asked.get_data(as_text=True)
    page = client.get("/projects/demo/review").get_data(as_text=True)
    posted = client.post(
        "/projects/demo/review/unanimous",
        data={"csrf_token": csrf_token_from(page), "confirm": "1", "documents": "d1, nope"},
    )
    assert posted.status_code == 302
    said = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert "Not accepted" in said and "nope" in said
    assert _gold_stances(session, world) == {"d1": [], "d2": [], "d3": []}


def test_the_projects_accept_holds_its_documents_in_one_statement(
    app, session, world, make_document, assign
) -> None:
    """Before: one ``FOR KEY SHARE`` statement a document (3 for 3 documents); now one for
    them all, ordered by id, whatever their number."""
    if get_engine(app).dialect.name != "postgresql":
        pytest.skip("SQLite's write transactions begin IMMEDIATE: nothing is held")
    users, project = world["users"], world["project"]
    more = [make_document(project, TEXT, external_id=f"e{n}") for n in range(4)]
    for doc in more:
        assign(doc, users["alice"], users["bob"])
    session.commit()
    with counted_statements(get_engine(app)) as seen:
        accepted = unanimous.accept_unanimous_in(
            session, users["rita"], project, UnanimousScope(include_unfinished=True)
        )
    session.commit()
    assert accepted.documents == 3
    # Each gold write's target query holds its project and document too (services/write_holds):
    # rows this statement already holds, taken again at no wait; the documents themselves are
    # held in one statement, in order of id.
    held = [s for s in seen if "FOR KEY SHARE" in s and "OF project, document" not in s]
    assert len(held) == 1, held
    assert "ORDER BY" in held[0]


def test_the_documents_skipped_are_reported_in_the_order_named(
    session, world, make_document
) -> None:
    """Written in order of id (two accepts then never wait for each other crosswise:
    tests/test_gold_write_order.py), the report still names what it skipped as named."""
    project = world["project"]
    later, earlier = (make_document(project, TEXT, external_id=name) for name in ("e1", "e2"))
    session.commit()
    assert later.id < earlier.id
    rita = world["users"]["rita"]
    named = UnanimousScope(documents=("e2", "d1", "e1"))
    accepted = unanimous.accept_unanimous_in(session, rita, project, named)
    assert accepted.skipped == ["e2", "e1"]  # fewer than two annotators: nothing to agree on
    assert accepted.labels == 1
