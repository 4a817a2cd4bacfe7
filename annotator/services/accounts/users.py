"""Users, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from annotator.core.errors import Conflict, Invalid, NotFound
from annotator.models import ROLES, ApiToken, User

MIN_PASSWORD_LENGTH = 8


def hash_token(token: str) -> str:
    """Return the stored form of an API token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(session: Session, username: str, role: str, password: str | None = None) -> User:
    """Add a user; a user without a password can use only API tokens."""
    username = username.strip()
    if not username or len(username) > 80 or any(c.isspace() for c in username):
        raise Invalid(f"username {username!r} must be 1 to 80 characters without spaces")
    if username == "gold":
        raise Invalid("'gold' is the name of the adjudicated layer and cannot be a username")
    if role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if find_user(session, username) is not None:
        raise Conflict(f"user {username!r} already exists")
    user = User(username=username, role=role)
    if password is not None:
        set_password(user, password)
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Store a salted hash of ``password`` on ``user``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = generate_password_hash(password)


def find_user(session: Session, username: str) -> User | None:
    """Return the user called ``username``, or None."""
    return session.scalar(select(User).where(User.username == username))


def get_user(session: Session, username: str) -> User:
    """Return the user called ``username`` or raise :class:`NotFound`."""
    user = find_user(session, username)
    if user is None:
        raise NotFound(f"no user called {username!r}")
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the user if the password is right, else None (never saying which part failed)."""
    user = find_user(session, username)
    if user is None or not user.password_hash:
        # Spend the same time as a real check, so that timing does not reveal usernames.
        check_password_hash(generate_password_hash("x"), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def create_token(session: Session, user: User) -> str:
    """Make a new API token for ``user`` and return it; only its hash is stored."""
    token = "ann_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token)))
    session.flush()
    return token


def list_users(session: Session) -> list[User]:
    """Return every user, in order of username."""
    return list(session.scalars(select(User).order_by(User.username)))
