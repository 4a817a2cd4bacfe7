"""Health check."""

from __future__ import annotations

from typing import Any

from annotator.api import bp
from annotator.db import connection_first, get_db
from annotator.services.health import database_answers


@bp.get("/health")
@connection_first
def health() -> Any:
    """Answer ok once the database answers a query."""
    database_answers(get_db())
    return {"status": "ok"}
