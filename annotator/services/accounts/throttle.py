"""Login throttling: too many failed logins for one user name, or from one address, wait.

Failures are rows in the database, not counters in memory, so that every worker process of
the server (and every server in front of the same database) counts the same failures. The
window slides: after :data:`PER_USERNAME` failures for a name within :data:`WINDOW`, that
name's logins are refused, whatever the password, until the oldest of those failures is
:data:`WINDOW` old. Refused attempts are not recorded, so that waiting always ends.

Every function takes ``now``: the faces pass the app's clock (config ``CLOCK``), so that tests
move time instead of sleeping.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.core.errors import TooManyAttempts
from annotator.core.times import as_utc
from annotator.core.wording import counted
from annotator.models import LoginFailure

WINDOW = timedelta(minutes=15)
#: Failures for one user name within the window that close it to logins.
PER_USERNAME = 10
#: Failures from one remote address within the window that close it to logins (any name).
PER_ADDRESS = 50


def _name_key(username: str) -> str:
    return username.strip().casefold()[:80]


def _wait(session: Session, column: Any, value: str, limit: int, now: datetime) -> float:
    """Return how long ``value`` must wait (seconds), 0 when it has fewer than ``limit``."""
    oldest_counted = session.scalar(
        select(LoginFailure.created_at)
        .where(column == value, LoginFailure.created_at > now - WINDOW)
        .order_by(LoginFailure.created_at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    if oldest_counted is None:
        return 0.0
    return max((as_utc(oldest_counted) + WINDOW - now).total_seconds(), 0.0)


def login_wait(session: Session, username: str, address: str, now: datetime) -> int:
    """Return how many seconds logins for ``username`` from ``address`` must wait; 0: none."""
    wait = max(
        _wait(session, LoginFailure.username, _name_key(username), PER_USERNAME, now),
        _wait(session, LoginFailure.address, address[:64], PER_ADDRESS, now),
    )
    return math.ceil(wait) if wait > 0 else 0


def require_attempts_left(session: Session, username: str, address: str, now: datetime) -> None:
    """Raise :class:`TooManyAttempts` when password checks for ``username`` must wait.

    For password checks other than the login form's (the current password of a password
    change), which count and wait alike, so that a stolen session cannot guess faster.
    """
    wait = login_wait(session, username, address, now)
    if wait:
        raise TooManyAttempts(
            f"too many failed password checks; try again in {counted(wait, 'second')}",
            retry_after=wait,
        )


def record_login_failure(session: Session, username: str, address: str, now: datetime) -> None:
    """Record a failed login, and forget failures that have left the window."""
    session.execute(delete(LoginFailure).where(LoginFailure.created_at <= now - WINDOW))
    session.add(LoginFailure(username=_name_key(username), address=address[:64], created_at=now))
    session.flush()


def clear_login_failures(session: Session, username: str) -> int:
    """Forget the failed logins counted against ``username``; return how many there were.

    An admin's unlock, and a new password set by somebody else: a name closed by guesses
    (anyone who knows it can close it) opens again for its owner. Failures counted against
    an address stay: they are about the address, not the person.
    """
    result = session.execute(
        delete(LoginFailure).where(LoginFailure.username == _name_key(username))
    )
    return int(getattr(result, "rowcount", 0) or 0)


def locked_out(session: Session, usernames: list[str], now: datetime) -> dict[str, int]:
    """Return, of ``usernames``, those whose logins must wait for their name's failures,
    with the seconds left (the rule of :func:`login_wait`, one query for a page of users)."""
    keys = {_name_key(name): name for name in usernames}
    if not keys:
        return {}
    rows = session.execute(
        select(LoginFailure.username, LoginFailure.created_at)
        .where(LoginFailure.username.in_(list(keys)), LoginFailure.created_at > now - WINDOW)
        .order_by(LoginFailure.username, LoginFailure.created_at.desc())
    )
    counted_so_far: dict[str, int] = {}
    waits: dict[str, int] = {}
    for key, created_at in rows:
        counted_so_far[key] = counted_so_far.get(key, 0) + 1
        if counted_so_far[key] == PER_USERNAME:  # the oldest failure that still closes it
            wait = (as_utc(created_at) + WINDOW - now).total_seconds()
            if wait > 0:
                waits[keys[key]] = math.ceil(wait)
    return waits
