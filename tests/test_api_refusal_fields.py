"""A write refused for breaking the schema names, as data, the field of the body at fault.

A script reads ``error.details.field`` (and ``allowed``, where the schema lists the choices)
to know which part of its request to mend, without parsing the message; offsets already said
``start``, ``end`` and ``length`` so, and every other 422 of a span, relation or label said
``details: null``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world

STANCES = ["FAVOR", "AGAINST", "NONE"]


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _refusal(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.get_json()
    details: dict[str, Any] = response.get_json()["error"]["details"]
    return details


def _label(world: World, body: dict[str, Any]) -> Any:
    return world.call("alice", "PUT", f"/documents/{world.doc.id}/labels", body)


def test_a_value_not_in_the_schema_names_value_and_its_choices(world: World) -> None:
    details = _refusal(_label(world, {"sentence": 0, "name": "stance", "value": "MAYBE"}))
    assert details == {"field": "value", "allowed": STANCES}


def test_an_unknown_label_field_names_name(world: World) -> None:
    details = _refusal(_label(world, {"sentence": 0, "name": "mood", "value": "FAVOR"}))
    assert details["field"] == "name" and "stance" in details["allowed"]


def test_a_sentence_the_document_lacks_names_sentence(world: World) -> None:
    details = _refusal(_label(world, {"sentence": 9, "name": "stance", "value": "FAVOR"}))
    assert details == {"field": "sentence", "sentences": 3}


def test_an_unknown_span_label_names_label(world: World) -> None:
    body = {"label": "NOPE", "start": 0, "end": 9}
    response = world.call("alice", "POST", f"/documents/{world.doc.id}/spans", body)
    details = _refusal(response)
    assert details == {"field": "label", "allowed": ["CLAIM", "SOURCE", "CUE", "BIASED_WORD"]}


def test_an_attribute_value_names_the_attribute(world: World) -> None:
    body = {"label": "CLAIM", "start": 0, "end": 9, "attributes": {"claimer": "ME"}}
    response = world.call("alice", "POST", f"/documents/{world.doc.id}/spans", body)
    details = _refusal(response)
    assert details["field"] == "attributes" and details["attribute"] == "claimer"
    assert "ME" not in details["allowed"] and details["allowed"]


def test_an_unknown_attribute_names_it(world: World) -> None:
    body = {"label": "SOURCE", "start": 0, "end": 9, "attributes": {"claimer": "REPORTED"}}
    response = world.call("alice", "POST", f"/documents/{world.doc.id}/spans", body)
    assert _refusal(response) == {"field": "attributes", "attribute": "claimer", "allowed": []}


def test_relations_name_type_and_the_end_at_fault(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    url = f"/documents/{world.doc.id}/relations"
    unknown = {"type": "SAID_BY", "from": claim["id"], "to": source["id"]}
    assert _refusal(world.call("alice", "POST", url, unknown))["field"] == "type"
    backwards = {"type": "ATTRIBUTED_TO", "from": source["id"], "to": claim["id"]}
    details = _refusal(world.call("alice", "POST", url, backwards))
    assert details == {
        "field": "from",
        "span": source["id"],
        "label": "SOURCE",
        "allowed": ["CLAIM"],
    }
    world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    again = world.call("alice", "POST", url, {**backwards, "from": claim["id"], "to": source["id"]})
    assert _refusal(again, 409) == {"from": claim["id"], "to": source["id"]}
    assert "a relation of type 'ATTRIBUTED_TO'" in again.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("who", "method", "path", "body", "field", "allowed"),
    [
        (
            "ada",
            "POST",
            "/users",
            {"username": "x1", "role": "king", "password": "P" * 12},
            "role",
            ["admin", "reviewer", "annotator"],
        ),
        (
            "ada",
            "PUT",
            "/projects/demo/members/rita",
            {"role": "boss"},
            "role",
            ["annotator", "reviewer", "manager"],
        ),
        (
            "rita",
            "POST",
            "/projects/demo/review/{doc}/accept",
            {"kind": "spam", "id": 1},
            "kind",
            ["span", "attribute", "relation", "label"],
        ),
        ("ada", "POST", "/projects", {"slug": "Bad Slug", "name": "x"}, "slug", None),
        (
            "ada",
            "GET",
            "/projects/demo/documents?status=bogus",
            None,
            "status",
            ["new", "in_progress", "done", "skipped"],
        ),
    ],
    ids=["user-role", "member-role", "review-kind", "slug", "list-status"],
)
def test_a_choice_outside_its_list_names_the_field_and_the_choices(
    world: World, who: str, method: str, path: str, body: Any, field: str, allowed: Any
) -> None:
    response = world.call(who, method, path.format(doc=world.doc.id), body)
    assert response.status_code in (400, 422), response.get_json()
    details = response.get_json()["error"]["details"]
    assert details["field"] == field
    assert details.get("allowed") == allowed


def test_a_reviewers_write_to_an_annotators_span_names_the_span_and_the_way(world: World) -> None:
    span = world.span("alice", "SOURCE", 0, 9)
    plain = world.call("rita", "PATCH", f"/spans/{span['id']}", {"end": 8})
    assert plain.status_code == 403
    message = plain.get_json()["error"]["message"]
    assert f"span {span['id']} is in another annotator's layer" in message
    assert "?layer=gold" in message and "row" not in message
    gold = world.call("rita", "DELETE", f"/spans/{span['id']}?layer=gold")
    assert gold.status_code == 403
    assert f"span {span['id']} is not in the gold layer" in gold.get_json()["error"]["message"]


def test_a_relation_end_outside_the_layer_names_the_end_and_the_span(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    theirs = world.span("bob", "SOURCE", 0, 9)
    url = f"/documents/{world.doc.id}/relations"
    for end, span_id in (("to", 999999), ("to", theirs["id"]), ("from", 999999)):
        body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": claim["id"]} | {end: span_id}
        response = world.call("alice", "POST", url, body)
        assert _refusal(response) == {"field": end, "span": span_id}
        message = response.get_json()["error"]["message"]
        assert f"'{end}': span {span_id} is not in this layer" in message


def test_a_relabelling_a_relation_forbids_names_label_and_the_relation(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    relation = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    response = world.call("alice", "PATCH", f"/spans/{source['id']}", {"label": "CUE"})
    assert _refusal(response) == {"field": "label", "relation": relation["id"]}


def test_one_relation_more_than_max_per_source_names_from_and_the_limit(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    first = world.span("alice", "SOURCE", 0, 9)
    second = world.span("alice", "SOURCE", 35, 41)
    world.relation("alice", "ATTRIBUTED_TO", claim["id"], first["id"])
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": second["id"]}
    response = world.call("alice", "POST", f"/documents/{world.doc.id}/relations", body)
    assert _refusal(response, 409) == {"field": "from", "span": claim["id"], "max_per_source": 1}


def test_a_document_note_too_long_names_note_its_length_and_the_most(world: World) -> None:
    body = {"note": "n" * 10_001, "unsure": False}
    response = world.call("alice", "PUT", f"/documents/{world.doc.id}/note", body)
    assert _refusal(response) == {"field": "note", "length": 10_001, "most": 10_000}
    assert "10,001 characters long; at most 10,000" in response.get_json()["error"]["message"]
