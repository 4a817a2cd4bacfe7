"""Changing a difference decided by a version in gold, over HTTP: take another version
instead, or reopen it. The review pages' actions, for scripts (reviewers and admins).

The rules are :mod:`annotator.services.review.decision_changes`'s, shared with the pages and
the command line; the answer is the fields of the result the pages' flash is said from
(:class:`annotator.core.gold_changes.Changed`).
"""

from __future__ import annotations

from typing import Any

from annotator.api import bp, fields, json_object
from annotator.api.idempotency import keyless
from annotator.api.review import answer_names, reviewed
from annotator.core.errors import Malformed
from annotator.core.gold_changes import Changed
from annotator.db import get_session
from annotator.services.datasets.documents import document_in_project
from annotator.services.review.decision_changes import reopening, taking


@bp.post("/projects/<slug>/review/<int:document_id>/take")
@keyless
def review_take(slug: str, document_id: int) -> Any:
    """Take another version of a difference gold decided, in place of gold's:
    ``{"difference": KEY, "annotator": NAME}`` or ``{"difference": KEY, "kind", "id"}``."""
    user, project = reviewed(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    body = json_object()
    key = fields.string(body, "difference")
    annotator = fields.string(body, "annotator", required=False)
    by_item = any(name in body for name in ("kind", "id", "attribute"))
    if fields.present(annotator) and by_item:
        # The body's shape, as neither is (400), not a value the schema refuses (422).
        raise Malformed(
            "name the version to take by 'annotator' or by 'kind' and 'id', not both",
            details={"field": "annotator"},
        )
    if fields.present(annotator):
        changed = taking.take_annotators_instead(
            session, user, document, key, annotator, audience="api"
        )
    elif by_item:
        kind, item_id = fields.string(body, "kind"), fields.integer(body, "id")
        attribute = fields.string(body, "attribute", required=False)
        changed = taking.take_instead(
            session,
            user,
            document,
            key,
            kind,
            item_id,
            attribute if fields.present(attribute) else None,
            shown=answer_names(project),
            audience="api",  # a value's sentence by its index, as the API counts
        )
    else:
        raise Malformed(
            "the body needs 'annotator', or 'kind' and 'id': the version to take",
            details={"field": "annotator"},
        )
    session.commit()
    return _answer(document.id, key, changed)


@bp.delete("/projects/<slug>/review/<int:document_id>/taken/<key>")
@keyless
def review_reopen_taken(slug: str, document_id: int, key: str) -> Any:
    """Reopen a difference gold decided by a version: gold's version goes (a span with the
    relations at it), and the difference is to decide again."""
    user, project = reviewed(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    changed = reopening.reopen_taken(session, user, document, key, audience="api")
    session.commit()
    return _answer(document.id, key, changed)


def _answer(document_id: int, key: str, changed: Changed) -> dict[str, Any]:
    # ``none_reopened`` is left out: neither endpoint changes a "none taken" decision.
    return {
        "document": document_id,
        "difference": key,
        "replaced": [{"before": before, "after": after} for before, after in changed.replaced],
        "added": changed.added,
        "removed": changed.removed,
        "relations_kept": changed.relations_kept,
        "relations_removed": changed.relations_removed,
        "relations_repointed": [
            {"before": before, "after": after} for before, after in changed.relations_repointed
        ],
    }
