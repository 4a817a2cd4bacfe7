"""The labels page: a project's span labels, each added, edited or removed on its own, and
the values of its label fields and span attributes, each added, renamed or removed.

For admins and the project's managers, as the settings page is. The rules are the schema's
(:mod:`annotator.services.accounts.span_labels` and
:mod:`annotator.services.accounts.field_values` save each change as a whole new schema);
relation types, attributes and fields themselves change on the settings page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from wtforms import Field

from annotator.core.errors import AnnotatorError, Conflict
from annotator.core.schema_diff import Slot
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import permissions
from annotator.services.accounts.field_values import (
    add_value,
    remove_value,
    rename_value,
    value_list,
)
from annotator.services.accounts.span_labels import (
    add_span_label,
    change_span_label,
    find_span_label,
    relation_types_naming,
    remove_span_label,
    span_label_uses,
)
from annotator.web.label_forms import (
    VALUE_FORM_PREFIXES,
    RemoveSpanLabelForm,
    SpanLabelForm,
    value_form,
)
from annotator.web.security import login_required

bp = Blueprint("labels", __name__, url_prefix="/projects/<slug>/labels")


def _managed(slug: str) -> Project:
    return permissions.managed_project(get_session(), g.user, slug, "change a project's labels")


def _labels_page(project: Project, add_form: SpanLabelForm, status: int = 200) -> Any:
    page = render_template(
        "labels/index.html",
        project=project,
        schema=project.schema,
        uses=span_label_uses(get_session(), project),
        add_form=add_form,
    )
    return page, status


def _edit_page(
    project: Project,
    name: str,
    form: SpanLabelForm,
    status: int = 200,
    refused_removal: str | None = None,
) -> Any:
    page = render_template(
        "labels/edit.html",
        project=project,
        name=name,
        uses=span_label_uses(get_session(), project).get(name, 0),
        relation_types=relation_types_naming(project, name),
        form=form,
        remove_form=RemoveSpanLabelForm(formdata=None),
        refused_removal=refused_removal,
    )
    return page, status


@bp.get("")
@login_required
def index(slug: str) -> Any:
    """List the span labels with their keys, colours and uses, and a form to add one."""
    project = _managed(slug)
    add_form = SpanLabelForm(formdata=None)
    add_form.submit.label.text = "Add label"
    return _labels_page(project, add_form)


@bp.post("")
@login_required
def add(slug: str) -> Any:
    """Add a span label; a refused one shows the page again with the problem at its field."""
    project = _managed(slug)
    form = SpanLabelForm()
    form.submit.label.text = "Add label"
    if not form.validate_on_submit():
        return _labels_page(project, form, 400)
    session = get_session()
    try:
        add_span_label(session, project, g.user, form.span_label())
    except AnnotatorError as exc:
        _undo(session, project)
        _field_of(form, exc).errors = [exc.message]
        return _labels_page(project, form, exc.status)
    session.commit()
    flash(f"Label {form.span_label().name} is added (schema version {project.schema_version}).")
    return redirect(url_for("labels.index", slug=project.slug))


@bp.get("/edit")
@login_required
def edit(slug: str) -> Any:
    """Show one span label's form (``?label=NAME``), with its removal."""
    project = _managed(slug)
    name = request.args.get("label", "")
    entry = find_span_label(project, name)
    form = _label_form(entry)
    return _edit_page(project, name, form)


@bp.post("/edit")
@login_required
def save(slug: str) -> Any:
    """Save one span label; a new name renames it in every layer."""
    project = _managed(slug)
    name = request.args.get("label", "")
    find_span_label(project, name)
    form = SpanLabelForm()
    if not form.validate_on_submit():
        return _edit_page(project, name, form, 400)
    session = get_session()
    label = form.span_label()
    try:
        change_span_label(session, project, g.user, name, label)
    except AnnotatorError as exc:
        _undo(session, project)
        _field_of(form, exc).errors = [exc.message]
        return _edit_page(project, name, form, exc.status)
    session.commit()
    renamed = f", renamed from {name} in every layer" if label.name != name else ""
    flash(f"Label {label.name} is saved{renamed} (schema version {project.schema_version}).")
    return redirect(url_for("labels.index", slug=project.slug))


