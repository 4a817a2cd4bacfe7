"""Projects and their document lists (CONTRACT section 4)."""

from __future__ import annotations

from typing import Any

from annotator.api import bp, caller
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import permissions
from annotator.services.accounts.progress import project_progress
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.documents import document_queue, sentence_counts


def _project_summary(project: Project, progress: Any) -> dict[str, Any]:
    return {
        "slug": project.slug,
        "name": project.name,
        "documents": progress.documents,
        "progress": {"done": progress.done, "assigned": progress.assigned},
    }


@bp.get("/projects")
def projects() -> Any:
    """List the projects the caller may see: all for reviewers, those with work for annotators."""
    user = caller()
    session = get_session()
    visible = permissions.visible_projects(session, user)
    progress = project_progress(session, visible, user)
    return {"projects": [_project_summary(p, progress[p.id]) for p in visible]}


@bp.get("/projects/<slug>")
def project(slug: str) -> Any:
    """Return a project with its label schema."""
    user = caller()
    session = get_session()
    found = get_project(session, slug)
    permissions.require_project(session, user, found)
    progress = project_progress(session, [found], user)[found.id]
    return _project_summary(found, progress) | {"schema": found.schema}


@bp.get("/projects/<slug>/documents")
def project_documents(slug: str) -> Any:
    """List a project's documents: an annotator's own queue with their status, or all of them."""
    user = caller()
    session = get_session()
    found = get_project(session, slug)
    permissions.require_project(session, user, found)
    queue = document_queue(session, found, user)
    counts = sentence_counts(session, found)
    return {
        "documents": [
            {
                "id": item.document.id,
                "external_id": item.document.external_id,
                "title": item.document.title,
                "status": item.status,
                "sentences": counts.get(item.document.id, 0),
                "progress": {"done": item.done, "assigned": item.assigned},
            }
            for item in queue
        ]
    }
