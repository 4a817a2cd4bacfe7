"""The Flask class of the app: Flask's own, with a quicker look at the functions it calls,
and JSON answers from an encoder built once.

Flask asks :func:`inspect.iscoroutinefunction` of every hook and view it calls, eleven times
a span write (the request hooks, the view, the after-request and teardown functions), and
the answer is the same each time. A plain function or method that is no coroutine is told
apart here by its code flag alone; anything else goes through Flask's own check.

Flask's JSON provider builds a ``JSONEncoder`` (and its C encoder) for every answer and
works its content type out of the mimetype each time: about 20,000 instructions of a span
write's answer (docs/benchmarks.md, "Span writes, round 9"). :class:`Answers` keeps both
until one of the provider's settings changes; the text and headers are the same. It also
reads request bodies as UTF-8 only (``Answers.loads``).
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any, cast

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.sansio.response import Response
from werkzeug.utils import get_content_type

from annotator.core import json_text
from annotator.core.body_text import body_text
from annotator.web.request_body import BodyRequest


class Answers(DefaultJSONProvider):
    """Flask's JSON provider, whose compact answers use an encoder built once."""

    #: The settings the encoder and content type were made for, the encoder, the type.
    _made: tuple[tuple[Any, ...], Callable[[Any], str], str] | None = None

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        # Held as Flask's provider holds it (a weak proxy: the app holds its provider), under
        # a name of ours.
        self.answering_app = cast(Flask, weakref.proxy(app))  # the proxy answers as the app

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse JSON as Flask's provider does; bytes (a request body) must be UTF-8.

        Flask's provider hands bytes to ``json.loads``, which takes UTF-16 and UTF-32 too;
        :func:`~annotator.core.body_text.body_text` refuses them, naming the byte (a
        ``ValueError``: the request's ``get_json`` then answers as for any body that does not
        parse, and ``api.json_object`` says why).
        """
        if isinstance(s, (bytes, bytearray)):
            s = body_text(s)
        return super().loads(s, **kwargs)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        """Return ``args`` or ``kwargs`` as a JSON answer, as Flask's provider does."""
        app = self.answering_app
        if (self.compact is None and app.debug) or self.compact is False:
            return super().response(*args, **kwargs)  # indented: Flask's own
        settings = (self.default, self.ensure_ascii, self.sort_keys, self.mimetype)
        made = self._made
        if made is None or made[0] != settings:
            encode = json_text.encoder(
                ensure_ascii=self.ensure_ascii,
                sort_keys=self.sort_keys,
                separators=(",", ":"),
                default=self.default,
            )
            made = self._made = (settings, encode, get_content_type(self.mimetype, "utf-8"))
        body = made[1](_answered_value(args, kwargs))
        return app.response_class(f"{body}\n", content_type=made[2])


def _answered_value(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Return the value a JSON answer of these arguments holds, as ``flask.jsonify`` documents
    it: one positional value as itself, several as a list, keywords as an object, none as null.

    :raises TypeError: given both positional and keyword values.
    """
    if args and kwargs:
        raise TypeError("a JSON answer takes either positional or keyword values, not both")
    if len(args) == 1:
        return args[0]
    return list(args) if args else (kwargs or None)


class App(Flask):
    """Flask, whose :meth:`ensure_sync` answers a plain function at once, whose JSON
    answers are :class:`Answers`', and whose requests read a body of known length at once."""

    json_provider_class = Answers
    request_class = BodyRequest

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Return ``func`` itself when its code is no coroutine's; else as Flask does."""
        code = getattr(func, "__code__", None)
        if code is not None and not code.co_flags & inspect.CO_COROUTINE:
            return func
        return super().ensure_sync(func)
