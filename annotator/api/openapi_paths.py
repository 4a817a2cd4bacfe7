"""The path items of the core loop (projects, documents, spans, relations, labels, status,
imports), the agreement report and the export, for :mod:`annotator.api.openapi`."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_schemas import (
    ERRORS,
    JSON,
    LABEL_VALUE,
    STR,
    integer,
    obj,
    ref,
)


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {JSON: {"schema": schema}}}


def operation_of(
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


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


LIST_PARAMS = [
    _query("page", "Answer this page (from 1), with `total`.", {"type": "integer", "minimum": 1}),
    _query("per_page", "Documents a page (default 50).", integer(minimum=1) | {"maximum": 500}),
    _query("q", "Case-insensitive text in the title, the external id or the metadata.", STR),
    _query(
        "status",
        "An assignment status: an annotator's own; for reviewers, documents with an "
        "assignment in it (the named annotator's, with `annotator`).",
        {"type": "string", "enum": ["new", "in_progress", "done", "skipped"]},
    ),
    _query("annotator", "Documents assigned to this user (reviewers; others: themselves).", STR),
]
WRITE = (400, 401, 403, 404, 422)


def core_paths() -> dict[str, Any]:
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
            "get": operation_of(
                "Answer once the database is reachable",
                200,
                obj(["status"], status={"const": "ok"}),
                (),
                public=True,
            )
        },
        "/csrf-token": {
            "get": operation_of(
                "Return the CSRF token that session clients send as X-CSRFToken on writes",
                200,
                obj(["csrf_token"], csrf_token=STR),
                (),
                public=True,
            )
        },
        "/openapi.json": {
            "get": operation_of("Return this description", 200, {"type": "object"}, (), public=True)
        },
        "/projects": {
            "get": operation_of(
                "List the projects the caller may see",
                200,
                obj(["projects"], projects={"type": "array", "items": ref("ProjectSummary")}),
                (401,),
            )
        },
        "/projects/{slug}": {
            "get": operation_of(
                "Return a project with its label schema", 200, ref("Project"), READ, params=[SLUG]
            )
        },
        "/projects/{slug}/documents": {
            "get": operation_of(
                "List documents: an annotator's own queue with their status; all for reviewers",
                200,
                {
                    "description": "With `page`: one page and the total; without: every "
                    "document. No list carries the texts.",
                    **obj(
                        ["documents"],
                        documents={"type": "array", "items": ref("DocumentItem")},
                        total=integer("Documents matching the filters, on all pages."),
                        page=integer(),
                        per_page=integer(),
                    ),
                },
                (400, *READ),
                params=[SLUG, *LIST_PARAMS],
            ),
            "post": {
                **operation_of(
                    "Import documents, all or nothing (admins, the project's managers, "
                    "global reviewers)",
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
                            "schema": {
                                "type": "object",
                                # `file` is read too (the older name), but one is required.
                                "required": ["files"],
                                "description": "Files in `file` (or `files`) fields, read by "
                                "extension: .txt (its short first line is its title), .jsonl, "
                                ".ndjson, .json, .csv (a `text` column).",
                                "properties": {
                                    name: {
                                        "type": "array",
                                        "minItems": 1,
                                        "items": {"type": "string", "format": "binary"},
                                    }
                                    for name in ("files",)
                                },
                            }
                        },
                    },
                },
            },
        },
        "/documents/{document_id}": {
            "get": operation_of(
                "Return a document with its text and sentences",
                200,
                ref("Document"),
                READ,
                params=[doc],
            ),
            "delete": operation_of(
                "Delete a document with its sentences, assignments and annotations "
                "(admins and the project's managers)",
                204,
                None,
                READ,
                params=[doc],
            ),
        },
        "/documents/{document_id}/annotations": {
            "get": operation_of(
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
            "post": operation_of(
                "Add a span", 201, ref("Span"), WRITE, body=span_body, params=[doc, LAYER]
            )
        },
        "/spans/{span_id}": {
            "patch": operation_of(
                "Change a span's label, offsets or attributes",
                200,
                ref("Span"),
                (*WRITE, 409),
                body=patch_body,
                params=[span, LAYER],
            ),
            "delete": {
                **operation_of(
                    "Delete a span and its relations", 204, None, READ, params=[span, LAYER]
                )
            },
        },
        "/documents/{document_id}/relations": {
            "post": operation_of(
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
            "delete": operation_of("Delete a relation", 204, None, READ, params=[rel, LAYER])
        },
        "/documents/{document_id}/labels": {
            "put": operation_of(
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
            "put": operation_of(
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
