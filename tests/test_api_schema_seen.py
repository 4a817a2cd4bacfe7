"""A write from a page built with an older schema version whose names were renamed or
removed since is refused, 409 ``schema_changed``, naming what became of each name; a page
whose names all still stand (only additions since) writes on."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.schema_seen import changed_said, names_lost
from tests.api_world import World, build_world
from tests.conftest import SEED_SCHEMA


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _patch(world: World, body: dict[str, Any]) -> int:
    response = world.call("ada", "PATCH", f"/projects/{world.project.slug}", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["schema_version"]


def _label(world: World, value: str, seen: int | None) -> Any:
    headers = dict(world.headers["alice"])
    if seen is not None:
        headers["X-Schema-Version"] = str(seen)
    return world.client.put(
        f"/api/v1/documents/{world.doc.id}/labels",
        json={"sentence": 0, "name": "stance", "value": value},
        headers=headers,
    )


def test_a_label_from_a_page_older_than_a_value_rename_is_409_naming_the_rename(
    world: World,
) -> None:
    now = _patch(world, {"renames": {"values": {"stance": {"AGAINST": "OPPOSE"}}}})
    assert now == 2
    response = _label(world, "AGAINST", seen=1)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "schema_changed"
    assert (
        error["message"] == "the project's labels changed (AGAINST is now OPPOSE): reload to go on"
    )
    assert error["details"] == {
        "seen": 1,
        "schema_version": 2,
        "lost": [{"kind": "value", "owner": "stance", "name": "AGAINST", "now": "OPPOSE"}],
    }
    # A value that still stands, of the same field, means what it meant when the page opened:
    # it is written (a page with work in flight loses none of what is still right).
    assert _label(world, "FAVOR", seen=1).status_code == 200
    assert _label(world, "FAVOR", seen=2).status_code == 200
    # The value the write expects to replace is a name it sends too.
    replaced = world.client.put(
        f"/api/v1/documents/{world.doc.id}/labels",
        json={"sentence": 0, "name": "stance", "value": "FAVOR", "previous": "AGAINST"},
        headers=world.headers["alice"] | {"X-Schema-Version": "1"},
    )
    assert replaced.get_json()["error"]["code"] == "schema_changed"
    # Without the header, the write is checked against the schema as it is (as before).
    assert _label(world, "AGAINST", seen=None).status_code == 422


def test_a_span_and_a_span_change_from_a_page_older_than_a_label_rename_are_409(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM")
    _patch(world, {"renames": {"labels": {"CLAIM": "CHECKABLE"}}})
    headers = world.headers["alice"] | {"X-Schema-Version": "1"}
    created = world.client.post(
        f"/api/v1/documents/{world.doc.id}/spans",
        json={"label": "CLAIM", "start": 10, "end": 15},
        headers=headers,
    )
    assert created.status_code == 409
    assert created.get_json()["error"]["message"] == (
        "the project's labels changed (CLAIM is now CHECKABLE): reload to go on"
    )
    changed = world.client.patch(
        f"/api/v1/spans/{span['id']}", json={"label": "CLAIM"}, headers=headers
    )
    assert changed.get_json()["error"]["code"] == "schema_changed"
    # What names no lost name writes on: a span moved, a label that still stands.
    moved = world.client.patch(f"/api/v1/spans/{span['id']}", json={"end": 16}, headers=headers)
    assert moved.status_code == 200, moved.get_json()
    other = world.client.post(
        f"/api/v1/documents/{world.doc.id}/spans",
        json={"label": "SOURCE", "start": 0, "end": 5},
        headers=headers,
    )
    assert other.status_code == 201, other.get_json()


def test_a_name_renamed_and_then_added_again_is_stale_for_a_page_older_than_both(
    world: World,
) -> None:
    _patch(world, {"renames": {"values": {"stance": {"AGAINST": "OPPOSE"}}}})
    schema = world.call("ada", "GET", f"/projects/{world.project.slug}").get_json()["schema"]
    schema["sentence_labels"] = [
        {**field, "values": [*field["values"], "AGAINST"], "keys": [*field["keys"], None]}
        if field["name"] == "stance"
        else field
        for field in schema["sentence_labels"]
    ]
    assert _patch(world, {"schema": schema}) == 3
    # AGAINST is a name of version 3 again, but not the AGAINST the page of version 1 showed.
    response = _label(world, "AGAINST", seen=1)
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == (
        "the project's labels changed (AGAINST is now OPPOSE): reload to go on"
    )
    assert _label(world, "AGAINST", seen=2).status_code == 200


def test_a_page_older_than_an_addition_only_writes_on(world: World) -> None:
    schema = dict(SEED_SCHEMA)
    schema["document_labels"] = [
        *SEED_SCHEMA["document_labels"],
        {"name": "region", "values": ["EU", "US"]},
    ]
    assert _patch(world, {"schema": schema}) == 2
    assert _label(world, "AGAINST", seen=1).status_code == 200


def test_a_malformed_schema_version_header_is_400_naming_it(world: World) -> None:
    headers = world.headers["alice"] | {"X-Schema-Version": "two"}
    response = world.client.put(
        f"/api/v1/documents/{world.doc.id}/labels",
        json={"sentence": 0, "name": "stance", "value": "FAVOR"},
        headers=headers,
    )
    assert response.status_code == 400
    assert "X-Schema-Version" in response.get_json()["error"]["message"]


def test_names_lost_and_what_became_of_them() -> None:
    old = {
        "span_labels": [{"name": "CLAIM", "attributes": [{"name": "who", "values": ["A"]}]}],
        "sentence_labels": [{"name": "stance", "values": ["FAVOR", "AGAINST", "MAYBE"]}],
    }
    new = {
        "span_labels": [{"name": "CHECKABLE", "attributes": [{"name": "who", "values": ["A"]}]}],
        "sentence_labels": [{"name": "stance", "values": ["FAVOR", "OPPOSE"]}],
    }
    lost = names_lost(old, new)
    # The attribute of a label lost is not named again: the label says it.
    assert lost == [
        ("span", "", "CLAIM"),
        ("value", "stance", "AGAINST"),
        ("value", "stance", "MAYBE"),
    ]
    changes = [
        "renamed span label CLAIM to CHECKABLE; renamed value AGAINST of stance to OPPOSE",
        "removed value MAYBE of stance",
    ]
    assert changed_said(lost, changes) == (
        "CLAIM is now CHECKABLE, AGAINST is now OPPOSE and MAYBE is gone"
    )
    # A rename of a rename is followed to the name it has now.
    assert changed_said(
        [("value", "stance", "A")],
        ["renamed value A of stance to B", "renamed value B of stance to C"],
    ) == ("A is now C")


def test_who_may_not_write_the_document_is_answered_so_before_any_word_of_the_labels(
    world: World,
) -> None:
    _patch(world, {"renames": {"values": {"stance": {"AGAINST": "OPPOSE"}}}})
    headers = world.headers["carol"] | {"X-Schema-Version": "1"}  # carol is not assigned it
    response = world.client.put(
        f"/api/v1/documents/{world.doc.id}/labels",
        json={"sentence": 0, "name": "stance", "value": "FAVOR"},
        headers=headers,
    )
    assert response.status_code == 404


def _claimer_values(world: World, values: list[str]) -> dict[str, Any]:
    schema = world.call("ada", "GET", f"/projects/{world.project.slug}").get_json()["schema"]
    for label in schema["span_labels"]:
        if label["name"] == "CLAIM":
            label["attributes"][0]["values"] = values
    return schema


def _attributes_alone(world: World, span: dict[str, Any], claimer: str) -> Any:
    """A change of a span's attributes as the workspace sends it: without the label."""
    return world.client.patch(
        f"/api/v1/spans/{span['id']}",
        json={"attributes": {"claimer": claimer}},
        headers=world.headers["alice"] | {"X-Schema-Version": "1"},
    )


