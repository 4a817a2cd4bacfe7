"""API tokens: issued, listed, revoked, and their use noted.

Only a token's hash is stored; the token itself is shown once, when it is made. A token is
revoked by deleting its row; an expired token or a disabled user's tokens are refused by the
caller query (annotator.web.security), which finds a token by :func:`hash_token`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid, no_such
from annotator.core.paging import Page, Paging
from annotator.core.times import iso
from annotator.models import ApiToken, User, utcnow
from annotator.services.accounts.permissions import require_admin
from annotator.services.accounts.users import get_user
from annotator.services.paged_rows import page_of

TOKEN_NAME_LENGTH = 100
#: The longest lifetime a token may be given, in days (about ten years).
MAX_TOKEN_DAYS = 3660
#: A token's ``last_used_at`` is rewritten only when older than this (see record_token_use).
TOKEN_USE_PRECISION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    """Return the stored form of an API token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session,
    user: User,
    name: str | None = None,
    expires_in_days: int | None = None,
    now: datetime | None = None,
) -> str:
    """Make a new API token for ``user`` and return it; only its hash is stored."""
    return issue_token(session, user, name, expires_in_days, now)[1]


def issue_token(
    session: Session,
    user: Actor,
    name: str | None = None,
    expires_in_days: int | None = None,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a new API token for ``user``; return its row and the token (only its hash is kept).

    :param name: what the token is for; None: unnamed (``annotator users token`` without
        ``--name``).
    :param expires_in_days: the token stops working this many days from ``now``; None: never.
    """
    name = _token_name(name)
    expires_at = None
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
            raise Invalid(
                f"expires_in_days must be from 1 to {MAX_TOKEN_DAYS}",
                details={"field": "expires_in_days"},
            )
        expires_at = (now or utcnow()) + timedelta(days=expires_in_days)
    token = "ann_" + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        token_hash=hash_token(token),
        name=name,
        created_at=now or utcnow(),
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row, token


def _token_name(name: str | None) -> str:
    """Return the name to store (trimmed; '' for an unnamed token), or raise naming the field.

    A name given is meant to tell tokens apart in their lists: a blank one was stored as ''
    and told nothing. The length is the one given, as the OpenAPI document and the tokens
    page count it.
    """
    if name is None:
        return ""
    if len(name) > TOKEN_NAME_LENGTH:
        raise Invalid(
            f"a token's name has at most {TOKEN_NAME_LENGTH} characters", details={"field": "name"}
        )
    if not name.strip():
        raise Invalid(
            "a token's name is blank: say what the token is for", details={"field": "name"}
        )
    return name.strip()


def list_tokens(session: Session, user: Actor) -> list[ApiToken]:
    """Return ``user``'s tokens, newest first (expired ones included, until revoked)."""
    return tokens_page(session, user, None).rows


def tokens_owner(session: Session, caller: Actor, name: str | None) -> Actor:
    """Return whose tokens ``caller`` asks to list by ``name`` (``?user=`` of the page and the
    API alike): their own when it is missing, empty or their own name; another user's to a
    global admin only.

    :raises Forbidden: ``name`` is another user's and ``caller`` is no admin.
    :raises NotFound: an admin named nobody.
    """
    if not name or name == caller.username:
        return caller
    require_admin(caller, "list another user's tokens")
    return get_user(session, name)


def tokens_page(session: Session, user: Actor, paging: Paging | None) -> Page[ApiToken]:
    """Return a page of ``user``'s tokens, newest first (all: ``paging`` None)."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return page_of(session, query, paging, scalars=True)


def revoke_token(session: Session, actor: Actor | None, token_id: int) -> ApiToken:
    """Revoke a token: its owner or an admin may; to anyone else it does not exist.

    Faces call :func:`annotator.services.accounts.people.revoke_token`, which records an
    admin's revoking of somebody else's token in the audit log.

    :param actor: who asks; None for the command line, which may revoke any token.
    :return: the token revoked (no longer stored), for its owner and name.
    :raises NotFound: no such token, or not one ``actor`` may see.
    """
    row = session.get(ApiToken, token_id)
    if row is None or (actor is not None and row.user_id != actor.id and actor.role != "admin"):
        raise no_such("token", token_id)
    session.execute(delete(ApiToken).where(ApiToken.id == token_id))
    return row


def revoke_every_token(session: Session, user: User) -> list[ApiToken]:
    """Revoke every token of ``user`` (a lost or stolen device); return those revoked.

    Faces call :func:`annotator.services.accounts.people.revoke_every_token`, which logs it.
    """
    rows = list_tokens(session, user)
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    return rows


def record_token_use(session: Session, token_id: int, now: datetime) -> None:
    """Set a token's ``last_used_at`` to ``now`` unless it already says a later time.

    Called at most once per :data:`TOKEN_USE_PRECISION` per token: the caller query tells
    whether the stored time is older than that, so that a busy client's requests do not each
    pay for a write (the span-write path is measured at over 1,000 writes a second).
    """
    session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id)
        .where((ApiToken.last_used_at.is_(None)) | (ApiToken.last_used_at < now))
        .values(last_used_at=now)
    )


def token_payload(row: ApiToken) -> dict[str, Any]:
    """Return a token as the API lists it (never the token, which is shown once)."""
    return {
        "id": row.id,
        "name": row.name,
        "created_at": iso(row.created_at),
        "expires_at": iso(row.expires_at),
        "last_used_at": iso(row.last_used_at),
    }
