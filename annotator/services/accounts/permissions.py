"""Who may do what: shared by pages, API and CLI so that one rule holds everywhere.

A user's power in a project is their *project role* (:func:`project_role`): a global admin
is ``admin`` everywhere; otherwise the highest of their membership's role (``manager``,
``reviewer``, ``annotator``) and ``reviewer`` for a global reviewer (who reviews every project).

An assignment makes its annotator a member, and gives them their document only while they
are one (:func:`is_member`): a member removed once their documents are finished leaves their
done and skipped assignments and layers to the project (agreement, review and export keep
them), and with the membership goes their access to it, its documents and their layers.

What a caller may not see is answered as if it did not exist: the same 404 (``no_such``) for
a project, document, user or row that is hidden as for one that is missing, so that asking
reveals nothing. 403 is kept for what the caller may see but not do: export or review a
project they annotate, read another annotator's layer of a document they have, administer a
project they are a member of.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, exists, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Forbidden, no_such
from annotator.core.vocabulary import PROJECT_REVIEWER_ROLES
from annotator.db import AppSession, Db, orm
from annotator.models import Assignment, Document, Project, ProjectMember, User
from annotator.services.documents_said import document_named

#: Project roles from least to most power; a user's effective role is the highest they hold.
ROLE_ORDER = ("annotator", "reviewer", "manager", "admin")


def is_member(
    user_id: SQLColumnExpression[int] | int, project_id: SQLColumnExpression[int] | int
) -> ColumnElement[bool]:
    """The SQL condition: the user is a member of the project (in any project role)."""
    return (
        exists()
        .where(ProjectMember.user_id == user_id)
        .where(ProjectMember.project_id == project_id)
    )


def _member_of(user: Actor, project_id: SQLColumnExpression[int] | int) -> ColumnElement[bool]:
    """The SQL condition: ``user`` is a member of the project (every assignee was made one)."""
    return is_member(user.id, project_id)


def visible_projects(session: Session, user: Actor) -> list[Project]:
    """Return the projects ``user`` may see: all for reviewers, their own for the others."""
    query = select(Project).order_by(Project.slug)
    if not user.is_reviewer:
        query = query.where(_member_of(user, Project.id))
    return list(session.scalars(query))


def project_role(session: Session, user: Actor, project_id: int) -> str | None:
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
    return max(held, key=ROLE_ORDER.index, default=None)


def can_see_project(session: Session, user: Actor, project: Project) -> bool:
    """Tell whether ``user`` may see ``project``."""
    return user.is_reviewer or project_role(session, user, project.id) is not None


def require_project(session: Session, user: Actor, project: Project) -> None:
    """Raise the 404 of a missing project unless ``user`` may see ``project``."""
    if not can_see_project(session, user, project):
        raise no_such("project", project.slug)


def visible_project(session: Session, user: Actor, slug: str) -> Project:
    """Return the project called ``slug`` if ``user`` may see it.

    :raises NotFound: no such project, or one the caller may not see (the same answer).
    """
    project = session.scalar(select(Project).where(Project.slug == slug))
    if project is None:
        raise no_such("project", slug)
    require_project(session, user, project)
    return project


def may_review(session: Session, user: Actor, project_id: int) -> bool:
    """Tell whether ``user`` may review the project: read every layer, write gold, export."""
    if user.is_reviewer:  # a global admin or reviewer: no query needed
        return True
    role = project_role(session, user, project_id)
    return role in PROJECT_REVIEWER_ROLES


def reviewed_projects(session: Session, user: Actor, project_ids: list[int]) -> set[int]:
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


def may_manage(session: Session, user: Actor, project_id: int) -> bool:
    """Tell whether ``user`` may administer the project: settings, documents, people."""
    if user.role == "admin":
        return True
    return project_role(session, user, project_id) == "manager"


def require_review(session: Session, user: Actor, project_id: int, action: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` may review the project."""
    if not may_review(session, user, project_id):
        raise Forbidden(f"only the project's reviewers and managers, and admins, may {action}")


