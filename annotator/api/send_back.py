"""Sending an annotator's finished layer back to them: ``POST /documents/<id>/send-back``."""

from __future__ import annotations

from typing import Any

from annotator.api import bp, caller, json_object
from annotator.api import fields as f
from annotator.api.idempotency import keyless
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.annotation import labels, send_back
from annotator.services.datasets.documents import get_document


# Keyless: a repeat of a send-back that landed is refused (409: the layer is in progress
# now), never applied twice, so there is no first answer to replay.
@bp.post("/documents/<int:document_id>/send-back")
@keyless
def send_layer_back(document_id: int) -> Any:
    """Send an annotator's layer marked done (or skipped) back to them, in progress, with a
    reason they are shown (reviewers and managers of the project, and admins)."""
    user = caller()
    session = get_session()
    document = get_document(session, f.row_id(document_id, "document"))
    # Who may not see the document gets its 404 (and who may not review it the 403) before
    # anything of the body is read.
    permissions.require_document_review(session, user, document, "send a layer back")
    body = json_object()
    assignment = send_back.send_back(
        session, user, document, body.get("annotator"), body.get("reason")
    )
    answer = labels.assignment_payload(assignment) | {"sent_back_by": user.username}
    session.commit()
    return answer
