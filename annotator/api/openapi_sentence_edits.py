"""The OpenAPI description of a reviewer's sentence edits: splitting a sentence and merging
it with the next."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import SLUG, WRITE, path_param
from annotator.api.openapi_review_parts import DOCUMENT, review_operation
from annotator.api.openapi_shapes import integer, obj

SENTENCE_INDEX = path_param(
    "index", {"type": "integer", "minimum": 0}, "The sentence's position, from 0."
)
SENTENCES = obj(
    ["document", "sentences"],
    document=integer(),
    sentences={
        "type": "array",
        "items": obj(["index", "start", "end"], index=integer(), start=integer(), end=integer()),
    },
)

SPLIT = obj(
    ["document", "sentences", "spans_across"],
    document=integer(),
    sentences=SENTENCES["properties"]["sentences"],
    spans_across={
        "type": "array",
        "description": "The spans the split left across the new boundary (some only with `force`).",
        "items": obj(
            ["id", "layer", "label", "start", "end", "text"],
            id=integer(),
            layer={"type": "string"},
            label={"type": "string"},
            start=integer(),
            end=integer(),
            text={"type": "string"},
        ),
    },
)


def sentence_edit_paths(anonymous: dict[str, Any]) -> dict[str, Any]:
    """Return the path items of the sentence edits; ``anonymous`` is their ``?anonymous=``."""
    return {
        "/projects/{slug}/review/{document_id}/sentences/{index}/split": {
            "post": review_operation(
                "Split a sentence at a code-point offset; its labels stay on the first part. "
                "A split through spans of any layer answers 409 naming them "
                "(`details.spans`) unless `force` is true; they then keep their offsets "
                "and cross the new boundary",
                SPLIT,
                (*WRITE, 409),
                [SLUG, DOCUMENT, SENTENCE_INDEX, anonymous],
                obj(
                    ["at"],
                    # Strictly inside a sentence, which starts at 0 or later.
                    at=integer("Where the second part starts (code points).", minimum=1),
                    force={
                        "type": "boolean",
                        "description": "Split even through spans (default false).",
                    },
                ),
            )
        },
        "/projects/{slug}/review/{document_id}/sentences/{index}/merge": {
            "post": review_operation(
                "Merge a sentence with the next; labels that differ are refused unless `keep` says "
                "which sentence's values win",
                SENTENCES,
                (*WRITE, 409),
                [SLUG, DOCUMENT, SENTENCE_INDEX, anonymous],
                obj([], keep={"type": "string", "enum": ["first", "second"]}),
                required_body=False,
            )
        },
    }
