"""The request class of the app: a body of a known length read straight from the server.

Werkzeug reads a body through a ``LimitedStream`` it builds for the request, found through
properties and cached properties, and read in chunks by ``RawIOBase.read``: read here
instead, a span write's body costs about 24,000 instructions fewer (89,800 to 65,300 with
``get_json``'s own work; docs/benchmarks.md, "Span writes, round 9"). A body that says its
length (``Content-Length``), no more than the upload
limit, is read here from ``wsgi.input`` in one call instead, with the same outcomes: a
client that sends less than it announced gets Werkzeug's 400 (``ClientDisconnected``), and
the request's stream is left read to its end. Everything else (no length, chunked bodies,
bodies over the limit, which get their 413, a stream already opened) is Werkzeug's.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Request
from werkzeug.exceptions import ClientDisconnected


class BodyRequest(Request):
    """Flask's request, whose body of a known length is read in one call."""

    def get_data(  # type: ignore[override]
        self, cache: bool = True, as_text: bool = False, parse_form_data: bool = False
    ) -> bytes | str:
        """Return the body as Werkzeug's ``get_data`` does; read at once if its length is known."""
        if cache and not parse_form_data and "_cached_data" not in self.__dict__:
            body = self._read_known_length()
            if body is not None:
                self._cached_data = body
        return super().get_data(cache, as_text, parse_form_data)  # type: ignore[call-overload,no-any-return]

    def _read_known_length(self) -> bytes | None:
        """Return the body read from ``wsgi.input``; None where Werkzeug must read it."""
        environ = self.environ
        if self.shallow or "stream" in self.__dict__:  # refused, or already being read
            return None
        if environ.get("HTTP_TRANSFER_ENCODING") or environ.get("wsgi.input_terminated"):
            return None
        given = environ.get("CONTENT_LENGTH")
        if not given or not (given.isascii() and given.isdigit()):
            return None
        length = int(given)
        limit = self.max_content_length
        if limit is not None and length > limit:
            return None  # Werkzeug's 413
        body = _read_exactly(environ["wsgi.input"], length)
        # Read to its end, as Werkzeug's stream is after its get_data.
        self.stream = io.BytesIO()
        return body


def _read_exactly(stream: Any, length: int) -> bytes:
    """Return ``length`` bytes of ``stream``; raise ClientDisconnected if it ends before."""
    parts: list[bytes] = []
    left = length
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            raise ClientDisconnected()
        parts.append(chunk)
        left -= len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)
