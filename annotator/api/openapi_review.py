"""The OpenAPI description of review and adjudication (reviewers and admins)."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import (
    READ,
    SLUG,
    WRITE,
    count_param,
    operation_of,
    paged_list,
    paging_params,
    path_param,
    query_param,
    read_layer_params,
)
from annotator.api.openapi_schemas import GIVEN_TOWARD, GOLD_SOURCE, STR, integer, obj
from annotator.core.history import SOURCES
from annotator.core.quorum import QUORUMS
from annotator.core.vocabulary import ANNOTATOR_FILTERS, ASSIGNMENT_STATUSES, GOLD_STATUSES

DOCUMENT = path_param("document_id")
NUMBER_OR_NULL = {"type": ["number", "null"]}
GOLD_STATUS = {"type": "string", "enum": list(GOLD_STATUSES)}
ACCEPT_BODY = obj(
    ["kind", "id"],
    kind={"type": "string", "enum": ["span", "attribute", "relation", "label"]},
    id=integer("The id of the annotator's span, relation or label value.", minimum=1),
    attribute={"type": "string", "description": "With kind `attribute`: which attribute."},
)
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
#: What every write of gold answers while a reviewer has it marked final.
GOLD_FINAL_SAID = (
    "While the document's gold is marked final it takes no change: 409 `gold_final` naming "
    "the document, `details.reopen` the request that sets it back to in review; nothing is "
    "written."
)
#: An annotator's assignment status on a document; null for a layer whose annotator is no
#: longer assigned it.
LAYER_STATUS = {"type": ["string", "null"], "enum": [*ASSIGNMENT_STATUSES, None]}
LAYER_STATUSES = {
    "type": "object",
    "additionalProperties": LAYER_STATUS,
    "description": "Each compared layer's assignment status, by annotator (as `layers` names "
    "them; with `?anonymous=1`, Annotator 1, 2... numbered in the order the annotators arrived "
    "in the project, the same number on every page and answer of it): an `in_progress` layer "
    "may still change after it is reviewed.",
}
WAITING = obj(
    ["annotator", "status"],
    annotator={
        "type": "string",
        "description": "By name; with `?anonymous=1`, `Annotator N` by the project's number, "
        "as `statuses` names them, whether the review compares their layer or not (not "
        "started); `An annotator` for one the project's numbering does not hold.",
    },
    status={"type": "string", "enum": ["new", "in_progress"]},
)
QUEUE = paged_list(
    "documents",
    obj(
        ["document", "external_id", "annotators", "disagreement", "to_decide", "gold_status"],
        document=integer(),
        external_id=STR,
        title={"type": ["string", "null"]},
        annotators=integer(),
        f1_overlap=NUMBER_OR_NULL,
        label_agreement={
            "type": ["number", "null"],
            "description": "The share of agreeing annotator pairs on the label values both "
            "gave (a value one left out is left out here, as alpha and kappa do).",
        },
        label_pairs_left_out={
            "type": "integer",
            "description": "Annotator pairs, per sentence or document field, where one gave "
            "a value and the other left it out.",
        },
        label_agreement_with_left_out={
            "type": ["number", "null"],
            "description": "`label_agreement` with each pair of `label_pairs_left_out` "
            "counted as disagreeing.",
        },
        disagreement={
            "type": "number",
            "description": "0 to 2: (1 - `f1_overlap`) + (1 - `label_agreement_with_left_out`), "
            "an undefined one counting 0; the list's order, most first.",
        },
        to_decide={
            "type": "integer",
            "description": "Differences still to decide, as the document's review counts them "
            "(`decided` false there): a boundary shift leaves `disagreement` at 0 but one here.",
        },
        gold_status=GOLD_STATUS,
        statuses=LAYER_STATUSES,
        done={"type": "integer", "description": "How many of `statuses` are `done`."},
        assigned={
            "type": "integer",
            "description": "How many annotators the document is assigned to, whatever their "
            "status: one who has not started is not in `statuses` (nothing to compare) but "
            "counts here.",
        },
        started={
            "type": "integer",
            "description": "How many of `assigned` have begun and not skipped (`in_progress` "
            "or `done`).",
        },
        not_started={"type": "integer", "description": "How many of `assigned` are `new`."},
        skipped={"type": "integer", "description": "How many of `assigned` skipped it."},
        waiting_for={
            "type": "array",
            "items": WAITING,
            "description": "The assignees who have not finished (`new` or `in_progress`), "
            "by name (by number with `?anonymous=1`): empty when everyone is done or skipped.",
        },
        changed_after_final={
            "type": "boolean",
            "description": "Gold is final and an annotator's layer changed (reopened or "
            "edited) since a reviewer last set it: set gold final again once reviewed.",
        },
    ),
    project=STR,
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
    "relation `TYPE span → span`, a label `sentence 2 stance = FAVOR`, an attribute "
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


SNAPSHOT = {
    "description": "The item as it was (null where it did not exist): a span's `label, start, "
    "end, attributes` (its `note` when it has one, which a restore puts back; and, deleted, the "
    "`relations` that went with it); a relation's `type, "
    "from, to` (its ends by label and offsets); a label's `sentence, name, value`; a `status`; "
    "a decision's `difference, kind, summary` (gold holds none of its versions).",
    "type": ["object", "null"],
}
CHANGE = obj(
    ["id", "layer", "actor", "at", "kind", "action", "source", "item", "before", "after"],
    id=integer(),
    layer={"type": "string", "description": "The annotator's name, or `gold`."},
    actor={"type": ["string", "null"], "description": "Who made it; null: the system."},
    at={"type": "string", "format": "date-time"},
    kind={"type": "string", "enum": ["span", "relation", "label", "status", "decision"]},
    action={"type": "string", "enum": ["create", "update", "delete", "restore"]},
    source={
        "type": "string",
        "enum": list(SOURCES),
        "description": "The path it came by: `schema` a schema rename (of gold marked final), "
        "`merge` `annotator db copies --merge`; `summary.path` says it in words.",
    },
    item={"type": ["integer", "null"], "description": "The span, relation or label value."},
    before=SNAPSHOT,
    after=SNAPSHOT,
    item_source={
        "oneOf": [GOLD_SOURCE, {"type": "null"}],
        "description": "A gold item's source after the change: how it was decided and who "
        "gave exactly it; null for other layers, a removal, and changes made before it was "
        "kept.",
    },
    summary=obj(
        ["before", "after", "path"],
        before=STR,
        after=STR,
        path={
            "type": "string",
            "description": "`source` in words, as the History page says it: `reviewer`, "
            "`sentence edit`, `schema rename`, `copies merge`...",
        },
        source={
            "type": "string",
            "description": "Only with an `item_source`: it in words, e.g. `accepted: majority "
            "of 3 (alice, bob)`, `chosen by a reviewer (carol)`, `written by a reviewer`.",
        },
    ),
    restorable={
        "type": "boolean",
        "description": "A restore would put `before` back now; false when it would be refused "
        "(409): nothing before, there already (restored once, or set again), or what it needs "
        "is gone.",
    },
    not_restorable={
        "type": ["string", "null"],
        "description": "Why `restorable` is false, in the words of the 409 a restore would "
        "answer (as the History page says it); null when a restore would apply.",
    },
)
HISTORY = obj(
    ["document", "layers", "changes", "total", "page", "per_page"],
    document=integer(),
    layers={"type": "array", "items": STR},
    changes={"type": "array", "items": CHANGE},
    total=integer(),
    page=integer(),
    per_page=integer(),
)
RESTORED = obj(
    ["change", "kind", "item", "relations", "skipped"],
    change=integer(),
    kind=STR,
    item={
        "type": ["integer", "null"],
        "description": "The restored span's or relation's id: the one it had (a new one only "
        "where another row holds it).",
    },
    relations=integer("Relations of a restored span that came back with it."),
    relation_ids={
        "type": "array",
        "items": integer(),
        "description": "Their ids: the ones they had.",
    },
    skipped={"type": "array", "items": STR},
)
HISTORY_QUERY = [
    *read_layer_params("One layer only: an annotator's name or `gold`."),
    count_param("page", "Answer this page (from 1; default 1).", integer(minimum=1)),
    paging_params("changes")[1],
]
CHANGE_ID = path_param("change_id")


ANNOTATORS = query_param(
    "annotators",
    "`finished`: only the documents every assignee has finished (done or skipped); "
    "`waiting`: only those someone assigned has not (400 for another value).",
    {"type": "string", "enum": list(ANNOTATOR_FILTERS)},
)


def _operation(
    summary: str,
    answer: dict[str, Any],
    errors: tuple[int, ...],
    params: list[dict[str, Any]],
    body: dict[str, Any] | None = None,
    required_body: bool = True,
) -> dict[str, Any]:
    """Return a review operation: every one answers 200."""
    return operation_of(
        summary, 200, answer, errors, body=body, body_required=required_body, params=params
    )


def review_paths() -> dict[str, Any]:
    """Return the path items of the review endpoints."""
    read, write = READ, WRITE
    anonymous = query_param(
        "anonymous",
        "`1`: name the annotators Annotator 1, 2... instead of by name, numbered in the order "
        "they arrived in the project (membership as an annotator, assignment or layer, the "
        "earliest), the same "
        "number on every page and answer of the project.",
    )
    return {
        "/projects/{slug}/review": {
            "get": _operation(
                "List the documents two or more annotated: those every assignee has finished "
                "first, then those someone has not, each most disagreement first; final last",
                QUEUE,
                (400, *read),
                [SLUG, *paging_params("documents"), anonymous, ANNOTATORS],
            )
        },
        "/projects/{slug}/review/{document_id}": {
            "get": _operation(
                "Return every classified difference between a document's layers",
                DIFFERENCES,
                read,
                [SLUG, DOCUMENT, anonymous],
            )
        },
        "/projects/{slug}/review/{document_id}/accept": {
            "post": _operation(
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
                (*write, 409),
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
            "post": _operation(
                "Decide that gold holds none of a difference's versions; it counts as decided",
                obj(
                    ["document", "difference", "decided_by", "decided_at"],
                    document=integer(),
                    difference=STR,
                    decided_by={"type": ["string", "null"]},
                    decided_at={"type": "string", "format": "date-time"},
                ),
                (*write, 409),
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
            "post": _operation(
                "Take another version of a difference gold decided with a version, in place "
                "of gold's: a span moved onto it (its relations following), a relation "
                "replaced, a value set. 409 when gold holds no version of it (undecided, or "
                "decided as none taken: accept one instead), holds this one already, or holds "
                "two spans of it (change them in the gold layer)",
                GOLD_CHANGED,
                (*write, 409),
                [SLUG, DOCUMENT, anonymous],
                TAKE_BODY,
            )
        },
        "/projects/{slug}/review/{document_id}/taken/{key}": {
            "delete": _operation(
                "Reopen a difference gold decided with a version: gold's version is removed "
                "(a span with the relations at it) and the difference is to decide again. 409 "
                "when gold holds none of its versions (undecided, or decided as none taken: "
                "`DELETE .../none/{key}` reopens that)",
                GOLD_CHANGED,
                (400, *read, 409),
                [SLUG, DOCUMENT, DIFFERENCE_KEY],
            )
        },
        "/projects/{slug}/review/{document_id}/unanimous": {
            "post": _operation(
                "Accept into gold every item all of the document's annotators gave alike "
                "(`quorum: majority`: more than half of them)",
                ACCEPTED,
                (*write, 409),
                [SLUG, DOCUMENT],
                QUORUM_BODY,
                required_body=False,
            )
            | {"description": f"{QUORUM_SAID} {GOLD_FINAL_SAID}"}
        },
        "/projects/{slug}/review/unanimous": {
            "post": _operation(
                "Accept every unanimous (or `quorum: majority`) item of every document not "
                "marked final that everyone assigned has finished",
                ACCEPTED,
                write,
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
        "/projects/{slug}/review/{document_id}/sentences/{index}/split": {
            "post": _operation(
                "Split a sentence at a code-point offset; its labels stay on the first part. "
                "A split through spans of any layer answers 409 naming them "
                "(`details.spans`) unless `force` is true; they then keep their offsets "
                "and cross the new boundary",
                SPLIT,
                (*write, 409),
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
            "post": _operation(
                "Merge a sentence with the next; labels that differ are refused unless `keep` says "
                "which sentence's values win",
                SENTENCES,
                (*write, 409),
                [SLUG, DOCUMENT, SENTENCE_INDEX, anonymous],
                obj([], keep={"type": "string", "enum": ["first", "second"]}),
                required_body=False,
            )
        },
        "/projects/{slug}/documents/{document_id}/history": {
            "get": _operation(
                "Return a page of a document's history by layer, newest first (annotators: "
                "their own layer's)",
                HISTORY,
                (400, *read),
                [SLUG, DOCUMENT, *HISTORY_QUERY],
            )
        },
        "/projects/{slug}/documents/{document_id}/history/{change_id}/restore": {
            "post": _operation(
                "Put back what a change found before it: a deleted span with its relations, or "
                "an earlier value, a span's or relation's note included (reviewers; an "
                "annotator their own layer's spans, relations and labels while it is open: "
                "`layer_done` once marked done, 403 for its status; 404, as for an id that "
                "does not exist, for a change in a layer the caller may not read); 409 when "
                "it can no longer apply. What comes back keeps the source, decider, model and "
                "score it had then (a gold item's source is the restore row's `item_source`)",
                RESTORED,
                (401, 403, 404, 409),
                [SLUG, DOCUMENT, CHANGE_ID],
            )
        },
        "/projects/{slug}/review/{document_id}/status": {
            "put": _operation(
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
                write,
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
