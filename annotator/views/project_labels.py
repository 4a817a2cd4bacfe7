"""The labels page: a project's span labels and relation types, each added, edited or removed
on its own, and its sentence and document label fields added.

For admins and the project's managers, as the settings page is. The rules are the schema's
(:mod:`annotator.services.schema.entries` saves each change as a whole new schema).
The settings of label fields and span attributes, and attributes added and removed, are
:mod:`annotator.views.label_fields`'; the values of each, :mod:`annotator.views.label_values`'.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from wtforms import Field

from annotator.core.errors import AnnotatorError, SchemaError
from annotator.core.label_schema import EntryKind, unused_color
from annotator.core.schema_place import NOUNS, Place, said_on_page
from annotator.core.schema_roles import ROLE_KINDS, played_roles, role_of
from annotator.core.workspace_keys import reserved_keys_held
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import permissions
from annotator.services.schema.entries import (
    EditedKind,
    add_entry,
    change_entry,
    entry_uses,
    find_entry,
    relation_types_naming,
    remove_entry,
)
from annotator.services.schema.final_gold import said_with_renamed
from annotator.services.schema.meaning import MeaningUnconfirmed
from annotator.web.flashes import schema_changed
from annotator.web.label_forms import (
    ROLE_WORDS,
    EntryForm,
    LabelFieldForm,
    NewLabelFieldForm,
    RelationTypeForm,
    RemoveEntryForm,
    SpanLabelForm,
    offer_role_by_name,
)
from annotator.web.security import login_required

bp = Blueprint("labels", __name__, url_prefix="/projects/<slug>/labels")

#: Each edited kind's query parameter naming the entry (its word is NOUNS').
_ASKED_BY: dict[EditedKind, str] = {"span_labels": "label", "relation_types": "type"}


def managed(slug: str) -> Project:
    """The project ``slug``, for one who may change its labels (else 403 or 404)."""
    return permissions.managed_project(get_session(), g.user, slug, "change a project's labels")


def _form(kind: EntryKind, project: Project, **kwargs: Any) -> EntryForm:
    """The form of an entry of ``kind``; a relation type's offers the project's span labels.

    A span label's and a relation type's forms choose the role it plays in suggestions, on the
    entry's own page and where it is added alike; added with none, it plays as a new entry
    does (:func:`annotator.services.schema.entries.add_entry`).
    """
    if kind == "span_labels":
        return SpanLabelForm(**kwargs)
    if kind in ("sentence_labels", "document_labels"):
        return NewLabelFieldForm(**kwargs)
    labels = [entry["name"] for entry in project.schema.get("span_labels") or []]
    return RelationTypeForm(**kwargs).offer(labels)


def filled_form(kind: EditedKind, project: Project, entry: dict[str, Any]) -> EntryForm:
    """The form of an entry as the schema has it (no key: an empty field), with the role it
    plays in suggestions."""
    data = entry | {"key": entry.get("key") or ""}
    data["role"] = role_of(project.schema, kind, entry["name"]) or ""
    if kind == "relation_types":
        data |= {"from_labels": entry["from"], "to_labels": entry["to"]}
    return _form(kind, project, formdata=None, data=data)


#: What the labels page adds: each kind's form, under its own prefix so that their ids differ.
_ADDED: tuple[EntryKind, ...] = (
    "span_labels",
    "relation_types",
    "sentence_labels",
    "document_labels",
)


def _labels_page(project: Project, refused: tuple[EntryKind, EntryForm] | None = None) -> str:
    adding = {kind: _form(kind, project, formdata=None, prefix=kind) for kind in _ADDED}
    adding["span_labels"].color.data = unused_color(project.schema)
    if refused is not None:
        adding[refused[0]] = refused[1]
    for kind, form in adding.items():
        form.submit.label.text = f"Add {NOUNS[kind]}"
    if "roles" not in project.schema:  # until an entry chooses a role, names play them
        for kind in ("span_labels", "relation_types"):
            offer_role_by_name(adding[kind], kind)
    session = get_session()
    page = render_template(
        "labels/index.html",
        project=project,
        schema=project.schema,
        uses={kind: entry_uses(session, project, kind) for kind in _ASKED_BY},
        plays=_plays(project),
        adding=adding,
        held=reserved_keys_held(project.schema),
    )
    return page


def _plays(project: Project) -> dict[tuple[str, str], str]:
    """What each entry plays in suggestions, in words, by (kind, name)."""
    played = played_roles(project.schema)
    return {(ROLE_KINDS[role], name): ROLE_WORDS[role] for role, name in played.items()}


def edit_page(
    project: Project,
    kind: EditedKind,
    name: str,
    form: EntryForm,
    refused_removal: str | None = None,
    attribute_form: EntryForm | None = None,
    asking: str | None = None,
) -> Any:
    """The page of one span label or relation type: its form, its removal, and a span
    label's attributes with the form that adds one (``attribute_form`` when refused);
    ``asking``: the question of a change of what its spans mean, with their counts."""
    remove_form = RemoveEntryForm(formdata=None)
    remove_form.submit.label.text = f"Remove {NOUNS[kind]}"
    if kind == "span_labels" and attribute_form is None:
        attribute_form = LabelFieldForm(formdata=None, prefix="attribute")
    if attribute_form is not None:
        attribute_form.submit.label.text = "Add attribute"
    current: dict[str, Any] = next(
        (e for e in project.schema.get(kind) or [] if e["name"] == name), {}
    )
    return render_template(
        "labels/edit.html",
        project=project,
        kind=kind,
        noun=NOUNS[kind],
        word=NOUNS[kind].capitalize(),
        asked_by=_ASKED_BY[kind],
        name=name,
        uses=entry_uses(get_session(), project, kind).get(name, 0),
        relation_types=relation_types_naming(project, name) if kind == "span_labels" else [],
        form=form,
        remove_form=remove_form,
        refused_removal=refused_removal,
        attributes=current.get("attributes") or [],
        attribute_form=attribute_form,
        asking=asking,
    )


@bp.get("")
@login_required
def index(slug: str) -> Any:
    """List the span labels and relation types with their uses, and forms to add one."""
    return _labels_page(managed(slug))


@bp.post("")
@login_required
def add(slug: str) -> Any:
    """Add a span label; a refused one shows the page again with the problem at its field."""
    return _add(slug, "span_labels")


@bp.post("/relations")
@login_required
def add_relation_type(slug: str) -> Any:
    """Add a relation type; a refused one shows the page again with the problem at its field."""
    return _add(slug, "relation_types")


@bp.post("/sentence-labels")
@login_required
def add_sentence_label(slug: str) -> Any:
    """Add a sentence label field with its values."""
    return _add(slug, "sentence_labels")


@bp.post("/document-labels")
@login_required
def add_document_label(slug: str) -> Any:
    """Add a document label field with its values."""
    return _add(slug, "document_labels")


def _add(slug: str, kind: EntryKind) -> Any:
    project = managed(slug)
    form = _form(kind, project, prefix=kind)
    if not form.validate_on_submit():
        return _labels_page(project, (kind, form)), 400
    session = get_session()
    fields = form.fields()
    try:
        add_entry(session, project, g.user, kind, fields, role=form.chosen_role())
    except AnnotatorError as exc:
        undo(session, project)
        _say_at_the_form(form, kind, fields["name"], exc)
        return _labels_page(project, (kind, form)), exc.status
    session.commit()
    schema_changed(f"{NOUNS[kind].capitalize()} {fields['name']} is added", project)
    return redirect(url_for("labels.index", slug=project.slug))


@bp.get("/edit")
@login_required
def edit(slug: str) -> Any:
    """Show one span label's form (``?label=NAME``), with its removal."""
    return _show(slug, "span_labels")


