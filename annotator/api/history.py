"""A document's history by layer, and restoring from it (reviewers; annotators read their own).

The rules are :mod:`annotator.services.review.history` and
:mod:`annotator.services.review.restore`, shared with the history page.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from annotator.api import bp, caller, fields
from annotator.api.idempotency import keyless
from annotator.api.layer_query import asked_layer
from annotator.api.paging import asked_page
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.datasets.documents import document_in_project
from annotator.services.review.history import change_json, document_history
from annotator.services.review.restore import restore_change


@bp.get("/projects/<slug>/documents/<int:document_id>/history")
def document_history_api(slug: str, document_id: int) -> Any:
    """Return a page of a document's history, newest first (``?annotator=&page=&per_page=``)."""
    user = caller()
    session = get_session()
    project = permissions.visible_project(session, user, slug)
    document = document_in_project(session, project, fields.row_id(document_id, "document"))
    paging = asked_page()
    history = document_history(
        session,
        user,
        document,
        asked_layer(),
        page=paging.page,
        per_page=paging.per_page,
        audience="api",  # sentences by index, as the API counts them everywhere
    )
    return {
        "document": document.id,
        "layers": history.layers,
        "changes": [change_json(change) for change in history.changes],
        "total": history.total,
        "page": history.page,
        "per_page": history.per_page,
    }


@bp.post("/projects/<slug>/documents/<int:document_id>/history/<int:change_id>/restore")
@keyless
def restore_from_history(slug: str, document_id: int, change_id: int) -> Any:
    """Put back what one change found before it (reviewers; an annotator in their own open
    layer); 409 when it cannot apply."""
    user = caller()
    session = get_session()
    project = permissions.visible_project(session, user, slug)
    document = document_in_project(session, project, fields.row_id(document_id, "document"))
    restored = restore_change(
        session, user, document, fields.row_id(change_id, "change"), audience="api"
    )
    session.commit()
    return asdict(restored)
