"""A member removed from a project stays removed: giving them documents again is refused, named.

An assignment makes a user whose role is annotator a member (CONTRACT section 10), so
``annotator assign`` run after an import with the old list of names would otherwise make a
removed annotator a member again, with nothing in the answer or the audit log to say so. The
lead adds them back on the People page first when they mean it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import Assignment
from annotator.services.accounts import membership, people
from tests.helpers import login

TEXT = "One sentence here. Another one there."
SAID = (
    "bob was removed from Team three (their finished documents stay); add them back as its"
    " annotator on its People page first, or choose others"
)


@pytest.fixture
def world(session: Any, make_world: Any, make_document: Any, assign: Any) -> dict[str, Any]:
    users = {"root": "admin", "alice": "annotator", "bob": "annotator", "carl": "annotator"}
    made = make_world(users, slug="a", name="Team three", members={}, first=(TEXT, "a-0"))
    project, first, bob = made.project, made.first, made.bob
    assign(first, made.alice, bob)
    session.execute(
        Assignment.__table__.update()
        .where(Assignment.document_id == first.id)
        .values(status="done")
    )
    people.drop_member(session, None, project, bob)
    make_document(project, TEXT, "a-1")  # imported after bob left
    session.commit()
    return {"project": project, "bob": bob, "heads": made.tokens["root"]}


def _assignments(session: Any) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Assignment))


def _member(session: Any, world: Any) -> bool:
    session.expire_all()
    return membership.find_member(session, world["project"], world["bob"]) is not None


def test_the_api_refuses_to_give_a_removed_member_documents(
    client: Any, session: Any, world: Any
) -> None:
    answer = client.post(
        "/api/v1/projects/a/assignments",
        json={"annotators": ["alice", "bob"], "per_document": 2},
        headers=world["heads"],
    )
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["message"] == SAID
    assert error["details"]["field"] == "annotators"
    assert _assignments(session) == 2
    assert not _member(session, world)


def test_the_command_line_refuses_assign_and_reassign_to_a_removed_member(
    runner: Any, session: Any, world: Any
) -> None:
    refused = runner.invoke(
        args=["assign", "a", "--annotators", "alice,bob", "--per-document", "2"]
    )
    assert refused.exit_code == 1
    assert SAID in refused.output
    given = runner.invoke(args=["assign", "a", "--annotators", "alice,carl", "--per-document", "1"])
    assert given.exit_code == 0, given.output  # carl was never a member: he becomes one
    moved = runner.invoke(args=["reassign", "a", "--from", "alice", "--to", "bob"])
    assert moved.exit_code == 1
    assert SAID in moved.output
    assert not _member(session, world)


def test_added_back_by_the_lead_they_are_given_documents(
    client: Any, session: Any, world: Any
) -> None:
    put = client.put(
        "/api/v1/projects/a/members/bob", json={"role": "annotator"}, headers=world["heads"]
    )
    assert put.status_code == 200, put.get_json()
    answer = client.post(
        "/api/v1/projects/a/assignments",
        json={"annotators": ["alice", "bob"], "per_document": 2},
        headers=world["heads"],
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["assigned"] == 2


def test_the_assignments_page_does_not_offer_a_removed_member(app: Any, world: Any) -> None:
    client = app.test_client()
    assert login(client, "root").status_code == 302
    html = client.get("/projects/a/assignments").get_data(as_text=True)
    assign_form = re.search(r'<form[^>]*id="assign-form".*?</form>', html, re.S)
    assert assign_form is not None
    ticks = re.findall(r'name="annotators"[^>]*value="([^"]*)"', assign_form.group(0))
    assert ticks == ["alice", "carl"]


def _jsonl(path: Any, *records: dict[str, Any]) -> Any:
    import json

    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_an_import_bringing_a_removed_member_s_new_layer_is_refused_naming_them(
    session: Any, world: Any, tmp_path: Any, runner: Any
) -> None:
    # The import's own assignment would make bob a member again, unseen.
    bob_layer = {"annotator": "bob", "status": "done", "spans": [], "relations": []}
    bob_layer |= {"sentence_labels": [], "document_labels": []}
    new = {
        "id": "a-9",
        "text": TEXT,
        "annotations": [bob_layer | {"spans": [{"id": 1, "label": "CLAIM", "start": 0, "end": 3}]}],
        "gold": None,
    }
    path = _jsonl(tmp_path / "new.jsonl", new)
    before = _assignments(session)
    result = runner.invoke(args=["import", "a", str(path)])
    assert result.exit_code == 1
    said = SAID.replace(", or choose others", ", then import again")
    assert f"{path}:1: {said}" in result.stderr
    assert _assignments(session) == before and not _member(session, world)


def test_a_removed_member_s_finished_layer_coming_back_unchanged_imports(
    session: Any, world: Any, tmp_path: Any, runner: Any
) -> None:
    # A re-import of the project's own export holds bob's finished layer as it is: nothing of
    # his is stored, so nothing makes him a member.
    exported = tmp_path / "export.jsonl"
    assert runner.invoke(args=["export", "a", "-o", str(exported)]).exit_code == 0
    assert '"annotator": "bob"' in exported.read_text(encoding="utf-8")
    result = runner.invoke(args=["import", "a", str(exported)])
    assert result.exit_code == 0, result.stderr
    assert not _member(session, world)
