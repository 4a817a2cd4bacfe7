"""A project's span labels and relation types changed one at a time: added, edited, removed.

The labels page edits one entry where the settings page and the API take the whole schema.
Each change here is a new schema built from the current one and saved by
:func:`~annotator.services.schema.saving.save_schema`, so the schema's rules, the
refusal to remove what is still used or to tighten a rule annotations break, a rename carried
through every layer, the schema's versions and the audit log are those of every other schema
change. An entry's other fields (a span label's attributes) are kept as they are.
"""

from __future__ import annotations

import copy
from enum import Enum
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, NotFound
from annotator.core.label_schema import EntryKind
from annotator.core.schema_diff import apply_renames
from annotator.core.schema_place import NOUNS
from annotator.core.schema_renames import Renames
from annotator.core.schema_roles import carry_roles, with_role
from annotator.models import Document, Layer, Project, Relation, Span
from annotator.services.schema.saving import save_schema
from annotator.services.write_holds import hold_schema


class Keep(Enum):
    """What :func:`change_entry` takes for "leave the roles as they are"."""

    KEEP = "keep"


KEEP = Keep.KEEP

#: The schema's lists the labels page edits entry by entry (label fields it adds here only:
#: their values and settings have pages of their own, field_values and field_settings).
EditedKind = Literal["span_labels", "relation_types"]


def find_entry(project: Project, kind: EntryKind, name: str) -> dict[str, Any]:
    """Return a copy of the schema's entry ``name`` of ``kind``.

    :raises NotFound: the project has no such entry.
    """
    for entry in project.schema.get(kind) or []:
        if entry["name"] == name:
            return dict(entry)
    raise NotFound(f"project {project.slug!r} has no {NOUNS[kind]} {name!r}")


def relation_types_naming(project: Project, name: str) -> list[str]:
    """Return the relation types that name the span label ``name`` at either end."""
    return [
        relation["name"]
        for relation in project.schema.get("relation_types") or []
        if name in relation["from"] or name in relation["to"]
    ]


def entry_uses(session: Session, project: Project, kind: EditedKind) -> dict[str, int]:
    """Return how many spans use each span label, or relations each relation type, in the
    project's layers (gold and suggestions too: the rows that refuse an entry's removal)."""
    named = Span.label if kind == "span_labels" else Relation.type
    layer_id = Span.layer_id if kind == "span_labels" else Relation.layer_id
    rows = session.execute(
        select(named, func.count())
        .join(Layer, Layer.id == layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id)
        .group_by(named)
    )
    return {name: int(count) for name, count in rows}


def add_entry(
    session: Session,
    project: Project,
    actor: Actor,
    kind: EntryKind,
    fields: dict[str, Any],
    role: str | None = None,
) -> None:
    """Add an entry of ``kind`` with ``fields`` after the others.

    ``role``: the role a span label or relation type plays in suggestions, taken from whoever
    played it, as :func:`change_entry` gives one (:func:`annotator.core.schema_roles.with_role`).
    None: no choice, the schema's rule for a new entry (it plays a role by its name while the
    schema lists no ``roles``, else none), so that a label added as CLAIM is the claim.

    :raises Conflict: an entry of that name exists.
    :raises SchemaError: ``fields`` break the schema's rules (a key already taken, say).
    """
    hold_schema(session, project)  # before the schema it changes is read
    _refuse_taken(project, kind, fields["name"])
    schema = copy.deepcopy(project.schema)
    schema.setdefault(kind, []).append(dict(fields))
    if role is not None:
        schema = with_role(schema, kind, fields["name"], role)
    save_schema(session, project, actor, schema=schema)


def change_entry(
    session: Session,
    project: Project,
    actor: Actor,
    kind: EditedKind,
    name: str,
    fields: dict[str, Any],
    role: str | None | Keep = KEEP,
    *,
    confirm_meaning: bool = False,
) -> None:
    """Give the entry ``name`` of ``kind`` the ``fields``; a new name renames it in every
    layer (and, for a span label, in the relation types that name it).

    ``role``: the role it plays in suggestions (None: none), taken from whoever played it
    (:func:`annotator.core.schema_roles.with_role`); :data:`KEEP` leaves the roles as they
    are, a rename carrying its role.

    :raises NotFound: no such entry.
    :raises Conflict: the new name is another entry's (merging two is a rename under the
        settings page's renames, said there in full).
    :raises MeaningUnconfirmed: a used span label's description changes and
        ``confirm_meaning`` is not given (:mod:`~annotator.services.schema.meaning`).
    """
    hold_schema(session, project)  # before the schema it changes is read
    find_entry(project, kind, name)
    renames = Renames()
    if fields["name"] != name:
        _refuse_taken(project, kind, fields["name"])
        renames = Renames(labels={name: fields["name"]})
    schema = apply_renames(project.schema, renames)
    schema[kind] = [
        entry | fields if entry["name"] == fields["name"] else entry for entry in schema[kind]
    ]
    if role is not KEEP:
        # Carried over the rename first, so that the choice is made among the new names.
        schema = with_role(carry_roles(project.schema, schema, renames), kind, fields["name"], role)
    save_schema(
        session, project, actor, schema=schema, renames=renames, confirm_meaning=confirm_meaning
    )


def remove_entry(
    session: Session, project: Project, actor: Actor, kind: EditedKind, name: str
) -> None:
    """Remove the entry ``name`` of ``kind``.

    :raises NotFound: no such entry.
    :raises Conflict: annotations still use it; the message counts them.
    :raises SchemaError: a relation type names the span label (the message names it): the
        relation type is not changed behind the caller's back.
    """
    hold_schema(session, project)  # before the schema it changes is read
    find_entry(project, kind, name)
    schema = copy.deepcopy(project.schema)
    schema[kind] = [entry for entry in schema[kind] if entry["name"] != name]
    save_schema(session, project, actor, schema=schema)


def _refuse_taken(project: Project, kind: EntryKind, name: str) -> None:
    if any(entry["name"] == name for entry in project.schema.get(kind) or []):
        raise Conflict(
            f"the project has a {NOUNS[kind]} {name!r} already; to merge two, rename one to "
            "the other under Renames on the settings page",
            details={"field": "name"},
        )
