"""What the workspace needs besides the annotation loop: the notes on a document, and the
active time spent on it.

Safe retries of its writes (``Idempotency-Key``) are :mod:`annotator.api.idempotency`.
"""

from __future__ import annotations

from typing import Any

from annotator.api import bp, caller, json_object
from annotator.api import fields as f
from annotator.api.layer_query import asked_layer
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.annotation import access
from annotator.services.annotation.active_time import Visit, add_active_time
from annotator.services.annotation.notes import document_notes, note_payload, set_note
from annotator.services.datasets.documents import get_document
from annotator.web.security import now


@bp.get("/documents/<int:document_id>/notes")
def notes(document_id: int) -> Any:
    """List the notes on a document: reviewers see every annotator's, annotators their own."""
    user = caller()
    session = get_session()
    document = get_document(session, f.row_id(document_id, "document"))
    permissions.require_document(session, user, document)
    # Whose notes the caller may read is whose layer they may read; an unknown name is a
    # 404, as for the layer.
    return {"notes": document_notes(session, user, document, asked_layer())}


@bp.put("/documents/<int:document_id>/note")
def put_note(document_id: int) -> Any:
    """Set your note and "unsure" flag on a document assigned to you.

    ``version``, when sent, is the note's version the writer read (0: none yet): a note
    saved since (another tab) makes it a 409 rather than a silent overwrite.
    """
    user = caller()
    session = get_session()
    document = get_document(session, f.row_id(document_id, "document"))
    # A document the caller may not see is a 404 before anything of the body is read.
    permissions.require_document(session, user, document)
    access.require_own(user, asked_layer(), "note")
    body = json_object()
    note = f.string(body, "note")
    unsure = f.flag(body, "unsure")
    version = f.optional_integer(body, "version")
    row = set_note(session, user, document, note, unsure, version)
    answer = note_payload(row, user.username)
    session.commit()
    return answer


@bp.post("/documents/<int:document_id>/time")
def add_time(document_id: int) -> Any:
    """Add ``{"seconds": N}`` of active time to your layer (``?layer=gold``: gold's).

    No more is credited than the time since the layer's last credited report allows
    (:mod:`annotator.services.annotation.active_time`); the answer says how much was. With
    ``"visit": {"id", "seconds"}`` (the page load, and how far its count reaches), seconds
    the layer had from that visit already are not added again.
    """
    user = caller()
    session = get_session()
    # A document the caller may not see is a 404 before anything of the body is read.
    permissions.require_document(
        session, user, get_document(session, f.row_id(document_id, "document"))
    )
    body = json_object()
    seconds = f.integer(body, "seconds")
    credited, total = add_active_time(
        session,
        user,
        f.row_id(document_id, "document"),
        asked_layer(),
        seconds,
        now=now(),
        visit=_visit(body),
    )
    session.commit()
    return {"document": document_id, "seconds": total, "credited": credited}


def _visit(body: dict[str, Any]) -> Visit | None:
    """Return the report's visit, None when absent or null."""
    visit = f.mapping(body, "visit", required=False)
    if not f.present(visit):
        return None
    return Visit(f.string(visit, "id"), f.integer(visit, "seconds"))
