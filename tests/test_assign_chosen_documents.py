"""Assigning chosen documents, and saying who joins the project, on all three faces.

A lead gives some documents K annotators and others another K, or new imports to new people:
``documents`` (named as exports name them) and ``only`` (``unassigned``: documents nobody has;
``understaffed``: documents with fewer than K annotators, topped up to K) choose them; an
unknown name refuses the whole run. An annotator who was not a member is said to join, and
documents whose gold is final are warned about (training leaves them out while assigned).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment, Document, GoldStatus, User
from tests.helpers import csrf_token_from, login

TEXT = "One sentence here. Another one there."


@pytest.fixture
def world(make_world: Any) -> dict[str, Any]:
    """Project a (Team three), documents a-0..a-4; ann, ben and cy are its annotators, eve
    (role annotator) is not a member."""
    people = {name: "annotator" for name in ("ann", "ben", "cy", "eve")} | {"root": "admin"}
    members = {name: "annotator" for name in ("ann", "ben", "cy")}
    docs = {f"a{i}": (f"{TEXT} {i}", f"a-{i}") for i in range(5)}
    made = make_world(people, slug="a", name="Team three", members=members, **docs)
    users = {name: getattr(made, name) for name in ("ann", "ben", "cy", "eve")}
    documents = [getattr(made, key) for key in docs]
    return {"heads": made.tokens["root"], "docs": documents, "project": made.project, **users}


def _holders(session: Any) -> dict[str, list[str]]:
    """Each document's annotators by name, by external id (documents with none left out)."""
    session.expire_all()
    rows = session.execute(
        select(Document.external_id, User.username)
        .join(Assignment, Assignment.document_id == Document.id)
        .join(User, User.id == Assignment.user_id)
        .order_by(Document.external_id, User.username)
    )
    held: dict[str, list[str]] = {}
    for external_id, username in rows:
        held.setdefault(external_id, []).append(username)
    return held


def _given(session: Any, doc: Any, *users: Any) -> None:
    session.add_all(Assignment(document_id=doc.id, user_id=user.id) for user in users)
    session.commit()


def _post(client: Any, world: dict[str, Any], **body: Any) -> Any:
    return client.post("/api/v1/projects/a/assignments", json=body, headers=world["heads"])


# --- the API -------------------------------------------------------------------------------


