"""Users, for admins (CONTRACT section 10): list, create, change role, password or state.

Disabling a user (``active: false``) ends their sessions and stops their tokens; a new
password ends their sessions and revokes their tokens. ``DELETE /users/<username>/sessions``
ends only their sessions (they log in again) and ``DELETE /users/<username>/tokens`` revokes
every token of theirs: for a lost or stolen device, both. The rules are in
:mod:`annotator.services.accounts.users`; every change goes through
:mod:`annotator.services.accounts.people`, which logs it.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from annotator.api import bp, caller, fields, json_object
from annotator.api.idempotency import keyless
from annotator.api.paging import asked_paging, paged
from annotator.core.caller import Caller
from annotator.core.errors import Malformed
from annotator.core.vocabulary import ROLES
from annotator.db import get_session
from annotator.services.accounts import people, permissions
from annotator.services.accounts.directory import users_page
from annotator.services.accounts.people_filter import people_filter
from annotator.services.accounts.users import get_user, user_payload


def _admin(username: str | None = None) -> Caller:
    user = caller()
    if username is None:
        permissions.require_admin(user, "manage users")
    else:  # another account is hidden from all but admins (404)
        permissions.require_admin_over(user, username, "manage users")
    return user


@bp.get("/users")
def users() -> Any:
    """List the users with their role, state and last login: all, or ``?page=`` (by name);
    ``?q=`` keeps the names holding it (case aside), ``?role=`` one global role."""
    _admin()
    filters = people_filter(request.args.get("q"), request.args.get("role"), ROLES)
    page = users_page(get_session(), asked_paging(), filters)
    return paged("users", [user_payload(user) for user in page.rows], page.total, page.paging)


@bp.post("/users")
@keyless  # a retry answers 409 (the user exists), which says what happened
def add_user() -> Any:
    """Create a user with a role and a password."""
    admin = _admin()
    body = json_object()
    username = fields.string(body, "username")
    role = fields.string(body, "role")
    password = fields.string(body, "password")
    session = get_session()
    user = people.add_user(session, admin, username, role, password)
    session.commit()
    return user_payload(user), 201


@bp.patch("/users/<username>")
@keyless  # setting the same values again is harmless; the answer is the user as it is
def update_user(username: str) -> Any:
    """Change any of a user's role, state (``active``) and password."""
    admin = _admin(username)
    body = json_object()
    role = fields.string(body, "role", required=False)
    password = fields.string(body, "password", required=False)
    active = body.get("active")
    if "active" in body and not isinstance(active, bool):
        raise Malformed("the field 'active' must be true or false", details={"field": "active"})
    if not (fields.present(role) or fields.present(password) or "active" in body):
        raise Malformed("give at least one of 'role', 'active' and 'password'")
    session = get_session()
    user = people.update_user(
        session,
        admin,
        get_user(session, username),
        role=role if fields.present(role) else None,
        active=active if "active" in body else None,
        password=password if fields.present(password) else None,
    )
    session.commit()
    return user_payload(user)


@bp.delete("/users/<username>/sessions")
def end_sessions(username: str) -> Any:
    """End every login session of a user; their password and API tokens stay as they are."""
    admin = _admin(username)
    session = get_session()
    people.end_sessions(session, admin, get_user(session, username))
    session.commit()
    return Response(status=204)


@bp.delete("/users/<username>/tokens")
def revoke_tokens(username: str) -> Any:
    """Revoke every API token of a user; each gets 401 from then on."""
    admin = _admin(username)
    session = get_session()
    revoked = people.revoke_every_token(session, admin, get_user(session, username))
    session.commit()
    return {"revoked": revoked}
