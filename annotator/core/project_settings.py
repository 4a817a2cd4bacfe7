"""A project's settings as its stored schema holds them, each read with its default here.

Pure. A schema is checked and filled in when it is saved (:mod:`annotator.core.label_schema`),
but one stored before a setting existed lacks it: every reader asks here, so that a missing
setting means the same everywhere (the pages, the API, the background trainer).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: What a stored schema without ``suggestions`` reads as: shown, as before the setting
#: existed (a new project is made with ``label_schema.NEW_PROJECT_SUGGESTIONS`` instead).
STORED_SUGGESTIONS = "on"

Schema = Mapping[str, Any] | None


def suggestions_mode(schema: Schema) -> str:
    """When annotators see suggestions: ``on``, ``off`` or ``after_done``."""
    return str((schema or {}).get("suggestions", STORED_SUGGESTIONS))


def train_every(schema: Schema) -> int:
    """After how many new gold documents the model trains by itself (0: never)."""
    return int((schema or {}).get("train_every") or 0)


def trains_by_itself(schema: Schema) -> bool:
    """Tell whether the project's model trains without being asked (``train_every`` set)."""
    return train_every(schema) > 0


def annotators_per_document(schema: Schema) -> int | None:
    """The annotators each document gets as the project says, or None when it does not
    (``assignment.per_document_of`` then gives its default)."""
    value = (schema or {}).get("annotators_per_document")
    return None if value is None else int(value)


def settings_summary(schema: Schema) -> dict[str, Any]:
    """The settings a project's administrators read (the API's project and the audit log):
    its guidelines, annotators per document and license."""
    return {
        "guidelines": (schema or {}).get("guidelines", ""),
        "annotators_per_document": annotators_per_document(schema),
        "license": (schema or {}).get("license", ""),
    }
