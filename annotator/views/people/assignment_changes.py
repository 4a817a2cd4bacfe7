"""The changes posted from the Assignments page: assign, reassign and unassign documents,
each said in words, with the way to take documents kept for their work off anyway."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import g, url_for
from markupsafe import Markup

from annotator.core.comma_lists import comma_separated
from annotator.core.errors import Invalid
from annotator.core.wording import counted
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import staffing
from annotator.services.accounts.assign_choice import (
    final_gold_words,
    final_left_out_words,
    joined_words,
)
from annotator.services.accounts.named_holdings import said_by_number
from annotator.services.accounts.unfinished import unfinished_documents
from annotator.services.accounts.users import get_user
from annotator.services.datasets.document_names import (
    each_said,
    named_document_ids,
    said_by_external_id,
)
from annotator.views.people.assignments import assignment_change
from annotator.views.people.blueprint import bp
from annotator.web.admin_forms import AssignForm, ReassignForm, UnassignForm
from annotator.web.security import login_required

if TYPE_CHECKING:  # the views hold no SQL: the session only passes through to the services
    from sqlalchemy.orm import Session


def _documents_named(
    session: Session, project: Project, form: ReassignForm | UnassignForm
) -> list[int] | None:
    """The documents a form names, or None for all the annotator's open documents."""
    names = comma_separated(form.document.data)
    return named_document_ids(session, project, names) if names else None


@bp.post("/assignments")
@login_required
@assignment_change(
    AssignForm, "Tick at least one annotator and give a number of annotators per document."
)
def assign(session: Session, project: Project, form: AssignForm) -> str:
    """Give every document (or those chosen) K of the annotators ticked (the rules of
    ``annotator assign``), saying who joined the project and warning of final gold."""
    chosen = [get_user(session, name) for name in form.annotators.data or []]
    names = comma_separated(form.documents.data)
    report = staffing.assign(
        session,
        g.user,
        project,
        chosen,
        form.per_document.data or 0,
        document_ids=named_document_ids(session, project, names) if names else None,
        only=form.only.data or None,
    )
    # The documents given, named: a number typed meaning another row shows at once.
    given = f": {said_by_number(session, report.given)}" if report.given else ""
    said = [
        f"{counted(report.created, 'new assignment')} over "
        f"{counted(report.documents, 'document')}{given}"
    ]
    gold = final_gold_words(each_said(session, project, report.final_gold))
    left = final_left_out_words(each_said(session, project, report.final_left_out))
    said += [s for s in (joined_words(report.joined), gold, left) if s]
    return " ".join(f"{sentence}." for sentence in said)


@bp.post("/assignments/reassign")
@login_required
@assignment_change(ReassignForm, "Choose both annotators.")
def reassign(session: Session, project: Project, form: ReassignForm) -> str:
    """Move the documents named, all or none, or all open documents, of one annotator to
    another. A refusal for documents that hold the first's work offers to give them anyway."""
    source = get_user(session, form.from_user.data)
    target = get_user(session, form.to_user.data)
    try:
        report = staffing.move_documents(
            session, g.user, project, source, target, _documents_named(session, project, form)
        )
    except Invalid as exc:
        kept = exc.details.get("kept") if isinstance(exc.details, dict) else None
        if not kept:
            raise
        raise Invalid(_anyway(project, source, kept, exc.message, target), exc.details) from None
    said = _said(project, "Moved to " + target.username, report.moved, report.kept, report.refused)
    gold = final_gold_words(each_said(session, project, report.final_gold))
    for words in (joined_words(report.joined), gold):
        if words:
            said += f" {words}."
    return _anyway(project, source, report.kept, said, target)


@bp.post("/assignments/unassign")
@login_required
@assignment_change(UnassignForm, "Choose an annotator.")
def unassign(session: Session, project: Project, form: UnassignForm) -> str:
    """Take the documents named, all or none, or all open documents (those holding work
    kept), away from one annotator.

    Documents named that are not theirs refuse the change; the form comes back with a button
    that unassigns those that are (``only_assigned``), the others then said as skipped. A
    refusal for documents that hold their work offers to take them off anyway.
    """
    user = get_user(session, form.user.data)
    documents = _documents_named(session, project, form)
    try:
        report = staffing.take_back(
            session, g.user, project, user, documents, only_assigned=form.only_assigned.data
        )
    except Invalid as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        kept = details.get("kept")
        if kept:  # the button would be refused too: the way on deletes that work, asked first
            raise Invalid(_anyway(project, user, kept, exc.message), details) from None
        if details.get("not_assigned") and details.get("assigned"):
            form.those_that_are = details["assigned"]  # the page offers the button
        raise
    said = _said(project, f"Unassigned from {user.username}", report.removed, report.kept, [])
    if report.skipped:
        skipped = said_by_external_id(session, project, report.skipped, None)
        said += f" Skipped, not {user.username}'s: {skipped}."
    return _anyway(project, user, report.kept, said)


def _anyway(project: Project, user: Any, kept: list[str], said: str, to: Any = None) -> str:
    """Add to ``said`` the way to take the documents kept for their work off anyway: the
    confirmation that names them and says that work is deleted (``take_off.confirm``)."""
    if not kept:
        return said
    session = get_session()
    ids = named_document_ids(session, project, kept)
    unfinished = [f"#{d.number}" for d in unfinished_documents(session, project, user, ids)]
    if not unfinished:  # kept documents that are finished: their work stays, no way offered
        return said
    args = {"annotator": user.username, "documents": ",".join(unfinished)}
    what = "Give them to {} anyway" if to is not None else "Take them off anyway"
    url = url_for("take_off.confirm", slug=project.slug, **args | _to(to))
    return Markup('{} <a href="{}">{}, deleting {}\'s unfinished work on them…</a>').format(
        said, url, what.format(to.username if to is not None else ""), user.username
    )


def _to(to: Any) -> dict[str, str]:
    return {"to_user": to.username} if to is not None else {}


def _said(project: Project, what: str, done: list[str], kept: list[str], refused: list[str]) -> str:
    """Say what a move or a removal did, naming each document kept or refused by number."""
    session = get_session()
    parts = [f"{what}: {counted(len(done), 'document')}."]
    if kept:
        parts.append(
            f"Kept, as they hold work: {said_by_external_id(session, project, kept, None)}."
        )
    if refused:
        parts.append(
            f"Refused, already theirs: {said_by_external_id(session, project, refused, None)}."
        )
    return " ".join(parts)
