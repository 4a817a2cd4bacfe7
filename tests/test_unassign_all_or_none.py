"""Taking named documents back from an annotator is all or none, on the API, the command
line and the Assignments page alike (one rule: ``staffing.take_back``), as moving them is:
one that holds their work (without ``force``) or that is not theirs (without
``only_assigned``) refuses the whole request, naming each document and why. Without
documents named (their open ones) those holding work are kept and said, as before."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import AuditEntry
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import csrf_token_from, login
from tests.test_assign_chosen_documents import _given, _holders

TEXT = "One sentence here. Another one there."
URL = "/api/v1/projects/u/assignments/remove"
PAGE = "/projects/u/assignments"
UNTOUCHED = {"u-0": ["carol"], "u-1": ["carol"], "u-2": ["carol"], "u-3": ["bob"]}


@pytest.fixture
def world(session: Any, make_world: Any) -> dict[str, Any]:
    """Project u: carol holds u-0 (annotated), u-1 and u-2; bob holds u-3."""
    people = {"carol": "annotator", "bob": "annotator", "root": "admin"}
    members = {"carol": "annotator", "bob": "annotator"}
    docs = {f"u{i}": (f"{TEXT} {i}", f"u-{i}") for i in range(4)}
    made = make_world(people, slug="u", name="Taking back", members=members, **docs)
    carol, bob = made.carol, made.bob
    documents = [getattr(made, key) for key in docs]
    for i, doc in enumerate(documents):
        _given(session, doc, carol if i < 3 else bob)
    add_span(
        session,
        ensure_layer(session, documents[0], carol.id),
        "CLAIM",
        0,
        3,
        {"claimer": "REPORTED"},
    )
    session.commit()
    return {"heads": made.tokens["root"], "docs": documents}


def _refusal(world: dict[str, Any], *, not_assigned: bool = True) -> str:
    """The words of the refusal to take back u-0 (annotated) and, if named, u-3 (bob's)."""
    docs = world["docs"]
    why = [f"carol is not assigned documents #{docs[3].number} (u-3)"] if not_assigned else []
    why.append(f"carol has annotated #{docs[0].number} (u-0)")
    return f"nothing unassigned: {'; '.join(why)}"


def _removals(session: Any) -> int:
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "assignment.remove"))
    return len(list(entries))


# --- the API -------------------------------------------------------------------------------


def test_the_api_refuses_the_whole_request_naming_each_document_and_why(
    client: Any, session: Any, world: Any
) -> None:
    """It used to answer 200 with u-0 under ``kept`` and remove u-1: a script could not tell
    a partial removal from a whole one."""
    body = {"annotator": "carol", "documents": ["u-0", "u-1", "u-3"]}
    answer = client.post(URL, json=body, headers=world["heads"])
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert error["message"] == _refusal(world)
    assert error["details"] == {
        "field": "documents",
        "not_assigned": ["u-3"],
        "kept": ["u-0"],
        "assigned": 2,
    }
    assert _holders(session) == UNTOUCHED and _removals(session) == 0


def test_the_api_refuses_a_worked_document_named_unless_force(
    client: Any, session: Any, world: Any
) -> None:
    body = {"annotator": "carol", "documents": ["u-0", "#2"]}
    kept = client.post(URL, json=body, headers=world["heads"])
    assert kept.status_code == 422, kept.get_json()
    assert kept.get_json()["error"]["message"] == _refusal(world, not_assigned=False)
    assert _holders(session) == UNTOUCHED
    forced = client.post(URL, json=body | {"force": True}, headers=world["heads"])
    assert forced.status_code == 200, forced.get_json()
    assert forced.get_json() == {"removed": ["u-1"], "kept": [], "dropped": ["u-0"], "skipped": []}
    assert _holders(session) == {"u-2": ["carol"], "u-3": ["bob"]}


def test_only_assigned_skips_the_others_but_a_worked_document_still_refuses(
    client: Any, session: Any, world: Any
) -> None:
    body = {"annotator": "carol", "documents": ["u-0", "u-1", "u-3"], "only_assigned": True}
    answer = client.post(URL, json=body, headers=world["heads"])
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert error["message"] == _refusal(world, not_assigned=False)
    assert error["details"]["kept"] == ["u-0"] and error["details"]["not_assigned"] == []
    assert _holders(session) == UNTOUCHED
    body["documents"] = ["u-1", "u-3"]
    done = client.post(URL, json=body, headers=world["heads"])
    assert done.status_code == 200, done.get_json()
    assert done.get_json() == {"removed": ["u-1"], "kept": [], "dropped": [], "skipped": ["u-3"]}


def test_without_documents_named_the_worked_ones_are_kept_and_the_others_taken(
    client: Any, session: Any, world: Any
) -> None:
    answer = client.post(URL, json={"annotator": "carol"}, headers=world["heads"])
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {
        "removed": ["u-1", "u-2"],
        "kept": ["u-0"],
        "dropped": [],
        "skipped": [],
    }
    assert _holders(session) == {"u-0": ["carol"], "u-3": ["bob"]}


# --- the command line ----------------------------------------------------------------------


def test_the_command_refuses_in_the_same_words_and_says_how_to_go_on(
    runner: Any, session: Any, world: Any
) -> None:
    named = ["unassign", "u", "--annotator", "carol", "--documents", "u-0,u-1,u-3"]
    result = runner.invoke(args=named)
    assert result.exit_code == 1, result.output
    assert _refusal(world) in result.output
    assert "--force" in result.output and "--only-assigned" in result.output
    assert _holders(session) == UNTOUCHED and _removals(session) == 0
    forced = runner.invoke(args=[*named, "--force", "--only-assigned"])
    assert forced.exit_code == 0, forced.output
    assert _holders(session) == {"u-2": ["carol"], "u-3": ["bob"]}


# --- the page ------------------------------------------------------------------------------


def test_the_page_refuses_in_the_same_words_and_changes_nothing(
    app: Any, session: Any, world: Any
) -> None:
    client = app.test_client()
    assert login(client, "root").status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    # The form says the rule before it is refused.
    assert "documents named are taken back all or none" in page
    data = {"csrf_token": csrf_token_from(page), "user": "carol", "document": "u-0, u-1, u-3"}
    answer = client.post(f"{PAGE}/unassign", data=data)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert re.search(r'class="[^"]*warning[^"]*"[^>]*>\s*' + re.escape(_refusal(world)), html)
    # Its button would unassign those that are carol's: u-0 of them holds work, so it would
    # be refused too; the way offered is the confirmation that deletes that work.
    form = re.search(r'<form[^>]*id="unassign-form".*?</form>', html, re.S)
    assert form is not None and 'name="only_assigned"' not in form[0]
    assert "Take them off anyway, deleting carol's unfinished work on them" in html
    assert _holders(session) == UNTOUCHED and _removals(session) == 0


def test_the_openapi_document_lists_the_refusal(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/projects/{slug}/assignments/remove"]["post"]
    assert "422" in operation["responses"]
    said = operation["description"]
    assert "all or none" in said and "`kept`" in said and "`not_assigned`" in said