def test_an_attribute_change_without_the_label_names_the_rename_of_the_spans_own_label(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM")
    renames = {"values": {"CLAIM.claimer": {"REPORTED": "QUOTED"}}}
    _patch(world, {"renames": renames, "schema": _claimer_values(world, ["QUOTED", "JOURNALIST"])})
    response = _attributes_alone(world, span, "REPORTED")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["message"] == (
        "the project's labels changed (REPORTED is now QUOTED): reload to go on"
    )
    assert error["details"]["lost"] == [
        {"kind": "value", "owner": "CLAIM.claimer", "name": "REPORTED", "now": "QUOTED"}
    ]
    # A value that still stands writes on.
    assert _attributes_alone(world, span, "JOURNALIST").status_code == 200


def test_an_attribute_change_without_the_label_names_the_attributes_rename(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM")
    schema = world.call("ada", "GET", f"/projects/{world.project.slug}").get_json()["schema"]
    schema["span_labels"][0]["attributes"][0]["name"] = "speaker"
    _patch(world, {"renames": {"attributes": {"CLAIM": {"claimer": "speaker"}}}, "schema": schema})
    response = _attributes_alone(world, span, "REPORTED")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["message"] == (
        "the project's labels changed (claimer is now speaker): reload to go on"
    )
    assert error["details"]["lost"] == [
        {"kind": "attribute", "owner": "CLAIM", "name": "claimer", "now": "speaker"}
    ]
