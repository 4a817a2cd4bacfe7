"""The gold status of a document: ``open``, ``in_review`` or ``final``.

``open`` until the gold layer holds anything or a reviewer decides something, then
``in_review``; a reviewer marks it ``final`` (and may reopen it). Accepting every unanimous
item of a project skips the documents marked final.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.vocabulary import FINAL
from annotator.db import AppSession
from annotator.models import GOLD_STATUSES, Document, GoldStatus, Project
from annotator.services.accounts.permissions import require_review
from annotator.services.gold.lock import hold_gold_for_status
from annotator.services.gold.state import (
    gold_status_column,
    gold_status_is,
    write_gold_status,
)
from annotator.services.history import record_status


def mark_in_review(session: AppSession, document: Document, reviewer: Actor) -> None:
    """Move a document's gold from ``open`` to ``in_review`` on its first decision."""
    status = session.get(GoldStatus, document.id)
    if status is None:
        session.add(
            GoldStatus(document_id=document.id, status="in_review", updated_by_id=reviewer.id)
        )
    elif status.status == "open":
        status.status = "in_review"
        status.updated_by_id = reviewer.id
    else:
        return
    record_status(session, document.id, None, "open", "in_review", actor=reviewer)


def set_gold_status(session: AppSession, reviewer: Actor, document: Document, status: str) -> str:
    """Set a document's gold status: ``open``, ``in_review`` or ``final``."""
    require_review(session, reviewer, document.project_id, "change the gold status")
    if status not in GOLD_STATUSES:
        raise Invalid(
            f"gold status must be one of {', '.join(GOLD_STATUSES)}, got {status!r}",
            details={"field": "status", "allowed": list(GOLD_STATUSES)},
        )
    # Gold writes under way commit first; new ones wait for this status (services/gold/lock.py).
    hold_gold_for_status(session, document)
    row = session.get(GoldStatus, document.id)
    before = document_gold_status(session, document) if row is None else row.status
    write_gold_status(session, document.id, row, before, status, reviewer)
    return status


def gold_statuses(session: Session, project: Project) -> dict[int, str]:
    """Return the gold status of each document of ``project`` (document id -> status)."""
    return _statuses(session, Document.project_id == project.id)


def document_gold_status(session: Session, document: Document) -> str:
    """Return one document's gold status (reading that document's rows only)."""
    return _statuses(session, Document.id == document.id)[document.id]


def _statuses(session: Session, which: ColumnElement[bool]) -> dict[int, str]:
    """Return the gold status of the documents ``which`` selects (the rule:
    :mod:`annotator.services.gold.state`)."""
    query = select(Document.id, gold_status_column()).where(which)
    return {doc_id: status for doc_id, status in session.execute(query)}


def gold_statuses_of(session: Session, document_ids: list[int]) -> dict[int, str]:
    """Return the gold status of each of ``document_ids`` (one page of a list, say)."""
    return _statuses(session, Document.id.in_(document_ids))


def final_documents(session: Session, project: Project) -> set[int]:
    """Return the ids of ``project``'s documents whose gold a reviewer marked final.

    :func:`annotator.services.gold.lock.gold_is_final`'s question asked of every document at
    once, in one query: the lock's :data:`~annotator.core.vocabulary.FINAL`.
    """
    query = select(Document.id).where(Document.project_id == project.id, gold_status_is(FINAL))
    return set(session.scalars(query))
