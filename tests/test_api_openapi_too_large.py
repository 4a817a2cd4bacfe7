"""Every operation that takes a body says that one over the upload limit is a 413: the limit
holds for every write (annotator.web.body_limit), not for the uploads alone."""

from __future__ import annotations

from typing import Any

from flask import Flask

WRITES = {"post", "put", "patch"}


def test_every_write_lists_413(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    writes = [
        (method, path, operation)
        for path, item in paths.items()
        for method, operation in item.items()
        if method in WRITES
    ]
    assert len(writes) > 30
    missing = [
        f"{m.upper()} {p}" for m, p, operation in writes if "413" not in operation["responses"]
    ]
    assert missing == []
    deletes = [op for item in paths.values() for m, op in item.items() if m == "delete"]
    assert all("413" not in op["responses"] for op in deletes if "requestBody" not in op)


def test_a_write_over_the_limit_is_the_described_413(
    app: Flask, client: Any, make_project: Any, admin_headers: dict[str, str]
) -> None:
    make_project("demo")
    app.config["MAX_CONTENT_LENGTH"] = 64
    headers = admin_headers | {"Content-Type": "application/json"}
    body = b'{"annotators": ["' + b"a" * 100 + b'"], "per_document": 1}'
    response = client.post("/api/v1/projects/demo/assignments", data=body, headers=headers)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
