"""Administering people, with every change in the audit log: users and project members.

The one path by which the pages, the API and the CLI create and change users and members:
each function applies the rule of :mod:`~annotator.services.accounts.users`,
:mod:`~annotator.services.accounts.tokens` or :mod:`~annotator.services.accounts.membership`
and records who did it (:mod:`~annotator.services.accounts.audit`; ``actor`` None is the
command line) in the caller's transaction. A password is never recorded, only that it changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict
from annotator.models import Project, ProjectMember, User, utcnow
from annotator.services import audit_log
from annotator.services.accounts import audit, membership, throttle, tokens, users

#: What the log says of a password, instead of it.
PASSWORD_CHANGED = "changed"


def _state(user: User) -> dict[str, Any]:
    return {"role": user.role, "active": user.active}


def add_user(
    session: Session,
    actor: Actor | None,
    username: str,
    role: str,
    password: str | None,
    *,
    password_hash: str | None = None,
) -> User:
    """Create a user (:func:`users.create_user`) and log ``user.create``.

    :param password_hash: a ready-made hash instead of ``password``: the demo's published
        passwords are hashed once, not at every first start (a third of its start-up).
    """
    users.refuse_case_variant(session, username)
    user = users.create_user(session, username, role, password)
    if password_hash is not None:
        user.password_hash = password_hash
        session.flush()
    has_password = password is not None or password_hash is not None
    after = _state(user) | ({"password": PASSWORD_CHANGED} if has_password else {})
    audit_log.record(session, actor, "user.create", target=user.username, after=after)
    return user


def add_inactive_user(session: Session, actor: Actor | None, username: str) -> User:
    """Create a disabled annotator without a password, and log ``user.create``.

    For people whose work arrives with data (a loaded project): they are named, but nobody
    can sign in as them until an admin enables them and sets a password.
    """
    user = users.create_user(session, username, "annotator")
    user.active = False
    session.flush()
    audit_log.record(session, actor, "user.create", target=user.username, after=_state(user))
    return user


def update_user(
    session: Session,
    actor: Actor | None,
    user: User,
    *,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
    at: datetime | None = None,
) -> User:
    """Change any of ``user``'s role, state and password, and log ``user.update``.

    Disabling and a new password end the user's sessions (:mod:`users`) and revoke their API
    tokens (:func:`revoke_every_token`, each logged): CONTRACT section 10 says disabling ends
    them, so enabling again brings none back, and a password reset by an admin is what follows
    a lost or stolen account, whose tokens must end with it (an admin's own new password keeps
    their tokens, as the password page's change does). Nothing given, or only what the user
    has already, logs nothing.
    """
    before, after = _state(user), {}
    if role is not None:
        users.set_role(session, user, role)
    if active is not None:
        users.set_active(session, user, active)
    now = _state(user)
    before = {key: value for key, value in before.items() if now[key] != value}
    after = {key: now[key] for key in before}
    # A new password set by somebody else is a reset (a lost or stolen account, or a name
    # closed by guessed logins): it opens the name to logins again, as an unlock does.
    reset = password is not None and (actor is None or actor.id != user.id)
    if password is not None:
        users.set_password(user, password)
        before["password"], after["password"] = None, PASSWORD_CHANGED
    if reset and (failures := throttle.unlock(session, user.username, at or utcnow())):
        before["failed_logins"], after["failed_logins"] = failures, 0
    session.flush()
    if after:
        audit_log.record(
            session, actor, "user.update", target=user.username, before=before, after=after
        )
    # Also when the user was disabled already: a token kept from before this rule ends too.
    # A reset ends the tokens; one's own new password, as on the password page, keeps one's
    # tokens (a script's own token ended mid-run).
    if active is False or reset:
        revoke_every_token(session, actor, user)
    return user


def unlock_logins(
    session: Session, actor: Actor | None, user: User, now: datetime | None = None
) -> int:
    """Open ``user``'s name to logins again after too many failed ones
    (:func:`throttle.unlock`); log ``user.unlock`` when it was closed. Return how many
    failures were forgotten (0: it was not closed, and nothing changed)."""
    failures = throttle.unlock(session, user.username, now or utcnow())
    if failures:
        before, after = {"failed_logins": failures}, {"failed_logins": 0}
        audit_log.record(
            session, actor, "user.unlock", target=user.username, before=before, after=after
        )
    return failures


def revoke_token(session: Session, actor: Actor | None, token_id: int) -> User:
    """Revoke a token (:func:`tokens.revoke_token`); return its owner.

    Revoking somebody else's token (an admin, or the command line) is an administrative
    change and logs ``token.revoke``; a user revoking their own logs nothing.
    """
    row = tokens.revoke_token(session, actor, token_id)
    owner = session.get(User, row.user_id)
    assert owner is not None  # a token's user is a foreign key
    if actor is None or actor.id != owner.id:
        before = {"token": row.id, "name": row.name}
        audit_log.record(session, actor, "token.revoke", target=owner.username, before=before)
    return owner


def end_sessions(session: Session, actor: Actor | None, user: User) -> User:
    """End every login session of ``user`` (:func:`users.end_sessions`); log ``user.sessions_end``.

    The user stays active with the same password and simply logs in again. API tokens are a
    separate credential and keep working: :func:`revoke_every_token` ends them, for a lost or
    stolen device (disabling the user or resetting their password ends both).
    """
    users.end_sessions(user)
    session.flush()
    audit_log.record(session, actor, "user.sessions_end", target=user.username)
    return user


def revoke_every_token(session: Session, actor: Actor | None, user: User) -> int:
    """Revoke every API token of ``user``, each logged ``token.revoke``; return how many."""
    revoked = tokens.revoke_every_token(session, user)
    for row in revoked:
        before = {"token": row.id, "name": row.name}
        audit_log.record(session, actor, "token.revoke", target=user.username, before=before)
    return len(revoked)


def save_member(
    session: Session, actor: Actor | None, project: Project, user: User, role: str
) -> ProjectMember:
    """Make ``user`` a member of ``project`` in ``role`` (or change it) and log ``member.set``."""
    found = membership.find_member(session, project, user)
    before_role = None if found is None else found.role
    member = membership.set_member(session, project, user, role)
    if before_role != role:
        audit.member_set(session, actor, project.slug, user.username, before_role, role)
    return member


def add_member(
    session: Session, actor: Actor | None, project: Project, user: User, role: str
) -> ProjectMember:
    """Make ``user``, not a member yet, a member of ``project`` in ``role`` (:func:`save_member`).

    :raises Conflict: (``details.field`` ``username``) they are a member already: an add
        form that quietly changed a member's role would hide a name typed by mistake.
    """
    found = membership.find_member(session, project, user)
    if found is not None:
        raise Conflict(
            f"{user.username} is already a member ({found.role}); change their role in the list",
            details={"field": "username", "role": found.role},
        )
    return save_member(session, actor, project, user, role)


def drop_member(session: Session, actor: Actor | None, project: Project, user: User) -> None:
    """Remove ``user`` from ``project`` (``membership.remove_member``); log ``member.remove``."""
    found = membership.find_member(session, project, user)
    before = None if found is None else {"role": found.role}
    membership.remove_member(session, project, user)
    audit_log.record(
        session,
        actor,
        "member.remove",
        project_slug=project.slug,
        target=user.username,
        before=before,
    )


def member_json(member: ProjectMember) -> dict[str, Any]:
    """Return the API form of a membership."""
    return {"username": member.user.username, "role": member.role}
