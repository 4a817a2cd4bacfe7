"""Form text that no database stores is refused before a page's view reads it.

PostgreSQL refuses NUL in text, so a form field carrying one (``%00``) answered 500 there,
and was stored on SQLite; every page's form is checked here once, naming the field. The
API's JSON fields are checked where they are read (:func:`annotator.api.fields.string`).
A lone surrogate cannot arrive through a form: Werkzeug decodes the body as UTF-8 with
U+FFFD for what does not decode.
"""

from __future__ import annotations

from flask import Flask, request

from annotator.core.errors import Invalid
from annotator.core.text import unstorable_reason

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def init_app(app: Flask) -> None:
    """Refuse, on every page, a form whose text fields cannot be stored."""
    app.before_request(_refuse_unstorable_form_text)


def _refuse_unstorable_form_text() -> None:
    this = request._get_current_object()  # type: ignore[attr-defined]
    # Under /api a body may be streamed by its view (a project file); JSON is checked there.
    if this.path.startswith("/api/") or this.mimetype not in _FORMS:
        return
    for name, value in this.form.items(multi=True):
        reason = unstorable_reason(value)
        if reason is not None:
            raise Invalid(f"the field {name!r} {reason}")
