"""The OpenAPI description of the import (``POST /projects/{slug}/documents``): what it
takes as a JSON array, JSONL or files, and the fields and parameters that say how to read them
(``annotator import``'s options)."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import SLUG, json_content, operation_of, query_param
from annotator.api.openapi_shapes import JSON, STR, ref
from annotator.core.formats.label_map import MAP_SYNTAX
from annotator.core.formats.read_options import ENCODINGS
from annotator.services.datasets.import_sources import IMPORT_FORMATS

SKIP_SAME_TEXTS_SAID = (
    "Leave out a new document whose text the project (or an earlier document of this "
    "import) already has, listed in `skipped` with `same_as`, the `id` of the document it "
    "repeats (`annotator import --skip-same-texts`). Default: store it, with a warning."
)

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
    "skip_same_texts": {
        "type": "string",
        "enum": ["true", "false"],
        "description": SKIP_SAME_TEXTS_SAID,
    },
}

# How files read by extension are read (``annotator import --encoding --text-column ...``).
READING_FIELDS: dict[str, Any] = {
    "encoding": {
        "type": "string",
        "enum": list(ENCODINGS),
        "description": "The files' encoding (default utf-8); cp1252 is what Excel writes "
        "for a CSV on Windows. A file that does not decode as UTF-8 is refused with the "
        "encoding it likely is; one that starts with a byte-order mark is read as the mark "
        "says (UTF-8 or UTF-16), whatever is chosen. With `format` too: a brat or CoNLL "
        "corpus's files.",
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
    query_param(
        "skip_same_texts",
        f"JSON or JSONL body: {SKIP_SAME_TEXTS_SAID} (A multipart upload has its "
        "`skip_same_texts` field.)",
        {"type": "string", "enum": ["true", "false"]},
    ),
]


def import_operation() -> dict[str, Any]:
    """Return the import's operation: documents, all or nothing."""
    operation = {
        **operation_of(
            "Import documents, all or nothing (admins, the project's managers, global reviewers)",
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
    }
    operation["responses"]["422"] = {
        "description": "Records break the rules (code `import_failed`); nothing is imported.",
        **json_content(ref("ImportError")),
    }
    return operation
