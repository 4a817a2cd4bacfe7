"""The OpenAPI description covers every route and matches what the API answers."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from annotator.api.openapi import flask_path
from tests.api_world import World, build_world
from tests.extras import need

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _description(client: Any) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_every_api_route_and_method_is_described(app: Flask, client: Any) -> None:
    paths = _description(client)["paths"]
    # Every route under /api/v1 but the page that shows this description (HTML, not the API).
    routes = [
        r
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/v1/") and not r.endpoint.startswith("api_docs.")
    ]
    assert routes
    missing = [
        f"{method} {rule.rule}"
        for rule in routes
        for method in sorted(rule.methods & METHODS)
        if method.lower() not in paths.get(flask_path(rule.rule), {})
    ]
    assert missing == []


def test_every_described_operation_is_served(app: Flask, client: Any) -> None:
    served = {
        (flask_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods & METHODS
    }
    described = {
        (path, method) for path, item in _description(client)["paths"].items() for method in item
    }
    assert described - served == set()


def test_description_is_valid_openapi_3_1(client: Any) -> None:
    validator = need("openapi_spec_validator")

    description = _description(client)
    assert description["openapi"].startswith("3.1")
    validator.validate(description)
    schemes = description["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer"}


def test_every_operation_names_its_errors_with_the_error_schema(client: Any) -> None:
    for path, item in _description(client)["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema["$ref"].startswith("#/components/schemas/"), (path, method)
            if operation.get("security") != []:
                assert "401" in operation["responses"], (path, method)


def test_answers_match_their_described_schemas(world: World) -> None:
    validators = need("openapi_schema_validator")

    description = _description(world.client)
    span = world.span("alice", "CLAIM", 15, 31, attributes={"claimer": "REPORTED"})
    source = world.span("alice", "SOURCE", 0, 9)
    doc = world.doc.id
    examples = {
        "Span": span,
        "Relation": world.call(
            "alice",
            "POST",
            f"/documents/{doc}/relations",
            {"type": "ATTRIBUTED_TO", "from": span["id"], "to": source["id"]},
        ).get_json(),
        "Label": world.call(
            "alice",
            "PUT",
            f"/documents/{doc}/labels",
            {"sentence": 0, "name": "stance", "value": "NONE"},
        ).get_json(),
        "Layer": world.layer("alice"),
        "Document": world.call("alice", "GET", f"/documents/{doc}").get_json(),
        "Project": world.call("rita", "GET", "/projects/demo").get_json(),
        "DocumentItem": world.call("rita", "GET", "/projects/demo/documents").get_json()[
            "documents"
        ][0],
        "ProjectSummary": world.call("alice", "GET", "/projects").get_json()["projects"][0],
        "Assignment": world.call(
            "alice", "PUT", f"/documents/{doc}/status", {"status": "done"}
        ).get_json(),
        "Error": world.call("alice", "GET", "/documents/999999").get_json(),
    }
    for name, example in examples.items():
        schema = {"$ref": f"#/components/schemas/{name}", "components": description["components"]}
        validators.validate(example, schema, cls=validators.OAS31Validator)


def test_a_nul_in_any_query_argument_is_a_described_400(world: World) -> None:
    """Every route refuses a query argument holding %00 (annotator.web.routing); the
    description says so of every operation, and no string parameter it declares allows one.

    schemathesis sends undeclared arguments too: a 400 the description did not list failed it.
    """
    description = _description(world.client)
    undescribed = [
        f"{method.upper()} {path}"
        for path, item in description["paths"].items()
        for method, operation in item.items()
        if "400" not in operation["responses"]
    ]
    assert undescribed == []
    response = world.call("ada", "GET", "/projects?extra=a%00b")
    assert response.status_code == 400
    assert response.get_json()["error"]["details"] == {"field": "extra"}
    validators = need("openapi_schema_validator")
    allowing = []
    for path, item in description["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if parameter["in"] != "query" or "string" not in str(schema.get("type")):
                    continue
                try:
                    validators.validate("a\x00b", schema, cls=validators.OAS31Validator)
                except Exception:
                    continue
                allowing.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert allowing == []


@pytest.mark.parametrize("item", ["span", "relation"])
def test_a_restores_409_causes_name_final_gold(client: Any, item: str) -> None:
    """Putting an item back into final gold answers 409 ``gold_final``: said with the others."""
    path = f"/documents/{{document_id}}/{item}s/{{{item}_id}}/restore"
    described = _description(client)["paths"][path]["post"]["description"]
    assert "`gold_final`" in described


def test_every_operation_is_in_one_declared_group_with_a_plain_summary(client: Any) -> None:
    """The API page groups operations by tag (one "default" group of 69 was unreadable) and
    shows summaries as plain text: a backtick there showed as a backtick."""
    description = _description(client)
    declared = [tag["name"] for tag in description["tags"]]
    assert len(declared) == len(set(declared)) and all(
        tag.get("description") for tag in description["tags"]
    )
    ungrouped, quoted, used = [], [], set()
    for path, item in description["paths"].items():
        for method, operation in item.items():
            tags = operation.get("tags", [])
            if len(tags) != 1 or tags[0] not in declared:
                ungrouped.append(f"{method.upper()} {path} {tags}")
            used.update(tags)
            if "`" in operation["summary"]:
                quoted.append(f"{method.upper()} {path}")
    assert ungrouped == [] and quoted == []
    assert used == set(declared)  # no empty group on the page
    # What a summary left out opens its description, Markdown and all.
    status = description["paths"]["/documents/{document_id}/status"]["put"]
    assert status["summary"] == "Set your status on a document"
    assert status["description"].startswith("Set your status on a document: `in_progress`")


@pytest.mark.parametrize(
    ("path", "method", "field", "minimum", "refused"),
    [
        # Swagger UI's example body takes an integer's minimum: this one said -2147483648.
        ("/documents/{document_id}/labels", "put", "sentence", 0, -1),
        ("/documents/{document_id}/relations", "post", "from", 1, 0),
        ("/documents/{document_id}/relations", "post", "to", 1, 0),
        ("/spans/{span_id}", "patch", "version", 1, 0),
        ("/documents/{document_id}/note", "put", "version", 0, -1),
    ],
)
def test_body_integers_state_the_minimum_the_server_keeps(
    world: World, path: str, method: str, field: str, minimum: int, refused: int
) -> None:
    """A body's example values make sense (a sentence 0, an id 1), and each minimum stated is
    one the server keeps: one below it is refused (schemathesis checks the same)."""
    description = _description(world.client)
    body = description["paths"][path][method]["requestBody"]["content"]["application/json"]
    schema = body["schema"]["properties"][field]
    # Swagger UI's own pick, with a minimum and a maximum, is the maximum (2147483647).
    assert (schema["minimum"], schema["examples"]) == (minimum, [minimum])
    span = world.span("alice", "CLAIM", 15, 31)
    doc = world.doc.id
    bodies = {
        "/documents/{document_id}/labels": {"sentence": refused, "name": "stance", "value": "NONE"},
        "/documents/{document_id}/relations": {"type": "ATTRIBUTED_TO", "from": span["id"],
                                               "to": span["id"]} | {field: refused},
        "/spans/{span_id}": {"label": "CLAIM", "version": refused},
        "/documents/{document_id}/note": {"note": "n", "version": refused},
    }  # fmt: skip
    address = path.replace("{document_id}", str(doc)).replace("{span_id}", str(span["id"]))
    answer = world.call("alice", method.upper(), address, bodies[path])
    assert 400 <= answer.status_code < 500 and answer.status_code != 404, answer.get_json()
