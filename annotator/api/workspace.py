"""What the workspace needs besides the annotation loop: notes, and safe retries of writes.

Any write under /api/v1 may carry an ``Idempotency-Key`` header: the first request with a
key is applied and its answer kept; a retry with the same key gets that answer back.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, g, request

from annotator import permissions
from annotator.api import bp, caller, json_object
from annotator.api import fields as f
from annotator.db import get_session
from annotator.errors import Malformed
from annotator.services import idempotency
from annotator.services.documents import get_document
from annotator.services.notes import document_notes, note_payload, set_note

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "Idempotency-Key"


@bp.before_request
def _replay_retried_write() -> Any:
    key = request.headers.get(HEADER)
    if key is None or request.method not in WRITES or g.get("user") is None:
        return None
    idempotency.check_key(key)
    what = f"{request.method} {request.full_path.rstrip('?')}"[:300]
    row = idempotency.claim(get_session(), g.user, key, what)
    if row is None:
        g.idempotency_key = key
        return None
    answer = Response(row.body or None, status=row.status, mimetype="application/json")
    answer.headers["Idempotent-Replayed"] = "true"
    return answer


@bp.after_request
def _keep_answer(response: Response) -> Response:
    key = g.pop("idempotency_key", None)
    if key is None or response.status_code >= 400:
        return response  # an error rolled the write back, and its key with it
    session = get_session()
    try:
        idempotency.store_answer(
            session, g.user, key, response.status_code, response.get_data(as_text=True)
        )
        session.commit()
    except Exception:  # the write itself is committed; a retry will wait, then get 409
        session.rollback()
        current_app.logger.exception("could not store the answer for Idempotency-Key %r", key)
    return response


@bp.get("/documents/<int:document_id>/notes")
def notes(document_id: int) -> Any:
    """List the notes on a document: reviewers see every annotator's, annotators their own."""
    user = caller()
    session = get_session()
    document = get_document(session, f.row_id(document_id, "document"))
    permissions.require_document(session, user, document)
    return {"notes": document_notes(session, user, document)}


@bp.put("/documents/<int:document_id>/note")
def put_note(document_id: int) -> Any:
    """Set your note and "unsure" flag on a document assigned to you."""
    user = caller()
    session = get_session()
    document = get_document(session, f.row_id(document_id, "document"))
    body = json_object()
    note = f.string(body, "note")
    unsure = body.get("unsure", False)
    if not isinstance(unsure, bool):
        raise Malformed("the field 'unsure' must be true or false", details={"field": "unsure"})
    row = set_note(session, user, document, note, unsure)
    answer = note_payload(row, user.username)
    session.commit()
    return answer
