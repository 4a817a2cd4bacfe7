"""What each annotator said no to: rejected suggestions, stored and filtered out of reads.

A rejection is kept by what was suggested (label and offsets) with the model that
suggested it, not by the suggestion's row: the next prediction replaces the rows, and a
span once rejected must stay hidden from that annotator whichever model suggests it again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.core.vocabulary import RULES
from annotator.models import Span, SuggestionRejection

#: What a rejection is known by: the suggested span's label and offsets.
Suggested = tuple[str, int, int]


def rejected_by(session: Session, user_id: int, document_id: int) -> set[Suggested]:
    """Return the suggestions ``user_id`` has rejected on ``document_id``."""
    rows = session.execute(
        select(SuggestionRejection.label, SuggestionRejection.start, SuggestionRejection.end)
        .where(SuggestionRejection.user_id == user_id)
        .where(SuggestionRejection.document_id == document_id)
    )
    return {(label, start, end) for label, start, end in rows}


def record_rejection(
    session: Session, user_id: int, document_id: int, suggestion: Span
) -> SuggestionRejection:
    """Store ``user_id``'s rejection of ``suggestion``; a second rejection changes nothing."""
    found = session.scalar(
        select(SuggestionRejection).where(*_this(user_id, document_id, suggestion))
    )
    if found is not None:
        return found
    row = SuggestionRejection(
        user_id=user_id,
        document_id=document_id,
        label=suggestion.label,
        start=suggestion.start,
        end=suggestion.end,
        model=suggestion.model or RULES,
        score=suggestion.score,
    )
    session.add(row)
    session.flush()
    return row


def forget_rejection(session: Session, user_id: int, document_id: int, suggestion: Span) -> bool:
    """Take back ``user_id``'s rejection of ``suggestion`` (an undone rejection): it is shown
    to them again. Return whether there was one; none is no error (a repeated undo)."""
    result = session.execute(
        delete(SuggestionRejection).where(*_this(user_id, document_id, suggestion))
    )
    return bool(getattr(result, "rowcount", 0))


def without_rejected(payload: dict[str, Any], rejected: set[Suggested]) -> dict[str, Any]:
    """Drop the rejected spans of a suggestions layer payload, and the relations they end."""
    if not rejected:
        return payload
    gone = {
        span["id"]
        for span in payload["spans"]
        if (span["label"], span["start"], span["end"]) in rejected
    }
    payload["spans"] = [span for span in payload["spans"] if span["id"] not in gone]
    payload["relations"] = [
        relation
        for relation in payload["relations"]
        if relation["from"] not in gone and relation["to"] not in gone
    ]
    return payload


def _this(user_id: int, document_id: int, suggestion: Span) -> tuple[Any, ...]:
    """The conditions of ``user_id``'s rejection of ``suggestion``: one home for what makes
    a rejection the same one, for recording it and taking it back."""
    return (
        SuggestionRejection.user_id == user_id,
        SuggestionRejection.document_id == document_id,
        SuggestionRejection.label == suggestion.label,
        SuggestionRejection.start == suggestion.start,
        SuggestionRejection.end == suggestion.end,
    )
