"""The "Send back" buttons: a reviewer or manager sends an annotator's finished layer back.

One form, shown on the agreement page's list of layers marked done with a required field
blank, and beside each finished layer's status on the review page; the rule is
:mod:`annotator.services.annotation.send_back`'s, as the API's.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from annotator.core.errors import AnnotatorError
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts.permissions import visible_project
from annotator.services.annotation.send_back import REASON_MOST, send_back
from annotator.services.datasets.documents import document_in_project
from annotator.web.flashes import refused
from annotator.web.security import login_required

bp = Blueprint("send_back", __name__)


def send_back_form(
    project: Project, document_id: int, username: str, reason: str = "", back: str = "review"
) -> Markup:
    """Return the Send back button for ``username``'s layer on a document, as a form with a
    box for the reason the annotator is shown (optional, at most :data:`REASON_MOST`
    characters, as the API takes it), filled with ``reason`` ("stance blank") when the page
    knows one; it comes back to ``back``: the ``agreement`` page, the ``review`` page of the
    document or the ``project`` page."""
    return Markup(
        '<form method="post" class="send-back inline-form" action="{}">'
        '<input type="hidden" name="csrf_token" value="{}">'
        '<input type="hidden" name="annotator" value="{}">'
        '<input type="text" name="reason" value="{}" maxlength="{}" class="send-back__reason" '
        'placeholder="Reason" aria-label="Why {}\'s layer goes back (optional, '
        'shown to {})">'
        '<input type="hidden" name="back" value="{}">'
        '<button type="submit" class="button button--quiet" title="Send {}\'s layer back to '
        '{}: in progress again, with the reason shown when the document is opened">'
        "Send back</button></form>"
    ).format(
        url_for("send_back.send", slug=project.slug, document_id=document_id),
        generate_csrf(),
        username,
        reason,
        REASON_MOST,
        username,
        username,
        back,
        username,
        username,
    )


@bp.post("/projects/<slug>/documents/<int:document_id>/send-back")
@login_required
def send(slug: str, document_id: int) -> Any:
    """Send an annotator's layer marked done (or skipped) back to them, in progress."""
    session = get_session()
    project = visible_project(session, g.user, slug)
    document = document_in_project(session, project, document_id)
    username = request.form.get("annotator", "")
    try:
        send_back(session, g.user, document, username, request.form.get("reason") or None)
    except AnnotatorError as refusal:
        session.rollback()
        if refusal.status == 404 and "layer of" not in refusal.message:
            raise
        refused(f"Not sent back: {refusal.message}.")
    else:
        session.commit()
        flash(
            f"Sent {username}'s layer back: it is in progress again, and {username} is told "
            "why on opening the document."
        )
    if request.form.get("back") == "review":
        return redirect(url_for("review.document", slug=slug, document_id=document_id))
    if request.form.get("back") == "project":
        return redirect(url_for("projects.project", slug=slug))
    return redirect(url_for("agreement.report", slug=slug, _anchor="done-blank"))
