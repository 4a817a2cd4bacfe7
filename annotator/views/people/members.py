"""The People page: a project's members and their roles, listed, added, changed and removed."""

from __future__ import annotations

from typing import Any

from flask import flash, g, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup

from annotator.core.errors import AnnotatorError, Conflict, Forbidden, NotFound, you_meant
from annotator.core.vocabulary import PROJECT_ROLES
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import membership, people
from annotator.services.accounts.people_filter import people_filter
from annotator.services.accounts.permissions import tells_of_everyone
from annotator.services.accounts.user_look_alikes import member_to_be
from annotator.services.accounts.users import get_user
from annotator.views.people.blueprint import bp, managed
from annotator.web.admin_forms import ConfirmForm, MemberByNameForm
from annotator.web.flashes import refused, refused_on_form, refused_with_a_way_on
from annotator.web.people_view import asked_view
from annotator.web.security import login_required


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
    return _members_page(managed(slug), MemberByNameForm(formdata=None))


def _members_page(project: Project, form: MemberByNameForm, status: int = 200) -> Any:
    """The People page with ``form`` as its add form: a fresh one, or one refused, shown as it
    was typed with its problem under the field."""
    view = asked_view(PROJECT_ROLES)
    session = get_session()
    listed = membership.members_page(session, project, view.paging, view.filters)
    # An admin picks from every non-member when they are few; with more, a few are suggested
    # as a name is typed (member-suggestions.js). A manager types the exact name.
    suggests = tells_of_everyone(g.user)
    offered = (
        membership.active_non_members(session, project, None, SUGGESTED + 1) if suggests else []
    )
    page = render_template(
        "people/members.html",
        project=project,
        members=listed.rows,
        listed=listed,
        view=view,
        form=form,
        suggests=suggests,
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
    project = managed(slug)
    if not tells_of_everyone(g.user):
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
    project = managed(slug)
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
    if not tells_of_everyone(g.user):
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
    if not tells_of_everyone(g.user):
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
    project = managed(slug)
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
    project = managed(slug)
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
