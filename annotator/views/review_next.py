"""The next document to review, from a document's review page or its curation view."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for

from annotator.db import get_session
from annotator.services.datasets.documents import document_in_project
from annotator.services.review.queue import next_to_review
from annotator.views.review_places import anonymous, reviewed_project
from annotator.web.security import login_required

bp = Blueprint("review_next", __name__)


@bp.get("/projects/<slug>/review/<int:document_id>/next")
@login_required
def next_document(slug: str, document_id: int) -> Any:
    """Open the first document of the review list, other than this one, whose gold is not
    final: on its review page, or its curation view (``?curate=1``, from there)."""
    project = reviewed_project(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    args: dict[str, Any] = {"anonymous": "1"} if anonymous() else {}
    found = next_to_review(session, project, document.id)
    if found is None:
        flash("No other document to review: every other one is final.")
        return redirect(url_for("review.queue", slug=project.slug, **args))
    page = "review.curate" if request.args.get("curate") == "1" else "review.document"
    return redirect(url_for(page, slug=project.slug, document_id=found, **args))
