"""The values page of the labels page: the values of one sentence or document label field or
span attribute (``?field=stance``, ``document:genre``, ``CLAIM.claimer``), each added, renamed
(in every layer) or removed, through :mod:`annotator.services.schema.field_values` and so
through the one schema change.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from wtforms import Field

from annotator.core.errors import AnnotatorError, Conflict
from annotator.core.schema_renames import Slot
from annotator.db import get_session
from annotator.models import Project
from annotator.services.schema.field_values import (
    add_value,
    remove_value,
    rename_value,
    value_list,
)
from annotator.services.schema.final_gold import said_with_renamed
from annotator.services.schema.value_uses import value_uses
from annotator.views.label_fields import field_named, field_said, said_at_field
from annotator.views.project_labels import managed, undo
from annotator.web.flashes import schema_changed
from annotator.web.label_forms import VALUE_FORM_PREFIXES, value_form
from annotator.web.security import login_required

bp = Blueprint("label_values", __name__, url_prefix="/projects/<slug>/labels/values")


def _values_page(
    project: Project, slot: Slot, values: list[str], refused: Any = None, status: int = 200
) -> Any:
    forms = {action: value_form(action, values) for action in VALUE_FORM_PREFIXES}
    if refused is not None:
        forms[refused[0]] = refused[1]
    page = render_template(
        "labels/values.html",
        project=project,
        field=request.args.get("field", ""),
        named=field_named(slot),
        slot=slot,
        values=values,
        keys=_value_keys(project, slot),
        uses=value_uses(get_session(), project, slot),
        forms=forms,
    )
    return page, status


def _value_keys(project: Project, slot: Slot) -> list[str | None]:
    """The workspace key of each value of a sentence label field; None for other lists."""
    kind, owner, _attribute = slot
    if kind != "sentence":
        return []
    entry = next(e for e in project.schema["sentence_labels"] if e["name"] == owner)
    return list(entry.get("keys") or [])


@bp.get("")
@login_required
def values(slug: str) -> Any:
    """Show the values of the list ``?field=`` names, with forms to add, rename and remove."""
    project, _field, slot, listed = _asked(slug)
    return _values_page(project, slot, listed)


def _asked(slug: str) -> tuple[Project, str, Slot, list[str]]:
    """The project, for one who may change its labels, the list the query names
    (``?field=``), its place in the schema and its values."""
    project = managed(slug)
    field = request.args.get("field", "")
    return project, field, *value_list(project, field)


@bp.post("/add")
@login_required
def add_field_value(slug: str) -> Any:
    """Add a value to the list ``?field=`` names."""
    return _change_value(slug, "add")


@bp.post("/rename")
@login_required
def rename_field_value(slug: str) -> Any:
    """Rename a value here and in every layer."""
    return _change_value(slug, "rename")


@bp.post("/remove")
@login_required
def remove_field_value(slug: str) -> Any:
    """Remove a value no annotation uses; one still used is refused with the counts."""
    return _change_value(slug, "remove")


def _change_value(slug: str, action: str) -> Any:
    project, field, slot, listed = _asked(slug)
    form: Any = value_form(action, listed, posted=True)
    if not form.validate_on_submit():
        return _values_page(project, slot, listed, (action, form), 400)
    session = get_session()
    value = form.value.data or ""
    named = field_said(slot)  # as users know it, not the key of the address
    try:
        if action == "add":
            add_value(session, project, g.user, field, value)
            said = f"Value {value} is added to {named}"
        elif action == "rename":
            rename_value(session, project, g.user, field, value, form.new.data or "")
            said = said_with_renamed(
                session, f"Value {value} of {named} is now {form.new.data}, in every layer"
            )
        else:
            remove_value(session, project, g.user, field, value)
            said = f"Value {value} is removed from {named}"
    except AnnotatorError as exc:
        undo(session, project)
        where: Field = form.new if action == "rename" and isinstance(exc, Conflict) else form.value
        where.errors = [said_at_field(exc, slot)]
        return _values_page(project, slot, listed, (action, form), exc.status)
    session.commit()
    schema_changed(said, project)
    return redirect(url_for("label_values.values", slug=project.slug, field=field))
