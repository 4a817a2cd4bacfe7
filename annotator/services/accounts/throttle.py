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


def _waits(
    session: Session, column: Any, values: list[str], limit: int, now: datetime
) -> dict[str, int]:
    """Return, of ``values`` (of ``column``), those that must wait, with the seconds left:
    the one rule of the throttle. A value waits while ``limit`` of its failures lie within
    the window, until the oldest of the newest ``limit`` leaves it. One query for any number
    of values (a page of users); refused attempts are not recorded, so each value has at most
    about ``limit`` rows in the window."""
    if not values:
        return {}
    rows = session.execute(
        select(column, LoginFailure.created_at)
        .where(column.in_(values), LoginFailure.created_at > now - WINDOW)
        .order_by(column, LoginFailure.created_at.desc())
    )
    seen: dict[str, int] = {}
    waits: dict[str, int] = {}
    for value, created_at in rows:
        seen[value] = seen.get(value, 0) + 1
        if seen[value] == limit:
            wait = (as_utc(created_at) + WINDOW - now).total_seconds()
            if wait > 0:
                waits[value] = math.ceil(wait)
    return waits


def login_wait(session: Session, username: str, address: str, now: datetime) -> int:
    """Return how many seconds logins for ``username`` from ``address`` must wait; 0: none."""
    key = _name_key(username)
    by_name = _waits(session, LoginFailure.username, [key], PER_USERNAME, now).get(key, 0)
    by_address = _waits(session, LoginFailure.address, [address[:64]], PER_ADDRESS, now)
    return max(by_name, by_address.get(address[:64], 0))


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


def locked_out(session: Session, usernames: list[str], now: datetime) -> dict[str, int]:
    """Return, of ``usernames``, those closed by their name's failures, with the seconds
    left (a lock by address is not theirs: an admin cannot open it, and no page shows it)."""
    keys = {_name_key(name): name for name in usernames}
    waits = _waits(session, LoginFailure.username, list(keys), PER_USERNAME, now)
    return {keys[key]: wait for key, wait in waits.items()}


def unlock(session: Session, username: str, now: datetime) -> int:
    """Open ``username`` to logins again if its failures have closed it: forget them, and
    return how many; 0, forgetting nothing, when the name is not closed.

    An admin's unlock, and a new password set by somebody else: a name closed by guesses
    (anyone who knows it can close it) opens again for its owner. Failures counted against
    an address stay: they are about the address, not the person.
    """
    if not locked_out(session, [username], now):
        return 0
    result = session.execute(
        delete(LoginFailure).where(LoginFailure.username == _name_key(username))
    )
    return int(getattr(result, "rowcount", 0) or 0)
