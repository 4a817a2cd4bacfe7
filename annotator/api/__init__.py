"""The JSON API under /api/v1 (CONTRACT section 4).

Endpoints parse the request, call a service and commit; the rules live in the services.
Each resource has its own module, imported at the bottom so that its routes join ``bp``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request

from annotator.core.caller import Caller
from annotator.core.errors import Malformed, Unauthenticated

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def caller() -> Caller:
    """Return the authenticated caller or raise :class:`Unauthenticated` (401)."""
    # g itself, not its proxy (whose every attribute read first fails on the proxy), and
    # its own dict (its get is a method in Python): the write path reads the caller, the
    # body and the query through the objects themselves.
    held = g._get_current_object().__dict__
    user: Caller | None = held.get("user")
    if user is None:
        if held.get("auth") == "token":
            raise Unauthenticated("the bearer token is not valid")
        raise Unauthenticated("log in or send 'Authorization: Bearer TOKEN'")
    return user


def json_body() -> Any:
    """Return the parsed request body, or None when it is not JSON (no error raised)."""
    try:
        # Parsed once per request: Flask keeps the result for json_object() too.
        return request._get_current_object().get_json(silent=True)  # type: ignore[attr-defined]
    except RecursionError:
        # json.loads raises it (not a ValueError) on arrays nested thousands deep.
        return None


def json_object() -> dict[str, Any]:
    """Return the request body as a JSON object, or raise :class:`Malformed` (400)."""
    try:
        body = request._get_current_object().get_json(silent=True)  # type: ignore[attr-defined]
    except RecursionError:
        raise Malformed("the request body is nested too deeply") from None
    if not isinstance(body, dict):
        raise Malformed("the request body must be a JSON object")
    return body


from annotator.api import (  # noqa: E402,F401
    agreement,
    assist,
    csrf,
    documents,
    export,
    health,
    history,
    idempotency,
    imports,
    openapi,
    people,
    project_admin,
    project_files,
    projects,
    review,
    tokens,
    users,
    workspace,
)
