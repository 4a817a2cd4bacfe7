"""A write reaches an annotator's layer only while they are a member of its project.

An assignment alone gives no access (a member removed once their documents were finished
keeps their assignments): the write target (``POST /documents/<id>/spans``) and a span opened
by its id (``PATCH /spans/<id>``) read the membership in their one statement, and answer a
caller who is no member with the 404 of a document not theirs.
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
