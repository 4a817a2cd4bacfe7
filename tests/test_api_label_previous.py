"""A label write that says what it replaces (`previous`) is refused when the layer holds another.

Two tabs on one sentence: A set FAVOR, then B (still showing no value) set AGAINST over it with
no warning, and B's undo then cleared the stance. Spans had a "changed elsewhere" refusal;
labels now have one too, for a caller that sends the value it believes is stored."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.conftest import SEED_SCHEMA


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["sentence_labels"].append(
        {"name": "frames", "values": ["ECONOMY", "SECURITY", "MORALITY"], "multiple": True}
    )
    return build_world(client, make_user, make_token, make_project, make_document, assign, schema)


def _label(world: World, body: dict[str, Any], who: str = "alice") -> Any:
    return world.call(who, "PUT", f"/documents/{world.doc.id}/labels", body)


def _stance(world: World) -> list[dict[str, Any]]:
    return [x for x in world.layer("alice")["sentence_labels"] if x["name"] == "stance"]


def test_a_stale_previous_is_409_naming_the_stored_value_and_changes_nothing(
    world: World,
) -> None:
    # Tab A: the sentence had no value, and FAVOR is set.
    first = _label(world, {"sentence": 1, "name": "stance", "value": "FAVOR", "previous": None})
    assert first.status_code == 200
    # Tab B still shows no value: its AGAINST is refused, naming FAVOR.
    stale = _label(world, {"sentence": 1, "name": "stance", "value": "AGAINST", "previous": None})
    assert stale.status_code == 409
    error = stale.get_json()["error"]
    assert error["code"] == "conflict"
    # The sentence as the request and the details give it (from 0), as every API message does;
    # the workspace says "sentence 2" in its own words (browser/test_workspace_label_two_tabs).
    assert error["message"] == (
        "'stance' on sentence 1 was changed elsewhere (another tab, or a reviewer): it is now FAVOR"
    )
    assert error["details"] == {
        "reason": "label_changed",
        "sentence": 1,
        "name": "stance",
        "value": "FAVOR",
    }
    assert _stance(world) == [{"sentence": 1, "name": "stance", "value": "FAVOR"}]
    # B's undo (back to no value, expecting its own AGAINST) is refused too: nothing wiped.
    undo = _label(world, {"sentence": 1, "name": "stance", "value": None, "previous": "AGAINST"})
    assert undo.status_code == 409
    assert _stance(world) == [{"sentence": 1, "name": "stance", "value": "FAVOR"}]
    # Knowing FAVOR, the write goes through.
    ok = _label(world, {"sentence": 1, "name": "stance", "value": "AGAINST", "previous": "FAVOR"})
    assert ok.status_code == 200
    assert _stance(world) == [{"sentence": 1, "name": "stance", "value": "AGAINST"}]


def test_without_previous_a_write_replaces_whatever_is_stored(world: World) -> None:
    """The API stays as it was for a caller that sends no `previous`."""
    assert _label(world, {"sentence": 0, "name": "stance", "value": "FAVOR"}).status_code == 200
    assert _label(world, {"sentence": 0, "name": "stance", "value": "NONE"}).status_code == 200
    assert _stance(world) == [{"sentence": 0, "name": "stance", "value": "NONE"}]


def test_previous_on_a_document_label_and_a_field_of_many_values(world: World) -> None:
    genre = {"sentence": None, "name": "genre"}
    assert _label(world, {**genre, "value": "NEWS", "previous": None}).status_code == 200
    stale = _label(world, {**genre, "value": None, "previous": "OPINION"})
    assert stale.status_code == 409
    assert stale.get_json()["error"]["message"].startswith("'genre' on the document was changed")
    assert world.layer("alice")["document_labels"] == [{"name": "genre", "value": "NEWS"}]
    # A field that takes many: its values in any order are the same value.
    frames = {"sentence": 0, "name": "frames"}
    assert _label(world, {**frames, "value": ["SECURITY", "ECONOMY"]}).status_code == 200
    same = _label(world, {**frames, "value": ["MORALITY"], "previous": ["SECURITY", "ECONOMY"]})
    assert same.status_code == 200
    stale = _label(world, {**frames, "value": None, "previous": ["ECONOMY"]})
    assert stale.status_code == 409
    assert stale.get_json()["error"]["details"]["value"] == ["MORALITY"]
    # Another annotator's layer is their own: bob's previous is read from bob's layer.
    bob = _label(world, {**genre, "value": "OPINION", "previous": None}, who="bob")
    assert bob.status_code == 200


def test_the_openapi_document_describes_previous(world: World) -> None:
    spec = world.client.get("/api/v1/openapi.json").get_json()
    put = spec["paths"]["/documents/{document_id}/labels"]["put"]
    body = put["requestBody"]["content"]["application/json"]["schema"]
    assert "previous" in body["properties"]
    assert "previous" not in body["required"]
    assert "label_changed" in body["properties"]["previous"]["description"]
    assert "409" in put["responses"]


def test_a_value_the_field_refuses_is_422_before_a_stale_previous(world: World) -> None:
    assert _label(world, {"sentence": 1, "name": "stance", "value": "FAVOR"}).status_code == 200
    bogus = _label(
        world, {"sentence": 1, "name": "stance", "value": "BOGUS", "previous": "AGAINST"}
    )
    assert bogus.status_code == 422, bogus.get_json()
    assert "BOGUS" in bogus.get_json()["error"]["message"]
    assert [x["value"] for x in _stance(world)] == ["FAVOR"]
