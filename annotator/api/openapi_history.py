"""The OpenAPI description of a document's history: its changes by layer, and restoring
what a change found before it."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import (
    READ,
    SLUG,
    count_param,
    paging_params,
    path_param,
    read_layer_params,
)
from annotator.api.openapi_review_parts import DOCUMENT, review_operation
from annotator.api.openapi_shapes import GOLD_SOURCE, STR, integer, obj
from annotator.core.history import SOURCES

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
        "kept. A gold relation whose source changed because one of its end spans moved or "
        "was relabelled (a take, a hand edit or a restore of the span) has a row of its own "
        "beside the span's: its ends before and after, and its new source here "
        "(`item_source_before` the one it had).",
    },
    item_source_before={
        "oneOf": [GOLD_SOURCE, {"type": "null"}],
        "description": "A gold item's source before the change, as `before` kept it for a "
        "restore (which gives it back); null for other layers, an item added, and an item "
        "that had none or whose source was not kept yet.",
    },
    caused_by={
        "type": ["integer", "null"],
        "description": "The change that made this one: a gold relation's row written because "
        "one of its end spans moved names that span's change, whose restore moves the relation "
        "back and gives it back `item_source_before` (the relation's row is not restored by "
        "itself). Null for every other change, and for rows kept before the link was.",
    },
    summary=obj(
        ["before", "after", "path"],
        before={
            "type": "string",
            "description": "The item before, in words; a sentence by its index from 0, as "
            "every API message counts (the History page numbers it from 1).",
        },
        after={"type": "string", "description": "The item after, in words, as `before`."},
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
        source_before={
            "type": "string",
            "description": "Only with an `item_source_before`: it in words, as `source`.",
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
    warnings={
        "type": "array",
        "items": STR,
        "description": "What was put back that may not be what was meant: a status restored "
        "to done while the layer leaves a required field blank (`restored as done all the "
        "same: the required field 'stance' has no value on sentence 2`); restored all the "
        "same. Empty otherwise.",
    },
)
HISTORY_QUERY = [
    *read_layer_params("One layer only: an annotator's name or `gold`."),
    count_param("page", "Answer this page (from 1; default 1).", integer(minimum=1)),
    paging_params("changes")[1],
]
CHANGE_ID = path_param("change_id")


def history_paths() -> dict[str, Any]:
    """Return the path items of a document's history."""
    return {
        "/projects/{slug}/documents/{document_id}/history": {
            "get": review_operation(
                "Return a page of a document's history by layer, newest first (annotators: "
                "their own layer's)",
                HISTORY,
                (400, *READ),
                [SLUG, DOCUMENT, *HISTORY_QUERY],
            )
        },
        "/projects/{slug}/documents/{document_id}/history/{change_id}/restore": {
            "post": review_operation(
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
    }
