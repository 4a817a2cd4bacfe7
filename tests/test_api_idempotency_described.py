"""The Idempotency-Key rules are in the OpenAPI document, from the code that keeps them: whose a
key is, how long it is kept, what a reuse, a replay of a deleted row and a keyless write answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from annotator.api.openapi_workspace import KEYLESS_SAID
from annotator.services.annotation.idempotency import KEEP


def _paths(client: Any) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").get_json()["paths"]


def test_the_key_parameter_says_whose_how_long_and_what_each_refusal_means(client: Any) -> None:
    create = _paths(client)["/documents/{document_id}/spans"]["post"]
    [key] = [p for p in create["parameters"] if p["name"] == "Idempotency-Key"]
    said = key["description"]
    assert timedelta(days=1) == KEEP and "kept 1 day from its first use" in said
    assert "the caller's own" in said and "422" in said and "`details.applied`" in said
    assert "`details.applied`" in create["responses"]["409"]["description"]


def test_every_keyless_write_says_so_and_refuses_a_key_with_400(
    client: Any, admin_headers: dict[str, str]
) -> None:
    paths = _paths(client)
    keyless = [
        f"{method.upper()} {path}"
        for path, item in paths.items()
        for method, operation in item.items()
        if KEYLESS_SAID in operation.get("description", "")
    ]
    assert "POST /projects" in keyless and "POST /projects/{slug}/documents" in keyless
    for entry in keyless:
        method, path = entry.split(" ")
        params = paths[path][method.lower()].get("parameters", [])
        assert all(p["name"] != "Idempotency-Key" for p in params), entry
    headers = admin_headers | {"Idempotency-Key": "k-1"}
    refused = client.post("/api/v1/projects", json={"slug": "x", "name": "X"}, headers=headers)
    assert refused.status_code == 400
    assert "takes no Idempotency-Key" in refused.get_json()["error"]["message"]