@bp.get("/relations/edit")
@login_required
def edit_relation_type(slug: str) -> Any:
    """Show one relation type's form (``?type=NAME``), with its removal."""
    return _show(slug, "relation_types")


def _asked(slug: str, kind: EditedKind) -> tuple[Project, str]:
    """The project, for one who may change its labels, and the name of its entry of ``kind``
    that the query asks for (``?label=``, ``?type=``)."""
    return managed(slug), request.args.get(_ASKED_BY[kind], "")


def _show(slug: str, kind: EditedKind) -> Any:
    project, name = _asked(slug, kind)
    form = filled_form(kind, project, find_entry(project, kind, name))
    return edit_page(project, kind, name, form)


@bp.post("/edit")
@login_required
def save(slug: str) -> Any:
    """Save one span label; a new name renames it in every layer."""
    return _save(slug, "span_labels")


@bp.post("/relations/edit")
@login_required
def save_relation_type(slug: str) -> Any:
    """Save one relation type; a new name renames it in every layer."""
    return _save(slug, "relation_types")


def _save(slug: str, kind: EditedKind) -> Any:
    project, name = _asked(slug, kind)
    find_entry(project, kind, name)
    form = _form(kind, project)
    if not form.validate_on_submit():
        return edit_page(project, kind, name, form), 400
    session = get_session()
    fields = form.fields()
    confirmed = bool(getattr(form, "confirm_meaning", None) and form.confirm_meaning.data)
    try:
        change_entry(
            session,
            project,
            g.user,
            kind,
            name,
            fields,
            role=form.chosen_role(),
            confirm_meaning=confirmed,
        )
    except MeaningUnconfirmed as exc:
        undo(session, project)
        return edit_page(project, kind, name, form, asking=exc.message), exc.status
    except AnnotatorError as exc:
        undo(session, project)
        _say_at_the_form(form, kind, fields["name"], exc)
        return edit_page(project, kind, name, form), exc.status
    session.commit()
    renamed = f", renamed from {name} in every layer" if fields["name"] != name else ""
    saved = f"{NOUNS[kind].capitalize()} {fields['name']} is saved{renamed}"
    schema_changed(said_with_renamed(session, saved), project)
    return redirect(url_for("labels.index", slug=project.slug))


