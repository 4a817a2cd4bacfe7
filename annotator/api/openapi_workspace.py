"""The OpenAPI description of the workspace's own endpoints: notes, putting back a deleted
span or relation (an undo of its removal), and Idempotency-Key."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import (
    READ,
    WRITE,
    WRITE_LAYER,
    json_content,
    operation_of,
    path_param,
    read_layer_params,
)
from annotator.api.openapi_shapes import STR, obj, ref
from annotator.core.limits import INT_MAX
from annotator.core.span_notes import MAX_NOTE
from annotator.core.wording import counted
from annotator.services.annotation.active_time import VISIT_ID_PATTERN
from annotator.services.annotation.idempotency import KEEP, KEY_PATTERN

NOTE = obj(
    ["annotator", "note", "unsure", "updated_at", "version"],
    annotator=STR,
    note=STR,
    unsure={"type": "boolean"},
    updated_at={"type": ["string", "null"], "format": "date-time"},
    version={
        "type": "integer",
        "minimum": 0,
        "description": "Bumped on every write; 0 for a note never written.",
    },
)
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A retry with the same key is answered from the first attempt's record "
    "(header `Idempotent-Replayed: true`) instead of applying the write twice: the row as it "
    "is now. A key is the caller's own (another user's same key is another key) and is kept "
    f"{counted(KEEP.days, 'day')} from its first use (after that it is a new request). The "
    "same key with another method, path or body is a 422 (a JSON body is compared as JSON: "
    "the same object with its keys in another order or other spacing is the same body); "
    "while the first attempt is still being applied, a 409; a replay of a create whose row "
    "has been deleted since, a 409 with "
    "`details.applied` naming what it made. PUT needs none. The writes whose answer cannot "
    "be replayed (`POST /projects`, imports, tokens, reviews' decisions...) refuse a key with "
    "400, each saying so.",
    "schema": {"type": "string", "pattern": KEY_PATTERN},
}
#: What a write that refuses an Idempotency-Key says of it (annotator.api.idempotency.keyless).
KEYLESS_SAID = (
    " Takes no `Idempotency-Key`: its answer cannot be replayed, so a key is refused with 400 "
    "(repeating the request is safe; it may answer differently)."
)

#: The visit a report of active time belongs to (services/annotation/active_time.py).
VISIT = {
    "type": ["object", "null"],
    "required": ["id", "seconds"],
    "properties": {
        "id": {
            "type": "string",
            "pattern": VISIT_ID_PATTERN,
            "description": "The visit's id, made once by the page when it loads.",
        },
        "seconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": INT_MAX,
            "description": "The active seconds the visit counted up to the end of this "
            "report, the report's `seconds` being the last of them: at least those (else "
            "422). Seconds of the visit the layer had already are not added again.",
        },
    },
    "description": "The visit (page load) the report belongs to; absent or null: the "
    "report's seconds are added as they are.",
}

#: What a restore of a deletion answers 409 for, besides a layer marked done.
PUT_BACK_CONFLICT = (
    " 409 when it cannot come back: it is in the layer again (`details.span` or "
    "`details.relation` names the one there: this one, put back already, or an identical one "
    "made meanwhile, in another tab), or the document or the schema has moved on (an end "
    "gone, a label no longer in the schema). 404 for an item never deleted from a layer you "
    "may write, or another annotator's. Into gold marked final it is refused with 409 "
    "`gold_final` (`details.reopen`: the request that sets it back to in review), like every "
    "change of final gold. The restore is one write, recorded in the layer's "
    "history as `restore`; repeating it is safe (a 409), so it takes no Idempotency-Key."
)
RESTORED_SPAN = {
    "allOf": [
        ref("Span"),
        obj(
            ["relations", "skipped"],
            relations={
                "type": "array",
                "items": ref("Relation"),
                "description": "The relations removed with it that came back, with their ids.",
            },
            skipped={
                "type": "array",
                "items": STR,
                "description": "Relations removed with it that could not come back (their "
                "other span gone since), each with the reason.",
            },
        ),
    ]
}


def workspace_paths() -> dict[str, Any]:
    """Return the path items of the notes and put-back endpoints."""
    doc = path_param("document_id")
    return deletion_paths(doc) | {
        "/documents/{document_id}/notes": {
            "get": operation_of(
                "List the notes on a document: reviewers every annotator's, annotators their own",
                200,
                obj(["notes"], notes={"type": "array", "items": NOTE}),
                (400, *READ),
                params=[
                    doc,
                    *read_layer_params(
                        "Only this annotator's note; annotators may name only themselves."
                    ),
                ],
            )
        },
        "/documents/{document_id}/note": {
            "put": operation_of(
                "Set your note and unsure flag on a document assigned to you",
                200,
                NOTE,
                (*WRITE, 409),
                body=obj(
                    ["note"],
                    note={"type": "string", "maxLength": MAX_NOTE},
                    unsure={"type": "boolean"},
                    version={
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "description": "The note's version you last read (0: none yet): "
                        "one saved since (another tab) makes it a 409 with the stored "
                        "`details.version`, not an overwrite. Absent or null: the note "
                        "is replaced whatever its version (the last writer wins).",
                    },
                ),
                params=[
                    doc,
                    *read_layer_params(
                        "Your own username, or absent: anyone else's name, or `gold`, is a 403."
                    ),
                ],
            )
        },
        "/documents/{document_id}/time": {
            "post": operation_of(
                "Add seconds of active time to your layer of a document (the workspace "
                "reports them every half minute, and as its page is hidden or left). No more "
                "is credited than the time since the layer's credited time reaches, plus 10 s "
                "once (a layer's first report is taken as sent); with `visit`, seconds the "
                "layer had from that visit already are not added again (a report sent twice "
                "counts once); `credited` says how much was, `seconds` the layer's total",
                200,
                obj(
                    ["document", "seconds", "credited"],
                    document={"type": "integer"},
                    seconds={"type": "integer"},
                    credited={"type": "integer", "minimum": 0, "maximum": 120},
                ),
                WRITE,
                body=obj(
                    ["seconds"],
                    seconds={"type": "integer", "minimum": 1, "maximum": 120},
                    visit=VISIT,
                ),
                params=[
                    doc,
                    *WRITE_LAYER,
                ],
            )
        },
    }


def deletion_paths(doc: dict[str, Any]) -> dict[str, Any]:
    """Return the path items that put back a deleted span or relation with its id."""
    return {
        "/documents/{document_id}/spans/{span_id}/restore": {
            "post": operation_of(
                "Put back a deleted span with its id, note and attributes, and the relations "
                "removed with it with theirs (the workspace's undo of a removal); it comes "
                "back at a later version than it was deleted at",
                200,
                RESTORED_SPAN,
                (*WRITE, 409),
                params=[doc, path_param("span_id"), *WRITE_LAYER],
            )
            | {
                "description": "The restore of the span's latest deletion in the layer asked "
                "(yours, or gold with `?layer=gold`; none there is a 404). It comes back with "
                "where it came from too: a gold span's decider and source, an accepted "
                "suggestion's model and score." + PUT_BACK_CONFLICT
            },
        },
        "/documents/{document_id}/relations/{relation_id}/restore": {
            "post": operation_of(
                "Put back a deleted relation with its id and note (the workspace's undo of "
                "its removal)",
                200,
                ref("Relation"),
                (*WRITE, 409),
                params=[doc, path_param("relation_id"), *WRITE_LAYER],
            )
            | {
                "description": "The restore of the relation's latest deletion in the layer "
                "asked, with its decider and source (gold's), model and score." + PUT_BACK_CONFLICT
            },
        },
    }


#: What an operation that takes an Idempotency-Key may answer because of the key.
KEY_ERRORS = {
    "400": "A malformed Idempotency-Key (not 1 to 100 visible ASCII characters).",
    "409": "A request with this Idempotency-Key is still being applied (or was interrupted); "
    "or it was applied and what it made has been deleted since (`details.applied`).",
    "422": "The Idempotency-Key was used for another request (method, path or body).",
}


def with_workspace(
    paths: dict[str, Any], keyless: frozenset[tuple[str, str]] = frozenset()
) -> dict[str, Any]:
    """Return ``paths`` with the notes endpoints, and the Idempotency-Key on POST, PATCH and
    DELETE operations but the ``keyless`` ones (``(path, method)`` pairs), which refuse it."""
    paths = paths | workspace_paths()
    for path, item in paths.items():
        for method, operation in item.items():
            if method in ("post", "patch", "delete") and (path, method) in keyless:
                if KEYLESS_SAID not in operation.get("description", ""):
                    operation["description"] = operation.get("description", "") + KEYLESS_SAID
            elif method in ("post", "patch", "delete"):
                params = operation.setdefault("parameters", [])
                if IDEMPOTENCY_KEY not in params:
                    params.append(IDEMPOTENCY_KEY)
                responses = operation["responses"]
                for status, why in KEY_ERRORS.items():
                    if status not in responses:
                        responses[status] = {"description": why} | json_content(ref("Error"))
                    elif why not in responses[status]["description"]:
                        # The operation's own 409 (a stale version...) is answered too.
                        responses[status] = responses[status] | {
                            "description": f"{responses[status]['description']} Or: {why}"
                        }
    return paths
