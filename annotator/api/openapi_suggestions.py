"""The shapes of suggestions as the API answers them: a document's suggestions layer (each
suggestion marked ``held`` or not), a rejection, and what an accept wrote."""

from __future__ import annotations

from annotator.api.openapi_shapes import STR, integer, obj, ref

#: What names the model that suggested: its version, or ``rules``.
MODEL_NAME = {
    "type": ["integer", "string"],
    "description": "The model's version, or `rules` for the attribution rules.",
}
_HELD = {
    "type": "boolean",
    "description": "Whether the layer asked for (yours, or gold) already holds it: a span of "
    "its label over any of its characters; a relation of its type between the spans holding "
    "its ends; a value for its field there. Held ones are listed only with `include_held=1`.",
}
SUGGESTED_SPAN = obj(
    ["id", "label", "start", "end", "text", "sentence", "attributes", "score", "model", "held"],
    id=integer("The id to accept it by."),
    label=STR,
    start=integer(minimum=0),
    end=integer(minimum=1),
    text=STR,
    sentence=integer(),
    attributes={"type": "object"},
    score={"type": "number", "minimum": 0, "maximum": 1},
    model=MODEL_NAME,
    held=_HELD,
)
SUGGESTED_RELATION = obj(
    ["id", "type", "from", "to", "held"],
    id=integer("Accept it with POST /suggestions/relations/{id}/accept."),
    type=STR,
    **{"from": integer("A suggested span's id (one left out as held, unless include_held).")},
    to=integer("A suggested span's id (one left out as held, unless include_held)."),
    held=_HELD,
)
SUGGESTED_LABEL = obj(
    ["id", "name", "value", "score", "model", "held"],
    id=integer("Accept it with POST /suggestions/labels/{id}/accept."),
    sentence=integer("The sentence's index (absent on a document label)."),
    name=STR,
    value=STR,
    score={"type": "number", "minimum": 0, "maximum": 1},
    model=MODEL_NAME,
    accuracy={
        "type": ["number", "null"],
        "minimum": 0,
        "maximum": 1,
        "description": "The held-out accuracy of the field's classifier that suggested it, as "
        "its training stored it (null when unknown): `score` is how sure the classifier is of "
        "this value, `accuracy` how often it was right on sentences (for a sentence field) or "
        "documents (for a document field) it had not seen.",
    },
    held=_HELD,
)
SUGGESTIONS_LAYER = obj(
    [
        "annotator",
        "status",
        "spans",
        "relations",
        "sentence_labels",
        "document_labels",
        "hidden",
        "held",
    ],
    annotator={"type": "string", "enum": ["suggestions"]},
    status={"type": "null"},
    spans={"type": "array", "items": SUGGESTED_SPAN},
    relations={"type": "array", "items": SUGGESTED_RELATION},
    sentence_labels={"type": "array", "items": SUGGESTED_LABEL},
    document_labels={"type": "array", "items": SUGGESTED_LABEL},
    # Why the project's setting hides the layer from the caller now (then it is empty).
    hidden={"type": ["string", "null"]},
    held=obj(
        ["spans", "relations", "sentence_labels", "document_labels"],
        spans=integer(minimum=0),
        relations=integer(minimum=0),
        sentence_labels=integer(minimum=0),
        document_labels=integer(minimum=0),
    )
    | {
        "description": "How many suggestions of each list the layer asked for already holds: "
        "left out of the list, or listed and marked `held` with `include_held=1`."
    },
)

REJECTION = obj(
    ["suggestion", "label", "start", "end", "model", "score"],
    suggestion=integer("The suggested span rejected."),
    label=STR,
    start=integer(minimum=0),
    end=integer(minimum=1),
    model=MODEL_NAME,
    score={"type": ["number", "null"]},
)
_NAMED_SUGGESTION = obj(
    ["suggestion", "kind", "reason"],
    suggestion=integer(),
    kind={"type": "string", "enum": ["span", "relation"]},
    reason=STR,
)
ACCEPTED = obj(
    ["spans", "kept", "relations", "skipped", "held"],
    spans={"type": "array", "items": ref("Span"), "description": "Spans written."},
    kept={
        "type": "array",
        "items": ref("Span"),
        "description": "Spans already in the layer that hold an accepted suggestion (a span "
        "of its label over it), used as they are: an accepted relation goes to them.",
    },
    relations={"type": "array", "items": ref("Relation"), "description": "Relations written."},
    skipped={
        "type": "array",
        "description": "Suggestions not accepted because they break a rule of the layer "
        "(an overlap, a required attribute); the others are written.",
        "items": _NAMED_SUGGESTION,
    },
    held={
        "type": "array",
        "description": "Suggestions the layer already held, for which nothing was written; "
        '`reason` is the 409 accepting one alone answers ("you already have this span: ...").',
        "items": _NAMED_SUGGESTION,
    },
)

# One suggested span accepted: the span, and the suggested relations it completed.
ACCEPTED_SPAN = {
    "allOf": [
        ref("Span"),
        obj(
            ["relations", "skipped"],
            relations={
                "type": "array",
                "items": ref("Relation"),
                "description": "The suggested relations at this suggestion whose other end "
                "the layer already held (accepted before, or your own span of its label over "
                "it), written with it: accepting a relation's ends one at a time ends with "
                "the relation too.",
            },
            skipped={
                "type": "array",
                "description": "Suggested relations it completed that the layer refuses (one "
                "more than `max_per_source`), each with the reason; they stay offered.",
                "items": _NAMED_SUGGESTION,
            },
        ),
    ]
}
