"""Project membership: who works on a project, and in which role."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid, NotFound
from annotator.core.paging import Page, Paging
from annotator.core.vocabulary import OPEN_STATUSES, PROJECT_ROLES
from annotator.core.wording import counted
from annotator.models import Assignment, Document, Project, ProjectMember, User
from annotator.services.accounts import audit
from annotator.services.accounts.people_filter import EVERYONE, PeopleFilter, filtered
from annotator.services.paged_rows import page_of
from annotator.services.write_holds import held_members, hold_member


def list_members(session: Session, project: Project) -> list[ProjectMember]:
    """Return the members of ``project``, by username."""
    return members_page(session, project, None).rows


def members_page(
    session: Session,
    project: Project,
    paging: Paging | None,
    filters: PeopleFilter = EVERYONE,
) -> Page[ProjectMember]:
    """Return a page of the members of ``project`` by username (all: ``paging`` None), of
    those ``filters`` keep (``role``: their project role)."""
    query = (
        select(ProjectMember)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project.id)
        .order_by(User.username)
    )
    query = filtered(query, filters, User.username_key, ProjectMember.role)
    return page_of(session, query, paging, scalars=True)


def active_non_members(
    session: Session, project: Project, q: str | None = None, limit: int | None = None
) -> list[str]:
    """Return the names of the active users who are not members of ``project``, by name:
    whom its add-member form suggests to an admin (one query, however many members it has).

    ``q`` keeps the names holding it (the people lists' rule, :mod:`people_filter`), and
    ``limit`` the first so many: the form suggests a few as a name is typed, never every user.
    """
    members = select(ProjectMember.user_id).where(ProjectMember.project_id == project.id)
    query = select(User.username).where(User.active.is_(True), User.id.not_in(members))
    query = filtered(query, PeopleFilter(q=q), User.username_key, User.role)
    return list(session.scalars(query.order_by(User.username).limit(limit)))


def find_member(session: Session, project: Project, user: User) -> ProjectMember | None:
    """Return ``user``'s membership of ``project``, or None."""
    return session.scalar(
        select(ProjectMember).where(
            ProjectMember.project_id == project.id, ProjectMember.user_id == user.id
        )
    )


def set_member(session: Session, project: Project, user: User, role: str) -> ProjectMember:
    """Make ``user`` a member of ``project`` in ``role``, or change their role."""
    if role not in PROJECT_ROLES:
        raise Invalid(
            f"role must be one of {', '.join(PROJECT_ROLES)}, got {role!r}",
            details={"field": "role", "allowed": list(PROJECT_ROLES)},
        )
    member = find_member(session, project, user)
    if member is None:
        member = ProjectMember(project_id=project.id, user_id=user.id, role=role, user=user)
        session.add(member)
    else:
        member.role = role
    session.flush()
    return member


def remove_member(session: Session, project: Project, user: User) -> None:
    """Remove ``user`` from ``project``; refused while they have unfinished documents of it.

    Their finished assignments (done or skipped) and layers stay: they are the project's
    work, which agreement, review and export keep. Access to the project and its documents
    is membership (:mod:`~annotator.services.accounts.permissions`), so it ends here.

    :raises NotFound: when ``user`` is not a member.
    :raises Conflict: when ``user`` has documents of ``project`` new or in progress (take them
        off first, :mod:`~annotator.services.accounts.unfinished`, so that nobody loses work
        by a change of membership).
    """
    member = find_member(session, project, user)
    # Counted once the assignments under way to them have committed (write_holds).
    if member is None or not hold_member(session, member):
        raise NotFound(f"{user.username!r} is not a member of project {project.slug!r}")
    unfinished = session.scalar(
        select(func.count())
        .select_from(Assignment)
        .join(Document, Document.id == Assignment.document_id)
        .where(
            Document.project_id == project.id,
            Assignment.user_id == user.id,
            Assignment.status.in_(OPEN_STATUSES),
        )
    )
    if unfinished:
        raise Conflict(
            f"{user.username} has {counted(unfinished, 'unfinished document')} of"
            f" {project.name} (new or in progress); take them off or give them to another"
            " annotator first (their finished work stays)",
            details={"unfinished": unfinished},
        )
    session.delete(member)
    session.flush()


def add_annotators(
    session: Session, project: Project, user_ids: Iterable[int], *, actor: Actor | None
) -> list[str]:
    """Make each of ``user_ids`` an annotator of ``project`` unless already a member, each
    new member logged ``member.set`` as the People page's add is, by ``actor`` (None: the
    command line): the one place an assignment (the page's, the API's, the command's, an
    import's) makes a member, so that the audit log names everyone who joined a project.

    Return the names of those who joined, by name: the answer of an assignment says them.

    The memberships found are held until the assignment commits
    (:func:`~annotator.services.write_holds.held_members`): a member removed meanwhile is
    read as gone, and made a member again.
    """
    wanted = set(user_ids)
    if not wanted:
        return []
    have = held_members(session, project, wanted)
    joining = sorted(wanted - have)
    if not joining:
        return []
    session.add_all(
        ProjectMember(project_id=project.id, user_id=user_id, role="annotator")
        for user_id in joining
    )
    session.flush()
    names = list(
        session.scalars(select(User.username).where(User.id.in_(joining)).order_by(User.username))
    )
    for name in names:
        audit.member_set(session, actor, project.slug, name, None, "annotator")
    return names
