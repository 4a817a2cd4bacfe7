"""Validate and normalise a project's label schema (CONTRACT section 2).

Pure: plain data in, plain data out. Every refusal is a
:class:`~annotator.core.errors.SchemaError` whose message names the offending entry
(``span_labels[1] 'SOURCE': ...``), so that a user can fix a file of hundreds of lines without
guessing, and whose ``details`` say the same as data (:mod:`annotator.core.schema_place`), so
that a page puts it at its field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from annotator.core.errors import echoed
from annotator.core.project_settings import STORED_SUGGESTIONS
from annotator.core.schema_keys import Keys, value_keys
from annotator.core.schema_labels import (
    DEFAULT_COLORS,
    FIELD,
    SENTENCE_FIELD,
    label_fields,
    relation_types,
    span_labels,
)
from annotator.core.schema_place import TOP, Place
from annotator.core.schema_problems import Found
from annotator.core.schema_roles import check_roles
from annotator.core.schema_values import no_unknown, optional_bool, optional_int, optional_str

#: A licence is an identifier (``cc-by-4.0``) or a short statement, shown on dataset cards.
LICENSE_MAX = 200

_TOP = {
    "name",
    "guidelines",
    "allow_overlap",
    "annotators_per_document",
    "suggestions",
    "license",
    "train_every",
    "train_on_done",
    "queue_order",
    "span_labels",
    "relation_types",
    "sentence_labels",
    "document_labels",
    "roles",
}


#: The lists of named entries a schema holds: span labels, relation types, and the label
#: fields of sentences and of the whole document.
EntryKind = Literal["span_labels", "relation_types", "sentence_labels", "document_labels"]


def entry_names(schema: Mapping[str, Any], kind: EntryKind) -> list[str]:
    """Return the names of a (validated) schema's entries of ``kind``, in the schema's order."""
    return [entry["name"] for entry in schema.get(kind) or []]


def unused_color(schema: Mapping[str, Any]) -> str:
    """Return the first default colour no span label of ``schema`` has, so that a label added
    without choosing one is told apart from the others (when all are taken, they repeat)."""
    taken = {str(entry.get("color", "")).lower() for entry in schema.get("span_labels") or []}
    free = [color for color in DEFAULT_COLORS if color not in taken]
    return free[0] if free else DEFAULT_COLORS[len(taken) % len(DEFAULT_COLORS)]


def validate_schema(raw: Any) -> dict[str, Any]:
    """Return the schema normalised with its defaults, or raise ``SchemaError``.

    Every problem is found at once, not only the first: the error is the first problem's
    (its message and details), with all of them in :attr:`SchemaError.problems` and the
    others said after the first in its message
    (:func:`~annotator.core.schema_problems.all_at_once`).
    """
    if not isinstance(raw, dict):
        said = "the schema must be a JSON object"
        raise TOP.refusal(said, message=said)
    found = Found()
    with found.each():
        no_unknown(raw, _TOP, TOP)
    schema: dict[str, Any] = {}
    settings: dict[str, Callable[[], Any]] = {
        "name": lambda: optional_str(raw, "name", TOP, default=""),
        "guidelines": lambda: optional_str(raw, "guidelines", TOP, default=""),
        "allow_overlap": lambda: optional_bool(raw, "allow_overlap", TOP, default=True),
        "annotators_per_document": lambda: optional_int(raw, "annotators_per_document", TOP),
        "suggestions": lambda: _one_of(raw, "suggestions", SUGGESTION_MODES, STORED_SUGGESTIONS),
        "train_every": lambda: _train_every(raw),
        "train_on_done": lambda: optional_bool(raw, "train_on_done", TOP, default=False),
        "queue_order": lambda: _one_of(raw, "queue_order", QUEUE_ORDERS, "documents"),
    }
    for setting, read in settings.items():
        with found.each():
            schema[setting] = read()
    with found.each():
        licence = optional_str(raw, "license", TOP, default="").strip()
        if len(licence) > LICENSE_MAX:
            raise TOP.refusal(f"license is longer than {LICENSE_MAX} characters", "license")
        if licence:
            # Kept only when set, so that schemas without one stay as they were.
            schema["license"] = licence
    keys: Keys = {}
    schema["span_labels"] = span_labels(found.list(raw, "span_labels"), keys, found)
    # The names of labels refused for something else (a colour) are still theirs: a relation
    # type naming one is not refused for it too.
    span_names = {e.get("name") for e in found.list(raw, "span_labels") if isinstance(e, dict)}
    schema["relation_types"] = relation_types(found.list(raw, "relation_types"), span_names, found)
    sentence_entries = found.list(raw, "sentence_labels")
    schema["sentence_labels"] = label_fields(
        sentence_entries, "sentence_labels", SENTENCE_FIELD, found
    )
    for field in schema["sentence_labels"]:
        i = field.pop("index")
        entry = sentence_entries[i]
        with found.each():
            field["keys"] = value_keys(entry, field, Place.of("sentence_labels", i, entry), keys)
    schema["document_labels"] = label_fields(
        found.list(raw, "document_labels"), "document_labels", FIELD, found
    )
    for field in schema["document_labels"]:
        field.pop("index", None)
    if "roles" in raw and not found.errors:
        # Kept only when given: without, each role is played by its own name (schema_roles).
        # Checked against a sound schema only: its rules read the entries above.
        with found.each():
            schema["roles"] = check_roles(raw["roles"], schema)
    found.raise_any()
    return schema


#: When annotators see the project's suggestions: always, never (a blind first pass), or only
#: on a document they have marked done (a second pass after an unaided first one).
SUGGESTION_MODES = ("on", "off", "after_done")


#: What a new project made without saying gets (pages, API, command line). A stored schema
#: without the key still reads as ``on``, as it did before the setting existed: only new
#: projects change. After done, because suggestions shown from the start anchor stance and
#: claim judgments, and a project should choose that rather than find it out.
NEW_PROJECT_SUGGESTIONS = "after_done"


#: How each annotator's queue is ordered: by document, or most uncertain for the model first.
QUEUE_ORDERS = ("documents", "uncertainty")


def _one_of(raw: dict[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    """The schema's setting ``key``, one of ``choices``."""
    chosen = optional_str(raw, key, TOP, default=default)
    if chosen not in choices:
        raise TOP.refusal(f"'{key}' must be one of {', '.join(choices)}, got {echoed(chosen)}", key)
    return str(chosen)


def _train_every(raw: dict[str, Any]) -> int:
    """After how many new gold documents the model trains by itself (0: never)."""
    value = raw.get("train_every", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TOP.refusal(
            "'train_every' must be a whole number of gold documents, 0 for never",
            "train_every",
        )
    return value
