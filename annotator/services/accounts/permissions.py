"""Who may do what: shared by pages, API and CLI so that one rule holds everywhere."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from annotator.core.errors import Forbidden
from annotator.models import Assignment, Document, Project, User


def visible_projects(session: Session, user: User) -> list[Project]:
    """Return the projects ``user`` may see: all for reviewers, assigned ones for annotators."""
    query = select(Project).order_by(Project.slug)
    if not user.is_reviewer:
        query = query.where(
            exists()
            .where(Assignment.user_id == user.id)
            .where(Assignment.document_id == Document.id)
            .where(Document.project_id == Project.id)
        )
    return list(session.scalars(query))


def can_see_project(session: Session, user: User, project: Project) -> bool:
    """Tell whether ``user`` may see ``project``."""
    if user.is_reviewer:
        return True
    return bool(
        session.scalar(
            select(
                exists()
                .where(Assignment.user_id == user.id)
                .where(Assignment.document_id == Document.id)
                .where(Document.project_id == project.id)
            )
        )
    )


def require_project(session: Session, user: User, project: Project) -> None:
    """Raise :class:`Forbidden` unless ``user`` may see ``project``."""
    if not can_see_project(session, user, project):
        raise Forbidden(f"you have no documents in project {project.slug!r}")


def find_assignment(session: Session, user: User, document: Document) -> Assignment | None:
    """Return ``user``'s assignment to ``document``, or None."""
    return session.scalar(
        select(Assignment).where(
            Assignment.user_id == user.id, Assignment.document_id == document.id
        )
    )


def require_assigned(assigned: bool, document_id: int) -> None:
    """Raise :class:`Forbidden` unless the caller is assigned the document."""
    if not assigned:
        raise Forbidden(f"document {document_id} is not assigned to you")


def require_assignment(session: Session, user: User, document: Document) -> Assignment:
    """Return ``user``'s assignment to ``document``, or raise :class:`Forbidden`."""
    assignment = find_assignment(session, user, document)
    require_assigned(assignment is not None, document.id)
    assert assignment is not None
    return assignment


def require_document(session: Session, user: User, document: Document) -> None:
    """Raise :class:`Forbidden` unless ``user`` is a reviewer or is assigned ``document``."""
    if not user.is_reviewer:
        require_assignment(session, user, document)


def require_reviewer(user: User, action: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` is a reviewer or an admin."""
    if not user.is_reviewer:
        raise Forbidden(f"only reviewers and admins may {action}")
