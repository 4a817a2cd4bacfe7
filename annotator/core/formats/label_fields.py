"""What each label field's values mean, as every export states it (pure).

A stance value says little without its target ("FAVOR" of what?). Every export's header
(the ``_meta`` line, the ``X-Annotator-Export`` response header, ``FILE.meta.json``, brat's
``meta.json``) carries :func:`label_fields`, and the ``hf`` dataset card says
:func:`field_about` under each field, so that a model trained on the data knows what it is about.

A field whose target or description changed has ``older_targets`` in the header besides (the
export's :mod:`annotator.services.datasets.export_older_targets` counts them): how many of the
values exported were given toward each earlier wording, which the card says too
(:func:`older_targets_said`), so that the old values are not read as given toward today's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The kinds of label fields, as the header keys them, with the schema list of each.
FIELD_KINDS = {"sentence": "sentence_labels", "document": "document_labels"}


def label_fields(schema: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Return the schema's label fields by kind and name: each one's ``target`` (null: none),
    ``target_from`` (null: none),
    ``description`` (empty: none), ``values``, ``multiple`` and ``required``.

    Keyed by kind first, as a sentence and a document field may share a name.
    """
    return {
        kind: {
            entry["name"]: {
                "target": entry.get("target"),
                # The document meta key each document's own target comes from (null: none);
                # ``target`` is then the fallback.
                "target_from": entry.get("target_from"),
                "description": entry.get("description") or "",
                "values": list(entry.get("values") or []),
                "multiple": bool(entry.get("multiple")),
                # Whether every unit needed a value before "done" (core/required_fields):
                # a blank in an unrequired field may be an omission, not a "none".
                "required": bool(entry.get("required")),
            }
            for entry in schema.get(key) or []
        }
        for kind, key in FIELD_KINDS.items()
    }


def field_about(entry: Mapping[str, Any]) -> str:
    """Say what a label field's values are about: its target, then its description."""
    parts = []
    if entry.get("target_from"):
        fallback = f", else {entry['target']}" if entry.get("target") else ""
        parts.append(
            "Target (what the values are toward): each document's meta "
            f"{entry['target_from']!r}{fallback}."
        )
    elif entry.get("target"):
        parts.append(f"Target (what the values are toward): {entry['target']}.")
    if entry.get("description"):
        parts.append(str(entry["description"]))
    return " ".join(parts) or "(no target, no description)"


def older_values(field: Mapping[str, Any]) -> int:
    """Return how many values of a header's field were given toward an earlier target."""
    return sum(sum(entry["values"].values()) for entry in field.get("older_targets") or [])


def older_targets_said(field: Mapping[str, Any]) -> str:
    """Say, for the card, how many values of a header's field were given toward each earlier
    target or description, by layer ("" when none were, or neither ever changed)."""
    said = []
    for entry in field.get("older_targets") or []:
        counts = ", ".join(f"{layer}: {count}" for layer, count in entry["values"].items())
        versions = entry["versions"]
        which = "schema version" + ("s " if len(versions) > 1 else " ")
        said.append(
            f"{sum(entry['values'].values())} values ({counts}) were {entry['words']} "
            f"({which}{', '.join(map(str, versions))})."
        )
    if not said:
        return ""
    described = any("description" in e.get("changed", ()) for e in field["older_targets"])
    return f"Given toward an earlier {'target or description' if described else 'target'}: " + (
        " ".join(said)
    )
