"""The labels page's field pages: a sentence or document label field's or a span attribute's
settings (description, several values or one, a label field's target and order, a sentence
field's key per value) and its removal, and a span label's attributes added.

Fields are named as the values page names them (``?field=stance``, ``document:genre``,
``CLAIM.claimer``). Every change goes through
:mod:`annotator.services.schema.field_settings`, and so through the one schema change.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from wtforms import Field

from annotator.core.errors import AnnotatorError, Conflict, SchemaError
from annotator.core.schema_diff import slot_name
from annotator.core.schema_place import NOUNS, Place, said_on_page
from annotator.core.schema_renames import KINDS, Slot
from annotator.db import get_session
from annotator.models import Project
from annotator.services.schema.entries import find_entry
from annotator.services.schema.field_settings import (
    add_attribute,
    change_field,
    field_settings,
    remove_field,
    targets_shown,
)
from annotator.services.schema.final_gold import said_with_renamed
from annotator.services.schema.meaning import MeaningUnconfirmed
from annotator.views.project_labels import edit_page, filled_form, managed, undo
from annotator.web.field_forms import FieldSettingsForm, settings_form
from annotator.web.flashes import schema_changed
from annotator.web.label_forms import LabelFieldForm, RemoveEntryForm
from annotator.web.security import login_required

bp = Blueprint("label_fields", __name__, url_prefix="/projects/<slug>/labels")
#: How many of a field's targets from document meta its page names, most used first.
TARGETS_SHOWN = 5

#: How each kind of field is called on its page: a label field as the labels page calls its
#: kind (schema_place.NOUNS, the one wording), an attribute as such.
_WORDS = {
    "sentence": NOUNS["sentence_labels"].capitalize(),
    "document": NOUNS["document_labels"].capitalize(),
    "attribute": "Attribute",
}


def field_named(slot: Slot) -> str:
    """Return a field as its pages and their messages name it to users: ``genre (document
    label)``, ``stance (sentence label)``, ``claimer (attribute of CLAIM)``.

    Not the key of its address (``?field=document:genre``, ``CLAIM.claimer``), which tells a
    sentence and a document label of one name apart for the server and is kept there alone.
    """
    kind, owner, attribute = slot
    if kind == "attribute":
        return f"{attribute} (attribute of {owner})"
    return f"{owner} ({_WORDS[kind].lower()})"


def field_said(slot: Slot) -> str:
    """Return a field as a message says it: ``the document label genre``, ``the attribute
    claimer of CLAIM`` (the heading's words, :func:`field_named`, in a sentence)."""
    kind, owner, attribute = slot
    if kind == "attribute":
        return f"the attribute {attribute} of {owner}"
    return f"the {_WORDS[kind].lower()} {owner}"


def _field_page(
    project: Project,
    field: str,
    slot: Slot,
    entry: dict[str, Any],
    form: FieldSettingsForm,
    refused_removal: str | None = None,
    refused: str | None = None,
    asking: str | None = None,
) -> str:
    """The page of one label field or attribute; ``asking``: the question of a change of what
    its values (an attribute's: its spans) mean, with their counts."""
    remove_form = RemoveEntryForm(formdata=None)
    remove_form.submit.label.text = f"Remove {_WORDS[slot[0]].lower()}"
    targets: list[tuple[str | None, int]] = []
    if slot[0] != "attribute" and entry.get("target_from"):
        targets = targets_shown(get_session(), project, entry)
    return render_template(
        "labels/field.html",
        project=project,
        field=field,
        named=field_named(slot),
        slot=slot,
        word=_WORDS[slot[0]],
        entry=entry,
        form=form,
        remove_form=remove_form,
        refused_removal=refused_removal,
        refused=refused,
        asking=asking,
        targets=targets[:TARGETS_SHOWN],
        more_targets=len(targets) > TARGETS_SHOWN,
    )


@bp.get("/fields/edit")
@login_required
def edit(slug: str) -> Any:
    """Show the settings of the field ``?field=`` names, with its removal."""
    project, field, slot, entry = _asked(slug)
    return _field_page(project, field, slot, entry, settings_form(slot[0], entry["values"], entry))


@bp.post("/fields/edit")
@login_required
def save(slug: str) -> Any:
    """Save the field's settings; one that annotations would break is refused with counts."""
    project, field, slot, entry = _asked(slug)
    form = settings_form(slot[0], entry["values"])
    if not form.validate_on_submit():
        return _field_page(project, field, slot, entry, form), 400
    session = get_session()
    try:
        now = change_field(
            session,
            project,
            g.user,
            field,
            form.fields(),
            confirm_meaning=bool(form.confirm_meaning.data),
        )
    except MeaningUnconfirmed as exc:
        undo(session, project)
        page = _field_page(
            project, field, slot, entry, form, refused=exc.message, asking=exc.message
        )
        return page, exc.status
    except AnnotatorError as exc:
        undo(session, project)
        at = _setting_of(form, slot, entry["values"], exc)
        if at is None:
            refused = said_at_field(exc, slot)
            return _field_page(project, field, slot, entry, form, refused=refused), exc.status
        # A new name is checked as the field's: its refusals are of the field so named.
        at.errors = [_said_at(at, _named(slot, form.fields().get("name")), exc)]
        return _field_page(project, field, slot, entry, form), exc.status
    session.commit()
    if now != slot:
        # In words ("the document label genre"), not the key of the address ("document:genre").
        said = f"{_opening(slot)} is now {_own_name(now)}, in every layer"
        said = f"{said_with_renamed(session, said)}; its settings are saved"
    else:
        said = f"The settings of {field_said(slot)} are saved"
    schema_changed(said, project)
    return redirect(url_for("label_fields.edit", slug=project.slug, field=slot_name(now)))


def _asked(slug: str) -> tuple[Project, str, Slot, dict[str, Any]]:
    """The project, for one who may change its labels, the field the query names
    (``?field=``), its place in the schema and its entry there."""
    project = managed(slug)
    field = request.args.get("field", "")
    return project, field, *field_settings(project, field)


def _named(slot: Slot, name: str | None) -> Slot:
    """The field ``slot`` under the ``name`` its form gives it (None: its own)."""
    kind, owner, attribute = slot
    if not name:
        return slot
    return (kind, owner, name) if kind == "attribute" else (kind, name, attribute)


def _own_name(slot: Slot) -> str:
    """A field's own name, without its kind or owner: ``genre``, ``claimer``."""
    kind, owner, attribute = slot
    return attribute if kind == "attribute" else owner


def _opening(slot: Slot) -> str:
    """:func:`field_said` opening a sentence: ``The attribute claimer of CLAIM``."""
    said = field_said(slot)
    return said[0].upper() + said[1:]


def _said_at(at: Field, slot: Slot, exc: AnnotatorError) -> str:
    """A refusal as the field it is shown at says it: a taken new name by its details, in
    this page's words (the message names the API's ``renames.fields.KIND`` it came through)."""
    details = exc.details if isinstance(exc.details, dict) else {}
    if at.name == "name" and "renames" in details and "new" in details:
        kind, owner, _attribute = slot
        other = f"attribute of {owner}" if kind == "attribute" else _WORDS[kind].lower()
        return f"the name {details['new']!r} is taken by another {other}; choose another"
    return said_at_field(exc, slot)


def said_at_field(exc: AnnotatorError, slot: Slot) -> str:
    """A refusal as the page of the label field or attribute ``slot`` says it: a schema
    refusal of it by its reason, of other entries by their names as pages say them."""
    if not isinstance(exc, SchemaError):
        return exc.message
    kind, owner, attribute = slot
    if kind == "attribute":
        return said_on_page(exc, Place.named("span_labels", owner, attribute))
    return said_on_page(exc, Place.named(KINDS[kind], owner))


def _setting_of(
    form: FieldSettingsForm, slot: Slot, values: list[str], exc: AnnotatorError
) -> Field | None:
    """The field of ``form`` a refusal is about: a key its details name (a value's key, given
    here or taken first here), else the setting they name (None: none of the form's); a
    conflict is a schema-break refusal, which only taking one value where lists are held can
    be here."""
    if isinstance(exc, Conflict):
        return form.multiple
    details = exc.details if isinstance(exc.details, dict) else {}
    if "renames" in details:  # the new name is taken
        return form.name
    kind, owner, attribute = slot
    for place in (details, details.get("taken_by") or {}):
        ours = place.get("entry") == KINDS.get(kind) and place.get("name") == owner
        if ours and place.get("setting") == "keys":
            return form.key_of(str(place.get("value")), values)
    return form.field_setting(details.get("setting"))


@bp.post("/fields/remove")
@login_required
def remove(slug: str) -> Any:
    """Remove a field no annotation uses; one still used is refused with the counts."""
    project, field, slot, entry = _asked(slug)
    form = settings_form(slot[0], entry["values"], entry)
    if not RemoveEntryForm().validate_on_submit():
        return _field_page(project, field, slot, entry, form), 400
    session = get_session()
    try:
        remove_field(session, project, g.user, field)
    except AnnotatorError as exc:
        undo(session, project)
        return _field_page(project, field, slot, entry, form, said_at_field(exc, slot)), exc.status
    session.commit()
    schema_changed(f"{_opening(slot)} is removed", project)
    if slot[0] == "attribute":
        return redirect(url_for("labels.edit", slug=project.slug, label=slot[1]))
    return redirect(url_for("labels.index", slug=project.slug))


@bp.post("/attributes")
@login_required
def add(slug: str) -> Any:
    """Add an attribute to the span label ``?label=``, with its values."""
    project = managed(slug)
    label = request.args.get("label", "")
    entry = find_entry(project, "span_labels", label)
    label_form = filled_form("span_labels", project, entry)
    form = LabelFieldForm(prefix="attribute")
    if not form.validate_on_submit():
        return edit_page(project, "span_labels", label, label_form, attribute_form=form), 400
    session = get_session()
    attribute = form.fields()
    try:
        add_attribute(session, project, g.user, label, attribute)
    except AnnotatorError as exc:
        undo(session, project)
        details = exc.details if isinstance(exc.details, dict) else {}
        ours = (details.get("attribute") or {}).get("name") == attribute["name"]
        setting = details.get("field") or (details.get("setting") if ours else None)
        said = said_at_field(exc, ("attribute", label, attribute["name"]))
        (form.field_setting(setting) or form.name).errors = [said]
        page = edit_page(project, "span_labels", label, label_form, attribute_form=form)
        return page, exc.status
    session.commit()
    added = _opening(("attribute", label, attribute["name"]))
    schema_changed(f"{added} is added", project)
    return redirect(url_for("labels.edit", slug=project.slug, label=label) + "#attributes")
