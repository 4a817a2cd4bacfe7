"""A project's span labels changed one at a time: added, edited (renamed too) or removed.

The labels page edits one label where the settings page and the API take the whole schema.
Each change here is a new schema built from the current one and saved by
:func:`~annotator.services.accounts.project_admin.edit_project`, so the schema's rules, the
refusal to remove a label still in use, a rename carried through every layer, the schema's
versions and the audit log are those of every other schema change.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, NotFound
from annotator.core.schema_diff import Renames, apply_renames
from annotator.models import Document, Layer, Project, Span
from annotator.services.accounts.project_admin import edit_project


@dataclass(frozen=True)
class SpanLabel:
    """What the labels page edits of a span label; its attributes are kept as they are."""

    name: str
    key: str | None  # None: no key of its own
    color: str
    description: str


def find_span_label(project: Project, name: str) -> dict[str, Any]:
    """Return the schema's entry of the span label ``name``.

    :raises NotFound: the project has no span label of that name.
    """
    for entry in project.schema.get("span_labels") or []:
        if entry["name"] == name:
            return dict(entry)
    raise NotFound(f"project {project.slug!r} has no span label {name!r}")


def relation_types_naming(project: Project, name: str) -> list[str]:
    """Return the relation types that name the span label ``name`` at either end."""
    return [
        relation["name"]
        for relation in project.schema.get("relation_types") or []
        if name in relation["from"] or name in relation["to"]
    ]


def span_label_uses(session: Session, project: Project) -> dict[str, int]:
    """Return how many spans of the project's layers (gold and suggestions too) use each label.

    The same spans that refuse a label's removal (:func:`count_uses` of schema_changes).
    """
    rows = session.execute(
        select(Span.label, func.count())
        .join(Layer, Layer.id == Span.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id)
        .group_by(Span.label)
    )
    return {label: int(count) for label, count in rows}


def add_span_label(session: Session, project: Project, actor: Actor, label: SpanLabel) -> None:
    """Add ``label`` after the project's span labels.

    :raises Conflict: a span label of that name exists.
    :raises SchemaError: the key or colour breaks the schema's rules (a key already taken).
    """
    _refuse_taken(project, label.name)
    schema = copy.deepcopy(project.schema)
    schema.setdefault("span_labels", []).append(_entry({}, label))
    edit_project(session, project, actor, schema=schema)


def change_span_label(
    session: Session, project: Project, actor: Actor, name: str, label: SpanLabel
) -> None:
    """Give the span label ``name`` the name, key, colour and description of ``label``.

    A new name renames the label in every layer and in the relation types that name it.

    :raises NotFound: no span label ``name``.
    :raises Conflict: the new name is another span label's (merging two labels is a rename
        under the settings page's renames, said there in full).
    """
    find_span_label(project, name)
    renames = Renames()
    if label.name != name:
        _refuse_taken(project, label.name)
        renames = Renames(labels={name: label.name})
    schema = apply_renames(project.schema, renames)
    schema["span_labels"] = [
        _entry(entry, label) if entry["name"] == label.name else entry
        for entry in schema["span_labels"]
    ]
    edit_project(session, project, actor, schema=schema, renames=renames)


def remove_span_label(session: Session, project: Project, actor: Actor, name: str) -> None:
    """Remove the span label ``name``.

    :raises NotFound: no span label ``name``.
    :raises Conflict: spans still use it; the message counts them.
    :raises SchemaError: a relation type names it (the message names the relation type):
        the relation type is not changed behind the caller's back.
    """
    find_span_label(project, name)
    schema = copy.deepcopy(project.schema)
    schema["span_labels"] = [e for e in schema["span_labels"] if e["name"] != name]
    edit_project(session, project, actor, schema=schema)


def _entry(entry: dict[str, Any], label: SpanLabel) -> dict[str, Any]:
    """Return ``entry`` (its attributes kept) with the fields of ``label``."""
    changed = dict(entry) | {
        "name": label.name,
        "color": label.color,
        "description": label.description,
    }
    changed["key"] = label.key
    return changed


def _refuse_taken(project: Project, name: str) -> None:
    if any(entry["name"] == name for entry in project.schema.get("span_labels") or []):
        raise Conflict(
            f"the project has a span label {name!r} already; to merge two labels, rename one "
            "to the other under Renames on the settings page",
            details={"field": "name"},
        )
