"""The OpenAPI description of a document's differences and their decisions: accepting an
annotator's item, deciding none taken, taking another version and reopening."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import READ, SLUG, WRITE, operation_of, path_param
from annotator.api.openapi_review_parts import (
    DOCUMENT,
    GOLD_FINAL_SAID,
    GOLD_STATUS,
    LAYER_STATUSES,
    review_operation,
)
from annotator.api.openapi_shapes import GIVEN_TOWARD, STR, integer, obj

ACCEPT_BODY = obj(
    ["kind", "id"],
    kind={"type": "string", "enum": ["span", "attribute", "relation", "label"]},
    id=integer("The id of the annotator's span, relation or label value.", minimum=1),
    attribute={"type": "string", "description": "With kind `attribute`: which attribute."},
)
VERSION = obj(
    ["annotator", "text", "accept", "note"],
    annotator=STR,
    text=STR,
    accept={"oneOf": [{"type": "null"}, ACCEPT_BODY]},
    note={
        "type": ["string", "null"],
        "description": "A span or relation version's note (its annotator's, a line per "
        "note), as the review page shows a span's under the version; null for none, and for "
        "an attribute's or a label's version.",
    },
    given_toward=GIVEN_TOWARD,
)
NONE_TAKEN = obj(
    ["decided_by", "decided_at"],
    decided_by={"type": ["string", "null"]},
    decided_at={"type": "string", "format": "date-time"},
)
DIFFERENCE_KEY = path_param(
    "key", {"type": "string"}, "A difference's `key`, as the document's differences give it."
)
#: The version to take: by its annotator, or by its item as the version's ``accept`` names
#: it (which may carry its ``attribute``), never both.
_BY_ITEM = [{"required": ["kind"]}, {"required": ["id"]}, {"required": ["attribute"]}]
TAKE_BODY = obj(
    ["difference"],
    difference=STR,
    annotator={
        "type": "string",
        "description": "Take this annotator's version (refused, 422, when they have none "
        "of that difference, or several: name one by `kind` and `id` then).",
    },
    kind=ACCEPT_BODY["properties"]["kind"],
    id=integer("The version's item, as its `accept` names it.", minimum=1),
    attribute={"type": "string", "description": "As the version's `accept` names it."},
) | {
    "oneOf": [
        {"required": ["annotator"], "not": {"anyOf": _BY_ITEM}},
        {"required": ["kind", "id"], "not": {"required": ["annotator"]}},
    ]
}
_SAID = (
    "Each item in words, as the review pages name it (a span `SOURCE [0, 9) “Officials”`, a "
    "relation `TYPE span → span`, a label `sentence 1 stance = FAVOR`, its sentence by its "
    "index from 0 as every API message counts, where a page numbers it from 1; an attribute "
    "`claimer = REPORTED of span`); the pages' message is said from these fields."
)
GOLD_CHANGED = obj(
    [
        "document",
        "difference",
        "replaced",
        "added",
        "removed",
        "relations_kept",
        "relations_removed",
        "relations_repointed",
    ],
    document=integer(),
    difference={"type": "string", "description": "The difference's key."},
    replaced={
        "type": "array",
        "description": "Gold's items changed in place onto the version taken: a span moved "
        "(the same span, its relations following), a value set. " + _SAID,
        "items": obj(["before", "after"], before=STR, after=STR),
    },
    added={
        "type": "array",
        "items": STR,
        "description": "Gold's spans added with the version taken: the rest of its "
        "annotator's version of a span difference (two spans of alice's where bob marked "
        "one). " + _SAID,
    },
    removed={
        "type": "array",
        "items": STR,
        "description": "Gold's items a reopen removed, or a take removed: the rest of "
        "gold's version of a span difference where the version taken has fewer spans (bob's "
        "one claim taken instead of alice's two: her second). " + _SAID,
    },
    relations_kept={
        "type": "array",
        "items": STR,
        "description": "Gold's relations that still point at a span moved onto the version "
        "taken, as they are now.",
    },
    relations_removed={
        "type": "array",
        "items": STR,
        "description": "Gold's relations that went: replaced by the relation taken, or "
        "removed with a span reopened or removed by a take (the history restores them with "
        "it).",
    },
    relations_repointed={
        "type": "array",
        "description": "Gold's relations at a span a take removed, re-pointed at the span "
        "that replaces it (the version taken has one span of its label; the other end stays "
        "in gold), each as it was and as it is now; the others at it are in "
        "`relations_removed`.",
        "items": obj(["before", "after"], before=STR, after=STR),
    },
)
DIFFERENCES = obj(
    ["document", "external_id", "gold_status", "layers", "differences"],
    document=integer(),
    external_id=STR,
    gold_status=GOLD_STATUS,
    layers={"type": "array", "items": STR},
    statuses=LAYER_STATUSES,
    differences={
        "type": "array",
        "items": obj(
            ["kind", "sentence", "summary", "decided", "taken", "versions"],
            kind=STR,
            sentence={"type": ["integer", "null"]},
            summary=STR,
            target={
                "type": "string",
                "description": "Only on a label field's difference whose field has a target: "
                "that target now (the review pages say it beside the field's name).",
            },
            decided={
                "type": "boolean",
                "description": "Gold holds one of the versions, or a reviewer decided it holds "
                "none (`none_taken`); the gold status plays no part (marking final decides "
                "nothing).",
            },
            taken={
                "type": "array",
                "items": STR,
                "description": "The annotators whose version gold holds exactly, as the "
                "export's `source.annotators` names them: a relation's only when its ends are "
                "gold's ends (label and offsets); a span difference's only when gold holds "
                "their version of it as a whole (all their spans of it, no other: one claim "
                "of alice's two is not bob's version though it is his claim).",
            },
            followed={
                "type": "array",
                "items": STR,
                "description": "With `taken` empty: the annotators whose relation gold holds "
                "only between gold's spans standing for its ends (their differences decided "
                "with other versions), which decides it; nobody's exactly.",
            },
            split={
                "type": "boolean",
                "description": "Gold holds spans of this span difference from different "
                "versions (`taken` names whose): decided by none of them (`decided` is false) "
                "until it is reopened or the gold layer keeps one. An accepted relation never "
                "brings in a second span of a difference gold decided: it ends at gold's span "
                "of the end's label, or is refused (409) naming the difference to decide first.",
            },
            key={
                "type": "string",
                "description": "The difference's key, from its kind and its versions' "
                "contents: the same while the annotators' items stand.",
            },
            none_taken={
                "oneOf": [{"type": "null"}, NONE_TAKEN],
                "description": "A reviewer decided that gold holds none of the versions.",
            },
            versions={"type": "array", "items": VERSION},
        ),
    },
)


def decision_paths(anonymous: dict[str, Any]) -> dict[str, Any]:
    """Return the path items of a document's differences and their decisions; ``anonymous``
    is their ``?anonymous=``."""
    return {
        "/projects/{slug}/review/{document_id}": {
            "get": review_operation(
                "Return every classified difference between a document's layers",
                DIFFERENCES,
                READ,
                [SLUG, DOCUMENT, anonymous],
            )
        },
        "/projects/{slug}/review/{document_id}/accept": {
            "post": review_operation(
                "Accept one annotator's span, attribute, relation or label into gold",
                obj(
                    ["kind", "gold_id"],
                    kind=STR,
                    gold_id=integer(),
                    ends_at={
                        "type": "array",
                        "description": "Only for a relation one of whose ends gold lacks as "
                        "it is, its difference decided with another version: the end and "
                        "gold's span it ended at instead (of several of its label, the one "
                        "sharing the most characters with it). " + _SAID,
                        "items": obj(["end", "gold"], end=STR, gold=STR),
                    },
                ),
                (*WRITE, 409),
                [SLUG, DOCUMENT, anonymous],
                ACCEPT_BODY,
            )
            | {
                "description": "409 for a span (or an attribute of a span gold lacks) whose "
                "difference gold decided with another annotator's version: accepting it would "
                "put two versions of one difference into gold. `details.difference` is the "
                "difference's key: take this version instead (`POST .../take` with it and "
                "this `kind` and `id`), or reopen the difference. 409 too for a relation whose "
                "end's difference gold holds no span of its label of, or several covering it "
                "alike (`details.candidates` names them): decide it first. " + GOLD_FINAL_SAID
            }
        },
        "/projects/{slug}/review/{document_id}/none": {
            "post": review_operation(
                "Decide that gold holds none of a difference's versions; it counts as decided",
                obj(
                    ["document", "difference", "decided_by", "decided_at"],
                    document=integer(),
                    difference=STR,
                    decided_by={"type": ["string", "null"]},
                    decided_at={"type": "string", "format": "date-time"},
                ),
                (*WRITE, 409),
                [SLUG, DOCUMENT],
                obj(["difference"], difference=STR),
            )
            | {"description": GOLD_FINAL_SAID}
        },
        "/projects/{slug}/review/{document_id}/none/{key}": {
            "delete": operation_of(
                "Reopen a difference decided as none taken",
                204,
                None,
                (*READ, 409),
                params=[SLUG, DOCUMENT, DIFFERENCE_KEY],
            )
            | {"description": GOLD_FINAL_SAID}
        },
        "/projects/{slug}/review/{document_id}/take": {
            "post": review_operation(
                "Take another version of a difference gold decided with a version, in place "
                "of gold's: a span moved onto it (its relations following), a relation "
                "replaced, a value set. 409 when gold holds no version of it (undecided, or "
                "decided as none taken: accept one instead), holds this one already, or holds "
                "two spans of it (change them in the gold layer)",
                GOLD_CHANGED,
                (*WRITE, 409),
                [SLUG, DOCUMENT, anonymous],
                TAKE_BODY,
            )
        },
        "/projects/{slug}/review/{document_id}/taken/{key}": {
            "delete": review_operation(
                "Reopen a difference gold decided with a version: gold's version is removed "
                "(a span with the relations at it) and the difference is to decide again. 409 "
                "when gold holds none of its versions (undecided, or decided as none taken: "
                "`DELETE .../none/{key}` reopens that)",
                GOLD_CHANGED,
                (400, *READ, 409),
                [SLUG, DOCUMENT, DIFFERENCE_KEY],
            )
        },
    }
