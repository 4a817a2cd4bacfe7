"""A change of a span's attributes sent without its label, from a page older than a rename
of that label, is checked as the page named them: under the label's name then, not only its
name now.

Found by review: a change renaming the span label CLAIM to CHECKABLE and removing its
attribute value REPORTED let an attribute write from a page still showing CLAIM through the
stale-page check (the values of a label renamed were not compared: the label's rename said
it all), refused only later as an unknown value; and a value renamed, added again with
another meaning and then its label renamed was taken under that other meaning.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.schema_seen import label_names_since, names_lost
from tests.api_world import World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _schema(world: World) -> dict[str, Any]:
    return world.call("ada", "GET", f"/projects/{world.project.slug}").get_json()["schema"]


def _change(world: World, schema: dict[str, Any], renames: dict[str, Any]) -> None:
    body = {"schema": schema, "renames": renames}
    response = world.call("ada", "PATCH", f"/projects/{world.project.slug}", body)
    assert response.status_code == 200, response.get_json()


def _claim(schema: dict[str, Any], *, name: str = "CLAIM", **attribute: Any) -> dict[str, Any]:
    """``schema`` with its CLAIM label renamed ``name`` (the links naming it too) and its first
    attribute given ``attribute``'s settings."""
    for label in schema["span_labels"]:
        if label["name"] == "CLAIM":
            label["name"] = name
            label["attributes"][0].update(attribute)
    for relation in schema["relation_types"]:
        for end in ("from", "to"):
            relation[end] = [name if x == "CLAIM" else x for x in relation[end]]
    return schema


def _attributes_alone(world: World, span: dict[str, Any], attributes: dict[str, Any]) -> Any:
    """A change of a span's attributes as the workspace sends it: without the label."""
    return world.client.patch(
        f"/api/v1/spans/{span['id']}",
        json={"attributes": attributes},
        headers=world.headers["alice"] | {"X-Schema-Version": "1"},
    )


def test_a_value_removed_as_its_label_is_renamed_is_409_for_an_attribute_change_alone(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM")
    schema = _claim(_schema(world), name="CHECKABLE", values=["JOURNALIST"])
    _change(world, schema, {"labels": {"CLAIM": "CHECKABLE"}})
    response = _attributes_alone(world, span, {"claimer": "REPORTED"})
    assert response.status_code == 409, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "schema_changed"
    assert error["message"] == "the project's labels changed (REPORTED is gone): reload to go on"
    assert error["details"]["lost"] == [
        {"kind": "value", "owner": "CLAIM.claimer", "name": "REPORTED", "now": None}
    ]
    # A value that still stands, under the label's new name, writes on.
    assert _attributes_alone(world, span, {"claimer": "JOURNALIST"}).status_code == 200


def test_an_attribute_removed_as_its_label_is_renamed_is_409_for_an_attribute_change_alone(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM")
    schema = _claim(_schema(world), name="CHECKABLE")
    for label in schema["span_labels"]:
        if label["name"] == "CHECKABLE":
            label["attributes"] = []
    _change(world, schema, {"labels": {"CLAIM": "CHECKABLE"}})
    response = _attributes_alone(world, span, {"claimer": "JOURNALIST"})
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"]["message"] == (
        "the project's labels changed (claimer is gone): reload to go on"
    )


def test_a_value_renamed_and_added_again_before_its_label_is_renamed_is_409(
    world: World,
) -> None:
    """REPORTED means QUOTED's meaning on the page; a later REPORTED is another value."""
    span = world.span("alice", "CLAIM")
    _change(
        world,
        _claim(_schema(world), values=["QUOTED", "JOURNALIST"]),
        {"values": {"CLAIM.claimer": {"REPORTED": "QUOTED"}}},
    )
    _change(world, _claim(_schema(world), values=["QUOTED", "JOURNALIST", "REPORTED"]), {})
    _change(world, _claim(_schema(world), name="CHECKABLE"), {"labels": {"CLAIM": "CHECKABLE"}})
    response = _attributes_alone(world, span, {"claimer": "REPORTED"})
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"]["message"] == (
        "the project's labels changed (REPORTED is now QUOTED): reload to go on"
    )


def test_a_value_renamed_with_its_label_in_one_change_still_says_its_new_name(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM")
    schema = _claim(_schema(world), name="CHECKABLE", values=["QUOTED", "JOURNALIST"])
    renames = {
        "labels": {"CLAIM": "CHECKABLE"},
        "values": {"CHECKABLE.claimer": {"REPORTED": "QUOTED"}},
    }
    _change(world, schema, renames)
    response = _attributes_alone(world, span, {"claimer": "REPORTED"})
    assert response.get_json()["error"]["message"] == (
        "the project's labels changed (REPORTED is now QUOTED): reload to go on"
    )
    assert _attributes_alone(world, span, {"claimer": "JOURNALIST"}).status_code == 200


def test_the_names_a_label_had_and_the_values_of_a_label_renamed() -> None:
    changes = ["renamed span label CLAIM to CHECKABLE", "renamed span label CHECKABLE to FACT"]
    assert label_names_since("FACT", changes) == ["FACT", "CHECKABLE", "CLAIM"]
    assert label_names_since("SOURCE", changes) == ["SOURCE"]
    old = {
        "span_labels": [{"name": "CLAIM", "attributes": [{"name": "who", "values": ["A", "B"]}]}]
    }
    new = {"span_labels": [{"name": "FACT", "attributes": [{"name": "who", "values": ["B"]}]}]}
    # Removed: the label and all it held, said by the label alone.
    assert names_lost(old, new) == [("span", "", "CLAIM")]
    # Renamed: what it held is compared with what the new name holds.
    assert names_lost(old, new, {"CLAIM": "FACT"}) == [
        ("span", "", "CLAIM"),
        ("value", "CLAIM.who", "A"),
    ]
