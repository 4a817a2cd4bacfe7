"""How a page says the outcome of a form it redirected from.

What was done is flashed plainly (``flask.flash``); a refusal, what a JSON client would get
as a 4xx, goes through :func:`refused`, so that every page draws it in the warning style
(``base.html``) and nobody takes a refusal for a success.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import flash
from markupsafe import Markup
from wtforms import Field

from annotator.core.errors import AnnotatorError

#: The category ``base.html`` draws in the warning style.
REFUSED = "warning"


def refused(message: str) -> None:
    """Flash a refusal, to be shown in the warning style."""
    flash(message, REFUSED)


def schema_changed(said: str, version: int) -> None:
    """Flash a change of a project's schema, ``said`` in words, with the schema version it
    made: "Span label QUOTE is added (schema version 4)."; the labels pages and the settings
    page all say it so."""
    flash(f"{said} (schema version {version}).")


def refused_with_a_way_on(message: str, where: str, url: str) -> None:
    """Flash a refusal that ends with a link to ``url``, the page where it is put right.

    The message is escaped; only the link is markup (kept as such through the session).
    """
    refused(Markup('{}, on the <a href="{}">{}</a>.').format(message, url, where))


def refused_on_form(
    form: Any, refusal: AnnotatorError, fields: Mapping[str, str] | None = None
) -> None:
    """Flash a refusal, and say it by the form's field at fault too, which the page then
    marks invalid: the message at the top alone left the reader (and a screen reader) to
    find which field it meant.

    The field is the one the refusal names (``details["field"]``, as the API names it), or
    the form's name for it in ``fields``.
    """
    refused(refusal.message)
    named = refusal.details.get("field") if isinstance(refusal.details, dict) else None
    if not isinstance(named, str):
        return
    at_fault = getattr(form, (fields or {}).get(named, named), None)
    if isinstance(at_fault, Field):
        at_fault.errors = [*at_fault.errors, refusal.message]
