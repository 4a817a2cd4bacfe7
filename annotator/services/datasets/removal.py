"""Deleting a document with everything made on it, recorded in the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.models import Assignment, Document, LabelValue, Layer, Project, Relation, Span
from annotator.services import audit_log
from annotator.services.accounts import audit, permissions
from annotator.services.write_holds import hold_document


def remove_document(session: Session, document: Document, actor: Actor | None) -> None:
    """Delete ``document``: its sentences, assignments, layers, spans, relations and labels.

    The database removes the rows that hang off the document (every foreign key to it
    cascades; SQLite enforces them with ``PRAGMA foreign_keys=ON``, see :mod:`annotator.db`).
    The audit entry keeps what was lost, in counts. The document is held first
    (:func:`~annotator.services.write_holds.hold_document`): the writes under way on it
    commit before it is counted, and those that come later find no document (404).

    :param actor: who deletes it: an admin or a manager of the project; None on the
        command line.
    :raises NotFound: when ``actor`` may not see the document.
    :raises Forbidden: when ``actor`` sees it but may not administer the project.
    :raises NotFound: when another deletion took it meanwhile.
    """
    if actor is not None:
        permissions.require_document(session, actor, document)
        permissions.require_manage(session, actor, document.project_id, "delete documents")
    hold_document(session, document)
    project = session.get(Project, document.project_id)
    assert project is not None  # a document's project is a foreign key
    # Its number too: the audit page names the document by it once the row is gone.
    before: dict[str, Any] = {"external_id": document.external_id, "title": document.title}
    before |= {"number": document.number}
    before |= annotation_counts(session, document.id)
    audit_log.record(
        session,
        actor,
        "document.delete",
        project_slug=project.slug,
        target=audit.document_target(document.id),
        before=before,
    )
    session.delete(document)
    session.flush()


def annotation_counts(session: Session, document_id: int) -> dict[str, Any]:
    """Return how many assignments, layers, spans, relations and label values a document has."""
    layers = select(Layer.id).where(Layer.document_id == document_id).scalar_subquery()

    def count(model: Any, condition: Any) -> int:
        return session.scalar(select(func.count()).select_from(model).where(condition)) or 0

    return {
        "assignments": count(Assignment, Assignment.document_id == document_id),
        "layers": count(Layer, Layer.document_id == document_id),
        "spans": count(Span, Span.layer_id.in_(layers)),
        "relations": count(Relation, Relation.layer_id.in_(layers)),
        "label_values": count(LabelValue, LabelValue.layer_id.in_(layers)),
    }
