"""The Assignments page: each annotator's load, with the forms that assign, reassign and
unassign documents, and the way every change posted from it goes (:func:`assignment_change`,
the changes themselves in :mod:`annotator.views.people.assignment_changes`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import flash, g, redirect, render_template, request, url_for

from annotator.core.errors import AnnotatorError
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import staffing
from annotator.services.accounts.assignment import REMOVED, assignable, per_document_of
from annotator.services.accounts.permissions import users_told
from annotator.services.accounts.users import why_no_login
from annotator.views.people.blueprint import bp, managed
from annotator.web.admin_forms import AssignForm, ReassignForm, UnassignForm, choices, choose_first
from annotator.web.flashes import refused, refused_on_form
from annotator.web.security import login_required

if TYPE_CHECKING:  # the views hold no SQL: the session only passes through to the services
    from flask_wtf import FlaskForm
    from sqlalchemy.orm import Session

#: Documents listed on the assignment page with their annotators (the rest by id in forms).
LISTED = 200


@dataclass(frozen=True)
class _Offered:
    """Whom the assignment forms offer: users to give documents to, and who holds some."""

    users: list[Any]
    holders: list[Any]
    #: Those of ``users`` who cannot log in (disabled, or no password set): not ticked.
    no_login: set[str] = field(default_factory=set)


def _offered(project: Project, loads: list[staffing.Load]) -> _Offered:
    """Documents go to those of the users the lead may be told of
    (:func:`~annotator.services.accounts.permissions.users_told`) who may be assigned; they
    are moved or taken from whoever holds some here, a disabled user too (whose open
    documents a lead must move)."""
    held = {
        load.username: f"{load.username} ({load.open} open of {load.assigned})"
        for load in loads
        if load.assigned
    }
    roles = users_told(get_session(), g.user, project)
    # The members' project roles are in the loads (annotator_loads read them); one who holds
    # documents without being a member was removed, and is offered again once added back.
    members = {
        load.username: REMOVED if load.role is None else load.role
        for load in loads
        if load.role is not None or load.assigned
    }
    offered = assignable(roles, members)
    # Offered all the same (a password may be set later), with the reason beside the name;
    # one not in the project yet is marked, as an assignment makes them a member.
    cannot = why_no_login(get_session(), offered)
    shown = {}
    for name in offered:
        why = [cannot[name]] if name in cannot else []
        if name not in members:
            why.append("not in the project yet")
        shown[name] = f"{name} ({'; '.join(why)})" if why else name
    return _Offered(choices(offered, shown), choices(held, held), set(cannot))


def _offer_users(form: Any, offered: _Offered) -> Any:
    """Give every user field of an assignment form the users it may choose from.

    A select of one person starts on an empty choice, which the form refuses: preselecting
    the first user sent "admin to admin" when nobody chose.
    """
    if hasattr(form, "annotators"):
        form.annotators.choices = offered.users
    if hasattr(form, "to_user"):
        form.to_user.choices = choose_first("Choose an annotator", offered.users)
    for name in ("from_user", "user"):
        if hasattr(form, name):
            getattr(form, name).choices = choose_first("Choose who holds them", offered.holders)
    return form


@bp.get("/assignments")
@login_required
def assignments(slug: str) -> Any:
    """Show each annotator's load, with forms to assign, reassign and unassign documents."""
    return _assignments_page(managed(slug))


def _assignments_page(project: Project, refused_form: Any = None, status: int = 200) -> Any:
    """The assignment page; ``refused_form``, a form the page refused, is shown as it was sent,
    with what the user typed and ticked and its problems, instead of its fresh one."""
    session = get_session()
    loads = staffing.annotator_loads(session, project)
    offered = _offered(project, loads)
    assign, move, drop = (
        refused_form
        if isinstance(refused_form, form)
        else _offer_users(form(formdata=None), offered)
        for form in (AssignForm, ReassignForm, UnassignForm)
    )
    if assign is not refused_form:
        # Ticked: the project's annotators who can log in. One who cannot (a brat import's,
        # a disabled account) given documents could not open them.
        # Not ticked either: one whose open work was reassigned away and who holds none now
        # (a top-up after it gave a leaving annotator new documents again); ticking gives.
        taken_off = {
            name
            for name in staffing.reassigned_away(session, project)
            if not any(load.username == name and load.open for load in loads)
        }
        assign.annotators.data = [
            load.username
            for load in loads
            if load.role == "annotator"
            and load.username not in offered.no_login
            and load.username not in taken_off
        ]
        untick_note = sorted(taken_off & {load.username for load in loads})
        assign.per_document.data = per_document_of(project)
        # The project page's "Assign" link of a document nobody has names it here.
        assign.documents.data = request.args.get("documents", "")
    else:
        untick_note = []
    documents = staffing.assigned_documents(session, project)
    page = render_template(
        "people/assignments.html",
        project=project,
        loads=loads,
        documents=documents[:LISTED],
        more=max(0, len(documents) - LISTED),
        assign_form=assign,
        taken_off=untick_note,
        reassign_form=move,
        unassign_form=drop,
    )
    return page, status


def assignment_change(
    form_class: type[FlaskForm], invalid: str
) -> Callable[[Callable[[Session, Project, Any], str]], Callable[[str], Any]]:
    """Make a view of one change of the assignment page from what the change does.

    Every change goes the same way: the project's managers only, the form checked (``invalid``
    said when it is not filled in right), the change made through :mod:`staffing` by the
    decorated function (a refusal rolls back and is said), committed, what it returns said,
    and back to the page. A refused form comes back as it was filled in, not emptied.
    """

    def decorate(change: Callable[[Session, Project, Any], str]) -> Callable[[str], Any]:
        @functools.wraps(change)
        def view(slug: str) -> Any:
            project = managed(slug)
            loads = staffing.annotator_loads(get_session(), project)
            form = _offer_users(form_class(), _offered(project, loads))
            if not form.validate_on_submit():
                refused(invalid)
                return _assignments_page(project, form, 400)
            session = get_session()
            try:
                said = change(session, project, form)
            except AnnotatorError as exc:
                session.rollback()
                # The reassign and unassign forms name one field ``document`` where the
                # services say ``documents``; the assign form's is ``documents``.
                named = {"documents": "document"} if hasattr(form, "document") else None
                refused_on_form(form, exc, named)
                return _assignments_page(project, form, exc.status)
            session.commit()
            flash(said)
            return redirect(url_for("people.assignments", slug=slug))

        return view

    return decorate
