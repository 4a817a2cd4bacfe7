"""The request class of the app: a body of a known length read straight from the server, and
a JSON body parsed without Werkzeug's look-ups of its content type.

Werkzeug reads a body through a ``LimitedStream`` it builds for the request, found through
properties and cached properties, and read in chunks by ``RawIOBase.read``: read here
instead, a span write's body costs about 24,000 instructions fewer (89,800 to 65,300 with
``get_json``'s own work; docs/benchmarks.md, "Span writes, round 9"). A body that says its
length (``Content-Length``), no more than the upload
limit, is read here from ``wsgi.input`` in one call instead, with the same outcomes: a
client that sends less than it announced gets Werkzeug's 400 (``ClientDisconnected``), and
the request's stream is left read to its end. Everything else (no length, chunked bodies,
bodies over the limit, which get their 413, a stream already opened) is Werkzeug's.

Werkzeug's ``get_json`` then finds the mimetype through properties and a parse of the
``Content-Type`` header, and Flask's request finds the upload limit and the JSON provider
through the ``current_app`` proxy, three times: a span write's body cost 65,000
instructions, of which ``json.loads`` is 21,000 (docs/benchmarks.md, "Span writes, round
10"). A body sent as exactly ``Content-Type: application/json``, as the API's clients and
the workspace send it, is parsed here with the app's own JSON provider, the app found once;
any other type, and a body that does not parse, get Werkzeug's outcomes (None when silent,
else a 415 or a 400).
"""

from __future__ import annotations

import io
import json
from typing import Any

from flask import Flask, Request, current_app
from werkzeug.exceptions import ClientDisconnected

# The Content-Type whose mimetype is application/json as sent: Werkzeug lowers a mimetype's
# case and drops its parameters, so other spellings of it go through Werkzeug's parse.
_JSON_AS_SENT = "application/json"
# Names of this class's own entries in the request's dict: the body parsed as JSON (kept apart
# from Werkzeug's own cache, which bodies of other types use), and a limit set per request.
_PARSED = "annotator_json"
_OWN_LIMIT = "annotator_max_content_length"
_NOT_PARSED = object()


class BodyRequest(Request):
    """Flask's request, whose body of a known length is read in one call."""

    def get_data(  # type: ignore[override]
        self, cache: bool = True, as_text: bool = False, parse_form_data: bool = False
    ) -> bytes | str:
        """Return the body as Werkzeug's ``get_data`` does; read at once if its length is known."""
        if cache and not parse_form_data:
            body = self._read_known_length()
            if body is not None:
                # Werkzeug's get_data reads the request's stream and keeps what it read.
                self.stream = io.BytesIO(body)
        return super().get_data(cache, as_text, parse_form_data)  # type: ignore[call-overload]

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        """Return the body parsed as JSON, as Werkzeug's ``get_json`` does.

        A body sent as ``application/json`` is parsed here, and the value kept for every
        later call that may use a kept value (silent or not, and ``.json``), as Werkzeug
        keeps it; a body that does not parse, and any other content type, are left to
        Werkzeug (its None, 400 or 415).
        """
        if not cache or force or self.environ.get("CONTENT_TYPE") != _JSON_AS_SENT:
            return super().get_json(force, silent, cache)
        kept = self.__dict__.get(_PARSED, _NOT_PARSED)
        if kept is not _NOT_PARSED:
            return kept
        data = self.get_data()
        app = _app()
        try:
            # The app's provider, as Flask's json module finds it (outside an app: json's).
            value = json.loads(data) if app is None else app.json.loads(data)
        except ValueError:
            return super().get_json(force, silent, cache)  # None when silent, else its 400
        self.__dict__[_PARSED] = value
        return value

    @property
    def max_content_length(self) -> int | None:
        """Return the upload limit: the request's own if one was set, else the app's setting.

        As Flask's request holds it (settable per request since Flask 3.1), with the app
        asked once: Flask's property asks ``current_app`` through its proxy twice, about
        13,800 instructions of a span write.
        """
        own: int | None = self.__dict__.get(_OWN_LIMIT)
        if own is not None:
            return own
        app = _app()
        return None if app is None else app.config["MAX_CONTENT_LENGTH"]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self.__dict__[_OWN_LIMIT] = value

    def _read_known_length(self) -> bytes | None:
        """Return the body read from ``wsgi.input``; None where Werkzeug must read it."""
        environ = self.environ
        # Refused, or already being read (Werkzeug keeps the stream it made in the request's
        # dict, as a cached property does, and so does get_data above).
        if self.shallow or "stream" in self.__dict__:
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


def _app() -> Flask | None:
    """Return the current app itself (not its proxy), or None outside an app context."""
    try:
        return current_app._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:
        return None


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
