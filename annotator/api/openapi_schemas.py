"""Component schemas of the OpenAPI description: the error shape and the resources.

The error statuses, the error shape, projects and documents are here; a layer's items in
:mod:`annotator.api.openapi_layer_schemas`, an import's in
:mod:`annotator.api.openapi_import_schemas`.
"""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_import_schemas import IMPORT_SCHEMAS
from annotator.api.openapi_layer_schemas import LAYER_SCHEMAS
from annotator.api.openapi_shapes import NULLABLE_STR, STR, TARGETS, integer, obj, ref

#: What each error status means, for every operation that can answer it.
ERRORS = {
    400: "Malformed request: the body is not JSON, or a field is missing, of the wrong type "
    "or not one the body takes; or a query argument holds a NUL (the message and "
    "`details.field` name it).",
    401: "No credentials, or a bad bearer token; the answer carries "
    '`WWW-Authenticate: Bearer realm="annotator"`.',
    403: "Not allowed: the caller sees the resource but may not do this to it (for a session "
    "write without `X-CSRFToken`, code `csrf_failed`).",
    404: "No such resource, or one the caller may not see: both get the same answer.",
    409: "Conflict: a stale `version`, a duplicate relation, one more than `max_per_source` "
    "(`details`: `field` `from`, its `span` and the `max_per_source`), a span the layer has "
    "already (the same label and offsets: `details.span` is its id), a write to your own "
    "layer while you have it marked done or skipped (code `layer_done`; `details.status`, "
    "and `details.reopen`: the `PUT /documents/{document_id}/status` that reopens it with "
    '`{"status": "in_progress"}`), a change of gold a reviewer marked final (code '
    "`gold_final`, the message naming the document; `details.document`, "
    "`details.gold_status` and `details.reopen`: the `PUT "
    "/projects/{slug}/review/{document_id}/status` that sets it back with "
    '`{"status": "in_review"}`), a user who exists already, or the last active admin '
    "demoted or disabled.",
    413: "The body is larger than ANNOTATOR_MAX_UPLOAD_MB (any write's, not only an upload's; "
    "code `too_large`); the message names the limit and `details.max_upload_mb` gives it.",
    429: "Too many failed password checks for this user name or address lately; the "
    "`Retry-After` header says how many seconds to wait.",
    503: "The database is not at the schema revision this code needs (code `schema_mismatch`; "
    "`details.database_revision`, null for a database never upgraded, and "
    "`details.code_revision`): run `annotator db upgrade`.",
    422: "Well-formed but invalid: offsets outside the text, an unknown label or relation type, "
    "labels a relation type does not allow, a value not in the schema.",
}

#: The component schemas: the error shape and every resource the API answers with.
SCHEMAS: dict[str, Any] = {
    "Error": obj(
        ["error"],
        error=obj(
            ["code", "message", "details"],
            code={"type": "string", "examples": ["invalid", "forbidden", "csrf_failed"]},
            message=STR,
            details={
                "description": "Anything that helps: the field, offsets, file and line; for "
                "a refused label schema (code `invalid_schema`), a `SchemaPlace`."
            },
        ),
    ),
    "ProjectSummary": obj(
        ["slug", "name", "documents", "progress"],
        slug=STR,
        name=STR,
        documents=integer("Documents in the caller's view (an annotator's own queue)."),
        progress=obj(["done", "assigned"], done=integer(), assigned=integer()),
    ),
    "Project": {
        "description": "One project, as `GET`, `POST` and `PATCH /projects/{slug}` answer it.",
        "allOf": [ref("ProjectSummary"), ref("AdminProject")],
    },
    "DocumentItem": obj(
        ["id", "external_id", "number", "title", "status", "sentences", "progress"],
        id=integer(),
        external_id=STR,
        number=integer(
            "Its place in the project (#1, #2...), as the project page shows it and `#12` "
            "names it; never given again to another document of the project."
        ),
        title=NULLABLE_STR,
        status={
            "type": ["string", "null"],
            "enum": ["new", "in_progress", "done", "skipped", None],
            "description": "The caller's own status; null when not assigned (reviewers).",
        },
        sentences=integer("Number of sentences."),
        progress=obj(["done", "assigned"], done=integer(), assigned=integer()),
        uncertainty={
            "type": ["number", "null"],
            "minimum": 0,
            "description": "Reviewers only: how unsure the project's model was about the "
            "document when it last suggested there (entropy in bits of its most uncertain "
            "tokens); null when it has not. The queue order `uncertainty` puts the highest "
            "first.",
        },
    ),
    "Document": obj(
        ["id", "external_id", "title", "meta", "text", "sentences", "project", "status"],
        id=integer(),
        external_id=STR,
        title=NULLABLE_STR,
        meta={"type": "object"},
        text={"type": "string", "description": "Offsets count Unicode code points of this."},
        sentences={
            "type": "array",
            "items": obj(
                ["index", "start", "end"],
                index=integer(),
                start=integer(),
                end=integer(),
                opens={
                    "type": "string",
                    "enum": ["paragraph", "line"],
                    "description": "Only on a sentence after a line break in the text: "
                    "`paragraph` after a blank line, `line` after one line break (the pages "
                    "show a gap there).",
                },
            ),
        },
        project=STR,
        status=NULLABLE_STR,
        targets=TARGETS,
    ),
    **LAYER_SCHEMAS,
    **IMPORT_SCHEMAS,
}
