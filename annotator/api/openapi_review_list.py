"""The OpenAPI description of the review list: the documents two or more annotated, those
everyone finished first, each group most disagreement first, final gold last."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import READ, SLUG, paged_list, paging_params, query_param
from annotator.api.openapi_review_parts import (
    GOLD_STATUS,
    LAYER_STATUSES,
    review_operation,
)
from annotator.api.openapi_shapes import STR, integer, obj
from annotator.core.vocabulary import ANNOTATOR_FILTERS

NUMBER_OR_NULL = {"type": ["number", "null"]}
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
ANNOTATORS = query_param(
    "annotators",
    "`finished`: only the documents every assignee has finished (done or skipped); "
    "`waiting`: only those someone assigned has not (400 for another value).",
    {"type": "string", "enum": list(ANNOTATOR_FILTERS)},
)


def review_list_paths(anonymous: dict[str, Any]) -> dict[str, Any]:
    """Return the path item of the review list; ``anonymous`` is its ``?anonymous=``."""
    return {
        "/projects/{slug}/review": {
            "get": review_operation(
                "List the documents two or more annotated: those every assignee has finished "
                "first, then those someone has not, each most disagreement first; final last",
                QUEUE,
                (400, *READ),
                [SLUG, *paging_params("documents"), anonymous, ANNOTATORS],
            )
        },
    }