def test_the_api_assigns_only_the_documents_named_by_id_or_number(
    client: Any, session: Any, world: Any
) -> None:
    third = world["docs"][3].number
    answer = _post(
        client, world, annotators=["ann", "ben"], per_document=2, documents=["a-1", f"#{third}"]
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["assigned"] == 4 and answer.get_json()["documents"] == 2
    assert _holders(session) == {"a-1": ["ann", "ben"], "a-3": ["ann", "ben"]}


def test_the_api_refuses_unknown_documents_by_name_and_assigns_nothing(
    client: Any, session: Any, world: Any
) -> None:
    answer = _post(client, world, annotators=["ann"], per_document=1, documents=["a-1", "nope"])
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert "nope" in error["message"] and "a-1" not in error["message"]
    assert error["details"]["field"] == "documents"
    assert _holders(session) == {}


@pytest.mark.parametrize("name", ["ann\x00", "\udada"])
def test_the_api_refuses_an_annotator_name_no_database_stores(
    client: Any, session: Any, world: Any, name: str
) -> None:
    """A NUL reached PostgreSQL's user lookup and answered 500 (found by schemathesis)."""
    answer = _post(client, world, annotators=["ann", name], per_document=1)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["details"] == {"field": "annotators"}
    assert "NUL" in error["message"] or "surrogate" in error["message"]
    assert _holders(session) == {}


@pytest.mark.parametrize(
    "body",
    [{"documents": "a-1"}, {"documents": [1.5]}, {"only": "mine"}, {"only": 3}],
)
def test_the_api_refuses_a_malformed_document_choice(
    client: Any, session: Any, world: Any, body: dict[str, Any]
) -> None:
    answer = _post(client, world, annotators=["ann"], per_document=1, **body)
    assert answer.status_code in (400, 422)
    assert list(body)[0] in answer.get_json()["error"]["message"]
    assert _holders(session) == {}


def test_the_api_assigns_only_documents_nobody_has(client: Any, session: Any, world: Any) -> None:
    _given(session, world["docs"][0], world["ann"])
    answer = _post(client, world, annotators=["ben", "cy"], per_document=1, only="unassigned")
    assert answer.status_code == 200, answer.get_json()
    held = _holders(session)
    assert held["a-0"] == ["ann"]
    assert sorted(held) == ["a-0", "a-1", "a-2", "a-3", "a-4"]
    assert all(len(held[f"a-{i}"]) == 1 for i in range(1, 5))


def test_the_api_tops_up_documents_with_fewer_than_k_annotators(
    client: Any, session: Any, world: Any
) -> None:
    docs = world["docs"]
    _given(session, docs[0], world["ann"], world["ben"])
    _given(session, docs[1], world["ann"])
    answer = _post(
        client,
        world,
        annotators=["ben", "cy"],
        per_document=2,
        only="understaffed",
        documents=["a-0", "a-1", "a-2"],
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["assigned"] == 3
    held = _holders(session)
    assert held["a-0"] == ["ann", "ben"]  # had K already
    assert len(held["a-1"]) == 2 and held["a-1"][0] == "ann"  # topped up to K, not K more
    assert held["a-2"] == ["ben", "cy"]
    assert "a-3" not in held  # not among the documents named


def test_the_api_says_who_joined_the_project(client: Any, session: Any, world: Any) -> None:
    first = _post(client, world, annotators=["ann", "eve"], per_document=1)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["joined"] == ["eve"]
    again = _post(client, world, annotators=["ann", "eve"], per_document=2)
    assert again.get_json()["joined"] == []


def test_the_api_warns_of_documents_whose_gold_is_final(
    client: Any, session: Any, world: Any
) -> None:
    session.add(GoldStatus(document_id=world["docs"][2].id, status="final"))
    session.commit()
    answer = _post(client, world, annotators=["ann"], per_document=1, documents=["a-2", "a-3"])
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["final_gold"] == ["a-2"]
    assert body["warnings"] == [
        "1 document already has final gold (a-2): training leaves it out until its annotators"
        " are done with it, and learns from its gold, not from the annotators' work"
    ]
    quiet = _post(client, world, annotators=["ann"], per_document=1, documents=["a-4"])
    assert quiet.get_json()["final_gold"] == [] and quiet.get_json()["warnings"] == []


def test_a_run_over_the_project_offers_no_document_whose_gold_is_final(
    client: Any, session: Any, world: Any
) -> None:
    """A top-up after a reassignment gave out a document whose gold was final again."""
    session.add(GoldStatus(document_id=world["docs"][2].id, status="final"))
    session.commit()
    answer = _post(client, world, annotators=["ann", "eve"], per_document=1)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["final_left_out"] == ["a-2"] and body["final_gold"] == []
    assert body["documents"] == len(world["docs"]) - 1
    assert body["warnings"] == [
        "1 document whose gold is final was left out (a-2): name it to give annotators all the same"
    ]
    assert "a-2" not in _holders(session)


def test_the_openapi_document_describes_the_document_choice(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/projects/{slug}/assignments"]["post"]
    text = repr(operation) + repr(spec.get("components", {}))
    for name in ("documents", "only", "understaffed", "joined", "final_gold", "warnings"):
        assert name in text


# --- the command line ----------------------------------------------------------------------


def test_the_command_assigns_only_the_documents_named(
    runner: Any, session: Any, world: Any
) -> None:
    number = world["docs"][4].number
    result = runner.invoke(
        args=[
            "assign",
            "a",
            "--annotators",
            "ann,ben",
            "--per-document",
            "1",
            "--documents",
            f"a-1,{number}",
        ]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 new assignments over 2 documents")
    assert sorted(_holders(session)) == ["a-1", "a-4"]


def test_the_command_refuses_unknown_documents_and_assigns_nothing(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(
        args=[
            "assign",
            "a",
            "--annotators",
            "ann",
            "--per-document",
            "1",
            "--documents",
            "a-1,ghost-7",
        ]
    )
    assert result.exit_code == 1
    assert "ghost-7" in result.output
    assert _holders(session) == {}


def test_the_command_assigns_only_documents_nobody_has_and_says_who_joined(
    runner: Any, session: Any, world: Any
) -> None:
    _given(session, world["docs"][0], world["ann"])
    result = runner.invoke(
        args=["assign", "a", "--annotators", "eve", "--per-document", "1", "--only", "unassigned"]
    )
    assert result.exit_code == 0, result.output
    assert "4 new assignments over 4 documents" in result.output
    assert "eve joined the project as annotator." in result.output
    assert _holders(session)["a-0"] == ["ann"]


def test_the_command_leaves_out_final_gold_unless_named(
    runner: Any, session: Any, world: Any
) -> None:
    session.add(GoldStatus(document_id=world["docs"][1].id, status="final"))
    session.commit()
    result = runner.invoke(args=["assign", "a", "--annotators", "ann", "--per-document", "1"])
    assert result.exit_code == 0, result.output
    assert (
        "1 document whose gold is final was left out (a-1): name it to give annotators all "
        "the same."
    ) in result.output
    assert "a-1" not in _holders(session)
    named = ["assign", "a", "--annotators", "ann", "--per-document", "1", "--documents", "a-1"]
    result = runner.invoke(args=named)
    assert result.exit_code == 0, result.output
    assert "1 document already has final gold (a-1)" in result.output
    assert _holders(session)["a-1"] == ["ann"]


def test_the_command_says_who_joined_by_a_reassign(runner: Any, session: Any, world: Any) -> None:
    _given(session, world["docs"][0], world["ann"])
    result = runner.invoke(args=["reassign", "a", "--from", "ann", "--to", "eve"])
    assert result.exit_code == 0, result.output
    assert "eve joined the project as annotator." in result.output


# --- the page ------------------------------------------------------------------------------


def _signed_in(app: Any) -> tuple[Any, str]:
    client = app.test_client()
    assert login(client, "root").status_code == 302
    page = client.get("/projects/a/assignments").get_data(as_text=True)
    return client, page


def test_the_page_marks_who_is_not_in_the_project_yet(app: Any, world: Any) -> None:
    _client, html = _signed_in(app)
    form = re.search(r'<form[^>]*id="assign-form".*?</form>', html, re.S)
    assert form is not None
    assert re.search(r'value="eve"[^>]*>\s*<label[^>]*>eve \(not in the project yet\)', form[0])
    assert re.search(r'value="ann"[^>]*>\s*<label[^>]*>ann</label>', form[0])


def test_the_page_assigns_chosen_documents_and_says_who_joined(
    app: Any, session: Any, world: Any
) -> None:
    client, html = _signed_in(app)
    answer = client.post(
        "/projects/a/assignments",
        data={
            "csrf_token": csrf_token_from(html),
            "annotators": ["ann", "eve"],
            "per_document": "1",
            "only": "",
            "documents": "a-2, a-3",
        },
        follow_redirects=True,
    )
    assert answer.status_code == 200
    said = answer.get_data(as_text=True)
    assert "2 new assignments over 2 documents: #3 (a-2), #4 (a-3)." in said
    assert "eve joined the project as annotator." in said
    assert sorted(_holders(session)) == ["a-2", "a-3"]


def test_the_page_refuses_unknown_documents_by_the_field(
    app: Any, session: Any, world: Any
) -> None:
    client, html = _signed_in(app)
    answer = client.post(
        "/projects/a/assignments",
        data={
            "csrf_token": csrf_token_from(html),
            "annotators": ["ann"],
            "per_document": "1",
            "only": "",
            "documents": "a-2, ghost",
        },
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    errors = re.search(r'id="assign-documents-errors".*?</ul>', page, re.S)
    assert errors is not None and "ghost" in errors[0]
    assert 'value="a-2, ghost"' in page
    assert _holders(session) == {}


def test_the_page_says_who_joined_by_a_reassign(app: Any, session: Any, world: Any) -> None:
    _given(session, world["docs"][0], world["ann"])
    client, html = _signed_in(app)
    answer = client.post(
        "/projects/a/assignments/reassign",
        data={"csrf_token": csrf_token_from(html), "from_user": "ann", "to_user": "eve"},
        follow_redirects=True,
    )
    assert "Moved to eve: 1 document. eve joined the project as annotator." in answer.get_data(
        as_text=True
    )


def test_a_document_nobody_has_links_to_its_assignment_already_named(
    app: Any, session: Any, world: Any
) -> None:
    """The project page said "Nobody yet" and no more: its Assign link opens the assignment
    form with that document named, and sending it assigns that one only."""
    _given(session, world["docs"][0], world["ann"])
    client, _html = _signed_in(app)
    listing = client.get("/projects/a").get_data(as_text=True)
    nobody = world["docs"][3].number
    # "#N": a number, never read as an external id of that spelling (document_names).
    links = re.findall(
        r'href="/projects/a/assignments\?documents=%23(\d+)#assign-heading"', listing
    )
    assert {int(number) for number in links} == {doc.number for doc in world["docs"][1:]}
    form_page = client.get(f"/projects/a/assignments?documents=%23{nobody}").get_data(as_text=True)
    assert re.search(rf'name="documents"[^>]*value="#{nobody}"', form_page)
    answer = client.post(
        "/projects/a/assignments",
        data={
            "csrf_token": csrf_token_from(form_page),
            "annotators": ["ben"],
            "per_document": "1",
            "only": "",
            "documents": f"#{nobody}",
        },
        follow_redirects=True,
    )
    assert f"1 new assignment over 1 document: #{nobody} (a-3)." in answer.get_data(as_text=True)
    assert _holders(session) == {"a-0": ["ann"], "a-3": ["ben"]}
