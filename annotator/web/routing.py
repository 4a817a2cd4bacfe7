"""URL ids: a path id outside 1..INT_MAX names no row, and is answered so before any query.

Every ``<int:...>`` of every route (pages and API) passes here, so that no lookup meets a
number its 32-bit column cannot hold (SQLite and PostgreSQL would raise, a 500). The answer
is the 404 of a missing row, named after the parameter (``document_id``: "no document 0").
A sentence ``index`` is a position, not a row id: it counts from 0, so 0 passes.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from annotator.core.errors import no_such
from annotator.core.limits import INT_MAX


def refuse_impossible_ids(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Raise the 404 of a missing row for a path id no row can have."""
    for name, value in (values or {}).items():
        lowest = 0 if name == "index" else 1
        if isinstance(value, int) and not lowest <= value <= INT_MAX:
            raise no_such(name.removesuffix("_id"), value)


def init_app(app: Flask) -> None:
    """Check the path ids of every request of ``app``."""
    app.url_value_preprocessor(refuse_impossible_ids)
