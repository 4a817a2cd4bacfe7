"""The OpenAPI description of what moves gold as a whole: accepting what the annotators gave
alike (one document's or the project's) and setting a document's gold status."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import SLUG, WRITE
from annotator.api.openapi_review_parts import (
    DOCUMENT,
    GOLD_FINAL_SAID,
    GOLD_STATUS,
    LAYER_STATUS,
    review_operation,
)
from annotator.api.openapi_shapes import STR, integer, obj
from annotator.core.quorum import QUORUMS
from annotator.core.vocabulary import ANNOTATOR_FILTERS

ACCEPTED = obj(
    [
        "spans",
        "relations",
        "labels",
        "documents",
        "skipped",
        "skipped_final",
        "skipped_unfinished",
        "included_unfinished",
        "unfinished_named",
        "filtered_out",
        "warnings",
    ],
    spans=integer(),
    relations=integer(),
    labels=integer(),
    documents=integer(),
    skipped={"type": "array", "items": STR},
    skipped_final=integer(
        "How many documents were left out because their gold is marked final (the "
        "project's accept; 0 for one document's, which answers 409 instead)."
    ),
    skipped_unfinished=integer(
        "How many documents the project's accept left out because someone assigned has not "
        "finished them (not started or in progress): their layers may still change. "
        "`include_unfinished: true` takes them. Only documents with two or more layers to "
        "compare are counted (one with fewer is in `skipped`); 0 for one document's accept."
    ),
    included_unfinished=integer(
        "How many of the documents taken someone assigned has not finished (with "
        "`include_unfinished: true`; else 0)."
    ),
    unfinished_named={
        "type": "array",
        "description": "Of the documents the body's `documents` named, those left out because "
        "someone assigned has not finished them, in the order named, each with who (as the "
        "answer names annotators: `?anonymous=1` by number); empty otherwise.",
        "items": obj(
            ["number", "external_id", "not_finished_by"],
            number=integer("The document's number in the project (the page's #)."),
            external_id=STR,
            not_finished_by={"type": "array", "items": STR},
        ),
    },
    filtered_out={
        "type": "array",
        "description": "Of the documents the body's `documents` named, those the `annotators` "
        "filter left out (the review list with that filter does not show them), in the order "
        "named; empty otherwise.",
        "items": obj(
            ["number", "external_id"],
            number=integer("The document's number in the project (the page's #)."),
            external_id=STR,
        ),
    },
    warnings={
        "type": "array",
        "items": STR,
        "description": "What the reviewer should know: the named documents the `annotators` "
        "filter left out, by number and id (`1 named document left out by the annotators "
        "filter ... : #2 (d2)`); the named documents left out unfinished, said by number and "
        "who (`#2: not finished by alice, bob`), and that `include_unfinished: true` takes them.",
    },
)
QUORUM_BODY = obj(
    [],
    quorum={
        "type": "string",
        "enum": list(QUORUMS),
        "description": "How many of a document's annotators must give an item alike: "
        "`unanimous` (all; the default, also with no body) or `majority` (more than half: 2 "
        "of 3, 3 of 4; with two annotators, both).",
    },
)
PROJECT_ACCEPT_BODY = obj(
    [],
    quorum=QUORUM_BODY["properties"]["quorum"],
    include_unfinished={
        "type": "boolean",
        "description": "Take the documents someone assigned has not finished (not started "
        "or in progress) too. Default false: they are left out and counted in "
        "`skipped_unfinished`.",
    },
    documents={
        "type": ["array", "null"],
        "items": STR,
        "description": "Only these documents (null, as absent: every document), each named "
        "by its id as exports name it or "
        "its number on the project page (`#12` or `12`), as `annotator adjudicate unanimous "
        "--documents` names them; an unknown one answers 422 naming it. Those someone "
        "assigned has not finished are left out unless `include_unfinished` is true, and "
        "named in `unfinished_named` and `warnings`. With `annotators`: the documents "
        "named that the filter shows, those it leaves out named in `filtered_out` and "
        "`warnings`.",
    },
    annotators={
        "type": "string",
        "enum": list(ANNOTATOR_FILTERS),
        "description": "Only the documents the review list shows with this filter: "
        "`finished` (every assignee has finished them) or `waiting` (someone has not; "
        "those are then taken only with `include_unfinished: true`). Another value answers "
        "422.",
    },
)
QUORUM_SAID = (
    "Gold keeps what it holds: an item it has, a label field it gave another value, and "
    "every difference already decided (a version taken, or none of them) are left as they "
    "are. Each item written records the annotators who gave it as its source. Documents "
    "fewer than two annotators have are listed in `skipped`; an unknown quorum answers 422."
)


def unanimous_paths() -> dict[str, Any]:
    """Return the path items that accept what annotators gave alike into gold."""
    return {
        "/projects/{slug}/review/{document_id}/unanimous": {
            "post": review_operation(
                "Accept into gold every item all of the document's annotators gave alike "
                "(`quorum: majority`: more than half of them)",
                ACCEPTED,
                (*WRITE, 409),
                [SLUG, DOCUMENT],
                QUORUM_BODY,
                required_body=False,
            )
            | {"description": f"{QUORUM_SAID} {GOLD_FINAL_SAID}"}
        },
        "/projects/{slug}/review/unanimous": {
            "post": review_operation(
                "Accept every unanimous (or `quorum: majority`) item of every document not "
                "marked final that everyone assigned has finished",
                ACCEPTED,
                WRITE,
                [SLUG],
                PROJECT_ACCEPT_BODY,
                required_body=False,
            )
            | {
                "description": f"{QUORUM_SAID} Documents whose gold is marked final are left "
                "out, counted in `skipped_final`; so are, unless `include_unfinished` is true, "
                "documents someone assigned has not finished (not started or in progress), "
                "whose layers may still change, counted in `skipped_unfinished`."
            }
        },
    }


def gold_status_paths(anonymous: dict[str, Any]) -> dict[str, Any]:
    """Return the path item that sets a document's gold status; ``anonymous`` is its
    ``?anonymous=``."""
    return {
        "/projects/{slug}/review/{document_id}/status": {
            "put": review_operation(
                "Set a document's gold status; marking final answers how many items every "
                "annotator gave alike gold still lacks (`unanimous: accept` takes them in first; "
                "`unanimous: majority` what most annotators gave alike, them among it) "
                "and how many differences are still undecided (their versions left out), and names "
                "the annotators not done with it",
                obj(
                    [
                        "document",
                        "gold_status",
                        "unanimous_lacking",
                        "unanimous_accepted",
                        "to_decide",
                    ],
                    document=integer(),
                    gold_status=GOLD_STATUS,
                    unanimous_lacking={
                        "type": ["integer", "null"],
                        "description": "With `final`: the unanimous items gold lacks now "
                        "(0 once accepted; on gold final already `accept` takes none in, so "
                        "they stay counted: set it back to in review first); null for another "
                        "status.",
                    },
                    to_decide={
                        "type": ["integer", "null"],
                        "description": "With `final`: the differences still undecided, as the "
                        "document's review counts them (`decided` false there); marking final "
                        "decides none of them, and gold holds none of their versions. Null for "
                        "another status.",
                    },
                    not_done={
                        "type": ["array", "null"],
                        "description": "With `final`: the annotators assigned the document who "
                        "have not marked it done or skipped (`new`, `in_progress`), by name "
                        "(by number with `?anonymous=1`, in the numbers' order); "
                        "gold is marked final all the same, but their layers may still change. "
                        "Null for another status.",
                        "items": obj(["annotator", "status"], annotator=STR, status=LAYER_STATUS),
                    },
                    never_taken={
                        "type": ["object", "null"],
                        "description": "With `final`, on a document one annotator annotated "
                        "(no differences, nothing unanimous): what gold lacks of that layer, "
                        "never taken into gold; gold is marked final all the same. Null when "
                        "nothing, and for another status.",
                        "properties": {
                            "annotator": STR,
                            "spans": integer(),
                            "relations": integer(),
                            "labels": integer(),
                        },
                    },
                    required_missing={
                        "type": ["array", "null"],
                        "description": "With `final`: the required label fields (schema "
                        '`"required": true`) gold has no value for, each with the indexes '
                        "(from 0) of the sentences lacking it (empty for a document field); "
                        "gold is marked final all the same, and `warnings` says it. Null for "
                        "another status.",
                        "items": obj(
                            ["field", "kind", "sentences"],
                            field=STR,
                            kind={"type": "string", "enum": ["sentence", "document"]},
                            sentences={"type": "array", "items": integer()},
                        ),
                    },
                    warnings={
                        "type": "array",
                        "items": STR,
                        "description": "What final gold leaves out (the differences still "
                        "undecided, a lone annotator's items never taken, required fields "
                        "left blank), naming the document "
                        "(`#N (external id)`), as the review page and the command line say it.",
                    },
                    unanimous_accepted={
                        "type": ["object", "null"],
                        "description": "With `unanimous: accept` (or `majority`): what was "
                        "accepted into gold (all 0 on gold final already: marking final again "
                        "is never refused, and final gold takes no change).",
                        "properties": {
                            "spans": integer(),
                            "relations": integer(),
                            "labels": integer(),
                        },
                    },
                ),
                WRITE,
                [SLUG, DOCUMENT, anonymous],
                obj(
                    ["status"],
                    status=GOLD_STATUS,
                    unanimous={
                        "type": "string",
                        "enum": ["accept", "majority", "leave"],
                        "description": "With `final`: `accept` takes the items every annotator "
                        "gave alike into gold first; `majority` the items most annotators (more "
                        "than half: 2 of 3; 2 of 4 is a tie) gave alike, the unanimous ones among "
                        "them; `leave` (the default) marks final without them. Final gold takes "
                        "neither (409 `gold_final`).",
                    },
                ),
            )
        },
    }
