"""Idempotency keys: a retried write gets the first answer back instead of running twice.

The key row is inserted in the write's own transaction and records, as that transaction
commits, the status and the row the write made or changed; so a write and its record commit
(or roll back) together, at the cost of no extra commit. A retry rebuilds the answer from
that row as it is now. A retry that finds the key claimed but not yet committed waits for
the first attempt.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.errors import Conflict, Invalid, Malformed
from annotator.models import IdempotencyKey, Relation, Span, User, utcnow

#: How long a key is remembered: far longer than any client keeps retrying.
KEEP = timedelta(days=1)
MAX_KEY = 100
_INFO = "idempotency_key"


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
    session: Session,
    user: User,
    key: str,
    request: str,
    *,
    status: int,
    target: dict[str, Any] | None = None,
    wait: float = 5.0,
) -> IdempotencyKey | None:
    """Claim ``key`` for ``request``; return None if it is new, else the committed earlier row.

    The new row joins the caller's transaction: when that commits it records ``status`` and
    ``target`` (the row the write touched, e.g. ``{"span": 7}``), or the span or relation
    the write created.

    :raises Invalid: the key was used for another request.
    :raises Conflict: the first attempt has not committed within ``wait`` seconds.
    """
    deadline = time.monotonic() + wait
    while True:
        row = _find(session, user, key)
        if row is None:
            try:
                with session.begin_nested():
                    row = IdempotencyKey(user_id=user.id, key=key, request=request)
                    session.add(row)
                session.info[_INFO] = {"row": row, "status": status, "target": target}
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
        # Only an older, interrupted version could leave a row without status; wait a bit.
        session.rollback()
        if time.monotonic() > deadline:
            raise Conflict(
                f"a request with Idempotency-Key {key!r} is still being applied, or was "
                "interrupted; reload to see what the server holds",
                details={"key": key},
            )
        time.sleep(0.05)


def target_of(row: IdempotencyKey) -> dict[str, Any]:
    """Return what a recorded write touched: ``{"span": id}``, ``{"relation": id}`` or {}."""
    return json.loads(row.body) if row.body else {}


@event.listens_for(Session, "after_flush")
def _note_created(session: Session, _context: Any) -> None:
    pending = session.info.get(_INFO)
    if pending is None or pending["target"] is not None:
        return
    for obj in session.new:
        if isinstance(obj, Span | Relation):
            pending["target"] = {type(obj).__name__.lower(): obj.id}


@event.listens_for(Session, "before_commit")
def _record(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint inside the write, not the write's own commit
    pending = session.info.pop(_INFO, None)
    if pending is None:
        return
    row: IdempotencyKey = pending["row"]
    row.status = pending["status"]
    row.body = json.dumps(pending["target"] or {})
    session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEEP),
        # Not evaluated on the loaded rows: SQLite gives their times back without a zone.
        execution_options={"synchronize_session": False},
    )


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_INFO, None)
