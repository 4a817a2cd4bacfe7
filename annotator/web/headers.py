"""Security headers: a strict Content-Security-Policy on HTML, ``no-store`` on pages, JSON
and CSV, and two headers on everything."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.datastructures import Headers

# Pages load only our own scripts and styles: no inline script or style, no other origin,
# no plugins, no framing, and forms post only back to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

# The headers, checked by Werkzeug once (Headers refuses a value it could not send), as the
# WSGI server is handed them; each with its name in lower case, to find it among a response's.
_EVERY_RESPONSE = tuple(
    (name.lower(), (name, value))
    for name, value in Headers(
        [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin")]
    ).to_wsgi_list()
)
_HTML_ONLY = ("content-security-policy", ("Content-Security-Policy", CONTENT_SECURITY_POLICY))
# Pages and API answers (JSON, the agreement report's CSV) hold a user's own work: the
# browser keeps no copy of them, so that Back shows the document as it is now (not "Not
# started" after Mark done) and, after logging out, shows nobody's work. Scripts and styles
# are the same for all and stay cacheable.
_NOT_KEPT = ("cache-control", ("Cache-Control", "no-store"))
_NOT_KEPT_TYPES = frozenset({"text/html", "application/json", "text/csv"})


def init_app(app: Flask) -> None:
    """Add the security headers to every response of ``app``."""
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]


class SecurityHeaders:
    """WSGI middleware: the security headers a response lacks, added as it starts.

    At the WSGI edge the headers are the plain list of (name, value) pairs the server sends
    (PEP 3333), so the missing ones are appended as checked above; a Flask after-request hook
    would go through Werkzeug's ``Headers``, which checks the same constant values again on
    every response (about 17,000 instructions of a span write), or reach into the list it
    keeps them in, which is Werkzeug's own.
    """

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            add_missing(headers)
            return start_response(status, headers, *exc_info)

        return self.wsgi_app(environ, start)


def add_missing(headers: list[tuple[str, str]]) -> None:
    """Append to a response's WSGI headers the security headers it does not set itself."""
    # The response's own names read in one pass; the Content-Security-Policy only on HTML.
    present = {name.lower(): value for name, value in headers}
    missing = [pair for lower, pair in _EVERY_RESPONSE if lower not in present]
    content_type = present.get("content-type")
    if content_type is not None:
        media_type = content_type.partition(";")[0].strip()
        if media_type == "text/html" and _HTML_ONLY[0] not in present:
            missing.append(_HTML_ONLY[1])
        if media_type in _NOT_KEPT_TYPES and _NOT_KEPT[0] not in present:
            missing.append(_NOT_KEPT[1])
    headers.extend(missing)
