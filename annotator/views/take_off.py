"""Taking an annotator who leaves off their unfinished documents, from the browser.

Asked first: the page lists the documents (new or in progress) and says whose work on them
is deleted; the confirmation sends back exactly those, and
:func:`~annotator.services.accounts.unfinished.take_off_unfinished` acts on those of them
still unfinished (what ``annotator unassign --force`` does, never to a finished document),
giving them to another annotator when one is named. Admins and the project's managers only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from annotator.core.comma_lists import comma_separated
from annotator.core.document_naming import documents_said
from annotator.core.errors import AnnotatorError
from annotator.core.wording import counted
from annotator.db import get_session
from annotator.models import Project, User
from annotator.services.accounts.assign_choice import final_gold_words
from annotator.services.accounts.assignment import ReassignReport
from annotator.services.accounts.unfinished import (
    Unfinished,
    take_off_unfinished,
    unfinished_documents,
)
from annotator.services.accounts.users import get_user
from annotator.services.datasets.document_names import (
    each_said,
    named_document_ids,
    said_by_external_id,
)
from annotator.views.people.blueprint import managed
from annotator.web.admin_forms import TakeOffForm
from annotator.web.flashes import refused
from annotator.web.security import login_required

bp = Blueprint("take_off", __name__, url_prefix="/projects/<slug>/assignments")


def _chosen(project: Project, text: str | None) -> list[int] | None:
    """The ids of the documents ``?documents=`` names (comma-separated, as the rest of the
    app names them: ``#N``, ``N`` or an external id), or None for all."""
    names = comma_separated(text or "")
    if not names:
        return None
    return named_document_ids(get_session(), project, names)


def _named(documents: list[Unfinished]) -> str:
    """``documents`` named for the page's links and its confirmation: by number."""
    return ",".join(f"#{doc.number}" for doc in documents)


def _users(args: Any) -> tuple[User, User | None]:
    session = get_session()
    to_name = (args.get("to_user") or "").strip()
    return get_user(session, args.get("annotator") or ""), get_user(
        session, to_name
    ) if to_name else None


@bp.get("/take-off")
@login_required
def confirm(slug: str) -> Any:
    """Show ``?annotator=``'s unfinished documents (all, or those ``?documents=`` names), which hold
    their work, and ask whether to take them off (to ``?to_user=``), deleting that work."""
    project = managed(slug)
    user, to_user = _users(request.args)
    documents = unfinished_documents(
        get_session(), project, user, _chosen(project, request.args.get("documents"))
    )
    form = TakeOffForm(
        formdata=None,
        annotator=user.username,
        to_user=to_user.username if to_user else "",
        documents=_named(documents),
    )
    worked = [doc for doc in documents if doc.holds_work]
    # The button says what it does: it deletes only when some document holds work.
    act = f"give them to {to_user.username}" if to_user is not None else "take them off"
    form.submit.label.text = (
        f"Delete their unfinished work and {act}" if worked else act[0].upper() + act[1:]
    )
    return render_template(
        "people/take_off.html",
        project=project,
        user=user,
        to_user=to_user,
        documents=documents,
        worked=worked,
        worked_said=documents_said([(doc.number, doc.external_id) for doc in worked], None),
        form=form,
    )


@bp.post("/take-off")
@login_required
def take_off(slug: str) -> Any:
    """Take the annotator off the documents confirmed, deleting their work on them."""
    project = managed(slug)
    back = redirect(url_for("people.assignments", slug=slug))
    form = TakeOffForm()
    if not form.validate_on_submit():
        refused("Nothing was taken off: the confirmation was incomplete or expired; ask again.")
        return back
    session = get_session()
    try:
        user, to_user = _users(form.data)
        report = take_off_unfinished(
            session, g.user, project, user, _chosen(project, form.documents.data), to_user
        )
    except AnnotatorError as exc:
        session.rollback()
        refused(exc.message)
        return back
    session.commit()
    if isinstance(report, ReassignReport):
        assert to_user is not None
        said = f"Gave {counted(len(report.moved), 'document')} of {user.username}'s to"
        said += f" {to_user.username}."
        if report.refused:
            refusals = said_by_external_id(session, project, report.refused, None)
            said += f" Refused, already {to_user.username}'s: {refusals}."
        if words := final_gold_words(each_said(session, project, report.final_gold)):
            said += f" {words}."
    else:
        said = (
            f"Took {user.username} off {counted(len(report.removed + report.dropped), 'document')}."
        )
    if report.dropped:
        dropped = said_by_external_id(session, project, report.dropped, None)
        said += f" Deleted {user.username}'s unfinished work on {dropped}."
    flash(said)
    return back
