"""A write reaches an annotator's layer only while they are a member of its project.

An assignment alone gives no access (a member removed once their documents were finished
keeps their assignments): the write target (``POST /documents/<id>/spans``, ``.../relations``,
``PUT .../labels`` for a sentence's and the document's) and a row opened by its id
(``PATCH /spans/<id>``, ``PATCH`` and ``DELETE /relations/<id>``) read the membership, and
answer a caller who is no member with the 404 of a document not theirs.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete

from annotator.models import ProjectMember
from annotator.services.accounts.membership import set_member
from tests.api_world import World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _membership(session: Any, world: World, member: bool) -> None:
    alice = world.users["alice"]
    if member:
        set_member(session, world.project, alice, "annotator")
    else:
        session.execute(
            delete(ProjectMember).where(
                ProjectMember.project_id == world.project.id, ProjectMember.user_id == alice.id
            )
        )
    session.commit()


def _writes(world: World, span_id: int) -> list[tuple[str, str, dict[str, Any], int]]:
    """Each write opened by the write target or by a span's id, with its status when allowed."""
    return [
        ("POST", f"/documents/{world.doc.id}/spans", {"label": "CUE", "start": 10, "end": 14}, 201),
        ("PATCH", f"/spans/{span_id}", {"start": 1}, 200),
    ]


def _other_writes(world: World, ends: dict[str, int], relation: int) -> list[Any]:
    """A relation's writes, by the write target and by its id, and a sentence's and the
    document's label, each with its status when allowed (the deletion last)."""
    labels = f"/documents/{world.doc.id}/labels"
    cued = {"type": "CUED_BY", "from": ends["claim"], "to": ends["cue"]}
    return [
        ("POST", f"/documents/{world.doc.id}/relations", cued, 201),
        ("PATCH", f"/relations/{relation}", {"note": "who said it?"}, 200),
        ("PUT", labels, {"sentence": 0, "name": "stance", "value": "NONE"}, 200),
        ("PUT", labels, {"sentence": None, "name": "genre", "value": "NEWS"}, 200),
        ("DELETE", f"/relations/{relation}", None, 204),
    ]


def _refused_everything(world: World, writes: list[Any]) -> None:
    for method, path, body, _allowed in writes:
        response = world.call("alice", method, path, body)
        assert response.status_code == 404, (method, path, response.get_json())
        assert response.get_json()["error"]["code"] == "not_found"


def test_a_removed_member_writes_no_relation_and_no_label_until_added_back(
    session: Any, world: World
) -> None:
    ends = {
        name: world.span("alice", label, start, end)["id"]
        for name, label, start, end in (
            ("claim", "CLAIM", 15, 31),
            ("source", "SOURCE", 0, 9),
            ("cue", "CUE", 10, 14),
        )
    }
    relation = world.relation("alice", "ATTRIBUTED_TO", ends["claim"], ends["source"])["id"]
    writes = _other_writes(world, ends, relation)
    _membership(session, world, member=False)
    _refused_everything(world, writes)
    # bob, a member assigned the same document, still sets labels.
    body = {"sentence": 0, "name": "stance", "value": "NONE"}
    assert world.call("bob", "PUT", f"/documents/{world.doc.id}/labels", body).status_code == 200

    _membership(session, world, member=True)
    layer = world.layer("alice")
    assert [r["id"] for r in layer["relations"]] == [relation]
    assert "note" not in layer["relations"][0]
    assert (layer["sentence_labels"], layer["document_labels"]) == ([], [])
    for method, path, body, allowed in writes:
        response = world.call("alice", method, path, body)
        assert response.status_code == allowed, (method, path, response.get_json())
    layer = world.layer("alice")
    assert [r["type"] for r in layer["relations"]] == ["CUED_BY"]
    assert layer["sentence_labels"] == [{"sentence": 0, "name": "stance", "value": "NONE"}]
    assert layer["document_labels"] == [{"name": "genre", "value": "NEWS"}]


def test_an_assigned_annotator_who_is_no_member_writes_nothing(session: Any, world: World) -> None:
    span = world.span("alice", "CLAIM", 0, 9)
    before = world.layer("alice")
    _membership(session, world, member=False)
    for method, path, body, _allowed in _writes(world, span["id"]):
        response = world.call("alice", method, path, body)
        assert response.status_code == 404, (path, response.get_json())
        assert response.get_json()["error"]["code"] == "not_found"
    # Bob, a member assigned the same document, still writes.
    assert world.span("bob", "CLAIM", 0, 9)["label"] == "CLAIM"

    _membership(session, world, member=True)
    assert world.layer("alice") == before
    for method, path, body, allowed in _writes(world, span["id"]):
        response = world.call("alice", method, path, body)
        assert response.status_code == allowed, (path, response.get_json())
