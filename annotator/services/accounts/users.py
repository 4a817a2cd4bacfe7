"""Users, passwords and sessions (API tokens: :mod:`annotator.services.accounts.tokens`).

A session is ended by bumping the user's ``session_epoch``: the login cookie holds the epoch it
was issued under, and the caller query (annotator.web.security) only accepts the current one.
"""

from __future__ import annotations

import functools
import logging
import secrets
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from annotator.core.caller import Actor
from annotator.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
    no_such,
)
from annotator.core.limits import USERNAME_MAX
from annotator.core.look_alike import look_alike_key
from annotator.core.passwords import check_password
from annotator.core.text import unstorable_reason
from annotator.core.times import iso
from annotator.core.vocabulary import GOLD, SUGGESTIONS
from annotator.core.wording import NO_PASSWORD
from annotator.models import ROLES, User
from annotator.services.accounts.throttle import record_login_failure, require_attempts_left

if TYPE_CHECKING:
    from annotator.services.accounts.directory import ListedUser

#: Refused logins and lockouts are warnings here, so that the server's log answers "who was
#: kept out, from where" (the access log has only the status). Never the password.
log = logging.getLogger(__name__)


def create_user(session: Session, username: str, role: str, password: str | None = None) -> User:
    """Add a user; a user without a password can use only API tokens.

    Pages, API, command line, imports and the demo create users through
    :func:`annotator.services.accounts.people.add_user`, which also records it in the audit
    log; this is the rule it applies.
    """
    username = username.strip()
    problem = username_problem(username)
    if problem is not None:
        raise Invalid(problem)
    _check_role(role)
    if find_user(session, username) is not None:
        raise Conflict(f"user {username!r} already exists")
    user = User(username=username, role=role, active=True, session_epoch=0)
    if password is not None:
        set_password(user, password)
    session.add(user)
    session.flush()
    return user


def username_problem(username: str) -> str | None:
    """Say why ``username`` (stripped) cannot be a user's name, or None if it can.

    An import that creates its annotators asks before it stores anything, so that it can
    refuse the name with the file and line that gave it.
    """
    if not username or len(username) > USERNAME_MAX or any(c.isspace() for c in username):
        return f"username {username!r} must be 1 to {USERNAME_MAX} characters without spaces"
    unaddressable = _unaddressable(username)
    if unaddressable is not None:
        return f"username {username!r} {unaddressable}"
    if username in (GOLD, SUGGESTIONS):
        return f"{username!r} is the name of a layer and cannot be a username"
    return None


def case_variants(session: Session, usernames: list[str]) -> dict[str, str]:
    """Return the existing user each of ``usernames`` reads as without being it (case,
    width: :func:`refuse_case_variant`), by name; names that read as nobody are left out."""
    wanted = {look_alike_key(name): name for name in usernames}
    found: dict[str, str] = {}
    keys = sorted(wanted)
    for start in range(0, len(keys), 500):
        rows = session.execute(
            select(User.username_key, User.username)
            .where(User.username_key.in_(keys[start : start + 500]))
            .order_by(User.id)
        )
        for key, existing in rows:
            found.setdefault(str(key), existing)  # matched a key: not NULL
    return {
        name: found[look_alike_key(name)]
        for name in usernames
        if look_alike_key(name) in found and found[look_alike_key(name)] != name
    }


def refuse_case_variant(session: Session, username: str) -> None:
    """Raise :class:`Conflict` if another user's name differs from ``username`` only in case
    or in character width (or another Unicode compatibility form).

    Names are exact everywhere (sign-in, layers, addresses), so 'Carla' beside 'carla', or
    full-width 'ａｌｉｃｅ' beside 'alice', would be a second account nobody meant to make
    (and one that reads as the other), her assignments and work split between them. The
    name is stored as given. Checked for the people an admin or an import names
    (:func:`people.add_user`), not for those a loaded project file brings, whose names
    were settled where it was made.
    """
    wanted = username.strip()
    # One indexed lookup of the stored key (annotator.core.look_alike), whatever the number
    # of users: an import creating 2,000 annotators read every name for each of them.
    existing = session.scalar(
        select(User.username)
        .where(User.username_key == look_alike_key(wanted), User.username != wanted)
        .order_by(User.id)
        .limit(1)
    )
    if existing is not None:
        raise Conflict(
            f"user {wanted!r} differs from the existing user {existing!r} only in case or "
            f"character width: use {existing!r}, or another name"
        )


