"""The path items of the core loop (projects, documents, spans, relations, labels, status,
imports), the agreement report and the export, for :mod:`annotator.api.openapi`."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import (
    LAYER,
    READ,
    SLUG,
    STATUS_FILTER,
    WRITE,
    WRITE_LAYER,
    change_body,
    count_param,
    json_content,
    operation_of,
    paged_list,
    paging_params,
    path_param,
    query_param,
    read_layer_params,
)
from annotator.api.openapi_schemas import JSON, LABEL_VALUE, STR, integer, obj, ref
from annotator.core.formats.label_map import MAP_SYNTAX
from annotator.core.formats.read_options import ENCODINGS
from annotator.core.limits import INT_MAX, SEARCH_MAX
from annotator.core.span_notes import MAX_NOTE
from annotator.services.datasets.imports import IMPORT_FORMATS

# What the other ``openapi_*`` modules have long imported from here; their home is
# :mod:`annotator.api.openapi_parts`.
__all__ = ["LAYER", "LIST_PARAMS", "READ", "SLUG", "WRITE", "core_paths", "operation_of"]

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

# The options of ``annotator import --format`` as fields of a multipart import.
CORPUS_FIELDS: dict[str, Any] = {
    "format": {
        "type": "string",
        "enum": list(IMPORT_FORMATS),
        "description": "Read the files as another tool's corpus: brat (a .zip per corpus, "
        "unpacking to at most the upload limit, or the corpus's .txt and .ann files sent "
        "together, read as one corpus by their names; a sub-folder is an annotator's layer, "
        "`gold/` the gold layer, and a zip of one folder holding the .txt files is that "
        "corpus; the report's `notices` say how each folder was read) or conll (.conll files).",
    },
    "map": {
        "type": "string",
        "description": "With `format`, and without it for the annotations of doccano, Label "
        f"Studio and jsonl records: {MAP_SYNTAX}",
    },
    "annotator": {
        "type": "string",
        "description": "The layer (a username, or gold) of brat files at the top of a corpus "
        "(or in a zip's one folder holding the .txt files) and of CoNLL files, doccano and "
        "Label Studio records that name no annotator.",
    },
    "create_users": {
        "type": "string",
        "enum": ["true", "false"],
        "description": "Create the annotators the files name who do not exist yet.",
    },
    "texts_only": {
        "type": "string",
        "enum": ["true", "false"],
        "description": "With `format`: bring the documents and sentences in with no "
        "annotation layer (every label read as given, none stored); the report's `tallies` "
        "count the layers, spans and relations left out. Takes no `annotator` and no `map`.",
    },
}

# How files read by extension are read (``annotator import --encoding --text-column ...``).
READING_FIELDS: dict[str, Any] = {
    "encoding": {
        "type": "string",
        "enum": list(ENCODINGS),
        "description": "The files' encoding (default utf-8); cp1252 is what Excel writes "
        "for a CSV on Windows. A file that does not decode as UTF-8 is refused with the "
        "encoding it likely is. Not with `format`.",
    },
    "text_column": {
        "type": "string",
        "description": "The column of a .csv file holding the text (default `text`). A file "
        "without it is refused, naming its columns and the likely one. Not with `format`.",
    },
    "id_column": {
        "type": "string",
        "description": "The column of a .csv file holding the id (default `id`, if there).",
    },
    "title_column": {
        "type": "string",
        "description": "The column of a .csv file holding the title (default `title`, if there).",
    },
    "meta_columns": {
        "type": "string",
        "description": "The columns of a .csv file kept in `meta`, comma-separated "
        "(default: every column not read as text, id or title).",
    },
}

# The same options for a JSON or JSONL body, which has no fields of its own to carry them.
_BODY_LAYER = (
    "JSON or JSONL body: the layer (a username, or gold) of records that name none, as "
    "doccano's and Label Studio's records do; ignored by a multipart upload, which has its "
    "`annotator` field."
)
BODY_IMPORT_PARAMS = [
    query_param("annotator", _BODY_LAYER, STR),
    query_param(
        "layer", "The same as `annotator`; giving both with different values is a 400.", STR
    ),
    query_param(
        "create_users",
        "JSON or JSONL body: create the annotators the records name who do not exist yet "
        "(ignored by a multipart upload, which has its `create_users` field).",
        {"type": "string", "enum": ["true", "false"]},
    ),
    query_param(
        "map",
        "JSON or JSONL body: the label map of the records' annotations (doccano, Label "
        f"Studio, jsonl), as `annotator import --map` takes it: {MAP_SYNTAX} Ignored by a "
        "multipart upload, which has its `map` field.",
        STR,
    ),
]

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
        "annotator", "Documents assigned to this user (reviewers; others: themselves).", STR
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
            "post": {
                **operation_of(
                    "Import documents, all or nothing (admins, the project's managers, "
                    "global reviewers)",
                    201,
                    ref("ImportReport"),
                    (400, 401, 403, 404, 413, 422),
                    params=[SLUG, *BODY_IMPORT_PARAMS],
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
                                ".ndjson, .json, .csv (a `text` column, or the one "
                                "`text_column` names); or, with `format`, another tool's "
                                "corpus, as `annotator import --format` reads it.",
                                "properties": {
                                    "files": {
                                        "type": "array",
                                        "minItems": 1,
                                        "items": {"type": "string", "format": "binary"},
                                    },
                                    **CORPUS_FIELDS,
                                    **READING_FIELDS,
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
                params=[doc, *WRITE_LAYER],
            )
        },
        "/spans/{span_id}": {
            "patch": operation_of(
                "Change a span's label, offsets, attributes or note",
                200,
                ref("Span"),
                (*WRITE, 409),
                body=patch_body,
                params=[span, *WRITE_LAYER],
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
                params=[doc, *WRITE_LAYER],
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
                params=[doc, *WRITE_LAYER],
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
                        "`label_changed`, `sentence`, `name` and `value`, the value stored. "
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
    }
    imports = paths["/projects/{slug}/documents"]["post"]["responses"]
    imports["422"] = {
        "description": "Records break the rules (code `import_failed`); nothing is imported.",
        **json_content(ref("ImportError")),
    }
    return paths
