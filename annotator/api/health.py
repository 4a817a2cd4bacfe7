"""Health check."""

from __future__ import annotations

from typing import Any

from annotator.api import bp
from annotator.db import connection_first, get_db, ping


@bp.get("/health")
@connection_first
def health() -> Any:
    """Answer ok once the database answers a query."""
    ping(get_db())
    return {"status": "ok"}
