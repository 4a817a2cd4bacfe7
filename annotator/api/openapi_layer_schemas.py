"""Component schemas of the OpenAPI description: a layer and the items it holds (spans,
relations, label values), and an assignment; part of
:data:`~annotator.api.openapi_schemas.SCHEMAS`."""

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

_EXPORTED_SOURCE = GOLD_SOURCE | {
    "description": "Only in the exports (`jsonl`, `hf`; a gold span's in `sentences` and "
    "`spacy` too), on a gold item: where it came from (absent on gold imported without one)."
}

#: A layer, its spans, relations and label values, and an assignment.
LAYER_SCHEMAS: dict[str, Any] = {
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
}
