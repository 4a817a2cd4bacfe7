"""The OpenAPI description of review and adjudication (reviewers and admins), put together
from one module per job, in the order the document has long listed them."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_decisions import decision_paths
from annotator.api.openapi_gold import gold_status_paths, unanimous_paths
from annotator.api.openapi_history import history_paths
from annotator.api.openapi_review_list import review_list_paths
from annotator.api.openapi_review_parts import anonymous_param
from annotator.api.openapi_sentence_edits import sentence_edit_paths


def review_paths() -> dict[str, Any]:
    """Return the path items of the review endpoints."""
    anonymous = anonymous_param()
    return (
        review_list_paths(anonymous)
        | decision_paths(anonymous)
        | unanimous_paths()
        | sentence_edit_paths(anonymous)
        | history_paths()
        | gold_status_paths(anonymous)
    )
