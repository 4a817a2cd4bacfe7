"""The CSRF token, for clients that use the login session rather than a bearer token."""

from __future__ import annotations

from typing import Any

from flask_wtf.csrf import generate_csrf

from annotator.api import bp


@bp.get("/csrf-token")
def csrf_token() -> Any:
    """Return the token to send as ``X-CSRFToken`` on session-authenticated writes."""
    return {"csrf_token": generate_csrf()}
