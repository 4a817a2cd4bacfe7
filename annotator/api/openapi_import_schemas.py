"""Component schemas of the OpenAPI description: an import's record, report and refusal;
part of :data:`~annotator.api.openapi_schemas.SCHEMAS`."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_shapes import STR, integer, obj, ref
from annotator.core.formats.records import MAX_ID_LENGTH
from annotator.core.limits import DOCUMENT_TITLE_MAX

#: A record imported, what an import reports, and its refusal.
IMPORT_SCHEMAS: dict[str, Any] = {
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