@bp.post("/remove")
@login_required
def remove(slug: str) -> Any:
    """Remove a span label no span uses; one still used is refused with the counts."""
    project = _managed(slug)
    name = request.args.get("label", "")
    entry = find_span_label(project, name)
    remove_form = RemoveSpanLabelForm()
    form = _label_form(entry)
    if not remove_form.validate_on_submit():
        return _edit_page(project, name, form, 400)
    session = get_session()
    try:
        remove_span_label(session, project, g.user, name)
    except AnnotatorError as exc:
        _undo(session, project)
        return _edit_page(project, name, form, exc.status, refused_removal=exc.message)
    session.commit()
    flash(f"Label {name} is removed (schema version {project.schema_version}).")
    return redirect(url_for("labels.index", slug=project.slug))


def _label_form(entry: dict[str, Any]) -> SpanLabelForm:
    """The form of a span label as the schema has it (no key: an empty field)."""
    return SpanLabelForm(formdata=None, data=entry | {"key": entry.get("key") or ""})


def _undo(session: Session, project: Project) -> None:
    """Undo a refused change: the session's work, and the project's schema read again."""
    session.rollback()
    session.refresh(project)


def _field_of(form: SpanLabelForm, exc: AnnotatorError) -> Any:
    """The field a refusal is about: the schema's messages name an entry's key or colour as
    ``...: key ...`` or ``...: 'key' ...``; anything else is about the label as a whole."""
    for name, field in (("key", form.key), ("color", form.color)):
        if f": {name} " in exc.message or f": '{name}'" in exc.message:
            return field
    return form.name


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
        slot=slot,
        values=values,
        keys=_value_keys(project, slot),
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


@bp.get("/values")
@login_required
def values(slug: str) -> Any:
    """Show the values of the list ``?field=`` names, with forms to add, rename and remove."""
    project = _managed(slug)
    slot, listed = value_list(project, request.args.get("field", ""))
    return _values_page(project, slot, listed)


@bp.post("/values/add")
@login_required
def add_field_value(slug: str) -> Any:
    """Add a value to the list ``?field=`` names."""
    return _change_value(slug, "add")


@bp.post("/values/rename")
@login_required
def rename_field_value(slug: str) -> Any:
    """Rename a value here and in every layer."""
    return _change_value(slug, "rename")


@bp.post("/values/remove")
@login_required
def remove_field_value(slug: str) -> Any:
    """Remove a value no annotation uses; one still used is refused with the counts."""
    return _change_value(slug, "remove")


def _change_value(slug: str, action: str) -> Any:
    project = _managed(slug)
    field = request.args.get("field", "")
    slot, listed = value_list(project, field)
    form: Any = value_form(action, listed, posted=True)
    if not form.validate_on_submit():
        return _values_page(project, slot, listed, (action, form), 400)
    session = get_session()
    value = form.value.data or ""
    try:
        if action == "add":
            add_value(session, project, g.user, field, value)
            said = f"Value {value} is added to {field}"
        elif action == "rename":
            rename_value(session, project, g.user, field, value, form.new.data or "")
            said = f"Value {value} of {field} is now {form.new.data}, in every layer"
        else:
            remove_value(session, project, g.user, field, value)
            said = f"Value {value} is removed from {field}"
    except AnnotatorError as exc:
        _undo(session, project)
        where: Field = form.new if action == "rename" and isinstance(exc, Conflict) else form.value
        where.errors = [exc.message]
        return _values_page(project, slot, listed, (action, form), exc.status)
    session.commit()
    flash(f"{said} (schema version {project.schema_version}).")
    return redirect(url_for("labels.values", slug=project.slug, field=field))
