"""An annotator learns nothing of the layers they may not read from the history routes.

A restore of a change in another annotator's layer or in gold is answered as one of an id
that does not exist (404, the same body), so that counting ids up from one's own changes
says nothing about how much a colleague or the reviewer edited. What the annotator reads
(their own layer) but may not restore (its status) stays a 403 saying why.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _restore(world: World, who: str, change_id: int) -> Any:
    path = f"/projects/demo/documents/{world.doc.id}/history/{change_id}/restore"
    return world.call(who, "POST", path)


def _ids(world: World, who: str, layer: str) -> list[int]:
    response = world.call(
        who, "GET", f"/projects/demo/documents/{world.doc.id}/history?annotator={layer}"
    )
    assert response.status_code == 200, response.get_json()
    return [change["id"] for change in response.get_json()["changes"]]


def test_another_layers_change_is_answered_as_a_missing_one(world: World) -> None:
    world.span("alice", "CLAIM", 0, 9)
    world.span("bob", "SOURCE", 0, 9)
    world.span("rita", "CLAIM", 0, 9, query="?annotator=gold")
    bobs, golds = _ids(world, "rita", "bob"), _ids(world, "rita", "gold")
    missing = _restore(world, "alice", 987_654)
    assert missing.status_code == 404
    for change_id in (*bobs, *golds):
        refused = _restore(world, "alice", change_id)
        assert refused.status_code == 404, refused.get_json()
        # The very answer a missing id gets, but for the id it names.
        answer = missing.get_json()
        answer["error"]["message"] = f"no change {change_id}"
        assert refused.get_json() == answer
    # bob's span and gold's are where they were: nothing was restored.
    assert len(world.layer("rita", "bob")["spans"]) == 1
    assert len(world.layer("rita", "gold")["spans"]) == 1


def test_a_change_the_annotator_reads_but_may_not_restore_stays_a_403(world: World) -> None:
    world.span("alice", "CLAIM", 0, 9)
    done = world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    assert done.status_code == 200, done.get_json()
    changes = world.call("alice", "GET", f"/projects/demo/documents/{world.doc.id}/history")
    status = next(c["id"] for c in changes.get_json()["changes"] if c["kind"] == "status")
    refused = _restore(world, "alice", status)
    assert refused.status_code == 403
    assert "status" in refused.get_json()["error"]["message"]


def test_reading_another_layers_history_is_one_answer_whoever_is_named(world: World) -> None:
    world.span("bob", "SOURCE", 0, 9)
    answers = [
        world.call("alice", "GET", f"/projects/demo/documents/{world.doc.id}/history{query}")
        for query in ("?annotator=bob", "?annotator=gold", "?annotator=nobody-at-all")
    ]
    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert {answer.get_json()["error"]["code"] for answer in answers} == {"forbidden"}
