"""Projects list and project page (the document page is the workspace, views/annotate.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template

from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.accounts.progress import Progress, assignees_by_document, project_progress
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.documents import QueueItem, document_queue
from annotator.services.review.gold_status import gold_statuses
from annotator.web.security import login_required

bp = Blueprint("projects", __name__)

#: A document of the caller's queue that the workspace link leads to: not yet finished.
OPEN_STATUSES = ("new", "in_progress")


@bp.get("/")
@login_required
def index() -> Any:
    """List the projects the user may see, with their progress."""
    session = get_session()
    projects = permissions.visible_projects(session, g.user)
    progress = project_progress(session, projects, g.user)
    reviewed = permissions.reviewed_projects(session, g.user, [p.id for p in projects])
    return render_template(
        "projects/index.html", projects=projects, progress=progress, reviewed=reviewed
    )


@bp.get("/projects/<slug>")
@login_required
def project(slug: str) -> Any:
    """Show a project's documents: an annotator's own queue, or all of them for reviewers."""
    session = get_session()
    project = get_project(session, slug)
    permissions.require_project(session, g.user, project)
    queue = document_queue(session, project, g.user)
    reviewer = permissions.may_review(session, g.user, project.id)
    manager = permissions.may_manage(session, g.user, project.id)
    if reviewer:
        overall = Progress(
            documents=len(queue),
            done=sum(item.done for item in queue),
            assigned=sum(item.assigned for item in queue),
        )
        assignees = assignees_by_document(session, project)
        gold = gold_statuses(session, project)
    else:
        # Counted from the caller's own statuses only: others' progress is not theirs to see.
        overall = Progress(
            documents=len(queue),
            done=sum(item.status == "done" for item in queue),
            assigned=len(queue),
        )
        assignees = {}
        gold = {}
    return render_template(
        "projects/project.html",
        project=project,
        queue=queue,
        overall=overall,
        assignees=assignees,
        reviewer=reviewer,
        manager=manager,
        next_open=next_open(queue),
        gold=gold,
    )


def next_open(queue: list[QueueItem]) -> int | None:
    """Return the first document of the caller's own queue not yet done or skipped."""
    return next((item.document.id for item in queue if item.status in OPEN_STATUSES), None)
