"""How far a project's annotation has come, as the caller may see it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.models import Assignment, Document, Project
from annotator.services.accounts import permissions


@dataclass
class Progress:
    """Counts for one project: reviewers see everyone's work, annotators only their own."""

    documents: int  # documents in the caller's view: all for its reviewers, own queue otherwise
    done: int  # assignments marked done (annotators: their own)
    assigned: int  # assignments in all (annotators: their own)
    everyone: bool = False  # the counts are every annotator's, not the caller's own

    @property
    def percent(self) -> int:
        """Return ``done`` as a whole percentage of ``assigned`` (0 when nothing is assigned)."""
        return round(100 * self.done / self.assigned) if self.assigned else 0


def project_progress(session: Session, projects: list[Project], user: Actor) -> dict[int, Progress]:
    """Return the progress of each of ``projects`` by project id, as ``user`` may see it.

    A project ``user`` may review counts everyone's work; any other only their own.
    """
    ids = [project.id for project in projects]
    result = {project_id: Progress(0, 0, 0) for project_id in ids}
    if not ids:
        return result
    reviewed = permissions.reviewed_projects(session, user, ids)
    own = [project_id for project_id in ids if project_id not in reviewed]
    for project_id in reviewed:
        result[project_id].everyone = True
    work = select(
        Document.project_id,
        func.count(Assignment.id),
        func.count(Assignment.id).filter(Assignment.status == "done"),
    ).join(Assignment, Assignment.document_id == Document.id)
    if reviewed:
        docs = select(Document.project_id, func.count()).where(Document.project_id.in_(reviewed))
        for project_id, count in session.execute(docs.group_by(Document.project_id)):
            result[project_id].documents = count
        query = work.where(Document.project_id.in_(reviewed)).group_by(Document.project_id)
        for project_id, assigned, done in session.execute(query):
            result[project_id].assigned, result[project_id].done = assigned, done
    if own:
        query = work.where(Document.project_id.in_(own), Assignment.user_id == user.id)
        for project_id, assigned, done in session.execute(query.group_by(Document.project_id)):
            entry = result[project_id]
            # An annotator has one assignment per document of their queue.
            entry.assigned, entry.done, entry.documents = assigned, done, assigned
    return result


@dataclass
class Assignee:
    """Someone assigned a document, and how far they are with it."""

    username: str
    status: str