@bp.post("/remove")
@login_required
def remove(slug: str) -> Any:
    """Remove a span label no span uses; one still used is refused with the counts."""
    return _remove(slug, "span_labels")


@bp.post("/relations/remove")
@login_required
def remove_relation_type(slug: str) -> Any:
    """Remove a relation type no relation uses; one still used is refused with the counts."""
    return _remove(slug, "relation_types")


def _remove(slug: str, kind: EditedKind) -> Any:
    project, name = _asked(slug, kind)
    form = filled_form(kind, project, find_entry(project, kind, name))
    if not RemoveEntryForm().validate_on_submit():
        return edit_page(project, kind, name, form), 400
    session = get_session()
    try:
        remove_entry(session, project, g.user, kind, name)
    except AnnotatorError as exc:
        undo(session, project)
        refused = _removal_refused(exc, kind, name)
        return edit_page(project, kind, name, form, refused_removal=refused), exc.status
    session.commit()
    schema_changed(f"{NOUNS[kind].capitalize()} {name} is removed", project)
    return redirect(url_for("labels.index", slug=project.slug))


def undo(session: Session, project: Project) -> None:
    """Undo a refused change: the session's work, and the project's schema read again."""
    session.rollback()
    session.refresh(project)


def _say_at_the_form(form: EntryForm, kind: EntryKind, name: str, exc: AnnotatorError) -> None:
    """Say a refusal of the entry ``name`` of ``kind`` at the field of its form it is about."""
    _field_of(form, kind, name, exc).errors = [_said_at_the_form(exc, kind, name)]


def _field_of(form: EntryForm, kind: EntryKind, name: str, exc: AnnotatorError) -> Field:
    """The field of ``form``, the entry ``name`` of ``kind``, that a refusal is about.

    Said by the refusal's details: a conflict's ``field``, or the place in the schema of a
    :class:`~annotator.core.errors.SchemaError` (:mod:`annotator.core.schema_place`) when it
    is this entry's; a key already taken is this entry's when this entry took it first. A
    refusal of the entry as a whole, or of another entry, is said at its name.
    """
    details = exc.details if isinstance(exc.details, dict) else {}
    setting = details.get("field")
    if details.get("setting") == "roles":  # the schema's own roles, chosen on this form
        setting = "roles"
    for place in (details, details.get("taken_by") or {}):
        if place.get("entry") == kind and place.get("name") == name:
            setting = place.get("setting")
            break
    return form.field_setting(setting) or form.name


def _said_at_the_form(exc: AnnotatorError, kind: EntryKind, name: str) -> str:
    """A refusal as the form of one entry says it: other entries by their names, not by their
    places in a schema file the page never shows, and the entry's own name left out."""
    if isinstance(exc, SchemaError):
        return said_on_page(exc, Place.named(kind, name))
    return exc.message


def _removal_refused(exc: AnnotatorError, kind: EditedKind, name: str) -> str:
    """Why removing the entry ``name`` is refused, in the edit page's words.

    The only rule a removal alone can break is a relation type's end naming the span label
    removed, which the schema then calls unknown: said as what it is, the relation type
    going from or to it.
    """
    if not isinstance(exc, SchemaError):
        return exc.message
    details = exc.details if isinstance(exc.details, dict) else {}
    end = details.get("setting")
    if details.get("entry") == "relation_types" and end in ("from", "to"):
        return f"relation type {details['name']} goes {end} it; change its ends first"
    return said_on_page(exc, Place.named(kind, name))
