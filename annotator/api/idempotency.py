"""Safe retries: a POST, PATCH or DELETE under /api/v1 may carry an ``Idempotency-Key``.

The first request with a key is applied and its record written in the same transaction; a
retry with the same key is answered from that record (``Idempotent-Replayed: true``) instead
of being applied again. Endpoints marked :func:`keyless` refuse a key.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, g, request

from annotator.api import bp, json_body
from annotator.core.errors import Conflict, Malformed
from annotator.db import get_session
from annotator.services.annotation import idempotency
from annotator.services.annotation.payloads import replayed_answer

#: The writes a key protects, and the status of their answer. PUT needs none: it is
#: idempotent as it is, and a retry simply sets the same value again.
STATUS = {"POST": 201, "PATCH": 200, "DELETE": 204}
HEADER = "Idempotency-Key"
# Where WSGI puts the header (CGI style: upper case, dashes made underscores).
_ENVIRON_KEY = "HTTP_" + HEADER.upper().replace("-", "_")
#: Endpoints that take no key: what they answer is not a row the record could name and
#: replay (an import's counts, an adjudication's outcome), so a key is refused with a 400
#: rather than recorded and answered wrongly later.
KEYLESS: set[str] = set()


def keyless(view: Any) -> Any:
    """Mark a POST endpoint as taking no Idempotency-Key."""
    KEYLESS.add(f"{bp.name}.{view.__name__}")
    return view


@bp.before_request
def _replay_retried_write() -> Any:
    # Read from the environ, where Werkzeug's headers would read it: its headers.get finds
    # a missing header (most writes send no key) by raising and dropping a KeyError.
    key = request._get_current_object().environ.get(_ENVIRON_KEY)  # type: ignore[attr-defined]
    if key is None:  # most writes: nothing more to look at
        return None
    status = STATUS.get(request.method)
    if status is None or g.get("user") is None:
        return None
    if request.endpoint in KEYLESS:
        raise Malformed(
            f"{request.method} {request.path} takes no {HEADER}: its answer cannot be replayed; "
            "send the request without it (repeating it is safe, it may answer differently)",
            details={"header": HEADER},
        )
    idempotency.check_key(key)
    # The request a key belongs to is its method, path and body: the same key with another
    # body is another request (refused), not a retry to answer with the first one's result.
    # The body parsed as the endpoint parses it (json_body, which Flask keeps for it): one
    # parse of the body a request, not two.
    body = idempotency.body_fingerprint(request.get_data(), request.mimetype, json_body())
    what = f"{request.method} {request.full_path.rstrip('?')}"[:260] + f" body:{body}"
    # What a replay answers with: the span a PATCH changes, nothing for a DELETE, and for a
    # create (None) the row it makes, which the endpoint names (idempotency.record_created).
    span_id = (request.view_args or {}).get("span_id")
    target: dict[str, Any] | None = None
    if request.method == "PATCH" and span_id:
        target = {"span": span_id}
    elif request.method == "DELETE":
        target = {}
    row = idempotency.claim(get_session(), g.user, key, what, status=status, target=target)
    if row is None:
        return None
    answer = _replayed(row.status or status, idempotency.target_of(row))
    answer.headers["Idempotent-Replayed"] = "true"
    return answer


def _replayed(status: int, target: dict[str, Any]) -> Response:
    """Answer a retried write from the rows it made, as they are now."""
    if status == 204:
        return Response(status=204)
    kind = "span" if "span" in target else "relation" if "relation" in target else None
    body = None if kind is None else replayed_answer(get_session(), kind, target)
    if body is None:
        raise Conflict(
            "this request was applied already, and what it made has been deleted since",
            details={"applied": target},
        )
    return Response(json.dumps(body), status=status, mimetype="application/json")
