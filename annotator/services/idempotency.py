"""Idempotency keys: a retried write gets the first answer back instead of running twice.

The key row is inserted in the write's own transaction, so it commits (or rolls back)
together with the write; the answer is stored right after. A retry that finds the row
without an answer waits briefly for it, since the first attempt may still be finishing.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.errors import Conflict, Invalid, Malformed
from annotator.models import IdempotencyKey, User, utcnow

#: How long a key is remembered: far longer than any client keeps retrying.
KEEP = timedelta(days=1)
MAX_KEY = 100


def _find(session: Session, user: User, key: str) -> IdempotencyKey | None:
    return session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.user_id == user.id, IdempotencyKey.key == key)
    )


def check_key(key: str) -> str:
    """Return ``key`` if it is a usable Idempotency-Key, or raise :class:`Malformed`."""
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise Malformed(f"the Idempotency-Key header must be 1 to {MAX_KEY} printable characters")
    return key


def claim(
    session: Session, user: User, key: str, request: str, wait: float = 5.0
) -> IdempotencyKey | None:
    """Claim ``key`` for ``request``; return None if it is new, else the earlier answered row.

    The new row is added (and flushed) inside the caller's transaction, which the write then
    commits with its own rows.

    :raises Invalid: the key was used for another request.
    :raises Conflict: the first attempt has not finished within ``wait`` seconds.
    """
    deadline = time.monotonic() + wait
    while True:
        row = _find(session, user, key)
        if row is None:
            try:
                with session.begin_nested():
                    session.add(IdempotencyKey(user_id=user.id, key=key, request=request))
                return None
            except IntegrityError:
                row = _find(session, user, key)  # another attempt claimed it just now
                if row is None:
                    raise
        if row.request != request:
            raise Invalid(
                f"Idempotency-Key {key!r} was used for {row.request!r}, not {request!r}",
                details={"key": key},
            )
        if row.status is not None:
            return row
        # The first attempt is still running (or died before storing its answer): release
        # our transaction so that it can finish, and look again.
        session.rollback()
        if time.monotonic() > deadline:
            raise Conflict(
                f"a request with Idempotency-Key {key!r} is still being applied, or was "
                "interrupted; reload to see what the server holds",
                details={"key": key},
            )
        time.sleep(0.05)


def store_answer(session: Session, user: User, key: str, status: int, body: str) -> None:
    """Record the answer of the write that claimed ``key``, and forget keys past :data:`KEEP`."""
    row = _find(session, user, key)
    if row is None:  # the write failed and rolled its claim back: nothing to replay
        return
    row.status, row.body = status, body
    session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEEP),
        # Not evaluated on the loaded rows: SQLite gives their times back without a zone.
        execution_options={"synchronize_session": False},
    )
    session.flush()
