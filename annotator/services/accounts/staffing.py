"""Assigning, reassigning and unassigning documents from the pages and the API, audited.

The rules are :mod:`~annotator.services.accounts.assignment`'s (shared with ``annotator
assign``, ``unassign`` and ``reassign``); each function here adds the audit entry
(``assignment.create``, ``assignment.reassign``, ``assignment.remove``) in the caller's
transaction, and :func:`annotator_loads` is what the assignment page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.vocabulary import OPEN_STATUSES
from annotator.models import Assignment, AuditEntry, Document, Project, ProjectMember, User
from annotator.services import audit_log
from annotator.services.accounts.assignment import (
    AssignmentReport,
    ReassignReport,
    UnassignReport,
    assign_documents,
    reassign,
    unassign,
)


def assign(
    session: Session,
    actor: Actor | None,
    project: Project,
    annotators: list[User],
    per_document: int,
    *,
    document_ids: list[int] | None = None,
    only: str | None = None,
) -> AssignmentReport:
    """Give every document of ``project`` (or those chosen: ``document_ids``, ``only``, as
    :func:`assign_documents` takes them) ``per_document`` of ``annotators``, logged."""
    report = assign_documents(
        session,
        project,
        annotators,
        per_document,
        document_ids=document_ids,
        only=only,
        actor=actor,
    )
    after: dict[str, object] = {
        "per_document": per_document,
        "created": report.created,
        "loads": report.loads,
    }
    if document_ids is not None or only is not None:
        after |= {"documents": report.documents, "only": only}
    audit_log.record(
        session,
        actor,
        "assignment.create",
        project_slug=project.slug,
        target=", ".join(user.username for user in annotators),
        after=after,
    )
    return report


def move_documents(
    session: Session,
    actor: Actor | None,
    project: Project,
    from_user: User,
    to_user: User,
    document_ids: list[int] | None = None,
    force: bool = False,
    *,
    all_or_nothing: bool | None = None,
) -> ReassignReport:
    """Move documents (by default the open ones) from one annotator to another, logged.

    The new annotator becomes a member of the project, as every assignment makes them. With
    ``force`` the old annotator's work on them is deleted, and logged as a removal's is.

    :param all_or_nothing: refuse the whole move when one document cannot move (the new
        annotator has it, or it holds the old one's work and no ``force``); by default on
        when ``document_ids`` names documents, for the command line, the API and the page
        alike (:func:`reassign`).
    """
    if all_or_nothing is None:
        all_or_nothing = document_ids is not None
    report = reassign(
        session,
        project,
        from_user,
        to_user,
        document_ids,
        force,
        actor=actor,
        all_or_nothing=all_or_nothing,
    )
    after: dict[str, object] = {"annotator": to_user.username, "documents": report.moved}
    if report.dropped:
        after |= {"work_deleted": report.dropped, "deleted": report.deleted}
    audit_log.record(
        session,
        actor,
        "assignment.reassign",
        project_slug=project.slug,
        target=from_user.username,
        before={"annotator": from_user.username, "documents": report.moved},
        after=after,
    )
    return report


def take_back(
    session: Session,
    actor: Actor | None,
    project: Project,
    user: User,
    document_ids: list[int] | None = None,
    force: bool = False,
    only_assigned: bool = False,
    *,
    all_or_nothing: bool | None = None,
) -> UnassignReport:
    """Unassign ``user`` from documents (by default their open ones), logged; with
    ``only_assigned``, those named that are theirs (:func:`unassign`).

    :param all_or_nothing: refuse the whole request when one document cannot be taken back
        (it holds their work and no ``force``; it is not theirs and no ``only_assigned``),
        naming each with why; by default on when ``document_ids`` names documents, for the
        command line, the API and the page alike, as :func:`move_documents` is.
    """
    if all_or_nothing is None:
        all_or_nothing = document_ids is not None
    report = unassign(
        session,
        project,
        user,
        document_ids,
        force,
        only_assigned,
        all_or_nothing=all_or_nothing,
    )
    audit_log.record(
        session,
        actor,
        "assignment.remove",
        project_slug=project.slug,
        target=user.username,
        before={"documents": report.removed + report.dropped},
        after={"kept": report.kept, "work_deleted": report.dropped}
        | ({"deleted": report.deleted} if report.dropped else {})
        | ({"skipped": report.skipped} if report.skipped else {}),
    )
    return report


@dataclass
class Load:
    """One annotator's share of a project: assigned, open (new or in progress) and done."""

    username: str
    role: str | None  # their project role; None when assigned without being a member
    assigned: int = 0
    open: int = 0
    done: int = 0

    @property
    def annotates(self) -> bool:
        """Whether they annotate here: an annotator of the project, or holding documents
        (a reviewer or manager who kept some from before). The page's loads are theirs."""
        return self.role == "annotator" or self.assigned > 0


def annotator_loads(session: Session, project: Project) -> list[Load]:
    """Return every member and every assignee of ``project`` with their load, by username."""
    loads: dict[str, Load] = {}
    members = session.execute(
        select(User.username, ProjectMember.role)
        .join(ProjectMember, ProjectMember.user_id == User.id)
        .where(ProjectMember.project_id == project.id)
    )
    for username, role in members:
        loads[username] = Load(username, role)
    counts = session.execute(
        select(User.username, Assignment.status, func.count())
        .join(Assignment, Assignment.user_id == User.id)
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project.id)
        .group_by(User.username, Assignment.status)
    )
    for username, status, count in counts:
        load = loads.setdefault(username, Load(username, None))
        load.assigned += count
        if status in OPEN_STATUSES:
            load.open += count
        elif status == "done":
            load.done += count
    return [loads[name] for name in sorted(loads)]