def require_manage(session: Session, user: Actor, project_id: int, action: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` may administer the project."""
    if not may_manage(session, user, project_id):
        # Say the way in, too: a global reviewer reviews every project but manages none
        # until made a manager of it.
        raise Forbidden(
            f"only the project's managers and admins may {action}: ask an admin to make you "
            "a manager of this project on its People page"
        )


def reviewed_project(session: Session, user: Actor, slug: str, action: str) -> Project:
    """Return the project called ``slug`` if ``user`` may review it, else raise.

    :raises NotFound: no such project, or one the caller may not see.
    :raises Forbidden: the caller sees the project but may not review it.
    """
    project = visible_project(session, user, slug)
    require_review(session, user, project.id, action)
    return project


def managed_project(session: Session, user: Actor, slug: str, action: str) -> Project:
    """Return the project called ``slug`` if ``user`` may administer it, else raise.

    :raises NotFound: no such project, or one the caller may not see.
    :raises Forbidden: the caller sees the project but may not administer it.
    """
    project = visible_project(session, user, slug)
    require_manage(session, user, project.id, action)
    return project


def administered_project(session: Session, user: Actor, slug: str, action: str) -> Project:
    """Return the project called ``slug`` for an action of global admins only, else raise.

    :raises NotFound: no such project, or one the caller may not see.
    :raises Forbidden: the caller sees the project but is no admin.
    """
    project = visible_project(session, user, slug)
    require_admin(user, action)
    return project


def require_admin(user: Actor, action: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` is a global admin."""
    if user.role != "admin":
        raise Forbidden(f"only admins may {action}")


def tells_of_everyone(user: Actor) -> bool:
    """Tell whether ``user`` may learn of users who are not in a project they administer.

    A global admin lists every user on the Users page anyway; a manager administers one
    project and must not learn who works elsewhere (they add a member by the exact name).
    """
    return user.role == "admin"


def users_told(session: Session, actor: Actor, project: Project) -> dict[str, str]:
    """Return the users ``actor`` may be told of when choosing for ``project``, by name: each
    name with its global role. Every active user to an admin; the project's own members
    (a disabled one too) to anyone else, by :func:`tells_of_everyone`.
    """
    query = select(User.username, User.role).order_by(User.username)
    if tells_of_everyone(actor):
        query = query.where(User.active.is_(True))
    else:
        query = query.join(ProjectMember, ProjectMember.user_id == User.id).where(
            ProjectMember.project_id == project.id
        )
    return {name: role for name, role in session.execute(query)}


def require_admin_over(user: Actor, username: str, action: str) -> None:
    """Raise unless ``user`` is a global admin, who may act on the user called ``username``.

    Only admins see other accounts: anyone else asking about one gets the 404 of a missing
    user, and the 403 only about their own.
    """
    if user.role == "admin":
        return
    if username != user.username:
        raise no_such("user called", username)
    require_admin(user, action)


def assigned_to(user: Actor) -> ColumnElement[bool]:
    """The SQL condition joining a document to ``user``'s assignment of it: the annotator's
    half of :func:`may_see_document`, for queries of many documents (the project's membership
    is the caller's to check, as the project itself is checked first)."""
    return and_(Assignment.document_id == Document.id, Assignment.user_id == user.id)


def find_assignment(session: Session, user: Actor, document: Document) -> Assignment | None:
    """Return ``user``'s assignment to ``document`` while they are a member of its project
    (a removed member's finished assignment gives no access), or None."""
    return session.scalar(
        select(Assignment).where(
            Assignment.user_id == user.id,
            Assignment.document_id == document.id,
            is_member(user.id, document.project_id),
        )
    )


def _document_id(document: Document | int) -> int:
    return document if isinstance(document, int) else document.id


def _project_of(session: Session, document: Document | int) -> int | None:
    if isinstance(document, Document):
        return document.project_id
    return session.scalar(select(Document.project_id).where(Document.id == document))


def require_assigned(db: Db, user: Actor, document: Document | int, assigned: bool) -> None:
    """Raise unless the caller is assigned the document (``assigned``, found by the caller).

    :raises Forbidden: the caller may see the document (they review its project) but it is
        not theirs to annotate.
    :raises NotFound: the caller may not see the document (the answer for a missing one).
    """
    if assigned:
        return
    session = orm(db)
    project_id = _project_of(session, document)
    if project_id is not None and may_review(session, user, project_id):
        raise Forbidden(f"document {document_named(session, document)} is not assigned to you")
    raise no_such("document", _document_id(document))


def require_assignment(session: AppSession, user: Actor, document: Document) -> Assignment:
    """Return ``user``'s assignment to ``document``, or raise as :func:`require_assigned`."""
    assignment = find_assignment(session, user, document)
    require_assigned(session, user, document, assignment is not None)
    assert assignment is not None
    return assignment


def may_see_document(session: Session, user: Actor, document: Document) -> bool:
    """Tell whether ``user`` may see ``document``: assigned it, or a reviewer of its project.

    The assignment is asked first, so that an assigned annotator pays no role query.
    """
    if user.is_reviewer or find_assignment(session, user, document) is not None:
        return True
    return may_review(session, user, document.project_id)


def require_document(session: Session, user: Actor, document: Document) -> None:
    """Raise the 404 of a missing document unless ``user`` may see ``document``."""
    if not may_see_document(session, user, document):
        raise no_such("document", document.id)


def require_document_review(
    session: Session, user: Actor, document: Document | int, action: str
) -> int:
    """Return the document's project id if ``user`` may review it, else raise.

    :raises NotFound: no such document, or one the caller may not see.
    :raises Forbidden: the caller has the document (assigned it) but may not review it.
    """
    project_id = _project_of(session, document)
    if project_id is None:
        raise no_such("document", _document_id(document))
    if may_review(session, user, project_id):
        return project_id
    assigned = session.scalar(
        select(
            exists()
            .where(Assignment.user_id == user.id)
            .where(Assignment.document_id == _document_id(document))
            .where(is_member(user.id, project_id))
        )
    )
    if not assigned:
        raise no_such("document", _document_id(document))
    raise Forbidden(f"only the project's reviewers and managers, and admins, may {action}")
