"""Who may do what: shared by pages, API and CLI so that one rule holds everywhere.

A user's power in a project is their *project role* (:func:`project_role`): a global admin
is ``admin`` everywhere; otherwise the highest of their membership's role (``manager``,
``reviewer``, ``annotator``), ``reviewer`` for a global reviewer (who reviews every project),
and ``annotator`` for anyone assigned one of its documents.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from annotator.core.errors import Forbidden, NotFound
from annotator.core.vocabulary import PROJECT_REVIEWER_ROLES
from annotator.models import Assignment, Document, Project, ProjectMember, User

#: Project roles from least to most power; a user's effective role is the highest they hold.
ROLE_ORDER = ("annotator", "reviewer", "manager", "admin")


def _member_of(user: User, project_id: ColumnElement[int] | int) -> ColumnElement[bool]:
    """The SQL condition: ``user`` is a member of the project or assigned one of its documents."""
    return or_(
        exists()
        .where(ProjectMember.user_id == user.id)
        .where(ProjectMember.project_id == project_id),
        exists()
        .where(Assignment.user_id == user.id)
        .where(Assignment.document_id == Document.id)
        .where(Document.project_id == project_id),
    )


def visible_projects(session: Session, user: User) -> list[Project]:
    """Return the projects ``user`` may see: all for reviewers, their own for the others."""
    query = select(Project).order_by(Project.slug)
    if not user.is_reviewer:
        query = query.where(_member_of(user, Project.id))
    return list(session.scalars(query))


def project_role(session: Session, user: User, project_id: int) -> str | None:
    """Return ``user``'s role in the project: admin, manager, reviewer, annotator or None."""
    if user.role == "admin":
        return "admin"
    held = ["reviewer"] if user.role == "reviewer" else []
    member = session.scalar(
        select(ProjectMember.role).where(
            ProjectMember.project_id == project_id, ProjectMember.user_id == user.id
        )
    )
    if member is not None:
        held.append(member)
    elif session.scalar(select(_member_of(user, project_id))):
        held.append("annotator")
    return max(held, key=ROLE_ORDER.index, default=None)


def can_see_project(session: Session, user: User, project: Project) -> bool:
    """Tell whether ``user`` may see ``project``."""
    return user.is_reviewer or project_role(session, user, project.id) is not None


def require_project(session: Session, user: User, project: Project) -> None:
    """Raise :class:`Forbidden` unless ``user`` may see ``project``."""
    if not can_see_project(session, user, project):
        raise Forbidden(f"you are not a member of project {project.slug!r}")


def may_review(session: Session, user: User, project_id: int) -> bool:
    """Tell whether ``user`` may review the project: read every layer, write gold, export."""
    if user.is_reviewer:  # a global admin or reviewer: no query needed
        return True
    role = project_role(session, user, project_id)
    return role in PROJECT_REVIEWER_ROLES


def reviewed_projects(session: Session, user: User, project_ids: list[int]) -> set[int]:
    """Return which of ``project_ids`` ``user`` may review, in one query at most."""
    if user.is_reviewer:
        return set(project_ids)
    return set(
        session.scalars(
            select(ProjectMember.project_id).where(
                ProjectMember.user_id == user.id,
                ProjectMember.project_id.in_(project_ids),
                ProjectMember.role.in_(PROJECT_REVIEWER_ROLES),
            )
        )
    )


def may_manage(session: Session, user: User, project_id: int) -> bool:
    """Tell whether ``user`` may administer the project: settings, documents, people."""
    if user.role == "admin":
        return True
    return project_role(session, user, project_id) == "manager"


def require_review(session: Session, user: User, project_id: int, action: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` may review the project."""
    if not may_review(session, user, project_id):
        raise Forbidden(f"only the project's reviewers and managers, and admins, may {action}")


def require_manage(session: Session, user: User, project_id: int, action: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` may administer the project."""
    if not may_manage(session, user, project_id):
        raise Forbidden(f"only the project's managers and admins may {action}")


def _project_or_forbidden(
    session: Session, user: User, slug: str, sees_all: bool, refusal: str
) -> Project:
    project = session.scalar(select(Project).where(Project.slug == slug))
    if project is None:
        # Those who may not act on every project get the same 403 for a slug that does not
        # exist as for one they may not touch: slugs do not leak.
        if sees_all:
            raise NotFound(f"no project {slug!r}")
        raise Forbidden(refusal)
    return project


def reviewed_project(session: Session, user: User, slug: str, action: str) -> Project:
    """Return the project called ``slug`` if ``user`` may review it, else raise.

    :raises Forbidden: the caller may not review it (nor learn whether it exists).
    :raises NotFound: no such project, said only to global reviewers and admins.
    """
    refusal = f"only the project's reviewers and managers, and admins, may {action}"
    project = _project_or_forbidden(session, user, slug, user.is_reviewer, refusal)
    require_review(session, user, project.id, action)
    return project


def managed_project(session: Session, user: User, slug: str, action: str) -> Project:
    """Return the project called ``slug`` if ``user`` may administer it, else raise.

    :raises Forbidden: the caller may not administer it (nor learn whether it exists).
    :raises NotFound: no such project, said only to global admins.
    """
    refusal = f"only the project's managers and admins may {action}"
    project = _project_or_forbidden(session, user, slug, user.role == "admin", refusal)
    require_manage(session, user, project.id, action)
    return project


def require_admin(user: User, action: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` is a global admin."""
    if user.role != "admin":
        raise Forbidden(f"only admins may {action}")


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
    """Raise :class:`Forbidden` unless ``user`` may review its project or is assigned ``document``.

    The assignment is asked first, so that an assigned annotator pays no role query.
    """
    if user.is_reviewer or find_assignment(session, user, document) is not None:
        return
    require_assigned(may_review(session, user, document.project_id), document.id)
