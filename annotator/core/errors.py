"""Domain exceptions: errors a user can act on, each with the HTTP status that fits.

Pure: the web layer turns them into JSON or HTML answers (:mod:`annotator.web.errors`), the
command line into a message and an exit status.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

#: The characters of a bad value a refusal repeats: enough to recognise it, never the whole
#: of a megabyte sent (a 1 MB label came back in a 1 MB answer, and a log line as long).
ECHOED_CHARACTERS = 40


def clipped(text: str) -> str:
    """Return ``text`` as a refusal's ``details`` repeat it: cut to its first
    :data:`ECHOED_CHARACTERS` characters with an ellipsis when longer."""
    return text if len(text) <= ECHOED_CHARACTERS else text[:ECHOED_CHARACTERS] + "…"


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return `` (did you mean 'NAME'?)`` for the one of ``known`` closest to a misspelt
    ``name`` (``colour``: ``color``), or '' when none is close (:func:`closest`).

    The one way refusals of an unknown field or key point at the one meant: the API's bodies
    and the label schema's keys alike."""
    return you_meant(closest(name, known))


def you_meant(meant: str | None) -> str:
    """Return `` (did you mean 'MEANT'?)``, or '' for None: :func:`did_you_mean`'s words, for
    a caller that found the one meant another way (a user's name read case-folded)."""
    return f" (did you mean {meant!r}?)" if meant is not None else ""


def closest(name: str, known: Iterable[str]) -> str | None:
    """Return the one of ``known`` closest to ``name``, compared case-folded, or None."""
    if len(name) > ECHOED_CHARACTERS:
        return None  # no field is named that long; nor is a megabyte compared with each
    by_fold = {field.casefold(): field for field in known}
    close = difflib.get_close_matches(name.casefold(), list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def echoed(value: Any) -> str:
    """Return ``value`` as a refusal repeats it: its ``repr``, a long text cut to its first
    :data:`ECHOED_CHARACTERS` characters with an ellipsis and its length
    (``'QQQ…' (1,000,000 characters)``). The one way errors quote what they refuse."""
    if isinstance(value, str) and len(value) > ECHOED_CHARACTERS:
        return f"{clipped(value)!r} ({len(value):,} characters)"
    shown = repr(value)
    if len(shown) > ECHOED_CHARACTERS * 2:  # a long list or mapping: its start and its size
        return f"{shown[:ECHOED_CHARACTERS]}… ({len(shown):,} characters)"
    return shown


class AnnotatorError(Exception):
    """Base of the errors a user can act on; ``status`` is the HTTP status that fits."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class Malformed(AnnotatorError):
    """The request or file cannot be parsed."""

    status, code = 400, "malformed"


class Unauthenticated(AnnotatorError):
    status, code = 401, "unauthenticated"


class Forbidden(AnnotatorError):
    status, code = 403, "forbidden"


class NotFound(AnnotatorError):
    status, code = 404, "not_found"


def no_such(kind: str, key: int | str) -> NotFound:
    """Return the 404 for ``kind`` ``key``: the one answer for a missing thing and a hidden one.

    What the caller may not see is answered exactly as what does not exist (CONTRACT section
    4), so that nobody learns which slugs, ids or names exist by asking for them.
    """
    shown = repr(key) if isinstance(key, str) else str(key)
    return NotFound(f"no {kind} {shown}")


def no_documents(missing: Sequence[str], project_slug: str, shown: int | None = None) -> str:
    """Say that the ids ``missing`` name no document of the project, in the order given.

    ``no document 'a', 'b' in project 'news'``; with ``shown``, the ids after the first
    ``shown`` are only counted (``... and 3 more``), for a list that may be long.
    """
    listed = missing if shown is None else missing[:shown]
    more = f" and {len(missing) - len(listed)} more" if len(missing) > len(listed) else ""
    return f"no document {', '.join(map(repr, listed))}{more} in project {project_slug!r}"


class Conflict(AnnotatorError):
    status, code = 409, "conflict"


class LayerDone(Conflict):
    """A write to an annotator's layer that its annotator marked done or skipped.

    ``details`` name the status and the request that reopens it (``status`` and ``reopen``).
    """

    code = "layer_done"


class GoldFinal(Conflict):
    """A change of gold that a reviewer marked final: it stands until set back to in review.

    ``details`` name the ``document``, its ``gold_status`` and the request that reopens it
    (``reopen``).
    """

    code = "gold_final"


class SchemaChanged(Conflict):
    """A write from a page built with an older schema version that renamed or removed names
    the page shows (:mod:`annotator.core.schema_seen`): reload it to go on.

    ``details`` name the ``seen`` version, the ``schema_version`` now, and each name ``lost``
    (``kind``, ``owner``, ``name``, ``now``: its name today, or null when it is gone).
    """

    code = "schema_changed"


class TooManyAttempts(AnnotatorError):
    """Too many failed password checks lately; ``retry_after`` says how many seconds to wait."""

    status, code = 429, "too_many_attempts"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, {"retry_after": retry_after})
        self.retry_after = retry_after


class Invalid(AnnotatorError):
    """Well-formed but breaks a rule: offsets, labels, values, relation types."""

    status, code = 422, "invalid"


class SchemaError(Invalid):
    """A label schema breaks the rules; the message names the offending entry.

    ``reason`` is the message without the place it starts with, and ``details`` the place as
    data (:mod:`annotator.core.schema_place`): a page says the place in its own words from
    the details, beside the reason, and never reads the place back out of the message.
    """

    code = "invalid_schema"

    def __init__(self, message: str, details: Any = None, reason: str | None = None) -> None:
        super().__init__(message, details)
        self.reason = message if reason is None else reason
        #: Every problem of the schema, this one first (a schema is checked whole: one
        #: problem does not hide the next), each as its own refusal.
        self.problems: list[SchemaError] = [self]


class ImportFailed(Invalid):
    """An import was refused; ``details`` lists the problems with file and line."""

    code = "import_failed"


class SettingsError(ValueError):
    """A setting (an ``ANNOTATOR_*`` variable) that cannot be used, said in one line that
    names the variable and what it accepts.

    Not an :class:`AnnotatorError`: no request causes it. The command line and the WSGI module
    print it as one line on stderr and exit (:func:`annotator.cli.common.refuse_settings`).
    """


class SchemaMismatch(AnnotatorError):
    """The database's schema revision is not the one the code was written for."""

    status, code = 503, "schema_mismatch"
