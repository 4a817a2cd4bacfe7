"""A document's history, a section per layer, and restoring from it (the page's face).

The rules are :mod:`annotator.services.review.history` (who reads which layer's history)
and :mod:`annotator.services.review.restore`, shared with the API.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from annotator.core.errors import Conflict
from annotator.core.limits import column_integer
from annotator.core.shown_names import ShownNames
from annotator.core.wording import counted
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.datasets.documents import document_in_project
from annotator.services.review.hidden_names import shown_names
from annotator.services.review.history import Change, document_history
from annotator.services.review.restore import restore_change
from annotator.views.review_places import anonymous
from annotator.web.flashes import WARNED, refused
from annotator.web.security import login_required

bp = Blueprint("history", __name__)


def _page() -> int:
    page = column_integer(request.args.get("page"))
    return page if page and page < 1_000_000 else 1


@bp.get("/projects/<slug>/review/<int:document_id>/history")
@login_required
def document(slug: str, document_id: int) -> Any:
    """Show a document's history: a section per layer the reader may read, newest first.

    ``?anonymous=1`` (the review page's and curation view's setting, kept on their History
    link) names each annotator "Annotator N" as they do: the sections, who made each change,
    the links between layers (``?annotator=Annotator 2``) and the reasons said.
    """
    session = get_session()
    project = permissions.visible_project(session, g.user, slug)
    doc = document_in_project(session, project, document_id)
    shown = _shown_names(session, doc)
    asked = request.args.get("annotator") or None
    asked = shown.real(asked) if asked else None
    overview = document_history(session, g.user, doc, asked, per_page=1)
    # In the order of the names shown: by number when hidden (the real names' would tell).
    names = [asked] if asked else sorted(overview.layers, key=shown.rank)
    sections = []
    for name in names:
        history = document_history(
            session, g.user, doc, name, page=_page() if asked else 1, shown=shown
        )
        sections.append((name, history, shared_reasons(history.changes)))
    return render_template(
        "history/document.html",
        project=project,
        document=doc,
        sections=sections,
        asked=asked,
        may_review=overview.may_review,
        anonymous=shown.hidden,
        # Sections are layers (an annotator's or gold); who made a change may be a reviewer.
        shown=lambda name: shown(name) if name else name,
        who=lambda name: shown.person(name) if name else name,
    )


def _shown_names(session: Any, doc: Any) -> ShownNames:
    """Return how the page names the annotators: ``?anonymous=1``, by the project's numbers
    (then any other layer with a history, after them)."""
    shown = shown_names(session, doc.project_id, anonymous())
    if not shown.hidden:
        return shown
    return shown.with_others(document_history(session, g.user, doc, None, per_page=1).layers)


@dataclass(frozen=True)
class SharedReason:
    """A reason for no Restore that several rows of a table share: said once, above it."""

    number: int
    reason: str
    rows: int


def shared_reasons(changes: Sequence[Change]) -> dict[str, SharedReason]:
    """Return the reasons for no Restore that more than one of ``changes`` give, numbered in
    the order they first come.

    Every row that added an item gave the same two lines, a column of them on a busy layer;
    such a row now points to the note above the table, and a reason only one row gives
    stays on it.
    """
    counts = Counter(c.not_restorable for c in changes if c.not_restorable is not None)
    shared = [reason for reason, count in counts.items() if count > 1]
    return {
        reason: SharedReason(number, reason, counts[reason])
        for number, reason in enumerate(shared, start=1)
    }


@bp.post("/projects/<slug>/review/<int:document_id>/history/<int:change_id>/restore")
@login_required
def restore(slug: str, document_id: int, change_id: int) -> Any:
    """Put back what one change found before it; say why when it cannot apply."""
    session = get_session()
    project = permissions.visible_project(session, g.user, slug)
    doc = document_in_project(session, project, document_id)
    # Read before the restore: what the page sent it from named (numbered the same after).
    shown = _shown_names(session, doc)
    try:
        restored = restore_change(session, g.user, doc, change_id)
    except Conflict as conflict:
        session.rollback()
        refused(f"Not restored: {conflict.message}")
    else:
        session.commit()
        extra = f", with {counted(restored.relations, 'relation')}" if restored.relations else ""
        skipped = f"; left out: {'; '.join(restored.skipped)}" if restored.skipped else ""
        flash(f"Restored the {restored.kind} of change {change_id}{extra}{skipped}.")
        for warning in restored.warnings:
            flash(f"Warning: {warning}.", WARNED)
    back = request.form.get("annotator") or None
    return redirect(
        url_for(
            "history.document",
            slug=project.slug,
            document_id=doc.id,
            annotator=back,  # None (no annotator) is left out of the URL
            anonymous="1" if shown.hidden else None,
        )
    )
