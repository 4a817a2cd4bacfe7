"""``POST /api/v1/projects/<slug>/assignments/reassign``: moving documents from one annotator
to another over HTTP, by the rules the Assignments page and ``annotator reassign`` share
(:func:`annotator.services.accounts.staffing.move_documents`), refusals by field, and a
warning for documents whose gold is final, as assigning gives."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment, AuditEntry, GoldStatus, Layer, Span
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import csrf_token_from, login
from tests.test_assign_chosen_documents import _given, _holders

TEXT = "One sentence here. Another one there."
URL = "/api/v1/projects/r/assignments/reassign"


@pytest.fixture
def world(session: Any, make_world: Any) -> dict[str, Any]:
    """Project r: ann holds r-0, r-1 and r-2 (r-2 done), ben holds r-3; cy is an annotator
    of the project, eve (role annotator) is not a member; rita is its reviewer."""
    names = ("ann", "ben", "cy", "eve")
    people = dict.fromkeys((*names, "rita"), "annotator") | {"root": "admin"}
    members = dict.fromkeys(("ann", "ben", "cy"), "annotator") | {"rita": "reviewer"}
    docs = {f"r{i}": (f"{TEXT} {i}", f"r-{i}") for i in range(4)}
    made = make_world(people, slug="r", name="Moving work", members=members, **docs)
    users = {name: getattr(made, name) for name in names}
    documents = [getattr(made, key) for key in docs]
    _given(session, documents[0], users["ann"])
    _given(session, documents[1], users["ann"])
    _given(session, documents[2], users["ann"])
    _given(session, documents[3], users["ben"])
    done = session.scalar(select(Assignment).where(Assignment.document_id == documents[2].id))
    done.status = "done"
    session.commit()
    return {
        "heads": made.tokens["root"],
        "ann_heads": made.tokens["ann"],
        "rita_heads": made.tokens["rita"],
        "docs": documents,
        **users,
    }


def _post(client: Any, world: dict[str, Any], heads: str = "heads", **body: Any) -> Any:
    return client.post(URL, json=body, headers=world[heads])


def test_it_moves_the_open_documents_and_says_who_joined(
    client: Any, session: Any, world: Any
) -> None:
    answer = _post(client, world, from_user="ann", to_user="eve")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {
        "moved": ["r-0", "r-1"],
        "refused": [],
        "kept": [],
        "dropped": [],
        "joined": ["eve"],
        "final_gold": [],
        "warnings": [],
    }
    assert _holders(session) == {"r-0": ["eve"], "r-1": ["eve"], "r-2": ["ann"], "r-3": ["ben"]}
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "assignment.reassign"))
    assert entry is not None and entry.target == "ann"


def test_documents_named_move_whatever_their_status(client: Any, session: Any, world: Any) -> None:
    answer = _post(client, world, from_user="ann", to_user="cy", documents=["r-1", "r-2"])
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["moved"], body["refused"], body["joined"]) == (["r-1", "r-2"], [], [])
    assert _holders(session)["r-2"] == ["cy"]


def test_documents_named_move_all_or_none_as_the_command_moves_them(
    client: Any, session: Any, world: Any
) -> None:
    """One document named that the new annotator has already, or that holds the old one's
    work, refuses the whole run, naming each and why, as ``annotator reassign --documents``
    does: it moved the others and answered 200, so a script could not tell a partial move."""
    _given(session, world["docs"][1], world["cy"])
    layer = ensure_layer(session, world["docs"][0], world["ann"].id)
    add_span(session, layer, "CLAIM", 0, 3, {"claimer": "REPORTED"})
    session.commit()
    named = ["r-0", "r-1", "r-2"]
    answer = _post(client, world, from_user="ann", to_user="cy", documents=named)
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert error["message"] == (
        "nothing moved: cy already has #2 (r-1); ann has annotated #1 (r-0)"
    )
    assert error["details"] == {"field": "documents", "refused": ["r-1"], "kept": ["r-0"]}
    assert _holders(session) == {
        "r-0": ["ann"],
        "r-1": ["ann", "cy"],
        "r-2": ["ann"],
        "r-3": ["ben"],
    }
    moved = select(AuditEntry).where(AuditEntry.action == "assignment.reassign")
    assert session.scalar(moved) is None


def test_without_documents_named_those_refused_or_kept_are_said_and_the_others_move(
    client: Any, session: Any, world: Any
) -> None:
    _given(session, world["docs"][1], world["cy"])
    answer = _post(client, world, from_user="ann", to_user="cy")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["moved"], body["refused"]) == (["r-0"], ["r-1"])


def test_work_stays_with_its_annotator_unless_force_deletes_it(
    client: Any, session: Any, world: Any
) -> None:
    layer = ensure_layer(session, world["docs"][0], world["ann"].id)
    add_span(session, layer, "CLAIM", 0, 3, {"claimer": "REPORTED"})
    session.commit()
    kept = _post(client, world, from_user="ann", to_user="cy", documents=["r-0"])
    assert kept.status_code == 422, kept.get_json()
    assert kept.get_json()["error"]["details"]["kept"] == ["r-0"]
    assert _holders(session)["r-0"] == ["ann"]
    forced = _post(client, world, from_user="ann", to_user="cy", documents=["r-0"], force=True)
    assert forced.status_code == 200, forced.get_json()
    assert (forced.get_json()["moved"], forced.get_json()["dropped"]) == (["r-0"], ["r-0"])
    assert _holders(session)["r-0"] == ["cy"]
    session.expire_all()
    assert session.scalar(select(Span).join(Layer).where(Layer.user_id == world["ann"].id)) is None


def test_it_warns_of_documents_whose_gold_is_final(client: Any, session: Any, world: Any) -> None:
    session.add(GoldStatus(document_id=world["docs"][1].id, status="final"))
    session.commit()
    answer = _post(client, world, from_user="ann", to_user="cy")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["final_gold"] == ["r-1"]
    assert body["warnings"] == [
        "1 document already has final gold (r-1): training leaves it out until its annotators"
        " are done with it, and learns from its gold, not from the annotators' work"
    ]


@pytest.mark.parametrize(
    ("body", "status", "field", "said"),
    [
        ({"to_user": "cy"}, 400, "from_user", "from_user"),
        ({"from_user": "ann"}, 400, "to_user", "to_user"),
        ({"from_user": "nobody", "to_user": "cy"}, 404, "from_user", "no user called 'nobody'"),
        ({"from_user": "ann", "to_user": "nobody"}, 404, "to_user", "no user called 'nobody'"),
        ({"from_user": "ann", "to_user": "ann"}, 422, "to_user", "their own documents"),
        ({"from_user": "ann", "to_user": "rita"}, 422, "to_user", "not an annotator"),
        ({"from_user": "ann", "to_user": "cy", "documents": ["ghost"]}, 422, "documents", "ghost"),
        ({"from_user": "ann", "to_user": "cy", "documents": ["r-3"]}, 422, "documents", "r-3"),
        ({"from_user": "ann", "to_user": "cy", "force": "yes"}, 400, "force", "force"),
    ],
)
def test_a_refusal_names_its_field_and_moves_nothing(
    client: Any, session: Any, world: Any, body: dict[str, Any], status: int, field: str, said: str
) -> None:
    answer = client.post(URL, json=body, headers=world["heads"])
    assert answer.status_code == status, answer.get_json()
    error = answer.get_json()["error"]
    assert said in error["message"]
    assert error["details"]["field"] == field
    assert _holders(session) == {"r-0": ["ann"], "r-1": ["ann"], "r-2": ["ann"], "r-3": ["ben"]}


def test_only_admins_and_the_projects_managers_may_reassign(
    client: Any, session: Any, world: Any
) -> None:
    for heads in ("ann_heads", "rita_heads"):
        answer = _post(client, world, heads, from_user="ann", to_user="cy")
        assert answer.status_code == 403, answer.get_json()
    assert _holders(session)["r-0"] == ["ann"]


def test_the_openapi_document_describes_it(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/projects/{slug}/assignments/reassign"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["from_user", "to_user"]
    assert set(body["properties"]) == {"from_user", "to_user", "documents", "force"}
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(answer["required"]) == {
        "moved",
        "refused",
        "kept",
        "dropped",
        "joined",
        "final_gold",
        "warnings",
    }


def test_the_command_and_the_page_warn_of_final_gold_too(
    app: Any, runner: Any, session: Any, world: Any
) -> None:
    session.add(GoldStatus(document_id=world["docs"][0].id, status="final"))
    session.commit()
    printed = runner.invoke(args=["reassign", "r", "--from", "ann", "--to", "cy"])
    assert printed.exit_code == 0, printed.output
    assert "1 document already has final gold (r-0)" in printed.output
    client = app.test_client()
    assert login(client, "root").status_code == 302
    html = client.get("/projects/r/assignments").get_data(as_text=True)
    answer = client.post(
        "/projects/r/assignments/reassign",
        data={"csrf_token": csrf_token_from(html), "from_user": "cy", "to_user": "eve"},
        follow_redirects=True,
    )
    said = answer.get_data(as_text=True)
    assert "Moved to eve: 2 documents." in said
    assert "1 document already has final gold (#1 (r-0))" in said
