"""``?layer=`` and ``?annotator=`` are two names for one parameter, on reads and writes alike."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _post_span(world: World, who: str, query: str) -> Any:
    body = {"label": "CLAIM", "start": 0, "end": 9}
    return world.call(who, "POST", f"/documents/{world.doc.id}/spans{query}", body)


def test_a_reviewer_writes_gold_with_annotator_gold(world: World) -> None:
    response = _post_span(world, "rita", "?annotator=gold")
    assert response.status_code == 201, response.get_json()
    assert world.layer("ada", "gold")["spans"] == [response.get_json()]


def test_writing_with_another_annotators_name_is_refused_not_sent_to_your_own(
    world: World,
) -> None:
    response = _post_span(world, "bob", "?annotator=alice")
    assert response.status_code == 403
    assert world.layer("bob")["spans"] == []
    assert world.layer("alice")["spans"] == []


@pytest.mark.parametrize(
    ("who", "layer", "expected", "annotator"),
    [
        ("alice", "gold", 403, None),
        ("alice", "bob", 403, None),
        ("alice", "alice", 200, "alice"),
        ("rita", "alice", 200, "alice"),
        ("rita", "gold", 200, "gold"),
    ],
)
def test_reading_with_layer_answers_as_annotator_does(
    world: World, who: str, layer: str, expected: int, annotator: str | None
) -> None:
    world.span("alice", "CLAIM", 0, 9)
    world.span("rita", "CUE", 10, 14, query="?layer=gold")
    by_layer = world.call(who, "GET", f"/documents/{world.doc.id}/annotations?layer={layer}")
    by_annotator = world.call(
        who, "GET", f"/documents/{world.doc.id}/annotations?annotator={layer}"
    )
    assert by_layer.status_code == by_annotator.status_code == expected
    assert by_layer.get_json() == by_annotator.get_json()
    if annotator is not None:
        assert by_layer.get_json()["annotator"] == annotator


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/documents/{doc}/annotations", None),
        ("POST", "/documents/{doc}/spans", {"label": "CLAIM", "start": 0, "end": 9}),
        ("PUT", "/documents/{doc}/labels", {"sentence": 0, "name": "stance", "value": "NONE"}),
        ("POST", "/documents/{doc}/time", {"seconds": 5}),
    ],
)
def test_both_names_with_different_layers_are_a_400_naming_both(
    world: World, method: str, path: str, body: Any
) -> None:
    url = path.format(doc=world.doc.id) + "?layer=gold&annotator=alice"
    response = world.call("rita", method, url, body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "?layer=" in error["message"] and "?annotator=" in error["message"]
    assert world.layer("ada", "gold")["spans"] == []


def test_both_names_with_the_same_layer_are_one_request(world: World) -> None:
    response = _post_span(world, "rita", "?layer=gold&annotator=gold")
    assert response.status_code == 201
    read = world.call(
        "rita", "GET", f"/documents/{world.doc.id}/annotations?layer=gold&annotator=gold"
    )
    assert read.get_json()["spans"] == [response.get_json()]


def test_history_takes_layer_as_annotator(world: World) -> None:
    world.span("alice", "CLAIM", 0, 9)
    world.span("rita", "CUE", 10, 14, query="?layer=gold")
    base = f"/projects/demo/documents/{world.doc.id}/history"
    by_layer = world.call("rita", "GET", base + "?layer=gold").get_json()
    by_annotator = world.call("rita", "GET", base + "?annotator=gold").get_json()
    assert by_layer == by_annotator
    assert by_layer["changes"]
    assert {change["layer"] for change in by_layer["changes"]} == {"gold"}


def test_the_openapi_document_names_both_on_reads_and_writes(client) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, method in [
        ("/documents/{document_id}/annotations", "get"),
        ("/documents/{document_id}/spans", "post"),
        ("/spans/{span_id}", "patch"),
        ("/documents/{document_id}/time", "post"),
    ]:
        names = {p["name"] for p in paths[path][method]["parameters"] if p["in"] == "query"}
        assert {"layer", "annotator"} <= names, path


@pytest.mark.parametrize(
    ("query", "layer"),
    [
        ("", None),
        ("page=2", None),
        ("layer=", None),
        ("layer=gold", "gold"),
        ("annotator=bob", "bob"),
    ],
)
def test_the_layer_a_query_names(app, query: str, layer: str | None) -> None:
    """No query at all (the span write's) names no layer, as a query without either name."""
    from annotator.api.layer_query import asked_layer

    with app.test_request_context(f"/api/v1/documents/1/spans?{query}", method="POST"):
        assert asked_layer() == layer
