"""A JSON body holding a field its endpoint does not know is refused (400 naming it), never
quietly half-applied: ``{"attribute": {...}}`` (for ``attributes``) made a span without them.

The operations are read from the served OpenAPI description, so an endpoint added later is
checked without a change here; the description must close each body it describes
(``additionalProperties: false``), as the server does.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import LabelValue, Relation, Span, User
from tests.api_world import World, build_world

JSON = "application/json"
UNKNOWN = "zz_not_a_field"


@pytest.fixture
def world(session, client, make_user, make_token, make_project, make_document, assign) -> World:
    from annotator.core.vocabulary import SUGGESTIONS
    from annotator.models import Layer
    from annotator.services.annotation.spans import add_span

    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    suggested = Layer(document_id=world.doc.id, user_id=None, key=SUGGESTIONS)
    session.add(suggested)
    session.flush()
    world.suggestion = add_span(session, suggested, "CLAIM", 0, 9).id  # type: ignore[attr-defined]
    label = LabelValue(layer_id=suggested.id, sentence_index=0, name="stance", value="FAVOR")
    session.add(label)
    session.flush()
    world.label_suggestion = label.id  # type: ignore[attr-defined]
    session.commit()
    return world


def _json_object_bodies(world: World) -> list[tuple[str, str, dict[str, Any]]]:
    """Every described operation whose body is a JSON object: (method, path, operation)."""
    description = world.call("ada", "GET", "/openapi.json").get_json()
    found = []
    for path, item in description["paths"].items():
        for method, operation in item.items():
            media = operation.get("requestBody", {}).get("content", {}).get(JSON)
            if media is not None and media["schema"].get("type") == "object":
                found.append((method.upper(), path, operation))
    return found


def _fillers(world: World) -> dict[str, Any]:
    """Path parameters the admin reaches: the demo project, its document, a gold span."""
    gold_span = world.span("ada", "CLAIM", 0, 9, query="?layer=gold")
    source = world.span("ada", "SOURCE", 35, 41, query="?layer=gold")  # "Moscow"
    link = {"type": "ATTRIBUTED_TO", "from": gold_span["id"], "to": source["id"]}
    drawn = world.call("ada", "POST", f"/documents/{world.doc.id}/relations?layer=gold", link)
    assert drawn.status_code == 201, drawn.get_json()
    return {
        "slug": "demo",
        "document_id": world.doc.id,
        "span_id": gold_span["id"],
        "relation_id": drawn.get_json()["id"],
        "suggestion_id": world.suggestion,  # type: ignore[attr-defined]
        "label_id": world.label_suggestion,  # type: ignore[attr-defined]
        "username": "bob",
        "index": 0,
    }


def _writes_gold(operation: dict[str, Any]) -> bool:
    """Tell whether the operation writes a layer named by ``?layer=`` (the admin's: gold)."""
    return any(
        p["name"] == "layer" and p["schema"].get("enum") == ["gold"]
        for p in operation.get("parameters", [])
    )


def test_the_description_closes_every_json_object_body(world: World) -> None:
    bodies = _json_object_bodies(world)
    assert len(bodies) > 20
    open_ = [
        f"{m} {p}" for m, p, op in bodies if _schema(op).get("additionalProperties") is not False
    ]
    assert open_ == []


def _schema(operation: dict[str, Any]) -> dict[str, Any]:
    return operation["requestBody"]["content"][JSON]["schema"]


def test_every_json_object_body_refuses_a_field_it_does_not_know(world: World) -> None:
    """Each endpoint, called so that it reads its body, answers 400 naming the stray field."""
    fillers = _fillers(world)
    lacking, wrong = [], []
    for method, path, operation in _json_object_bodies(world):
        names = re.findall(r"{([^}]+)}", path)
        if set(names) - set(fillers):
            lacking.append(f"{path}: no filler for {sorted(set(names) - set(fillers))}")
            continue
        url = re.sub(r"{([^}]+)}", lambda m: str(fillers[m.group(1)]), path)
        if _writes_gold(operation):
            url += "?layer=gold"
        response = world.call("ada", method, url, {UNKNOWN: 1})
        error = (response.get_json() or {}).get("error", {})
        if (
            response.status_code != 400
            or (error.get("details") or {}).get("field") != UNKNOWN
            or f"unknown field '{UNKNOWN}'" not in error.get("message", "")
        ):
            wrong.append(f"{method} {path}: {response.status_code} {error}")
    assert lacking == []
    assert wrong == []


def _count(session: Any, model: Any) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_misspelt_attributes_field_is_refused_naming_the_one_meant(
    world: World, session: Any
) -> None:
    before = _count(session, Span)
    body = {"label": "CLAIM", "start": 0, "end": 5, "attribute": {"claimer": "REPORTED"}}
    response = world.call("alice", "POST", f"/documents/{world.doc.id}/spans", body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "malformed"
    assert error["details"]["field"] == "attribute"
    assert "unknown field 'attribute' (did you mean 'attributes'?)" in error["message"]
    assert _count(session, Span) == before


def test_a_span_change_with_a_stray_field_changes_nothing(world: World, session: Any) -> None:
    span = world.span("alice", "CLAIM", 15, 31)
    body = {"label": "SOURCE", "Version": span["version"]}
    response = world.call("alice", "PATCH", f"/spans/{span['id']}", body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["details"]["field"] == "Version"
    assert "(did you mean 'version'?)" in error["message"]
    assert world.layer("alice")["spans"][0]["label"] == "CLAIM"


def test_relations_and_labels_refuse_stray_fields_and_store_nothing(
    world: World, session: Any
) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    doc = world.doc.id
    labels_before = _count(session, LabelValue)  # the fixture's suggested label
    relation = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"], "kind": "x"}
    response = world.call("alice", "POST", f"/documents/{doc}/relations", relation)
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["field"] == "kind"
    label = {"sentence": 0, "name": "stance", "value": "NONE", "values": ["NONE"]}
    response = world.call("alice", "PUT", f"/documents/{doc}/labels", label)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "unknown field 'values' (did you mean 'value'?)" in message
    assert (_count(session, Relation), _count(session, LabelValue)) == (0, labels_before)


def test_several_stray_fields_are_all_named(world: World) -> None:
    body = {"username": "dora", "role": "annotator", "password": "a long password", "rol": 1}
    body |= {"email": "d@example.org"}
    response = world.call("ada", "POST", "/users", body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "'rol' (did you mean 'role'?)" in error["message"]
    assert "'email'" in error["message"]
    assert error["details"]["field"] in {"rol", "email"}
    assert sorted(error["details"]["unknown"]) == ["email", "rol"]


def test_people_tokens_and_review_refuse_stray_fields(world: World, session: Any) -> None:
    doc = world.doc.id
    cases = [
        ("ada", "PATCH", "/users/bob", {"active": False, "activ": True}, "activ"),
        ("ada", "PUT", "/projects/demo/members/carol", {"role": "annotator", "x": 1}, "x"),
        ("alice", "POST", "/tokens", {"name": "laptop", "expires": 3}, "expires"),
        ("rita", "PUT", f"/projects/demo/review/{doc}/status", {"status": "final", "s": 1}, "s"),
        ("ada", "PATCH", "/projects/demo", {"name": "Demo", "guideline": "g"}, "guideline"),
    ]
    for who, method, path, body, stray in cases:
        response = world.call(who, method, path, body)
        assert response.status_code == 400, (path, response.get_json())
        assert response.get_json()["error"]["details"]["field"] == stray, path
    session.expire_all()
    assert session.scalar(select(User.active).where(User.username == "bob")) is True


def test_each_endpoints_fields_are_resolved_once_and_held_by_its_rule(world: World) -> None:
    """The app's table is read once per endpoint: after the first write, the endpoint's own
    URL rule answers (a table emptied since is not read), and still refuses a stray field."""
    from annotator.api import body_fields

    app = world.client.application
    path = f"/documents/{world.doc.id}/spans"
    first = world.call("alice", "POST", path, {"label": "CLAIM", "start": 0, "end": 9})
    assert first.status_code == 201, first.get_json()
    app.extensions[body_fields._EXTENSION] = {}  # the table, as if never built: not read again
    stray = world.call("alice", "POST", path, {"label": "CLAIM", "start": 0, "end": 9, "x": 1})
    assert stray.status_code == 400, stray.get_json()
    assert stray.get_json()["error"]["details"] == {"field": "x", "unknown": ["x"]}
    again = world.call("alice", "POST", path, {"label": "SOURCE", "start": 0, "end": 9})
    assert again.status_code == 201, again.get_json()


def test_an_endpoint_reading_a_body_it_does_not_describe_fails_loudly(tmp_path: Any) -> None:
    """A new endpoint that reads a JSON object but describes no body cannot quietly take
    anything: the check has nothing to read and says so (a 500 in its first test)."""
    from annotator import create_app
    from annotator.api import json_object
    from annotator.config import TestingConfig
    from annotator.engine import get_engine

    settings = {key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()}
    app = create_app(settings | {"DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite'}"})
    app.add_url_rule(
        "/api/v1/zz-undescribed", "api.zz_undescribed", lambda: json_object(), methods=["POST"]
    )
    path = "/api/v1/zz-undescribed"
    with app.test_request_context(path, method="POST", json={"a": 1}) as context:
        context.request.url_rule = app.url_map.bind("localhost").match(
            path, method="POST", return_rule=True
        )[0]
        with pytest.raises(LookupError, match="describe its JSON body"):
            json_object()
    get_engine(app).dispose()
