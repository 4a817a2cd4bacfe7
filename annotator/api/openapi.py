"""The OpenAPI 3.1 description of the API, built as data (``GET /api/v1/openapi.json``).

tests/test_api_openapi.py checks that every route under /api/v1 is described here, so the
description cannot drift from the code. Agreement and export are described only once their
routes exist.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app

from annotator import __version__
from annotator.api import bp
from annotator.api.idempotency import KEYLESS
from annotator.api.openapi_review import review_paths
from annotator.api.openapi_schemas import (
    ERRORS,
    JSON,
    LABEL_VALUE,
    SCHEMAS,
    STR,
    integer,
    obj,
    ref,
)
from annotator.api.openapi_workspace import with_workspace


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {JSON: {"schema": schema}}}


def _op(
    summary: str,
    ok: int,
    answer: dict[str, Any] | None,
    errors: tuple[int, ...],
    *,
    body: dict[str, Any] | None = None,
    params: list[dict[str, Any]] | None = None,
    public: bool = False,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        str(ok): {"description": "Success."} | (_json(answer) if answer else {})
    }
    for status in errors:
        responses[str(status)] = {"description": ERRORS[status]} | _json(ref("Error"))
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if body is not None:
        operation["requestBody"] = {"required": True, **_json(body)}
    if params:
        operation["parameters"] = params
    if public:
        operation["security"] = []
    return operation


def _path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


SLUG = {"name": "slug", "in": "path", "required": True, "schema": STR}
LAYER = {
    "name": "layer",
    "in": "query",
    "required": False,
    "description": "`gold` to write the gold layer (reviewers and admins); default: your own.",
    "schema": {"type": "string", "enum": ["gold"]},
}
READ = (401, 403, 404)
WRITE = (400, 401, 403, 404, 422)


def _paths() -> dict[str, Any]:
    doc, span = _path_id("document_id"), _path_id("span_id")
    rel = _path_id("relation_id")
    span_body = obj(
        ["label", "start", "end"],
        label=STR,
        start=integer(minimum=0),
        end=integer(minimum=1),
        attributes={
            "type": "object",
            "description": "Attribute name to value (a list for "
            "`multiple`); null leaves one unset.",
        },
    )
    patch_body = {
        "type": "object",
        "minProperties": 1,
        "properties": span_body["properties"]
        | {"version": integer("The version you last saw; a different stored one is 409.")},
    }
    paths: dict[str, Any] = {
        "/health": {
            "get": _op(
                "Answer once the database is reachable",
                200,
                obj(["status"], status={"const": "ok"}),
                (),
                public=True,
            )
        },
        "/csrf-token": {
            "get": _op(
                "Return the CSRF token that session clients send as X-CSRFToken on writes",
                200,
                obj(["csrf_token"], csrf_token=STR),
                (),
                public=True,
            )
        },
        "/openapi.json": {
            "get": _op("Return this description", 200, {"type": "object"}, (), public=True)
        },
        "/projects": {
            "get": _op(
                "List the projects the caller may see",
                200,
                obj(["projects"], projects={"type": "array", "items": ref("ProjectSummary")}),
                (401,),
            )
        },
        "/projects/{slug}": {
            "get": _op(
                "Return a project with its label schema", 200, ref("Project"), READ, params=[SLUG]
            )
        },
        "/projects/{slug}/documents": {
            "get": _op(
                "List documents: an annotator's own queue with their status; all for reviewers",
                200,
                obj(["documents"], documents={"type": "array", "items": ref("DocumentItem")}),
                READ,
                params=[SLUG],
            ),
            "post": {
                **_op(
                    "Import documents, all or nothing (reviewers and admins)",
                    201,
                    ref("ImportReport"),
                    (400, 401, 403, 404, 413, 422),
                    params=[SLUG],
                ),
                "requestBody": {
                    "required": True,
                    "content": {
                        JSON: {"schema": {"type": "array", "items": ref("ImportRecord")}},
                        "application/x-ndjson": {
                            "schema": {"type": "string", "description": "JSONL records"}
                        },
                        "multipart/form-data": {
                            "schema": obj(
                                ["file"],
                                file={
                                    "type": "array",
                                    "description": "Files read by extension: .txt, .jsonl, "
                                    ".json, .csv (a `text` column).",
                                    "items": {"type": "string", "format": "binary"},
                                },
                            )
                        },
                    },
                },
            },
        },
        "/documents/{document_id}": {
            "get": _op(
                "Return a document with its text and sentences",
                200,
                ref("Document"),
                READ,
                params=[doc],
            )
        },
        "/documents/{document_id}/annotations": {
            "get": _op(
                "Return one layer: your own, or (reviewers) any annotator's or gold",
                200,
                ref("Layer"),
                READ,
                params=[
                    doc,
                    {
                        "name": "annotator",
                        "in": "query",
                        "required": False,
                        "description": "A username or `gold`; annotators may read only their own.",
                        "schema": STR,
                    },
                ],
            )
        },
        "/documents/{document_id}/spans": {
            "post": _op("Add a span", 201, ref("Span"), WRITE, body=span_body, params=[doc, LAYER])
        },
        "/spans/{span_id}": {
            "patch": _op(
                "Change a span's label, offsets or attributes",
                200,
                ref("Span"),
                (*WRITE, 409),
                body=patch_body,
                params=[span, LAYER],
            ),
            "delete": {
                **_op("Delete a span and its relations", 204, None, READ, params=[span, LAYER])
            },
        },
        "/documents/{document_id}/relations": {
            "post": _op(
                "Add a relation between two spans of the layer",
                201,
                ref("Relation"),
                (*WRITE, 409),
                body=obj(
                    ["type", "from", "to"],
                    type=STR,
                    **{"from": integer("Span id.")},
                    to=integer("Span id."),
                ),
                params=[doc, LAYER],
            )
        },
        "/relations/{relation_id}": {
            "delete": _op("Delete a relation", 204, None, READ, params=[rel, LAYER])
        },
        "/documents/{document_id}/labels": {
            "put": _op(
                "Set or clear a sentence label (or a document label with `sentence: null`)",
                200,
                ref("Label"),
                WRITE,
                params=[doc, LAYER],
                body=obj(
                    ["sentence", "name", "value"],
                    sentence={"type": ["integer", "null"]},
                    name=STR,
                    value=LABEL_VALUE,
                ),
            )
        },
        "/documents/{document_id}/status": {
            "put": _op(
                "Set your status on a document",
                200,
                ref("Assignment"),
                WRITE,
                params=[doc],
                body=obj(
                    ["status"],
                    status={"type": "string", "enum": ["in_progress", "done", "skipped"]},
                ),
            )
        },
    }
    imports = paths["/projects/{slug}/documents"]["post"]["responses"]
    imports["422"] = {
        "description": "Records break the rules (code `import_failed`); nothing is imported.",
        **_json(ref("ImportError")),
    }
    return paths


def _export_operation() -> dict[str, Any]:
    from annotator.exports import FORMAT_NAMES

    def query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": schema,
        }

    operation = _op(
        "Stream the dataset as a download (reviewers and admins)",
        200,
        None,
        (*READ, 422),
        params=[
            SLUG,
            query(
                "format",
                "Dataset format; default `jsonl`.",
                {"type": "string", "enum": list(FORMAT_NAMES)},
            ),
            query("layer", "`all` (default), `gold`, `majority` or an annotator's name.", STR),
            query("status", "Keep only annotator layers in this status, e.g. `done`.", STR),
            query("documents", "Comma-separated document ids (default: all).", STR),
            query("header", '`1`: start line-based formats with a `{"_meta": ...}` line.', STR),
        ],
    )
    operation["responses"]["200"] = {
        "description": "The file, streamed, with a `Content-Disposition` file name; the "
        "`X-Annotator-Export` header holds the export's header (project, schema version, "
        "layer, filters) as JSON.",
        "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "array"}},
            "text/plain": {"schema": {"type": "string"}},
            "application/zip": {"schema": {"type": "string"}},
            "application/octet-stream": {"schema": {"type": "string"}},
        },
    }
    return operation


OPTIONAL_PATHS: dict[str, Any] = {
    "/projects/{slug}/agreement": {
        "get": _op(
            "Return the agreement report (reviewers and admins)",
            200,
            {
                "type": "object",
                "required": ["project", "annotators", "documents", "labels", "spans", "relations"],
            },
            (400, *READ, 422),
            params=[SLUG]
            + [
                {"name": name, "in": "query", "required": False, "description": text, "schema": STR}
                for name, text in (
                    ("annotators", "Compare only these annotators (comma-separated names)."),
                    ("documents", "Only these documents (comma-separated external ids)."),
                    ("format", "`json` (default) or `csv` (one row per figure)."),
                    ("per_document", "`1`: add each document's agreement (`per_document`)."),
                )
            ],
        )
    },
    "/projects/{slug}/export": {
        "get": _export_operation(),
    },
}


def flask_path(rule: str) -> str:
    """Return the OpenAPI path of a Flask rule under /api/v1: ``<int:x>`` becomes ``{x}``."""
    path = rule.removeprefix(bp.url_prefix or "")
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", path)


def build_description() -> dict[str, Any]:
    """Return the OpenAPI description of the routes this app serves."""
    rules = list(current_app.url_map.iter_rules())
    served = {flask_path(r.rule) for r in rules}
    paths = _paths() | {p: item for p, item in OPTIONAL_PATHS.items() if p in served}
    keyless = frozenset(
        (flask_path(r.rule), method.lower())
        for r in rules
        if r.endpoint in KEYLESS
        for method in r.methods or ()
    )
    paths = with_workspace(paths | review_paths(), keyless)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "annotator API",
            "version": __version__,
            "description": "Claim, source and stance annotation. Offsets count Unicode code "
            "points. Authenticate with `Authorization: Bearer TOKEN` (`annotator users token "
            "NAME`) or the login session plus `X-CSRFToken` on writes.",
        },
        "servers": [{"url": bp.url_prefix}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }


@bp.get("/openapi.json")
def openapi() -> Any:
    """Return the OpenAPI description of the API."""
    return build_description()
