"""Writing a model's suggestions on many documents in the background, a batch at a time.

After a training (on the documents waiting in annotators' queues, so that their uncertainty,
and with it the queue's order, is the new model's) and for the "Suggest now" button (on every
document). Each batch is its own short transaction, so that SQLite's write lock is never held
for long, and a document deleted meanwhile costs only its batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.models import Document, Project
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.waiting import waiting_conditions

#: Documents suggested for in one transaction: SQLite's write lock is held while the model
#: tags them (some 60 ms a 1,000-word document), so never for long.
SUGGEST_BATCH = 10


def waiting_documents(session: Session, project: Project) -> list[str]:
    """Return the external ids of documents waiting in a queue that nobody has begun
    (:func:`waiting_conditions`)."""
    return _external_ids(session, project, *waiting_conditions())


def suggest_for_waiting(open_session: Callable[[], Session], project_id: int) -> int:
    """Write the newest model's suggestions, and uncertainty, on the waiting documents.

    Return how many documents were suggested for (those the model learned from are skipped
    by :func:`~annotator.services.assist.predicting.predict_documents`).
    """
    return _suggest_in_batches(open_session, project_id, waiting_documents)


def suggest_for_all(open_session: Callable[[], Session], project_id: int) -> int:
    """Write the suggestions layer of every document of the project, a batch at a time.

    What ``annotator assist predict SLUG`` writes (the newest model's suggestions, the
    attribution rules' while there is none), for the "Suggest now" button, which runs it in
    the background. Return how many documents were suggested for.
    """
    return _suggest_in_batches(open_session, project_id, _every_document)


def _every_document(session: Session, project: Project) -> list[str]:
    return _external_ids(session, project)


def _external_ids(session: Session, project: Project, *conditions: Any) -> list[str]:
    """The external ids of the project's documents that meet ``conditions``, in id order."""
    query = select(Document.external_id).where(Document.project_id == project.id, *conditions)
    return list(session.scalars(query.order_by(Document.id)))


def _suggest_in_batches(
    open_session: Callable[[], Session],
    project_id: int,
    chosen: Callable[[Session, Project], list[str]],
) -> int:
    with open_session() as session:
        project = session.get(Project, project_id)
        names = [] if project is None else chosen(session, project)
        session.commit()
    done = 0
    for start in range(0, len(names), SUGGEST_BATCH):
        with open_session() as session:
            project = session.get(Project, project_id)
            if project is None:
                break
            try:
                report = predict_documents(session, project, names[start : start + SUGGEST_BATCH])
            except Invalid:  # a document deleted meanwhile: the next batch goes on
                session.rollback()
                continue
            session.commit()
            done += len(report["documents"])
    return done
