"""The settings of one label field or span attribute changed on their own, and span
attributes added or removed.

A field is named as the values page and the settings page's renames name it: a sentence label
field (``stance``), a document label field (``document:genre``) or a span attribute
(``CLAIM.claimer``). Its values change on the values page
(:mod:`~annotator.services.schema.field_values`); here, the rest: its name (a rename carried
through every layer), its description, whether it takes several values, a label field's target,
order and whether it is required, a sentence field's key per value.
Each change is a new schema saved by
:func:`~annotator.services.schema.saving.save_schema`, so that the schema's rules
refuse what they refuse (a key already taken), the schema-break rules refuse a field or
attribute no longer ``multiple`` while annotations hold lists (with the counts), a removal is
refused while annotations use what goes (with the counts), and versions and the audit log
record it, as every other schema change.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.document_targets import target_of
from annotator.core.errors import Conflict
from annotator.core.schema_diff import apply_renames, slot_entry
from annotator.core.schema_renames import KINDS, Renames, Slot
from annotator.models import Document, Project
from annotator.services.schema.entries import find_entry
from annotator.services.schema.field_values import value_list
from annotator.services.schema.saving import save_schema
from annotator.services.write_holds import hold_schema

#: What this module changes of each kind of field besides its name (a field's values have
#: their own page).
SETTINGS: dict[str, tuple[str, ...]] = {
    "sentence": (
        "description",
        "multiple",
        "target",
        "target_from",
        "ordinal",
        "required",
        "keys",
    ),
    "document": ("description", "multiple", "target", "target_from", "ordinal", "required"),
    "attribute": ("description", "multiple"),
}


def field_settings(project: Project, field: str) -> tuple[Slot, dict[str, Any]]:
    """Return the value list ``field`` names and a copy of the entry that holds it.

    :raises NotFound: the project has no such label field or span attribute.
    """
    slot, _values = value_list(project, field)
    return slot, dict(slot_entry(project.schema, slot))


def targets_shown(
    session: Session, project: Project, entry: dict[str, Any]
) -> list[tuple[str | None, int]]:
    """Return the targets the label field ``entry`` has on the project's documents now, each
    with how many documents have it, most first (None: no target): what its page shows of a
    field that takes each document's target from its meta."""
    counts: dict[str | None, int] = {}
    metas = session.scalars(select(Document.meta).where(Document.project_id == project.id))
    for meta in metas:
        target = target_of(entry, meta)
        counts[target] = counts.get(target, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))


def change_field(
    session: Session,
    project: Project,
    actor: Actor,
    field: str,
    settings: dict[str, Any],
    *,
    confirm_meaning: bool = False,
) -> Slot:
    """Give the label field or span attribute ``field`` the ``settings`` its kind has; a new
    ``name`` in them renames it here and in every layer (an attribute: the key of its value
    in every span), in the same schema change.

    Returns the field's value list after the change (under its new name when renamed).

    :raises NotFound: no such field.
    :raises Invalid: the new name is taken (``details`` name the rename).
    :raises SchemaError: the settings break the schema's rules (a key taken, a bad name).
    :raises Conflict: the field would take one value while annotations hold lists of them,
        or its target or description changes over values given and ``confirm_meaning`` is
        not given (:class:`~annotator.services.schema.meaning.MeaningUnconfirmed`).
    """
    hold_schema(session, project)  # before the schema it changes is read
    slot, entry = field_settings(project, field)
    kind, owner, attribute = slot
    name = settings.get("name", entry["name"])
    renames = Renames()
    if name != entry["name"]:
        if kind == "attribute":
            renames = Renames(attributes={owner: {attribute: name}})
        else:
            renames = Renames(fields={kind: {owner: name}})
    schema = apply_renames(project.schema, renames)
    holder = slot_entry(schema, renames.slot(slot))
    holder.update({key: settings[key] for key in SETTINGS[kind] if key in settings})
    save_schema(
        session, project, actor, schema=schema, renames=renames, confirm_meaning=confirm_meaning
    )
    return renames.slot(slot)


def remove_field(session: Session, project: Project, actor: Actor, field: str) -> None:
    """Remove the label field or span attribute ``field``.

    :raises NotFound: no such field.
    :raises Conflict: annotations still use it; the message counts them.
    """
    hold_schema(session, project)  # before the schema it changes is read
    slot, _entry = field_settings(project, field)
    kind, owner, attribute = slot
    schema = copy.deepcopy(project.schema)
    if kind == "attribute":
        label = next(e for e in schema["span_labels"] if e["name"] == owner)
        label["attributes"] = [a for a in label["attributes"] if a["name"] != attribute]
    else:
        key = KINDS[kind]
        schema[key] = [e for e in schema[key] if e["name"] != owner]
    save_schema(session, project, actor, schema=schema)


def add_attribute(
    session: Session, project: Project, actor: Actor, label: str, attribute: dict[str, Any]
) -> None:
    """Add ``attribute`` (its name, values, whether it takes several, its description) to the
    span label ``label``, after its others.

    :raises NotFound: no such span label.
    :raises Conflict: the label has an attribute of that name.
    :raises SchemaError: the attribute breaks the schema's rules (no values, say).
    """
    hold_schema(session, project)  # before the schema it changes is read
    attributes = find_entry(project, "span_labels", label).get("attributes") or []
    if any(a["name"] == attribute["name"] for a in attributes):
        raise Conflict(
            f"the span label {label!r} has an attribute {attribute['name']!r} already",
            details={"field": "name"},
        )
    schema = copy.deepcopy(project.schema)
    entry = next(e for e in schema["span_labels"] if e["name"] == label)
    entry["attributes"] = [*entry.get("attributes", []), dict(attribute)]
    save_schema(session, project, actor, schema=schema)
