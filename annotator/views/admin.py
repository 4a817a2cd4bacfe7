"""Administration pages for global admins: people (``/admin/users``) and the audit log.

Every change goes through :mod:`annotator.services.accounts.people`, shared with the API and
the CLI, which applies the users service's rules and logs the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from annotator.core.errors import AnnotatorError
from annotator.core.limits import column_integer
from annotator.core.times import as_utc
from annotator.core.wording import NO_PASSWORD, NO_VALUE, counted
from annotator.db import get_session
from annotator.models import ROLES
from annotator.services.accounts import audit, people, permissions, throttle
from annotator.services.accounts.directory import list_projects, users_page
from annotator.services.accounts.tokens import list_tokens
from annotator.services.accounts.users import find_user, get_user
from annotator.web.admin_forms import ConfirmForm, NewUserForm, RoleForm, SetPasswordForm
from annotator.web.flashes import refused
from annotator.web.people_view import asked_view
from annotator.web.security import login_required, now, start_session

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: Entries on one page of the audit log.
PER_PAGE = 50

#: The changes the users page asks about first (``?confirm=WHAT&user=NAME``, the box
#: ``#confirm-change``), as the review pages ask before accepting many items: each ends, at
#: once, what a user holds (their sessions; with Disable, their sign-in), so the page says
#: what ends before the form that ends it; a post without ``confirm=1`` only asks.
ASKED_FIRST = ("disable", "end-sessions")


@dataclass(frozen=True)
class Asking:
    """The change the users page asks about: what, of whom, and how many tokens they hold."""

    what: str
    username: str
    tokens: int


def shown(moment: datetime | None) -> str:
    """Return a moment as the pages show it (UTC, to the minute), or NO_VALUE for none."""
    return NO_VALUE if moment is None else as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


@bp.before_request
def _admins_only() -> None:
    if g.get("user") is not None:
        action = "administer users and read the audit log"
        username = (request.view_args or {}).get("username")
        if username is None:
            permissions.require_admin(g.user, action)
        else:  # another account is hidden from all but admins (404)
            permissions.require_admin_over(g.user, username, action)


def _asking() -> Asking | None:
    """Return the change ``?confirm=WHAT&user=NAME`` asks about, or None (none, or nobody)."""
    what, name = request.args.get("confirm"), request.args.get("user")
    if what not in ASKED_FIRST or not name:
        return None
    session = get_session()
    user = find_user(session, name)
    if user is None:
        return None
    return Asking(what, user.username, len(list_tokens(session, user)))


def _ask(what: str, username: str) -> Any:
    """Go back to the users page's question, changing nothing (a post without ``confirm=1``)."""
    kept = asked_view(ROLES).args
    return redirect(
        url_for("admin.users", confirm=what, user=username, _anchor="confirm-change", **kept)
    )


def _back() -> Any:
    """Go back to the users page as the change was posted from: its filter and page."""
    return redirect(url_for("admin.users", **asked_view(ROLES).args))


def _users_page(form: NewUserForm, status: int = 200) -> Any:
    view = asked_view(ROLES)
    session = get_session()
    listed = users_page(session, view.paging, view.filters)
    names = [user.username for user in listed.rows]
    locked = throttle.locked_out(session, names, now())
    return (
        render_template(
            "admin/users.html",
            form=form,
            users=listed.rows,
            listed=listed,
            view=view,
            role_form=RoleForm(formdata=None),
            roles=ROLES,
            password_form=SetPasswordForm(formdata=None),
            confirm_form=ConfirmForm(formdata=None),
            asking=_asking(),
            locked={name: now() + timedelta(seconds=wait) for name, wait in locked.items()},
            shown=shown,
            no_password=NO_PASSWORD,
        ),
        status,
    )


@bp.get("/users")
@login_required
def users() -> Any:
    """List the users with role, state and last login, a page at a time (``?page=``),
    by part of their name (``?q=``) and role (``?role=``); and a form to add one."""
    return _users_page(NewUserForm(formdata=None))


@bp.post("/users")
@login_required
def create_user() -> Any:
    """Create a user; a password that breaks the rule is shown beside its field."""
    form = NewUserForm()
    if not form.validate_on_submit():
        return _users_page(form, 400)
    session = get_session()
    try:
        user = people.add_user(
            session, g.user, form.username.data or "", form.role.data, form.password.data
        )
    except AnnotatorError as exc:
        session.rollback()
        wrong = (exc.details or {}).get("field") if isinstance(exc.details, dict) else None
        field = form.password if wrong == "password" else form.username
        field.errors = [exc.message]
        return _users_page(form, exc.status)
    session.commit()
    flash(f"Created {user.role} {user.username}.")
    return _back()


