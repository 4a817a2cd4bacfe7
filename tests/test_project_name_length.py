"""A project name's length: refused past 200 characters, naming the field and the limit,
the same from the API, the pages' forms, the command line; the OpenAPI document says so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.limits import PROJECT_NAME_MAX

LONGEST = "N" * PROJECT_NAME_MAX
TOO_LONG = "A long name " * 44  # 528 characters: a heading of five lines, as it was
SAID = f"the name is {len(TOO_LONG.strip())} characters long; a project name takes at most 200"


def test_the_api_refuses_a_name_past_the_limit_on_create_and_change(
    client: Any, admin_headers: dict[str, str]
) -> None:
    refused = client.post(
        "/api/v1/projects", json={"slug": "news", "name": TOO_LONG}, headers=admin_headers
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"]["message"] == SAID
    assert refused.get_json()["error"]["details"] == {"field": "name"}
    made = client.post(
        "/api/v1/projects", json={"slug": "news", "name": LONGEST}, headers=admin_headers
    )
    assert made.status_code == 201 and made.get_json()["name"] == LONGEST
    changed = client.patch("/api/v1/projects/news", json={"name": TOO_LONG}, headers=admin_headers)
    assert changed.status_code == 422 and changed.get_json()["error"]["message"] == SAID
    assert client.get("/api/v1/projects/news", headers=admin_headers).get_json()["name"] == LONGEST


def test_the_openapi_document_declares_the_limit(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, method in (("/projects", "post"), ("/projects/{slug}", "patch")):
        body = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]
        assert body["properties"]["name"]["maxLength"] == PROJECT_NAME_MAX


def test_the_command_line_refuses_it_too(runner: Any, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"span_labels": [{"name": "CLAIM"}]}))
    result = runner.invoke(
        args=["projects", "create", "news", "--name", TOO_LONG, "--schema", str(schema)]
    )
    assert result.exit_code != 0 and SAID in result.output
