"""Counting what accepting would write into gold, writing nothing: the pages' question."""

from __future__ import annotations

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.quorum import UNANIMOUS
from annotator.core.unanimous_scope import UnanimousScope
from annotator.models import Document, Project, User
from annotator.services.accounts.permissions import require_review
from annotator.services.review.accept_scope import scope_documents
from annotator.services.review.none_taken import documents_with_none_taken
from annotator.services.review.unanimous.items import check_quorum, items_to_accept
from annotator.services.review.unanimous.result import Accepted, left_out


def preview_unanimous(
    session: Session, reviewer: Actor, document: Document, *, quorum: str = UNANIMOUS
) -> Accepted:
    """Count what :func:`~.write.accept_unanimous` would write into the document's gold,
    writing nothing."""
    require_review(session, reviewer, document.project_id, "adjudicate")
    check_quorum(quorum)
    return _counted(session, [document], quorum, None)


def preview_unanimous_in(
    session: Session, reviewer: User, project: Project, scope: UnanimousScope
) -> Accepted:
    """Count what :func:`~.many.accept_unanimous_in` would write into gold for ``scope``,
    writing nothing: the same documents, left out and named back the same way."""
    require_review(session, reviewer, project.id, "adjudicate")
    check_quorum(scope.quorum)
    taken = scope_documents(session, project, scope)
    decided = documents_with_none_taken(session, project.id)
    return _counted(session, taken.documents, scope.quorum, decided, left_out(taken))


def _counted(
    session: Session,
    documents: list[Document],
    quorum: str,
    decided: set[int] | None,
    result: Accepted | None = None,
) -> Accepted:
    """Count what accepting would write into ``documents``' gold (``decided``: the ids of
    those with a "none taken" decision, when known), into ``result`` when given."""
    result = result or Accepted()
    for document in documents:
        known = None if decided is None else document.id in decided
        items = items_to_accept(session, document, quorum, decisions=known)
        if items is None:
            result.skipped.append(document.external_id)
        else:
            result.add(items)
    return result