def _unaddressable(username: str) -> str | None:
    """Say why ``username`` cannot stand in a page's or endpoint's path, or None if it can.

    Every address of a user (``/admin/users/NAME/...``, ``/api/v1/users/NAME``, a project's
    members) holds the name as one path segment: a '/' splits it, and '.' or '..' is removed
    by browsers and clients before the request is sent, so such a user could never be
    changed, disabled or made a member. Control characters and lone surrogates cannot be
    stored everywhere (PostgreSQL refuses NUL, UTF-8 a lone surrogate).
    """
    if "/" in username:
        return "must not contain '/'"
    if username in (".", ".."):
        return "must be more than dots"
    reason = unstorable_reason(username)
    if reason is not None:
        return reason
    if any(unicodedata.category(c) == "Cc" for c in username):
        return "must not contain control characters"
    return None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise Invalid(
            f"role must be one of {', '.join(ROLES)}, got {role!r}",
            details={"field": "role", "allowed": list(ROLES)},
        )


def set_password(user: User, password: str, field: str = "password") -> None:
    """Store a salted hash of ``password`` on ``user`` and end the user's sessions.

    :raises Invalid: naming what breaks the password rule (annotator.core.passwords).
    """
    check_password(password, user.username, field)
    user.password_hash = generate_password_hash(password)
    end_sessions(user)


class WrongPassword(Forbidden):
    """The current password given was wrong; the failure is recorded, for the caller to commit."""


class LoginFailed(Unauthenticated):
    """Unknown user name or wrong password; the failure is recorded, for the caller to commit."""


def _require_attempts_left(
    session: Session, username: str, address: str, now: datetime, what: str
) -> None:
    """:func:`require_attempts_left`, logging a lockout as a warning (``what``: the check
    refused, ``login`` or ``password change``)."""
    try:
        require_attempts_left(session, username, address, now)
    except TooManyAttempts as exc:
        log.warning(
            "%s locked out: user name %r from %s, %d s to wait",
            what,
            username[:USERNAME_MAX],
            address,
            exc.retry_after,
        )
        raise


def log_in(session: Session, username: str, password: str, *, address: str, now: datetime) -> User:
    """Return the user whose name and password these are, and note the login.

    Every failure counts towards the login throttle (services/accounts/throttle), and after
    too many the answer is :class:`TooManyAttempts`, whatever the password.

    :raises TooManyAttempts: too many failures lately for the name or the address.
    :raises LoginFailed: unknown name, wrong password or disabled user (never which);
        commit, so that the failure counts.
    """
    _require_attempts_left(session, username, address, now, "login")
    user = authenticate(session, username, password)
    if user is None:
        record_login_failure(session, username, address, now)
        log.warning("login refused: user name %r from %s", username[:USERNAME_MAX], address)
        raise LoginFailed("unknown username or wrong password")
    record_login(session, user, now)
    return user


def change_password(
    session: Session, user: Actor, current: str, new: str, *, address: str, now: datetime
) -> User:
    """Set ``user``'s password to ``new`` if ``current`` is their password now.

    Every session of the user ends; the caller issues its own session a new cookie. A wrong
    ``current`` counts as a failed login (services/accounts/throttle), so that a stolen
    session cannot guess the password faster than the login form can.

    :raises TooManyAttempts: too many failures lately, whatever ``current`` is.
    :raises WrongPassword: when ``current`` is wrong; commit, so that the failure counts.
    """
    _require_attempts_left(session, user.username, address, now, "password change")
    stored = session.get(User, user.id)
    if stored is None:
        raise NotFound(f"no user called {user.username!r}")
    if not stored.password_hash or not check_password_hash(stored.password_hash, current):
        record_login_failure(session, user.username, address, now)
        log.warning(
            "password change refused, wrong current password: user name %r from %s",
            user.username,
            address,
        )
        raise WrongPassword("the current password is wrong", details={"field": "current_password"})
    set_password(stored, new, field="new_password")
    session.flush()
    return stored


