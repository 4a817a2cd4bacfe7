"""Health check."""

from __future__ import annotations

from typing import Any

from annotator.api import bp
from annotator.db import connection_first, get_db
from annotator.services.health import check_schema


@bp.get("/health")
@connection_first
def health() -> Any:
    """Answer ok once the database answers at the schema revision the code needs (else 503)."""
    check_schema(get_db())
    return {"status": "ok"}
