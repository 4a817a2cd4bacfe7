"""What each label field's values mean, as every export states it (pure).

A stance value says little without its target ("FAVOR" of what?). Every export's header
(the ``_meta`` line, the ``X-Annotator-Export`` response header, ``FILE.meta.json``, brat's
``meta.json``) carries :func:`label_fields`, and the ``hf`` dataset card says
:func:`field_about` under each field, so that a model trained on the data knows what it is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The kinds of label fields, as the header keys them, with the schema list of each.
FIELD_KINDS = {"sentence": "sentence_labels", "document": "document_labels"}


def label_fields(schema: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Return the schema's label fields by kind and name: each one's ``target`` (null: none),
    ``description`` (empty: none), ``values`` and ``multiple``.

    Keyed by kind first, as a sentence and a document field may share a name.
    """
    return {
        kind: {
            entry["name"]: {
                "target": entry.get("target"),
                "description": entry.get("description") or "",
                "values": list(entry.get("values") or []),
                "multiple": bool(entry.get("multiple")),
            }
            for entry in schema.get(key) or []
        }
        for kind, key in FIELD_KINDS.items()
    }


def field_about(entry: Mapping[str, Any]) -> str:
    """Say what a label field's values are about: its target, then its description."""
    parts = []
    if entry.get("target"):
        parts.append(f"Target (what the values are toward): {entry['target']}.")
    if entry.get("description"):
        parts.append(str(entry["description"]))
    return " ".join(parts) or "(no target, no description)"
