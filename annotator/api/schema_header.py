"""The schema version a client's page was built with: the ``X-Schema-Version`` header.

A client that shows the project's label names (the workspace) says which schema version it
read them from on each write that names labels; a write from a page whose names a later
version renamed or removed is refused, 409 ``schema_changed``
(:mod:`annotator.services.annotation.schema_seen`). Without the header a write is checked
against the schema as it is now, as it always was.
"""

from __future__ import annotations

from flask import request

from annotator.core.errors import Malformed
from annotator.core.limits import INT_MAX

HEADER = "X-Schema-Version"
# Where WSGI puts the header: read from the environ, as api/idempotency.py reads its own, for
# Werkzeug's headers.get finds a missing one (every write of a client that sends none) by
# raising and dropping a KeyError.
_ENVIRON_KEY = "HTTP_" + HEADER.upper().replace("-", "_")


def seen_schema_version() -> int | None:
    """Return the ``X-Schema-Version`` the request sends, None when it sends none.

    :raises Malformed: anything but a whole number from 1, naming the header.
    """
    raw = request._get_current_object().environ.get(_ENVIRON_KEY)  # type: ignore[attr-defined]
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or not 1 <= int(raw) <= INT_MAX:
        shown = raw if len(raw) <= 20 else raw[:20] + "…"
        raise Malformed(
            f"the header {HEADER} must be the schema version the client read (a whole "
            f"number from 1), got {shown!r}",
            details={"header": HEADER},
        )
    return int(raw)
