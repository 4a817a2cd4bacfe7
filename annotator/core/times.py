"""Moments in time as the database gives them back and as the API writes them.

Every time is stored in UTC. PostgreSQL returns it with its zone; SQLite returns it without
one, so a naive time read back is UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` with its zone: a naive time read back from the database is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def iso(moment: datetime | None) -> str | None:
    """Return ``moment`` in ISO 8601 with its UTC offset, to the second; None stays None."""
    if moment is None:
        return None
    return as_utc(moment).astimezone(UTC).isoformat(timespec="seconds")


def utc_minute(moment: datetime | str) -> str:
    """Return ``moment`` as a page shows it: ``2025-05-01 10:03 UTC``.

    ``moment`` may be ISO 8601 text, as :func:`iso` writes it (the state services give the
    API and the pages alike).
    """
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return as_utc(moment).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


#: The one way a project file writes a moment: UTC, to the microsecond, with a ``Z``.
#: Fixed width, so that a moment read back from either database writes the same text.
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def stamp(moment: datetime | None) -> str | None:
    """Return ``moment`` as :data:`STAMP_FORMAT` text; None stays None."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    # isoformat with a fixed time spec writes what STAMP_FORMAT does, several times faster
    # than strftime: a dump writes two times for every span.
    return moment.isoformat(timespec="microseconds") + "Z"


def parse_stamp(text: str) -> datetime:
    """Return the UTC moment of :data:`STAMP_FORMAT` text.

    :raises ValueError: the text is not in that format.
    """
    # The fixed places first, then fromisoformat (strptime took most of a load's time).
    if len(text) != 27 or text[10] != "T" or text[19] != "." or text[26] != "Z":
        raise ValueError(f"not a time in the format {STAMP_FORMAT}: {text!r}")
    moment = datetime.fromisoformat(text[:26])
    # fromisoformat reads more shapes than ours (a zone, fewer digits): only ours comes back.
    if moment.tzinfo is not None or moment.isoformat(timespec="microseconds") != text[:26]:
        raise ValueError(f"not a time in the format {STAMP_FORMAT}: {text!r}")
    return moment.replace(tzinfo=UTC)
