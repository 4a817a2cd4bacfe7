"""The JSON API under /api/v1 (CONTRACT section 4).

Endpoints parse the request, call a service and commit; the rules live in the services.
Each resource has its own module, imported at the bottom so that its routes join ``bp``.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, g, request

from annotator.core import json_input
from annotator.core.body_text import BodyNotUtf8, body_text
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
        if held.get("auth") == "other scheme":
            raise Unauthenticated(
                "the Authorization header takes 'Bearer TOKEN' (an API token, from the API "
                "tokens page or `annotator users token`); no other scheme is accepted"
            )
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
    """Return the request body as a JSON object, or raise :class:`Malformed` (400).

    A field the endpoint's OpenAPI request schema does not list is refused (400 naming it).
    """
    current = request._get_current_object()  # type: ignore[attr-defined]
    try:
        body = current.get_json(silent=True)
    except RecursionError:
        raise Malformed("the request body is nested too deeply") from None
    if not isinstance(body, dict):
        raise Malformed(_why_not_an_object(body))
    body_fields.refuse_unknown_fields(body, current)
    return body


def optional_json_object() -> dict[str, Any]:
    """Return the request body as a JSON object, ``{}`` when there is none; else 400."""
    if not request._get_current_object().get_data():  # type: ignore[attr-defined]
        return {}
    return json_object()


def _why_not_an_object(body: Any) -> str:
    """Say why the request body is not a JSON object: what it is, or where it stops being JSON.

    "must be a JSON object" alone was said of a body cut short, a body sent as text/plain
    and a body in Latin-1 alike; the caller had to guess which.
    """
    if body is not None:
        kind = {list: "an array", str: "a string", bool: "true or false"}.get(
            type(body), "a number"
        )
        return f"the request body must be a JSON object, not {kind}"
    current = request._get_current_object()  # type: ignore[attr-defined]
    if not current.is_json:
        sent = current.mimetype or "no Content-Type"
        return f"the request body must be a JSON object sent as application/json, not {sent}"
    data = current.get_data()
    if not data.strip():
        return "the request body is empty; send a JSON object"
    try:
        json_input.loads(body_text(data))
    except BodyNotUtf8 as exc:
        return exc.message
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        return f"the request body is not valid JSON: {exc.msg} ({where})"
    return "the request body must be a JSON object, not null"


from annotator.api import (  # noqa: E402,F401
    agreement,
    assist,
    body_fields,
    csrf,
    deletions,
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
    review_changes,
    send_back,
    tokens,
    users,
    workspace,
)