def _change(username: str, done: str, **change: Any) -> Any:
    session = get_session()
    try:
        people.update_user(session, g.user, get_user(session, username), at=now(), **change)
    except AnnotatorError as exc:
        session.rollback()
        refused(f"{username}: {exc.message}")
        return _back()
    session.commit()
    flash(f"{username}: {done}.")
    return _back()


@bp.post("/users/<username>/role")
@login_required
def set_role(username: str) -> Any:
    """Give a user another global role."""
    form = RoleForm()
    if not form.validate_on_submit():
        refused(f"{username}: choose a role.")
        return _back()
    return _change(username, f"role is now {form.role.data}", role=form.role.data)


@bp.post("/users/<username>/password")
@login_required
def set_password(username: str) -> Any:
    """Give a user a new password; their sessions end and their API tokens are revoked."""
    form = SetPasswordForm()
    if not form.validate_on_submit():
        refused(f"{username}: give a new password.")
        return _back()
    said = "password set, their sessions and API tokens have ended"
    return _change(username, said, password=form.password.data)


@bp.post("/users/<username>/disable")
@login_required
def disable(username: str) -> Any:
    """Disable a user: no login, their sessions end, their tokens are revoked (``confirm=1``)."""
    if not ConfirmForm().validate_on_submit():
        return _back()
    if request.form.get("confirm") != "1":
        return _ask("disable", username)
    return _change(username, "disabled, their sessions and API tokens have ended", active=False)


@bp.post("/users/<username>/sessions/end")
@login_required
def end_sessions(username: str) -> Any:
    """Sign a user out everywhere (``confirm=1``); with ``tokens=revoke``, revoke their tokens.

    An admin ending their own sessions stays signed in here, as after a new password.
    """
    if not ConfirmForm().validate_on_submit():
        return _back()
    if request.form.get("confirm") != "1":
        return _ask("end-sessions", username)
    session = get_session()
    try:
        user = people.end_sessions(session, g.user, get_user(session, username))
        revoked = None
        if request.form.get("tokens") == "revoke":
            revoked = people.revoke_every_token(session, g.user, user)
    except AnnotatorError as exc:
        session.rollback()
        refused(f"{username}: {exc.message}")
        return _back()
    session.commit()
    if user.id == g.user.id:
        start_session(user.id, user.session_epoch)
    tokens = "their API tokens still work" if revoked is None else counted(revoked, "API token")
    flash(f"{username}: signed out everywhere; {tokens}{'' if revoked is None else ' revoked'}.")
    return _back()


@bp.post("/users/<username>/unlock")
@login_required
def unlock(username: str) -> Any:
    """Open a user's name to logins again after too many failed ones."""
    if not ConfirmForm().validate_on_submit():
        return _back()
    session = get_session()
    try:
        forgotten = people.unlock_logins(session, g.user, get_user(session, username), now())
    except AnnotatorError as exc:
        session.rollback()
        refused(f"{username}: {exc.message}")
        return _back()
    session.commit()
    if forgotten:
        flash(f"{username}: unlocked; {counted(forgotten, 'failed login')} forgotten.")
    else:
        flash(f"{username}: was not locked out.")
    return _back()


@bp.post("/users/<username>/enable")
@login_required
def enable(username: str) -> Any:
    """Enable a user again (the tokens revoked on disabling stay revoked)."""
    if not ConfirmForm().validate_on_submit():
        return _back()
    return _change(username, "enabled", active=True)


@bp.get("/audit")
@login_required
def audit_log() -> Any:
    """Show the audit log, newest first, a page at a time, optionally of one project."""
    session = get_session()
    slug = request.args.get("project") or None
    page_number = column_integer(request.args.get("page")) or 1
    entries, total = audit.entries_read_by(
        session, g.user, slug, page=page_number, per_page=PER_PAGE
    )
    return render_template(
        "admin/audit.html",
        entries=entries,
        targets=audit.targets_said(session, entries),
        carried=audit.carried_by_loads(session, entries),
        total=total,
        page=page_number,
        pages=max(1, -(-total // PER_PAGE)),
        project=slug,
        projects=[p.slug for p in list_projects(session)],
        shown=shown,
    )
