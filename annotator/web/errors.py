"""The Flask error handlers: domain errors, CSRF failures and HTTP errors as JSON or HTML."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from annotator.core.errors import AnnotatorError, TooManyAttempts, Unauthenticated
from annotator.db import rollback_request


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """Return the JSON error shape of the API."""
    return {"error": {"code": code, "message": message, "details": details}}


#: Longest request id (the ``X-Request-Id`` a reverse proxy sets) and path a log line repeats.
_MAX_REQUEST_ID = 200
_MAX_PATH = 2000
#: The challenge of an API 401: the scheme the API takes (its realm names the app).
BEARER_CHALLENGE = 'Bearer realm="annotator"'


def _escaped(text: str) -> str:
    """``text`` as a log line may hold it: control characters (a newline, a terminal's escape
    sequence) come from the client and must not forge or hide lines, so they are escaped."""
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def request_summary() -> str:
    """Say which request this is, for the log: method, path, the caller's user id and the
    request id a proxy gave it (``-`` for none). Never the query string, a header's
    credentials or a cookie: the line must be safe to hand around."""
    user = g.get("user")
    request_id = request.headers.get("X-Request-Id")
    return "{} {} (user {}, request id {})".format(
        request.method,
        _escaped(request.path[:_MAX_PATH]),
        user.id if user is not None else "-",
        repr(request_id[:_MAX_REQUEST_ID]) if request_id else "-",
    )


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(
    status: int, code: str, message: str, details: Any = None, *, error_id: str | None = None
) -> Any:
    if _wants_json():
        response: Response = jsonify(error_body(code, message, details))
        response.status_code = status
        return response
    page = render_template("error.html", status=status, message=message, error_id=error_id)
    return page, status


def register_error_handlers(app: Flask) -> None:
    """Answer domain errors, CSRF failures and HTTP errors as JSON under /api, HTML elsewhere."""
    # Flask gives its logger ("annotator") a handler, with each line's time and level, when
    # app.logger is first read: read now, so that every annotator.* logger's warnings (a
    # refused login) come out through it from the first, not bare through Python's
    # last-resort handler until the first 500.
    _ = app.logger

    @app.errorhandler(AnnotatorError)
    def _domain_error(exc: AnnotatorError) -> Any:
        rollback_request()
        response = make_response(_respond(exc.status, exc.code, exc.message, exc.details))
        if isinstance(exc, TooManyAttempts):
            response.headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, Unauthenticated) and _wants_json():
            # RFC 9110 asks a 401 for the scheme it takes (RFC 6750: Bearer); HTTP clients
            # and proxies read it. Browsers open no login dialog for Bearer, only for Basic.
            response.headers["WWW-Authenticate"] = BEARER_CHALLENGE
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError) -> Any:
        return _respond(403, "csrf_failed", f"CSRF check failed: {exc.description}")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Any:
        code = (exc.name or "error").lower().replace(" ", "_")
        status = exc.code or 500
        if status == 413:
            mb = app.config["MAX_UPLOAD_MB"]
            message = f"The upload is larger than the server accepts: at most {mb} MB at once."
            return _respond(413, "too_large", message, {"max_upload_mb": mb})
        response = make_response(_respond(status, code, exc.description or exc.name))
        # Headers the error carries (Allow on a 405, WWW-Authenticate on a 401) are part of it.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Any:
        # Made here, not taken from a proxy's X-Request-Id: every failure gets one, and the
        # user who reports it can quote it; the log line (with its traceback) is the one
        # naming it. Random, so that it tells nothing of how many requests came before.
        error_id = secrets.token_hex(5)
        app.logger.exception("Unhandled error %s in %s", error_id, request_summary())
        rollback_request()
        message = f"Internal server error (error id {error_id}: quote it when you report this)."
        return _respond(500, "internal_error", message, {"error_id": error_id}, error_id=error_id)
