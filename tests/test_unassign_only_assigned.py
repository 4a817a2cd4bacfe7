"""Unassigning a list of documents some of which are not the annotator's: refused by default,
as before, with a way to unassign those that are (the page's button, ``--only-assigned``),
the others said as skipped."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment, Document
from tests.helpers import csrf_token_from, login

TEXT = "One sentence here. Another one there."


@pytest.fixture
def world(make_world: Any, assign: Any) -> dict[str, Any]:
    """carol holds u-0 and u-1 of project u; u-2 and u-3 are bob's."""
    people = {"root": "admin", "carol": "annotator", "bob": "annotator"}
    docs = {f"u{i}": (f"{TEXT} {i}", f"u-{i}") for i in range(4)}
    made = make_world(people, slug="u", name="Unassigning", members={}, **docs)
    documents = [getattr(made, key) for key in docs]
    for i, doc in enumerate(documents):
        assign(doc, made.carol if i < 2 else made.bob)
    return {"docs": documents}


def _carols(session: Any) -> list[str]:
    session.expire_all()
    return list(
        session.scalars(
            select(Document.external_id)
            .join(Assignment, Assignment.document_id == Document.id)
            .where(Assignment.user_id == select(_carol_id()).scalar_subquery())
            .order_by(Document.external_id)
        )
    )


def _carol_id() -> Any:
    from annotator.models import User

    return select(User.id).where(User.username == "carol").scalar_subquery()


def test_the_command_still_refuses_by_default_and_says_how_to_go_on(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(
        args=["unassign", "u", "--annotator", "carol", "--documents", "u-0,u-2,u-3"]
    )
    assert result.exit_code == 1
    docs = world["docs"]
    named = f"#{docs[2].number} (u-2), #{docs[3].number} (u-3)"
    assert f"carol is not assigned documents {named}" in result.output
    assert "--only-assigned" in result.output
    assert _carols(session) == ["u-0", "u-1"]


def test_the_command_unassigns_those_that_are_and_says_which_were_skipped(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(
        args=[
            "unassign",
            "u",
            "--annotator",
            "carol",
            "--documents",
            "u-0,u-2,u-3",
            "--only-assigned",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Removed carol from 1 document." in result.output
    assert "Skipped 2 documents not assigned to carol: u-2, u-3." in result.output
    assert _carols(session) == ["u-1"]


def test_only_assigned_still_refuses_documents_of_no_project(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(
        args=[
            "unassign",
            "u",
            "--annotator",
            "carol",
            "--documents",
            "u-0,nowhere",
            "--only-assigned",
        ]
    )
    assert result.exit_code == 1 and "nowhere" in result.output
    assert _carols(session) == ["u-0", "u-1"]


def test_the_page_offers_to_unassign_those_that_are(app: Any, session: Any, world: Any) -> None:
    client = app.test_client()
    assert login(client, "root").status_code == 302
    token = csrf_token_from(client.get("/projects/u/assignments").get_data(as_text=True))
    data = {"csrf_token": token, "user": "carol", "document": "u-0, u-2, u-3"}
    refused = client.post("/projects/u/assignments/unassign", data=data)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    form = re.search(r'<form[^>]*id="unassign-form".*?</form>', html, re.S)
    assert form is not None
    button = re.search(r'<button[^>]*name="only_assigned"[^>]*>([^<]*)</button>', form[0])
    assert button is not None and button[1].strip() == "Unassign the 1 that is"
    assert _carols(session) == ["u-0", "u-1"]
    done = client.post(
        "/projects/u/assignments/unassign",
        data=data | {"only_assigned": "y"},
        follow_redirects=True,
    )
    said = done.get_data(as_text=True)
    assert "Unassigned from carol: 1 document." in said
    assert "Skipped, not carol&#39;s: #3 (u-2), #4 (u-3)." in said
    assert _carols(session) == ["u-1"]


def test_the_api_refuses_by_default_and_unassigns_those_that_are_with_only_assigned(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    from annotator.models import User

    heads = make_token(session.scalar(select(User).where(User.username == "root")))
    url = "/api/v1/projects/u/assignments/remove"
    body = {"annotator": "carol", "documents": ["u-0", "u-2"]}
    refused = client.post(url, json=body, headers=heads)
    assert refused.status_code == 422
    details = refused.get_json()["error"]["details"]
    assert details["not_assigned"] == ["u-2"] and details["assigned"] == 1
    assert _carols(session) == ["u-0", "u-1"]
    done = client.post(url, json=body | {"only_assigned": True}, headers=heads)
    assert done.status_code == 200, done.get_json()
    assert done.get_json() == {"removed": ["u-0"], "kept": [], "dropped": [], "skipped": ["u-2"]}
    assert _carols(session) == ["u-1"]
