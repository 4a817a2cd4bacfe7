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

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _int(description: str = "", minimum: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer"}
    if description:
        schema["description"] = description
    if minimum is not None:
        schema["minimum"] = minimum
    return schema


STR = {"type": "string"}
NULLABLE_STR = {"type": ["string", "null"]}
LABEL_VALUE = {
    "description": "A value of the field, a list of distinct values for a `multiple` field, "
    "or null (to clear, in a request).",
    "oneOf": [{"type": "string"}, {"type": "array", "items": STR}, {"type": "null"}],
}

ERRORS = {
    400: "Malformed request: the body is not JSON, or a field is missing or of the wrong type "
    "(the message and `details.field` name it).",
    401: "No credentials, or a bad bearer token.",
    403: "Not allowed (for a session write without `X-CSRFToken`, code `csrf_failed`).",
    404: "No such resource.",
    409: "Conflict: a stale `version`, a duplicate relation, or one more than `max_per_source`.",
    413: "The upload is larger than ANNOTATOR_MAX_UPLOAD_MB.",
    422: "Well-formed but invalid: offsets outside the text, an unknown label or relation type, "
    "labels a relation type does not allow, a value not in the schema.",
}

SCHEMAS: dict[str, Any] = {
    "Error": _obj(
        ["error"],
        error=_obj(
            ["code", "message", "details"],
            code={"type": "string", "examples": ["invalid", "forbidden", "csrf_failed"]},
            message=STR,
            details={"description": "Anything that helps: the field, offsets, file and line."},
        ),
    ),
    "ProjectSummary": _obj(
        ["slug", "name", "documents", "progress"],
        slug=STR,
        name=STR,
        documents=_int("Documents in the caller's view (an annotator's own queue)."),
        progress=_obj(["done", "assigned"], done=_int(), assigned=_int()),
    ),
    "Project": {
        "allOf": [
            _ref("ProjectSummary"),
            _obj(["schema"], schema={"type": "object", "description": "The label schema."}),
        ]
    },
    "DocumentItem": _obj(
        ["id", "external_id", "title", "status", "sentences", "progress"],
        id=_int(),
        external_id=STR,
        title=NULLABLE_STR,
        status={
            "type": ["string", "null"],
            "enum": ["new", "in_progress", "done", "skipped", None],
            "description": "The caller's own status; null when not assigned (reviewers).",
        },
        sentences=_int("Number of sentences."),
        progress=_obj(["done", "assigned"], done=_int(), assigned=_int()),
    ),
    "Document": _obj(
        ["id", "external_id", "title", "meta", "text", "sentences", "project", "status"],
        id=_int(),
        external_id=STR,
        title=NULLABLE_STR,
        meta={"type": "object"},
        text={"type": "string", "description": "Offsets count Unicode code points of this."},
        sentences={
            "type": "array",
            "items": _obj(["index", "start", "end"], index=_int(), start=_int(), end=_int()),
        },
        project=STR,
        status=NULLABLE_STR,
    ),
    "Span": _obj(
        ["id", "label", "start", "end", "text", "sentence", "attributes", "version"],
        id=_int(),
        label=STR,
        start=_int("Code-point offset, inclusive.", 0),
        end=_int("Code-point offset, exclusive.", 1),
        text={"type": "string", "description": "Always `document.text[start:end]`."},
        sentence=_int("The sentence holding `start` (between sentences: the one before)."),
        attributes={"type": "object"},
        version=_int("Bumped on every change; send it back in PATCH to refuse stale edits."),
    ),
    "Relation": _obj(
        ["id", "type", "from", "to"], id=_int(), type=STR, **{"from": _int()}, to=_int()
    ),
    "Label": _obj(
        ["sentence", "name", "value"],
        sentence={"type": ["integer", "null"]},
        name=STR,
        value=LABEL_VALUE,
    ),
    "Layer": _obj(
        ["annotator", "status", "spans", "relations", "sentence_labels", "document_labels"],
        annotator={"type": "string", "description": "A username, or `gold`."},
        status=NULLABLE_STR,
        spans={"type": "array", "items": _ref("Span")},
        relations={"type": "array", "items": _ref("Relation")},
        sentence_labels={"type": "array", "items": _ref("Label")},
        document_labels={
            "type": "array",
            "items": _obj(["name", "value"], name=STR, value=LABEL_VALUE),
        },
    ),
    "Assignment": _obj(
        ["document", "annotator", "status"],
        document=_int(),
        annotator=STR,
        status={"type": "string", "enum": ["new", "in_progress", "done", "skipped"]},
    ),
    "ImportRecord": _obj(
        ["text"],
        text=STR,
        id={
            "type": "string",
            "description": "External id; re-importing it with the same "
            "text is a no-op, with another text is refused.",
        },
        title=STR,
        meta={"type": "object"},
    ),
    "ImportReport": _obj(
        ["created", "unchanged", "documents", "sentences"],
        created=_int(),
        unchanged=_int(),
        documents=_int(),
        sentences=_int(),
    ),
}


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
        responses[str(status)] = {"description": ERRORS[status]} | _json(_ref("Error"))
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
    span_body = _obj(
        ["label", "start", "end"],
        label=STR,
        start=_int(minimum=0),
        end=_int(minimum=1),
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
        | {"version": _int("The version you last saw; a different stored one is 409.")},
    }
    return {
        "/health": {
            "get": _op(
                "Answer once the database is reachable",
                200,
                _obj(["status"], status={"const": "ok"}),
                (),
                public=True,
            )
        },
        "/csrf-token": {
            "get": _op(
                "Return the CSRF token that session clients send as X-CSRFToken on writes",
                200,
                _obj(["csrf_token"], csrf_token=STR),
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
                _obj(["projects"], projects={"type": "array", "items": _ref("ProjectSummary")}),
                (401,),
            )
        },
        "/projects/{slug}": {
            "get": _op(
                "Return a project with its label schema", 200, _ref("Project"), READ, params=[SLUG]
            )
        },
        "/projects/{slug}/documents": {
            "get": _op(
                "List documents: an annotator's own queue with their status; all for reviewers",
                200,
                _obj(["documents"], documents={"type": "array", "items": _ref("DocumentItem")}),
                READ,
                params=[SLUG],
            ),
            "post": {
                **_op(
                    "Import documents, all or nothing (reviewers and admins)",
                    201,
                    _ref("ImportReport"),
                    (400, 401, 403, 404, 413, 422),
                    params=[SLUG],
                ),
                "requestBody": {
                    "required": True,
                    "content": {
                        JSON: {"schema": {"type": "array", "items": _ref("ImportRecord")}},
                        "application/x-ndjson": {
                            "schema": {"type": "string", "description": "JSONL records"}
                        },
                        "multipart/form-data": {
                            "schema": _obj(
                                ["files"],
                                files={
                                    "type": "array",
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
                _ref("Document"),
                READ,
                params=[doc],
            )
        },
        "/documents/{document_id}/annotations": {
            "get": _op(
                "Return one layer: your own, or (reviewers) any annotator's or gold",
                200,
                _ref("Layer"),
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
            "post": _op("Add a span", 201, _ref("Span"), WRITE, body=span_body, params=[doc, LAYER])
        },
        "/spans/{span_id}": {
            "patch": _op(
                "Change a span's label, offsets or attributes",
                200,
                _ref("Span"),
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
                _ref("Relation"),
                (*WRITE, 409),
                body=_obj(
                    ["type", "from", "to"],
                    type=STR,
                    **{"from": _int("Span id.")},
                    to=_int("Span id."),
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
                _ref("Label"),
                WRITE,
                params=[doc, LAYER],
                body=_obj(
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
                _ref("Assignment"),
                WRITE,
                params=[doc],
                body=_obj(
                    ["status"],
                    status={"type": "string", "enum": ["in_progress", "done", "skipped"]},
                ),
            )
        },
    }


OPTIONAL_PATHS: dict[str, Any] = {
    "/projects/{slug}/agreement": {
        "get": _op(
            "Return the agreement report (reviewers and admins)",
            200,
            {"type": "object"},
            READ,
            params=[SLUG],
        )
    },
    "/projects/{slug}/export": {
        "get": {
            **_op(
                "Stream the dataset (reviewers and admins)",
                200,
                None,
                (400, *READ),
                params=[SLUG]
                + [
                    {"name": name, "in": "query", "required": False, "schema": STR}
                    for name in ("format", "layer", "status")
                ],
            ),
        }
    },
}


def flask_path(rule: str) -> str:
    """Return the OpenAPI path of a Flask rule under /api/v1: ``<int:x>`` becomes ``{x}``."""
    path = rule.removeprefix(bp.url_prefix or "")
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", path)


def build_description() -> dict[str, Any]:
    """Return the OpenAPI description of the routes this app serves."""
    served = {flask_path(r.rule) for r in current_app.url_map.iter_rules()}
    paths = _paths() | {p: item for p, item in OPTIONAL_PATHS.items() if p in served}
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
