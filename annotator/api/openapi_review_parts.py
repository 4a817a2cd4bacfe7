"""What the OpenAPI modules of the review share: the document's path parameter, gold's
status and the layers', what a write answers while gold is final, and the operation that
answers 200."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import operation_of, path_param, query_param
from annotator.core.vocabulary import ASSIGNMENT_STATUSES, GOLD_STATUSES

DOCUMENT = path_param("document_id")
GOLD_STATUS = {"type": "string", "enum": list(GOLD_STATUSES)}
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


def review_operation(
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


def anonymous_param() -> dict[str, Any]:
    """Return the ``anonymous`` query parameter: answers that name annotators by number."""
    return query_param(
        "anonymous",
        "`1`: name the annotators Annotator 1, 2... instead of by name, numbered in the order "
        "they arrived in the project (membership as an annotator, assignment or layer, the "
        "earliest), the same "
        "number on every page and answer of the project.",
    )
