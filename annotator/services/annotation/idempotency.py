"""Idempotency keys: a retried write gets the first answer back instead of running twice.

The key row is inserted in the write's own transaction, with the status of the answer and,
when the request names it (a PATCH of span 7), the row the write changes; a create records
the row it made (:func:`record_created`) as its transaction commits. So a write and its record
commit (or roll back) together, at the cost of no extra commit. A retry rebuilds the answer
from that row as it is now. A retry that arrives while the first attempt is still running
waits for it: on PostgreSQL in the key's INSERT, on SQLite at ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import Integer, String, bindparam, delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict, Invalid, Malformed
from annotator.db import Db
from annotator.models import IdempotencyKey, User, utcnow

#: How long a key is remembered: far longer than any client keeps retrying.
KEEP = timedelta(days=1)
#: Expired keys are deleted by a keyed write at most this often (seconds) in each process.
PURGE_EVERY = 60.0
MAX_KEY = 100
#: A key is visible ASCII, no spaces (a UUID, a hash, a counter): what any HTTP client can send
#: unchanged, and what the OpenAPI document states as a pattern.
KEY_PATTERN = f"^[!-~]{{1,{MAX_KEY}}}$"
_INFO = "idempotency_key"

_KEYS = IdempotencyKey.__table__
_FIND = select(IdempotencyKey).where(
    IdempotencyKey.user_id == bindparam("user_id", type_=Integer),
    IdempotencyKey.key == bindparam("key", type_=String),
)
_RECORD_BODY = (
    update(_KEYS)
    .where(_KEYS.c.user_id == bindparam("owner"), _KEYS.c.key == bindparam("claimed"))
    .values(body=bindparam("body"))
)
_next_purge = 0.0


def check_key(key: str) -> str:
    """Return ``key`` if it is a usable Idempotency-Key, or raise :class:`Malformed`."""
    if re.fullmatch(KEY_PATTERN, key) is None:
        raise Malformed(
            f"the Idempotency-Key header must be 1 to {MAX_KEY} visible ASCII characters"
        )
    return key


def body_fingerprint(data: bytes, mimetype: str, parsed: Any = None) -> str:
    """Return what a keyed request's body is compared by: a digest of its canonical JSON
    (keys sorted, no spaces) when it is JSON, else of its bytes.

    A client that serialises the same object again (another key order, other spacing, ``\\u00e9``
    for ``é``) retries the same request; one that sends another value sends another body.

    :param parsed: ``data`` as the request's own JSON parse gave it, which the endpoint
        reads again (Flask keeps it); None, as for a body that did not parse there (or is
        ``null``), parses ``data`` here.
    """
    canonical = data
    if mimetype == "application/json" or mimetype.endswith("+json"):
        try:
            canonical = json.dumps(
                json.loads(data) if parsed is None else parsed,
                sort_keys=True,
                separators=(",", ":"),
                ensure_ascii=False,
            ).encode("utf-8")
        # Not JSON after all, nested too deep to walk (RecursionError) or holding a lone
        # surrogate UTF-8 cannot encode (a ValueError): compared as bytes here, so the write
        # goes on to the same 400 or 422 it gets without a key.
        except (ValueError, RecursionError):
            canonical = data
    return hashlib.sha256(canonical).hexdigest()[:32]


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

    The new row joins the caller's transaction with ``status`` and ``target``: the row the
    write touches (``{"span": 7}``), ``{}`` for nothing to answer with, or None for a create,
    which names the row it made with :func:`record_created` before its commit.

    :raises Invalid: the key was used for another request.
    :raises Conflict: the first attempt has not committed within ``wait`` seconds.
    """
    deadline = time.monotonic() + wait
    values = {
        "user_id": user.id,
        "key": key,
        "request": request,
        "status": status,
        "body": None if target is None else json.dumps(target),
        "created_at": utcnow(),
    }
    while True:
        if _insert_new(session, values):
            session.info[_INFO] = {"user_id": user.id, "key": key, "created": target is None}
            _purge_expired(session)
            return None
        row = session.scalar(_FIND, {"user_id": user.id, "key": key})
        # None: the row that held the key was rolled back or purged just now; claim it again.
        if row is not None:
            if row.request != request:
                raise Invalid(_reuse_message(key, row.request, request), details={"key": key})
            if row.status is not None:
                return row
            # Only an older, interrupted version could leave a row without status.
            session.rollback()
        if time.monotonic() > deadline:
            raise Conflict(
                f"a request with Idempotency-Key {key!r} is still being applied, or was "
                "interrupted; reload to see what the server holds",
                details={"key": key},
            )
        time.sleep(0.05)


def _reuse_message(key: str, first: str, now: str) -> str:
    """Say how a request differs from the one a key was first used for."""
    first_call, _, first_body = first.partition(" body:")
    call, _, body = now.partition(" body:")
    if first_call == call and first_body != body:
        return f"Idempotency-Key {key!r} was used for {call!r} with another body"
    return f"Idempotency-Key {key!r} was used for {first_call!r}, not {call!r}"


def record_created(
    session: Db, kind: str, row_id: int, completed: Mapping[str, Any] | None = None
) -> None:
    """Name the row a keyed create made (``kind`` is ``span`` or ``relation``); else no-op.

    ``completed``: a suggestion's accept also names the relations it wrote with the span
    (``relations``, their ids) and those it skipped (``skipped``, as answered), so that a
    replay answers them too.
    """
    pending = session.info.get(_INFO)
    if pending is not None and pending["created"]:
        pending["body"] = json.dumps({kind: row_id, **(completed or {})})


def target_of(row: IdempotencyKey) -> dict[str, Any]:
    """Return what a recorded write touched: ``{"span": id}``, ``{"relation": id}`` or {}."""
    return json.loads(row.body) if row.body else {}


@cache
def _claim(dialect: str) -> Any:
    """Return the dialect's INSERT that skips a key already taken, or None where it has none.

    A key already taken then leaves the transaction intact (no IntegrityError to recover
    from) on the two databases we run on; another one falls back to a savepoint. Built on
    first use: importing the PostgreSQL dialect (and its drivers' modules) costs a SQLite
    server about 20 ms at start-up for nothing.
    """
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(_KEYS).on_conflict_do_nothing().returning(_KEYS.c.id)
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(_KEYS).on_conflict_do_nothing().returning(_KEYS.c.id)
    return None


def _insert_new(session: Session, values: dict[str, Any]) -> bool:
    """Insert the key's row unless the user has it already; tell whether it was inserted."""
    statement = _claim(session.get_bind().dialect.name)
    if statement is not None:
        # RETURNING answers with the new row, or with none when the key was taken.
        return session.connection().execute(statement, values).first() is not None
    try:
        with session.begin_nested():
            session.connection().execute(insert(_KEYS), values)
    except IntegrityError:
        return False
    return True


def _purge_expired(session: Session) -> None:
    # Keys are only looked up by (user, key), so expired ones may linger a while: one DELETE
    # a minute per process instead of one per write.
    global _next_purge
    now = time.monotonic()
    if now < _next_purge:
        return
    _next_purge = now + PURGE_EVERY
    session.connection().execute(delete(_KEYS).where(_KEYS.c.created_at < utcnow() - KEEP))


@event.listens_for(Session, "before_commit")
def _record(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint inside the write, not the write's own commit
    pending = session.info.pop(_INFO, None)
    if pending is None or not pending["created"]:
        return
    body = pending.get("body", "{}")
    session.connection().execute(
        _RECORD_BODY, {"owner": pending["user_id"], "claimed": pending["key"], "body": body}
    )


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_INFO, None)