def assigned_documents(
    session: Session, project: Project
) -> list[tuple[int, int, str, str | None, list[str]]]:
    """Return each document of ``project`` as (id, number, external id, title, annotators by
    name), by number: the number is what the page shows and its forms read, never the id."""
    rows = session.execute(
        select(Document.id, Document.number, Document.external_id, Document.title, User.username)
        .outerjoin(Assignment, Assignment.document_id == Document.id)
        .outerjoin(User, User.id == Assignment.user_id)
        .where(Document.project_id == project.id)
        .order_by(Document.number, User.username)
    )
    result: dict[int, tuple[int, int, str, str | None, list[str]]] = {}
    for document_id, number, external_id, title, username in rows:
        entry = result.setdefault(document_id, (document_id, number, external_id, title, []))
        if username is not None:
            entry[4].append(username)
    return list(result.values())


def reassigned_away(session: Session, project: Project) -> list[str]:
    """Return, by name, the annotators whose documents were last moved away from them by a
    reassign and who were given none since: the Assign form leaves them unticked.

    A lead reassigns a leaving annotator's open work; a top-up after that ticked everyone and
    gave her new documents again. Her last reassign (the audit log's ``assignment.reassign``,
    whose target she is) later than her newest assignment here says she was taken off.
    """
    moved = dict(
        session.execute(
            select(AuditEntry.target, func.max(AuditEntry.created_at))
            .where(
                AuditEntry.project_slug == project.slug,
                AuditEntry.action == "assignment.reassign",
            )
            .group_by(AuditEntry.target)
        ).all()
    )
    if not moved:
        return []
    newest = dict(
        session.execute(
            select(User.username, func.max(Assignment.created_at))
            .join(Assignment, Assignment.user_id == User.id)
            .join(Document, Document.id == Assignment.document_id)
            .where(Document.project_id == project.id, User.username.in_(list(moved)))
            .group_by(User.username)
        ).all()
    )
    return sorted(
        name for name, at in moved.items() if newest.get(name) is None or newest[name] < at
    )
