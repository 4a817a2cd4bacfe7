"""An id, once given, is never given again: a stale client's write by an old id finds nothing.

SQLite without AUTOINCREMENT gives a new row the highest id plus one, so deleting the newest
row and making another handed out the deleted id again: a tab still holding span 31 then
relabelled someone's new span 31, its version 1 matching. Each test deletes the newest row of
its table (the one whose id would come back) and makes another, through the real API.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.helpers import bearer


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def test_a_deleted_spans_id_is_not_given_again_and_its_stale_writes_find_nothing(
    world: World,
) -> None:
    gone = world.span("alice", "SOURCE", 0, 9)
    assert world.call("alice", "DELETE", f"/spans/{gone['id']}").status_code == 204
    new = world.span("alice", "CLAIM", 15, 31)
    assert new["id"] != gone["id"]
    # A tab that still shows the deleted span relabels it, at the version it last saw.
    relabel = world.call(
        "alice", "PATCH", f"/spans/{gone['id']}", {"label": "SOURCE", "version": 1}
    )
    assert relabel.status_code in (404, 409), relabel.get_json()
    assert world.call("alice", "DELETE", f"/spans/{gone['id']}").status_code in (404, 409)
    assert world.layer("alice")["spans"] == [new]


def test_a_deleted_relations_id_is_not_given_again_and_its_stale_delete_finds_nothing(
    world: World,
) -> None:
    source = world.span("alice", "SOURCE", 0, 9)
    claim = world.span("alice", "CLAIM", 15, 31)
    gone = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    assert world.call("alice", "DELETE", f"/relations/{gone['id']}").status_code == 204
    new = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    assert new["id"] != gone["id"]
    assert world.call("alice", "DELETE", f"/relations/{gone['id']}").status_code in (404, 409)
    assert world.layer("alice")["relations"] == [new]


def test_a_revoked_tokens_id_is_not_given_again_and_revoking_it_twice_revokes_nothing(
    world: World,
) -> None:
    def new_token(who: str) -> dict[str, Any]:
        response = world.call(who, "POST", "/tokens", {"name": "script"})
        assert response.status_code == 201, response.get_json()
        made: dict[str, Any] = response.get_json()
        return made

    gone = new_token("alice")
    assert world.call("ada", "DELETE", f"/tokens/{gone['id']}").status_code == 204
    bobs = new_token("bob")
    assert bobs["id"] != gone["id"]
    # The admin's page still lists alice's revoked token; revoking it again must not revoke bob's.
    assert world.call("ada", "DELETE", f"/tokens/{gone['id']}").status_code == 404
    works = world.client.get("/api/v1/projects", headers=bearer(bobs["token"]))
    assert works.status_code == 200
