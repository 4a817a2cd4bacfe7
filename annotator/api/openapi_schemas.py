"""Component schemas of the OpenAPI description: the error shape and the resources."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_shapes import (
    GIVEN_TOWARD,
    GOLD_SOURCE,
    LABEL_VALUE,
    NULLABLE_STR,
    STR,
    TARGETS,
    integer,
    obj,
    ref,
)
from annotator.core.formats.records import MAX_ID_LENGTH
from annotator.core.limits import DOCUMENT_TITLE_MAX

_EXPORTED_SOURCE = GOLD_SOURCE | {
    "description": "Only in the exports (`jsonl`, `hf`; a gold span's in `sentences` and "
    "`spacy` too), on a gold item: where it came from (absent on gold imported without one)."
}

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
    "Span": obj(
        ["id", "label", "start", "end", "text", "sentence", "attributes", "version"],
        id=integer(),
        label=STR,
        start=integer("Code-point offset, inclusive.", 0),
        end=integer("Code-point offset, exclusive.", 1),
        text={"type": "string", "description": "Always `document.text[start:end]`."},
        sentence=integer("The sentence holding `start` (between sentences: the one before)."),
        attributes={"type": "object"},
        version=integer("Bumped on every change; send it back in PATCH to refuse stale edits."),
        suggested=obj(
            ["model", "score"],
            model={"type": ["integer", "string"], "description": "Version, or `rules`."},
            score={"type": ["number", "null"]},
        )
        | {"description": "Only on a span accepted from a suggestion."},
        note={
            "type": "string",
            "description": "Only on a span with a note: its annotator's, written with the "
            "span (POST, PATCH) or from another tool (brat's `#` AnnotatorNotes), one a line; "
            "part of its layer, seen only by who may read it. "
            "Gold's span takes the note of the version accepted; a unanimous span takes the "
            "annotators' note when alike, else each line as `NAME: line`.",
        },
        source=_EXPORTED_SOURCE,
    ),
    "Relation": obj(
        ["id", "type", "from", "to"],
        id=integer(),
        type=STR,
        **{"from": integer()},
        to=integer(),
        suggested=obj(
            ["model", "score"],
            model={"type": ["integer", "string"], "description": "Version, or `rules`."},
            score={"type": ["number", "null"]},
        )
        | {"description": "Only on a relation accepted from a suggestion."},
        note={
            "type": "string",
            "description": "Only on a relation with a note: its annotator's, written with the "
            "relation (POST, PATCH) or from another tool (brat's `#` AnnotatorNotes on an `R` "
            "line), one a line; part of its layer, seen only by who may read it. Gold's "
            "relation takes the note of the version accepted; a unanimous one the annotators' "
            "note when alike, else each line as `NAME: line`.",
        },
        source=_EXPORTED_SOURCE,
    ),
    "Label": obj(
        ["sentence", "name", "value"],
        sentence={"type": ["integer", "null"]},
        name=STR,
        value=LABEL_VALUE,
        suggested=obj(
            ["model", "score"],
            model={"type": ["integer", "string"], "description": "The model's version."},
            score={"type": ["number", "null"]},
        )
        | {"description": "Only on a label accepted from a suggestion (and kept since)."},
        source=_EXPORTED_SOURCE,
        given_toward=GIVEN_TOWARD,
    ),
    "Layer": obj(
        ["annotator", "status", "spans", "relations", "sentence_labels", "document_labels"],
        annotator={"type": "string", "description": "A username, or `gold`."},
        status=NULLABLE_STR
        | {
            "description": "An annotator's assignment status (null: not assigned); gold's is "
            "the document's gold status (`open`, `in_review`, `final`), as in the exports."
        },
        spans={"type": "array", "items": ref("Span")},
        relations={"type": "array", "items": ref("Relation")},
        sentence_labels={"type": "array", "items": ref("Label")},
        document_labels={
            "type": "array",
            "items": obj(["name", "value"], name=STR, value=LABEL_VALUE, given_toward=GIVEN_TOWARD),
        },
        targets=TARGETS,
        note={
            "type": "string",
            "description": "The layer's annotator's note on the document, when it says "
            "something (as in the exports; gold has none).",
        },
        unsure={
            "type": "boolean",
            "enum": [True],
            "description": "Present when the layer's annotator marked themselves unsure.",
        },
    ),
    "Assignment": obj(
        ["document", "annotator", "status"],
        document=integer(),
        annotator=STR,
        status={"type": "string", "enum": ["new", "in_progress", "done", "skipped"]},
    ),
    "ImportRecord": obj(
        ["text"],
        text=STR,
        id={
            "type": ["string", "integer", "null"],
            "minLength": 1,
            "maxLength": MAX_ID_LENGTH,
            "description": "External id (a whole number is read as its digits); re-importing "
            "it with the same text is a no-op, with another text is refused. Absent or null: "
            "made from the text (`text-` and 16 hex digits of its hash).",
        },
        title={"type": ["string", "null"], "maxLength": DOCUMENT_TITLE_MAX},
        meta={"type": ["object", "null"], "description": "Kept with the document; null: none."},
    ),
    "ImportReport": obj(
        ["created", "unchanged", "documents", "sentences"],
        created=integer("Documents added."),
        unchanged=integer("Documents already there with the same text."),
        documents=integer("Documents in the input, each once however many records bring it."),
        sentences=integer("Sentences of the added documents."),
        skipped={
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "file": STR,
                    "files": {"type": "array", "items": STR},
                    "reason": STR,
                    "line": {"type": "integer"},
                    "id": STR,
                    "same_as": {"type": "integer"},
                },
            },
            "description": "Files not read (of other types), empty documents (`reason` "
            "`empty: no text to annotate`: a blank .txt, a JSONL, JSON or CSV record whose "
            "text is blank, a CoNLL document with no token, a brat document holding nothing; "
            "`line` where one of a file's documents starts) and, with `skip_same_texts`, "
            "documents whose text is already there (`id` the document's external id, "
            "`same_as` the `id` of the document it repeats), left out while the rest went in. "
            "`file` names the file (a brat document's .txt), `files` every file of it (a "
            "brat document's .txt and .ann files).",
        },
        errors={"type": "array", "items": {"type": "object"}},
        ids={
            "type": "object",
            "description": "Each document of the input, created or unchanged: its external "
            "id to its `id` (as `GET /documents/{document_id}` takes it).",
            "additionalProperties": {"type": "integer"},
        },
        tallies={
            "type": "object",
            "description": "What the reader of another tool's format changed or left out.",
            "additionalProperties": {"type": "integer"},
        },
        warnings={
            "type": "array",
            "items": STR,
            "description": "When there are any: what the import did that may not be what was "
            "meant, such as entries of the label map (`map`) that matched nothing in the files, "
            "or spans given by offsets alone (doccano, Label Studio) that cut a word, each with "
            "its file and line (ten, then how many more), or a new document whose text the "
            "project already has under another id, or another document of the same import has "
            "(\"kremlin (1).txt: document 'kremlin (1).txt' has the same text as document #1 "
            '(kremlin.txt) already in the project"; twenty, then how many more; stored all '
            "the same) (said of an import that went in; a refused one lists only its problems).",
        },
        notices={
            "type": "array",
            "items": STR,
            "description": "When there are any: how the import read what could be read another "
            "way, such as each folder of a brat corpus read as an annotator's layer (\"read "
            "the .ann files in folder 'alice' as annotator alice\").",
        },
        annotations={
            "description": "When the files brought annotations: the layers stored (and those "
            "already there, unchanged), the spans and relations in them, whose they are, "
            "and the annotators the import created.",
            **obj(
                ["layers", "layers_unchanged", "users_created"],
                layers=integer(),
                layers_unchanged=integer(),
                statuses_changed=integer(
                    "Annotators' layers already there whose status the import changed (a"
                    " skipped layer brought back in progress, say); each change is in the"
                    " layer's history, source `import`."
                ),
                spans=integer(),
                relations=integer(),
                annotators={"type": "array", "items": STR},
                users_created={"type": "array", "items": STR},
            ),
        },
    ),
    "ImportError": {
        "allOf": [
            ref("Error"),
            {
                "description": "Code `import_failed`, every problem in `details`; or "
                "`invalid`, `details` null, for a corpus option that cannot be used (an "
                "unknown `format`, a `map` that cannot be read or given without `format`), or "
                '`{"field": NAME}` for an option that cannot go with another (`texts_only` '
                "with an `annotator` or a `map`). Nothing was imported.",
                "properties": {
                    "error": {
                        "properties": {
                            "details": {
                                "type": ["array", "null", "object"],
                                "properties": {"field": STR},
                                "items": obj(
                                    ["message"],
                                    file=STR,
                                    # null: a problem of the whole file (its type, its encoding)
                                    line={"type": ["integer", "null"]},
                                    message=STR,
                                    index=integer(
                                        "A record of a JSON array refused as it is read: "
                                        "its index in the array (left out otherwise)."
                                    ),
                                    id=STR | {"description": "That record's `id`, if given."},
                                ),
                            }
                        }
                    }
                },
            },
        ]
    },
}
