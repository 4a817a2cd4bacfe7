"""Projects and their document lists (CONTRACT section 4)."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from sqlalchemy.orm import Session

from annotator.api import bp, caller
from annotator.api.paging import asked_paging, paged
from annotator.core.caller import Caller
from annotator.core.paging import PER_PAGE
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import permissions
from annotator.services.accounts.progress import project_progress
from annotator.services.accounts.project_admin import project_payload
from annotator.services.accounts.users import get_user
from annotator.services.datasets.listing import DocumentFilter, list_documents
from annotator.services.schema.changes import version_change


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


def project_answer(session: Session, user: Caller, project: Project) -> dict[str, Any]:
    """Return one project as ``GET``, ``POST`` and ``PATCH`` answer it: one shape for all.

    Its settings (``schema_version`` with ``schema_change``, what that version changed in
    words, ``guidelines``, ``annotators_per_document``, ``license``) and schema, with the
    list's ``documents`` and ``progress`` as the caller sees them.
    """
    progress = project_progress(session, [project], user)[project.id]
    # What the current schema version changed, in the words of the settings page's list:
    # after a PATCH, what that change did ("stance: target changed from ...").
    said = {"schema_change": version_change(session, project)}
    return project_payload(project) | said | _project_summary(project, progress)


def project_location(slug: str) -> dict[str, str]:
    """Return the ``Location`` of a project just created (201): the address of its ``GET``."""
    return {"Location": url_for("api.project", slug=slug)}


@bp.get("/projects/<slug>")
def project(slug: str) -> Any:
    """Return a project with its settings, label schema and progress."""
    user = caller()
    session = get_session()
    return project_answer(session, user, permissions.visible_project(session, user, slug))


@bp.get("/projects/<slug>/documents")
def project_documents(slug: str) -> Any:
    """List a project's documents: an annotator's own queue with their status, or all of them.

    With ``page`` the answer is one page with the total; without it, every document (the
    shape older clients read). ``q``, ``status`` and ``annotator`` filter either way.
    """
    user = caller()
    session = get_session()
    found = permissions.visible_project(session, user, slug)
    args = request.args
    filters = DocumentFilter(
        q=args.get("q") or None,
        status=args.get("status") or None,
        annotator=args.get("annotator") or None,
    )
    paging = asked_paging()
    listed = list_documents(
        session,
        found,
        user,
        filters,
        page=None if paging is None else paging.page,
        per_page=PER_PAGE if paging is None else paging.per_page,
    )
    if filters.annotator and not listed.total:
        # A name nobody has (a typo, most often) is the 404 of every endpoint that takes one,
        # not an empty list as if that annotator had no document.
        get_user(session, filters.annotator, field="annotator")
    documents = [
        {
            "id": row.id,
            "external_id": row.external_id,
            "number": row.number,
            "title": row.title,
            "status": row.status,
            "sentences": row.sentences,
            "progress": {"done": row.done, "assigned": row.assigned},
        }
        # The model's uncertainty is for reviewers: it would tell an annotator what to expect.
        | ({"uncertainty": row.uncertainty} if listed.reviewer else {})
        for row in listed.documents
    ]
    return paged("documents", documents, listed.total, paging)