def end_sessions(user: User) -> None:
    """End every login session of ``user``: the cookies they hold stop being accepted."""
    user.session_epoch = (user.session_epoch or 0) + 1


def end_sessions_of(session: Session, user_id: int) -> None:
    """End every login session of the user ``user_id`` without loading the user (logout)."""
    session.execute(
        update(User).where(User.id == user_id).values(session_epoch=User.session_epoch + 1)
    )


def set_role(session: Session, user: User, role: str) -> None:
    """Give ``user`` the global role ``role``."""
    _check_role(role)
    if user.role == "admin" and role != "admin":
        _keep_an_admin(session, user)
    user.role = role
    session.flush()


def why_no_login(session: Session, usernames: list[str]) -> dict[str, str]:
    """Return why each of ``usernames`` who cannot log in to the pages cannot, by name: a
    disabled account, or no password set (as a brat or CoNLL import makes its annotators;
    an API token still works). The Assignments page ticks nobody named here by default."""
    found: dict[str, str] = {}
    query = select(User.username, User.active, User.password_hash.is_(None))
    for start in range(0, len(usernames), 500):
        chunk = usernames[start : start + 500]
        for username, active, no_password in session.execute(query.where(User.username.in_(chunk))):
            if not active:
                found[username] = "disabled: cannot log in"
            elif no_password:
                found[username] = NO_PASSWORD
    return found


def set_active(session: Session, user: User, active: bool) -> None:
    """Enable or disable ``user``; disabling ends their sessions.

    A token of a disabled user is refused (``web/security.py``); the faces disable through
    :func:`annotator.services.accounts.people.update_user`, which revokes the tokens too.
    """
    if not active and user.active:
        if user.role == "admin":
            _keep_an_admin(session, user)
        end_sessions(user)
    user.active = active
    session.flush()


def _keep_an_admin(session: Session, leaving: User) -> None:
    # Every active admin's row is locked (PostgreSQL; SQLite's writes are serialised anyway),
    # so that two admins removing each other at once cannot both see the other still there.
    admins = session.scalars(
        select(User.id).where(User.role == "admin", User.active).order_by(User.id).with_for_update()
    ).all()
    if not [admin for admin in admins if admin != leaving.id]:
        # Said with the way out: nobody could administer the instance after this.
        raise Conflict(
            f"{leaving.username!r} is the last active admin; make another user an admin"
            " (or enable one) first"
        )


def record_login(session: Session, user: User, now: datetime) -> None:
    """Note that ``user`` has just logged in."""
    session.execute(update(User).where(User.id == user.id).values(last_login=now))


def find_user(session: Session, username: str) -> User | None:
    """Return the user called ``username``, or None."""
    return session.scalar(select(User).where(User.username == username))


def get_user(session: Session, username: str, *, field: str | None = None) -> User:
    """Return the user called ``username`` or raise :class:`NotFound`.

    :param field: the request's field that named them, given in the refusal's details (a
        body naming two users says which one is unknown).
    """
    user = find_user(session, username)
    if user is None:
        missing = no_such("user called", username)
        if field is not None:
            missing.details = {"field": field}
        raise missing
    return user


@functools.cache
def _stand_in_hash() -> str:
    """A password hash made as users' are, checked against when the name is unknown."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the user if the password is right and the user active, else None.

    The answer never says which part failed.
    """
    user = find_user(session, username)
    if user is None or not user.password_hash:
        # Spend the same time as a real check, so that timing does not reveal usernames: one
        # check against a hash made once (making one each time doubled the cost, and told).
        check_password_hash(_stand_in_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def user_payload(user: User | ListedUser) -> dict[str, Any]:
    """Return a user, or a row of :func:`~annotator.services.accounts.directory.list_users`,
    as the API shows it (never the password hash)."""
    return {
        "username": user.username,
        "role": user.role,
        "active": user.active,
        "last_login": iso(user.last_login),
        # Added beside "active", which stays as it was: false means no login to the pages.
        "has_password": user.has_password,
    }
