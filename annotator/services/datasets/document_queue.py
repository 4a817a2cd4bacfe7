"""A user's list of documents: annotators their own queue, reviewers all, with progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from annotator.models import Assignment, Document, Project, User
from annotator.services.accounts.permissions import may_review
from annotator.services.datasets.queue_order import order_queue


@dataclass
class QueueItem:
    """A row of a document list: the document and how far its annotation has come."""

    document: Document
    status: str | None  # the caller's own assignment status, None when not assigned
    done: int  # assignments marked done
    assigned: int  # assignments in all


def document_queue(session: Session, project: Project, user: User) -> list[QueueItem]:
    """List the documents ``user`` works on: annotators their own queue, reviewers all.

    In the queue's order (:mod:`annotator.services.datasets.queue_order`): by document, or
    most uncertain for the model first.
    """
    counts = (
        select(
            Assignment.document_id,
            func.count().label("assigned"),
            func.count().filter(Assignment.status == "done").label("done"),
        )
        .group_by(Assignment.document_id)
        .subquery()
    )
    mine = (
        select(Assignment.document_id, Assignment.status)
        .where(Assignment.user_id == user.id)
        .subquery()
    )
    # Never the texts: a queue of thousands of long documents would read them all.
    query = (
        select(Document, mine.c.status, counts.c.done, counts.c.assigned)
        .options(load_only(Document.id, Document.project_id, Document.external_id, Document.title))
        .outerjoin(mine, mine.c.document_id == Document.id)
        .outerjoin(counts, counts.c.document_id == Document.id)
        .where(Document.project_id == project.id)
    )
    query = order_queue(query, project)
    if not may_review(session, user, project.id):
        query = query.where(mine.c.status.is_not(None))
    return [
        QueueItem(document=doc, status=status, done=done or 0, assigned=assigned or 0)
        for doc, status, done, assigned in session.execute(query)
    ]
