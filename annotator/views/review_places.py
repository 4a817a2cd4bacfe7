"""Where the review's pages and forms are: the project a reviewer may review, whether names are
hidden, and the page a form comes back to (the review page on the difference decided, the
curation view, or the queue). Shared by :mod:`annotator.views.review` and
:mod:`annotator.views.review_unanimous`."""

from __future__ import annotations

import re
from typing import Any

from flask import g, redirect, request, url_for

from annotator.core.limits import column_integer
from annotator.db import get_session
from annotator.models import Document, Project
from annotator.services.accounts import permissions
from annotator.services.datasets.documents import document_in_project
from annotator.services.review.queue import ANONYMOUS

# The ids of the review page's differences (review/document.html).
_DIFFERENCE_ANCHOR = re.compile(r"d-[0-9]{1,6}")


def anonymous() -> bool:
    """Whether the reviewer asked for the annotators' names to be hidden."""
    return request.values.get("anonymous") in ANONYMOUS


def reviewed_project(slug: str) -> Project:
    """The project of ``slug``, for a reviewer of it or an admin."""
    # An annotator learns nothing, not even which projects exist.
    return permissions.reviewed_project(get_session(), g.user, slug, "review disagreements")


def reviewed_document(slug: str, document_id: int) -> tuple[Project, Document]:
    """The project of ``slug``, for a reviewer of it or an admin, and its document
    ``document_id`` (else 404): what each review form and page of one document starts from."""
    project = reviewed_project(slug)
    return project, document_in_project(get_session(), project, document_id)


def back(
    project: Project,
    document: Document | None = None,
    anchor: str | None = None,
    *,
    filtered: str | None = None,
) -> Any:
    """Go back to the page the form was sent from: the queue (as ``filtered``, its
    ``annotators`` filter), the curation view (``back`` is ``curate``), the gold workspace
    (``workspace``) or the review page, on the difference decided."""
    args: dict[str, Any] = {"anonymous": "1"} if anonymous() else {}
    if document is None:
        if filtered:
            args["annotators"] = filtered
        return redirect(url_for("review.queue", slug=project.slug, **args))
    if request.values.get("back") == "workspace":
        # The gold workspace's "Set back to in review" (review/_gold_final.html).
        return redirect(
            url_for("annotate.workspace", slug=project.slug, document_id=document.id, layer="gold")
        )
    if request.values.get("back") == "curate":
        # Back to the curation view, on the difference just decided (its script moves on).
        after = column_integer(request.values.get("after"))
        if after is not None:
            args["after"] = after
        # Or on the difference itself, decided still (another version taken instead).
        focus = column_integer(request.values.get("focus"))
        if focus is not None:
            args["focus"] = focus
        return redirect(
            url_for("review.curate", slug=project.slug, document_id=document.id, **args)
        )
    anchor = anchor or _difference_anchor()
    if anchor:
        args["_anchor"] = anchor
    return redirect(url_for("review.document", slug=project.slug, document_id=document.id, **args))


def _difference_anchor() -> str | None:
    """The difference a review page form was sent from (``back_to``: ``d-N``), to land on it.

    A reviewer decides one difference after another down a long page; coming back to the top
    after each would have them scroll down to find their place every time.
    """
    place = request.values.get("back_to", "")
    return place if _DIFFERENCE_ANCHOR.fullmatch(place) else None
