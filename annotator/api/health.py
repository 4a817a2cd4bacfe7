"""Health check."""

from __future__ import annotations

from typing import Any

from annotator.api import bp
from annotator.db import get_session, ping


@bp.get("/health")
def health() -> Any:
    """Answer ok once the database answers a query."""
    ping(get_session())
    return {"status": "ok"}
