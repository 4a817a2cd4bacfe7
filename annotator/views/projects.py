"""Projects list and project page (the document page is the workspace, views/annotate.py)."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for

from annotator.core.limits import column_integer
from annotator.core.paging import MAX_PER_PAGE, PER_PAGE
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.accounts.progress import project_progress
from annotator.services.accounts.projects import project_annotators
from annotator.services.agreement.time_spent import time_per_annotator
from annotator.services.datasets.listing import (
    DocumentFilter,
    list_documents,
    list_progress,
    next_open_document,
)
from annotator.services.review.gold_status import gold_statuses_of
from annotator.services.schema.labels_checked import labels_checked
from annotator.views.annotate import render_guidelines
from annotator.views.send_back import send_back_form
from annotator.web.forms import DeleteDocumentForm, UploadForm
from annotator.web.security import login_required

bp = Blueprint("projects", __name__)


@bp.get("/")
@login_required
def index() -> Any:
    """List the projects the user may see, with their progress."""
    session = get_session()
    projects = permissions.visible_projects(session, g.user)
    progress = project_progress(session, projects, g.user)
    return render_template("projects/index.html", projects=projects, progress=progress)


@bp.get("/projects")
def projects_list() -> Any:
    """Send ``/projects`` to the projects list: every project's page is under it, so it is
    the address people try for the list, which lives at ``/``."""
    return redirect(url_for("projects.index"), 301)


@bp.get("/projects/<slug>")
@login_required
def project(slug: str) -> Any:
    """Show a project's documents a page at a time: an annotator's own, or all for reviewers."""
    return project_page(slug)


def project_page(
    slug: str,
    problems: list[str] | None = None,
    status: int = 200,
    upload_form: UploadForm | None = None,
) -> Any:
    """Render the project page; ``problems`` are those of a failed upload, shown in the page
    with its ``upload_form`` as sent (its encoding and columns kept for the next try)."""
    session = get_session()
    project = permissions.visible_project(session, g.user, slug)
    args = request.args
    filters = DocumentFilter(
        q=args.get("q", "").strip() or None,
        status=args.get("status") or None,
        annotator=args.get("annotator", "").strip() or None,
    )
    listed = list_documents(
        session,
        project,
        g.user,
        filters,
        page=_whole(args.get("page"), 1),
        per_page=min(_whole(args.get("per_page"), PER_PAGE), MAX_PER_PAGE),
    )
    gold = (
        gold_statuses_of(session, [row.id for row in listed.documents]) if listed.reviewer else {}
    )
    manager = permissions.may_manage(session, g.user, project.id)
    # An empty list for a name nobody in the project has (a typo, most often) says so, with
    # the names there are, rather than "No documents match" as if that annotator had none.
    annotators = (
        project_annotators(session, project)
        if listed.reviewer and filters.annotator and not listed.total
        else None
    )
    overall = list_progress(session, project, g.user)
    return render_template(
        "projects/project.html",
        project=project,
        listed=listed,
        filters=filters,
        overall=overall,
        reviewer=listed.reviewer,
        # A finished layer's Send back, beside its annotator's status (views/send_back.py).
        send_back=partial(send_back_form, project, back="project") if listed.reviewer else None,
        active_time=time_per_annotator(session, project) if listed.reviewer else None,
        gold=gold,
        manager=manager,
        # Asked only where the first steps show (a manager's page of a project not started,
        # templates/projects/project.html).
        labels_checked=manager
        and not (overall.documents and overall.assigned)
        and labels_checked(session, project),
        next_open=next_open_document(session, project, g.user),
        upload_form=(upload_form or UploadForm(formdata=None)) if manager else None,
        delete_form=DeleteDocumentForm(formdata=None) if manager else None,
        problems=problems,
        unknown_annotator=annotators is not None and filters.annotator not in annotators,
        annotators=annotators,
        guidelines=render_guidelines(project.schema.get("guidelines", "")),
    ), status


def _whole(value: str | None, default: int) -> int:
    """Return a positive whole number from a query parameter; anything else is ``default``."""
    return column_integer(value) or default
