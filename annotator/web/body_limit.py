"""Request bodies sent without a Content-Length (chunked) are held to the upload limit too.

Werkzeug stops reading such a body at ``MAX_CONTENT_LENGTH`` but only complains when a reader
asks for more, so a reader that stops at the limit sees the first part of a longer body as if
it were all of it (an import would store what fits). This middleware reads the whole body
first, at most the limit plus one byte: a longer one is refused with 413 before the app sees
it; a shorter one is handed on with its length, as if the client had sent a Content-Length.

The refusal is the app's first request hook, before the CSRF check (``web/security.py``): a
body refused whole holds no ``csrf_token`` any more, and a page's form was answered 403 for
a token it had sent, where a body with a Content-Length over the limit gets 413.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, abort, request

_TOO_LARGE = "annotator.body_too_large"
_READ_SIZE = 64 * 1024


def init_app(app: Flask) -> None:
    """Wrap ``app`` so that a body without Content-Length is read to the limit plus one byte."""
    limit = int(app.config["MAX_CONTENT_LENGTH"])
    app.wsgi_app = BodyLimit(app.wsgi_app, limit)  # type: ignore[method-assign]
    # First of the app's hooks, whatever was registered before: the CSRF check reads the form.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_too_large)


def _refuse_too_large() -> None:
    # Refused here rather than in the middleware so that the error handlers answer it (JSON
    # under /api, a page elsewhere), like a body whose Content-Length was over the limit.
    if request._get_current_object().environ.get(_TOO_LARGE):  # type: ignore[attr-defined]
        abort(413)


class BodyLimit:
    """WSGI middleware: buffer a chunked request body of at most ``limit`` bytes."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], limit: int) -> None:
        self.wsgi_app = wsgi_app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if _unknown_length(environ):
            body = _read_at_most(environ["wsgi.input"], self.limit + 1)
            if len(body) > self.limit:
                environ[_TOO_LARGE] = True
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            # The body is now plain bytes of a known length: Werkzeug would otherwise take the
            # chunked header to mean "no length" and read nothing.
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            environ.pop("wsgi.input_terminated", None)
        return self.wsgi_app(environ, start_response)


def _unknown_length(environ: dict[str, Any]) -> bool:
    """Tell whether the request has a body whose length was not given (chunked encoding)."""
    if environ.get("CONTENT_LENGTH"):
        return False
    return "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()


def _read_at_most(stream: Any, size: int) -> bytes:
    parts: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(min(_READ_SIZE, left))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)
