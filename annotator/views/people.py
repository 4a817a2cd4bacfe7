"""A project's people (members and their roles) and its assignments, for admins and managers.

To anyone else these pages do not exist (403, whether or not the project does). The rules
and the audit entries are in :mod:`annotator.services.accounts.people` and
:mod:`annotator.services.accounts.staffing`, shared with the API.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup

from annotator.core.comma_lists import comma_separated
from annotator.core.errors import AnnotatorError, Conflict, Forbidden, Invalid, NotFound, you_meant
from annotator.core.vocabulary import PROJECT_ROLES
from annotator.core.wording import counted
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import membership, people, permissions, staffing
from annotator.services.accounts.assign_choice import final_gold_words, joined_words
from annotator.services.accounts.assignment import REMOVED, assignable, per_document_of
from annotator.services.accounts.directory import list_users
from annotator.services.accounts.named_holdings import said_by_number
from annotator.services.accounts.people_filter import people_filter
from annotator.services.accounts.unfinished import unfinished_documents
from annotator.services.accounts.user_look_alikes import member_to_be
from annotator.services.accounts.users import get_user, why_no_login
from annotator.services.datasets.document_names import (
    each_said,
    named_document_ids,
    said_by_external_id,
)
from annotator.web.admin_forms import (
    AssignForm,
    ConfirmForm,
    MemberByNameForm,
    ReassignForm,
    UnassignForm,
    choices,
    choose_first,
)
from annotator.web.flashes import refused, refused_on_form, refused_with_a_way_on
from annotator.web.people_view import asked_view
from annotator.web.security import login_required

if TYPE_CHECKING:  # the views hold no SQL: the session only passes through to the services
    from flask_wtf import FlaskForm
    from sqlalchemy.orm import Session

bp = Blueprint("people", __name__, url_prefix="/projects/<slug>")

#: Documents listed on the assignment page with their annotators (the rest by id in forms).
LISTED = 200


def _project(slug: str) -> Project:
    return permissions.managed_project(get_session(), g.user, slug, "manage a project's people")


def _users(project: Project) -> list[Any]:
    """The users a form offers: every active user to an admin, the project's own to a manager.

    A manager administers one project and must not learn who works elsewhere; they add a
    new member by typing the name (:func:`_member_form`).
    """
    session = get_session()
    if g.user.role == "admin":
        return [u for u in list_users(session) if u.active]
    return [m.user for m in membership.list_members(session, project)]


def _failed(exc: AnnotatorError, slug: str) -> Any:
    get_session().rollback()
    refused(exc.message)
    return _back_to_members(slug)


def _back_to_members(slug: str) -> Any:
    """Go back to the People page as the change was posted from: its filter and page."""
    return redirect(url_for("people.members", slug=slug, **asked_view(PROJECT_ROLES).args))


#: The most names the add form suggests at once, and names a refusal: a few to choose from.
SUGGESTED = 20
LOOK_ALIKES = 5


@bp.get("/people")
@login_required
def members(slug: str) -> Any:
    """List the project's members with their roles, a page at a time (``?page=``), by part
    of their name (``?q=``) and project role (``?role=``); add, change and remove them."""
    return _members_page(_project(slug), MemberByNameForm(formdata=None))


def _members_page(project: Project, form: MemberByNameForm, status: int = 200) -> Any:
    """The People page with ``form`` as its add form: a fresh one, or one refused, shown as it
    was typed with its problem under the field."""
    view = asked_view(PROJECT_ROLES)
    session = get_session()
    listed = membership.members_page(session, project, view.paging, view.filters)
    # An admin picks from every non-member when they are few; with more, a few are suggested
    # as a name is typed (member-suggestions.js). A manager types the exact name.
    offered = (
        membership.active_non_members(session, project, None, SUGGESTED + 1)
        if g.user.role == "admin"
        else []
    )
    page = render_template(
        "people/members.html",
        project=project,
        members=listed.rows,
        listed=listed,
        view=view,
        form=form,
        suggests=g.user.role == "admin",
        offered=offered if len(offered) <= SUGGESTED else None,
        roles=PROJECT_ROLES,
        confirm_form=ConfirmForm(formdata=None),
    )
    return page, status


@bp.get("/people/suggestions")
@login_required
def suggestions(slug: str) -> Any:
    """The first :data:`SUGGESTED` active non-members whose name holds ``?q=``, for the admin's
    add form as they type (``{"usernames": [...]}``). A manager is refused: they add by the
    exact name and must not learn who works elsewhere."""
    project = _project(slug)
    if g.user.role != "admin":
        raise Forbidden("only an admin is suggested users who are not members")
    typed = people_filter(request.args.get("q"), None, ()).q
    if not typed:
        return jsonify(usernames=[])
    names = membership.active_non_members(get_session(), project, typed, SUGGESTED)
    return jsonify(usernames=names)


@bp.post("/people/add")
@login_required
def add_member(slug: str) -> Any:
    """Add a user, typed by name, in a role; an unknown name (with the non-members it is like,
    to an admin) or a member already is refused under the field."""
    project = _project(slug)
    form = MemberByNameForm()
    if not form.validate_on_submit():
        refused("Type a user's name and choose a role.")
        return _members_page(project, form, 400)
    typed, role = form.username.data or "", form.role.data or ""
    session = get_session()
    try:
        user = member_to_be(session, g.user, project, typed)
        people.add_member(session, g.user, project, user, role)
    except NotFound as exc:
        session.rollback()
        said = _unknown(project, exc, typed)
        # At the top, as every refusal, in sentences; and under the field it is about.
        refused(_unknown_sentences(exc, typed, said))
        form.username.errors = [*form.username.errors, said]
        # A refused form, shown again with its error: not the 404 of a missing page.
        return _members_page(project, form, 422)
    except AnnotatorError as exc:
        session.rollback()
        refused_on_form(form, exc)
        return _members_page(project, form, exc.status)
    session.commit()
    flash(f"{user.username} is {role} of {project.name}.")
    return _back_to_members(slug)


def _unknown(project: Project, exc: NotFound, typed: str) -> str:
    """Say that nobody is called ``typed`` (with the name meant, :mod:`user_look_alikes`),
    naming to an admin the non-members whose name holds it (the name half remembered)."""
    if g.user.role != "admin":
        return exc.message
    meant = exc.details.get("did_you_mean") if isinstance(exc.details, dict) else None
    like = [
        name
        for name in membership.active_non_members(get_session(), project, typed, LOOK_ALIKES + 1)
        if name != meant  # named already
    ][:LOOK_ALIKES]
    return f"{exc.message}; not members yet: {', '.join(like)}" if like else exc.message


def _unknown_sentences(exc: NotFound, typed: str, said: str) -> Markup:
    """The banner's words for a name nobody has: whole sentences, an admin's with the way to
    the Users page (at the name meant, when there is one), which a manager does not have."""
    meant = exc.details.get("did_you_mean") if isinstance(exc.details, dict) else None
    words = Markup("No user is called {}{}.").format(repr(typed), you_meant(meant))
    if g.user.role != "admin":
        return words + " Check the name."
    _, _, like = said.partition("; not members yet: ")
    if like:
        words += Markup(" Not members yet: {}.").format(like)
    return words + Markup(
        ' Check the name, or find the account or make one on the <a href="{}">Users page</a>.'
    ).format(url_for("admin.users", q=meant))


@bp.post("/people")
@login_required
def save_member(slug: str) -> Any:
    """Change a member's role (the members' rows), or add a user in a role."""
    project = _project(slug)
    form = MemberByNameForm()
    if not form.validate_on_submit():
        refused("Choose a user and a role.")
        return _back_to_members(slug)
    session = get_session()
    try:
        user = member_to_be(session, g.user, project, form.username.data or "")
        people.save_member(session, g.user, project, user, form.role.data)
    except AnnotatorError as exc:
        return _failed(exc, slug)
    session.commit()
    flash(f"{user.username} is {form.role.data} of {project.name}.")
    return _back_to_members(slug)


@bp.post("/people/<username>/remove")
@login_required
def remove_member(slug: str, username: str) -> Any:
    """Remove a member (refused while they have unfinished documents of the project; their
    finished work stays with it)."""
    project = _project(slug)
    if not ConfirmForm().validate_on_submit():
        return _back_to_members(slug)
    session = get_session()
    try:
        people.drop_member(session, g.user, project, get_user(session, username))
    except Conflict as exc:  # unfinished documents: offer to take them off (asked first)
        session.rollback()
        where = url_for("take_off.confirm", slug=slug, annotator=username)
        refused_with_a_way_on(exc.message, f"page that takes {username} off them", where)
        return _back_to_members(slug)
    except AnnotatorError as exc:
        return _failed(exc, slug)
    session.commit()
    flash(f"{username} is no longer a member of {project.name}.")
    return _back_to_members(slug)


@dataclass(frozen=True)
class _Offered:
    """Whom the assignment forms offer: users to give documents to, and who holds some."""

    users: list[Any]
    holders: list[Any]
    #: Those of ``users`` who cannot log in (disabled, or no password set): not ticked.
    no_login: set[str] = field(default_factory=set)


def _offered(project: Project, loads: list[staffing.Load]) -> _Offered:
    """Documents go to those of :func:`_users` who may be assigned; they are moved or taken from
    whoever holds some here, a disabled user too (whose open documents a lead must move)."""
    held = {
        load.username: f"{load.username} ({load.open} open of {load.assigned})"
        for load in loads
        if load.assigned
    }
    roles = {user.username: user.role for user in _users(project)}
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
    return _assignments_page(_project(slug))


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
        assign.annotators.data = [
            load.username
            for load in loads
            if load.role == "annotator" and load.username not in offered.no_login
        ]
        assign.per_document.data = per_document_of(project)
        # The project page's "Assign" link of a document nobody has names it here.
        assign.documents.data = request.args.get("documents", "")
    documents = staffing.assigned_documents(session, project)
    page = render_template(
        "people/assignments.html",
        project=project,
        loads=loads,
        documents=documents[:LISTED],
        more=max(0, len(documents) - LISTED),
        assign_form=assign,
        reassign_form=move,
        unassign_form=drop,
    )
    return page, status


def _assignment_change(
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
            project = _project(slug)
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


def _documents_named(
    session: Session, project: Project, form: ReassignForm | UnassignForm
) -> list[int] | None:
    """The documents a form names, or None for all the annotator's open documents."""
    names = comma_separated(form.document.data)
    return named_document_ids(session, project, names) if names else None


@bp.post("/assignments")
@login_required
@_assignment_change(
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
    said += [s for s in (joined_words(report.joined), gold) if s]
    return " ".join(f"{sentence}." for sentence in said)


@bp.post("/assignments/reassign")
@login_required
@_assignment_change(ReassignForm, "Choose both annotators.")
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
@_assignment_change(UnassignForm, "Choose an annotator.")
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
