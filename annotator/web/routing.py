"""URL values: a path id outside 1..INT_MAX, or URL text no database stores, names no row.

Every ``<int:...>`` of every route (pages and API) passes here, so that no lookup meets a
number its 32-bit column cannot hold (SQLite and PostgreSQL would raise, a 500). The answer
is the 404 of a missing row, named after the parameter (``document_id``: "no document 0").
A sentence ``index`` is a position, not a row id: it counts from 0, so 0 passes.

Text in a URL, a path segment (a slug, a username) or a query argument (``q``,
``annotator``, ``layer``), is looked up or searched for as it comes: a NUL in it (``%00``)
answered 500 on PostgreSQL, which refuses NUL in text, and on SQLite ended the text early
(``?q=%00`` matched every document). A path segment with one names no row (404); a query
argument with one is refused naming the argument (400). A lone surrogate cannot arrive:
Werkzeug decodes a URL as UTF-8 with U+FFFD for what does not decode.
"""

from __future__ import annotations

from flask import Flask, request

from annotator.core.errors import Malformed, no_such
from annotator.core.limits import INT_MAX
from annotator.core.text import unstorable_reason

#: What each text path segment names, for the 404's words.
_NAMED = {"slug": "project", "username": "user", "key": "difference", "name": "file"}


def refuse_impossible_ids() -> None:
    """Raise the 404 of a missing row for a path id or name no row can have."""
    # The request itself: an attribute read through its proxy first fails on the proxy.
    values = request._get_current_object().view_args  # type: ignore[attr-defined]
    for name, value in (values or {}).items():
        if isinstance(value, str):
            if "\x00" in value:  # no other unstorable text arrives (see above)
                raise no_such(_NAMED.get(name, name), value)
            continue
        lowest = 0 if name == "index" else 1
        if isinstance(value, int) and not lowest <= value <= INT_MAX:
            raise no_such(name.removesuffix("_id"), value)


def refuse_unstorable_query_text() -> None:
    """Raise :class:`Malformed` (400) for a query argument no database stores as text."""
    this = request._get_current_object()  # type: ignore[attr-defined]
    # A NUL arrives as %00 (a query string holds no raw NUL): most requests, the span
    # writes among them, are let through by this test of the raw string alone.
    if "%00" not in this.environ.get("QUERY_STRING", ""):
        return
    for name, value in this.args.items(multi=True):
        reason = unstorable_reason(value)
        if reason is not None:
            raise Malformed(f"the query parameter {name!r} {reason}", details={"field": name})


def init_app(app: Flask) -> None:
    """Check the path values and the query arguments of every request of ``app``."""
    # A request hook, not a URL value preprocessor (which runs before every hook): after
    # security's, which finds the caller, so that the 404 page of ``/documents/0`` shows the
    # logged-in user's links ("Back to your projects"), not "Log in".
    app.before_request(refuse_impossible_ids)
    app.before_request(refuse_unstorable_query_text)
