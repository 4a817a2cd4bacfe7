"""An annotator's unfinished documents, and taking them off an annotator who leaves.

Unfinished means new or in progress (``OPEN_STATUSES``): what stops a member's removal
(:func:`~annotator.services.accounts.membership.remove_member`). Taking them off deletes
the annotator's work on them, as ``annotator unassign --force`` does, but never touches a
finished (done or skipped) document: that work is the project's, kept for agreement, review
and export. The Assignments page's confirmation lists :func:`unfinished_documents` and
then calls :func:`take_off_unfinished` on the documents it listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.vocabulary import OPEN_STATUSES
from annotator.models import Assignment, Document, Project, User
from annotator.services.accounts import staffing
from annotator.services.accounts.assignment import ReassignReport, UnassignReport
from annotator.services.accounts.held_work import with_work


@dataclass(frozen=True)
class Unfinished:
    """One of an annotator's unfinished documents, and whether their layer or note holds work."""

    id: int
    external_id: str
    number: int  # its place in the project, the page's #
    title: str | None
    status: str
    holds_work: bool


def unfinished_documents(
    session: Session, project: Project, user: User, document_ids: list[int] | None = None
) -> list[Unfinished]:
    """Return ``user``'s unfinished documents of ``project`` by id: all, or those of
    ``document_ids`` (others named, finished or not theirs, are left out)."""
    query = (
        select(
            Document.id, Document.external_id, Document.number, Document.title, Assignment.status
        )
        .join(Assignment, Assignment.document_id == Document.id)
        .where(
            Document.project_id == project.id,
            Assignment.user_id == user.id,
            Assignment.status.in_(OPEN_STATUSES),
        )
        .order_by(Document.id)
    )
    rows = session.execute(query).all()
    if document_ids is not None:
        wanted = set(document_ids)
        rows = [row for row in rows if row.id in wanted]
    worked = with_work(session, user, [row.id for row in rows])
    return [Unfinished(*row, holds_work=row.id in worked) for row in rows]


def take_off_unfinished(
    session: Session,
    actor: Actor | None,
    project: Project,
    user: User,
    document_ids: list[int] | None = None,
    to_user: User | None = None,
) -> UnassignReport | ReassignReport:
    """Take ``user`` off their unfinished documents (all, or those of ``document_ids`` still
    unfinished), deleting their work on them; give them to ``to_user`` if given, who starts
    each afresh. Logged as ``assignment.remove`` or ``assignment.reassign``, with what the
    deleted work held.

    :raises Invalid: ``user`` has none of those documents unfinished.
    """
    ids = [doc.id for doc in unfinished_documents(session, project, user, document_ids)]
    if not ids:
        raise Invalid(
            f"{user.username} has no unfinished documents"
            f"{' of those named' if document_ids is not None else ''} in {project.name}",
            {"field": "documents"},
        )
    if to_user is None:
        return staffing.take_back(session, actor, project, user, ids, force=True)
    # Those the new annotator has already are said as refused, the others given: the ids
    # are chosen here (the unfinished ones), not each named to be moved.
    return staffing.move_documents(
        session, actor, project, user, to_user, ids, force=True, all_or_nothing=False
    )
