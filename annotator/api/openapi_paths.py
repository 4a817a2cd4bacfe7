"""The path items of the core loop (projects, documents, spans, relations, labels, status;
the import's operation from :mod:`annotator.api.openapi_imports`), for
:mod:`annotator.api.openapi`."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_imports import import_operation
from annotator.api.openapi_parts import (
    READ,
    SCHEMA_SEEN,
    SLUG,
    STATUS_FILTER,
    WRITE,
    WRITE_LAYER,
    change_body,
    count_param,
    operation_of,
    paged_list,
    paging_params,
    path_param,
    query_param,
    read_layer_params,
)
from annotator.api.openapi_shapes import LABEL_VALUE, STR, integer, obj, ref
from annotator.core.limits import INT_MAX, SEARCH_MAX
from annotator.core.span_notes import MAX_NOTE

#: A span's note as a write gives it (:func:`annotator.core.span_notes.written_note`).
SPAN_NOTE: dict[str, Any] = {
    "type": ["string", "null"],
    # No maxLength: the limit counts the note once trimmed, which a schema cannot say.
    "description": 'Its annotator\'s note on the span ("unsure of the source"), a line per '
    f"note: trimmed, at most {MAX_NOTE:,} characters then (longer is a 422 naming "
    "`note`); blank or null: none.",
}
#: A relation's note as a write gives it: the same rules as a span's.
RELATION_NOTE: dict[str, Any] = SPAN_NOTE | {
    "description": 'Its annotator\'s note on the relation ("source named only later"), a '
    f"line per note: trimmed, at most {MAX_NOTE:,} characters then (longer is a 422 "
    "naming `note`); blank or null: none.",
}

LIST_PARAMS = [
    *paging_params("documents"),
    query_param(
        "q",
        "Case-insensitive text in the title, the external id or the metadata.",
        {"type": "string", "maxLength": SEARCH_MAX},
    ),
    query_param(
        "status",
        "An assignment status: an annotator's own; for reviewers, documents with an "
        "assignment in it (the named annotator's, with `annotator`). Another is a 400.",
        STATUS_FILTER,
    ),
    query_param(
        "annotator",
        "Documents assigned to this user (reviewers; others: themselves). A name no user has "
        "is a 404 (`no user called 'NAME'`, `details.field` `annotator`), as on every "
        "endpoint that names a user.",
        STR,
    ),
]


def core_paths() -> dict[str, Any]:
    doc, span = path_param("document_id"), path_param("span_id")
    rel = path_param("relation_id")
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
        note=SPAN_NOTE,
    )
    patch_body = change_body(
        span_body["properties"]
        | {
            "note": SPAN_NOTE
            | {"description": "Its annotator's note on the span; null (or blank) clears it."},
            # A span is written at version 1 and counts up.
            "version": integer(
                "The version you last saw; a different stored one is 409.", minimum=1
            ),
        }
    )
    # A DELETE has no body: the version read goes in the query (an empty one is none).
    delete_version = count_param(
        "version",
        "The version you last saw: a different stored one is 409 naming it "
        "(`details.version`), and nothing is deleted; without it, any version is deleted.",
        integer(minimum=1) | {"maximum": INT_MAX},
    )
    paths: dict[str, Any] = {
        "/health": {
            "get": operation_of(
                "Answer once the database is reachable and at the code's schema revision",
                200,
                obj(["status"], status={"const": "ok"}),
                (503,),
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
                "Return a project with its settings, label schema and progress",
                200,
                ref("Project"),
                READ,
                params=[SLUG],
            )
        },
        "/projects/{slug}/documents": {
            "get": operation_of(
                "List documents: an annotator's own queue with their status; all for reviewers",
                200,
                paged_list("documents", ref("DocumentItem"))
                | {
                    "description": "With `page`: one page, and the `total` of documents "
                    "matching the filters; without: every document. No list carries the texts."
                },
                (400, *READ),
                params=[SLUG, *LIST_PARAMS],
            ),
            "post": import_operation(),
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
                (400, *READ),
                params=[
                    doc,
                    *read_layer_params("A username or `gold`; annotators may read only their own."),
                ],
            )
        },
        "/documents/{document_id}/spans": {
            "post": operation_of(
                "Add a span",
                201,
                ref("Span"),
                (*WRITE, 409),
                body=span_body,
                params=[doc, *WRITE_LAYER, SCHEMA_SEEN],
            )
        },
        "/spans/{span_id}": {
            "patch": operation_of(
                "Change a span's label, offsets, attributes or note",
                200,
                ref("Span"),
                (*WRITE, 409),
                body=patch_body,
                params=[span, *WRITE_LAYER, SCHEMA_SEEN],
            ),
            "delete": operation_of(
                "Delete a span and its relations",
                204,
                None,
                (400, *READ, 409),
                params=[span, *WRITE_LAYER, delete_version],
            ),
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
                    **{"from": integer("Span id.", minimum=1)},
                    to=integer("Span id.", minimum=1),
                    note=RELATION_NOTE,
                ),
                params=[doc, *WRITE_LAYER, SCHEMA_SEEN],
            )
        },
        "/relations/{relation_id}": {
            "patch": operation_of(
                "Change a relation's note (its type and ends are not changed)",
                200,
                ref("Relation"),
                (*WRITE, 409),
                body=obj(
                    ["note"],
                    note=RELATION_NOTE
                    | {
                        "description": "Its annotator's note on the relation; null (or "
                        "blank) clears it."
                    },
                ),
                params=[rel, *WRITE_LAYER],
            ),
            "delete": operation_of(
                "Delete a relation", 204, None, (*READ, 409), params=[rel, *WRITE_LAYER]
            ),
        },
        "/documents/{document_id}/labels": {
            "put": operation_of(
                "Set or clear a sentence label (or a document label with `sentence: null`)",
                200,
                ref("Label"),
                (*WRITE, 409),
                params=[doc, *WRITE_LAYER, SCHEMA_SEEN],
                body=obj(
                    ["sentence", "name", "value"],
                    sentence={
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "description": "The sentence's index (from 0), or null for a "
                        "document label.",
                    },
                    name=STR,
                    value=LABEL_VALUE,
                    previous={
                        **LABEL_VALUE,
                        "description": "Optional: the value the caller expects to replace "
                        "(null: none). When another is stored (set in another tab, or by "
                        "a reviewer), the write is refused with 409, `details`: `reason` "
                        "`label_changed`, `sentence` (its index from 0, as the message says "
                        "it), `name` and `value`, the value stored. "
                        "Absent: whatever is stored is replaced.",
                    },
                ),
            )
        },
        "/documents/{document_id}/status": {
            "put": operation_of(
                "Set your status on a document: `in_progress` reopens a layer marked done or "
                "skipped, which takes no write until then (409 `layer_done`)",
                200,
                ref("Assignment"),
                WRITE,
                params=[
                    doc,
                    *read_layer_params(
                        "Your own username, or absent: another annotator's name or `gold` is "
                        "a 403 (gold's status is set under `/projects/{slug}/review`)."
                    ),
                ],
                body=obj(
                    ["status"],
                    status={"type": "string", "enum": ["in_progress", "done", "skipped"]},
                ),
            )
        },
        "/documents/{document_id}/send-back": {
            "post": operation_of(
                "Send an annotator's layer marked done (or skipped) back to them, in progress "
                "(reviewers and managers of the project, and admins); 409 when it is not "
                "marked done or skipped. The layer's history records it as your change, and "
                "the annotator's workspace says who sent it back, the reason and what it "
                "leaves blank, until it is marked done again",
                200,
                {
                    "allOf": [
                        ref("Assignment"),
                        obj(["sent_back_by"], sent_back_by=STR),
                    ]
                },
                (*WRITE, 409),
                params=[doc],
                body=obj(
                    ["annotator"],
                    annotator={"type": "string", "description": "The layer's annotator."},
                    reason={
                        "type": ["string", "null"],
                        "maxLength": 500,
                        "description": 'Optional: why, for the annotator ("stance blank").',
                    },
                ),
            )
        },
    }
    return paths
