"""A span's DELETE with the version its caller read (``?version=N``): a tab that read an older
version than the one stored is refused (409) and deletes nothing, as a stale PATCH is."""

from __future__ import annotations

import pytest

from tests.api_world import World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _claim_with_its_source(world: World) -> tuple[dict, dict, dict]:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    relation = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    return claim, source, relation


def test_a_delete_of_a_version_since_changed_is_409_naming_the_stored_one_and_deletes_nothing(
    world: World,
) -> None:
    claim, source, relation = _claim_with_its_source(world)
    # Another tab changes the claim: it is at version 2; this one still holds version 1.
    changed = world.call("alice", "PATCH", f"/spans/{claim['id']}", {"end": 24, "version": 1})
    assert changed.status_code == 200
    before = world.layer("alice")

    stale = world.call("alice", "DELETE", f"/spans/{claim['id']}?version=1")

    assert stale.status_code == 409
    error = stale.get_json()["error"]
    assert error["code"] == "conflict"
    assert error["message"] == (f"span {claim['id']} is stale: you sent version 1, it is at 2")
    assert error["details"] == {"version": 2}
    # Nothing went: the span as changed, and its relation.
    assert world.layer("alice") == before
    assert [r["id"] for r in before["relations"]] == [relation["id"]]


def test_a_delete_of_the_version_stored_deletes_the_span_and_its_relations(world: World) -> None:
    claim, source, _ = _claim_with_its_source(world)
    world.call("alice", "PATCH", f"/spans/{source['id']}", {"end": 6, "version": 1})

    deleted = world.call("alice", "DELETE", f"/spans/{source['id']}?version=2")

    assert deleted.status_code == 204
    layer = world.layer("alice")
    assert [s["id"] for s in layer["spans"]] == [claim["id"]]
    assert layer["relations"] == []


def test_a_delete_without_a_version_deletes_whatever_the_version_as_before(world: World) -> None:
    claim, _, _ = _claim_with_its_source(world)
    for end in (24, 28):
        changed = world.call("alice", "PATCH", f"/spans/{claim['id']}", {"end": end})
        assert changed.status_code == 200

    assert world.call("alice", "DELETE", f"/spans/{claim['id']}").status_code == 204

    layer = world.layer("alice")
    assert [s["label"] for s in layer["spans"]] == ["SOURCE"]
    assert layer["relations"] == []


@pytest.mark.parametrize("sent", ["0", "-1", "two", "1.5"])
def test_a_version_that_is_no_version_is_400_naming_it_and_deletes_nothing(
    world: World, sent: str
) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)

    refused = world.call("alice", "DELETE", f"/spans/{claim['id']}?version={sent}")

    assert refused.status_code == 400
    message = refused.get_json()["error"]["message"]
    assert message.startswith("version must be a whole number from 1")
    assert [s["id"] for s in world.layer("alice")["spans"]] == [claim["id"]]


def test_golds_span_takes_its_version_beside_the_layer_asked(world: World) -> None:
    span = world.span("rita", "CLAIM", 15, 31, query="?layer=gold")
    world.call("rita", "PATCH", f"/spans/{span['id']}?layer=gold", {"label": "CUE"})

    stale = world.call("rita", "DELETE", f"/spans/{span['id']}?layer=gold&version=1")
    assert stale.status_code == 409
    assert stale.get_json()["error"]["details"] == {"version": 2}
    current = world.call("rita", "DELETE", f"/spans/{span['id']}?version=2&layer=gold")
    assert current.status_code == 204
    assert world.layer("rita", "gold")["spans"] == []


def test_a_stale_delete_leaves_no_change_in_the_layers_history(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    world.call("alice", "PATCH", f"/spans/{claim['id']}", {"label": "SOURCE"})
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator=alice"
    history = world.call("rita", "GET", path)
    assert history.status_code == 200, history.get_json()

    assert world.call("alice", "DELETE", f"/spans/{claim['id']}?version=1").status_code == 409

    again = world.call("rita", "GET", path)
    assert again.get_json() == history.get_json()


def test_the_description_gives_the_delete_its_version_and_its_409(world: World) -> None:
    description = world.call(None, "GET", "/openapi.json").get_json()
    operation = description["paths"]["/spans/{span_id}"]["delete"]
    version = next(p for p in operation["parameters"] if p["name"] == "version")
    assert (version["in"], version["required"]) == ("query", False)
    assert version["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert {"400", "409"} <= set(operation["responses"])
