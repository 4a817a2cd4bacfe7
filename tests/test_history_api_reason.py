"""The API's history says why a change cannot be restored, as the History page does: the
very message the restore answers with its 409, and null where a restore would apply."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.extras import need


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _changes(world: World) -> list[dict[str, Any]]:
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator=alice"
    response = world.call("rita", "GET", path)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["changes"]


def test_each_change_carries_the_reason_its_restore_would_be_refused(world: World) -> None:
    span = world.span("alice", "CLAIM", 0, 9)
    assert world.call("alice", "DELETE", f"/spans/{span['id']}").status_code == 204
    changes = _changes(world)
    for change in changes:
        assert change["restorable"] is (change["not_restorable"] is None), change
    deleted = next(c for c in changes if c["kind"] == "span" and c["action"] == "delete")
    assert deleted["not_restorable"] is None
    for change in (c for c in changes if not c["restorable"]):
        path = f"/projects/demo/documents/{world.doc.id}/history/{change['id']}/restore"
        refused = world.call("rita", "POST", path)
        assert refused.status_code == 409, change
        assert refused.get_json()["error"]["message"] == change["not_restorable"]
    created = next(c for c in changes if c["kind"] == "span" and c["action"] == "create")
    assert "no earlier value" in created["not_restorable"]


def test_the_openapi_document_describes_the_reason(world: World) -> None:
    validators = need("openapi_schema_validator")
    description = world.client.get("/api/v1/openapi.json").get_json()
    path = description["paths"]["/projects/{slug}/documents/{document_id}/history"]["get"]
    schema = path["responses"]["200"]["content"]["application/json"]["schema"]
    change = schema["properties"]["changes"]["items"]
    assert change["properties"]["not_restorable"]["type"] == ["string", "null"]
    answer = world.call("rita", "GET", f"/projects/demo/documents/{world.doc.id}/history")
    whole = {**schema, "components": description["components"]}
    validators.validate(answer.get_json(), whole, cls=validators.OAS31Validator)
