"""Health check."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from annotator.api import bp
from annotator.db import get_session


@bp.get("/health")
def health() -> Any:
    """Answer ok once the database answers a query."""
    get_session().execute(text("SELECT 1"))
    return {"status": "ok"}
