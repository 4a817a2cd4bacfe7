"""What the workspace needs besides the annotation loop: notes, and safe retries of writes.

A POST, PATCH or DELETE under /api/v1 may carry an ``Idempotency-Key`` header: the first
request with a key is applied and recorded in the same transaction; a retry with the same
key is answered from that record instead of being applied again.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, g, request

from annotator import permissions
from annotator.api import bp, caller, json_object
from annotator.api import fields as f
from annotator.db import get_session
from annotator.errors import Conflict, Malformed
from annotator.models import Document, Layer, Relation, Span
from annotator.services import idempotency
from annotator.services.documents import get_document
from annotator.services.layer_payloads import relation_payload, sentence_index, span_payload
from annotator.services.notes import document_notes, note_payload, set_note

#: The writes a key protects, and the status of their answer. PUT needs none: it is
#: idempotent as it is, and a retry simply sets the same value again.
STATUS = {"POST": 201, "PATCH": 200, "DELETE": 204}
HEADER = "Idempotency-Key"
#: Endpoints whose writes are idempotent by nature (doing one twice changes nothing more):
#: a key sent to them is not recorded, and a retry simply runs again.
KEYLESS: set[str] = set()


def keyless(view: Any) -> Any:
    """Mark a POST endpoint as idempotent by nature: it takes no Idempotency-Key."""
    KEYLESS.add(f"{bp.name}.{view.__name__}")
    return view


@bp.before_request
def _replay_retried_write() -> Any:
    key = request.headers.get(HEADER)
    status = STATUS.get(request.method)
    if key is None or status is None or g.get("user") is None or request.endpoint in KEYLESS:
        return None
    idempotency.check_key(key)
    what = f"{request.method} {request.full_path.rstrip('?')}"[:300]
    # What a replay answers with: the span a PATCH changes, nothing for a DELETE, and for a
    # create (None) the row it makes, which the endpoint names (idempotency.record_created).
    span_id = (request.view_args or {}).get("span_id")
    target: dict[str, Any] | None = None
    if request.method == "PATCH" and span_id:
        target = {"span": span_id}
    elif request.method == "DELETE":
        target = {}
    row = idempotency.claim(get_session(), g.user, key, what, status=status, target=target)
    if row is None:
        return None
    answer = _replayed(row.status or status, idempotency.target_of(row))
    answer.headers["Idempotent-Replayed"] = "true"
    return answer


def _replayed(status: int, target: dict[str, Any]) -> Response:
    """Answer a retried write from the rows it made, as they are now."""
    if status == 204:
        return Response(status=204)
    session = get_session()
    body: dict[str, Any] | None = None
    if "span" in target:
        span = session.get(Span, target["span"])
        if span is not None:
            layer = session.get(Layer, span.layer_id)
            document = session.get(Document, layer.document_id)  # type: ignore[union-attr]
            assert document is not None
            sentence = sentence_index(session, document.id, span.start)
            body = span_payload(span, document.text, (), sentence=sentence, include_version=True)
    elif "relation" in target:
        relation = session.get(Relation, target["relation"])
        body = relation_payload(relation) if relation is not None else None
    if body is None:
        raise Conflict(
            "this request was applied already, and what it made has been deleted since",
            details={"applied": target},
        )
    return Response(json.dumps(body), status=status, mimetype="application/json")


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
