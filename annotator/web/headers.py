"""Security headers: a strict Content-Security-Policy on HTML, and two headers on everything."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.datastructures import Headers

# Pages load only our own scripts and styles: no inline script or style, no other origin,
# no plugins, no framing, and forms post only back to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

# The headers, as Werkzeug keeps them, checked by Werkzeug once (Headers refuses a value it
# could not send); each with its name in lower case, to find it among a response's own.
_EVERY_RESPONSE = tuple(
    (name.lower(), (name, value))
    for name, value in Headers(
        [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin")]
    ).to_wsgi_list()
)
_HTML_ONLY = ("content-security-policy", ("Content-Security-Policy", CONTENT_SECURITY_POLICY))


def init_app(app: Flask) -> None:
    """Add the security headers to every response of ``app``."""
    app.after_request(_add_security_headers)


def _add_security_headers(response: Response) -> Response:
    # The response's own names read in one pass (Headers.setdefault finds a missing header by
    # raising and dropping one of Werkzeug's HTTP exceptions), and the missing ones appended
    # as built above: Headers.add would check the same constant values again on every
    # response, half of this hook's cost (docs/benchmarks.md, "Span writes, round 7").
    headers = response.headers
    present = {name.lower(): value for name, value in headers}
    missing = [pair for lower, pair in _EVERY_RESPONSE if lower not in present]
    content_type = present.get("content-type")
    if (
        content_type is not None
        and _HTML_ONLY[0] not in present
        and content_type.partition(";")[0].strip() == "text/html"
    ):
        missing.append(_HTML_ONLY[1])
    if missing:
        headers._list.extend(missing)
    return response
