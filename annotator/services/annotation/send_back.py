"""Sending an annotator's finished layer back to them, and telling them so.

A layer marked done (or skipped) takes no write until its annotator reopens it. When a lead
finds it unfinished (a field made required since it was done, say), a reviewer or manager of
the project sends it back: its status becomes ``in_progress``, recorded in the layer's
history as that reviewer's change, with the reason given. The annotator's workspace then
says who sent it back and why, and what the layer leaves blank now, until it is marked done
again (:func:`sent_back_notice`): the history row is the one record, so nothing else is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid, no_such
from annotator.core.required_fields import missing_said
from annotator.core.vocabulary import ASSIGNMENT_STATUS_NAMES, CLOSED_STATUSES
from annotator.db import AppSession
from annotator.models import Assignment, Document, Layer, LayerChange, User
from annotator.services.accounts.permissions import require_document_review
from annotator.services.annotation.required import layer_gaps
from annotator.services.documents_said import document_named
from annotator.services.history import acting, record_status

#: The longest reason kept: a line or two for the annotator, not a letter.
REASON_MOST = 500


def send_back(
    session: AppSession,
    actor: Actor,
    document: Document,
    username: Any,
    reason: Any = None,
) -> Assignment:
    """Send ``username``'s finished layer on ``document`` back to them: ``in_progress``.

    :param reason: words for the annotator (optional), at most :data:`REASON_MOST` characters.
    :raises NotFound: the caller may not see the document, or ``username`` has no assignment
        to it.
    :raises Forbidden: the caller sees the document but may not review its project.
    :raises Invalid: ``username`` or ``reason`` that is not text, or a reason too long.
    :raises Conflict: the layer is not marked done or skipped: there is nothing to send back
        (``details.status``).
    """
    require_document_review(session, actor, document, "send a layer back")
    if not isinstance(username, str) or not username:
        raise Invalid("'annotator' must be the username of the layer to send back")
    said = _reason(reason)
    assignment = session.scalar(
        select(Assignment)
        .join(User, User.id == Assignment.user_id)
        .where(Assignment.document_id == document.id, User.username == username)
    )
    if assignment is None:
        raise no_such(f"layer of {username!r} on document", document.number)
    if assignment.status not in CLOSED_STATUSES:
        status = ASSIGNMENT_STATUS_NAMES[assignment.status].lower()
        raise Conflict(
            f"{username}'s layer on document {document_named(session, document)} is "
            f"{status}, not marked done or skipped: there is nothing to send back",
            details={"status": assignment.status, "annotator": username},
        )
    before = assignment.status
    assignment.status = "in_progress"
    session.flush()
    with acting(session, actor, "reviewer"):
        record_status(
            session, document.id, assignment.user_id, before, "in_progress", sent_back=said
        )
    return assignment


def _reason(reason: Any) -> str:
    if reason is None:
        return ""
    if not isinstance(reason, str):
        raise Invalid("'reason' must be text (or null)", details={"field": "reason"})
    said = " ".join(reason.split())
    if len(said) > REASON_MOST:
        raise Invalid(
            f"'reason' is {len(said):,} characters long; it takes at most {REASON_MOST}",
            details={"field": "reason"},
        )
    return said


@dataclass(frozen=True)
class SentBack:
    """Who sent a layer back, why, and what it leaves blank now."""

    by: str
    reason: str
    blank: str

    def said(self) -> str:
        """Say it as the workspace does: "Sent back by rita: stance blank (...). ..."."""
        why = f": {self.reason}" if self.reason else ""
        blank = f" Still to do: {self.blank}." if self.blank else ""
        return f"Sent back to you by {self.by}{why}.{blank}"

    def as_dict(self) -> dict[str, str]:
        """Return it as the workspace's data reads it."""
        return {"by": self.by, "reason": self.reason, "blank": self.blank, "message": self.said()}


def sent_back_notice(
    session: AppSession, document: Document, assignment: Assignment | None
) -> SentBack | None:
    """Return how the layer of ``assignment`` was sent back, while it is in progress since
    (None: it was not, or it was marked done or reopened by its annotator after)."""
    if assignment is None or assignment.status != "in_progress":
        return None
    row = session.execute(
        select(LayerChange.after, User.username)
        .outerjoin(User, User.id == LayerChange.actor_id)
        .where(
            LayerChange.document_id == document.id,
            LayerChange.layer_key == Layer.key_for(assignment.user_id),
            LayerChange.kind == "status",
        )
        .order_by(LayerChange.id.desc())
        .limit(1)
    ).first()
    if row is None or row.after is None:
        return None
    after = json.loads(row.after)
    if not after.get("sent_back"):
        return None
    gaps = layer_gaps(session, document, assignment.user_id)
    return SentBack(row.username or "someone", str(after.get("reason") or ""), missing_said(gaps))
