"""How a page says the outcome of a form it redirected from.

What was done is flashed plainly (``flask.flash``); a refusal, what a JSON client would get
as a 4xx, goes through :func:`refused`, so that every page draws it in the warning style
(``base.html``) and nobody takes a refusal for a success.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import flash, url_for
from markupsafe import Markup
from wtforms import Field

from annotator.core.errors import AnnotatorError
from annotator.db import get_session
from annotator.models import Project
from annotator.services.schema.required_blank import newly_required_blank

#: The category ``base.html`` draws in the warning style.
REFUSED = "warning"
#: What was done but may not be what was meant: drawn in the same style.
WARNED = REFUSED


def refused(message: str) -> None:
    """Flash a refusal, to be shown in the warning style."""
    flash(message, REFUSED)


def schema_changed(said: str, project: Project) -> None:
    """Flash a change of a project's schema, ``said`` in words, with the schema version it
    made: "Span label QUOTE is added (schema version 4)."; the labels pages and the settings
    page all say it so.

    A change that made fields required that layers already marked done leave blank says so
    too, a line per field, with the way to the agreement page's list of them: they stay done,
    and were counted nowhere else.
    """
    flash(f"{said} (schema version {project.schema_version}).")
    for blank in newly_required_blank(get_session()):
        url = url_for("agreement.report", slug=project.slug, _anchor="done-blank")
        flash(
            Markup('{}: <a href="{}">listed on the agreement page</a>.').format(blank.said(), url),
            WARNED,
        )


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
